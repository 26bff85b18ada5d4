//! The rules. One file per rule; each declares its stable name, how its severity is chosen
//! ([`SeverityChoice`]) and the doc comment that `orglint explain` prints, next to its check
//! (as ruff does). `ALL` is the stable rule table, the one registry.
//!
//! A finding is made from its rule's declaration ([`RuleDef::finding`],
//! [`RuleDef::finding_as`]), so a rule's severity is written once; config and rulebook
//! overrides are applied to every finding in one place, `check::check`. Adding a rule: its
//! file with `declare_rule!`, one line in `ALL`, its tests.

use crate::finding::{Finding, Severity};
use crate::graph::OrgGraph;
use crate::model::{Chart, Date, Person};
use crate::rulebook::{RoleIndex, Rulebook};

/// Declares a rule: its doc comment becomes the `explain` text. `severity:` is a fixed
/// severity; `severity_by:` a [`SeverityChoice`] for rules whose severity depends on the
/// rulebook entry or placement the finding is about.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis const $konst:ident = {
            name: $name:literal,
            severity: $severity:expr,
            check: $check:expr $(,)?
        };
    ) => {
        declare_rule! {
            $(#[doc = $doc])+
            $vis const $konst = {
                name: $name,
                severity_by: $crate::rules::SeverityChoice::Fixed($severity),
                check: $check,
            };
        }
    };
    (
        $(#[doc = $doc:literal])+
        $vis:vis const $konst:ident = {
            name: $name:literal,
            severity_by: $choice:expr,
            check: $check:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])+
        $vis const $konst: $crate::rules::RuleDef = $crate::rules::RuleDef {
            name: $name,
            severity: $choice,
            default_severity: $choice.default_severity(),
            doc: concat!($($doc, "\n"),+),
            check: $check,
        };
    };
}

mod chain_depth;
mod duplicate_id;
mod duplicate_role;
mod holdings;
mod incomplete_collaboration;
mod misplaced_department;
mod misplaced_responsibility;
mod missing_role;
mod multiple_roots;
mod overlapping_responsibility;
mod reporting_cycle;
mod reporting_line;
mod role_conflict;
mod self_manager;
mod span_of_control;
mod unknown_manager;
mod unknown_reference;
mod unknown_responsibility;
mod unknown_role;
mod unowned_responsibility;
mod vacant_role;
pub mod waivers;

/// A rule's check: reads the context, pushes findings.
pub type CheckFn = fn(&Context, &mut Vec<Finding>);

/// How a rule's findings get their severity, before config and rulebook overrides (which
/// `check` applies in one place, to every finding).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeverityChoice {
    /// Always this severity.
    Fixed(Severity),
    /// The `required` level of the role the finding is about; `default` is what reports show
    /// as the rule's default (SARIF `defaultConfiguration`).
    PerRole { default: Severity },
    /// The `severity` of the rulebook conflict the finding is about.
    PerConflict { default: Severity },
    /// By where the subject is placed: `wrong` for a placement the rulebook does not allow,
    /// `tolerated` for one it only tolerates.
    PerPlacement {
        wrong: Severity,
        tolerated: Severity,
    },
}

impl SeverityChoice {
    /// The severity reports give as the rule's default.
    pub const fn default_severity(self) -> Severity {
        match self {
            SeverityChoice::Fixed(severity)
            | SeverityChoice::PerRole { default: severity }
            | SeverityChoice::PerConflict { default: severity }
            | SeverityChoice::PerPlacement {
                wrong: severity, ..
            } => severity,
        }
    }

    /// How `rules` and `explain` show the default: a severity, or where it comes from.
    pub fn describe(self) -> String {
        match self {
            SeverityChoice::Fixed(severity) => severity.to_string(),
            SeverityChoice::PerRole { .. } => "per role".to_owned(),
            SeverityChoice::PerConflict { .. } => "per conflict".to_owned(),
            SeverityChoice::PerPlacement { wrong, tolerated } => format!("{wrong}/{tolerated}"),
        }
    }
}

/// The severity of a finding of a rule whose severity is not fixed, as its declaration says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// A `PerRole` or `PerConflict` rule: the level the rulebook entry sets.
    ByRulebook(Severity),
    /// A `PerPlacement` rule: a placement the rulebook does not allow.
    Wrong,
    /// A `PerPlacement` rule: a placement the rulebook only tolerates.
    Tolerated,
}

pub struct RuleDef {
    /// Stable name, used in config, waivers, SARIF and baselines.
    pub name: &'static str,
    /// How its findings get their severity (the only place a rule's severity is written).
    pub severity: SeverityChoice,
    /// `severity.default_severity()`: the severity reports show as the rule's default.
    pub default_severity: Severity,
    /// What the rule checks, why, an example and how to fix or waive it (Markdown).
    pub doc: &'static str,
    /// `None` for rules raised by the engine itself (waiver bookkeeping).
    pub check: Option<CheckFn>,
}

impl RuleDef {
    /// A finding of this rule at its declared severity (a `PerPlacement` rule's `wrong`).
    pub fn finding(&'static self, message: impl Into<String>) -> Finding {
        Finding::new(self.name, self.default_severity, message)
    }

    /// A finding of a rule whose severity is chosen per finding (see [`SeverityChoice`]).
    pub fn finding_as(&'static self, chosen: Chosen, message: impl Into<String>) -> Finding {
        let severity = match (self.severity, chosen) {
            (SeverityChoice::PerPlacement { tolerated, .. }, Chosen::Tolerated) => tolerated,
            (
                SeverityChoice::PerRole { .. } | SeverityChoice::PerConflict { .. },
                Chosen::ByRulebook(severity),
            ) => severity,
            _ => self.default_severity,
        };
        Finding::new(self.name, severity, message)
    }

