//! Both sides compared: people, leavers, roles and shape, named as a diff names them.

use super::*;
use crate::model::Person;

/// Both sides with their matches, and how to name people.
pub(super) struct Compare<'a> {
    pub(super) old: Side<'a>,
    pub(super) new: Side<'a>,
    pub(super) matches: Matches,
    pub(super) redact: bool,
    pub(super) posts: bool,
}

impl Compare<'_> {
    pub(super) fn who_new(&self, i: u32) -> Who {
        who(self.new.person(i), self.redact)
    }

    /// A holder's name, or that it is withheld under `--redact` (the post is still filled).
    pub(super) fn shown_name(&self, name: String) -> String {
        match self.redact {
            true => "(name withheld)".to_owned(),
            false => name,
        }
    }

    pub(super) fn who_old(&self, j: u32) -> Who {
        who(self.old.person(j), self.redact)
    }

    /// An old person's manager in new-chart terms.
    pub(super) fn old_boss(&self, j: u32) -> Boss {
        match self.old.boss(j) {
            Boss::Person(m) => match self.matches.old_to_new[m as usize] {
                Some(i) => Boss::Person(i),
                None => Boss::Left(m),
            },
            other => other,
        }
    }

    pub(super) fn boss_who(&self, boss: &Boss) -> Option<Who> {
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
    pub(super) fn absent(&self, boss: &Boss) -> Option<String> {
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
    pub(super) fn is_team_move(&self, i: u32, j: u32) -> bool {
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
    pub(super) fn people_changes(&self, result: &mut ChartDiff) {
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
    pub(super) fn person_changes(
        &self,
        i: u32,
        j: u32,
        team: Option<String>,
        result: &mut ChartDiff,
    ) {
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
    pub(super) fn leavers(&self, result: &mut ChartDiff) {
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
    pub(super) fn role_changes(&self, options: &CheckOptions, result: &mut ChartDiff) {
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

    pub(super) fn positions(&self, side: &Side, holders: &[u32]) -> Vec<Position> {
        holders
            .iter()
            .map(|&i| position(side.person(i), self.redact))
            .collect()
    }

    /// Layers, span crossings, new and emptied managers (people on both sides, new
    /// top-down order) and every executive role holder's org before and after.
    pub(super) fn shape(&self, options: &CheckOptions) -> Shape {
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
    pub(super) fn executives(&self, options: &CheckOptions) -> Vec<Executive> {
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

pub(super) fn who(person: &Person, redact: bool) -> Who {
    Who {
        id: person.id.to_string(),
        name: if redact {
            None
        } else {
            person.display_name().map(str::to_owned)
        },
    }
}

pub(super) fn position(person: &Person, redact: bool) -> Position {
    Position {
        who: who(person, redact),
        title: person.title.as_ref().map(ToString::to_string),
        vacant: person.vacant,
    }
}
