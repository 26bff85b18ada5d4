//! What changed between two versions of a chart: joiners, leavers, moves (solid-line manager
//! changed), title and role changes, and findings new and resolved. Both charts are checked
//! with the same options; findings are matched by fingerprint (rule + subjects), so lines
//! moving around do not count as change.

use crate::check::{check, CheckOptions};
use crate::finding::{FailOn, Finding};
use crate::graph::OrgGraph;
use crate::model::{Chart, Person};
use crate::rulebook::RoleIndex;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A person as a diff names them. `name` is `None` under `--redact`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    pub id: String,
    pub name: Option<String>,
}

/// A joiner or a leaver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub who: Who,
    pub title: Option<String>,
    pub vacant: bool,
}

/// A value that changed for a person present in both charts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change<T> {
    pub who: Who,
    pub from: T,
    pub to: T,
}

/// Roles a person gained and lost (role ids of the rulebook).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleChange {
    pub who: Who,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ChartDiff {
    /// In the new chart only, in its file order.
    pub joiners: Vec<Position>,
    /// In the old chart only, in its file order.
    pub leavers: Vec<Position>,
    /// Solid-line manager ids, old → new (`None` = top of the chart), in the new file order.
    pub moves: Vec<Change<Option<String>>>,
    pub title_changes: Vec<Change<Option<String>>>,
    pub role_changes: Vec<RoleChange>,
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

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.joiners.is_empty()
            && self.leavers.is_empty()
            && self.moves.is_empty()
            && self.title_changes.is_empty()
            && self.role_changes.is_empty()
            && self.new_findings.is_empty()
            && self.resolved_findings.is_empty()
    }
}

/// One side of the comparison: the chart with its role holdings.
struct Side<'a> {
    chart: &'a Chart,
    roles: RoleIndex,
}

impl<'a> Side<'a> {
    fn new(chart: &'a Chart, options: &CheckOptions) -> Side<'a> {
        let graph = OrgGraph::build(chart);
        let roles = RoleIndex::build(chart, &graph, &options.rulebook);
        Side { chart, roles }
    }

    /// Every person in file order, with which occurrence of their id they are (0 for the
    /// first): a duplicated id is several people, and each is compared with the same
    /// occurrence on the other side.
    fn people(&self) -> impl Iterator<Item = ((&'a str, u32), u32, &'a Person)> + '_ {
        let mut seen: HashMap<&'a str, u32> = HashMap::new();
        self.chart.people.iter().enumerate().map(move |(i, p)| {
            let occurrence = seen.entry(p.id.as_str()).or_insert(0);
            let key = (p.id.as_str(), *occurrence);
            *occurrence += 1;
            (key, i as u32, p)
        })
    }

    fn role_ids(&self, i: u32, options: &CheckOptions) -> BTreeSet<String> {
        self.roles
            .person_roles
            .get(i as usize)
            .into_iter()
            .flatten()
            .filter_map(|&r| options.rulebook.roles.get(r as usize))
            .map(|role| role.id.clone())
            .collect()
    }
}

fn who(person: &Person, redact: bool) -> Who {
    Who {
        id: person.id.clone(),
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
        title: person.title.clone(),
        vacant: person.vacant,
    }
}

/// Findings of `a` whose fingerprint is not among `b`'s, counting: when `a` has three
/// findings with one fingerprint and `b` two, the third is not in `b`.
fn findings_not_in(a: &[Finding], b: &[Finding]) -> Vec<Finding> {
    let mut known: HashMap<String, usize> = HashMap::new();
    for finding in b {
        *known.entry(finding.fingerprint()).or_insert(0) += 1;
    }
    a.iter()
        .filter(|f| match known.get_mut(&f.fingerprint()) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// Compares two charts. With `options.redact`, no name is kept.
pub fn diff(old: &Chart, new: &Chart, options: &CheckOptions) -> ChartDiff {
    let redact = options.redact;
    let old_side = Side::new(old, options);
    let new_side = Side::new(new, options);
    let old_by_id: HashMap<(&str, u32), (u32, &Person)> =
        old_side.people().map(|(key, i, p)| (key, (i, p))).collect();
    let new_ids: HashSet<(&str, u32)> = new_side.people().map(|(key, _, _)| key).collect();

    let mut result = ChartDiff {
        old_people: old_by_id.len(),
        new_people: new_ids.len(),
        ..ChartDiff::default()
    };
    for (key, _, person) in old_side.people() {
        if !new_ids.contains(&key) {
            result.leavers.push(position(person, redact));
        }
    }
    for (key, i, person) in new_side.people() {
        let Some(&(old_i, before)) = old_by_id.get(&key) else {
            result.joiners.push(position(person, redact));
            continue;
        };
        let manager = |p: &Person| p.reports_to.as_ref().map(|r| r.id.clone());
        if manager(before) != manager(person) {
            result.moves.push(Change {
                who: who(person, redact),
                from: manager(before),
                to: manager(person),
            });
        }
        if before.title != person.title {
            result.title_changes.push(Change {
                who: who(person, redact),
                from: before.title.clone(),
                to: person.title.clone(),
            });
        }
        let old_roles = old_side.role_ids(old_i, options);
        let new_roles = new_side.role_ids(i, options);
        if old_roles != new_roles {
            result.role_changes.push(RoleChange {
                who: who(person, redact),
                added: new_roles.difference(&old_roles).cloned().collect(),
                removed: old_roles.difference(&new_roles).cloned().collect(),
            });
        }
    }
    let old_outcome = check(old, options);
    let new_outcome = check(new, options);
    result.new_findings = findings_not_in(&new_outcome.findings, &old_outcome.findings);
    result.resolved_findings = findings_not_in(&old_outcome.findings, &new_outcome.findings);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Loc, Ref};
    use crate::rulebook::Rulebook;

    fn person(id: &str, name: &str, title: &str, manager: Option<&str>) -> Person {
        Person {
            name: Some(name.to_owned()),
            title: Some(title.to_owned()),
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
        assert_eq!(d.joiners[0].who.id, "new");
        assert_eq!(d.joiners[0].who.name, None, "redacted");
        assert_eq!(d.leavers[0].who.id, "gone");
        assert_eq!(d.moves.len(), 1);
        assert_eq!(d.moves[0].from.as_deref(), Some("coo"));
        assert_eq!(d.moves[0].to.as_deref(), Some("ceo"));
        assert_eq!(d.title_changes.len(), 1);
        assert_eq!(d.title_changes[0].who.id, "coo");
        assert_eq!(d.role_changes.len(), 1);
        assert_eq!(d.role_changes[0].removed, vec!["COO".to_owned()]);
        assert!(d.role_changes[0].added.is_empty());
    }
}
