//! Files orglint writes are written all or none: a report that cannot be written leaves no
//! other report or baseline behind, and `init` writes no config pointing at a rulebook it
//! could not write.

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
