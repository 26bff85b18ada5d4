//! Which rules run and at which severity. Rule names are parsed where they are written (a
//! config's or rulebook's `severity:` map into a [`SeverityMap`], `--select`/`--ignore` into
//! ids) and resolved once into [`RuleLevels`], the one table a check consults (as cargo-deny
//! validates its config into a `ValidConfig`).

use super::RuleId;
use crate::finding::{Finding, Level, Severity};
use crate::rulebook::SeverityMap;

/// How a rule runs in a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    /// Not run: `off`, or left out by `--select` or `--ignore`.
    Off,
    /// Not run unless `--select` names it: an opt-in rule (declared `off` by default) that
    /// no `severity:` setting turns on.
    Dormant,
    /// Run; its findings keep the severity its declaration gives them.
    Declared,
    /// Run; every finding at this severity (a `severity:` setting).
    Set(Severity),
}

/// Per rule, how it runs: resolved once from the rulebook's and the config's `severity:`
/// (the config's wins), then `--select` and `--ignore`, which only switch rules off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleLevels([RuleLevel; RuleId::COUNT]);

impl Default for RuleLevels {
    /// Every rule at its declared severity.
    fn default() -> Self {
        RuleLevels([RuleLevel::Declared; RuleId::COUNT])
    }
}

impl RuleLevels {
    /// Every rule as the config's setting, else the rulebook's, else its declaration says.
    pub fn new(rulebook: &SeverityMap, config: &SeverityMap) -> RuleLevels {
        let mut levels = RuleLevels::default();
        for rule in RuleId::all() {
            levels.0[rule.index()] = match config.get(rule).or(rulebook.get(rule)) {
                Some(Level::Off) => RuleLevel::Off,
                Some(Level::On(severity)) => RuleLevel::Set(severity),
                None if rule.def().severity.is_opt_in() => RuleLevel::Dormant,
                None => RuleLevel::Declared,
            };
        }
        levels
    }

    /// Only these rules run (`--select`); none named leaves every rule as it was. Naming an
    /// opt-in rule turns it on at its declared severity.
    #[must_use]
    pub fn select(mut self, rules: &[RuleId]) -> RuleLevels {
        if !rules.is_empty() {
            for rule in RuleId::all() {
                let level = &mut self.0[rule.index()];
                if !rules.contains(&rule) {
                    *level = RuleLevel::Off;
                } else if *level == RuleLevel::Dormant {
                    *level = RuleLevel::Declared;
                }
            }
        }
        self
    }

    /// These rules do not run (`--ignore`).
    #[must_use]
    pub fn ignore(mut self, rules: &[RuleId]) -> RuleLevels {
        for rule in rules {
            self.0[rule.index()] = RuleLevel::Off;
        }
        self
    }

    /// Only the rules `command` runs (SPEC §10: `check` never runs the `reconcile` rules, nor
    /// `reconcile` the chart's): the others are off, so no report lists them and no waiver of
    /// theirs is judged unused.
    #[must_use]
    pub fn for_command(mut self, command: super::Command) -> RuleLevels {
        for rule in RuleId::all() {
            if !rule.def().command.runs_in(command) {
                self.0[rule.index()] = RuleLevel::Off;
            }
        }
        self
    }

    /// How `rule` runs.
    pub fn of(&self, rule: RuleId) -> RuleLevel {
        self.0[rule.index()]
    }

    /// Whether `rule` runs.
    pub fn runs(&self, rule: RuleId) -> bool {
        !matches!(self.of(rule), RuleLevel::Off | RuleLevel::Dormant)
    }

    /// The severity `rule` runs at (its setting, else its declared default); `None` when it
    /// does not run. Its findings may still choose their own, as per-role rules do.
    pub fn severity(&self, rule: RuleId) -> Option<Severity> {
        match self.of(rule) {
            RuleLevel::Off | RuleLevel::Dormant => None,
            RuleLevel::Declared => Some(rule.def().default_severity),
            RuleLevel::Set(severity) => Some(severity),
        }
    }

    /// Gives a finding its final severity: its rule's `severity:` setting, if it has one,
    /// over the one the rule chose.
    pub fn settle(&self, finding: &mut Finding) {
        if let RuleLevel::Set(severity) = self.of(finding.rule) {
            finding.severity = severity;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_wins_over_the_rulebook_and_the_flags_only_switch_off() {
        let (span, roots, cycle) = (
            RuleId::SPAN_OF_CONTROL,
            RuleId::MULTIPLE_ROOTS,
            RuleId::REPORTING_CYCLE,
        );
        let mut rulebook = SeverityMap::default();
        rulebook.set(span, Level::Off);
        rulebook.set(roots, Level::On(Severity::Info));
        let mut config = SeverityMap::default();
        config.set(span, Level::On(Severity::Error));
        let levels = RuleLevels::new(&rulebook, &config);
        assert_eq!(levels.of(span), RuleLevel::Set(Severity::Error));
        assert_eq!(levels.of(roots), RuleLevel::Set(Severity::Info));
        assert_eq!(levels.of(cycle), RuleLevel::Declared);
        assert_eq!(levels.severity(cycle), Some(Severity::Error));

        let picked = levels.clone().select(&[span, cycle]).ignore(&[cycle]);
        assert_eq!(picked.of(span), RuleLevel::Set(Severity::Error));
        assert!(!picked.runs(roots) && !picked.runs(cycle));
        assert_eq!(picked.severity(cycle), None);
        assert_eq!(levels.clone().select(&[]), levels);
    }

    #[test]
    fn only_a_setting_changes_a_findings_severity() {
        let mut config = SeverityMap::default();
        config.set(RuleId::SELF_MANAGER, Level::On(Severity::Info));
        let levels = RuleLevels::new(&SeverityMap::default(), &config);
        let mut set = RuleId::SELF_MANAGER.def().finding("m");
        let chosen = super::super::Chosen::ByRulebook(Severity::Warning);
        let mut declared = RuleId::MISSING_ROLE.def().finding_as(chosen, "m");
        assert_eq!(set.severity, Severity::Error);
        levels.settle(&mut set);
        levels.settle(&mut declared);
        assert_eq!(
            (set.severity, declared.severity),
            (Severity::Info, Severity::Warning)
        );
    }
}
