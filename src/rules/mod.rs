//! The rules. One file per rule; each declares how its severity is chosen
//! ([`SeverityChoice`]) and the doc comment that `orglint explain` prints, next to its check
//! (as ruff does). Its id and stable name are one line of the id table
//! ([`crate::rule_id`], below findings and rulebooks, which name rules too); the registry
//! ([`ALL`]) lists the declarations in the table's order.
//!
//! A finding is made from its rule's declaration ([`RuleDef::finding`],
//! [`RuleDef::finding_as`]), so a rule's severity is written once and a finding names its
//! rule by id; config and rulebook `severity:` settings are resolved once into
//! [`RuleLevels`] and given to every finding in one place, `check::check`. Adding a rule:
//! its id and name in `rule_id.rs`, its file with `declare_rule!`, one line in the registry
//! (`registry.rs`), its tests.

use crate::finding::{Finding, Severity};
use crate::graph::OrgGraph;
use crate::model::{Chart, Date, Person};
use crate::rulebook::{RoleIndex, Rulebook};

/// Declares a rule: its doc comment becomes the `explain` text, its id (and so its name) is
/// the `RuleId` of the constant's name. `severity:` is a fixed severity; `severity_by:` a
/// [`SeverityChoice`] for rules whose severity depends on the rulebook entry or placement the
/// finding is about.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis const $konst:ident = {
            severity: $severity:expr,
            $run:ident: $check:expr $(,)?
        };
    ) => {
        declare_rule! {
            $(#[doc = $doc])+
            $vis const $konst = {
                severity_by: $crate::rules::SeverityChoice::Fixed($severity),
                $run: $check,
            };
        }
    };
    (
        $(#[doc = $doc:literal])+
        $vis:vis const $konst:ident = {
            opt_in: $severity:expr,
            $run:ident: $check:expr $(,)?
        };
    ) => {
        declare_rule! {
            $(#[doc = $doc])+
            $vis const $konst = {
                severity_by: $crate::rules::SeverityChoice::OptIn($severity),
                $run: $check,
            };
        }
    };
    (
        $(#[doc = $doc:literal])+
        $vis:vis const $konst:ident = {
            severity_by: $choice:expr,
            check: $check:expr $(,)?
        };
    ) => {
        declare_rule! {
            $(#[doc = $doc])+
            $vis const $konst = {
                severity_by: $choice,
                command: $crate::rules::Command::Check,
                check: $check,
                reconcile: None,
            };
        }
    };
    (
        $(#[doc = $doc:literal])+
        $vis:vis const $konst:ident = {
            severity_by: $choice:expr,
            reconcile: $reconcile:expr $(,)?
        };
    ) => {
        declare_rule! {
            $(#[doc = $doc])+
            $vis const $konst = {
                severity_by: $choice,
                command: $crate::rules::Command::Reconcile,
                check: None,
                reconcile: Some($reconcile),
            };
        }
    };
    (
        $(#[doc = $doc:literal])+
        $vis:vis const $konst:ident = {
            severity_by: $choice:expr,
            command: $command:expr,
            check: $check:expr,
            reconcile: $reconcile:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])+
        $vis const $konst: $crate::rules::RuleDef = $crate::rules::RuleDef {
            id: $crate::rule_id::RuleId::$konst,
            name: $crate::rule_id::RuleId::$konst.name(),
            severity: $choice,
            default_severity: $choice.default_severity(),
            doc: concat!($($doc, "\n"),+),
            command: $command,
            check: $check,
            reconcile: $reconcile,
        };
    };
}

mod ambiguous_match;
mod chain_depth;
pub mod definitions;
mod department_mismatch;
mod disabled_account;
mod duplicate_id;
mod duplicate_role;
mod incomplete_collaboration;
mod levels;
mod manager_mismatch;
mod misplaced_department;
mod misplaced_responsibility;
mod missing_account;
mod missing_role;
mod multiple_roots;
mod narrow_chain;
mod narrow_span;
mod orphan_account;
mod overlapping_responsibility;
pub mod partial_export;
mod reference_by_name;
mod registry;
mod reporting_cycle;
mod reporting_line;
mod role_conflict;
mod self_manager;
mod span_of_control;
mod stand_in_role;
mod title_mismatch;
mod unknown_manager;
mod unknown_reference;
mod unknown_responsibility;
mod unknown_role;
mod unowned_responsibility;
pub mod unread_titles;
mod vacant_role;
pub mod waivers;

pub use crate::rule_id::RuleId;
pub use crate::rulebook::SeverityMap;
pub use levels::{RuleLevel, RuleLevels};
pub use registry::ALL;

/// A rule's check: reads the context, pushes findings.
pub type CheckFn = fn(&Context, &mut Vec<Finding>);

/// A `reconcile` rule's check: reads the matches of the record against the directory, pushes
/// findings.
pub type ReconcileFn = fn(&crate::reconcile::Context, &mut Vec<Finding>);

/// Which command runs a rule: `check` runs the chart's rules, `reconcile` only the rules of
/// the record against the directory (SPEC §10); waiver bookkeeping runs in both. A rule that
/// a command does not run is off there ([`RuleLevels::for_command`]), so its waivers are
/// never judged unused by that command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Check,
    Reconcile,
    /// Raised by the engine of either command (waivers).
    Every,
}

impl Command {
    /// Whether a rule declared for `self` runs in `command`.
    pub const fn runs_in(self, command: Command) -> bool {
        matches!(
            (self, command),
            (Command::Every, _)
                | (Command::Check, Command::Check)
                | (Command::Reconcile, Command::Reconcile)
        )
    }
}

/// How a rule's findings get their severity, before config and rulebook overrides (which
/// `check` applies in one place, to every finding).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeverityChoice {
    /// Always this severity.
    Fixed(Severity),
    /// Off unless a `severity:` setting or `--select` turns it on; then this severity.
    OptIn(Severity),
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
            | SeverityChoice::OptIn(severity)
            | SeverityChoice::PerRole { default: severity }
            | SeverityChoice::PerConflict { default: severity }
            | SeverityChoice::PerPlacement {
                wrong: severity, ..
            } => severity,
        }
    }

    /// Whether the rule is off unless turned on.
    pub const fn is_opt_in(self) -> bool {
        matches!(self, SeverityChoice::OptIn(_))
    }

    /// How `rules` and `explain` show the default: a severity, or where it comes from.
    pub fn describe(self) -> String {
        match self {
            SeverityChoice::Fixed(severity) => severity.to_string(),
            SeverityChoice::OptIn(severity) => format!("off ({severity} when turned on)"),
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
    /// Its id in the registry.
    pub id: RuleId,
    /// Stable name, used in config, waivers, SARIF and baselines.
    pub name: &'static str,
    /// How its findings get their severity (the only place a rule's severity is written).
    pub severity: SeverityChoice,
    /// `severity.default_severity()`: the severity reports show as the rule's default.
    pub default_severity: Severity,
    /// What the rule checks, why, an example and how to fix or waive it (Markdown).
    pub doc: &'static str,
    /// Which command runs it.
    pub command: Command,
    /// `None` for rules raised by the engine itself (waiver bookkeeping) and `reconcile` rules.
    pub check: Option<CheckFn>,
    /// A `reconcile` rule's check.
    pub reconcile: Option<ReconcileFn>,
}

impl RuleDef {
    /// A finding of this rule at its declared severity (a `PerPlacement` rule's `wrong`).
    pub fn finding(&'static self, message: impl Into<String>) -> Finding {
        Finding::new(self.id, self.default_severity, message)
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
        Finding::new(self.id, severity, message)
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

/// What every rule check can read.
pub struct Context<'a> {
    pub chart: &'a Chart,
    /// Every waiver: the chart's, then the config file's.
    pub waivers: &'a [crate::model::Waiver],
    pub graph: &'a OrgGraph<'a>,
    pub rulebook: &'a Rulebook,
    pub roles: &'a RoleIndex,
    /// Holders, stand-ins, Acc, Org, Owners, Exec, placement: shared by every rule.
    pub defs: &'a definitions::Definitions,
    pub today: Date,
    /// Messages name people by id only.
    pub redact: bool,
    /// The config's `design:` parameters.
    pub design: &'a crate::stats::design::Design,
    /// Which rules run (`narrow-span` leaves out what `narrow-chain` reports).
    pub levels: &'a RuleLevels,
    /// Every position's span, computed on first use ([`Context::spans`]).
    pub spans: std::cell::OnceCell<crate::stats::spans::Spans>,
    /// Did-you-mean suggestions left for this run, so hostile input cannot make them
    /// quadratic.
    pub suggestions: SuggestionBudget,
}

/// How many unknown references of a run get a did-you-mean (SPEC §6: the first 100), how long
/// a value may be, and how many candidates all of them may compare in all: a suggestion
/// compares its value with every person's id and name, so a hundred of them over a
/// million-person chart cost minutes; past this budget the rest go without one.
const SUGGESTIONS: u32 = 100;
const SUGGESTION_MAX_CHARS: usize = 64;
const SUGGESTION_COMPARISONS: u64 = 4_000_000;

/// What is left of a run's did-you-mean budget.
pub struct SuggestionBudget {
    left: std::cell::Cell<u32>,
    comparisons_left: std::cell::Cell<u64>,
}

impl Default for SuggestionBudget {
    fn default() -> Self {
        SuggestionBudget {
            left: std::cell::Cell::new(SUGGESTIONS),
            comparisons_left: std::cell::Cell::new(SUGGESTION_COMPARISONS),
        }
    }
}

impl SuggestionBudget {
    /// Takes one suggestion that compares `value` with `comparisons` candidates, if the
    /// value is short enough to compare and the whole search fits in what is left (a search
    /// cut short could suggest a worse match than the best).
    fn take(&self, value: &str, comparisons: u64) -> bool {
        let (left, comparisons_left) = (self.left.get(), self.comparisons_left.get());
        if left == 0
            || comparisons > comparisons_left
            || value.is_empty()
            || value.chars().count() > SUGGESTION_MAX_CHARS
        {
            return false;
        }
        self.left.set(left - 1);
        self.comparisons_left.set(comparisons_left - comparisons);
        true
    }
}

impl<'a> Context<'a> {
    /// Every position's span (SPEC §5), computed once for the rules that need it.
    pub fn spans(&self) -> &crate::stats::spans::Spans {
        self.spans
            .get_or_init(|| crate::stats::spans::Spans::of(self.chart, self.graph))
    }

    pub fn person(&self, i: u32) -> &'a Person {
        &self.chart.people[i as usize]
    }

    /// Where a finding about someone's manager points: their `reports_to` value (the manager
    /// cell in a CSV), or the person where the source gives the value no position.
    pub fn reports_to_loc(&self, i: u32) -> crate::model::Loc {
        let person = self.person(i);
        match &person.reports_to {
            Some(manager) if manager.loc.line > 0 => manager.loc,
            _ => person.loc,
        }
    }

    /// How a message names a person: `Name (id)`, or just the id when redacting or unnamed.
    pub fn label(&self, i: u32) -> String {
        let person = self.person(i);
        let name = person.display_name().filter(|_| !self.redact);
        if name.is_none() && person.vacant {
            return format!("{} (vacant)", crate::text::truncate(&person.id, 80));
        }
        crate::text::name_and_id(name, &person.id)
    }

    /// Labels of several people, comma-separated, at most `max` then "and N more".
    pub fn labels(&self, people: &[u32], max: usize) -> String {
        let mut text: Vec<String> = people.iter().take(max).map(|&i| self.label(i)).collect();
        if people.len() > max {
            text.push(format!("and {} more", people.len() - max));
        }
        text.join(", ")
    }

    /// Did-you-mean for a person reference that names nobody: the person whose id or name
    /// is closest (as `Name (id)`, just the id under `--redact`), if close enough.
    pub fn suggest_person(&self, value: &str) -> Option<String> {
        // Each person's id and name.
        let comparisons = 2 * self.chart.people.len() as u64;
        if !self.suggestions.take(value, comparisons) {
            return None;
        }
        let wanted_id = value.to_lowercase();
        let wanted_name = crate::text::name_key(value);
        let length = wanted_id.chars().count();
        let limit = (length / 3).max(2);
        let mut best: Option<(usize, u32)> = None;
        let mut consider = |candidate: &str, wanted: &str, i: u32| {
            // The distance is at least the difference in length.
            if candidate.len().abs_diff(wanted.len()) > limit * 4 {
                return;
            }
            if candidate.chars().count().abs_diff(wanted.chars().count()) > limit {
                return;
            }
            let distance = strsim::levenshtein(wanted, candidate);
            if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, i));
            }
        };
        for i in self.active_people() {
            let person = self.person(i);
            consider(&person.id.to_lowercase(), &wanted_id, i);
            if let Some(name) = person.display_name() {
                if name.len().abs_diff(value.len()) <= limit * 4 + 2 {
                    consider(&crate::text::name_key(name), &wanted_name, i);
                }
            }
        }
        best.map(|(_, i)| self.label(i))
    }

    /// Did-you-mean over a list of ids (departments, waiver subjects), within the run's
    /// budget.
    pub fn suggest_among<'s>(
        &self,
        value: &str,
        candidates: impl IntoIterator<Item = &'s str>,
    ) -> Option<&'s str> {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        if !self.suggestions.take(value, candidates.len() as u64) {
            return None;
        }
        crate::text::did_you_mean(value, candidates)
    }

    /// How a message shows a reference value that names nobody: as written, or, under
    /// `--redact`, only when it cannot be a name or email.
    pub fn reference_text(&self, value: &str) -> String {
        self.chart.reference_shown(value, self.redact)
    }

    /// The labels of a reference's candidates (people a name or email matched).
    pub fn candidate_labels(&self, candidates: &[String]) -> String {
        let people: Vec<u32> = candidates
            .iter()
            .filter_map(|id| self.graph.index_of(id))
            .collect();
        self.labels(&people, 10)
    }

    /// Where a finding about the chart as a whole points: line 1 of the first chart file.
    pub fn chart_wide(&self) -> crate::model::Loc {
        crate::model::Loc {
            file: 0,
            line: 1,
            column: 1,
        }
    }

    /// Labels of the people accountable for role `role`'s duties, for messages: who the
    /// duties fall to, or that nobody is accountable.
    pub fn duties_fall_to(&self, role: usize) -> String {
        let def = &self.rulebook.roles[role];
        let acc = self.defs.acc(role);
        match self.defs.acc_role[role] {
            _ if def.responsibilities.is_empty() && acc.is_empty() => String::new(),
            Some(r) if r != role => format!(
                "; its duties fall to {} ({})",
                self.labels(acc, 3),
                self.rulebook.roles[r].id
            ),
            Some(_) => String::new(),
            None => "; nobody is accountable for its duties".to_owned(),
        }
    }

    /// People taking part in the chart (duplicates of an earlier id excluded).
    pub fn active_people(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.chart.people.len() as u32).filter(|&i| self.graph.is_active(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hundred suggestions over a million-person chart would compare a value with two
    /// hundred million ids and names: the budget lets the first few through, whole.
    #[test]
    fn suggestions_stop_when_their_comparisons_would_pass_the_budget() {
        let budget = SuggestionBudget::default();
        let people_750k = 1_500_000;
        assert!(budget.take("ceo-01", people_750k));
        assert!(budget.take("ceo-01", people_750k));
        assert!(!budget.take("ceo-01", people_750k));
        assert!(budget.take("ceo-01", 10), "a smaller search still fits");
        let small = SuggestionBudget::default();
        assert_eq!((0..150).filter(|_| small.take("x", 100)).count(), 100);
        let fresh = SuggestionBudget::default();
        assert!(!fresh.take(&"x".repeat(65), 1) && !fresh.take("", 1));
    }

    /// A rule's severity is written once, in its declaration: rules make findings through
    /// `RULE.finding` or `RULE.finding_as`, never with a severity of their own.
    #[test]
    fn rules_make_findings_only_through_their_declaration() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "mod.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("Finding::new("),
                "{} makes a finding with Finding::new",
                path.display()
            );
        }
    }
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
                assert_eq!((finding.rule, finding.severity), (rule.id, level));
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
