//! A 1,000,000-deep reporting chain and a 1,000,000-person cycle (SPEC §8): correct reports,
//! no stack overflow; and, as these runs take a while, the progress spinner (shown on a
//! terminal, never on a pipe). The charts are generated here, in compact flow YAML. They take
//! a while even in a release build, so the default `cargo test` leaves them out (`#[ignore]`);
//! `.ci/run` and `scripts/bench` run them (`cargo test --release -- --ignored`).

use assert_cmd::Command;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

const PEOPLE: usize = 1_000_000;

/// Writes `people:` with person `i` reporting to `manager(i)` (`None` = top).
fn write_chart(path: &Path, manager: impl Fn(usize) -> Option<usize>) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "people:").unwrap();
    for i in 0..PEOPLE {
        match manager(i) {
            Some(m) => writeln!(out, "- {{id: p{i}, reports_to: p{m}}}").unwrap(),
            None => writeln!(out, "- {{id: p{i}}}").unwrap(),
        }
    }
    out.flush().unwrap();
}

/// Runs `check --format json` and returns (exit code, report, stderr).
fn check_json(path: &Path) -> (i32, serde_json::Value, String) {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(path)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    (output.status.code().unwrap_or(-1), report, stderr)
}

/// Runs `check --format json` with standard error on a terminal (`script` gives it a
/// pseudo-terminal) and returns (exit code, report, what the terminal showed).
fn check_json_on_a_terminal(path: &Path) -> (i32, serde_json::Value, String) {
    let binary = assert_cmd::cargo::cargo_bin("orglint");
    let report_path = path.with_extension("report.json");
    let command = format!(
        "'{}' check --format json '{}' > '{}'",
        binary.display(),
        path.display(),
        report_path.display()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let terminal = String::from_utf8_lossy(&output.stdout).into_owned();
    let report = std::fs::read(&report_path).unwrap();
    let report = serde_json::from_slice(&report)
        .unwrap_or_else(|e| panic!("not JSON ({e}); terminal: {terminal}"));
    (output.status.code().unwrap_or(-1), report, terminal)
}

/// Findings about the reporting structure, not the role rules' findings about missing
/// executives.
fn structural(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    const STRUCTURAL: [&str; 7] = [
        "duplicate-id",
        "unknown-manager",
        "self-manager",
        "reporting-cycle",
        "multiple-roots",
        "span-of-control",
        "chain-depth",
    ];
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| STRUCTURAL.iter().any(|rule| f["rule"] == *rule))
        .collect()
}

#[test]
#[ignore = "slow (1,000,000 people): .ci/run runs it with --ignored"]
fn a_million_deep_chain_has_one_chain_depth_finding_with_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.yaml");
    write_chart(&path, |i| i.checked_sub(1));
    let (code, report, terminal) = check_json_on_a_terminal(&path);
    // The top stands in for the CEO; the missing CIO and the deep chain are warnings.
    assert_eq!(code, 0, "{terminal}");
    // A run this long shows what it is doing on a terminal, and clears it before it ends.
    assert!(terminal.contains("loading "), "{terminal:?}");
    assert!(terminal.ends_with("\r\u{1b}[2K"), "{terminal:?}");
    assert_eq!(report["summary"]["people"], PEOPLE);
    let findings = structural(&report);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "chain-depth");
    assert_eq!(finding["subjects"], serde_json::json!(["p11"]));
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("11 levels below the top"), "{message}");
    // p11 .. p999999 are all deeper than the default limit of 10.
    let deeper = PEOPLE - 11;
    assert!(
        message.contains(&format!("{deeper} people in this branch")),
        "{message}"
    );
}

/// Runs `orglint ARGS` and returns its standard output as JSON, asserting exit 0 or 1.
fn json_of(args: &[&str], path: &Path) -> serde_json::Value {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .args(args)
        .arg(path)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"))
}

#[test]
#[ignore = "slow (1,000,000 people): .ci/run runs it with --ignored"]
fn a_million_deep_chain_is_one_narrow_chain_in_stats_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.yaml");
    write_chart(&path, |i| i.checked_sub(1));
    let select = "narrow-chain,narrow-span";
    let report = json_of(&["check", "--format", "json", "--select", select], &path);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "narrow-chain");
    assert_eq!(finding["subjects"], serde_json::json!(["p0"]));
    let message = finding["message"].as_str().unwrap();
    // Everyone but the last manages one person: p0 down to p999998.
    let length = PEOPLE - 1;
    assert!(
        message.contains(&format!("a chain of {length} managers")),
        "{message}"
    );
    assert!(message.contains("down to p999998"), "{message}");

    let stats = json_of(&["stats", "--format", "json"], &path);
    assert_eq!(stats["narrow_chains"]["count"], 1);
    assert_eq!(stats["narrow_chains"]["longest"][0]["length"], length);
    assert_eq!(stats["layers"]["rows"].as_array().unwrap().len(), 30);
    assert_eq!(stats["layers"]["deeper"]["positions"], PEOPLE - 30);
    assert_eq!(stats["span_of_control"]["max"], 1);
    assert_eq!(stats["executives"][0]["layers_below"], PEOPLE - 1);
}

#[test]
#[ignore = "slow (1,000,000 people): .ci/run runs it with --ignored"]
fn a_million_person_cycle_is_one_reporting_cycle_and_has_no_root() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cycle.yaml");
    // p0 reports to p999999, which reports to p999998, ... back to p0.
    write_chart(&path, |i| Some((i + PEOPLE - 1) % PEOPLE));
    let (code, report, stderr) = check_json(&path);
    assert_eq!(code, 1, "{stderr}");
    // stderr is a pipe here: no progress spinner may appear on it, however long the run.
    assert_eq!(stderr, "");
    let findings = structural(&report);
    assert_eq!(findings.len(), 1, "only the cycle: {:?}", findings[0]);
    let finding = &findings[0];
    assert_eq!(finding["rule"], "reporting-cycle");
    let subjects = finding["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), PEOPLE);
    // In reporting order, from the member written first.
    assert_eq!(subjects[0], "p0");
    assert_eq!(subjects[1], format!("p{}", PEOPLE - 1));
    assert_eq!(subjects[PEOPLE - 1], "p1");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("reporting cycle of {PEOPLE} people")),
        "{message}"
    );
}

#[test]
#[ignore = "slow (1,000,000 people): .ci/run runs it with --ignored"]
fn stats_and_diagram_show_the_spinner_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.yaml");
    write_chart(&path, |i| i.checked_sub(1));
    let binary = assert_cmd::cargo::cargo_bin("orglint");
    for (command, shows) in [
        ("stats", "loading "),
        (
            "diagram -o chart.dot --max-nodes 100",
            "laying out 1000000 positions",
        ),
    ] {
        let (name, rest) = command.split_once(' ').unwrap_or((command, ""));
        let line = format!(
            "cd '{}' && '{}' {name} '{}' {rest} > out.txt",
            dir.path().display(),
            binary.display(),
            path.display()
        );
        let output = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let terminal = String::from_utf8_lossy(&output.stdout).into_owned();
        assert_eq!(output.status.code(), Some(0), "{command}: {terminal}");
        assert!(terminal.contains(shows), "{command}: {terminal:?}");
        // On a pipe, the same run says nothing on standard error but what it must.
        let piped = Command::cargo_bin("orglint")
            .unwrap()
            .current_dir(dir.path())
            .args(command.split(' ').take(1))
            .arg(&path)
            .args(rest.split(' ').filter(|a| !a.is_empty()))
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&piped.stderr);
        assert!(!stderr.contains("loading"), "{command}: {stderr}");
    }
}
