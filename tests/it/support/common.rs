//! Helpers shared by the rulebook test files: check an inline YAML chart and compare the
//! findings as (rule, subjects, severity, waived).

use orglint::check::{check, CheckOptions, Outcome};
use orglint::finding::Severity;
use orglint::model::Date;
use orglint::rulebook::Rulebook;
use std::io::Write;

/// A fixed "today", so that waiver expiry never depends on when the tests run.
pub const TODAY: Date = match Date::from_ymd_opt(2026, 6, 1) {
    Some(date) => date,
    None => panic!("2026-06-01 is a date"),
};

/// One finding, reduced to what the tests assert.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub rule: String,
    pub subjects: Vec<String>,
    pub severity: Severity,
    pub waived: bool,
}

/// `(rule, subjects, severity)` of a finding that is not waived.
pub fn f(rule: &str, subjects: &[&str], severity: Severity) -> Found {
    Found {
        rule: rule.to_owned(),
        subjects: subjects.iter().map(|s| s.to_string()).collect(),
        severity,
        waived: false,
    }
}

/// Writes `text` to a temporary file with the given extension.
pub fn temp_file(text: &str, extension: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(extension)
        .tempfile()
        .unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.flush().unwrap();
    file
}

pub fn run_with(yaml: &str, rulebook: Rulebook) -> Outcome {
    let file = temp_file(yaml, ".yaml");
    let path = file.path().display().to_string();
    let chart = super::load(&[path]);
    let mut options = CheckOptions::new(rulebook);
    options.today = TODAY;
    check(&chart, &options)
}

/// All findings of `yaml` under `rulebook`, sorted.
pub fn findings_with(yaml: &str, rulebook: Rulebook) -> Vec<Found> {
    let mut found: Vec<Found> = run_with(yaml, rulebook)
        .findings
        .iter()
        .map(|x| Found {
            rule: x.rule.name().to_owned(),
            subjects: x.subjects.clone(),
            severity: x.severity,
            waived: x.is_waived(),
        })
        .collect();
    found.sort();
    found
}

/// All findings of `yaml` under the built-in rulebook, sorted.
pub fn findings(yaml: &str) -> Vec<Found> {
    findings_with(yaml, Rulebook::builtin().unwrap())
}

/// Asserts the exact set of findings (order-insensitive).
pub fn assert_findings(yaml: &str, mut expected: Vec<Found>) {
    expected.sort();
    assert_eq!(findings(yaml), expected, "chart:\n{yaml}");
}

/// A chart made of the executive-team lines below `version: 1` / `people:`.
pub fn chart(people: &str) -> String {
    format!("version: 1\npeople:\n{people}")
}

/// CEO, COO and CIO in post, reporting correctly: no findings.
pub const EXECS: &str = "  - {id: ceo, name: Ada Moreno, title: Chief Executive Officer}
  - {id: coo, name: Ben Okafor, title: Chief Operating Officer, reports_to: ceo}
  - {id: cio, name: Chen Wei, title: Chief Information Officer, reports_to: ceo}
";

pub const COLLABORATIONS: [&str; 3] = [
    "efficiency-initiatives",
    "customer-experience",
    "data-driven-decisions",
];
