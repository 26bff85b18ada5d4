//! Every structural rule (SPEC §5) on a chart where it fires and one where it must not, with
//! the exact subjects and the line each finding points at.

use orglint::check::{check, CheckOptions};
use orglint::finding::Finding;
use orglint::load::{load_files, LoadOptions};
use orglint::model::{Chart, Person, Ref};
use orglint::rulebook::Rulebook;
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
fn run_rule(chart: &Chart, rule: &str) -> Vec<Finding> {
    run_with(chart, rule, |_| {})
}

fn run_with(chart: &Chart, rule: &str, adjust: impl FnOnce(&mut CheckOptions)) -> Vec<Finding> {
    let mut options = CheckOptions::new(Rulebook::builtin().unwrap());
    options.select = vec![rule.to_owned()];
    adjust(&mut options);
    let findings = check(chart, &options).findings;
    assert!(
        findings.iter().all(|f| f.rule == rule),
        "only {rule} was selected: {findings:?}"
    );
    findings
}

fn rule_on(yaml: &str, rule: &str) -> Vec<Finding> {
    run_rule(&load(&[("chart.yaml", yaml)]), rule)
}

/// (subjects, line) of each finding, in report order.
fn placed(findings: &[Finding]) -> Vec<(Vec<&str>, u32)> {
    findings
        .iter()
        .map(|f| {
            (
                f.subjects.iter().map(String::as_str).collect(),
                f.location.expect("structural findings have a place").line,
            )
        })
        .collect()
}

const CLEAN: &str = "\
version: 1
departments:
  - {id: ops, name: Operations, head: coo}
people:
  - id: ceo
    name: Ada Moreno
  - {id: coo, name: Ben Okafor, reports_to: ceo, department: ops, dotted_lines: [cio]}
  - {id: cio, name: Chen Wei, reports_to: ceo, dotted_lines: [coo]}
  - {id: ea, name: Eve Ash, reports_to: ceo, assistant: true}
waivers:
  - {rule: span-of-control, subject: ceo, reason: flat team}
";

#[test]
fn clean_chart_has_no_structural_findings() {
    let chart = load(&[("chart.yaml", CLEAN)]);
    for rule in [
        "duplicate-id",
        "unknown-manager",
        "unknown-reference",
        "self-manager",
        "reporting-cycle",
        "multiple-roots",
        "span-of-control",
        "chain-depth",
    ] {
        assert_eq!(
            run_rule(&chart, rule).len(),
            0,
            "{rule} fired on a clean chart"
        );
    }
}

// duplicate-id

#[test]
fn duplicate_id_is_located_at_the_second_and_later_entries() {
    let findings = rule_on(
        "people:\n  - id: a\n  - id: b\n    reports_to: a\n  - id: a\n  - {id: a, name: Third}\n",
        "duplicate-id",
    );
    assert_eq!(placed(&findings), [(vec!["a"], 5), (vec!["a"], 6)]);
    assert!(
        findings[0].message.contains(":2"),
        "{}",
        findings[0].message
    );
}

#[test]
fn duplicate_id_across_files_is_located_in_the_second_file() {
    let chart = load(&[
        (
            "one.yaml",
            "people:\n  - id: ceo\n  - {id: x, reports_to: ceo}\n",
        ),
        (
            "two.yaml",
            "people:\n  - {id: y, reports_to: ceo}\n  - {id: x, reports_to: y}\n",
        ),
    ]);
    let findings = run_rule(&chart, "duplicate-id");
    assert_eq!(placed(&findings), [(vec!["x"], 3)]);
    let loc = findings[0].location.unwrap();
    assert!(chart.source_path(loc.file).ends_with("two.yaml"));
    // The merge itself resolved `reports_to: ceo` across files.
    assert!(run_rule(&chart, "unknown-manager").is_empty());
}

#[test]
fn numeric_and_text_ids_are_the_same_id() {
    let findings = rule_on("people:\n  - id: 1001\n  - id: \"1001\"\n", "duplicate-id");
    assert_eq!(placed(&findings), [(vec!["1001"], 3)]);
}

#[test]
fn distinct_ids_are_no_duplicate() {
    assert!(rule_on(
        "people:\n  - id: a\n  - {id: A, reports_to: a}\n  - {id: a1, reports_to: a}\n",
        "duplicate-id"
    )
    .is_empty());
}

