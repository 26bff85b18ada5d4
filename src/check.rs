//! The check pipeline: build the graph and role index, run the rules the resolved
//! [`RuleLevels`] switch on, then apply in one place (as cargo-deny does) waivers, severity
//! settings and the baseline, and order the findings.

use crate::finding::{Finding, Summary, Suppression};
use crate::graph::OrgGraph;
use crate::model::{Chart, Date, Waiver};
use crate::rulebook::{RoleIndex, Rulebook};
use crate::rules::{self, Context, RuleLevels, SeverityMap};
use std::collections::HashMap;

/// Everything a check needs besides the chart.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub rulebook: Rulebook,
    /// Which rules run and at which severity: by [`CheckOptions::new`], the rulebook's
    /// `severity:`; the command line adds the config's and `--select`/`--ignore`.
    pub levels: RuleLevels,
    /// Waivers from the config file (the chart's own are in `chart.waivers`).
    pub extra_waivers: Vec<Waiver>,
    /// Fingerprints of findings already known (`--baseline`), each with how many findings
    /// had it: two people under one duplicated id give two findings with one fingerprint, and
    /// a third such finding is new.
    pub baseline: HashMap<String, usize>,
    pub today: Date,
    /// Name people by id only.
    pub redact: bool,
    /// The config's `design:` parameters (the narrow-span and narrow-chain thresholds).
    pub design: crate::stats::design::Design,
}

impl CheckOptions {
    /// Every rule as `rulebook`'s `severity:` says (no config, no selection), no waivers
    /// beyond the chart's, no baseline, today's date.
    pub fn new(rulebook: Rulebook) -> Self {
        CheckOptions {
            levels: RuleLevels::new(&rulebook.severity, &SeverityMap::default()),
            rulebook,
            extra_waivers: Vec::new(),
            baseline: HashMap::new(),
            today: crate::model::today(),
            redact: false,
            design: Default::default(),
        }
    }

    /// The rules this check runs, in `rules::ALL` order (reports list them, e.g. SARIF's
    /// `tool.driver.rules` and JUnit's test cases).
    pub fn rules_run(&self) -> Vec<RuleRun> {
        self.rules_run_where(true)
    }

    /// The rules this check runs on `chart`: [`Self::rules_run`] without the role rules
    /// when nobody in the chart has a title or `roles` (they do not run then, so no report
    /// may list them as passed).
    pub fn rules_run_on(&self, chart: &Chart) -> Vec<RuleRun> {
        self.rules_run_where(rules::unread_titles::has_titles(chart))
    }

    fn rules_run_where(&self, titles: bool) -> Vec<RuleRun> {
        let levels = self.levels.clone().for_command(rules::Command::Check);
        rules::ALL
            .iter()
            .filter(|rule| runs(rule.id, titles))
            .filter_map(|&rule| {
                let severity = levels.severity(rule.id)?;
                Some(RuleRun { rule, severity })
            })
            .collect()
    }
}

/// Whether a rule can run on a chart with (or without) titles: without a single title or
/// `roles` list, role findings would be about nothing the chart says; `unread-titles` says
/// so instead (SPEC §9).
fn runs(rule: rules::RuleId, titles: bool) -> bool {
    titles || !rules::unread_titles::NEED_TITLES.contains(&rule)
}

/// A rule that ran, with the severity it ran at (its findings may still set their own, as
/// per-role rules do).
#[derive(Clone, Copy)]
pub struct RuleRun {
    pub rule: &'static rules::RuleDef,
    pub severity: crate::finding::Severity,
}

/// The result of a check.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Positions in the chart (duplicates of an id not counted).
    pub people: usize,
}

/// Runs every enabled rule on `chart`.
pub fn check(chart: &Chart, options: &CheckOptions) -> Outcome {
    let graph = OrgGraph::build(chart);
    let roles = RoleIndex::build(chart, &graph, &options.rulebook);
    let waivers: Vec<Waiver> = chart
        .waivers
        .iter()
        .chain(&options.extra_waivers)
        .cloned()
        .collect();
    let defs = rules::definitions::Definitions::build(chart, &graph, &options.rulebook, &roles);
    let levels = &options.levels.clone().for_command(rules::Command::Check);
    let ctx = Context {
        chart,
        defs: &defs,
        waivers: &waivers,
        graph: &graph,
        rulebook: &options.rulebook,
        roles: &roles,
        today: options.today,
        redact: options.redact,
        design: &options.design,
        levels,
        spans: std::cell::OnceCell::new(),
        suggestions: rules::SuggestionBudget::default(),
    };
    let mut findings = Vec::new();
    let titles = rules::unread_titles::has_titles(chart);
    let run = |rule: &&&rules::RuleDef| levels.runs(rule.id) && runs(rule.id, titles);
    for rule in rules::ALL.iter().filter(run) {
        if let Some(check) = rule.check {
            check(&ctx, &mut findings);
        }
    }
    settle(
        &mut findings,
        &Settings {
            waivers: &waivers,
            today: options.today,
            levels,
            baseline: &options.baseline,
        },
        sort,
    );
    let people = (0..chart.people.len() as u32)
        .filter(|&i| graph.is_active(i))
        .count();
    Outcome {
        summary: Summary::of(&findings),
        findings,
        people,
    }
}

/// What turns the findings of a run's rules into its result: waivers, `severity:`
/// settings and the baseline. `check` and `reconcile` share it.
pub struct Settings<'a> {
    pub waivers: &'a [Waiver],
    pub today: Date,
    /// Which rules ran (for the command that ran them).
    pub levels: &'a RuleLevels,
    pub baseline: &'a HashMap<String, usize>,
}

/// Applies, in one place, waivers (raising `expired-waiver` and `unused-waiver`), the
/// severity settings and the baseline to `findings`, put in `order` first.
pub fn settle(findings: &mut Vec<Finding>, settings: &Settings, order: fn(&mut [Finding])) {
    let levels = settings.levels;
    let raised = rules::waivers::apply(findings, settings.waivers, settings.today, levels);
    findings.extend(raised.into_iter().filter(|f| levels.runs(f.rule)));
    for finding in findings.iter_mut() {
        levels.settle(finding);
    }
    order(findings);
    // In file order, so that of several findings with one fingerprint the first ones are the
    // known ones.
    if !settings.baseline.is_empty() {
        let mut known = settings.baseline.clone();
        for finding in findings.iter_mut() {
            if finding.suppression.is_some() {
                continue;
            }
            if let Some(left) = known.get_mut(&finding.fingerprint()).filter(|n| **n > 0) {
                *left -= 1;
                finding.suppression = Some(Suppression::Baseline);
            }
        }
    }
}

/// Deterministic order: file, line, rule name, subjects; findings without a place last.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| (f.location.is_none(), f.location.map(|l| (l.file, l.line)));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.rule.name().cmp(b.rule.name()))
            .then_with(|| a.subjects.cmp(&b.subjects))
    });
}
