//! The role and duty rules of SPEC §5 under the built-in COO/CIO rulebook of SPEC §4: for
//! every rule a chart where it fires and one where it does not, with exact rule, subjects
//! and severity.

mod common;

use common::*;
use orglint::finding::Severity::{Error, Info, Warning};
use orglint::rulebook::{Rulebook, DEFAULT_RULEBOOK};

// ---- the clean baseline -------------------------------------------------------------------

#[test]
fn ceo_coo_and_cio_in_post_under_the_ceo_have_no_findings() {
    assert_findings(&chart(EXECS), vec![]);
}

#[test]
fn the_examples_acme_chart_is_finding_free() {
    for path in [
        "examples/acme.yaml",
        "examples/acme.json",
        "examples/minimal.yaml",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(findings(&text), vec![], "{path}");
    }
}

/// examples/problems.yaml lists its expected findings in its header comment; the check must
/// give exactly that set (rule, severity and primary subject), no more and no less.
#[test]
fn the_examples_problems_chart_gives_exactly_the_findings_its_header_lists() {
    let text = std::fs::read_to_string("examples/problems.yaml").unwrap();
    let mut expected: Vec<(String, String, String)> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| {
            let words: Vec<&str> = l.trim_start_matches('#').split_whitespace().collect();
            let severity = *words.get(1)?;
            if !["error", "warning", "info"].contains(&severity) {
                return None;
            }
            let primary = words.get(2)?.trim_end_matches(',');
            Some((words[0].to_owned(), severity.to_owned(), primary.to_owned()))
        })
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 14, "the header lists 14 findings");
    let mut actual: Vec<(String, String, String)> = findings(&text)
        .into_iter()
        .map(|x| {
            (
                x.rule,
                x.severity.as_str().to_owned(),
                x.subjects[0].clone(),
            )
        })
        .collect();
    actual.sort();
    assert_eq!(actual, expected);
    // The subjects beyond the primary ones the header names.
    let all = findings(&text);
    for (rule, subjects) in [
        ("vacant-role", vec!["COO", "coo-open"]),
        ("stand-in-role", vec!["COO", "mara"]),
        ("overlapping-responsibility", vec!["jfoster", "pmills"]),
        ("misplaced-department", vec!["analytics", "lgreen"]),
        ("multiple-roots", vec!["olsen", "vshah"]),
    ] {
        assert!(
            all.iter().any(|x| x.rule == rule && x.subjects == subjects),
            "{rule} {subjects:?} in {all:#?}"
        );
    }
}

// ---- missing-role -------------------------------------------------------------------------

#[test]
fn missing_coo_is_one_info_finding_since_the_ceo_then_runs_operations() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("missing-role", &["COO"], Info)]);
}

#[test]
fn missing_cio_is_one_warning_not_one_per_duty() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("missing-role", &["CIO"], Warning)]);
}

#[test]
fn a_founder_at_the_top_stands_in_for_the_ceo_and_the_executives_report_to_them() {
    let people = "  - {id: boss, title: Founder}
  - {id: coo, title: Chief Operating Officer, reports_to: boss}
  - {id: cio, title: Chief Information Officer, reports_to: boss}
";
    assert_findings(
        &chart(people),
        vec![f("stand-in-role", &["CEO", "boss"], Info)],
    );
}

#[test]
fn missing_ceo_is_an_error_and_its_reports_lines_are_not_checked_again() {
    // Two tops: neither stands in for the CEO.
    let people = "  - {id: boss, title: Chair}
  - {id: coo, title: Chief Operating Officer, reports_to: boss}
  - {id: cio, title: Chief Information Officer, reports_to: boss}
  - {id: aud, title: Auditor}
";
    assert_findings(
        &chart(people),
        vec![
            f("missing-role", &["CEO"], Error),
            f("multiple-roots", &["boss", "aud"], Warning),
        ],
    );
}

