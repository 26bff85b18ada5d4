//! What changed between two versions of a chart, said the way people think of it (SPEC §11):
//! joiners, leavers (with where their reports went), moves, whole teams that moved, holder
//! changes of posts, title changes, role changes, reporting-line changes of roles, the shape
//! (layers, spans, head counts under executives) and findings new and resolved.
//!
//! People are matched by id (the n-th person of a duplicated id with the n-th on the other
//! side), then among those left by email, one-to-one. Managers and finding subjects of the
//! old chart are compared after mapping its ids through the matches. Both charts are checked
//! with the same options; findings are matched by fingerprint (rule + subjects).

use crate::check::{check, CheckOptions};
use crate::finding::{FailOn, Finding};
use crate::graph::OrgGraph;
use crate::hash::FastMap;
use crate::model::{Chart, Person};
use crate::rulebook::RoleIndex;
use serde::Serialize;
use std::collections::HashMap;

/// A person as a diff names them. `name` is `None` under `--redact`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Who {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A joiner or a leaver, or a role's holder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    #[serde(flatten)]
    pub who: Who,
    pub title: Option<String>,
    pub vacant: bool,
}

/// A joiner, or a new vacant post: the position and its manager (`None`: top of the chart).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Joiner {
    #[serde(flatten)]
    pub position: Position,
    pub manager: Option<Who>,
    /// Why the manager named is nobody in the new chart ([`Absent`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager_absent: Option<String>,
}

/// Why a manager a person reports to is nobody in the new chart: the reason the source left
/// them out (a disabled account, say), or [`Absent::NOT_IN_CHART`].
pub struct Absent;

impl Absent {
    pub const NOT_IN_CHART: &'static str = "not in the chart";
}

/// A leaver (or a vacant post that was closed) with where each of their direct reports went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Leaver {
    #[serde(flatten)]
    pub position: Position,
    pub reports: Vec<LeaverReport>,
}

/// A leaver's report: their new manager (`None`: top), or that they left too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeaverReport {
    #[serde(flatten)]
    pub who: Who,
    pub left: bool,
    pub manager: Option<Who>,
    /// Why the manager named is nobody in the new chart ([`Absent`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager_absent: Option<String>,
    /// Positions below them in the new chart (their team went with them).
    pub team: usize,
}

/// A value that changed for a person present in both charts. `team` names the team mover
/// whose team the person is inside (listed with `--detail` only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    #[serde(flatten)]
    pub who: Who,
    pub from: T,
    pub to: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// Someone who moved to a new manager (`None`: the top). `team` as [`Change`]'s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    #[serde(flatten)]
    pub who: Who,
    pub from: Option<Who>,
    pub to: Option<Who>,
    /// Why the new manager is nobody in the new chart ([`Absent`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager_absent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// Someone who moved with everyone below them: one change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TeamMove {
    #[serde(flatten)]
    pub who: Who,
    /// Positions below them in the new chart.
    pub size: usize,
    pub from: Option<Who>,
    pub to: Option<Who>,
    /// Why the new manager is nobody in the new chart ([`Absent`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager_absent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// A post kept its id and changed holder (`None`: vacant; the name is withheld under
/// `--redact`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HolderChange {
    pub post: String,
    pub title: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A role's holders before and after (a vacant holder counts as vacant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleChange {
    pub role: String,
    pub from: Vec<Position>,
    pub to: Vec<Position>,
}

/// The roles a role's holders report to, before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineChange {
    pub role: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
}

/// What is below an executive role holder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Headcount {
    /// Layers below the holder.
    pub layers: u32,
    /// Positions strictly below, vacant included.
    pub below: usize,
    /// Filled positions strictly below.
    pub filled: usize,
}

/// An executive role holder's org before and after (`None`: not holding it on that side).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Executive {
    pub role: String,
    #[serde(flatten)]
    pub who: Who,
    pub before: Option<Headcount>,
    pub after: Option<Headcount>,
}

/// The shape of the chart: layers, spans, managers and executives' orgs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Shape {
    /// Layers of the whole chart, before and after.
    pub layers: (u32, u32),
    /// The span limit (SPEC §5).
    pub span_limit: u32,
    /// Managers whose span (direct reports, assistants excluded) crossed the limit.
    pub span_crossings: Vec<Change<usize>>,
    /// People with no reports before and some after.
    pub new_managers: Vec<Who>,
    /// Managers left with nobody.
    pub emptied_managers: Vec<Who>,
    pub executives: Vec<Executive>,
}

