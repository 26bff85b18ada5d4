//! JUnit XML for CI test tabs (GitLab, Jenkins, Azure): one test suite; each rule that ran is
//! a passing test case unless it has findings at or above `--fail-on`, in which case each such
//! finding is its own failing test case (class `orglint.RULE`), since CI consumers show one
//! failure per test case. Findings that do not fail (below the threshold, waived, in the
//! baseline) are listed in the suite's `system-out`. Each input error that stopped the run
//! is a test case in error (class `orglint.input`).
//!
//! The XML is written as it goes (a pass to count, then one per part), never built as a tree:
//! a million findings cost no more memory than the findings themselves (SPEC §8).

use super::{Emitter, ReportData};
use crate::choice::Choice;
use crate::error::InputError;
use crate::escape::{escape_control, escape_xml, push_xml};
use crate::finding::{Finding, Suppression};
use crate::rules::RuleId;
use crate::text::truncate;
use std::fmt::Write as _;
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

fn write_failing_case(
    data: &ReportData,
    finding: &Finding,
    line: &mut String,
    out: &mut dyn Write,
) -> io::Result<()> {
    let place = place_and_message(data, finding);
    let name = format!(
        "{}: {}",
        finding.rule,
        truncate(&escape_control(finding.primary_subject()), 80)
    );
    line.clear();
    line.push_str("        <testcase name=\"");
    push_xml(line, &name);
    let _ = write!(line, "\" classname=\"orglint.{}\">", finding.rule);
    line.push_str("\n            <failure message=\"");
    push_xml(line, &place);
    let _ = write!(line, "\" type=\"{}\">", finding.severity.name());
    push_xml(line, &place);
    let _ = write!(
        line,
        "\nrule: {}\nseverity: {}\nsubjects: ",
        finding.rule, finding.severity
    );
    push_xml(line, &escape_control(&finding.subjects.join(", ")));
    let _ = write!(
        line,
        "\nfingerprint: {}\n</failure>\n        </testcase>\n",
        finding.fingerprint()
    );
    out.write_all(line.as_bytes())
}

/// The `input` test case in error of an input error.
fn write_error_case(error: &InputError, line: &mut String, out: &mut dyn Write) -> io::Result<()> {
    // `Display` escapes control characters and reads `file:line:column: message`.
    let text = error.to_string();
    line.clear();
    line.push_str(
        "        <testcase name=\"input\" classname=\"orglint.input\">\n            <error type=\"input\" message=\"",
    );
    push_xml(line, &text);
    line.push_str("\">");
    push_xml(line, &text);
    line.push_str("\n</error>\n        </testcase>\n");
    out.write_all(line.as_bytes())
}

/// One line of the suite's `system-out` for a finding that does not fail the run.
fn passing_line(data: &ReportData, finding: &Finding) -> String {
    let state = match &finding.suppression {
        Some(Suppression::Waived { reason }) => {
            format!("waived: {}", escape_control(&data.reason(reason)))
        }
        Some(Suppression::Baseline) => "existing (in the baseline)".to_owned(),
        None => format!("below --fail-on {}", data.fail_on.name()),
    };
    format!(
        "{}[{}]: {} ({state})",
        finding.severity,
        finding.rule,
        place_and_message(data, finding)
    )
}

/// The XML declaration and the opening tags of the one suite, with its counts.
/// The suite's properties name the config in use (`none` without one) and, when there are
/// any, the directory entries left out as no person.
fn write_suite_start(
    out: &mut dyn Write,
    data: &ReportData,
    tests: usize,
    failures: usize,
    errors: usize,
) -> io::Result<()> {
    // Jenkins' junit-10.xsd allows no `skipped` on the root; orglint never skips anyway.
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"orglint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n    \
         <testsuite name=\"orglint\" tests=\"{tests}\" skipped=\"0\" errors=\"{errors}\" failures=\"{failures}\">\n        \
         <properties>\n            <property name=\"config\" value=\"{}\"/>\n",
        escape_xml(data.config.unwrap_or("none"))
    )?;
    let left_out = &data.chart.left_out_counts;
    if left_out.total() > 0 {
        writeln!(
            out,
            "            <property name=\"left_out\" value=\"{}\"/>",
            escape_xml(&left_out.describe())
        )?;
    }
    out.write_all(b"        </properties>\n")
}

impl Emitter for JunitEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        // The rules that ran, then any other rule with findings; each with its failures.
        let mut rules: Vec<(RuleId, usize)> = data.rules.iter().map(|r| (r.rule.id, 0)).collect();
        let mut passing = 0usize;
        for finding in data.findings {
            let at = match rules.iter().position(|(rule, _)| *rule == finding.rule) {
                Some(at) => at,
                None => {
                    rules.push((finding.rule, 0));
                    rules.len() - 1
                }
            };
            if data.fails_on(finding) {
                rules[at].1 += 1;
            } else {
                passing += 1;
            }
        }
        let failures: usize = rules.iter().map(|(_, failed)| failed).sum();
        let tests: usize = rules.iter().map(|(_, failed)| (*failed).max(1)).sum();
        let errors = data.errors.len();
        write_suite_start(&mut out, data, tests + errors, failures, errors)?;
        let mut line = String::new();
        for &(rule, failed) in &rules {
            if failed == 0 {
                writeln!(
                    out,
                    "        <testcase name=\"{}\" classname=\"orglint.{}\"/>",
                    escape_xml(rule.name()),
                    escape_xml(rule.name())
                )?;
                continue;
            }
            for finding in data.findings.iter().filter(|f| f.rule == rule) {
                if data.fails_on(finding) {
                    write_failing_case(data, finding, &mut line, &mut out)?;
                }
            }
        }
        for error in data.errors {
            write_error_case(error, &mut line, &mut out)?;
        }
        if passing > 0 {
            out.write_all(b"        <system-out>")?;
            for &(rule, _) in &rules {
                for finding in data.findings.iter().filter(|f| f.rule == rule) {
                    if !data.fails_on(finding) {
                        line.clear();
                        push_xml(&mut line, &passing_line(data, finding));
                        line.push('\n');
                        out.write_all(line.as_bytes())?;
                    }
                }
            }
            out.write_all(b"</system-out>\n")?;
        }
        out.write_all(b"    </testsuite>\n</testsuites>\n")?;
        out.flush()
    }
}