#[test]
fn the_cfo_is_not_required() {
    // EXECS has no CFO and no findings; a CFO added in post changes nothing either.
    let people = format!("{EXECS}  - {{id: cfo, title: CFO, reports_to: ceo}}\n");
    assert_findings(&chart(&people), vec![]);
}

// ---- vacant-role --------------------------------------------------------------------------

#[test]
fn a_vacant_coo_post_is_vacant_role_with_the_role_then_the_position() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo-open, title: Chief Operating Officer, vacant: true, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(
        &chart(people),
        vec![f("vacant-role", &["COO", "coo-open"], Warning)],
    );
}

#[test]
fn a_vacant_optional_role_is_not_reported() {
    let people =
        format!("{EXECS}  - {{id: cfo-open, title: CFO, vacant: true, reports_to: ceo}}\n");
    assert_findings(&chart(&people), vec![]);
}

#[test]
fn a_vacant_post_beside_a_holder_in_post_is_not_vacant_role_but_two_holders() {
    let people = format!(
        "{EXECS}  - {{id: cio-open, title: Chief Information Officer, vacant: true, reports_to: ceo}}\n"
    );
    assert_findings(
        &chart(&people),
        vec![f("duplicate-role", &["cio", "cio-open"], Warning)],
    );
}

// ---- duplicate-role -----------------------------------------------------------------------

#[test]
fn two_coos_are_duplicate_role_listing_both_holders() {
    let people = format!("{EXECS}  - {{id: coo2, title: COO, reports_to: ceo}}\n");
    assert_findings(
        &chart(&people),
        vec![f("duplicate-role", &["coo", "coo2"], Warning)],
    );
}

#[test]
fn max_holders_in_a_custom_rulebook_allows_co_holders() {
    let rulebook = DEFAULT_RULEBOOK.replacen(
        "    required: warning\n    reports_to: [CEO]\n",
        "    required: warning\n    max_holders: 2\n    reports_to: [CEO]\n",
        1,
    );
    assert_ne!(rulebook, DEFAULT_RULEBOOK);
    let rulebook = Rulebook::parse(&rulebook, "custom.yaml").unwrap();
    let two = format!("{EXECS}  - {{id: coo2, title: COO, reports_to: ceo}}\n");
    assert_eq!(findings_with(&chart(&two), rulebook.clone()), vec![]);
    let three = format!("{two}  - {{id: coo3, title: COO, reports_to: ceo}}\n");
    assert_eq!(
        findings_with(&chart(&three), rulebook),
        vec![f("duplicate-role", &["coo", "coo2", "coo3"], Warning)]
    );
}

// ---- role-conflict ------------------------------------------------------------------------

#[test]
fn one_person_as_coo_and_cio_is_a_role_conflict_warning() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: sam, title: Chief Operating Officer & CIO, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("role-conflict", &["sam"], Warning)]);
}

#[test]
fn explicit_roles_can_hold_the_conflicting_pair_too() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: sam, title: Head of Everything, roles: [COO, CIO], reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("role-conflict", &["sam"], Warning)]);
}

#[test]
fn a_ceo_doubling_as_cfo_is_no_conflict_but_the_cfo_role_still_has_no_manager() {
    // SPEC §5: a non-top role (the CFO) whose holder has no manager is a reporting-line
    // error, even when that holder is also the CEO.
    let people = "  - {id: ceo, title: CEO and CFO}
  - {id: coo, title: COO, reports_to: ceo}
  - {id: cio, title: CIO, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("reporting-line", &["ceo"], Error)]);
}

#[test]
fn a_conflict_takes_its_severity_from_the_rulebook() {
    let rulebook = DEFAULT_RULEBOOK.replacen("    severity: warning\n", "    severity: error\n", 1);
    let rulebook = Rulebook::parse(&rulebook, "custom.yaml").unwrap();
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: sam, title: COO / CIO, reports_to: ceo}
";
    assert_eq!(
        findings_with(&chart(people), rulebook),
        vec![f("role-conflict", &["sam"], Error)]
    );
}

