//! Input errors (exit 2) reach every output format as diagnostics with file, line and column
//! (SPEC §6): a YAML typo is a GitHub annotation, a JSON `errors` entry valid against the
//! report schema, a SARIF `toolExecutionNotifications` entry valid against the OASIS schema,
//! a JUnit test case in error, a Markdown line, and a text excerpt with a caret.

use crate::support::ci_support::{orglint_in, sarif_errors, stdout_of};
use serde_json::Value;
use std::path::Path;

/// `titel` for `title` on line 5, column 5.
const TYPO: &str = "version: 1\npeople:\n  - id: ceo\n    name: Ada Moreno\n    titel: CEO\n";

fn run_on_typo(format: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chart.yaml"), TYPO).unwrap();
    let output = orglint_in(dir.path())
        .args(["check", "chart.yaml", "--format", format])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{format}: {output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("chart.yaml:5:5: unknown field `titel`"),
        "{format}: the message stays on standard error: {stderr}"
    );
    (output, dir)
}

#[test]
fn a_yaml_typo_is_a_github_annotation_at_its_line_and_column() {
    let (output, _dir) = run_on_typo("github");
    let stdout = stdout_of(&output);
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("::error file=chart.yaml,line=5,col=5,title=orglint input error::unknown field `titel` (did you mean `title`?)"),
        "{stdout}"
    );
}

#[test]
fn a_yaml_typo_is_a_json_errors_entry_valid_against_the_report_schema() {
    let (output, _dir) = run_on_typo("json");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(include_str!("../../../schemas/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:?}\n{report:#}");
    assert_eq!(
        report["inputs"],
        serde_json::json!([{"file": "chart.yaml"}])
    );
    let error = &report["errors"][0];
    assert_eq!(
        (&error["file"], &error["line"], &error["column"]),
        (&Value::from("chart.yaml"), &Value::from(5), &Value::from(5))
    );
    assert!(error["message"].as_str().unwrap().contains("titel"));
    assert!(report.get("findings").is_none());
    // The schema tells the two shapes apart: findings and errors together are invalid.
    let mut both = report.clone();
    both["summary"] = serde_json::json!({"people": 0, "error": 0, "warning": 0, "info": 0,
        "waived": 0, "existing": 0, "failed": false});
    both["findings"] = serde_json::json!([]);
    assert!(!validator.is_valid(&both));
}

#[test]
fn a_yaml_typo_is_a_sarif_tool_execution_notification() {
    let (output, _dir) = run_on_typo("sarif");
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let problems = sarif_errors(&log);
    assert!(problems.is_empty(), "{problems:?}\n{log:#}");
    let run = &log["runs"][0];
    assert_eq!(run["results"], serde_json::json!([]));
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(note["message"]["text"].as_str().unwrap().contains("titel"));
    let place = &note["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "chart.yaml");
    assert_eq!(place["region"]["startLine"], 5);
    assert_eq!(place["region"]["startColumn"], 5);
}

#[test]
fn a_yaml_typo_is_a_junit_test_case_in_error() {
    let (output, _dir) = run_on_typo("junit");
    let xml = stdout_of(&output);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(case.attribute("classname"), Some("orglint.input"));
    let error = case.children().find(|n| n.has_tag_name("error")).unwrap();
    assert!(
        error
            .attribute("message")
            .unwrap()
            .starts_with("chart.yaml:5:5: unknown field `titel`"),
        "{xml}"
    );
}

#[test]
fn a_yaml_typo_is_a_markdown_line() {
    let (output, _dir) = run_on_typo("markdown");
    let markdown = stdout_of(&output);
    assert!(
        markdown.starts_with("## orglint: ❌ input error"),
        "{markdown}"
    );
    // Markdown markup in the message is escaped (`:5:` would be an emoji shortcode).
    assert!(
        markdown.contains(r"- chart.yaml\:5\:5: unknown field \`titel\`"),
        "{markdown}"
    );
}

#[test]
fn a_yaml_typo_is_an_html_page_listing_it() {
    let (output, _dir) = run_on_typo("html");
    let html = stdout_of(&output);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    // Markup in the message (the backquotes are harmless; `<` would not be) is escaped.
    assert!(
        html.contains("<li class=\"input-error\">chart.yaml:5:5: unknown field `titel`"),
        "{html}"
    );
    assert!(
        !html.contains("http:") && !html.contains("https:"),
        "offline: {html}"
    );
}

#[test]
fn a_yaml_typo_in_text_shows_the_line_with_a_caret_at_the_column() {
    let (output, _dir) = run_on_typo("text");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.ends_with("|     titel: CEO"))
        .unwrap_or_else(|| panic!("no excerpt in\n{stderr}"));
    assert!(lines[source].trim_start().starts_with("5 |"), "{stderr}");
    let caret = lines[source + 1];
    let bar = lines[source].find('|').unwrap();
    // The caret sits under the `t` of `titel` (column 5 after the gutter's "| ").
    assert_eq!(caret.find('^'), Some(bar + 2 + 4), "{stderr}");
}

#[test]
fn stats_and_diff_report_input_errors_in_their_format_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chart.yaml"), TYPO).unwrap();
    std::fs::write(dir.path().join("good.yaml"), "people:\n  - {id: a}\n").unwrap();
    for args in [
        vec!["stats", "chart.yaml", "--format", "json"],
        vec!["diff", "good.yaml", "chart.yaml", "--format", "json"],
    ] {
        let output = orglint_in(dir.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let error = &report["errors"][0];
        assert_eq!(
            (&error["file"], &error["line"]),
            (&Value::from("chart.yaml"), &Value::from(5)),
            "{args:?}"
        );
    }
    let output = orglint_in(dir.path())
        .args(["diff", "good.yaml", "chart.yaml", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(stdout_of(&output).contains(r"- chart.yaml\:5\:5: unknown field"));
    // Text keeps standard output empty: the error is on standard error.
    let output = orglint_in(dir.path())
        .args(["stats", "chart.yaml"])
        .output()
        .unwrap();
    assert!(output.stdout.is_empty());
}

#[test]
fn a_closed_pipe_is_quiet_and_keeps_the_exit_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for args in [
        ["stats", "examples/problems.yaml", "--format", "json"],
        ["check", "examples/problems.yaml", "--format", "json"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_orglint"))
            .args(args)
            .current_dir(root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before orglint writes.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let expected = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {output:?}");
        assert!(output.stderr.is_empty(), "{args:?}: {output:?}");
    }
}
