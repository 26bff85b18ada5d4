//! Defects found by using the command line as a demanding user would, each pinned end to end:
//! exit codes behind a closed pipe, all-or-nothing output files, escaping of rulebook text,
//! and CSV input that must not lose rows silently.

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

fn orglint() -> Command {
    let mut command = Command::cargo_bin("orglint").unwrap();
    command.env_remove("NO_COLOR");
    command
}

fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

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
    for format in ["text", "json", "sarif", "junit", "github", "markdown"] {
        let (code, stderr) = exit_code_after_head_1(&["check", "--format", format, &big]);
        assert_eq!(code, Some(1), "check --format {format}: {stderr}");
        assert_eq!(stderr, "", "check --format {format}");
    }
    let acme = example("acme.yaml");
    for format in ["text", "json", "markdown"] {
        let (code, stderr) = exit_code_after_head_1(&["diff", "--format", format, &acme, &big]);
        assert_eq!(code, Some(1), "diff --format {format}: {stderr}");
        assert_eq!(stderr, "", "diff --format {format}");
    }
}

#[test]
fn a_report_that_cannot_be_written_leaves_no_other_report_written() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("report.json");
    let baseline = dir.path().join("baseline.json");
    let missing = dir.path().join("no-such-dir/report.sarif");
    orglint()
        .arg("check")
        .arg(example("problems.yaml"))
        .arg("--report")
        .arg(format!("json={}", written.display()))
        .arg("--write-baseline")
        .arg(&baseline)
        .arg("--report")
        .arg(format!("sarif={}", missing.display()))
        .assert()
        .code(2)
        .stdout("");
    assert!(!written.exists(), "the JSON report was written half-way");
    assert!(!baseline.exists(), "the baseline was written half-way");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn init_writes_no_config_when_the_rulebook_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where rulebook.yaml should go: it cannot be replaced by a file.
    std::fs::create_dir(dir.path().join("rulebook.yaml")).unwrap();
    orglint()
        .current_dir(dir.path())
        .args(["init", "--rulebook", "--force"])
        .assert()
        .code(2);
    assert!(
        !dir.path().join("orglint.yaml").exists(),
        "orglint.yaml points at a rulebook that was never written"
    );
}

#[test]
fn rules_escapes_control_characters_from_the_rulebook() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = orglint().args(["rules", "--dump"]).output().unwrap().stdout;
    let hostile = String::from_utf8(builtin).unwrap().replacen(
        "name: Chief Operating Officer",
        r#"name: "Chief \e[31mOperating\nOfficer""#,
        1,
    );
    assert!(
        hostile.contains(r"\e[31m"),
        "the rulebook changed its COO name"
    );
    let path = dir.path().join("rulebook.yaml");
    std::fs::write(&path, hostile).unwrap();
    let output = orglint()
        .arg("rules")
        .arg("--rules")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains('\x1b'), "raw escape in `rules`: {stdout}");
    assert!(
        stdout.contains(r"Chief \u{1b}[31mOperating\nOfficer"),
        "{stdout}"
    );
}

#[test]
fn a_csv_quote_left_open_is_an_input_error_not_lost_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.csv");
    // The quote opened on line 3 is never closed: the csv reader would take the rest of the
    // file as one cell, and Bob and Carol would vanish without a word.
    std::fs::write(
        &path,
        "id,name,reports_to\nceo,Boss,\na,\"Alice,ceo\nb,Bob,ceo\nc,Carol,ceo\n",
    )
    .unwrap();
    for command in ["check", "stats"] {
        let output = orglint().arg(command).arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(output.stdout.is_empty(), "{command}");
        assert!(
            stderr.contains("people.csv:3:3: ") && stderr.contains("expected a closing"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn a_csv_with_balanced_quotes_still_loads() {
    // Commas and doubled quotes inside quoted cells, and a quote inside a plain cell.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.csv");
    std::fs::write(
        &path,
        "id,name,title,reports_to\r\nceo,\"Boss, The\",\"Chief \"\"Big\"\" Executive\",\r\nb,Bob 5\" tall,\"x\"\r\n",
    )
    .unwrap();
    let output = orglint()
        .args(["stats", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("\"positions\": 2"), "{stdout}");
}

#[test]
fn redact_keeps_names_out_of_csv_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    // A headerless export: its first row, taken for the header, is a person.
    let headerless = dir.path().join("headerless.csv");
    std::fs::write(
        &headerless,
        "E1,Secret Alice,alice@x.example,\nE2,Secret Bob,bob@x.example,E1\n",
    )
    .unwrap();
    // A row shifted by one cell: the name lands in the vacant column.
    let shifted = dir.path().join("shifted.csv");
    std::fs::write(
        &shifted,
        "id,reports_to,vacant,name\nE1,,Secret Alice,alice@x.example\n",
    )
    .unwrap();
    for path in [&headerless, &shifted] {
        for command in ["check", "stats"] {
            let output = orglint()
                .args([command, "--redact"])
                .arg(path)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
            assert!(stderr.contains(".csv:"), "{command}: {stderr}");
            for secret in ["Secret", "alice@"] {
                assert!(!stderr.contains(secret), "{command}: {stderr}");
            }
        }
        // Without --redact the values are what helps most, and are shown.
        let output = orglint().arg("check").arg(path).output().unwrap();
        assert!(String::from_utf8_lossy(&output.stderr).contains("Secret Alice"));
    }
}

#[test]
fn quiet_diff_prints_changes_and_findings_without_heading_or_summary() {
    let (acme, problems) = (example("acme.yaml"), example("problems.yaml"));
    let full = orglint().args(["diff", &acme, &problems]).output().unwrap();
    let full = String::from_utf8(full.stdout).unwrap();
    assert!(full.contains("new finding(s)"), "{full}");
    let output = orglint()
        .args(["diff", "-q", &acme, &problems])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let quiet = String::from_utf8(output.stdout).unwrap();
    assert!(!quiet.contains("orglint diff"), "{quiet}");
    assert!(!quiet.contains("new finding(s)"), "{quiet}");
    assert!(quiet.contains("error[unknown-manager]"), "{quiet}");
    assert!(quiet.contains("Joiners ("), "{quiet}");
    assert!(full.contains(quiet.trim()), "-q must only leave things out");
}

#[test]
fn standard_input_named_twice_is_refused_plainly() {
    let yaml = std::fs::read(example("minimal.yaml")).unwrap();
    for command in [&["check"][..], &["stats"], &["diagram", "-o", "-"]] {
        let output = orglint()
            .args(command)
            .args(["--input-format", "yaml"])
            .args(["-", "-"])
            .write_stdin(yaml.clone())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{command:?}");
        assert!(
            stderr.contains("<stdin>: standard input is read once"),
            "{command:?}: {stderr}"
        );
    }
}

#[test]
fn usage_errors_follow_the_color_flag() {
    // clap prints usage errors itself; `--color` must reach it too.
    let output = orglint()
        .args(["--color", "always", "check", "--format", "xml", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stderr.contains(&0x1b), "--color always: no colour");
    // `never` on a terminal (`script` gives the run one): no colour at all.
    let binary = assert_cmd::cargo::cargo_bin("orglint");
    let command = format!(
        "'{}' --color never check --format xml x.yaml",
        binary.display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    let terminal = String::from_utf8_lossy(&output.stdout);
    assert!(terminal.contains("invalid value 'xml'"), "{terminal}");
    assert!(!terminal.contains('\x1b'), "--color never: {terminal:?}");
}