// ---- reporting-line -----------------------------------------------------------------------

#[test]
fn coo_under_the_cfo_is_a_reporting_line_error() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: cfo, title: Chief Financial Officer, reports_to: ceo}
  - {id: coo, title: Chief Operating Officer, reports_to: cfo}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("reporting-line", &["coo"], Error)]);
}

#[test]
fn cio_under_the_cfo_is_fine() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: cfo, title: Chief Financial Officer, reports_to: ceo}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: cfo}
";
    assert_findings(&chart(people), vec![]);
}

#[test]
fn cio_under_the_coo_is_info_only() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: coo}
";
    assert_findings(&chart(people), vec![f("reporting-line", &["cio"], Info)]);
}

#[test]
fn cio_under_a_manager_with_no_role_is_an_error() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo}
  - {id: vp, title: VP Technology, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: vp}
";
    assert_findings(&chart(people), vec![f("reporting-line", &["cio"], Error)]);
}

#[test]
fn a_non_top_role_with_no_manager_is_an_error() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(
        &chart(people),
        vec![
            f("reporting-line", &["coo"], Error),
            f("multiple-roots", &["ceo", "coo"], Warning),
        ],
    );
}

#[test]
fn a_top_role_may_have_a_manager_since_its_reports_to_is_empty() {
    let people = "  - {id: chair, title: Chair of the Board}
  - {id: ceo, title: Chief Executive Officer, reports_to: chair}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(&chart(people), vec![]);
}

#[test]
fn a_vacant_manager_still_carries_its_role_for_reporting_lines() {
    let people = "  - {id: ceo-open, title: Chief Executive Officer, vacant: true}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo-open}
  - {id: cio, title: Chief Information Officer, reports_to: ceo-open}
";
    assert_findings(
        &chart(people),
        vec![f("vacant-role", &["CEO", "ceo-open"], Warning)],
    );
}

#[test]
fn an_unknown_manager_is_left_to_unknown_manager() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: nobody}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("unknown-manager", &["coo"], Error)]);
}

#[test]
fn dotted_lines_do_not_satisfy_a_reporting_line() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: cfo, title: CFO, reports_to: ceo}
  - {id: coo, title: Chief Operating Officer, reports_to: cfo, dotted_lines: [ceo]}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("reporting-line", &["coo"], Error)]);
}

#[test]
fn a_custom_rulebook_can_move_the_cio_under_the_coo() {
    let custom = DEFAULT_RULEBOOK.replacen(
        "    reports_to: [CEO, CFO]\n    tolerated_reports_to: [COO]\n",
        "    reports_to: [COO]\n",
        1,
    );
    assert_ne!(custom, DEFAULT_RULEBOOK);
    let rulebook = Rulebook::parse(&custom, "custom.yaml").unwrap();
    let under_coo = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: coo}
";
    assert_eq!(findings_with(&chart(under_coo), rulebook.clone()), vec![]);
    // Under the built-in rulebook the same chart is the tolerated (info) line...
    assert_eq!(
        findings(&chart(under_coo)),
        vec![f("reporting-line", &["cio"], Info)]
    );
    // ...and under the custom one the built-in's preferred line is now an error.
    assert_eq!(
        findings_with(&chart(EXECS), rulebook),
        vec![f("reporting-line", &["cio"], Error)]
    );
}

// ---- title matching (SPEC §4) -------------------------------------------------------------

#[test]
fn evp_chief_operating_officer_and_interim_cio_hold_their_roles() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: sam, title: 'EVP, Chief Operating Officer', reports_to: ceo}
  - {id: lee, title: Interim CIO, reports_to: ceo}
";
    assert_findings(&chart(people), vec![]);
    let people = "  - {id: ceo, title: chief   executive OFFICER}
  - {id: sam, title: Acting COO, reports_to: ceo}
  - {id: lee, title: Chief Information Officer and Head of Data, reports_to: ceo}
