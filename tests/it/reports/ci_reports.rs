//! CI report formats, each proven by its consumer: SARIF by the OASIS schema, JUnit by
//! xmllint with the xUnit schema and by roxmltree, GitHub workflow commands by the Actions
//! toolkit's escaping rules, Markdown by its table structure. Hostile names throughout.

use crate::support::ci_support::*;
use orglint::check::{check, CheckOptions};
use orglint::choice::Choice;
use orglint::finding::{FailOn, Finding, Severity, Suppression};
use orglint::model::{Chart, Loc};
use orglint::report::{ReportData, ReportFormat};
use orglint::rulebook::Rulebook;
use orglint::rules::RuleId;
use serde_json::Value;
use std::path::Path;

/// Names and a waiver reason with everything that breaks formats: quotes, `%`, commas,
/// colons, CR/LF, ANSI escapes, HTML, Markdown, pipes, and text that looks like a workflow
/// command. Findings: self-manager (Mallory), duplicate-id (waived), multiple-roots.
const HOSTILE: &str = r#"version: 1
people:
  - {id: ceo, name: "Ada \"The Boss\" O'Neil, 100%: <script>alert(1)</script>", title: Chief Executive Officer}
  - id: "x1,y:2%"
    name: "Mal\r\nlory\e[31m RED\e[0m | `code` *bold* [link](http://e.x) ::error ::"
    title: Chief Operating Officer
    reports_to: "x1,y:2%"
  - {id: cio, name: "Chen | Wei", title: Chief Information Officer, reports_to: ceo}
  - {id: cio, name: "Dup <b>licate</b>\nSecond", title: Clerk, reports_to: ceo}
  - {id: loner, name: "Lone %25 Wolf", title: Clerk}
waivers:
  - rule: duplicate-id
    subject: cio
    reason: "Known | <i>issue</i>\r\nsee %0A ticket: 1, 2"
"#;

fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hostile.yaml"), HOSTILE).unwrap();
    dir
}

fn run_format(dir: &Path, format: &str, extra: &[&str]) -> std::process::Output {
    orglint_in(dir)
        .args(["check", "hostile.yaml", "--format", format])
        .args(extra)
        .output()
        .unwrap()
}

/// No raw ESC or CR may reach a terminal, log or file.
fn assert_no_raw_controls(format: &str, text: &str) {
    assert!(!text.contains('\u{1b}'), "{format}: raw ESC in {text}");
    assert!(!text.contains('\r'), "{format}: raw CR in {text}");
}

#[test]
fn sarif_is_valid_and_carries_what_github_needs() {
    let dir = hostile_dir();
    let output = run_format(dir.path(), "sarif", &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout_of(&output);
    assert_no_raw_controls("sarif", &text);
    let log: Value = serde_json::from_str(&text).unwrap();
    let errors = sarif_errors(&log);
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for key in ["shortDescription", "fullDescription"] {
            assert!(!rule[key]["text"].as_str().unwrap().is_empty(), "{rule}");
        }
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## How to fix"));
        assert!(["error", "warning", "note"]
            .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "hostile.yaml");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        let fingerprint = result["partialFingerprints"]["orglint/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fingerprint.len(), 16);
    }
    let by_rule = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} result"))
    };
    let waived = by_rule("duplicate-id");
    assert_eq!(waived["suppressions"][0]["kind"], "external");
    assert_eq!(
        waived["suppressions"][0]["justification"],
        "Known | <i>issue</i>\\r\\nsee %0A ticket: 1, 2"
    );
    let self_manager = by_rule("self-manager");
    assert_eq!(self_manager["level"], "error");
    assert!(self_manager.get("suppressions").is_none());
    let message = self_manager["message"]["text"].as_str().unwrap();
    assert!(message.contains("Mal\\r\\nlory\\u{1b}[31m"), "{message}");
    assert_eq!(by_rule("multiple-roots")["level"], "warning");
    assert!(
        results.iter().all(|r| r.get("baselineState").is_none()),
        "no baseline given, so no baseline state"
    );
}

#[test]
fn the_sarif_validator_rejects_broken_documents() {
    let dir = hostile_dir();
    let output = run_format(dir.path(), "sarif", &[]);
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(sarif_errors(&log).is_empty());
    let mut bad_level = log.clone();
    bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_errors(&bad_level).is_empty());
    let mut no_version = log.clone();
    no_version.as_object_mut().unwrap().remove("version");
    assert!(!sarif_errors(&no_version).is_empty());
    let mut bad_line = log;
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!sarif_errors(&bad_line).is_empty());
}

#[test]
fn sarif_uris_are_relative_to_the_current_directory_and_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("hr data");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("org #1.yaml"), HOSTILE).unwrap();
    let absolute = sub.join("org #1.yaml");
    let output = orglint_in(dir.path())
        .args(["check", "--format", "sarif"])
        .arg(&absolute)
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(sarif_errors(&log).is_empty());
    let artifact =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "hr%20data/org%20%231.yaml");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
}

