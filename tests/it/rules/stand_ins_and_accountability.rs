//! SPEC §4's shared definitions (stand-ins, Acc, Org, placement) as the §5 rules see them:
//! each new condition of the rules that build on them, with exact rule, subjects and
//! severity.

use crate::support::common::*;
use orglint::finding::Severity::{Error, Info, Warning};
use orglint::rulebook::Rulebook;

/// CEO and COO in post; no CIO title.
const CEO_COO: &str = "  - {id: ceo, name: Ada Moreno, title: Chief Executive Officer}
  - {id: coo, name: Ben Okafor, title: Chief Operating Officer, reports_to: ceo}
";

#[test]
fn a_startup_with_a_cto_and_no_coo_passes_with_info_findings_only() {
    let mut people = String::from(
        "  - {id: ceo, name: Ann Hale, title: CEO}
  - {id: cto, name: Raj Patel, title: CTO, reports_to: ceo}
  - {id: sales, name: Cy Doe, title: Head of Sales, reports_to: ceo}
  - {id: cfo, name: Di Roe, title: Finance Director, reports_to: ceo}
",
    );
    for k in 0..26 {
        let boss = ["cto", "sales", "cfo"][k % 3];
        people.push_str(&format!(
            "  - {{id: p{k}, name: Person {k}, title: Engineer, reports_to: {boss}}}\n"
        ));
    }
    let outcome = run_with(&chart(&people), Rulebook::builtin().unwrap());
    assert_eq!(outcome.people, 30);
    assert_eq!((outcome.summary.error, outcome.summary.warning), (0, 0));
    assert_findings(
        &chart(&people),
        vec![
            f("missing-role", &["COO"], Info),
            f("stand-in-role", &["CIO", "cto"], Info),
            f("stand-in-role", &["CFO", "cfo"], Info),
        ],
    );
    let missing = outcome
        .findings
        .iter()
        .find(|x| x.rule.name() == "missing-role")
        .unwrap();
    assert!(
        missing.message.contains("fall to Ann Hale (ceo)"),
        "{}",
        missing.message
    );
}

#[test]
fn head_of_it_by_title_stands_in_for_the_cio_and_takes_its_duties_and_collaborations() {
    let people = format!(
        "{CEO_COO}  - {{id: hit, name: Lee Park, title: 'Acting Head of IT', reports_to: ceo}}
  - {{id: dev, title: Developer, reports_to: hit, owns: [customer-experience]}}
  - {{id: ops, title: Ops Lead, reports_to: coo, owns: [customer-experience]}}
"
    );
    assert_findings(
        &chart(&people),
        vec![f("stand-in-role", &["CIO", "hit"], Info)],
    );
}

#[test]
fn the_head_of_an_it_department_stands_in_by_function() {
    let yaml = format!(
        "version: 1
departments:
  - {{id: tech, name: Engineering Group, function: it}}
people:
{CEO_COO}  - {{id: kim, title: Principal, reports_to: ceo, department: tech}}
  - {{id: jo, title: Engineer, reports_to: kim, department: tech}}
"
    );
    assert_findings(&yaml, vec![f("stand-in-role", &["CIO", "kim"], Info)]);
}

#[test]
fn a_title_beats_a_function_head_at_equal_depth_and_a_tie_means_nobody() {
    let yaml = format!(
        "version: 1
departments:
  - {{id: tech, function: it, head: kim}}
people:
{CEO_COO}  - {{id: kim, title: Principal, reports_to: ceo, department: tech}}
  - {{id: raj, title: CTO, reports_to: ceo}}
"
    );
    // kim's department is then run from outside the stand-in's org, straight under the CEO.
    assert_findings(
        &yaml,
        vec![
            f("stand-in-role", &["CIO", "raj"], Info),
            f("misplaced-department", &["tech", "kim"], Info),
        ],
    );
    let tie = chart(&format!(
        "{CEO_COO}  - {{id: raj, title: CTO, reports_to: ceo}}
  - {{id: una, title: Head of IT, reports_to: ceo}}
"
    ));
    assert_findings(&tie, vec![f("missing-role", &["CIO"], Warning)]);
    // The shallowest wins.
    let deeper = chart(&format!(
        "{CEO_COO}  - {{id: raj, title: CTO, reports_to: ceo}}
  - {{id: una, title: Head of IT, reports_to: raj}}
"
    ));
    assert_findings(&deeper, vec![f("stand-in-role", &["CIO", "raj"], Info)]);
}

#[test]
fn explicit_roles_vacant_and_unreachable_people_never_stand_in() {
    let people = format!(
        "{CEO_COO}  - {{id: raj, title: CTO, reports_to: ceo, roles: []}}
  - {{id: una, title: Head of IT, reports_to: ceo, vacant: true}}
  - {{id: ivo, title: IT Director, reports_to: ghost}}
"
    );
    let found = findings(&chart(&people));
    assert!(
        found.contains(&f("missing-role", &["CIO"], Warning)),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|x| x.rule == "stand-in-role"),
        "{found:?}"
    );
}

