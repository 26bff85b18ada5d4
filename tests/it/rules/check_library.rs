//! `orglint::check` as a library: no recursion that grows with the input (a 200,000-deep
//! chain and cycle on a test thread's 2 MiB stack), findings ordered by file, line and rule,
//! and ids that look like booleans or numbers kept as written. Each rule's own fixtures are
//! under tests/rules/ (`fixtures.rs`).

use orglint::check::{check, CheckOptions};
use orglint::finding::Finding;
use orglint::load::{load_files, LoadOptions};
use orglint::model::{Chart, Person, Ref};
use orglint::rulebook::Rulebook;
use orglint::rules::RuleId;
use std::path::Path;

/// Writes each `(name, text)` into a fresh folder and loads them in order as one chart.
fn load(files: &[(&str, &str)]) -> Chart {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<String> = files
        .iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path.display().to_string()
        })
        .collect();
    load_files(&paths, &LoadOptions::default()).unwrap()
}

/// Runs only `rule` on the chart and returns its findings.
fn run_rule(chart: &Chart, rule: RuleId) -> Vec<Finding> {
    run_with(chart, rule, |_| {})
}

fn run_with(chart: &Chart, rule: RuleId, adjust: impl FnOnce(&mut CheckOptions)) -> Vec<Finding> {
    let mut options = CheckOptions::new(Rulebook::builtin().unwrap());
    options.levels = options.levels.select(&[rule]);
    adjust(&mut options);
    let findings = check(chart, &options).findings;
    assert!(
        findings.iter().all(|f| f.rule == rule),
        "only {rule} was selected: {findings:?}"
    );
    findings
}

fn person(id: String, manager: Option<String>) -> Person {
    Person {
        reports_to: manager.map(|m| Ref::new(m, Default::default())),
        ..Person::new(id, Default::default())
    }
}

#[test]
fn a_deep_chain_and_a_long_cycle_do_not_overflow_the_stack() {
    // Test threads have a 2 MiB stack: recursion per level would overflow long before.
    let n = 200_000;
    let mut chart = Chart::default();
    chart.people.push(person("p0".into(), None));
    for i in 1..n {
        chart
            .people
            .push(person(format!("p{i}"), Some(format!("p{}", i - 1))));
    }
    for i in 0..n {
        chart
            .people
            .push(person(format!("c{i}"), Some(format!("c{}", (i + 1) % n))));
    }
    let depth = run_rule(&chart, RuleId::CHAIN_DEPTH);
    assert_eq!(depth.len(), 1);
    assert_eq!(depth[0].subjects, ["p11"]);
    let cycles = run_rule(&chart, RuleId::REPORTING_CYCLE);
    assert_eq!(cycles.len(), 1);
    assert_eq!(cycles[0].subjects.len(), n);
    assert_eq!(cycles[0].subjects[..3], ["c0", "c1", "c2"]);
}

#[test]
fn findings_are_ordered_by_file_line_rule() {
    let yaml = "people:\n  - {id: x, reports_to: ghost}\n  - {id: x}\n  - id: r1\n  - id: r2\n";
    let chart = load(&[("chart.yaml", yaml)]);
    let options = CheckOptions::new(Rulebook::builtin().unwrap());
    let lines: Vec<(u32, &str)> = check(&chart, &options)
        .findings
        .iter()
        .filter(|f| f.location.is_some())
        .map(|f| (f.location.unwrap().line, f.rule.name()))
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert!(lines.contains(&(2, "unknown-manager")));
    assert!(lines.contains(&(3, "duplicate-id")));
    assert!(lines.contains(&(5, "multiple-roots")));
    assert!(Path::new(&chart.sources[0].path).ends_with("chart.yaml"));
}

#[test]
fn ids_that_look_like_booleans_or_numbers_keep_their_text() {
    let yaml = "people:\n  - id: y\n  - {id: no, reports_to: y}\n  - {id: 007, reports_to: no}\n  - {id: 7, reports_to: 007}\n";
    let chart = load(&[("chart.yaml", yaml)]);
    let ids: Vec<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["y", "no", "007", "7"]);
    assert!(run_rule(&chart, RuleId::DUPLICATE_ID).is_empty());
    assert!(run_rule(&chart, RuleId::UNKNOWN_MANAGER).is_empty());
}