// unknown-manager

#[test]
fn unknown_manager_names_the_person_at_their_entry() {
    let findings = rule_on(
        "people:\n  - id: ceo\n  - id: pat\n    name: Pat Lee\n    reports_to: ghost\n",
        "unknown-manager",
    );
    assert_eq!(placed(&findings), [(vec!["pat"], 3)]);
    assert!(findings[0].message.contains("ghost"));
    assert!(
        !findings[0].message.contains("did you mean"),
        "{}",
        findings[0].message
    );
}

#[test]
fn unknown_manager_suggests_an_id_differing_only_in_case() {
    // Real organograms write `DfE-3024` for the post `DFE-3024`; ids stay case-sensitive.
    let findings = rule_on(
        "people:\n  - id: DFE-3024\n  - id: pat\n    reports_to: DfE-3024\n",
        "unknown-manager",
    );
    assert_eq!(placed(&findings), [(vec!["pat"], 3)]);
    assert!(
        findings[0].message.ends_with("(did you mean DFE-3024?)"),
        "{}",
        findings[0].message
    );
}

#[test]
fn a_manager_written_later_or_in_another_file_is_known() {
    let chart = load(&[
        (
            "a.yaml",
            "people:\n  - {id: x, reports_to: boss}\n  - {id: boss, reports_to: ceo}\n",
        ),
        ("b.yaml", "people:\n  - id: ceo\n"),
    ]);
    assert!(run_rule(&chart, "unknown-manager").is_empty());
}

#[test]
fn a_person_under_an_unknown_manager_is_not_a_root() {
    let yaml = "people:\n  - id: ceo\n  - {id: pat, reports_to: ghost}\n";
    assert!(rule_on(yaml, "multiple-roots").is_empty());
    assert_eq!(rule_on(yaml, "unknown-manager").len(), 1);
}

// self-manager

#[test]
fn self_manager_only_not_also_a_cycle_or_a_root() {
    let yaml = "people:\n  - id: ceo\n  - id: kim\n    reports_to: kim\n";
    assert_eq!(placed(&rule_on(yaml, "self-manager")), [(vec!["kim"], 3)]);
    assert!(rule_on(yaml, "reporting-cycle").is_empty());
    assert!(rule_on(yaml, "multiple-roots").is_empty());
    assert!(rule_on(yaml, "unknown-manager").is_empty());
}

#[test]
fn reporting_to_someone_else_is_no_self_manager() {
    assert!(rule_on(
        "people:\n  - id: kim\n  - {id: kimberly, reports_to: kim}\n",
        "self-manager"
    )
    .is_empty());
}

// reporting-cycle

#[test]
fn one_finding_per_cycle_with_members_in_reporting_order() {
    let yaml = "people:
  - id: ceo
  - {id: b, name: Bo, reports_to: c}
  - {id: a, name: Al, reports_to: b}
  - {id: c, name: Cy, reports_to: a}
  - {id: under, reports_to: a}
  - {id: x, reports_to: y}
  - {id: y, reports_to: x}
";
    let findings = rule_on(yaml, "reporting-cycle");
    assert_eq!(
        placed(&findings),
        [(vec!["b", "c", "a"], 3), (vec!["x", "y"], 7)]
    );
    assert!(
        findings[0]
            .message
            .contains("Bo (b) → Cy (c) → Al (a) → Bo (b)"),
        "{}",
        findings[0].message
    );
}

#[test]
fn dotted_lines_do_not_make_a_cycle() {
    let yaml = "people:\n  - {id: a, dotted_lines: [b]}\n  - {id: b, reports_to: a}\n";
    assert!(rule_on(yaml, "reporting-cycle").is_empty());
}

// multiple-roots

#[test]
fn multiple_roots_is_one_finding_listing_every_root_at_the_second() {
    let yaml = "people:\n  - id: ceo\n  - {id: x, reports_to: ceo}\n  - id: aud\n  - id: chair\n";
    assert_eq!(
        placed(&rule_on(yaml, "multiple-roots")),
        [(vec!["ceo", "aud", "chair"], 4)]
    );
}

