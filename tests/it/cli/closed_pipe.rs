//! A closed pipe (`orglint check | head -1` under `set -o pipefail`) keeps the exit code of
//! the findings in every format, for `check` and `diff`, and prints nothing on standard error.

use crate::support::ci_support::example;
use orglint::choice::Choice;
use orglint::cli::DiffFormat;
use orglint::report::ReportFormat;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

/// A chart whose every person reports to someone missing: an error finding each, and far
/// more output than a pipe buffer holds.
fn chart_with_many_errors(dir: &Path) -> String {
    let path = dir.join("big.yaml");
    let mut yaml = String::from("version: 1\npeople:\n");
    for i in 0..20_000 {
        yaml.push_str(&format!(
            "  - {{id: p{i}, name: Person {i}, reports_to: gone{i}}}\n"
        ));
    }
    std::fs::write(&path, yaml).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Runs orglint, reads one line of its standard output and closes the pipe (`| head -1`).
fn exit_code_after_head_1(args: &[&str]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("orglint"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty(), "{args:?}");
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_keeps_the_exit_code_of_the_findings() {
    // `set -o pipefail; orglint check org.yaml | head` must still fail the CI job.
    let dir = tempfile::tempdir().unwrap();
    let big = chart_with_many_errors(dir.path());
    for format in ReportFormat::names() {
        let (code, stderr) = exit_code_after_head_1(&["check", "--format", format, &big]);
        assert_eq!(code, Some(1), "check --format {format}: {stderr}");
        assert_eq!(stderr, "", "check --format {format}");
    }
    let acme = example("acme.yaml");
    for format in DiffFormat::names() {
        let (code, stderr) = exit_code_after_head_1(&["diff", "--format", format, &acme, &big]);
        assert_eq!(code, Some(1), "diff --format {format}: {stderr}");
        assert_eq!(stderr, "", "diff --format {format}");
    }
}
