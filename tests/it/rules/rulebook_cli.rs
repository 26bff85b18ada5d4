//! The rulebook and config from the command line: `--rules`, the rulebook schema, `rules`,
//! `rules --dump`, `explain`, `init`, the config file's keys, `--select`/`--ignore`, and
//! waivers in the config.

use crate::support::common::{self, temp_file};
use assert_cmd::Command;
use orglint::rulebook::{Rulebook, DEFAULT_RULEBOOK};
use serde_json::Value;
use std::path::Path;

/// Runs the command and asserts exit code 2 with `needle` in the error message.
trait FailsWith {
    fn fails_with(&mut self, needle: &str);
}

impl FailsWith for Command {
    fn fails_with(&mut self, needle: &str) {
        let output = self.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
    }
}

fn orglint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("orglint").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// Runs `check --format json` in `dir` and returns (exit code, report).
fn check_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = orglint(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), report)
}

/// (rule, severity, primary subject, waived) of every finding in a JSON report.
fn summary(report: &Value) -> Vec<(String, String, String, bool)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["subjects"][0].as_str().unwrap().to_owned(),
                f["waived"].as_bool().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn row(rule: &str, severity: &str, subject: &str, waived: bool) -> (String, String, String, bool) {
    (rule.into(), severity.into(), subject.into(), waived)
}

/// COO under the CFO (reporting-line error) and the CIO under the COO (info).
const CHART: &str = "version: 1
people:
  - {id: ceo, title: Chief Executive Officer}
  - {id: cfo, title: Chief Financial Officer, reports_to: ceo}
  - {id: coo, title: Chief Operating Officer, reports_to: cfo}
  - {id: cio, title: Chief Information Officer, reports_to: coo}
";

/// A folder with `chart.yaml` (CHART) and, if given, `orglint.yaml`.
fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chart.yaml"), CHART).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("orglint.yaml"), config).unwrap();
    }
    dir
}

// ---- --rules ------------------------------------------------------------------------------

