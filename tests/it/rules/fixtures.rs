//! Every rule's fixtures, run by one harness (in the spirit of clippy's tests/ui and trycmd).
//!
//! `tests/rules/<rule-name>/` exists for every rule of `orglint::rules::ALL`. Each chart file
//! in it (`<case>.yaml`, `.json`, `.csv` or `.tsv`, one dot in the name) is a case:
//! `orglint check --format json --select <rule-name> <case>.<ext>` is run in that folder and its
//! findings, one `file:line:column: severity[rule]: message` line each (then their subjects),
//! must equal `<case>.expected`. Optional, per case: `<case>.args`, more arguments one per line
//! (put before the chart, unless they name the chart themselves; files they name carry the
//! case's name with a second dot, such as `<case>.rulebook.yaml`). A folder's `args` file replaces `--select <rule-name>` for all its
//! cases (an empty one runs every rule). Each rule needs a case where it fires and one where it
//! stays silent. See tests/rules/README.md.
//!
//! `ORGLINT_BLESS=1 cargo test --test it rules::fixtures` rewrites the `.expected` files from
//! the actual findings; review the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

const CHART_EXTENSIONS: [&str; 6] = ["yaml", "json", "csv", "tsv", "ldif", "ldf"];

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// The lines of an arguments file, if it exists.
fn args_file(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// The case charts of a rule's folder, sorted: `<case>.<ext>` with no other dot in the name.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut charts: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            matches!(name.split_once('.'), Some((_, ext)) if CHART_EXTENSIONS.contains(&ext))
        })
        .collect();
    charts.sort();
    charts
}

/// `.expected` and `.args` files whose case has no chart (left behind by a rename).
fn orphans(dir: &Path, charts: &[PathBuf]) -> Vec<String> {
    let stems: Vec<String> = charts
        .iter()
        .map(|c| {
            c.file_name()
                .unwrap()
                .to_string_lossy()
                .split('.')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut orphans: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
            matches!(ext, "expected" | "args") && !stems.iter().any(|s| s == stem)
        })
        .collect();
    orphans.sort();
    orphans
}

/// The case's findings as golden lines, or Err with what went wrong.
fn run_case(rule: &str, chart: &Path) -> Result<String, String> {
    let dir = chart.parent().unwrap();
    let file_name = chart.file_name().unwrap().to_string_lossy().into_owned();
    let stem = file_name.split_once('.').unwrap().0.to_owned();
    let case_args = args_file(&dir.join(format!("{stem}.args"))).unwrap_or_default();
    let reconciles = runs_in_reconcile(rule);
    let command = if reconciles { "reconcile" } else { "check" };
    let mut args: Vec<String> = vec![command.into(), "--format".into(), "json".into()];
    match args_file(&dir.join("args")) {
        Some(folder_args) => args.extend(folder_args),
        None if !case_args.iter().any(|a| a.starts_with("--select")) => {
            args.extend(["--select".to_owned(), rule.to_owned()])
        }
        None => {}
    }
    let names_the_chart = case_args.contains(&file_name);
    args.extend(case_args);
    if !names_the_chart {
        args.push(file_name);
    }
    if reconciles {
        args.extend(["--against".to_owned(), directory_of(dir, &stem)?]);
    }
    let output = Command::new(assert_cmd::cargo::cargo_bin("orglint"))
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!(
            "orglint {} exited with {:?}: {stderr}",
            args.join(" "),
            output.status.code()
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("orglint {}: not JSON ({e}); {stderr}", args.join(" ")))?;
    Ok(golden_lines(&report))
}

/// Whether `reconcile` runs the rule (its cases are a record and a directory).
fn runs_in_reconcile(rule: &str) -> bool {
    let def = orglint::rules::ALL.iter().find(|r| r.name == rule);
    def.is_some_and(|r| r.command == orglint::rules::Command::Reconcile)
}

/// A `reconcile` case's directory: `<case>.directory.<ext>` beside the record.
fn directory_of(dir: &Path, stem: &str) -> Result<String, String> {
    CHART_EXTENSIONS
        .iter()
        .map(|ext| format!("{stem}.directory.{ext}"))
        .find(|name| dir.join(name).is_file())
        .ok_or_else(|| {
            format!(
                "{}: no {stem}.directory.<ext> beside the record",
                dir.display()
            )
        })
}