#[derive(Clone, Debug, Default)]
pub struct ChartDiff {
    /// People in the new chart only, top-down.
    pub joiners: Vec<Joiner>,
    /// People in the old chart only, top-down.
    pub leavers: Vec<Leaver>,
    /// Vacant posts in the new chart only (a vacancy is a post, not a joiner), top-down.
    pub new_vacancies: Vec<Joiner>,
    /// Vacant posts in the old chart only (closed or filled under a new id), top-down.
    pub closed_vacancies: Vec<Leaver>,
    /// Solid-line manager changed (managers `None` = top), top-down.
    pub moves: Vec<Move>,
    pub team_moves: Vec<TeamMove>,
    pub holder_changes: Vec<HolderChange>,
    pub title_changes: Vec<Change<Option<String>>>,
    pub role_changes: Vec<RoleChange>,
    pub line_changes: Vec<LineChange>,
    pub shape: Shape,
    /// Findings of the new chart whose fingerprint the old chart's findings lack.
    pub new_findings: Vec<Finding>,
    /// Findings of the old chart whose fingerprint the new chart's findings lack.
    pub resolved_findings: Vec<Finding>,
    /// Positions in each chart.
    pub old_people: usize,
    pub new_people: usize,
}

impl ChartDiff {
    /// New findings that count (not waived) at or above `fail_on`.
    pub fn failing(&self, fail_on: FailOn) -> usize {
        self.new_findings
            .iter()
            .filter(|f| f.counts() && fail_on.fails(f.severity))
            .count()
    }

    /// Whether nothing changed (the shape follows from the people).
    pub fn is_empty(&self) -> bool {
        self.joiners.is_empty()
            && self.leavers.is_empty()
            && self.new_vacancies.is_empty()
            && self.closed_vacancies.is_empty()
            && self.moves.is_empty()
            && self.team_moves.is_empty()
            && self.holder_changes.is_empty()
            && self.title_changes.is_empty()
            && self.role_changes.is_empty()
            && self.line_changes.is_empty()
            && self.new_findings.is_empty()
            && self.resolved_findings.is_empty()
    }
}

/// One side of the comparison: the chart, its graph and role holdings, everyone in
/// top-down order (those no root reaches after, in file order) and what is below each.
struct Side<'a> {
    chart: &'a Chart,
    graph: OrgGraph<'a>,
    roles: RoleIndex,
    order: Vec<u32>,
    below: Vec<Headcount>,
}

impl<'a> Side<'a> {
    fn new(chart: &'a Chart, options: &CheckOptions) -> Side<'a> {
        let graph = OrgGraph::build(chart);
        let roles = RoleIndex::build(chart, &graph, &options.rulebook);
        let mut order = graph.top_down.clone();
        let mut placed = vec![false; chart.people.len()];
        for &i in &order {
            placed[i as usize] = true;
        }
        order.extend((0..chart.people.len() as u32).filter(|&i| !placed[i as usize]));
        let below = headcounts(chart, &graph);
        Side {
            chart,
            graph,
            roles,
            order,
            below,
        }
    }

    fn person(&self, i: u32) -> &'a Person {
        &self.chart.people[i as usize]
    }

    /// The person's manager as written, resolved where the chart knows them.
    fn boss(&self, i: u32) -> Boss {
        let Some(manager) = &self.person(i).reports_to else {
            return Boss::Top;
        };
        match self.graph.index_of(&manager.id) {
            Some(m) if m != i => Boss::Person(m),
            _ => Boss::Unknown(manager.id.to_string()),
        }
    }

    /// Direct solid-line reports, assistants excluded (span as in SPEC §5).
    fn span(&self, i: u32) -> usize {
        self.graph
            .reports(i)
            .into_iter()
            .filter(|&r| !self.person(r).assistant)
            .count()
    }

    /// The rulebook roles held by `i`'s manager, as role ids.
    fn manager_roles(&self, i: u32, options: &CheckOptions) -> Vec<String> {
        let Some(m) = self.graph.manager(i) else {
            return Vec::new();
        };
        self.roles.person_roles[m as usize]
            .iter()
            .filter_map(|&r| options.rulebook.roles.get(r as usize))
            .map(|role| role.id.clone())
            .collect()
    }
}

/// Layers and positions (all, filled) below each person, accumulated bottom-up over the
/// top-down order (people no root reaches count nothing below them).
fn headcounts(chart: &Chart, graph: &OrgGraph) -> Vec<Headcount> {
    let mut below = vec![Headcount::default(); chart.people.len()];
    for &i in graph.top_down.iter().rev() {
        let Some(m) = graph.manager(i) else { continue };
        let own = below[i as usize];
        let filled = usize::from(!chart.people[i as usize].vacant);
        let above = &mut below[m as usize];
        above.below += 1 + own.below;
        above.filled += filled + own.filled;
        above.layers = above.layers.max(own.layers + 1);
    }
    below
}

