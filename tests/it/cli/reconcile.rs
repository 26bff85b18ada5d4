//! `orglint reconcile` end to end: the record against a directory, with `check`'s flags,
//! formats and exit codes, and the reconcile rules only there.

use assert_cmd::Command;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const RECORD: &str = "examples/reconcile/hris.csv";
const DIRECTORY: &str = "examples/reconcile/directory.json";

/// Runs orglint in the crate root; (exit code, stdout, stderr).
fn orglint(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A config file with `text` in a new temporary folder (kept alive by the returned guard).
fn config_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orglint.yaml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

#[test]
fn the_example_pair_gives_its_drift_and_the_summary_first() {
    let (code, out, err) = orglint(&["reconcile", RECORD, "--against", DIRECTORY]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("record: 7 rows (0 leavers, 0 future starters)\n"),
        "{out}"
    );
    assert!(
        out.contains("matched: 6 rows (by employee number 0, email 6,"),
        "{out}"
    );
    assert!(
        out.contains("findings: manager-mismatch 1, missing-account 1, orphan-account 1"),
        "{out}"
    );
    assert!(
        out.contains("warning[missing-account]: Bo Hart (1007) has no account"),
        "{out}"
    );
    assert!(out.contains(
        "warning[manager-mismatch]: 2 people report to Kim Lo (1004) in the record but to Tom Chen (1002) in the directory: Sam Ortiz (1005), Lee Park (1006)"
    ), "{out}");
    // The orphan account points at its directory entry.
    assert!(
        out.contains("examples/reconcile/directory.json:91:5: warning[orphan-account]"),
        "{out}"
    );
    let (code, ..) = orglint(&[
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--fail-on",
        "warning",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn every_format_of_check_reports_a_reconcile() {
    for format in [
        "concise", "json", "sarif", "junit", "github", "markdown", "html",
    ] {
        let (code, out, err) = orglint(&[
            "reconcile",
            RECORD,
            "--against",
            DIRECTORY,
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(out.contains("orphan-account"), "{format}: {out}");
        assert!(out.contains("missing-account"), "{format}: {out}");
    }
}

#[test]
fn check_never_runs_the_reconcile_rules_and_reconcile_nothing_else() {
    let (_, out, _) = orglint(&["check", RECORD, "--format", "json"]);
    assert!(
        !out.contains("orphan-account") && !out.contains("missing-account"),
        "{out}"
    );
    let (_, out, _) = orglint(&[
        "check",
        RECORD,
        "--select",
        "orphan-account",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
    let (_, out, _) = orglint(&[
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["orphan-account", "missing-account", "manager-mismatch"]
    );
}

#[test]
fn a_waiver_names_an_account_by_its_key_and_only_reconcile_judges_it() {
    let (_dir, config) = config_file(
        "waivers:\n  - {rule: orphan-account, subject: 7f3c9a10-0008-4c1e-9b1a-000000000008, reason: Pat's mailbox is kept until March}\n",
    );
    let (_, out, _) = orglint(&[
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--config",
        &config,
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["findings"][0]["waived"], true, "{report}");
    assert_eq!(report["summary"]["waived"], 1);
    // `check` does not run orphan-account: its waiver is not unused there.
    let (_, out, _) = orglint(&["check", RECORD, "--config", &config, "--format", "json"]);
    assert!(!out.contains("unused-waiver"), "{out}");
}

#[test]
fn folders_are_their_chart_files_and_redaction_touches_only_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(DIRECTORY), dir.path().join("users-1.json")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a chart").unwrap();
    let folder = dir.path().to_string_lossy().into_owned();
    let (code, out, err) = orglint(&["reconcile", RECORD, "--against", &folder, "--redact"]);
    assert_eq!(code, 0, "{err}");
    // Matching used the real emails: the same six matches.
    assert!(out.contains("matched: 6 rows"), "{out}");
    for personal in ["Bo Hart", "Pat Quinn", "contoso.example", "Kim Lo"] {
        assert!(!out.contains(personal), "{personal} in {out}");
    }
    assert!(
        out.contains("1007 has no account in the directory (tried email, name)"),
        "{out}"
    );
}

#[test]
fn a_bad_reconcile_config_is_exit_2_at_its_line() {
    let (_dir, config) = config_file("reconcile:\n  match: [email, phone]\n");
    let (code, _, err) = orglint(&[
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--config",
        &config,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(":2:")
            && err.contains(
                "reconcile.match: unknown key \"phone\": expected employee_number, email or name"
            ),
        "{err}"
    );
    let (code, _, err) = orglint(&["reconcile", RECORD]);
    assert_eq!(code, 2);
    assert!(err.contains("--against"), "{err}");
}

#[test]
fn the_json_report_of_a_reconcile_is_valid_against_the_report_schema() {
    let text = std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_, out, _) = orglint(&[
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(report["reconcile"]["matched"]["by_email"], 6);
    assert_eq!(report["reconcile"]["directory"]["entries"], 7);
}