/// `file:line:column: severity[rule]: message`, `[waived]` or `[existing]` when so, then the
/// subjects on an indented line; a finding with no place starts at `severity`.
fn golden_lines(report: &serde_json::Value) -> String {
    let mut text = String::new();
    for finding in report["findings"].as_array().expect("findings") {
        let location = &finding["location"];
        if let Some(file) = location["file"].as_str() {
            text.push_str(file);
            for key in ["line", "column"] {
                if let Some(number) = location[key].as_u64() {
                    text.push_str(&format!(":{number}"));
                }
            }
            text.push_str(": ");
        }
        let field = |key: &str| finding[key].as_str().unwrap_or_default().to_owned();
        text.push_str(&format!(
            "{}[{}]: {}",
            field("severity"),
            field("rule"),
            field("message")
        ));
        for flag in ["waived", "existing"] {
            if finding[flag] == true {
                text.push_str(&format!(" [{flag}]"));
            }
        }
        let subjects: Vec<&str> = finding["subjects"]
            .as_array()
            .map(|s| s.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        text.push_str(&format!("\n    subjects: {}\n", subjects.join(", ")));
    }
    text
}

/// Whether a golden file lists a finding of `rule`.
fn fires(expected: &str, rule: &str) -> bool {
    expected.contains(&format!("[{rule}]: "))
}

#[test]
fn every_rule_has_a_fixture_folder_and_nothing_else_does() {
    let names: Vec<&str> = orglint::rules::ALL.iter().map(|r| r.name).collect();
    let missing: Vec<&&str> = names
        .iter()
        .filter(|name| !rules_dir().join(name).is_dir())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a folder under tests/rules: {missing:?}"
    );
    let mut strays = Vec::new();
    for entry in std::fs::read_dir(rules_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && !names.contains(&name.as_str()) {
            strays.push(name);
        }
    }
    assert!(strays.is_empty(), "folders of no rule: {strays:?}");
}

#[test]
fn every_rule_fixture_gives_the_expected_findings() {
    let bless = std::env::var_os("ORGLINT_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in orglint::rules::ALL.iter().map(|r| r.name) {
        let dir = rules_dir().join(rule);
        if !dir.is_dir() {
            continue; // reported by every_rule_has_a_fixture_folder_and_nothing_else_does
        }
        let (mut fired, mut silent) = (false, false);
        let charts = cases(&dir);
        failures.extend(
            orphans(&dir, &charts)
                .into_iter()
                .map(|o| format!("{rule}/{o}: no chart of that case")),
        );
        for chart in charts {
            count += 1;
            let name = chart.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name.split_once('.').unwrap().0;
            let expected_path = dir.join(format!("{stem}.expected"));
            let actual = match run_case(rule, &chart) {
                Ok(actual) => actual,
                Err(e) => {
                    failures.push(format!("{rule}/{name}: {e}"));
                    continue;
                }
            };
            if fires(&actual, rule) {
                fired = true;
            } else {
                silent = true;
            }
            if bless {
                std::fs::write(&expected_path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != actual {
                failures.push(format!(
                    "{rule}/{name}: findings differ from {stem}.expected\n--- expected\n{expected}--- actual\n{actual}"
                ));
            }
        }
        if !fired {
            failures.push(format!("{rule}: no case where the rule fires"));
        }
        if !silent {
            failures.push(format!("{rule}: no case where the rule stays silent"));
        }
    }
    assert!(count > 0, "no cases found under {}", rules_dir().display());
    assert!(
        failures.is_empty(),
        "{} problem(s) (ORGLINT_BLESS=1 rewrites .expected files; review the diff):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn golden_lines_show_place_severity_rule_message_flags_and_subjects() {
    let report = serde_json::json!({"findings": [
        {"rule": "self-manager", "severity": "error", "message": "a reports to themselves",
         "subjects": ["a"], "location": {"file": "c.yaml", "line": 3, "column": 19},
         "waived": true, "existing": false},
        {"rule": "missing-role", "severity": "warning", "message": "no COO",
         "subjects": ["COO"], "location": null, "waived": false, "existing": false},
    ]});
    assert_eq!(
        golden_lines(&report),
        "c.yaml:3:19: error[self-manager]: a reports to themselves [waived]\n    subjects: a\n\
         warning[missing-role]: no COO\n    subjects: COO\n"
    );
    assert!(fires("warning[missing-role]: no COO\n", "missing-role"));
    assert!(!fires("warning[missing-role]: no COO\n", "missing"));
}