";
    assert_findings(&chart(people), vec![]);
}

#[test]
fn assistant_to_the_coo_and_deputy_coo_do_not_hold_the_role() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: ann, title: Assistant to the COO, reports_to: ceo}
  - {id: dep, title: Deputy COO, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("missing-role", &["COO"], Info)]);
}

#[test]
fn explicit_roles_replace_title_matching() {
    // The title says COO, but the explicit roles say CIO only.
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: sam, title: Chief Operating Officer, roles: [cio], reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("missing-role", &["COO"], Info)]);
}

// ---- unowned-responsibility ---------------------------------------------------------------

#[test]
fn with_the_coo_post_vacant_its_director_of_operations_stands_in_and_nothing_cascades() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo-open, title: COO, vacant: true, reports_to: ceo}
  - {id: cio, title: CIO, reports_to: ceo}
  - {id: mara, title: Director of Operations, reports_to: coo-open,
     owns: [operational-management, process-optimization, performance-monitoring,
            resource-allocation, efficiency-initiatives, customer-experience,
            data-driven-decisions]}
";
    assert_findings(
        &chart(people),
        vec![
            f("vacant-role", &["COO", "coo-open"], Warning),
            f("stand-in-role", &["COO", "mara"], Info),
            // Owned from the COO's org only: the CIO side is missing.
            f(
                "incomplete-collaboration",
                &["efficiency-initiatives", "CIO"],
                Warning,
            ),
            f(
                "incomplete-collaboration",
                &["customer-experience", "CIO"],
                Warning,
            ),
            f(
                "incomplete-collaboration",
                &["data-driven-decisions", "CIO"],
                Warning,
            ),
        ],
    );
}

#[test]
fn a_role_in_post_covers_its_unowned_duties() {
    // EXECS: nobody owns anything, and nothing is unowned.
    let found = findings(&chart(EXECS));
    assert!(found.iter().all(|x| x.rule != "unowned-responsibility"));
}

// ---- misplaced-responsibility -------------------------------------------------------------

#[test]
fn a_cio_duty_owned_only_from_the_cfo_org_is_misplaced_but_near_since_the_cio_may_report_to_the_cfo(
) {
    let people = format!(
        "{EXECS}  - {{id: cfo, title: CFO, reports_to: ceo}}
  - {{id: ana, title: Finance Systems Lead, reports_to: cfo, owns: [it-strategy]}}
"
    );
    assert_findings(
        &chart(&people),
        vec![f("misplaced-responsibility", &["ana"], Info)],
    );
}

#[test]
fn a_cio_duty_owned_only_from_the_coo_org_is_misplaced_elsewhere() {
    let people = format!(
        "{EXECS}  - {{id: ana, title: Ops Systems Lead, reports_to: coo, owns: [it-strategy]}}
"
    );
    assert_findings(
        &chart(&people),
        vec![f("misplaced-responsibility", &["ana"], Warning)],
    );
}

#[test]
fn a_cio_duty_owned_inside_the_cio_org_is_not_misplaced() {
    let people = format!(
        "{EXECS}  - {{id: dir, title: Director of IT, reports_to: cio}}
  - {{id: ana, title: IT Strategy Lead, reports_to: dir, owns: [it-strategy]}}
"
    );
    assert_findings(&chart(&people), vec![]);
}

#[test]
fn the_role_holder_owning_their_own_duty_is_inside_their_org() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo, owns: [strategic-execution]}
  - {id: cio, title: Chief Information Officer, reports_to: ceo, owns: [it-strategy]}
";
    assert_findings(&chart(people), vec![]);
}

#[test]
fn a_duty_owned_outside_while_the_role_is_only_vacant_is_not_misplaced() {
    // No holder in post: misplaced-responsibility needs one; vacant-role says the rest.
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo,
     owns: [it-strategy, technology-management, digital-transformation, innovation,
            vendor-management, risk-management, efficiency-initiatives,
            customer-experience, data-driven-decisions]}
  - {id: cio-open, title: Chief Information Officer, vacant: true, reports_to: ceo}