/// A manager as one side names them, in terms both sides share.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Boss {
    Top,
    /// A person of the new chart (an old manager mapped through the matches).
    Person(u32),
    /// An old-chart person with no match: they left.
    Left(u32),
    /// A manager the chart does not hold (or the person themselves).
    Unknown(String),
}

/// Who is who across the two charts: index in one → index in the other. Built on the charts
/// as loaded, before `--redact` replaces ids and drops emails (indexes stay valid after).
pub struct Matches {
    old_to_new: Vec<Option<u32>>,
    new_to_old: Vec<Option<u32>>,
}

impl Matches {
    /// By id (the n-th occurrence of an id with the n-th), then among those left by email,
    /// ignoring case, where the email is unique among the unmatched on both sides.
    pub fn build(old: &Chart, new: &Chart) -> Matches {
        let mut matches = Matches {
            old_to_new: vec![None; old.people.len()],
            new_to_old: vec![None; new.people.len()],
        };
        // Looked up once per person: foldhash, not SipHash.
        let old_by_id: FastMap<(&str, u32), u32> = occurrences(old).collect();
        for (key, i) in occurrences(new) {
            if let Some(&j) = old_by_id.get(&key) {
                matches.pair(j, i);
            }
        }
        let old_emails = unmatched_emails(old, &matches.old_to_new);
        let new_emails = unmatched_emails(new, &matches.new_to_old);
        for (email, &(i, new_count)) in &new_emails {
            if let Some(&(j, 1)) = old_emails.get(email) {
                if new_count == 1 {
                    matches.pair(j, i);
                }
            }
        }
        matches
    }

    fn pair(&mut self, old: u32, new: u32) {
        self.old_to_new[old as usize] = Some(new);
        self.new_to_old[new as usize] = Some(old);
    }
}

/// Each person's (id, occurrence of that id) and index.
fn occurrences(chart: &Chart) -> impl Iterator<Item = ((&str, u32), u32)> {
    let mut seen: FastMap<&str, u32> = FastMap::default();
    chart.people.iter().enumerate().map(move |(i, p)| {
        let occurrence = seen.entry(p.id.as_str()).or_insert(0);
        let key = (p.id.as_str(), *occurrence);
        *occurrence += 1;
        (key, i as u32)
    })
}

/// Emails (lower case) of the people without a match: the last index with each, and how
/// many have it.
fn unmatched_emails(chart: &Chart, matched: &[Option<u32>]) -> HashMap<String, (u32, u32)> {
    let mut emails: HashMap<String, (u32, u32)> = HashMap::new();
    for (i, person) in chart.people.iter().enumerate() {
        let email = person.email.as_deref().map(str::trim).unwrap_or("");
        if matched[i].is_some() || email.is_empty() {
            continue;
        }
        let entry = emails.entry(email.to_lowercase()).or_insert((0, 0));
        *entry = (i as u32, entry.1 + 1);
    }
    emails
}

/// Whether the chart's ids are posts rather than people: an organogram, or a table whose
/// header has a position column and no person id column.
fn ids_are_posts(chart: &Chart) -> bool {
    const POSTS: [&str; 3] = ["positionnumber", "positionid", "postuniquereference"];
    const PEOPLE: [&str; 8] = [
        "id",
        "employeeid",
        "employeenumber",
        "workerid",
        "personid",
        "staffid",
        "userid",
        "employee",
    ];
    chart.sources.iter().any(|source| {
        let header = source.text.lines().next().unwrap_or("");
        let columns: Vec<String> = header
            .split([',', '\t', ';'])
            .map(|c| {
                c.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            })
            .map(|c| c.to_lowercase())
            .collect();
        let has = |names: &[&str]| columns.iter().any(|c| names.contains(&c.as_str()));
        source.organogram || (has(&POSTS) && !has(&PEOPLE))
    })
}

/// Both sides with their matches, and how to name people.
struct Compare<'a> {
    old: Side<'a>,
    new: Side<'a>,
    matches: Matches,
    redact: bool,
    posts: bool,
}