#[test]
fn one_root_is_fine_and_duplicates_do_not_add_roots() {
    let yaml = "people:\n  - id: ceo\n  - {id: x, reports_to: ceo}\n  - id: x\n";
    assert!(rule_on(yaml, "multiple-roots").is_empty());
}

// span-of-control

fn team(manager_extra: &str, reports: usize, assistants: usize) -> String {
    let mut yaml = format!("people:\n  - id: boss{manager_extra}\n");
    for i in 0..reports {
        yaml.push_str(&format!("  - {{id: r{i}, reports_to: boss}}\n"));
    }
    for i in 0..assistants {
        yaml.push_str(&format!(
            "  - {{id: pa{i}, reports_to: boss, assistant: true}}\n"
        ));
    }
    yaml
}

#[test]
fn span_of_control_fires_above_the_limit() {
    let findings = rule_on(&team("", 16, 0), "span-of-control");
    assert_eq!(placed(&findings), [(vec!["boss"], 2)]);
    assert!(findings[0].message.contains("16 direct reports"));
}

#[test]
fn span_of_control_does_not_count_assistants_or_dotted_lines() {
    let mut yaml = team("", 15, 3);
    yaml.push_str("  - {id: matrix, dotted_lines: [boss]}\n");
    assert!(rule_on(&yaml, "span-of-control").is_empty());
}

// chain-depth

/// ceo, then `depth` people each under the previous; returns the YAML.
fn chain(depth: usize) -> String {
    let mut yaml = String::from("people:\n  - id: p0\n");
    for i in 1..=depth {
        yaml.push_str(&format!("  - {{id: p{i}, reports_to: p{}}}\n", i - 1));
    }
    yaml
}

#[test]
fn chain_depth_fires_once_at_the_entry_point() {
    // The limit is 10: p11 sits 11 below the top (depth counts managers above).
    let findings = rule_on(&chain(13), "chain-depth");
    assert_eq!(placed(&findings), [(vec!["p11"], 13)]);
    assert!(
        findings[0].message.contains("3 people"),
        "{}",
        findings[0].message
    );
}

#[test]
fn chain_depth_at_the_limit_is_fine() {
    assert!(rule_on(&chain(10), "chain-depth").is_empty());
}

#[test]
fn chain_depth_reports_each_entry_point_and_follows_the_rulebook_limit() {
    let yaml = "people:
  - id: top
  - {id: a, reports_to: top}
  - {id: b, reports_to: a}
  - {id: c, reports_to: b}
  - {id: d, reports_to: c}
  - {id: e, reports_to: a}
  - {id: f, reports_to: e}
";
    let chart = load(&[("chart.yaml", yaml)]);
    let findings = run_with(&chart, "chain-depth", |o| o.rulebook.limits.chain_depth = 2);
    assert_eq!(placed(&findings), [(vec!["c"], 5), (vec!["f"], 8)]);
}

// unknown-reference

#[test]
fn unknown_reference_names_the_referrer_at_the_reference() {
    let yaml = "version: 1
departments:
  - {id: ops, head: ghost}
  - id: it
    parent: nowhere
people:
  - id: ceo
    department: sales
  - id: lee
    reports_to: ceo
    dotted_lines: [ceo, sam-o]
waivers:
  - {rule: span-of-control, subject: nobody, reason: test}
  - {rule: span-of-control, subject: COO, reason: a role is a fine subject}
";
    let findings = rule_on(yaml, "unknown-reference");
    assert_eq!(
        placed(&findings),
        [
            (vec!["ops"], 3),
            (vec!["it"], 5),
            (vec!["ceo"], 8),
            (vec!["lee"], 11),
            (vec!["nobody"], 13)
        ]
    );
}

#[test]
fn known_references_are_fine() {
    let chart = load(&[("chart.yaml", CLEAN)]);
    assert!(run_rule(&chart, "unknown-reference").is_empty());
}

// Scale: no recursion that grows with the input.

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
    let depth = run_rule(&chart, "chain-depth");
    assert_eq!(depth.len(), 1);
    assert_eq!(depth[0].subjects, ["p11"]);
    let cycles = run_rule(&chart, "reporting-cycle");
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
        .map(|f| (f.location.unwrap().line, f.rule))
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
    assert!(run_rule(&chart, "duplicate-id").is_empty());
    assert!(run_rule(&chart, "unknown-manager").is_empty());
}