";
    // The vacancy is reported once: not again per collaboration lacking the CIO.
    assert_findings(
        &chart(people),
        vec![f("vacant-role", &["CIO", "cio-open"], Warning)],
    );
}

// ---- overlapping-responsibility -----------------------------------------------------------

#[test]
fn two_owners_of_vendor_management_overlap() {
    let people = format!(
        "{EXECS}  - {{id: jo, title: IT Infrastructure Manager, reports_to: cio, owns: [vendor-management]}}
  - {{id: pm, title: Procurement Lead, reports_to: jo, owns: [vendor-management, vendor-management]}}
"
    );
    assert_findings(
        &chart(&people),
        vec![f("overlapping-responsibility", &["jo", "pm"], Warning)],
    );
}

#[test]
fn two_owners_of_a_collaboration_are_no_overlap() {
    let people = format!(
        "{EXECS}  - {{id: teresa, title: Head of Customer Service, reports_to: coo, owns: [customer-experience]}}
  - {{id: jo, title: Head of Digital Channels, reports_to: cio, owns: [customer-experience]}}
"
    );
    assert_findings(&chart(&people), vec![]);
}

// ---- incomplete-collaboration -------------------------------------------------------------

#[test]
fn a_collaboration_owned_only_from_the_coo_org_lacks_the_cio() {
    let people = format!(
        "{EXECS}  - {{id: teresa, title: Head of Customer Service, reports_to: coo, owns: [customer-experience]}}
"
    );
    assert_findings(
        &chart(&people),
        vec![f(
            "incomplete-collaboration",
            &["customer-experience", "CIO"],
            Warning,
        )],
    );
}

#[test]
fn a_collaboration_owned_from_outside_both_orgs_lacks_both_roles() {
    let people = format!(
        "{EXECS}  - {{id: cfo, title: CFO, reports_to: ceo, owns: [data-driven-decisions]}}
"
    );
    assert_findings(
        &chart(&people),
        vec![f(
            "incomplete-collaboration",
            &["data-driven-decisions", "COO", "CIO"],
            Warning,
        )],
    );
}

#[test]
fn a_cio_under_the_coo_puts_one_owner_in_both_orgs() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: coo, title: Chief Operating Officer, reports_to: ceo}
  - {id: cio, title: Chief Information Officer, reports_to: coo}
  - {id: dev, title: Data Lead, reports_to: cio, owns: [data-driven-decisions]}
";
    assert_findings(&chart(people), vec![f("reporting-line", &["cio"], Info)]);
}

// ---- unknown-responsibility / unknown-role ------------------------------------------------

#[test]
fn a_misspelt_duty_is_unknown_with_a_did_you_mean() {
    let people =
        format!("{EXECS}  - {{id: raj, title: IT Lead, reports_to: cio, owns: [it-stratgy]}}\n");
    let outcome = run_with(&chart(&people), Rulebook::builtin().unwrap());
    assert_eq!(outcome.findings.len(), 1, "{:?}", outcome.findings);
    let finding = &outcome.findings[0];
    assert_eq!(finding.rule, "unknown-responsibility");
    assert_eq!(finding.subjects, vec!["raj"]);
    assert_eq!(finding.severity, Warning);
    assert!(
        finding.message.contains("did you mean it-strategy?"),
        "{}",
        finding.message
    );
    // Placed at the entry itself (line 6 of the chart: the raj line).
    assert_eq!(finding.location.map(|l| l.line), Some(6));
}

#[test]
fn a_known_duty_is_not_unknown() {
    let people =
        format!("{EXECS}  - {{id: raj, title: IT Lead, reports_to: cio, owns: [it-strategy]}}\n");
    assert_findings(&chart(&people), vec![]);
}