#[test]
fn the_single_top_stands_in_for_the_ceo_when_no_title_matches() {
    let people = "  - {id: own, name: Oona Bright, title: Owner}
  - {id: coo, title: COO, reports_to: own}
  - {id: cio, title: CIO, reports_to: own}
  - {id: pa, title: Assistant, assistant: true}
";
    assert_findings(
        &chart(people),
        vec![
            f("stand-in-role", &["CEO", "own"], Info),
            f("multiple-roots", &["own", "pa"], Warning),
        ],
    );
    // A Managing Director at the top is the CEO by title; two plain tops are nobody.
    let titled = "  - {id: md, title: Managing Director}
  - {id: coo, title: COO, reports_to: md}
  - {id: cio, title: CIO, reports_to: md}
";
    assert_findings(
        &chart(titled),
        vec![f("stand-in-role", &["CEO", "md"], Info)],
    );
    let two_tops = "  - {id: a, title: Owner}
  - {id: b, title: Partner}
";
    let found = findings(&chart(two_tops));
    assert!(
        found.contains(&f("missing-role", &["CEO"], Error)),
        "{found:?}"
    );
}

#[test]
fn without_a_coo_the_ceo_runs_operations_so_no_duty_or_collaboration_cascades() {
    let people = "  - {id: ceo, title: CEO}
  - {id: cio, title: CIO, reports_to: ceo}
  - {id: ana, title: Analyst, reports_to: cio, owns: [efficiency-initiatives]}
";
    assert_findings(&chart(people), vec![f("missing-role", &["COO"], Info)]);
}

#[test]
fn a_missing_cio_is_one_finding_not_one_per_duty_or_collaboration() {
    assert_findings(&chart(CEO_COO), vec![f("missing-role", &["CIO"], Warning)]);
}

#[test]
fn a_stand_in_below_a_vacant_post_of_its_role_is_not_line_checked_the_post_is() {
    let people = format!(
        "{CEO_COO}  - {{id: cio-open, title: CIO, vacant: true, reports_to: coo}}
  - {{id: hit, title: Head of IT, reports_to: cio-open}}
"
    );
    assert_findings(
        &chart(&people),
        vec![
            f("vacant-role", &["CIO", "cio-open"], Warning),
            f("stand-in-role", &["CIO", "hit"], Info),
            f("reporting-line", &["cio-open"], Info),
        ],
    );
}

#[test]
fn a_stand_ins_reporting_line_is_info_never_error() {
    let people = format!(
        "{CEO_COO}  - {{id: hs, title: Head of Sales, reports_to: coo}}
  - {{id: cto, title: CTO, reports_to: hs}}
"
    );
    assert_findings(
        &chart(&people),
        vec![
            f("stand-in-role", &["CIO", "cto"], Info),
            f("reporting-line", &["cto"], Info),
        ],
    );
}

#[test]
fn reporting_lines_are_not_checked_when_the_manager_role_is_missing() {
    let rulebook = "roles:
  - {id: BOSS, aliases: [Boss], top: true}
  - {id: LEAD, aliases: [Lead], reports_to: [BOSS]}
";
    let without = chart(
        "  - {id: a, title: Chair}
  - {id: l, title: Lead, reports_to: a}
",
    );
    assert_eq!(
        findings_with(&without, Rulebook::parse(rulebook, "rb.yaml").unwrap()),
        vec![]
    );
    let with = chart(
        "  - {id: b, title: Boss}
  - {id: a, title: Chair, reports_to: b}
  - {id: l, title: Lead, reports_to: a}
",
    );
    assert_eq!(
        findings_with(&with, Rulebook::parse(rulebook, "rb.yaml").unwrap()),
        vec![f("reporting-line", &["l"], Error)]
    );
}

#[test]
fn a_department_headed_straight_under_the_ceo_is_near_info_and_under_another_executive_a_warning() {
    let yaml = |boss: &str| {
        format!(
            "version: 1
departments:
  - {{id: sales, name: Sales, head: hs}}
people:
{CEO_COO}  - {{id: cio, title: CIO, reports_to: ceo}}
  - {{id: hs, title: Head of Sales, reports_to: {boss}, department: sales}}
"
        )
    };
    assert_findings(&yaml("coo"), vec![]);
    assert_findings(
        &yaml("ceo"),
        vec![f("misplaced-department", &["sales", "hs"], Info)],
    );
    assert_findings(
        &yaml("cio"),
        vec![f("misplaced-department", &["sales", "hs"], Warning)],
    );
}

#[test]
fn a_duty_owned_straight_under_the_ceo_is_near_info_and_under_another_executive_a_warning() {
    let people = |boss: &str| {
        chart(&format!(
            "{CEO_COO}  - {{id: cio, title: CIO, reports_to: ceo}}
  - {{id: pm, title: Planner, reports_to: {boss}, owns: [resource-allocation]}}
"
        ))
    };
    assert_findings(&people("coo"), vec![]);
    assert_findings(
        &people("ceo"),
        vec![f("misplaced-responsibility", &["pm"], Info)],
    );
    assert_findings(
        &people("cio"),
        vec![f("misplaced-responsibility", &["pm"], Warning)],
    );
}

#[test]
fn a_rulebook_whose_reports_to_form_a_cycle_is_rejected_naming_it() {
    let text = "roles:
  - {id: A, reports_to: [B]}
  - {id: B, reports_to: [C]}
  - {id: C, reports_to: [A]}
";
    let error = Rulebook::parse(text, "rb.yaml").unwrap_err();
    assert!(error.message.contains("A → B → C → A"), "{}", error.message);
}

#[test]
fn findings_about_the_chart_as_a_whole_point_at_line_1_of_the_first_chart_file() {
    let outcome = run_with(&chart(CEO_COO), Rulebook::builtin().unwrap());
    let missing = &outcome.findings[0];
    assert_eq!(missing.rule.name(), "missing-role");
    let loc = missing.location.unwrap();
    assert_eq!((loc.file, loc.line), (0, 1));
}
