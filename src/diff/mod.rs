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
use crate::hash::FastMap;
use crate::model::Chart;
use serde::Serialize;
use std::collections::HashMap;

mod compare;
mod matching;
mod side;
#[cfg(test)]
mod tests;

use compare::Compare;
use matching::ids_are_posts;
pub use matching::Matches;
use side::{Boss, Side};

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
