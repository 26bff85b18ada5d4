//! Severity and rule selection end to end: the config's `severity` wins over the
//! rulebook's both ways, and `--select` runs only the chosen rules, leaving other waivers
//! alone (neither unused nor expired).

use assert_cmd::Command;

fn orglint() -> Command {
    let mut cmd = Command::cargo_bin("orglint").unwrap();
    cmd.env_remove("NO_COLOR").arg("--color").arg("never");
    cmd
}

/// (rule, severity, subjects, waived) of every finding of a JSON report.
fn json_findings(stdout: &[u8]) -> Vec<(String, String, Vec<String>, bool)> {
    let report: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["rule"].as_str().unwrap().to_owned(),
                x["severity"].as_str().unwrap().to_owned(),
                x["subjects"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect(),
                x["waived"].as_bool().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn finding(
    rule: &str,
    severity: &str,
    subjects: &[&str],
    waived: bool,
) -> (String, String, Vec<String>, bool) {
    (
        rule.to_owned(),
        severity.to_owned(),
        subjects.iter().map(|s| s.to_string()).collect(),
        waived,
    )
}

/// The chart the CLI cases below check: three direct reports of the CEO, two roots.
const CLI_CHART: &str = "version: 1
people:
  - {id: ceo, title: CEO}
  - {id: coo, title: COO, reports_to: ceo}
  - {id: cio, title: CIO, reports_to: ceo}
  - {id: pa, reports_to: ceo}
  - {id: r2}
waivers:
  - {rule: span-of-control, subject: ceo, reason: Flat team}
  - {rule: multiple-roots, subject: ceo, reason: Holding, expires: 2000-01-01}
";

/// A copy of the built-in rulebook with a span limit of 2, switching span-of-control off.
fn span_rulebook(dir: &std::path::Path) -> std::path::PathBuf {
    let text = orglint::rulebook::DEFAULT_RULEBOOK
        .replace("span_of_control: 15", "span_of_control: 2")
        .replace("limits:", "severity:\n  span-of-control: off\nlimits:");
    let path = dir.join("rb.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn config_severity_wins_over_the_rulebook_severity_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    std::fs::write(&chart, CLI_CHART).unwrap();
    let rulebook = span_rulebook(dir.path());
    // The rulebook switches span-of-control off: its waiver is then not unused.
    let out = orglint()
        .current_dir(dir.path())
        .args([
            "check",
            "org.yaml",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--rules",
        ])
        .arg(&rulebook)
        .output()
        .unwrap();
    assert_eq!(
        json_findings(&out.stdout),
        vec![
            finding("expired-waiver", "error", &["ceo"], false),
            finding("multiple-roots", "warning", &["ceo", "r2"], false),
        ]
    );
    // The config switches it back on (as an error) and turns multiple-roots off: config wins.
    let config = dir.path().join("orglint.yaml");
    std::fs::write(
        &config,
        "severity: {span-of-control: error, multiple-roots: off}\n",
    )
    .unwrap();
    let out = orglint()
        .current_dir(dir.path())
        .args([
            "check",
            "org.yaml",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--rules",
        ])
        .arg(&rulebook)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(
        json_findings(&out.stdout),
        vec![
            finding("expired-waiver", "error", &["ceo"], false),
            finding("span-of-control", "error", &["ceo"], true),
        ]
    );
}

#[test]
fn select_runs_only_the_chosen_rules_and_leaves_other_waivers_alone() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    std::fs::write(&chart, CLI_CHART).unwrap();
    let rulebook = span_rulebook(dir.path());
    let config = dir.path().join("orglint.yaml");
    std::fs::write(&config, "severity: {span-of-control: warning}\n").unwrap();
    let run = |select: &str| {
        let out = orglint()
            .current_dir(dir.path())
            .args([
                "check",
                "org.yaml",
                "--format",
                "json",
                "--fail-on",
                "never",
            ])
            .arg("--rules")
            .arg(&rulebook)
            .arg("--config")
            .arg(&config)
            .args(["--select", select])
            .output()
            .unwrap();
        json_findings(&out.stdout)
    };
    // Only multiple-roots: its expired waiver lets it count, but expired-waiver itself was
    // not selected; the span waiver is not reported as unused.
    assert_eq!(
        run("multiple-roots"),
        vec![finding("multiple-roots", "warning", &["ceo", "r2"], false)]
    );
    assert_eq!(
        run("span-of-control,expired-waiver,unused-waiver"),
        vec![
            finding("expired-waiver", "error", &["ceo"], false),
            finding("span-of-control", "warning", &["ceo"], true),
        ]
    );
}
