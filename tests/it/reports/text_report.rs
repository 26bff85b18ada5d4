//! The text report on a real terminal-like run: colour only when asked or on a terminal, and
//! control characters from the input never raw. Quiet on a closed pipe: `cli/closed_pipe.rs`.

use assert_cmd::Command;

const HOSTILE: &str = "tests/cases/escaped-control-characters/chart.yaml";

fn run(args: &[&str]) -> (String, String, i32) {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let (always, _, code) = run(&["check", "--color", "always", "examples/problems.yaml"]);
    assert_eq!(code, 1);
    assert!(
        always.contains("\x1b[1;31merror[duplicate-id]\x1b[0m"),
        "{always}"
    );
    let (never, _, _) = run(&["check", "--color", "never", "examples/problems.yaml"]);
    assert!(!never.contains('\x1b'));
    // `auto` with a pipe (not a terminal) is plain too.
    let (auto, _, _) = run(&["check", "examples/problems.yaml"]);
    assert_eq!(auto, never);
    assert!(never.contains("examples/problems.yaml:105:9: error[duplicate-id]: "));
}

#[test]
fn control_characters_in_names_never_reach_the_terminal() {
    for color in ["always", "never"] {
        let (out, err, code) = run(&["check", "--color", color, HOSTILE]);
        assert_eq!(code, 1, "{err}");
        // Our own colours are the only escape sequences.
        let stripped = out
            .replace("\x1b[0m", "")
            .replace("\x1b[1m", "")
            .replace("\x1b[2m", "")
            .replace("\x1b[1;31m", "")
            .replace("\x1b[1;32m", "")
            .replace("\x1b[1;33m", "")
            .replace("\x1b[1;36m", "")
            // annotate-snippets' excerpt styles: gutter, error and warning carets.
            .replace("\x1b[94m", "")
            .replace("\x1b[91m", "")
            .replace("\x1b[33m", "");
        assert!(
            !stripped.contains('\x1b'),
            "raw ESC with --color {color}: {out:?}"
        );
        assert!(
            !out.contains('\x07') && !out.contains('\u{202e}'),
            "{out:?}"
        );
        assert!(out.contains(r"Ada\u{1b}[2J\u{1b}[31mRed (ceo)"), "{out}");
        // A newline in a name cannot forge a finding line of its own.
        assert!(
            !out.lines().any(|l| l.starts_with("error[forged]")),
            "{out}"
        );
        assert!(out.contains(r"Line\nerror[forged]: fake (x\ny)"), "{out}");
    }
    let (json, _, _) = run(&["check", "--format", "json", HOSTILE]);
    assert!(!json.contains('\x1b') && !json.contains('\x07'), "{json:?}");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    // JSON keeps the real value (escaped by JSON itself), for programs to read.
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["subjects"][0] == "x\ny"));
}

#[test]
fn input_errors_escape_control_characters_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.yaml");
    std::fs::write(
        &path,
        "version: 1\npeople:\n  - {id: a, \"ti\\e[31mtle\": x}\n",
    )
    .unwrap();
    let (out, err, code) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(err.contains(r"unknown field `ti\u{1b}[31mtle`"), "{err}");
}