#[test]
fn a_misspelt_explicit_role_is_unknown_with_a_did_you_mean() {
    let people = format!(
        "{EXECS}  - {{id: xan, title: Head of Technology, roles: [CIOO], reports_to: cio}}
  - {{id: yan, title: Head of Operations, roles: [Chief Operating Officer], reports_to: coo}}
"
    );
    let outcome = run_with(&chart(&people), Rulebook::builtin().unwrap());
    let found: Vec<(&str, &[String], &str)> = outcome
        .findings
        .iter()
        .map(|x| (x.rule, x.subjects.as_slice(), x.message.as_str()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(rule, _, _)| *rule == "unknown-role"));
    assert_eq!(found[0].1, ["xan"]);
    assert!(found[0].2.contains("did you mean CIO?"), "{}", found[0].2);
    // An alias written as a role id points at the role it is an alias of.
    assert_eq!(found[1].1, ["yan"]);
    assert!(found[1].2.contains("did you mean COO?"), "{}", found[1].2);
    assert!(outcome.findings.iter().all(|x| x.severity == Warning));
}

#[test]
fn explicit_role_ids_are_case_insensitive_and_known() {
    let people = "  - {id: ceo, title: Founder, roles: [ceo]}
  - {id: coo, title: Head of Ops, roles: [Coo], reports_to: ceo}
  - {id: cio, title: Head of IT, roles: [CIO], reports_to: ceo}
";
    assert_findings(&chart(people), vec![]);
}

// ---- misplaced-department -----------------------------------------------------------------

const WITH_CFO: &str = "  - {id: cfo, title: CFO, reports_to: ceo}\n";

fn departments_chart(departments: &str, people: &str) -> String {
    format!("version: 1\ndepartments:\n{departments}people:\n{EXECS}{WITH_CFO}{people}")
}

#[test]
fn a_data_department_headed_from_finance_is_misplaced_but_near_and_from_operations_elsewhere() {
    // The CIO may report to the CFO: a head under the CFO is near the CIO's org (info).
    let yaml = departments_chart(
        "  - {id: analytics, name: Analytics, function: data, head: lgreen}\n",
        "  - {id: lgreen, title: Finance Analyst, reports_to: cfo, department: analytics}\n",
    );
    assert_findings(
        &yaml,
        vec![f("misplaced-department", &["analytics", "lgreen"], Info)],
    );
    let yaml = departments_chart(
        "  - {id: analytics, name: Analytics, function: data, head: lgreen}\n",
        "  - {id: lgreen, title: Ops Analyst, reports_to: coo, department: analytics}\n",
    );
    assert_findings(
        &yaml,
        vec![f("misplaced-department", &["analytics", "lgreen"], Warning)],
    );
}

#[test]
fn a_data_department_headed_from_the_cio_org_is_fine() {
    let yaml = departments_chart(
        "  - {id: analytics, name: Analytics, function: data, head: maya}\n",
        "  - {id: maya, title: Head of Data, reports_to: cio, department: analytics}\n",
    );
    assert_findings(&yaml, vec![]);
}

#[test]
fn without_a_declared_head_the_highest_member_heads_the_department() {
    // No head and no function: the name "Information Technology" means `it` (CIO). Its
    // highest members are tom and una (both at depth 2); tom comes first in the file.
    let departments = "  - {id: d1, name: Information Technology}\n";
    let misplaced = departments_chart(
        departments,
        "  - {id: low, title: Analyst, reports_to: tom, department: d1}
  - {id: tom, title: IT Manager, reports_to: cfo, department: d1}
  - {id: una, title: IT Manager, reports_to: cio, department: d1}
",
    );
    assert_findings(
        &misplaced,
        vec![f("misplaced-department", &["d1", "tom"], Info)],
    );
    let fine = departments_chart(
        departments,
        "  - {id: una, title: IT Manager, reports_to: cio, department: d1}
  - {id: tom, title: IT Manager, reports_to: cfo, department: d1}
",
    );
    assert_findings(&fine, vec![]);
}