/// Report data for one finding without a place (as rulebook-level findings have).
fn placeless_report(chart: &Chart, rulebook: &Rulebook, findings: &[Finding]) -> Vec<u8> {
    let data = ReportData {
        chart,
        findings,
        errors: &[],
        summary: orglint::finding::Summary::of(findings),
        people: chart.people.len(),
        fail_on: FailOn::Error,
        rulebook,
        redact: false,
        rules: CheckOptions::new(rulebook.clone()).rules_run(),
        baseline: true,
        config: None,
        reconcile: None,
    };
    let mut out = Vec::new();
    ReportFormat::Sarif
        .emitter(Default::default())
        .emit(&data, &mut out)
        .unwrap();
    out
}

#[test]
fn sarif_gives_findings_without_a_place_a_stand_in_location_and_baseline_states() {
    let mut chart = Chart::default();
    chart.add_source("charts/org.yaml", String::new());
    let rulebook = Rulebook::builtin().unwrap();
    let placeless =
        Finding::new(RuleId::MULTIPLE_ROOTS, Severity::Warning, "no place").subject("a");
    let mut existing = Finding::new(RuleId::SELF_MANAGER, Severity::Error, "old").subject("b");
    existing.location = Some(Loc {
        file: 0,
        line: 7,
        column: 1,
    });
    existing.suppression = Some(Suppression::Baseline);
    let out = placeless_report(&chart, &rulebook, &[placeless, existing]);
    let log: Value = serde_json::from_slice(&out).unwrap();
    assert!(sarif_errors(&log).is_empty(), "{:#?}", sarif_errors(&log));
    let results = log["runs"][0]["results"].as_array().unwrap();
    let stand_in = &results[0];
    let location = &stand_in["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "charts/org.yaml");
    assert_eq!(location["region"]["startLine"], 1);
    assert!(stand_in["message"]["text"]
        .as_str()
        .unwrap()
        .contains("no place in the chart"));
    assert!(stand_in["properties"]["locationNote"].is_string());
    assert_eq!(stand_in["baselineState"], "new");
    assert_eq!(results[1]["baselineState"], "unchanged");
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
}

/// Testcase and failure counts of a JUnit document.
fn junit_counts(xml: &str) -> (usize, usize, Vec<String>) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    let failures: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| n.attribute("message").unwrap_or("").to_owned())
        .collect();
    (cases, failures.len(), failures)
}

#[test]
fn junit_is_valid_and_has_a_failure_per_failing_finding() {
    let dir = hostile_dir();
    let path = dir.path().join("junit.xml");
    let output = run_format(dir.path(), "junit", &["--report", "junit=junit.xml"]);
    let xml = stdout_of(&output);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), xml);
    assert_no_raw_controls("junit", &xml);
    assert!(!xml.contains("<script>"), "markup must be escaped: {xml}");
    if have_xmllint() {
        xmllint_junit(&path).unwrap();
    }
    // Every rule of `check` but the opt-in ones, which a plain check does not run.
    let rules_run = orglint::rules::ALL
        .iter()
        .filter(|rule| !rule.severity.is_opt_in())
        .filter(|rule| rule.command.runs_in(orglint::rules::Command::Check))
        .count();
    // fail-on error: only self-manager fails (duplicate-id is waived, multiple-roots a warning).
    let (cases, failures, messages) = junit_counts(&xml);
    assert_eq!(failures, 1, "{xml}");
    assert_eq!(
        cases, rules_run,
        "one case per rule, the failing one replaced"
    );
    assert!(
        messages[0].starts_with("hostile.yaml:7: Mal\\r\\nlory\\u{1b}[31m RED"),
        "{}",
        messages[0]
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("failures"), Some("1"));
    let system_out = doc
        .descendants()
        .find(|n| n.has_tag_name("system-out"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(
        system_out.contains("waived: Known | <i>issue</i>"),
        "{system_out}"
    );

    // fail-on warning: multiple-roots fails too.
    let output = run_format(dir.path(), "junit", &["--fail-on", "warning"]);
    let (cases, failures, _) = junit_counts(&stdout_of(&output));
    assert_eq!((cases, failures), (rules_run, 2));
}

#[test]
fn junit_with_several_failures_of_one_rule_validates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junit.xml");
    orglint_in(dir.path())
        .args(["check", "--format", "text", "--report", "junit=junit.xml"])
        .arg(example("problems.yaml"))
        .arg(example("acme.yaml"))
        .assert()
        .code(1);
    let xml = std::fs::read_to_string(&path).unwrap();
    let (cases, failures, _) = junit_counts(&xml);
    assert!(failures >= 5, "{xml}");
    assert!(cases > failures);
    if have_xmllint() {
        xmllint_junit(&path).unwrap();
        // The validator is live: a suite without its required counts is rejected.
        let broken = dir.path().join("broken.xml");
        std::fs::write(&broken, xml.replacen(" tests=\"", " tezts=\"", 2)).unwrap();
        assert!(xmllint_junit(&broken).is_err());
    }
}

