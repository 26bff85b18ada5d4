//! JUnit XML for CI test tabs (GitLab, Jenkins, Azure): one test suite; each rule that ran is
//! a passing test case unless it has findings at or above `--fail-on`, in which case each such
//! finding is its own failing test case (class `orglint.RULE`), since CI consumers show one
//! failure per test case. Findings that do not fail (below the threshold, waived, in the
//! baseline) are listed in the suite's `system-out`.

use super::{Emitter, ReportData};
use crate::error::InputError;
use crate::finding::{Finding, Suppression};
use crate::text::{escape_control, truncate};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

pub struct JunitEmitter;

/// `file:line: message`, the way the text report and editors show a place.
fn place_and_message(data: &ReportData, finding: &Finding) -> String {
    let place = match finding.location {
        Some(loc) => format!("{}:{}", data.relative_path(&loc), loc.line),
        None => escape_control(&data.rulebook.origin).into_owned(),
    };
    format!(
        "{}: {}",
        escape_control(&place),
        escape_control(&finding.message)
    )
}

fn failing_case(data: &ReportData, finding: &Finding) -> TestCase {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    let line = place_and_message(data, finding);
    status
        .set_type(finding.severity.as_str())
        .set_message(line.as_str())
        .set_description(format!(
            "{line}\nrule: {}\nseverity: {}\nsubjects: {}\nfingerprint: {}\n",
            finding.rule,
            finding.severity,
            escape_control(&finding.subjects.join(", ")),
            finding.fingerprint()
        ));
    let name = format!(
        "{}: {}",
        finding.rule,
        truncate(&escape_control(finding.primary_subject()), 80)
    );
    let mut case = TestCase::new(name, status);
    case.set_classname(format!("orglint.{}", finding.rule));
    case
}

/// One line of the suite's `system-out` for a finding that does not fail the run.
fn passing_line(data: &ReportData, finding: &Finding) -> String {
    let state = match &finding.suppression {
        Some(Suppression::Waived { reason }) => {
            format!("waived: {}", escape_control(&data.reason(reason)))
        }
        Some(Suppression::Baseline) => "existing (in the baseline)".to_owned(),
        None => format!("below --fail-on {}", data.fail_on.as_str()),
    };
    format!(
        "{}[{}]: {} ({state})",
        finding.severity,
        finding.rule,
        place_and_message(data, finding)
    )
}

/// quick-junit puts `skipped` on the root `<testsuites>`, which the Jenkins xUnit schema
/// (junit-10.xsd) does not allow there; orglint never skips, so the attribute says nothing.
/// Only the root start tag is touched, and it holds no input (its name is fixed).
fn drop_root_skipped(xml: String) -> String {
    let Some(start) = xml.find("<testsuites ") else {
        return xml;
    };
    let end = xml[start..].find('>').map_or(xml.len(), |e| start + e);
    match xml[start..end].find(" skipped=\"0\"") {
        Some(at) => {
            let at = start + at;
            format!("{}{}", &xml[..at], &xml[at + " skipped=\"0\"".len()..])
        }
        None => xml,
    }
}

impl Emitter for JunitEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new("orglint");
        let mut rules: Vec<&str> = data.rules.iter().map(|r| r.rule.name).collect();
        for finding in data.findings {
            if !rules.contains(&finding.rule) {
                rules.push(finding.rule);
            }
        }
        let mut passing = Vec::new();
        for rule in rules {
            let mut failed = false;
            for finding in data.findings.iter().filter(|f| f.rule == rule) {
                if data.fails_on(finding) {
                    suite.add_test_case(failing_case(data, finding));
                    failed = true;
                } else {
                    passing.push(passing_line(data, finding));
                }
            }
            if !failed {
                let mut case = TestCase::new(rule, TestCaseStatus::success());
                case.set_classname(format!("orglint.{rule}"));
                suite.add_test_case(case);
            }
        }
        if !passing.is_empty() {
            suite.set_system_out(passing.join("\n") + "\n");
        }
        write_suite(suite, out)
    }

    /// One `input` test case in error per input error.
    fn emit_errors(
        &self,
        errors: &[InputError],
        _inputs: &[&str],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut suite = TestSuite::new("orglint");
        for error in errors {
            // `Display` escapes control characters and reads `file:line:column: message`.
            let line = error.to_string();
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_type("input")
                .set_message(line.as_str())
                .set_description(format!("{line}\n"));
            let mut case = TestCase::new("input", status);
            case.set_classname("orglint.input");
            suite.add_test_case(case);
        }
        write_suite(suite, out)
    }
}

fn write_suite(suite: TestSuite, out: &mut dyn Write) -> io::Result<()> {
    let mut report = Report::new("orglint");
    report.add_test_suite(suite);
    // Serialized in memory first, so that write errors keep their kind (a closed pipe).
    let xml = report.to_string().map_err(io::Error::other)?;
    let mut xml = drop_root_skipped(xml);
    xml.push('\n');
    out.write_all(xml.as_bytes())
}
