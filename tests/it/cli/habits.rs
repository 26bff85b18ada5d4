//! The habits users bring from ruff, clippy and eslint, end to end: shell completions and the
//! man page, `--output-format`, `concise`, `--statistics`, per-command `--help`, config
//! discovery from the chart's folder and `files:`, standard input sniffed, baseline messages,
//! FORCE_COLOR/CLICOLOR_FORCE, the release workflow and the action's step summary.

use crate::support::ci_support::{self, example, orglint};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether a tool runs (see [`ci_support::tool_available`]); `.ci/run` installs each.
fn have(tool: &str) -> bool {
    ci_support::tool_available(tool, "--version", "see .ci/run")
}

/// The structural rules FAULTY breaks (the built-in rulebook's role rules would add more).
const SELECT: &str = "--select=unknown-manager,self-manager,multiple-roots";

/// A chart with two errors: an unknown manager and a self-manager.
const FAULTY: &str = "version: 1
people:
  - {id: ceo, name: Dana Chief, title: Chief Executive Officer}
  - {id: a, name: Al, title: Analyst, reports_to: ghost}
  - {id: b, name: Bo, title: Analyst, reports_to: b}
";

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

#[test]
fn completion_scripts_parse_in_their_shells() {
    let dir = tempfile::tempdir().unwrap();
    let shells: [(&str, Option<&[&str]>); 5] = [
        ("bash", Some(&["bash", "-n"])),
        ("zsh", Some(&["zsh", "-n"])),
        ("fish", Some(&["fish", "--no-execute"])),
        ("powershell", None),
        ("elvish", None),
    ];
    for (shell, checker) in shells {
        let output = orglint().args(["completions", shell]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = text(&output.stdout);
        for word in ["check", "diagram", "output-format", "statistics"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        // Rule names complete for `explain`, `--select` and `--ignore` (the PowerShell and
        // elvish scripts complete no values).
        if matches!(shell, "bash" | "zsh" | "fish") {
            assert!(script.contains("reporting-cycle"), "{shell}: no rule names");
        }
        let Some(checker) = checker else { continue };
        if !have(checker[0]) {
            continue;
        }
        let path = dir.path().join(format!("orglint.{shell}"));
        std::fs::write(&path, &script).unwrap();
        let parsed = std::process::Command::new(checker[0])
            .args(&checker[1..])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            parsed.status.success(),
            "{shell} cannot parse its completion: {}",
            text(&parsed.stderr)
        );
    }
    let bad = orglint().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_man_page_renders_with_man() {
    let output = orglint().arg("manpage").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let roff = text(&output.stdout);
    assert!(roff.starts_with(".ie \\n(.g .ds Aq"), "{roff}");
    assert!(roff.contains(".TH orglint 1"), "{roff}");
    if !have("man") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("orglint.1");
    std::fs::write(&page, &roff).unwrap();
    let rendered = std::process::Command::new("man")
        .args(["--warnings", "-P", "cat", "-l"])
        .arg(&page)
        .env("MANWIDTH", "100")
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{}", text(&rendered.stderr));
    assert_eq!(text(&rendered.stderr), "", "man warns about the page");
    let shown = text(&rendered.stdout);
    for part in [
        "NAME",
        "SYNOPSIS",
        "ORGLINT CHECK",
        "ORGLINT COMPLETIONS",
        "[--statistics]",
        // Every command's flags are on the page, not in pages nothing installs.
        "--fail-on",
        "--write-baseline",
        "--timeout",
    ] {
        assert!(shown.contains(part), "no {part} in:\n{shown}");
    }
    assert!(!shown.contains("orglint-check("), "{shown}");
}

/// The JSON report of a run, parsed.
fn json_report(args: &[&str]) -> Value {
    let output = orglint()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn concise_prints_one_line_per_finding_and_output_format_is_an_alias() {
    let problems = example("problems.yaml");
    let output = orglint()
        .args(["check", "-q", "--output-format", "concise", &problems])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    let report = json_report(&[&problems]);
    let findings = report["findings"].as_array().unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), findings.len(), "{stdout}");
    for (line, finding) in lines.iter().zip(findings) {
        let location = &finding["location"];
        let severity = if finding["waived"] == true {
            "waived".to_owned()
        } else {
            finding["severity"].as_str().unwrap().to_owned()
        };
        // `file:line:col: severity[rule] message` (the JSON location has no column).
        let rest = line
            .strip_prefix(&format!("{problems}:{}:", location["line"]))
            .unwrap_or_else(|| panic!("{line}"));
        let column = rest.chars().take_while(char::is_ascii_digit).count();
        assert!(column > 0, "{line}");
        let expected = format!(
            ": {severity}[{}] {}",
            finding["rule"].as_str().unwrap(),
            finding["message"].as_str().unwrap()
        );
        assert_eq!(&rest[column..], expected);
    }
    let same = orglint()
        .args(["check", "-q", "--format", "concise", &problems])
        .output()
        .unwrap();
    assert_eq!(same.stdout, output.stdout);
}

#[test]
fn statistics_match_the_json_counts() {
    let problems = example("problems.yaml");
    let report = json_report(&[&problems]);
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for finding in report["findings"].as_array().unwrap() {
        if finding["waived"] == false && finding["existing"] != true {
            *expected
                .entry(finding["rule"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    let statistics = json_report(&["--statistics", &problems]);
    let counted: BTreeMap<String, u64> = statistics
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_owned(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counted, expected);
    let summary = &report["summary"];
    let total = ["error", "warning", "info"]
        .iter()
        .map(|s| summary[s].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(counted.values().sum::<u64>(), total);

    // Text: one `count rule severity` line per rule, most first, then the total.
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    write(&chart, FAULTY);
    let output = orglint()
        .args(["check", SELECT, "--statistics", chart.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    let lines: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["1", "self-manager", "error"], "{stdout}");
    assert_eq!(lines[1], ["1", "unknown-manager", "error"], "{stdout}");
    assert!(
        stdout
            .lines()
            .nth(2)
            .unwrap()
            .starts_with("2 findings in 2 rules"),
        "{stdout}"
    );
    let sarif = orglint()
        .args([
            "check",
            "--statistics",
            "--format",
            "sarif",
            chart.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(sarif.status.code(), Some(2));
}

#[test]
fn each_command_lists_only_the_flags_it_uses() {
    let help = |command: &str| {
        let output = orglint().args([command, "--help"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        text(&output.stdout)
    };
    let schema = help("schema");
    for flag in [
        "--redact",
        "--config",
        "--rules",
        "--quiet",
        "--input-format",
    ] {
        assert!(
            !schema.contains(flag),
            "schema --help shows {flag}:\n{schema}"
        );
    }
    let init = help("init");
    assert!(!init.contains("Print only findings"), "{init}");
    assert!(!init.contains("--redact"), "{init}");
    let rules = help("rules");
    assert!(
        rules.contains("--rules") && rules.contains("--config"),
        "{rules}"
    );
    assert!(!rules.contains("--redact"), "{rules}");
    let check = help("check");
    for flag in [
        "--statistics",
        "--show-existing",
        "--redact",
        "--input-format",
        "concise",
    ] {
        assert!(check.contains(flag), "check --help lacks {flag}:\n{check}");
    }
    // diagram's help is laid out like the others: each flag's help on the flag's own line.
    let diagram = help("diagram");
    for flag in [
        "--findings",
        "--cluster <BY>",
        "--max-nodes <N>",
        "--redact",
    ] {
        let line = diagram.lines().find(|l| l.contains(flag)).unwrap();
        assert!(
            line.trim_start().len() > flag.len() + 10,
            "help of {flag} not beside it:\n{diagram}"
        );
    }
}

#[test]
fn the_config_is_found_from_the_chart_folder_and_named_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    write(&team.join("org.yaml"), FAULTY);
    write(&team.join("orglint.yaml"), "fail_on: never\n");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let chart = team.join("org.yaml");
    let output = orglint()
        .current_dir(&elsewhere)
        .args(["check", SELECT, chart.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "fail_on: never from team/");
    let summary = text(&output.stdout);
    let config = team.join("orglint.yaml");
    assert!(
        summary.ends_with(&format!("(fail-on never, config {})\n", config.display())),
        "{summary}"
    );
    // Relative to the current directory when inside it.
    let output = orglint()
        .current_dir(dir.path())
        .args(["check", SELECT, "team/org.yaml"])
        .output()
        .unwrap();
    assert!(
        text(&output.stdout).ends_with("(fail-on never, config team/orglint.yaml)\n"),
        "{}",
        text(&output.stdout)
    );
    // --config still wins.
    write(&elsewhere.join("strict.yaml"), "fail_on: error\n");
    let output = orglint()
        .current_dir(&elsewhere)
        .args([
            "check",
            SELECT,
            "--config",
            "strict.yaml",
            chart.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).ends_with("(fail-on error, config strict.yaml)\n"));
    // No config anywhere above the chart: said so.
    write(&elsewhere.join("alone.yaml"), "people: [{id: a}]\n");
    let output = orglint()
        .current_dir(&elsewhere)
        .args(["check", SELECT, "alone.yaml"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    if !Path::new("/tmp/orglint.yaml").exists() && !Path::new("/orglint.yaml").exists() {
        assert_eq!(
            stdout,
            "passed: 0 errors, 0 warnings, 0 info in 1 position (fail-on error, no config)\n"
        );
    }
}

#[test]
fn check_without_files_uses_the_config_files_list() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("orglint.yaml"),
        "fail_on: never\nfiles: [\"charts/*.yaml\", \"extra.csv\"]\n",
    );
    write(
        &dir.path().join("charts/a.yaml"),
        "people: [{id: ceo, title: Chief Executive Officer}]\n",
    );
    write(
        &dir.path().join("charts/b.yaml"),
        "people: [{id: x, reports_to: ceo}]\n",
    );
    write(&dir.path().join("extra.csv"), "id,manager\ny,ceo\n");
    let sub = dir.path().join("charts");
    // From a folder below the config: found upwards, globs relative to the config.
    let output = orglint().current_dir(&sub).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains(" in 3 positions "), "{stdout}");
    // A pattern matching nothing is an error, not a silent pass.
    write(
        &dir.path().join("orglint.yaml"),
        "files: [\"gone/*.yaml\"]\n",
    );
    let output = orglint()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("matches no file"),
        "{}",
        text(&output.stderr)
    );
    // Neither FILE nor `files:`: say what to do.
    write(&dir.path().join("orglint.yaml"), "fail_on: error\n");
    let output = orglint()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no chart to check") && stderr.contains("files:"),
        "{stderr}"
    );
}

#[test]
fn standard_input_is_sniffed() {
    let inputs = [
        ("{\"version\": 1, \"people\": [{\"id\": \"a\"}, {\"id\": \"b\", \"reports_to\": \"a\"}]}", 0),
        ("version: 1\npeople:\n  - id: a\n  - {id: b, reports_to: a}\n", 0),
        ("Employee ID,Manager ID\na,\nb,a\n", 0),
        ("Employee ID\tManager ID\na\t\nb\ta\n", 0),
        ("two positions and no format\n", 2),
    ];
    for (input, status) in inputs {
        let output = orglint()
            .args(["check", "--fail-on", "never", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(status),
            "{input:?}: {}",
            text(&output.stderr)
        );
        if status == 0 {
            assert!(
                text(&output.stdout).contains(" in 2 positions "),
                "{input:?}"
            );
        } else {
            assert!(
                text(&output.stderr).contains("cannot tell the format of standard input"),
                "{}",
                text(&output.stderr)
            );
        }
    }
}

#[test]
fn baselines_say_what_was_written_and_hide_existing_findings() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    write(&chart, FAULTY);
    let chart = chart.to_str().unwrap();
    let output = orglint()
        .current_dir(dir.path())
        .args(["check", SELECT, chart, "--write-baseline", "base.json"])
        .output()
        .unwrap();
    assert_eq!(
        text(&output.stderr),
        "orglint: wrote base.json with 2 findings\n"
    );
    let with_baseline = |extra: &[&str]| {
        let output = orglint()
            .current_dir(dir.path())
            .args(["check", SELECT, chart, "--baseline", "base.json"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        text(&output.stdout)
    };
    let hidden = with_baseline(&[]);
    assert_eq!(hidden.lines().count(), 1, "{hidden}");
    assert!(hidden.contains("2 existing (not shown"), "{hidden}");
    let concise = with_baseline(&["--format", "concise"]);
    assert_eq!(concise.lines().count(), 1, "{concise}");
    let shown = with_baseline(&["--format", "concise", "--show-existing"]);
    assert_eq!(shown.lines().count(), 3, "{shown}");
    assert!(
        shown.contains("error (existing)[unknown-manager]"),
        "{shown}"
    );
    assert!(
        shown.ends_with("2 existing in 3 positions (fail-on error, no config)\n"),
        "{shown}"
    );
    // JSON still lists them, as existing.
    let json: Value = serde_json::from_str(&with_baseline(&["--format", "json"])).unwrap();
    assert_eq!(json["summary"]["existing"], 2);
    assert_eq!(json["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn force_color_and_clicolor_force_are_honoured() {
    let problems = example("minimal.yaml");
    let coloured = |env: &[(&str, &str)], extra: &[&str]| {
        let mut command = orglint();
        command.args(["check", &problems]).args(extra);
        for (k, v) in env {
            command.env(k, v);
        }
        command.output().unwrap().stdout.contains(&0x1b)
    };
    assert!(!coloured(&[], &[]), "a pipe gets no colour");
    assert!(coloured(&[("FORCE_COLOR", "1")], &[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "0")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "1")], &["--color", "never"]));
}

#[test]
fn the_release_workflow_passes_actionlint() {
    let workflow = concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/release.yml");
    let text_of = std::fs::read_to_string(workflow).unwrap();
    for target in [
        "x86_64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(text_of.contains(target), "release.yml builds no {target}");
    }
    if !have("actionlint") {
        return;
    }
    let output = std::process::Command::new("actionlint")
        .arg(workflow)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The `run` script of a step of the composite action in action.yml.
fn action_step(step_id: &str) -> String {
    let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap();
    let action: Value = serde_saphyr::from_str(&yaml).unwrap();
    let steps = action["runs"]["steps"].as_array().unwrap();
    let step = steps.iter().find(|s| s["id"] == step_id).unwrap();
    step["run"].as_str().unwrap().to_owned()
}

#[test]
fn the_action_never_appends_a_stale_summary_after_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("good.yaml"), "people: [{id: a}]\n");
    let summary = dir.path().join("step-summary.md");
    let bin = assert_cmd::cargo::cargo_bin("orglint");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |files: &str| {
        std::process::Command::new("bash")
            .args(["-e", "-c", &action_step("check")])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("RUNNER_TEMP", dir.path())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", dir.path().join("output"))
            .env("ORGLINT_FILES", files)
            .env("ORGLINT_ARGS", "--fail-on never")
            .env("ORGLINT_SARIF", "")
            .env("ORGLINT_SUMMARY", "true")
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run("good.yaml"), Some(0));
    assert_eq!(run("missing.yaml"), Some(2));
    let written = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(
        written.matches("## orglint: ✅ passed").count(),
        1,
        "{written}"
    );
    assert!(
        written
            .ends_with("## orglint: could not check (exit 2)\n\nSee the step log for the error.\n"),
        "{written}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("orglint-summary")
        })
        .collect();
    assert!(left.is_empty(), "summary files left behind");
}

/// With `diff-since`, the action runs `orglint diff --since` and outputs the Markdown for the
/// pull-request comment (the README's workflow posts it).
#[test]
fn the_action_reviews_changes_since_a_revision() {
    if !have("git") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| ci_support::git_in(dir.path(), args);
    git(&["init", "-q", "-b", "main"]);
    write(&dir.path().join("org.yaml"), "people: [{id: a}]\n");
    git(&["add", "org.yaml"]);
    git(&["commit", "-q", "-m", "base"]);
    write(
        &dir.path().join("org.yaml"),
        "people: [{id: a}, {id: b, reports_to: a}]\n",
    );
    let bin = assert_cmd::cargo::cargo_bin("orglint");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let outputs = dir.path().join("output");
    let status = std::process::Command::new("bash")
        .args(["-e", "-c", &action_step("diff")])
        .current_dir(dir.path())
        .env("PATH", &path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_STEP_SUMMARY", dir.path().join("summary.md"))
        .env("GITHUB_OUTPUT", &outputs)
        .env("ORGLINT_FILES", "org.yaml")
        .env("ORGLINT_ARGS", "--fail-on never")
        .env("ORGLINT_SINCE", "HEAD")
        .env("ORGLINT_SUMMARY", "true")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let outputs = std::fs::read_to_string(outputs).unwrap();
    let markdown = outputs
        .lines()
        .find_map(|l| l.strip_prefix("diff="))
        .unwrap_or_else(|| panic!("no diff output: {outputs}"));
    let markdown = std::fs::read_to_string(markdown).unwrap();
    assert!(markdown.starts_with("## orglint diff: ✅"), "{markdown}");
    assert!(markdown.contains("| Joiners | 1 |"), "{markdown}");
    assert!(outputs.contains("exit-code=0"), "{outputs}");
}

#[test]
fn report_formats_are_listed_when_one_is_unknown() {
    let output = orglint()
        .args(["check", "--report", "xml=out.xml", &example("minimal.yaml")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("unknown report format \"xml\": expected one of text, concise, json, sarif, junit, github, markdown"),
        "{stderr}"
    );
}

#[test]
fn a_csv_columns_typo_has_its_line_and_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("orglint.yaml"),
        "fail_on: error\ncsv:\n  columns:\n    id: Staff No\n    nmae: Full Name\n",
    );
    let output = orglint()
        .current_dir(dir.path())
        .args([
            "check",
            &example("minimal.yaml"),
            "--config",
            "orglint.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("orglint: error: orglint.yaml:5:")
            && stderr.contains("unknown field `nmae` (did you mean `name`?)"),
        "{stderr}"
    );
}

#[test]
fn version_is_optional_in_loader_and_schema_alike() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    write(&chart, "people: [{id: a}]\n");
    let output = orglint()
        .args(["check", SELECT, chart.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let schema: Value =
        serde_json::from_str(include_str!("../../../schemas/org.schema.json")).unwrap();
    let required = schema["required"].as_array().cloned().unwrap_or_default();
    assert!(!required.contains(&Value::from("version")));
    write(&chart, "version: 2\npeople: [{id: a}]\n");
    let output = orglint()
        .args(["check", chart.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn rules_prints_the_rulebook_path_tidily() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    write(&team.join("orglint.yaml"), "rules: ./rulebook.yaml\n");
    let dump = orglint().args(["rules", "--dump"]).output().unwrap();
    std::fs::write(team.join("rulebook.yaml"), &dump.stdout).unwrap();
    let output = orglint().current_dir(&team).arg("rules").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let first = text(&output.stdout).lines().next().unwrap().to_owned();
    assert_eq!(first, "Rulebook: rulebook.yaml");
    let output = orglint()
        .current_dir(dir.path())
        .args(["rules", "--config", "team/orglint.yaml"])
        .output()
        .unwrap();
    let first = text(&output.stdout).lines().next().unwrap().to_owned();
    assert_eq!(first, "Rulebook: team/rulebook.yaml");
}

#[test]
fn stats_redact_keeps_titles_and_one_position_is_singular() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    write(
        &chart,
        "people: [{id: ceo, name: Dana Secret, title: Chief Executive Officer}]\n",
    );
    let output = orglint()
        .args([
            "stats",
            "--redact",
            "--format",
            "json",
            chart.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert!(!stdout.contains("Dana"), "{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["executives"][0]["title"], "Chief Executive Officer",
        "{stdout}"
    );
    let output = orglint()
        .args(["check", chart.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        text(&output.stdout).contains(" in 1 position ("),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn markdown_is_readable_raw() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    write(
        &chart,
        "people:\n  - {id: ceo, name: Dana, title: Chief Executive Officer}\n  - {id: x-1, name: Al (Ops), reports_to: gone-away}\n",
    );
    let output = orglint()
        .current_dir(dir.path())
        .args(["check", "--format", "markdown", "org.yaml"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("| error | `unknown-manager` | org.yaml:3 | Al (Ops) (x-1) reports to gone-away, who is not in the chart |"),
        "{stdout}"
    );
    assert!(!stdout.contains("\\("), "{stdout}");
}

/// The pre-commit hook checks the whole chart: a chart split across files, one of which a
/// commit changed, has no false `unknown-manager` for people in the other files.
#[test]
fn the_pre_commit_hook_checks_the_whole_chart() {
    #[derive(serde::Deserialize)]
    struct Hook {
        entry: String,
        pass_filenames: bool,
        files: String,
    }
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    let hooks: Vec<Hook> = serde_saphyr::from_str(&text).unwrap();
    let hook = &hooks[0];
    assert!(
        !hook.pass_filenames,
        "the hook must not pass only the changed files"
    );
    assert!(hook.files.contains("org"), "{}", hook.files);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orglint.yaml"), "files: ['org-*.yaml']\n").unwrap();
    std::fs::write(
        dir.path().join("org-exec.yaml"),
        "people:\n  - {id: ceo, name: Ann, title: CEO}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("org-ops.yaml"),
        "people:\n  - {id: coo, name: Bo, title: COO, reports_to: ceo}\n",
    )
    .unwrap();
    let mut words = hook.entry.split_whitespace();
    assert_eq!(words.next(), Some("orglint"));
    let output = ci_support::orglint_in(dir.path())
        .args(words)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("unknown-manager"), "{stdout}");
    assert!(stdout.contains("2 positions"), "{stdout}");
}

/// `files:` names the chart by what the files are, not how they are spelled: the config (and
/// its rulebook) matched by `*.yaml` are no chart, and one file matched twice, or named again
/// through a symlink, is read once.
#[test]
fn config_files_are_read_once_each_and_the_config_is_no_chart() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("x.yaml"),
        "people:\n  - {id: ceo, name: Ann, title: CEO}\n  - {id: coo, name: Bo, title: COO, reports_to: ceo}\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("sub/x.yaml", dir.path().join("link.yaml")).unwrap();
    std::fs::write(
        dir.path().join("orglint.yaml"),
        "files: ['*.yaml', 'sub/x.yaml', './sub/*.yaml']\n",
    )
    .unwrap();
    let output = ci_support::orglint_in(dir.path())
        .args(["check", "./sub/x.yaml", "sub/x.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("in 2 positions"), "{stdout}");
    let output = ci_support::orglint_in(dir.path())
        .arg("check")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains("duplicate-id"), "{stdout}");
    assert!(stdout.contains("in 2 positions"), "{stdout}");
}

/// `uses: OWNER/orglint@v0` (the major tag the release workflow moves) installs the release
/// binary of the version it points at, instead of compiling orglint on every run; a branch
/// builds from source.
#[test]
fn the_action_installs_the_release_a_major_tag_points_at() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    // Stand-ins that record what they were asked: the download fails, so the build runs.
    for (program, exit) in [("curl", 22), ("cargo", 0)] {
        let script = format!(
            "#!/bin/sh\necho \"{program} $*\" >> '{}'\nexit {exit}\n",
            dir.path().join("calls").display()
        );
        std::fs::write(bin.join(program), script).unwrap();
        std::fs::set_permissions(bin.join(program), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    let install = |reference: &str| {
        let _ = std::fs::remove_file(dir.path().join("calls"));
        let status = std::process::Command::new("bash")
            .args(["-e", "-c", &action_step("install")])
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .env("RUNNER_TEMP", dir.path())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("GITHUB_PATH", dir.path().join("github-path"))
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("ORGLINT_REF", reference)
            .env("ORGLINT_REPOSITORY", "acme/orglint")
            .status()
            .unwrap();
        assert!(status.success(), "{reference}");
        std::fs::read_to_string(dir.path().join("calls")).unwrap()
    };
    let release = format!(
        "releases/download/v{0}/orglint-v{0}-x86_64-unknown-linux-gnu.tar.gz",
        env!("CARGO_PKG_VERSION")
    );
    let major = install("v0");
    assert!(major.contains(&release), "{major}");
    let exact = install(&format!("v{}", env!("CARGO_PKG_VERSION")));
    assert!(exact.contains(&release), "{exact}");
    let branch = install("main");
    assert!(!branch.contains("curl"), "{branch}");
    assert!(branch.contains("cargo install --locked"), "{branch}");
}

#[test]
fn the_design_rules_are_off_until_a_severity_setting_or_select_turns_them_on() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("org.yaml");
    write(
        &chart,
        "people:\n- {id: ceo, title: Chief Executive Officer}\n- {id: a, reports_to: ceo}\n\
         - {id: b, reports_to: a}\n- {id: c, reports_to: b}\n- {id: d, reports_to: c}\n",
    );
    let rules_of = |config: Option<&str>, extra: &[&str]| -> Vec<String> {
        let mut command = orglint();
        command
            .current_dir(dir.path())
            .args(["check", "--format", "json"]);
        if let Some(config) = config {
            write(&dir.path().join("orglint.yaml"), config);
        }
        let output = command.args(extra).arg("org.yaml").output().unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let findings = json["findings"].as_array().unwrap();
        let mut rules: Vec<String> = findings
            .iter()
            .map(|f| format!("{}:{}", f["rule"].as_str().unwrap(), f["severity"]))
            .filter(|r| r.starts_with("narrow-"))
            .collect();
        rules.sort();
        rules
    };
    // design: only sets parameters; a plain check stays quiet.
    let design = "design: {min_span: 2, max_chain: 3}\n";
    assert!(rules_of(Some(design), &[]).is_empty());
    let on = "design: {max_chain: 3}\nseverity: {narrow-chain: error, narrow-span: warning}\n";
    assert_eq!(rules_of(Some(on), &[]), ["narrow-chain:\"error\""]);
    std::fs::remove_file(dir.path().join("orglint.yaml")).unwrap();
    assert_eq!(
        rules_of(None, &["--select", "narrow-chain"]),
        ["narrow-chain:\"warning\""]
    );

    let listing = orglint()
        .current_dir(dir.path())
        .arg("rules")
        .output()
        .unwrap();
    let listing = text(&listing.stdout);
    let line = listing
        .lines()
        .find(|l| l.trim_start().starts_with("narrow-span "))
        .unwrap();
    assert!(line.contains(" off "), "{line}");
    let explain = orglint()
        .args(["explain", "narrow-chain"])
        .output()
        .unwrap();
    assert!(
        text(&explain.stdout).starts_with("# narrow-chain (default: off (warning when turned on))")
    );
}
