//! How the rules share one chart (SPEC §5): one cause gives one finding (a self-reference is
//! no cycle and no root, a later duplicate id takes no part in the role rules, people under an
//! unknown manager are no roots and have no depth), a waiver matches whatever severity the
//! rulebook gives, and a limit at its largest value. Each asserts the whole set of findings.

use crate::support::common::*;
use orglint::finding::Severity::{Error, Info, Warning};
use orglint::rulebook::Rulebook;

/// `(rule, subjects, severity)` of a waived finding.
fn waived(rule: &str, subjects: &[&str], severity: orglint::finding::Severity) -> Found {
    Found {
        waived: true,
        ..f(rule, subjects, severity)
    }
}

#[test]
fn a_later_duplicate_id_takes_no_part_in_the_role_rules() {
    // The first `coo` is no executive; the second entry's COO title is not a holder.
    let people = "  - {id: ceo, title: CEO}
  - {id: coo, title: Analyst, reports_to: ceo}
  - {id: cio, title: CIO, reports_to: ceo}
  - {id: coo, title: COO, reports_to: ceo, owns: [no-such-duty]}
";
    // The COO is missing (info: the CEO runs operations), and that one cause is one finding:
    // not also one per COO duty or collaboration.
    let expected = vec![
        f("duplicate-id", &["coo"], Error),
        f("missing-role", &["COO"], Info),
    ];
    assert_findings(&chart(people), expected);
}

#[test]
fn a_self_reference_is_self_manager_only_even_for_a_role_holder() {
    // Not also a cycle, not a root (so no multiple-roots), and no reporting-line for the
    // COO who "has" a manager that is themselves.
    let people = "  - {id: ceo, title: CEO}
  - {id: coo, title: COO, reports_to: coo}
  - {id: cio, title: CIO, reports_to: ceo}
";
    assert_findings(&chart(people), vec![f("self-manager", &["coo"], Error)]);
}

#[test]
fn people_under_an_unknown_manager_are_no_roots_and_have_no_depth() {
    let rulebook = Rulebook::parse(
        &orglint::rulebook::DEFAULT_RULEBOOK.replace("chain_depth: 10", "chain_depth: 1"),
        "rb.yaml",
    )
    .unwrap();
    let people = format!(
        "{EXECS}  - {{id: u1, reports_to: ghost}}
  - {{id: u2, reports_to: u1}}
  - {{id: u3, reports_to: u2}}
  - {{id: d2, reports_to: coo}}
  - {{id: d3, reports_to: d2}}
"
    );
    assert_eq!(
        findings_with(&chart(&people), rulebook),
        vec![
            f("chain-depth", &["d2"], Warning),
            f("unknown-manager", &["u1"], Error),
        ]
    );
}

#[test]
fn a_waiver_still_matches_a_finding_whose_severity_the_rulebook_overrides() {
    let rulebook = Rulebook::parse(
        &format!(
            "{}severity:\n  multiple-roots: error\n",
            orglint::rulebook::DEFAULT_RULEBOOK
        ),
        "rb.yaml",
    )
    .unwrap();
    let yaml = format!(
        "{}  - {{id: r2}}\nwaivers:\n  - {{rule: multiple-roots, subject: ceo, reason: Holding}}\n  - {{rule: multiple-roots, subject: r2, reason: Not primary}}\n",
        chart(EXECS)
    );
    assert_eq!(
        findings_with(&yaml, rulebook),
        vec![
            waived("multiple-roots", &["ceo", "r2"], Error),
            f("unused-waiver", &["r2"], Warning),
        ]
    );
}

#[test]
fn nobody_sits_deeper_than_the_largest_chain_depth_limit() {
    let rulebook = Rulebook::parse(
        &orglint::rulebook::DEFAULT_RULEBOOK.replace("chain_depth: 10", "chain_depth: 4294967295"),
        "rb.yaml",
    )
    .unwrap();
    let people = format!("{EXECS}  - {{id: lead, reports_to: coo}}\n");
    assert_eq!(findings_with(&chart(&people), rulebook), vec![]);
}