#[test]
fn an_operations_department_under_the_cio_is_misplaced_but_its_head_stands_in_while_the_coo_post_is_vacant(
) {
    let departments = "  - {id: ops, name: Operations, head: rosa}\n";
    let rosa = "  - {id: rosa, title: VP Operations, reports_to: cio, department: ops}\n";
    assert_findings(
        &departments_chart(departments, rosa),
        vec![f("misplaced-department", &["ops", "rosa"], Warning)],
    );
    let vacant = format!(
        "version: 1\ndepartments:\n{departments}people:
  - {{id: ceo, title: CEO}}
  - {{id: coo, title: COO, vacant: true, reports_to: ceo, owns: [{}]}}
  - {{id: cio, title: CIO, reports_to: ceo}}
{rosa}",
        COO_DUTIES.join(", ")
    );
    // rosa (VP Operations) stands in for the COO, so her department is inside its org; her
    // reporting line is checked, as info.
    assert_findings(
        &vacant,
        vec![
            f("vacant-role", &["COO", "coo"], Warning),
            f("stand-in-role", &["COO", "rosa"], Info),
            f("reporting-line", &["rosa"], Info),
        ],
    );
}

#[test]
fn a_department_with_no_known_function_is_never_misplaced() {
    let yaml = departments_chart(
        "  - {id: legal, name: Legal, head: counsel}\n",
        "  - {id: counsel, title: General Counsel, reports_to: cfo, department: legal}\n",
    );
    assert_findings(&yaml, vec![]);
}

// ---- limits -------------------------------------------------------------------------------

fn reports_of(manager: &str, count: usize, prefix: &str) -> String {
    (0..count)
        .map(|n| format!("  - {{id: {prefix}{n}, reports_to: {manager}}}\n"))
        .collect()
}

#[test]
fn span_of_control_limit_is_15_direct_reports() {
    let at_limit = format!("{EXECS}{}", reports_of("coo", 15, "r"));
    assert_findings(&chart(&at_limit), vec![]);
    let over = format!("{EXECS}{}", reports_of("coo", 16, "r"));
    assert_findings(&chart(&over), vec![f("span-of-control", &["coo"], Warning)]);
    // Assistants do not count.
    let with_assistant =
        format!("{at_limit}  - {{id: ea, title: Assistant, reports_to: coo, assistant: true}}\n");
    assert_findings(&chart(&with_assistant), vec![]);
}

#[test]
fn chain_depth_limit_is_10_below_the_top() {
    // coo is at depth 1; a chain of n people below it reaches depth 1 + n.
    let chain = |n: usize| -> String {
        let mut text = String::from(EXECS);
        let mut manager = "coo".to_owned();
        for level in 0..n {
            text.push_str(&format!("  - {{id: l{level}, reports_to: {manager}}}\n"));
            manager = format!("l{level}");
        }
        text
    };
    assert_findings(&chart(&chain(9)), vec![]);
    assert_findings(&chart(&chain(10)), vec![f("chain-depth", &["l9"], Warning)]);
}

#[test]
fn limits_come_from_the_rulebook() {
    let custom = DEFAULT_RULEBOOK.replacen("  span_of_control: 15\n", "  span_of_control: 1\n", 1);
    let rulebook = Rulebook::parse(&custom, "custom.yaml").unwrap();
    assert_eq!(rulebook.limits.span_of_control, 1);
    assert_eq!(
        findings_with(&chart(EXECS), rulebook),
        vec![f("span-of-control", &["ceo"], Warning)]
    );
}

// ---- waivers ------------------------------------------------------------------------------

const COO_UNDER_CFO: &str = "  - {id: ceo, title: Chief Executive Officer}
  - {id: cfo, title: Chief Financial Officer, reports_to: ceo}
  - {id: coo, title: Chief Operating Officer, reports_to: cfo}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";