/// Undoes `escapeData` / `escapeProperty` of the Actions toolkit.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_commands_cannot_be_broken_by_names() {
    let dir = hostile_dir();
    let output = run_format(dir.path(), "github", &[]);
    let text = stdout_of(&output);
    assert_no_raw_controls("github", &text);
    let lines: Vec<&str> = text.lines().collect();
    // Two annotations (the waived duplicate-id is not one) and the summary line.
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[2].starts_with("orglint: "));
    for line in &lines[..2] {
        let rest = line.strip_prefix("::").unwrap();
        let (command, rest) = rest.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&command));
        let (properties, message) = rest.split_once("::").unwrap();
        let keys: Vec<&str> = properties
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(keys, ["file", "line", "col", "title"], "{line}");
        assert!(!message.contains('\n'));
        if command == "error" {
            assert_eq!(
                unescape(message),
                "Mal\r\nlory\\u{1b}[31m RED\\u{1b}[0m | `code` *bold* [link](http://e.x) \
                 ::error :: (x1,y:2%) reports to themselves"
            );
            assert!(properties.contains("title=orglint self-manager"));
        }
    }
    assert!(lines[1].starts_with("::warning file=hostile.yaml,line=10,"));
    assert!(lines[1].contains("100%25: <script>"));
    // -q: the annotations alone.
    let quiet = orglint_in(dir.path())
        .args(["check", "-q", "hostile.yaml", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&quiet).lines().collect::<Vec<_>>(), lines[..2]);
}

