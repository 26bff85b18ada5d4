//! Reports and rulebooks at scale (SPEC §8). Memory and time are measured by `scripts/bench`
//! (1,000,000 findings in every format at once, 100,000-role rulebooks); these tests pin the
//! properties that make those numbers possible: every format streams (no single write of a
//! whole report), Markdown stays under GitHub's 1 MiB limit, and a big rulebook is checked
//! completely (every reference resolved) by the indexed validation.

use crate::support::ci_support::*;
use orglint::check::CheckOptions;
use orglint::finding::{FailOn, Finding, Severity};
use orglint::model::{Chart, Loc};
use orglint::report::{ReportData, ReportFormat};
use orglint::rulebook::Rulebook;
use orglint::rules::RuleId;
use std::io::{self, Write};

/// A writer that remembers its largest single write.
#[derive(Default)]
struct Chunks {
    total: usize,
    largest: usize,
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.total += bytes.len();
        self.largest = self.largest.max(bytes.len());
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn findings(count: usize, message_bytes: usize) -> Vec<Finding> {
    let filler = "x".repeat(message_bytes);
    (0..count)
        .map(|i| {
            Finding::new(
                RuleId::UNKNOWN_MANAGER,
                if i % 2 == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                format!("p{i} reports to m{i}, who is not in the chart {filler}"),
            )
            .subject(format!("p{i}"))
            .at(Loc {
                file: 0,
                line: i as u32 + 2,
                column: 1,
            })
        })
        .collect()
}

fn emit(format: ReportFormat, findings: &[Finding], out: &mut dyn Write) {
    let mut chart = Chart::default();
    chart.add_source("org.csv", String::new());
    let rulebook = Rulebook::builtin().unwrap();
    let data = ReportData {
        chart: &chart,
        findings,
        errors: &[],
        summary: orglint::finding::Summary::of(findings),
        people: findings.len(),
        fail_on: FailOn::Error,
        rulebook: &rulebook,
        redact: false,
        rules: CheckOptions::new(rulebook.clone()).rules_run(),
        baseline: false,
        config: None,
        reconcile: None,
    };
    format.emitter(Default::default()).emit(&data, out).unwrap();
}

#[test]
fn every_format_streams_its_report_in_small_writes() {
    // About 20 MB of report in most formats.
    let findings = findings(40_000, 400);
    for format in [
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Sarif,
        ReportFormat::Junit,
        ReportFormat::Github,
        ReportFormat::Markdown,
    ] {
        let mut out = Chunks::default();
        emit(format, &findings, &mut out);
        assert!(out.total > 0, "{format:?}");
        assert!(
            out.largest <= 1 << 17,
            "{format:?} wrote {} bytes at once (of {}): not streamed",
            out.largest,
            out.total
        );
    }
}

#[test]
fn markdown_stays_under_githubs_step_summary_limit() {
    // 500 rows of 4 KB each would be 2 MB.
    let findings = findings(2_000, 4_000);
    let mut out = Vec::new();
    emit(ReportFormat::Markdown, &findings, &mut out);
    let text = String::from_utf8(out).unwrap();
    assert!(text.len() <= 1 << 20, "{} bytes", text.len());
    assert!(
        text.contains("more finding(s) not shown"),
        "{}",
        &text[text.len() - 300..]
    );
}

#[test]
fn diff_markdown_fits_a_pull_request_comment() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = String::from("id,manager,name,title\nboss,,Ana Ruiz,Chief Executive Officer\n");
    let mut new = old.clone();
    for i in 0..60_000 {
        new.push_str(&format!(
            "p{i},boss,Person Number {i},Senior Analyst of Things\n"
        ));
    }
    old.push_str("gone,boss,Gone Person,Clerk\n");
    std::fs::write(dir.path().join("old.csv"), old).unwrap();
    std::fs::write(dir.path().join("new.csv"), new).unwrap();
    let output = orglint_in(dir.path())
        .args(["diff", "old.csv", "new.csv", "--format", "markdown"])
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert!(text.chars().count() <= 60_000, "{} characters", text.len());
    assert!(text.contains("| Joiners | 60000 |"), "{}", &text[..400]);
    assert_eq!(
        text.matches("<details>").count(),
        text.matches("</details>").count(),
        "every details block is closed"
    );
    assert!(
        text.contains("more line(s) not shown"),
        "{}",
        &text[text.len() - 400..]
    );
    // The verdict line closes the summary even when rows were cut.
    assert!(
        text.trim_end().lines().last().unwrap().contains("join"),
        "{}",
        &text[text.len() - 400..]
    );
}

/// N roles, each owning its own duty and reporting to the one before.
fn big_rulebook(roles: usize, broken_at: Option<usize>) -> String {
    let mut text = String::from("version: 1\nresponsibilities:\n");
    for i in 1..=roles {
        text.push_str(&format!("  - {{id: d{i}}}\n"));
    }
    text.push_str("roles:\n  - {id: R1, aliases: [Role One], top: true, responsibilities: [d1]}\n");
    for i in 2..=roles {
        let target = if Some(i) == broken_at {
            "NOPE".to_owned()
        } else {
            format!("R{}", i - 1)
        };
        text.push_str(&format!(
            "  - {{id: R{i}, aliases: [Role Title {i}], reports_to: [{target}], responsibilities: [d{i}]}}\n"
        ));
    }
    text.push_str("collaborations:\n");
    for i in (100..=roles).step_by(100) {
        text.push_str(&format!(
            "  - {{responsibility: d{i}, roles: [R{i}, R{}]}}\n",
            i - 1
        ));
    }
    text
}

#[test]
fn a_large_rulebook_is_validated_completely() {
    let book = Rulebook::parse(&big_rulebook(20_000, None), "big.yaml").unwrap();
    assert_eq!(book.roles.len(), 20_000);
    assert_eq!(book.role_index("R19999"), Some(19_998));
    assert!(book.collaboration("d20000").is_some());
    // One bad reference deep in the file is still found, at its line.
    let error = Rulebook::parse(&big_rulebook(20_000, Some(19_500)), "big.yaml").unwrap_err();
    assert!(
        error.message.contains("R19500") && error.message.contains("NOPE"),
        "{}",
        error.message
    );
    // Two header lines, 20,000 duties, `roles:`, then R1 on line 20,004.
    assert_eq!(error.line as usize, 20_003 + 19_500);
}
