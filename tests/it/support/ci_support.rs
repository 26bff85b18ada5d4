//! Helpers common to the tests that run the binary: running it, the examples and fixtures, the
//! external tools, and the CI formats' consumers (the vendor schemas, xmllint).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// `orglint` run in `dir` (so relative paths and config discovery start there).
pub fn orglint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("orglint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// `orglint` with the colour variables unset (`NO_COLOR`, `FORCE_COLOR`, `CLICOLOR_FORCE`), so
/// that only its flags and whether the output is a terminal decide colour.
pub fn orglint() -> Command {
    let mut command = Command::cargo_bin("orglint").unwrap();
    for name in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"] {
        command.env_remove(name);
    }
    command
}

/// A file of tests/fixtures (vendor schemas, real data; sources in its README).
pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/")).join(relative)
}

/// The path of a bundled example chart, as an argument for the binary.
pub fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The OASIS SARIF 2.1.0 schema as a validator (formats such as `uri-reference` checked).
pub fn sarif_validator() -> jsonschema::Validator {
    let path = fixture("vendor-schemas/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Every schema error of a SARIF document, empty when it is valid.
pub fn sarif_errors(document: &serde_json::Value) -> Vec<String> {
    sarif_validator()
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Whether missing tools fail the tests instead of skipping them: `ORGLINT_REQUIRE_TOOLS` is
/// set, as CI sets it (`=1`).
pub fn tools_required() -> bool {
    std::env::var_os("ORGLINT_REQUIRE_TOOLS").is_some()
}

/// Whether `program version_flag` runs and succeeds. When it does not, the test is skipped,
/// or fails when [`tools_required`]; `install` says how to get the program.
pub fn tool_available(program: &str, version_flag: &str, install: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg(version_flag)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            !tools_required(),
            "{program} is required (ORGLINT_REQUIRE_TOOLS is set) but missing: {install}"
        );
        eprintln!("skipped: {program} is not installed");
    }
    found
}

/// Whether Graphviz `dot` can be run (see [`tool_available`]).
pub fn dot_available() -> bool {
    tool_available("dot", "-V", "apt-get install graphviz")
}

/// Whether xmllint can be run (see [`tool_available`]).
pub fn have_xmllint() -> bool {
    tool_available("xmllint", "--version", "apt-get install libxml2-utils")
}

/// Validates an XML file against the Jenkins xUnit JUnit schema with xmllint; `Err` holds
/// xmllint's complaint.
pub fn xmllint_junit(path: &Path) -> Result<(), String> {
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(fixture("vendor-schemas/junit-10.xsd"))
        .arg(path)
        .output()
        .unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Runs `git ARGS` in `dir` as a test's fixed committer, with the user's and the system's
/// git config kept out; panics with git's complaint when it fails.
pub fn git_in(dir: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `check --format json` of `text` written to `name` in `dir` (a big file is streamed) and
/// of the same bytes on standard input as `format` (read whole): the exit code and what each
/// printed, standard input's name shown as the file's, to compare.
pub fn check_file_and_stdin(dir: &Path, name: &str, format: &str, text: String) -> [Checked; 2] {
    std::fs::write(dir.join(name), &text).unwrap();
    let file = orglint()
        .current_dir(dir)
        .args(["check", name, "--format", "json"])
        .output()
        .unwrap();
    let stdin = orglint()
        .current_dir(dir)
        .args(["check", "-", "--input-format", format, "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    // The name standard input goes by: `<stdin>` in messages, `-` among the inputs.
    let shown = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).replace("<stdin>", name);
        text.replace("\"file\": \"-\"", &format!("\"file\": \"{name}\""))
    };
    [file, stdin].map(|o| (o.status.code(), shown(&o.stdout), shown(&o.stderr)))
}

/// An exit code, standard output and standard error.
pub type Checked = (Option<i32>, String, String);