    /// The explain text with the doc comments' leading space removed.
    pub fn explain(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }

    /// The first sentence of the explain text.
    pub fn summary(&self) -> String {
        let text = self.explain();
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        first.trim().to_owned()
    }
}

/// Every rule, in a stable order: structure, roles, responsibilities, departments, waivers.
pub static ALL: &[&RuleDef] = &[
    &duplicate_id::DUPLICATE_ID,
    &unknown_manager::UNKNOWN_MANAGER,
    &unknown_reference::UNKNOWN_REFERENCE,
    &self_manager::SELF_MANAGER,
    &reporting_cycle::REPORTING_CYCLE,
    &multiple_roots::MULTIPLE_ROOTS,
    &span_of_control::SPAN_OF_CONTROL,
    &chain_depth::CHAIN_DEPTH,
    &missing_role::MISSING_ROLE,
    &vacant_role::VACANT_ROLE,
    &duplicate_role::DUPLICATE_ROLE,
    &role_conflict::ROLE_CONFLICT,
    &reporting_line::REPORTING_LINE,
    &unowned_responsibility::UNOWNED_RESPONSIBILITY,
    &misplaced_responsibility::MISPLACED_RESPONSIBILITY,
    &overlapping_responsibility::OVERLAPPING_RESPONSIBILITY,
    &incomplete_collaboration::INCOMPLETE_COLLABORATION,
    &unknown_responsibility::UNKNOWN_RESPONSIBILITY,
    &unknown_role::UNKNOWN_ROLE,
    &misplaced_department::MISPLACED_DEPARTMENT,
    &waivers::EXPIRED_WAIVER,
    &waivers::UNUSED_WAIVER,
];

/// The rule with this name.
pub fn find(name: &str) -> Option<&'static RuleDef> {
    ALL.iter().copied().find(|r| r.name == name)
}

/// What every rule check can read.
pub struct Context<'a> {
    pub chart: &'a Chart,
    /// Every waiver: the chart's, then the config file's.
    pub waivers: &'a [crate::model::Waiver],
    pub graph: &'a OrgGraph<'a>,
    pub rulebook: &'a Rulebook,
    pub roles: &'a RoleIndex,
    pub today: Date,
    /// Messages name people by id only.
    pub redact: bool,
}

impl<'a> Context<'a> {
    pub fn person(&self, i: u32) -> &'a Person {
        &self.chart.people[i as usize]
    }

    /// How a message names a person: `Name (id)`, or just the id when redacting or unnamed.
    pub fn label(&self, i: u32) -> String {
        let person = self.person(i);
        let id = crate::text::truncate(&person.id, 80);
        match person.display_name() {
            Some(name) if !self.redact => format!("{} ({id})", crate::text::truncate(name, 80)),
            _ if person.vacant => format!("{id} (vacant)"),
            _ => id.into_owned(),
        }
    }

    /// Labels of several people, comma-separated, at most `max` then "and N more".
    pub fn labels(&self, people: &[u32], max: usize) -> String {
        let mut text: Vec<String> = people.iter().take(max).map(|&i| self.label(i)).collect();
        if people.len() > max {
            text.push(format!("and {} more", people.len() - max));
        }
        text.join(", ")
    }

    /// People taking part in the chart (duplicates of an earlier id excluded).
    pub fn active_people(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.chart.people.len() as u32).filter(|&i| self.graph.is_active(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use self_manager::SELF_MANAGER;
    use span_of_control::SPAN_OF_CONTROL;

    #[test]
    fn rule_names_are_unique_kebab_case_and_documented() {
        let mut names = std::collections::HashSet::new();
        for rule in ALL {
            assert!(names.insert(rule.name), "duplicate rule {}", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name
            );
            assert_eq!(rule.default_severity, rule.severity.default_severity());
            let explain = rule.explain();
            for heading in ["## What it checks", "## Why", "## Example", "## How to fix"] {
                assert!(explain.contains(heading), "{} lacks {heading}", rule.name);
            }
        }
    }

    #[test]
    fn findings_take_their_severity_from_the_declaration() {
        let severity = |f: Finding| f.severity;
        assert_eq!(severity(SELF_MANAGER.finding("m")), Severity::Error);
        assert_eq!(severity(SPAN_OF_CONTROL.finding("m")), Severity::Warning);
        let line = &reporting_line::REPORTING_LINE;
        assert_eq!(
            severity(line.finding_as(Chosen::Wrong, "m")),
            Severity::Error
        );
        assert_eq!(
            severity(line.finding_as(Chosen::Tolerated, "m")),
            Severity::Info
        );
        for rule in [&missing_role::MISSING_ROLE, &role_conflict::ROLE_CONFLICT] {
            for level in [Severity::Info, Severity::Error] {
                let finding = rule.finding_as(Chosen::ByRulebook(level), "m");
                assert_eq!((finding.rule, finding.severity), (rule.name, level));
            }
        }
        // A choice the declaration does not make falls back to the declared default.
        assert_eq!(
            severity(SELF_MANAGER.finding_as(Chosen::Tolerated, "m")),
            Severity::Error
        );
        assert_eq!(line.severity.describe(), "error/info");
        assert_eq!(missing_role::MISSING_ROLE.severity.describe(), "per role");
    }
}
