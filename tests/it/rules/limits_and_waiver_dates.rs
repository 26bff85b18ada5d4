//! The built-in limits (span of control 15, chain depth 10, both from the rulebook) on a
//! chart with the executives in post, and waiver expiry against a fixed "today" (the day
//! before, the day itself, a renewed waiver beside an expired one), which the CLI fixtures
//! under tests/rules/ cannot pin as they run on the real date. All findings are asserted.

use crate::support::common::*;
use orglint::finding::Severity::{Error, Warning};
use orglint::rulebook::{Rulebook, DEFAULT_RULEBOOK};

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
        .find(|f| f.rule.name() == "reporting-line")
        .unwrap();
    assert!(line.is_waived(), "{line:?}");
    let expired = outcome
        .findings
        .iter()
        .find(|f| f.rule.name() == "expired-waiver")
        .unwrap();
    // The finding does not count again: the renewed waiver still covers it.
    assert!(
        !expired.message.contains("counts again"),
        "{}",
        expired.message
    );
    assert!(!outcome
        .findings
        .iter()
        .any(|f| f.rule.name() == "unused-waiver"));
}