fn with_waivers(waivers: &str) -> String {
    format!("{}waivers:\n{waivers}", chart(COO_UNDER_CFO))
}

#[test]
fn a_valid_waiver_marks_the_finding_waived_and_it_never_fails_the_run() {
    let yaml = with_waivers(
        "  - {rule: reporting-line, subject: coo, reason: Until the reorg, expires: 2026-12-31}\n",
    );
    let outcome = run_with(&yaml, Rulebook::builtin().unwrap());
    assert_eq!(outcome.findings.len(), 1, "{:?}", outcome.findings);
    assert!(outcome.findings[0].is_waived());
    assert!(!outcome.findings[0].counts());
    assert_eq!((outcome.summary.error, outcome.summary.waived), (0, 1));
}

#[test]
fn an_expired_waiver_lets_the_finding_count_again_and_is_reported() {
    // TODAY is 2026-06-01; the waiver ran out the day before.
    let yaml = with_waivers(
        "  - {rule: reporting-line, subject: coo, reason: Until the reorg, expires: 2026-05-31}\n",
    );
    assert_eq!(
        findings(&yaml),
        vec![
            f("expired-waiver", &["coo"], Error),
            f("reporting-line", &["coo"], Error),
        ]
    );
    // On the expiry date itself it still applies.
    let yaml = with_waivers(
        "  - {rule: reporting-line, subject: coo, reason: Until the reorg, expires: 2026-06-01}\n",
    );
    let found = findings(&yaml);
    assert_eq!(found.len(), 1);
    assert!(found[0].waived);
}

#[test]
fn an_expired_waiver_beside_a_valid_one_leaves_the_finding_waived() {
    let yaml = with_waivers(
        "  - {rule: reporting-line, subject: coo, reason: Old plan, expires: 2026-05-31}
  - {rule: reporting-line, subject: coo, reason: New plan, expires: 2026-12-31}\n",
    );
    let outcome = run_with(&yaml, Rulebook::builtin().unwrap());
    let line = outcome
        .findings
        .iter()
        .find(|f| f.rule == "reporting-line")
        .unwrap();
    assert!(line.is_waived(), "{line:?}");
    let expired = outcome
        .findings
        .iter()
        .find(|f| f.rule == "expired-waiver")
        .unwrap();
    // The finding does not count again: the renewed waiver still covers it.
    assert!(
        !expired.message.contains("counts again"),
        "{}",
        expired.message
    );
    assert!(!outcome.findings.iter().any(|f| f.rule == "unused-waiver"));
}

#[test]
fn a_waiver_matching_nothing_is_unused() {
    let yaml = with_waivers("  - {rule: reporting-line, subject: cio, reason: Not needed}\n");
    assert_eq!(
        findings(&yaml),
        vec![
            f("reporting-line", &["coo"], Error),
            f("unused-waiver", &["cio"], Warning),
        ]
    );
}

#[test]
fn a_waiver_for_an_unknown_subject_is_an_unknown_reference_and_unused() {
    let yaml = with_waivers("  - {rule: reporting-line, subject: cooo, reason: Typo}\n");
    assert_eq!(
        findings(&yaml),
        vec![
            f("reporting-line", &["coo"], Error),
            f("unknown-reference", &["cooo"], Error),
            f("unused-waiver", &["cooo"], Warning),
        ]
    );
}

#[test]
fn waivers_match_role_and_duty_subjects_too() {
    let people = "  - {id: ceo, title: Chief Executive Officer}
  - {id: cio, title: Chief Information Officer, reports_to: ceo}
";
    let waivers = "waivers:\n  - {rule: missing-role, subject: COO, reason: Hiring}\n";
    let found = findings(&format!("{}{waivers}", chart(people)));
    let missing: Vec<&Found> = found.iter().filter(|x| x.rule == "missing-role").collect();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].waived);
    assert!(found.iter().all(|x| x.rule != "unused-waiver"));
}