impl Compare<'_> {
    fn who_new(&self, i: u32) -> Who {
        who(self.new.person(i), self.redact)
    }

    /// A holder's name, or that it is withheld under `--redact` (the post is still filled).
    fn shown_name(&self, name: String) -> String {
        match self.redact {
            true => "(name withheld)".to_owned(),
            false => name,
        }
    }

    fn who_old(&self, j: u32) -> Who {
        who(self.old.person(j), self.redact)
    }

    /// An old person's manager in new-chart terms.
    fn old_boss(&self, j: u32) -> Boss {
        match self.old.boss(j) {
            Boss::Person(m) => match self.matches.old_to_new[m as usize] {
                Some(i) => Boss::Person(i),
                None => Boss::Left(m),
            },
            other => other,
        }
    }

    fn boss_who(&self, boss: &Boss) -> Option<Who> {
        match boss {
            Boss::Top => None,
            Boss::Person(i) => Some(self.who_new(*i)),
            Boss::Left(j) => Some(self.who_old(*j)),
            Boss::Unknown(id) => Some(Who {
                id: id.clone(),
                name: None,
            }),
        }
    }

    /// Why a manager of the new chart is nobody in it (`None`: they are someone, or the top).
    fn absent(&self, boss: &Boss) -> Option<String> {
        let Boss::Unknown(id) = boss else {
            return None;
        };
        if self.new.graph.index_of(id).is_some() {
            return None;
        }
        let left_out = self.new.chart.left_out.get(id);
        Some(
            left_out
                .map_or(Absent::NOT_IN_CHART, String::as_str)
                .to_owned(),
        )
    }

    /// A moved person whose old reports that stayed all still report to them: the team
    /// moved with them.
    fn is_team_move(&self, i: u32, j: u32) -> bool {
        let mut kept = 0;
        for r in self.old.graph.reports(j) {
            match self.matches.old_to_new[r as usize] {
                Some(n) if self.new.boss(n) == Boss::Person(i) => kept += 1,
                Some(_) => return false,
                None => {}
            }
        }
        kept > 0
    }

    /// Joiners, moves, team moves, holder and title changes in one top-down pass over the
    /// new chart; `team[i]` is the nearest team mover above `i`.
    fn people_changes(&self, result: &mut ChartDiff) {
        let n = self.new.chart.people.len();
        let mut team: Vec<Option<u32>> = vec![None; n];
        let mut team_mover = vec![false; n];
        for &i in &self.new.order {
            let boss = self.new.boss(i);
            if let Boss::Person(m) = boss {
                team[i as usize] = if team_mover[m as usize] {
                    Some(m)
                } else {
                    team[m as usize]
                };
            }
            let team_id = team[i as usize].map(|t| self.new.person(t).id.to_string());
            let Some(j) = self.matches.new_to_old[i as usize] else {
                let joiner = Joiner {
                    position: position(self.new.person(i), self.redact),
                    manager: self.boss_who(&boss),
                    manager_absent: self.absent(&boss),
                };
                match joiner.position.vacant {
                    true => result.new_vacancies.push(joiner),
                    false => result.joiners.push(joiner),
                }
                continue;
            };
            let old_boss = self.old_boss(j);
            if old_boss != boss && !matches!(old_boss, Boss::Left(_)) {
                if self.is_team_move(i, j) {
                    team_mover[i as usize] = true;
                    result.team_moves.push(TeamMove {
                        who: self.who_new(i),
                        size: self.new.below[i as usize].below,
                        from: self.boss_who(&old_boss),
                        to: self.boss_who(&boss),
                        manager_absent: self.absent(&boss),
                        team: team_id.clone(),
                    });
                } else {
                    let within = |b: &Boss| match (b, team[i as usize]) {
                        (Boss::Person(k), Some(t)) => *k == t || team[*k as usize] == Some(t),
                        _ => false,
                    };
                    result.moves.push(Move {
                        who: self.who_new(i),
                        from: self.boss_who(&old_boss),
                        to: self.boss_who(&boss),
                        manager_absent: self.absent(&boss),
                        team: team_id.clone().filter(|_| within(&old_boss)),
                    });
                }
            }
            self.person_changes(i, j, team_id, result);
        }
    }

    /// Title and holder changes of a person present on both sides.
    fn person_changes(&self, i: u32, j: u32, team: Option<String>, result: &mut ChartDiff) {
        let (before, after) = (self.old.person(j), self.new.person(i));
        let holder = |p: &Person| match p.vacant {
            true => None,
            false => p.display_name().map(str::to_owned),
        };
        let renamed = self.posts && holder(before) != holder(after);
        if before.vacant != after.vacant || renamed {
            result.holder_changes.push(HolderChange {
                post: after.id.to_string(),
                title: after.title.as_ref().map(ToString::to_string),
                from: holder(before).map(|name| self.shown_name(name)),
                to: holder(after).map(|name| self.shown_name(name)),
            });
        }
        if before.title != after.title {
            result.title_changes.push(Change {
                who: self.who_new(i),
                from: before.title.as_ref().map(ToString::to_string),
                to: after.title.as_ref().map(ToString::to_string),
                team,
            });
        }
    }

    /// Leavers (and closed vacant posts) top-down over the old chart, each with where their
    /// reports went.
    fn leavers(&self, result: &mut ChartDiff) {
        for &j in &self.old.order {
            if self.matches.old_to_new[j as usize].is_some() {
                continue;
            }
            let reports = self.old.graph.reports(j).into_iter().map(|r| {
                let Some(i) = self.matches.old_to_new[r as usize] else {
                    return LeaverReport {
                        who: self.who_old(r),
                        left: true,
                        manager: None,
                        manager_absent: None,
                        team: 0,
                    };
                };
                let boss = self.new.boss(i);
                LeaverReport {
                    who: self.who_new(i),
                    left: false,
                    manager: self.boss_who(&boss),
                    manager_absent: self.absent(&boss),
                    team: self.new.below[i as usize].below,
                }
            });
            let leaver = Leaver {
                position: position(self.old.person(j), self.redact),
                reports: reports.collect(),
            };
            match leaver.position.vacant {
                true => result.closed_vacancies.push(leaver),
                false => result.leavers.push(leaver),
            }
        }
    }
}

