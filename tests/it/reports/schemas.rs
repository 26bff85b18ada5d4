//! The JSON Schemas are checked by a real validator: the examples against the chart schema,
//! real `--format json` output against the report schema, and `orglint schema` prints them
//! byte for byte.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A chart file as JSON, read with the same YAML reader orglint uses.
fn chart_value(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str_with_options(&text, orglint::load::yaml_options(text.len())).unwrap()
}

#[test]
fn every_example_chart_is_valid_against_the_org_schema() {
    let validator = schema("org.schema.json");
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let is_chart = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "json")
        ) && name != "orglint.yaml"
            && !name.contains("rulebook")
            && !name.contains("-graph-");
        if !is_chart {
            continue;
        }
        let value = chart_value(&path);
        assert_eq!(errors(&validator, &value), Vec::<String>::new(), "{name}");
        checked.push(name);
    }
    checked.sort();
    for expected in ["acme.json", "acme.yaml", "minimal.yaml", "problems.yaml"] {
        assert!(
            checked.iter().any(|c| c == expected),
            "{expected} not checked"
        );
    }
}

#[test]
fn the_org_schema_rejects_what_the_loader_rejects() {
    let validator = schema("org.schema.json");
    for (bad, why) in [
        (
            r#"{"version": 1, "people": [{"id": "a", "titel": "CEO"}]}"#,
            "unknown field",
        ),
        (r#"{"version": 1, "people": [{"name": "A"}]}"#, "missing id"),
        (
            r#"{"version": 1, "people": [{"id": "a", "vacant": "yes"}]}"#,
            "wrong type",
        ),
        (r#"{"version": 2, "people": []}"#, "version"),
        (r#"{"version": 1, "people": [{"id": ""}]}"#, "empty id"),
        (
            r#"{"version": 1, "waivers": [{"rule": "span-of-control", "subject": "a"}]}"#,
            "no reason",
        ),
    ] {
        let value: Value = serde_json::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value), "schema accepted {why}: {bad}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.json");
        std::fs::write(&path, bad).unwrap();
        let loaded = orglint::load::load_files(
            &[path.display().to_string()],
            &orglint::load::LoadOptions::default(),
        );
        assert!(loaded.is_err(), "loader accepted {why}: {bad}");
    }
}

/// The JSON report of a run that has every kind of finding state: located, waived, failed.
fn json_report(args: &[&str]) -> Value {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(root())
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn json_reports_are_valid_against_the_report_schema() {
    let validator = schema("report.schema.json");
    let problems = json_report(&["examples/problems.yaml"]);
    assert_eq!(errors(&validator, &problems), Vec::<String>::new());
    let findings = problems["findings"].as_array().unwrap();
    assert!(findings.len() >= 6, "{problems}");
    assert!(findings.iter().any(|f| f["rule"] == "reporting-cycle"));
    assert_eq!(problems["summary"]["failed"], true);

    let waived = json_report(&["tests/cases/json-format/chart.yaml"]);
    assert_eq!(errors(&validator, &waived), Vec::<String>::new());
    assert!(waived["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["waived"] == true && f["waiver_reason"].is_string()));

    let clean = json_report(&["examples/acme.yaml", "--redact"]);
    assert_eq!(errors(&validator, &clean), Vec::<String>::new());
    assert_eq!(clean["summary"]["people"], 40);
}

#[test]
fn json_diffs_are_valid_against_the_diff_schema() {
    let validator = schema("diff.schema.json");
    let case = "tests/cases/diff-monthly-export";
    let old = format!("{case}/org-2026-11-01.csv");
    let new = format!("{case}/org-2026-12-01.csv");
    for extra in [&[][..], &["--detail"], &["--redact"]] {
        let mut args = vec!["diff", &old, &new, "--format", "json"];
        args.extend_from_slice(extra);
        let output = Command::cargo_bin("orglint")
            .unwrap()
            .current_dir(root())
            .args(&args)
            .output()
            .unwrap();
        let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(errors(&validator, &diff), Vec::<String>::new(), "{extra:?}");
        assert_eq!(diff["summary"]["team_moves"], 1, "{diff}");
    }
    let problems = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(root())
        .args(["diff", "examples/acme.yaml", "examples/problems.yaml"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let diff: Value = serde_json::from_slice(&problems.stdout).unwrap();
    assert_eq!(errors(&validator, &diff), Vec::<String>::new());
    assert!(!diff["new_findings"].as_array().unwrap().is_empty());
    // The validator is live: a diff without its shape is not one.
    let mut broken = diff.clone();
    broken.as_object_mut().unwrap().remove("shape");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn the_report_validator_is_live_and_rejects_broken_reports() {
    let validator = schema("report.schema.json");
    let good = json_report(&["examples/problems.yaml"]);
    assert!(validator.is_valid(&good));
    type Breakage = (&'static str, fn(&mut Value));
    let breakages: [Breakage; 5] = [
        ("no tool", |r| {
            r.as_object_mut().unwrap().remove("tool");
        }),
        ("bad severity", |r| {
            r["findings"][0]["severity"] = "fatal".into()
        }),
        ("line 0", |r| {
            r["findings"][0]["location"]["line"] = 0.into()
        }),
        ("no subjects", |r| {
            r["findings"][0]["subjects"] = Value::Array(vec![])
        }),
        ("extra field", |r| r["summary"]["surprise"] = 1.into()),
    ];
    for (what, breakage) in breakages {
        let mut broken = good.clone();
        breakage(&mut broken);
        assert!(
            !validator.is_valid(&broken),
            "schema accepted a report with {what}"
        );
    }
}

/// `orglint stats --format json` of `args`, run from the repository.
fn stats_json(args: &[&str]) -> Value {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(root())
        .args(["stats", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn stats_json_is_valid_against_the_stats_schema() {
    let validator = schema("stats.schema.json");
    let organogram = "tests/fixtures/uk-organogram/department_for_transport-2011-09-30";
    let (senior, junior) = (
        format!("{organogram}-senior.csv"),
        format!("{organogram}-junior.csv"),
    );
    for args in [
        &["examples/acme.yaml"][..],
        &["examples/problems.yaml", "--redact"],
        &[senior.as_str(), junior.as_str()],
    ] {
        let stats = stats_json(args);
        assert_eq!(errors(&validator, &stats), Vec::<String>::new(), "{args:?}");
    }
    // A chart with a narrow chain and more than 30 layers: every optional part present.
    let dir = tempfile::tempdir().unwrap();
    let mut chart = String::from("people:\n- {id: p0}\n");
    for i in 1..40 {
        chart.push_str(&format!("- {{id: p{i}, reports_to: p{}}}\n", i - 1));
    }
    let path = dir.path().join("chain.yaml");
    std::fs::write(&path, chart).unwrap();
    let stats = stats_json(&[path.to_str().unwrap()]);
    assert_eq!(errors(&validator, &stats), Vec::<String>::new());
    assert_eq!(stats["narrow_chains"]["count"], 1);
    assert_eq!(stats["layers"]["deeper"]["positions"], 10);
    let mut broken = stats.clone();
    broken["span_of_control"]["bands"][0]["surprise"] = 1.into();
    assert!(!validator.is_valid(&broken), "the validator is live");
}

/// `orglint schema` fills the rule names into its templates from the rule registry; the
/// files in `schemas/` must be exactly what it prints, so a rule added without regenerating
/// them fails here.
#[test]
fn schema_command_prints_the_schema_files_byte_for_byte() {
    for (kind, file) in [
        ("org", "org.schema.json"),
        ("rulebook", "rulebook.schema.json"),
        ("report", "report.schema.json"),
        ("stats", "stats.schema.json"),
        ("diff", "diff.schema.json"),
    ] {
        let expected = std::fs::read_to_string(root().join("schemas").join(file)).unwrap();
        let output = Command::cargo_bin("orglint")
            .unwrap()
            .args(["schema", kind])
            .output()
            .unwrap();
        assert!(output.status.success() && output.stderr.is_empty());
        let printed = String::from_utf8(output.stdout).unwrap();
        if printed != expected {
            let same = printed.lines().zip(expected.lines());
            let line = same.take_while(|(a, b)| a == b).count() + 1;
            panic!(
                "schemas/{file} differs from what `orglint schema {kind}` prints from line \
                 {line} on (a rule added, or its template in src/cli/schema/ changed): \
                 regenerate it with `cargo run --quiet -- schema {kind} > schemas/{file}`"
            );
        }
        // And every schema is itself a valid JSON Schema.
        schema(file);
    }
}

#[test]
fn report_files_are_written_whole_and_hold_the_errors_of_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let target = format!("json={}", report.display());
    Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(root())
        .args(["check", "--report", &target, "examples/problems.yaml"])
        .assert()
        .code(1);
    let written: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(
        errors(&schema("report.schema.json"), &written),
        Vec::<String>::new()
    );
    assert_eq!(written, json_report(&["examples/problems.yaml"]));

    let stopped = dir.path().join("errors.json");
    let target = format!("json={}", stopped.display());
    Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(root())
        .args([
            "check",
            "--report",
            &target,
            "tests/cases/bad-unknown-field/chart.yaml",
        ])
        .assert()
        .code(2)
        .stdout("");
    let written: Value = serde_json::from_slice(&std::fs::read(&stopped).unwrap()).unwrap();
    assert_eq!(
        errors(&schema("report.schema.json"), &written),
        Vec::<String>::new()
    );
    assert_eq!(written["errors"][0]["line"], 5, "{written:#}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary files left"
    );
}

#[test]
fn rule_names_in_the_schemas_are_the_rule_registry() {
    let registry: Vec<&str> = orglint::rules::ALL.iter().map(|r| r.name).collect();
    for file in ["org.schema.json", "rulebook.schema.json"] {
        let text = std::fs::read_to_string(root().join("schemas").join(file)).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        let listed: Vec<&str> = schema["$defs"]["ruleName"]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{file} has no $defs.ruleName.enum"))
            .iter()
            .map(|name| name.as_str().unwrap())
            .collect();
        assert_eq!(
            listed, registry,
            "{file}: $defs.ruleName.enum must list rules::ALL, in order"
        );
    }
}