#[test]
fn rules_flag_replaces_the_built_in_rulebook() {
    let dir = project(None);
    let (code, report) = check_json(dir.path(), &["chart.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        summary(&report),
        vec![
            row("reporting-line", "error", "coo", false),
            row("reporting-line", "info", "cio", false),
        ]
    );
    // A rulebook where the COO may report to the CFO and the CIO to the COO.
    let custom = DEFAULT_RULEBOOK
        .replacen("    reports_to: [CEO]\n", "    reports_to: [CEO, CFO]\n", 1)
        .replacen(
            "    reports_to: [CEO, CFO]\n    tolerated_reports_to: [COO]\n",
            "    reports_to: [CEO, CFO, COO]\n",
            1,
        );
    std::fs::write(dir.path().join("custom.yaml"), custom).unwrap();
    let (code, report) = check_json(dir.path(), &["--rules", "custom.yaml", "chart.yaml"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(summary(&report), vec![]);
}

/// Each broken rulebook: exit 2, and the message names the file and the line.
#[test]
fn a_broken_rulebook_is_exit_2_naming_file_and_line() {
    let cases: [(&str, &str, &str); 6] = [
        ("roles:\n  - id: CEO\n    top: [\n", "bad-syntax.yaml", ""),
        (
            "roles:\n  - id: CEO\n    top: true\n  - id: COO\n    reports_to: [BOSS]\n",
            "bad-ref.yaml:4",
            "BOSS",
        ),
        (
            "roles:\n  - id: CEO\n    required: true\n",
            "bad-required.yaml:3",
            "expected error, warning, info or false",
        ),
        ("roles:\n  - id: CEO\n    aliasses: [Boss]\n", "bad-field.yaml:3", "aliasses"),
        (
            "responsibilities:\n  - {id: a}\nroles:\n  - {id: X}\ncollaborations:\n  - {responsibility: b, roles: [X]}\n",
            "bad-collab.yaml:6",
            "unknown responsibility b",
        ),
        (
            "severity:\n  span-of-contrl: off\n",
            "bad-severity.yaml:2",
            "did you mean span-of-control",
        ),
    ];
    for (text, place, what) in cases {
        let name = place.split(':').next().unwrap();
        let dir = project(None);
        std::fs::write(dir.path().join(name), text).unwrap();
        let output = orglint(dir.path())
            .args(["check", "--rules", name, "chart.yaml"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(output.stdout.is_empty(), "{name}: nothing on stdout");
        assert!(stderr.contains(place), "{name}: {stderr}");
        assert!(stderr.contains(what), "{name}: {stderr}");
        // The line is always there, also for syntax errors.
        let after = &stderr[stderr.find(&format!("{name}:")).unwrap() + name.len() + 1..];
        assert!(after.starts_with(|c: char| c.is_ascii_digit()), "{stderr}");
    }
}

#[test]
fn a_missing_rulebook_file_is_exit_2() {
    let dir = project(None);
    orglint(dir.path())
        .args(["check", "--rules", "nope.yaml", "chart.yaml"])
        .fails_with("nope.yaml");
}

// ---- the rulebook schema ------------------------------------------------------------------

fn rulebook_schema() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../../../schemas/rulebook.schema.json")).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn yaml_to_json(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

#[test]
fn the_built_in_rulebook_validates_against_the_schema() {
    let validator = rulebook_schema();
    let instance = yaml_to_json(DEFAULT_RULEBOOK);
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_schema_and_the_parser_accept_and_reject_the_same_rulebooks() {
    let validator = rulebook_schema();
    // (rulebook, valid?) — only the things a JSON Schema can express.
    let cases = [
        ("{}", true),
        ("version: 1\n", true),
        ("version: 2\n", false),
        ("roles:\n  - {id: CEO, required: error, top: true}\n", true),
        ("roles:\n  - {id: CEO, required: info}\n", true),
        ("roles:\n  - {id: CEO, required: false}\n", true),
        ("roles:\n  - {id: CEO, required: true}\n", false),
        ("roles:\n  - {id: CEO, required: warn}\n", false),
        ("roles:\n  - {id: CEO, required: 'off'}\n", false),
        ("roles:\n  - {id: ''}\n", false),
        ("roles:\n  - {name: Boss}\n", false),
        ("roles:\n  - {id: CEO, max_holders: 0}\n", false),
        ("roles:\n  - {id: CEO, max_holders: 3}\n", true),
        ("roles:\n  - {id: CEO, aliases: ['']}\n", false),
        ("roles:\n  - {id: CEO, colour: red}\n", false),
        ("roles:\n  - {id: A}\n  - {id: B}\nconflicts:\n  - {roles: [A]}\n", false),
        ("roles:\n  - {id: A}\n  - {id: B}\nconflicts:\n  - {roles: [A, B], severity: error}\n", true),
        ("roles:\n  - {id: A}\n  - {id: B}\nconflicts:\n  - {roles: [A, B], severity: fatal}\n", false),
        ("responsibilities:\n  - {id: d}\nroles:\n  - {id: A}\ncollaborations:\n  - {responsibility: d, roles: []}\n", false),
        ("responsibilities:\n  - {id: d}\nroles:\n  - {id: A}\ncollaborations:\n  - {responsibility: d, roles: [A]}\n", true),
        ("functions:\n  - {function: it, names: [IT]}\n", true),
        ("functions:\n  - {function: '', names: [IT]}\n", false),
        ("functions:\n  - {function: it}\n", false),
        ("limits: {span_of_control: 5, chain_depth: 3}\n", true),
        ("limits: {span_of_control: -1}\n", false),
        ("limits: {width: 3}\n", false),
        ("severity: {chain-depth: 'off', span-of-control: error}\n", true),
        ("severity: {chain-depth: allow}\n", false),
        ("severity: {chain-dept: error}\n", false),
        ("colour: red\n", false),
    ];
    for (text, valid) in cases {
        let by_schema = validator.is_valid(&yaml_to_json(text));
        let by_parser = Rulebook::parse(text, "case.yaml");
        assert_eq!(by_schema, valid, "schema on {text:?}");
        assert_eq!(
            by_parser.is_ok(),
            valid,
            "parser on {text:?}: {by_parser:?}"
        );
    }
}

#[test]
fn schema_rulebook_prints_the_schema_file() {
    let output = orglint(Path::new("."))
        .args(["schema", "rulebook"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        include_str!("../../../schemas/rulebook.schema.json")
    );
}

// ---- rules, rules --dump, explain ---------------------------------------------------------

#[test]
fn rules_lists_roles_duties_collaborations_conflicts_and_every_rule_with_its_severity() {
    let dir = project(Some(
        "severity: {span-of-control: error, chain-depth: 'off'}\n",
    ));
    let output = orglint(dir.path()).arg("rules").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let rulebook = Rulebook::builtin().unwrap();
    for role in &rulebook.roles {
        assert!(
            text.contains(&format!("  {:<6} ", role.id)),
            "role {}",
            role.id
        );
    }
    for duty in &rulebook.responsibilities {
        assert!(
            text.contains(&format!("  {:<26} ", duty.id)),
            "duty {}",
            duty.id
        );
    }
    let section = |name: &str| {
        let start = text
            .find(name)
            .unwrap_or_else(|| panic!("no {name} in\n{text}"));
        text[start..].split("\n\n").next().unwrap().to_owned()
    };
    let collaborations = section("Collaborations:");
    for c in common::COLLABORATIONS {
        assert!(
            collaborations.contains(&format!("{c:<26} needs COO + CIO")),
            "{collaborations}"
        );
    }
    assert!(section("Conflicts:").contains("COO + CIO (warning)"));
    assert!(text.contains("reports to CEO or CFO (tolerated: COO)"));
    assert!(text.contains("Limits: span of control 15, chain depth 10"));
    let rules = section("Rules:");
    let severity_of = |rule: &str| -> String {
        let line = rules
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule))
            .unwrap_or_else(|| panic!("{rule} not listed in\n{rules}"));
        line.split_whitespace().nth(1).unwrap().to_owned()
    };
    for rule in orglint::rules::ALL {
        let expected = match rule.name {
            "span-of-control" => "error".to_owned(),
            "chain-depth" | "narrow-span" | "narrow-chain" => "off".to_owned(),
            "title-mismatch" | "department-mismatch" => "off".to_owned(),
            "missing-role" | "role-conflict" => "per".to_owned(),
            "reporting-line" => "error/info".to_owned(),
            "unknown-manager" | "duplicate-id" | "orphan-account" => "error/warning".to_owned(),
            "multiple-roots" => "warning/info".to_owned(),
            "misplaced-responsibility" | "misplaced-department" => "warning/info".to_owned(),
            _ => rule.default_severity.to_string(),
        };
        assert_eq!(severity_of(rule.name), expected, "{}", rule.name);
    }
}

#[test]
fn rules_uses_the_rulebook_given_with_rules() {
    let dir = project(None);
    let custom = "roles:\n  - {id: BOSS, name: The Boss, required: error, top: true}\n";
    std::fs::write(dir.path().join("custom.yaml"), custom).unwrap();
    let output = orglint(dir.path())
        .args(["rules", "--rules", "custom.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Rulebook: custom.yaml"), "{text}");
    assert!(text.contains("BOSS   The Boss"), "{text}");
    assert!(!text.contains("COO"), "{text}");
}

#[test]
fn rules_dump_prints_the_built_in_rulebook_which_parses() {
    let output = orglint(Path::new("."))
        .args(["rules", "--dump"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text, DEFAULT_RULEBOOK);
    let parsed = Rulebook::parse(&text, "dump.yaml").unwrap();
    assert_eq!(parsed.roles.len(), 4);
}

#[test]
fn explain_works_for_every_rule() {
    for rule in orglint::rules::ALL {
        let output = orglint(Path::new("."))
            .args(["explain", rule.name])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", rule.name);
        let text = String::from_utf8(output.stdout).unwrap();
        let default = match rule.name {
            "missing-role" => "per role".to_owned(),
            "role-conflict" => "per conflict".to_owned(),
            "narrow-span" | "title-mismatch" | "department-mismatch" => {
                "off (info when turned on)".to_owned()
            }
            "narrow-chain" => "off (warning when turned on)".to_owned(),
            "reporting-line" => "error/info".to_owned(),
            "unknown-manager" | "duplicate-id" | "orphan-account" => "error/warning".to_owned(),
            "multiple-roots" => "warning/info".to_owned(),
            "misplaced-responsibility" | "misplaced-department" => "warning/info".to_owned(),
            _ => rule.default_severity.to_string(),
        };
        assert!(
            text.starts_with(&format!("# {} (default: {default})\n", rule.name)),
            "{text}"
        );
        for heading in ["## What it checks", "## Why", "## Example", "## How to fix"] {
            assert!(text.contains(heading), "{}: {heading}", rule.name);
        }
    }
}

#[test]
fn explain_of_an_unknown_rule_is_exit_2_with_a_suggestion() {
    orglint(Path::new("."))
        .args(["explain", "reporting-lines"])
        .fails_with("did you mean reporting-line?");
}

// ---- init ---------------------------------------------------------------------------------

#[test]
fn init_writes_a_config_that_loads_back_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    orglint(dir.path()).arg("init").assert().code(0);
    let config_path = dir.path().join("orglint.yaml");
    let written = std::fs::read_to_string(&config_path).unwrap();
    assert_eq!(written, include_str!("../../../examples/orglint.yaml"));
    assert!(
        written.lines().filter(|l| l.starts_with('#')).count() > 10,
        "commented"
    );
    let config = orglint::config::Config::load(&config_path).unwrap();
    assert_eq!(config.rules, None);
    assert!(!dir.path().join("rulebook.yaml").exists());
    // The written config is found and used by a check in that folder.
    std::fs::write(dir.path().join("chart.yaml"), CHART).unwrap();
    let (code, _) = check_json(dir.path(), &["chart.yaml"]);
    assert_eq!(code, 1);

    std::fs::write(&config_path, "fail_on: never\n").unwrap();
    orglint(dir.path())
        .arg("init")
        .fails_with("orglint.yaml already exists");
    assert_eq!(
        std::fs::read_to_string(&config_path).unwrap(),
        "fail_on: never\n"
    );
    orglint(dir.path())
        .args(["init", "--force"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&config_path).unwrap(), written);
}

#[test]
fn init_rulebook_writes_the_built_in_rulebook_and_points_the_config_at_it() {
    let dir = tempfile::tempdir().unwrap();
    orglint(dir.path())
        .args(["init", "--rulebook"])
        .assert()
        .code(0);
    let rulebook = std::fs::read_to_string(dir.path().join("rulebook.yaml")).unwrap();
    assert_eq!(rulebook, DEFAULT_RULEBOOK);
    let config_path = dir.path().join("orglint.yaml");
    let config_text = std::fs::read_to_string(&config_path).unwrap();
    assert!(
        config_text.lines().any(|l| l == "rules: ./rulebook.yaml"),
        "{config_text}"
    );
    let config = orglint::config::Config::load(&config_path).unwrap();
    assert_eq!(config.rules, Some(dir.path().join("./rulebook.yaml")));
    // The copy is what `rules` now reads; editing it changes the check.
    let output = orglint(dir.path()).arg("rules").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("rulebook.yaml"), "{text}");
    std::fs::write(dir.path().join("chart.yaml"), CHART).unwrap();
    let edited = rulebook.replacen("    reports_to: [CEO]\n", "    reports_to: [CFO]\n", 1);
    std::fs::write(dir.path().join("rulebook.yaml"), edited).unwrap();
    let (_, report) = check_json(dir.path(), &["chart.yaml"]);
    assert_eq!(
        summary(&report),
        vec![row("reporting-line", "info", "cio", false)]
    );
    // Either file existing blocks a second run.
    std::fs::remove_file(&config_path).unwrap();
    orglint(dir.path())
        .args(["init", "--rulebook"])
        .fails_with("rulebook.yaml already exists");
    assert!(!config_path.exists(), "nothing written half-way");
}

// ---- the config file ----------------------------------------------------------------------

#[test]
fn config_fail_on_sets_the_threshold_and_the_flag_wins() {
    // Only the info finding: the COO under the CEO, the CIO under the COO.
    let chart = CHART.replace("reports_to: cfo}", "reports_to: ceo}");
    let dir = project(Some("fail_on: info\n"));
    std::fs::write(dir.path().join("chart.yaml"), chart).unwrap();
    let (code, report) = check_json(dir.path(), &["chart.yaml"]);
    assert_eq!(
        summary(&report),
        vec![row("reporting-line", "info", "cio", false)]
    );
    assert_eq!(code, 1);
    let (code, _) = check_json(dir.path(), &["chart.yaml", "--fail-on", "warning"]);
    assert_eq!(code, 0);
}

#[test]
fn config_severity_overrides_and_off() {
    let dir = project(Some("severity:\n  reporting-line: warning\n"));
    let (code, report) = check_json(dir.path(), &["chart.yaml"]);
    assert_eq!(
        code, 0,
        "warnings do not fail at the default fail_on: error"
    );
    assert_eq!(
        summary(&report),
        vec![
            row("reporting-line", "warning", "cio", false),
            row("reporting-line", "warning", "coo", false),
        ]
    );
    let dir = project(Some("severity:\n  reporting-line: off\n"));
    let (code, report) = check_json(dir.path(), &["chart.yaml"]);
    assert_eq!((code, summary(&report)), (0, vec![]));
}

#[test]
fn config_with_a_bad_severity_or_unknown_key_is_exit_2_with_its_line() {
    for (config, expected) in [
        ("severity:\n  reporting-line: fatal\n", "orglint.yaml:2"),
        (
            "severity:\n  reporting-lines: off\n",
            "did you mean reporting-line",
        ),
        ("fail_on: sometimes\n", "orglint.yaml:1"),
        ("rulez: x.yaml\n", "rulez"),
        (
            "csv:\n  columns: {identifier: Staff No}\n",
            "unknown field `identifier`",
        ),
    ] {
        let dir = project(Some(config));
        orglint(dir.path())
            .args(["check", "chart.yaml"])
            .fails_with(expected);
    }
}

#[test]
fn config_rules_path_is_relative_to_the_config_file() {
    let dir = project(None);
    let sub = dir.path().join("team");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        dir.path().join("orglint.yaml"),
        "rules: policy/rulebook.yaml\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("policy")).unwrap();
    let custom =
        DEFAULT_RULEBOOK.replacen("    reports_to: [CEO]\n", "    reports_to: [CEO, CFO]\n", 1);
    std::fs::write(dir.path().join("policy/rulebook.yaml"), custom).unwrap();
    // Run from a subfolder: the config is found walking up, its rulebook beside it.
    let (_, report) = check_json(&sub, &["../chart.yaml"]);
    assert_eq!(
        summary(&report),
        vec![row("reporting-line", "info", "cio", false)]
    );
    // --rules on the command line wins over the config's.
    orglint(&sub)
        .args([
            "check",
            "--rules",
            "../policy/missing.yaml",
            "../chart.yaml",
        ])
        .fails_with("missing.yaml");
}

#[test]
fn config_csv_block_is_read() {
    let config = orglint::config::Config::parse(
        "csv:\n  columns: {id: Staff No, manager: Boss No}\n  root_markers: ['', self]\n",
        "orglint.yaml",
    )
    .unwrap();
    assert_eq!(
        config.csv.columns.get("id").map(String::as_str),
        Some("Staff No")
    );
    assert_eq!(
        config.csv.columns.get("manager").map(String::as_str),
        Some("Boss No")
    );
    assert_eq!(
        config.csv.root_markers,
        Some(vec![String::new(), "self".to_owned()])
    );
}

#[test]
fn config_waivers_waive_expire_and_go_unused() {
    let config = "waivers:
  - {rule: reporting-line, subject: coo, reason: Reorg planned}
  - {rule: reporting-line, subject: cio, reason: Old, expires: 2020-01-31}
  - {rule: span-of-control, subject: ceo, reason: Flat team}
";
    let dir = project(Some(config));
    let (code, report) = check_json(dir.path(), &["chart.yaml"]);
    assert_eq!(
        summary(&report),
        vec![
            row("expired-waiver", "error", "cio", false),
            row("reporting-line", "error", "coo", true),
            row("reporting-line", "info", "cio", false),
            row("unused-waiver", "warning", "ceo", false),
        ]
    );
    assert_eq!(code, 1, "the expired waiver is an error");
    assert_eq!(report["summary"]["waived"], 1);
    // The waivers' findings point into the config file.
    let inputs = report["inputs"].to_string();
    assert!(inputs.contains("orglint.yaml"), "{inputs}");
}

#[test]
fn a_waived_error_never_fails_the_run() {
    let dir = project(Some(
        "waivers:
  - {rule: reporting-line, subject: coo, reason: Reorg planned}
",
    ));
    let (code, report) = check_json(dir.path(), &["chart.yaml", "--fail-on", "warning"]);
    assert_eq!(report["summary"]["error"], 0);
    // The CIO's info line is below --fail-on warning: nothing fails.
    assert_eq!(code, 0);
}

#[test]
fn a_waiver_without_a_reason_is_exit_2() {
    let dir = project(Some(
        "waivers:\n  - {rule: reporting-line, subject: coo, reason: ''}\n",
    ));
    orglint(dir.path())
        .args(["check", "chart.yaml"])
        .fails_with("orglint.yaml:2");
}

// ---- --select / --ignore ------------------------------------------------------------------

#[test]
fn select_and_ignore_choose_the_rules() {
    let extra = temp_file(
        "version: 1\npeople:\n  - {id: x, title: Analyst, reports_to: ceo, owns: [it-stratgy]}\n",
        ".yaml",
    );
    let dir = project(None);
    std::fs::copy(extra.path(), dir.path().join("extra.yaml")).unwrap();
    let files = ["chart.yaml", "extra.yaml"];
    let (_, all) = check_json(dir.path(), &files);
    assert_eq!(summary(&all).len(), 3, "{all}");
    let (code, selected) = check_json(
        dir.path(),
        &[&files[..], &["--select", "unknown-responsibility"]].concat(),
    );
    assert_eq!(
        summary(&selected),
        vec![row("unknown-responsibility", "warning", "x", false)]
    );
    assert_eq!(code, 0);
    let (_, ignored) = check_json(
        dir.path(),
        &[
            &files[..],
            &["--ignore", "unknown-responsibility,span-of-control"],
        ]
        .concat(),
    );
    assert_eq!(
        summary(&ignored),
        vec![
            row("reporting-line", "error", "coo", false),
            row("reporting-line", "info", "cio", false),
        ]
    );
    orglint(dir.path())
        .args(["check", "chart.yaml", "--select", "reporting-lines"])
        .fails_with("did you mean reporting-line?");
}

#[test]
fn waivers_of_rules_not_run_are_not_unused() {
    let dir = project(Some(
        "waivers:\n  - {rule: reporting-line, subject: coo, reason: Reorg planned}\n",
    ));
    let (_, report) = check_json(dir.path(), &["chart.yaml", "--ignore", "reporting-line"]);
    assert_eq!(summary(&report), vec![]);
}