impl Compare<'_> {
    /// Role changes (holders) and reporting-line changes (the roles the holders' managers
    /// hold), role by role in rulebook order.
    fn role_changes(&self, options: &CheckOptions, result: &mut ChartDiff) {
        for (r, role) in options.rulebook.roles.iter().enumerate() {
            let before = &self.old.roles.holders[r];
            let after = &self.new.roles.holders[r];
            // Holders compared as (who in new-chart terms, vacant, name).
            let key = |side: &Side, i: u32, mapped: Option<u32>| {
                let p = side.person(i);
                (mapped, p.vacant, p.display_name().map(str::to_owned))
            };
            let old_keys = before
                .iter()
                .map(|&j| key(&self.old, j, self.matches.old_to_new[j as usize]));
            let new_keys = after.iter().map(|&i| key(&self.new, i, Some(i)));
            if !old_keys.eq(new_keys) {
                result.role_changes.push(RoleChange {
                    role: role.id.clone(),
                    from: self.positions(&self.old, before),
                    to: self.positions(&self.new, after),
                });
            }
            let lines = |side: &Side, holders: &[u32]| {
                let mut roles: Vec<String> = holders
                    .iter()
                    .flat_map(|&i| side.manager_roles(i, options))
                    .collect();
                roles.sort_unstable();
                roles.dedup();
                roles
            };
            let (from, to) = (lines(&self.old, before), lines(&self.new, after));
            if from != to && !before.is_empty() && !after.is_empty() {
                result.line_changes.push(LineChange {
                    role: role.id.clone(),
                    from,
                    to,
                });
            }
        }
    }

    fn positions(&self, side: &Side, holders: &[u32]) -> Vec<Position> {
        holders
            .iter()
            .map(|&i| position(side.person(i), self.redact))
            .collect()
    }

    /// Layers, span crossings, new and emptied managers (people on both sides, new
    /// top-down order) and every executive role holder's org before and after.
    fn shape(&self, options: &CheckOptions) -> Shape {
        let limit = options.rulebook.limits.span_of_control;
        let layers = |side: &Side| side.graph.depth.iter().flatten().max().map_or(0, |d| d + 1);
        let mut shape = Shape {
            layers: (layers(&self.old), layers(&self.new)),
            span_limit: limit,
            ..Shape::default()
        };
        for &i in &self.new.order {
            let Some(j) = self.matches.new_to_old[i as usize] else {
                continue;
            };
            let (from, to) = (self.old.span(j), self.new.span(i));
            if (from > limit as usize) != (to > limit as usize) {
                shape.span_crossings.push(Change {
                    who: self.who_new(i),
                    from,
                    to,
                    team: None,
                });
            }
            let had = self.old.graph.report_count(j) > 0;
            match (had, self.new.graph.report_count(i) > 0) {
                (false, true) => shape.new_managers.push(self.who_new(i)),
                (true, false) => shape.emptied_managers.push(self.who_new(i)),
                _ => {}
            }
        }
        shape.executives = self.executives(options);
        shape
    }

    /// Each role's holders after (with their org before, when they were there), then its
    /// holders before who no longer hold it.
    fn executives(&self, options: &CheckOptions) -> Vec<Executive> {
        let mut executives = Vec::new();
        for (r, role) in options.rulebook.roles.iter().enumerate() {
            let after = &self.new.roles.holders[r];
            for &i in after {
                let before = self.matches.new_to_old[i as usize];
                executives.push(Executive {
                    role: role.id.clone(),
                    who: self.who_new(i),
                    before: before.map(|j| self.old.below[j as usize]),
                    after: Some(self.new.below[i as usize]),
                });
            }
            for &j in &self.old.roles.holders[r] {
                let now = self.matches.old_to_new[j as usize];
                if now.is_some_and(|i| after.contains(&i)) {
                    continue;
                }
                executives.push(Executive {
                    role: role.id.clone(),
                    who: self.who_old(j),
                    before: Some(self.old.below[j as usize]),
                    after: now.map(|i| self.new.below[i as usize]),
                });
            }
        }
        executives
    }
}

