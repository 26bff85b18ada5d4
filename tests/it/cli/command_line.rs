//! The command line itself: standard input named twice is refused plainly, usage errors
//! follow `--color`, `-q diff` leaves out only the heading and summary, and `rules` escapes
//! control characters from the rulebook.

use crate::support::ci_support::{example, orglint};

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