/// `|` not preceded by a backslash: the cell separators of a Markdown table row.
fn unescaped_pipes(row: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

#[test]
fn markdown_tables_hold_whatever_the_names_contain() {
    let dir = hostile_dir();
    let output = run_format(dir.path(), "markdown", &[]);
    let text = stdout_of(&output);
    assert_no_raw_controls("markdown", &text);
    for raw in ["<script>", "<b>", "<i>", "*bold*", "[link](", "`code`"] {
        assert!(!text.contains(raw), "unescaped {raw} in {text}");
    }
    assert!(text.contains("&lt;script&gt;"));
    let findings: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("| Severity | Rule |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(findings.len(), 3, "{text}");
    for row in &findings {
        assert_eq!(unescaped_pipes(row), 5, "row split into extra cells: {row}");
    }
    assert!(findings.iter().any(|r| r.starts_with("| waived (error) |")));
    assert!(
        text.contains("| error | 1 |\n| warning | 1 |\n| info | 0 |\n| waived | 1 |\n"),
        "{text}"
    );
}

#[test]
fn several_reports_in_one_run_and_stdout_keeps_its_format() {
    let dir = hostile_dir();
    let output = orglint_in(dir.path())
        .args(["check", "hostile.yaml", "--format", "github"])
        .args([
            "--report",
            "sarif=out/r.sarif",
            "--report",
            "junit=out/r.xml",
        ])
        .args([
            "--report",
            "markdown=out/r.md",
            "--report",
            "json=out/r.json",
        ])
        .args(["--report", "text=out/r.txt"])
        .output();
    // The folder does not exist: exit 2, and nothing half-written.
    let output = output.unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("out/r.sarif"));
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let output = orglint_in(dir.path())
        .args(["check", "hostile.yaml", "--format", "github"])
        .args([
            "--report",
            "sarif=out/r.sarif",
            "--report",
            "junit=out/r.xml",
        ])
        .args([
            "--report",
            "markdown=out/r.md",
            "--report",
            "json=out/r.json",
        ])
        .args(["--report", "text=out/r.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout_of(&output).starts_with("::error "));
    let read = |name: &str| std::fs::read_to_string(dir.path().join("out").join(name)).unwrap();
    let sarif: Value = serde_json::from_str(&read("r.sarif")).unwrap();
    assert!(sarif_errors(&sarif).is_empty());
    assert_eq!(junit_counts(&read("r.xml")).1, 1);
    assert!(read("r.md").starts_with("## orglint: "));
    let json: Value = serde_json::from_str(&read("r.json")).unwrap();
    assert_eq!(json["summary"]["error"], 1);
    assert!(read("r.txt").contains("error[self-manager]"));
    // Report files never get colour, even when stdout does.
    let output = orglint_in(dir.path())
        .args(["--color", "always", "check", "hostile.yaml"])
        .args(["--report", "text=out/plain.txt"])
        .output()
        .unwrap();
    assert!(stdout_of(&output).contains('\u{1b}'));
    assert!(!read("plain.txt").contains('\u{1b}'));
}

#[test]
fn every_format_escapes_hostile_names() {
    let dir = hostile_dir();
    for format in ReportFormat::names() {
        let output = run_format(dir.path(), format, &[]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = stdout_of(&output);
        assert_no_raw_controls(format, &text);
        // A name's line break never starts a new output line of its own.
        assert!(
            !text.lines().any(|l| l.starts_with("lory")),
            "{format}: {text}"
        );
    }
}

#[test]
fn library_check_and_report_agree_on_failing() {
    let chart =
        orglint::load::load_files(&[example("problems.yaml")], &Default::default()).unwrap();
    let options = CheckOptions::new(Rulebook::builtin().unwrap());
    let outcome = check(&chart, &options);
    let data = ReportData {
        chart: &chart,
        findings: &outcome.findings,
        errors: &[],
        summary: outcome.summary,
        people: outcome.people,
        fail_on: FailOn::Never,
        rulebook: &options.rulebook,
        redact: false,
        rules: options.rules_run(),
        baseline: false,
        config: None,
        reconcile: None,
    };
    assert!(!data.fails());
    let mut out = Vec::new();
    ReportFormat::Junit
        .emitter(Default::default())
        .emit(&data, &mut out)
        .unwrap();
    let (_, failures, _) = junit_counts(std::str::from_utf8(&out).unwrap());
    assert_eq!(failures, 0, "fail-on never: nothing fails");
}

/// The `run` script of a step of the composite action in action.yml.
fn action_step_script(step_id: &str) -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap();
    let action: Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let step = steps.iter().find(|s| s["id"] == step_id).unwrap();
    assert_eq!(step["shell"], "bash");
    step["run"].as_str().unwrap().to_owned()
}

#[test]
fn the_action_annotates_appends_the_summary_and_writes_sarif() {
    let dir = hostile_dir();
    let dir = dir.path();
    let summary = dir.join("step-summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("orglint");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("bash")
        .args(["-e", "-c", &action_step_script("check")])
        .current_dir(dir)
        .env("PATH", path)
        .env("RUNNER_TEMP", dir)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", dir.join("output"))
        .env("ORGLINT_FILES", "hostile.yaml")
        .env("ORGLINT_ARGS", "--fail-on warning")
        .env("ORGLINT_SARIF", "orglint.sarif")
        .env("ORGLINT_SUMMARY", "true")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = stdout_of(&output);
    assert!(
        stdout.starts_with("::error file=hostile.yaml,line=7,col=17,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("::warning file=hostile.yaml,line=10,"),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(
        summary.starts_with("earlier step\n## orglint: "),
        "{summary}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("output")).unwrap(),
        "exit-code=1\n"
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("orglint.sarif")).unwrap()).unwrap();
    assert!(sarif_errors(&sarif).is_empty());
}

#[test]
fn markdown_caps_the_findings_table_for_step_summaries() {
    let mut chart = Chart::default();
    chart.add_source("org.yaml", String::new());
    let rulebook = Rulebook::builtin().unwrap();
    let findings: Vec<Finding> = (0..orglint::report::MARKDOWN_MAX_ROWS + 7)
        .map(|i| {
            Finding::new(
                RuleId::SELF_MANAGER,
                Severity::Error,
                format!("p{i} reports to themselves"),
            )
            .subject(format!("p{i}"))
        })
        .collect();
    let data = ReportData {
        chart: &chart,
        findings: &findings,
        errors: &[],
        summary: orglint::finding::Summary::of(&findings),
        people: findings.len(),
        fail_on: FailOn::Error,
        rulebook: &rulebook,
        redact: false,
        rules: Vec::new(),
        baseline: false,
        config: None,
        reconcile: None,
    };
    let mut out = Vec::new();
    ReportFormat::Markdown
        .emitter(Default::default())
        .emit(&data, &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| error | `"))
        .count();
    assert_eq!(rows, orglint::report::MARKDOWN_MAX_ROWS);
    assert!(text.contains("… and 7 more finding(s)"), "{text}");
    assert!(text.contains(&format!("| error | {} |", findings.len())));
}

#[test]
fn json_reports_match_their_schema_with_hostile_names_and_redaction() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schemas/report.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = hostile_dir();
    for redact in [false, true] {
        let mut cmd = orglint_in(dir.path());
        cmd.args(["check", "hostile.yaml", "--format", "json"]);
        if redact {
            cmd.arg("--redact");
        }
        let output = cmd.output().unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let waived = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["waived"] == true)
            .unwrap();
        let expected = if redact {
            "(reason withheld under --redact)"
        } else {
            "Known | <i>issue</i>\r\nsee %0A ticket: 1, 2"
        };
        assert_eq!(waived["waiver_reason"], expected);
    }
}