fn who(person: &Person, redact: bool) -> Who {
    Who {
        id: person.id.to_string(),
        name: if redact {
            None
        } else {
            person.display_name().map(str::to_owned)
        },
    }
}

fn position(person: &Person, redact: bool) -> Position {
    Position {
        who: who(person, redact),
        title: person.title.as_ref().map(ToString::to_string),
        vacant: person.vacant,
    }
}

/// Findings of `a` whose fingerprint (`a_prints`, in order) is not among `b_prints`,
/// counting: when `a` has three findings with one fingerprint and `b` two, the third is new.
fn findings_not_in(a: &[Finding], a_prints: &[String], b_prints: &[String]) -> Vec<Finding> {
    let mut known: HashMap<&str, usize> = HashMap::new();
    for print in b_prints {
        *known.entry(print).or_insert(0) += 1;
    }
    a.iter()
        .zip(a_prints)
        .filter(|(_, print)| match known.get_mut(print.as_str()) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        })
        .map(|(f, _)| f.clone())
        .collect()
}

/// Fingerprints of the old chart's findings with their subjects' ids mapped to the ids the
/// same people have in the new chart.
fn mapped_prints(findings: &[Finding], renamed: &HashMap<&str, &str>) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            if !f.subjects.iter().any(|s| renamed.contains_key(s.as_str())) {
                return f.fingerprint();
            }
            let mut mapped = f.clone();
            for subject in &mut mapped.subjects {
                if let Some(id) = renamed.get(subject.as_str()) {
                    *subject = (*id).to_owned();
                }
            }
            mapped.fingerprint()
        })
        .collect()
}

/// Per person of `old`, the person of `new` they are matched with (by id, then email), as
/// [`diff`] matches them.
pub fn matched(old: &Chart, new: &Chart) -> Vec<Option<u32>> {
    Matches::build(old, new).old_to_new
}

/// Compares two charts. With `options.redact`, no name is kept.
pub fn diff(old: &Chart, new: &Chart, options: &CheckOptions) -> ChartDiff {
    diff_matched(old, new, Matches::build(old, new), options)
}

