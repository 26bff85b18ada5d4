//! Files orglint writes are written all or none: a report that cannot be written leaves no
//! other report or baseline behind, and `init` writes no config pointing at a rulebook it
//! could not write. On an input error every report file gets its error report; a report to
//! `-` is standard output.

use crate::support::ci_support::*;

#[test]
fn a_report_that_cannot_be_written_leaves_no_other_report_written() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("report.json");
    let baseline = dir.path().join("baseline.json");
    let missing = dir.path().join("no-such-dir/report.sarif");
    orglint_in(dir.path())
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
    orglint_in(dir.path())
        .args(["init", "--rulebook", "--force"])
        .assert()
        .code(2);
    assert!(
        !dir.path().join("orglint.yaml").exists(),
        "orglint.yaml points at a rulebook that was never written"
    );
}

/// `titel` for `title` on line 5: an input error (exit 2).
const TYPO: &str = "version: 1\npeople:\n  - id: ceo\n    name: Ada Moreno\n    titel: CEO\n";

#[test]
fn an_input_error_replaces_every_report_file_with_that_formats_error_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chart.yaml"), TYPO).unwrap();
    let formats = [
        "json", "sarif", "junit", "github", "markdown", "html", "text",
    ];
    for format in formats {
        // A previous run's report, which CI would otherwise upload as this run's.
        std::fs::write(dir.path().join(format!("report.{format}")), "stale").unwrap();
    }
    let mut check = orglint_in(dir.path());
    check.arg("check").arg("chart.yaml");
    for format in formats {
        check
            .arg("--report")
            .arg(format!("{format}=report.{format}"));
    }
    check.assert().code(2).stdout("");
    for format in formats {
        let written = std::fs::read_to_string(dir.path().join(format!("report.{format}"))).unwrap();
        // The same report as `--format FORMAT` prints on standard output (text: standard
        // error, where text reports go).
        let output = orglint_in(dir.path())
            .args(["check", "chart.yaml", "--format", format])
            .output()
            .unwrap();
        let printed = if format == "text" {
            &output.stderr
        } else {
            &output.stdout
        };
        assert_eq!(written, String::from_utf8_lossy(printed), "{format}");
        assert!(written.contains("titel"), "{format}: {written}");
    }
    // An input is never replaced by a report, not even by the report of an error.
    let output = orglint_in(dir.path())
        .args(["check", "chart.yaml", "--report", "json=report.json"])
        .args(["--report", "sarif=chart.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("it is the input chart.yaml"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("chart.yaml")).unwrap(),
        TYPO
    );
}

/// `check` with no FILE whose config cannot be read does not know its chart files: a report
/// target could be one of them. It replaces what an earlier orglint run wrote there (else CI
/// uploads that run's results as this one's) and creates new files, but leaves any other
/// file as it was, saying so.
#[test]
fn a_broken_config_replaces_earlier_reports_but_no_file_that_could_be_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let chart = "version: 1\npeople:\n  - {id: ceo, title: CEO}\n";
    std::fs::write(dir.path().join("chart.yaml"), chart).unwrap();
    std::fs::write(dir.path().join("orglint.yaml"), "files: [chart.yaml]\n").unwrap();
    let reports = [
        "json=r.json",
        "sarif=r.sarif",
        "junit=r.xml",
        "markdown=r.md",
    ];
    let run = |extra: &[&str]| {
        let mut check = orglint_in(dir.path());
        check.arg("check");
        for report in reports.iter().chain(extra) {
            check.args(["--report", report]);
        }
        check.output().unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    std::fs::write(
        dir.path().join("orglint.yaml"),
        "files: [chart.yaml]\nbogus: 1\n",
    )
    .unwrap();
    let output = run(&["json=chart.yaml", "sarif=new.sarif"]);
    assert_eq!(output.status.code(), Some(2));
    for name in ["r.json", "r.sarif", "r.xml", "r.md", "new.sarif"] {
        let written = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(written.contains("bogus"), "{name}: {written}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("chart.yaml")).unwrap(),
        chart
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("chart.yaml left as it was"), "{stderr}");
}

#[test]
fn a_report_to_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("problems.yaml"), dir.path().join("problems.yaml")).unwrap();
    std::fs::write(dir.path().join("chart.yaml"), TYPO).unwrap();
    let check = |args: &[&str]| {
        orglint_in(dir.path())
            .arg("check")
            .args(args)
            .output()
            .unwrap()
    };
    let as_format = check(&["problems.yaml", "--format", "json"]);
    let as_report = check(&["problems.yaml", "--report", "json=-"]);
    assert_eq!(as_report.status.code(), Some(1));
    assert_eq!(as_report.stdout, as_format.stdout);
    assert!(
        !dir.path().join("-").exists(),
        "a file named `-` was written"
    );
    // On an input error too, standard output carries the JSON error report.
    let output = check(&["chart.yaml", "--report", "json=-"]);
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["errors"][0]["line"], 5);
    // Standard output carries one report.
    let output = check(&["problems.yaml", "--report", "json=-", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("both write to standard output"), "{stderr}");
}