/// Compares two charts whose people were matched already: under `--redact`, on the charts as
/// written, before ids became pseudonyms and emails were dropped.
pub fn diff_matched(
    old: &Chart,
    new: &Chart,
    matches: Matches,
    options: &CheckOptions,
) -> ChartDiff {
    let compare = Compare {
        old: Side::new(old, options),
        new: Side::new(new, options),
        matches,
        redact: options.redact,
        posts: ids_are_posts(old) || ids_are_posts(new),
    };
    let mut result = ChartDiff {
        old_people: old.people.len(),
        new_people: new.people.len(),
        ..ChartDiff::default()
    };
    compare.people_changes(&mut result);
    compare.leavers(&mut result);
    compare.role_changes(options, &mut result);
    result.shape = compare.shape(options);
    let renamed: HashMap<&str, &str> = compare
        .matches
        .old_to_new
        .iter()
        .enumerate()
        .filter_map(|(j, i)| {
            Some((
                old.people[j].id.as_str(),
                new.people[(*i)? as usize].id.as_str(),
            ))
        })
        .filter(|(a, b)| a != b)
        .collect();
    // Each side's graph and role index go before the checks build their own: at 1,000,000
    // people that keeps the peak within twice a `check` of one chart (SPEC §11).
    drop(compare);
    let old_findings = check(old, options).findings;
    let new_findings = check(new, options).findings;
    let old_prints = mapped_prints(&old_findings, &renamed);
    let new_prints: Vec<String> = new_findings.iter().map(Finding::fingerprint).collect();
    result.new_findings = findings_not_in(&new_findings, &new_prints, &old_prints);
    result.resolved_findings = findings_not_in(&old_findings, &old_prints, &new_prints);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Loc, Ref};
    use crate::rulebook::Rulebook;

    fn person(id: &str, name: &str, title: &str, manager: Option<&str>) -> Person {
        Person {
            name: Some(name.into()),
            title: Some(title.into()),
            reports_to: manager.map(|m| Ref::new(m, Loc::default())),
            ..Person::new(id, Loc::default())
        }
    }

    fn chart(people: Vec<Person>) -> Chart {
        let mut chart = Chart::default();
        chart.add_source("chart.yaml", String::new());
        chart.people = people;
        chart
    }

    #[test]
    fn finds_joiners_leavers_moves_and_title_and_role_changes() {
        let old = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            person("coo", "Ben", "Chief Operating Officer", Some("ceo")),
            person("dev", "Cy", "Developer", Some("coo")),
            person("gone", "Di", "Clerk", Some("ceo")),
        ]);
        let new = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            person("coo", "Ben", "Head of Sales", Some("ceo")),
            person("dev", "Cy", "Developer", Some("ceo")),
            person("new", "Ed", "Chief Operating Officer", Some("ceo")),
        ]);
        let mut options = CheckOptions::new(Rulebook::builtin().unwrap());
        options.redact = true;
        let d = diff(&old, &new, &options);
        assert_eq!(d.joiners.len(), 1);
        assert_eq!(d.joiners[0].position.who.id, "new");
        assert_eq!(d.joiners[0].position.who.name, None, "redacted");
        assert_eq!(d.leavers[0].position.who.id, "gone");
        assert_eq!(d.moves.len(), 1);
        let id = |w: &Option<Who>| w.as_ref().map(|w| w.id.clone());
        assert_eq!(id(&d.moves[0].from).as_deref(), Some("coo"));
        assert_eq!(id(&d.moves[0].to).as_deref(), Some("ceo"));
        assert_eq!(d.title_changes.len(), 1);
        assert_eq!(d.title_changes[0].who.id, "coo");
        assert_eq!(d.role_changes.len(), 1);
        assert_eq!(d.role_changes[0].role, "COO");
        assert_eq!(d.role_changes[0].from[0].who.id, "coo");
        assert_eq!(d.role_changes[0].to[0].who.id, "new");
    }

    fn with_email(mut p: Person, email: &str) -> Person {
        p.email = Some(email.into());
        p
    }

    fn options() -> CheckOptions {
        CheckOptions::new(Rulebook::builtin().unwrap())
    }

    #[test]
    fn matches_re_keyed_people_by_email_one_to_one() {
        let old = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            with_email(person("e1", "Bo", "Clerk", Some("ceo")), "Bo@x.example"),
            with_email(person("e2", "Cy", "Clerk", Some("e1")), "cy@x.example"),
            with_email(person("s1", "Di", "Clerk", Some("ceo")), "team@x.example"),
            with_email(person("old", "Ed", "Clerk", Some("ceo")), "ed@x.example"),
        ]);
        let new = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            with_email(person("E1", "Bo", "Clerk", Some("ceo")), "bo@x.example"),
            with_email(person("e2", "Cy", "Clerk", Some("E1")), "cy@x.example"),
            with_email(person("s2", "Di", "Clerk", Some("ceo")), "team@x.example"),
            with_email(person("s3", "Fa", "Clerk", Some("ceo")), "team@x.example"),
            with_email(person("new", "Ed", "Clerk", Some("ceo")), "ed2@x.example"),
        ]);
        let d = diff(&old, &new, &options());
        assert!(
            d.moves.is_empty(),
            "e2's manager is the same person: {:?}",
            d.moves
        );
        let ids = |list: Vec<&Position>| -> Vec<String> {
            list.iter().map(|p| p.who.id.clone()).collect()
        };
        // A shared email matches nobody; id and email both changed: a leaver and a joiner.
        assert_eq!(
            ids(d.leavers.iter().map(|l| &l.position).collect()),
            ["s1", "old"]
        );
        assert_eq!(
            ids(d.joiners.iter().map(|j| &j.position).collect()),
            ["s2", "s3", "new"]
        );
    }

    #[test]
    fn a_team_that_moves_whole_is_one_change() {
        let old = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            person("a", "Al", "Director", Some("ceo")),
            person("b", "Bea", "Director", Some("ceo")),
            person("m", "Mo", "Manager", Some("a")),
            person("r1", "Ro", "Clerk", Some("m")),
            person("r2", "Su", "Clerk", Some("m")),
        ]);
        let mut people = old.people.clone();
        people[3].reports_to = Some(Ref::new("b", Loc::default()));
        people[4].title = Some("Senior Clerk".into());
        let new = chart(people);
        let d = diff(&old, &new, &options());
        assert!(d.moves.is_empty());
        assert_eq!(d.team_moves.len(), 1);
        let team = &d.team_moves[0];
        assert_eq!((team.who.id.as_str(), team.size), ("m", 2));
        assert_eq!(team.from.as_ref().map(|w| w.id.as_str()), Some("a"));
        assert_eq!(team.to.as_ref().map(|w| w.id.as_str()), Some("b"));
        assert_eq!(
            d.title_changes[0].team.as_deref(),
            Some("m"),
            "inside the team"
        );
        assert_eq!(d.shape.new_managers[0].id, "b");
        assert_eq!(d.shape.emptied_managers[0].id, "a");
    }

    #[test]
    fn a_leavers_reports_are_listed_under_them_not_as_moves() {
        let old = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            person("m", "Mo", "Manager", Some("ceo")),
            person("r1", "Ro", "Clerk", Some("m")),
        ]);
        let new = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            person("r1", "Ro", "Clerk", Some("ceo")),
        ]);
        let d = diff(&old, &new, &options());
        assert!(d.moves.is_empty());
        let report = &d.leavers[0].reports[0];
        assert_eq!(report.who.id, "r1");
        assert_eq!(report.manager.as_ref().map(|w| w.id.as_str()), Some("ceo"));
    }

    #[test]
    fn a_post_keeps_its_id_through_holders_and_vacancy() {
        let old = chart(vec![
            person("p0", "Ada", "Chief Executive Officer", None),
            person("p1", "Ana Silva", "Chief Operating Officer", Some("p0")),
            person("p2", "Bo", "Clerk", Some("p0")),
        ]);
        let mut new = chart(vec![
            person("p0", "Ada", "Chief Executive Officer", None),
            Person {
                vacant: true,
                name: None,
                ..person("p1", "", "Chief Operating Officer", Some("p0"))
            },
            person("p2", "Cy", "Clerk", Some("p0")),
        ]);
        new.sources[0].organogram = true;
        let d = diff(&old, &new, &options());
        assert!(d.leavers.is_empty() && d.joiners.is_empty());
        let holders: Vec<_> = d
            .holder_changes
            .iter()
            .map(|h| (h.post.as_str(), h.from.as_deref(), h.to.as_deref()))
            .collect();
        assert_eq!(
            holders,
            [
                ("p1", Some("Ana Silva"), None),
                ("p2", Some("Bo"), Some("Cy"))
            ]
        );
        assert_eq!(d.role_changes[0].role, "COO");
        assert!(d.role_changes[0].to[0].vacant);
    }

    #[test]
    fn a_new_vacant_post_is_no_joiner_and_a_closed_one_no_leaver() {
        let vacant = |id: &str, title: &str| Person {
            vacant: true,
            name: None,
            ..person(id, "", title, Some("ceo"))
        };
        let old = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            vacant("open-1", "Analyst"),
        ]);
        let new = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            vacant("open-2", "Engineer"),
        ]);
        let d = diff(&old, &new, &options());
        assert!(d.joiners.is_empty() && d.leavers.is_empty(), "{d:?}");
        assert_eq!(d.new_vacancies[0].position.who.id, "open-2");
        assert_eq!(d.closed_vacancies[0].position.who.id, "open-1");
        assert!(!d.is_empty());
    }

    #[test]
    fn reports_and_moves_under_a_manager_left_out_of_the_new_chart_say_why() {
        let old = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            person("m", "Mo", "Manager", Some("ceo")),
            person("r1", "Ro", "Clerk", Some("m")),
            person("r2", "Su", "Clerk", Some("m")),
            person("r3", "Uma", "Clerk", Some("ceo")),
            person("t", "Ty", "Lead", Some("ceo")),
            person("t1", "Vi", "Clerk", Some("t")),
        ]);
        // Mo's account is disabled; Uma moves under Mo, Ty and his team under nobody known.
        let mut new = chart(vec![
            person("ceo", "Ada", "Chief Executive Officer", None),
            person("r1", "Ro", "Clerk", Some("m")),
            person("r2", "Su", "Clerk", Some("gone")),
            person("r3", "Uma", "Clerk", Some("m")),
            person("t", "Ty", "Lead", Some("gone")),
            person("t1", "Vi", "Clerk", Some("t")),
        ]);
        let disabled = "a disabled account (Enabled says so)";
        new.left_out.insert("m".to_owned(), disabled.to_owned());
        let d = diff(&old, &new, &options());
        let reports = &d.leavers[0].reports;
        assert_eq!(
            reports[0].manager.as_ref().map(|w| w.id.as_str()),
            Some("m")
        );
        assert_eq!(reports[0].manager_absent.as_deref(), Some(disabled));
        assert_eq!(
            reports[1].manager_absent.as_deref(),
            Some(Absent::NOT_IN_CHART)
        );
        assert_eq!(d.moves[0].who.id, "r3");
        assert_eq!(d.moves[0].manager_absent.as_deref(), Some(disabled));
        assert_eq!(d.team_moves[0].who.id, "t");
        assert_eq!(
            d.team_moves[0].manager_absent.as_deref(),
            Some(Absent::NOT_IN_CHART)
        );
    }
}
