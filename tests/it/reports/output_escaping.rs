//! Hostile characters in names, titles, ids and file names (SPEC §6, §7): XML-forbidden
//! characters never reach JUnit or SVG (proven by xmllint and roxmltree); control and
//! invisible characters are escaped in the text, GitHub and Markdown formats; no file name or
//! value becomes a GitHub workflow command; distinct ids stay distinct DOT nodes (proven by
//! Graphviz `dot`).

use crate::support::ci_support::{dot_available, have_xmllint, orglint_in};
use std::path::Path;

/// Every person carries characters XML forbids or a terminal would hide; `x` reports to a
/// missing id, so there are findings about them.
const HOSTILE_JSON: &str = r#"{"people": [
  {"id": "ceo", "name": "Ada\uffff", "title": "Chief Executive Officer"},
  {"id": "coo", "name": "Ben\ufffe\u0001", "title": "Chief Operating Officer", "reports_to": "ceo"},
  {"id": "cio", "name": "Chen\u001b[31m", "title": "Chief Information Officer", "reports_to": "ceo"},
  {"id": "x\uffff", "name": "ghost\u200b", "title": "a\u202eb\u061c\u2028\u2029\ufeff\u200d", "reports_to": "gone\uffff\u000b\u0085"}
]}"#;

/// Raw characters that must never be sent as they are.
const NEVER_RAW: [char; 14] = [
    '\u{ffff}', '\u{fffe}', '\u{1}', '\u{1b}', '\u{b}', '\u{85}', '\u{200b}', '\u{200d}',
    '\u{202e}', '\u{61c}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{0}',
];

fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("org.json"), HOSTILE_JSON).unwrap();
    dir
}

/// The file parses as XML for xmllint and for roxmltree.
fn assert_well_formed(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    if let Err(e) = roxmltree::Document::parse_with_options(&text, options) {
        panic!("roxmltree rejects {}: {e}", path.display());
    }
    if have_xmllint() {
        let out = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "xmllint rejects {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn assert_nothing_raw(what: &str, text: &str) {
    for c in NEVER_RAW {
        assert!(
            !text.contains(c),
            "{what} has a raw U+{:04X}:\n{text}",
            c as u32
        );
    }
}

#[test]
fn junit_is_well_formed_xml_whatever_the_names() {
    let dir = hostile_dir();
    orglint_in(dir.path())
        .args(["check", "org.json", "-q", "--fail-on", "info"])
        .args(["--report", "junit=r.xml"])
        .assert()
        .code(1);
    let path = dir.path().join("r.xml");
    assert_well_formed(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_nothing_raw("JUnit", &text);
    assert!(text.contains("gone\\u{ffff}"), "{text}");
}

#[test]
fn svg_is_well_formed_xml_whatever_the_names() {
    if !dot_available() {
        return;
    }
    let dir = hostile_dir();
    orglint_in(dir.path())
        .args(["diagram", "org.json", "--findings", "-o", "chart.svg"])
        .assert()
        .code(0);
    let path = dir.path().join("chart.svg");
    assert_well_formed(&path);
    assert_nothing_raw("SVG", &std::fs::read_to_string(&path).unwrap());
}

#[test]
fn terminal_github_and_markdown_show_invisible_characters_escaped() {
    let dir = hostile_dir();
    for format in ["text", "github", "markdown", "junit", "json", "sarif"] {
        let out = orglint_in(dir.path())
            .args(["check", "org.json", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_nothing_raw(format, &stdout);
        assert_nothing_raw(format, &String::from_utf8_lossy(&out.stderr));
        match format {
            "markdown" => {}
            // JSON printed to a log: the same values, the invisible ones as JSON escapes.
            "json" => {
                assert!(stdout.contains("ghost\\u200b"), "{format}: {stdout}");
                let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                assert!(parsed.to_string().contains("ghost\u{200b}"), "{format}");
            }
            // SARIF messages are text for people, escaped as the terminal's are.
            "sarif" => assert!(stdout.contains("ghost\\\\u{200b}"), "{format}: {stdout}"),
            _ => assert!(stdout.contains("\\u{200b}"), "{format}: {stdout}"),
        }
    }
    for command in [
        &["stats", "org.json"][..],
        &["diff", "org.json", "org.json"],
    ] {
        let out = orglint_in(dir.path()).args(command).output().unwrap();
        assert_nothing_raw(command[0], &String::from_utf8_lossy(&out.stdout));
    }
}

/// Lines the Actions runner would take as a workflow command: `::` after blanks (v2), or
/// `##[` anywhere (v1).
fn workflow_commands(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.trim_start().starts_with("::") || line.contains("##["))
        .collect()
}

#[test]
fn a_file_name_cannot_issue_a_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["::warning title=x::y.yaml", " ::error::z.yaml", ":"];
    for (k, name) in names.iter().enumerate() {
        let chart = format!(
            "people:\n  - {{id: a{k}, name: '##[error]forged', reports_to: '##[error]gone'}}\n"
        );
        std::fs::write(dir.path().join(name), chart).unwrap();
    }
    for format in ["text", "markdown", "junit", "json", "sarif"] {
        let out = orglint_in(dir.path())
            .args(["check", "--input-format", "yaml"])
            .args(names)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(workflow_commands(&stdout).is_empty(), "{format}:\n{stdout}");
        match format {
            // The value is all there, its `[` written as a JSON escape.
            "json" => assert!(stdout.contains(r"##\u005berror]gone"), "{stdout}"),
            // A message for people, escaped as the terminal's are.
            "sarif" => assert!(stdout.contains(r"#\\u{23}[error]gone"), "{stdout}"),
            _ => {}
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(workflow_commands(&stderr).is_empty(), "{stderr}");
    }
    // The GitHub format issues exactly its own commands, the file name inside a property.
    let out = orglint_in(dir.path())
        .args(["check", "::warning title=x::y.yaml", "--format", "github"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let commands = workflow_commands(&stdout);
    assert!(!commands.is_empty(), "{stdout}");
    for line in commands {
        let (_, properties) = line.split_once(' ').unwrap();
        assert!(
            properties.starts_with("file=%3A%3Awarning title=x%3A%3Ay.yaml,")
                || properties.starts_with("title=orglint "),
            "{line}"
        );
    }
    assert!(
        stdout.contains("file=%3A%3Awarning title=x%3A%3Ay.yaml,"),
        "{stdout}"
    );
    // An input error names the file on standard error, escaped too.
    std::fs::write(dir.path().join("::error::broken.yaml"), "people: [").unwrap();
    let out = orglint_in(dir.path())
        .args(["check", "::error::broken.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(workflow_commands(&stderr).is_empty(), "{stderr}");
}

#[test]
fn an_id_with_a_newline_and_one_with_backslash_n_are_two_dot_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let chart = r#"{"people": [
      {"id": "ceo", "name": "Boss"},
      {"id": "a\nb", "name": "Newline", "reports_to": "ceo"},
      {"id": "a\\nb", "name": "Backslash n", "reports_to": "ceo"},
      {"id": "a\\u{a}b", "name": "Backslash u", "reports_to": "a\nb"}
    ]}"#;
    std::fs::write(dir.path().join("org.json"), chart).unwrap();
    let out = orglint_in(dir.path())
        .args(["diagram", "org.json", "--format", "dot", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    if !dot_available() {
        return;
    }
    let mut dot = std::process::Command::new("dot")
        .arg("-Tplain")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    dot.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    let plain = dot.wait_with_output().unwrap();
    assert!(plain.status.success());
    let plain = String::from_utf8(plain.stdout).unwrap();
    let nodes = plain.lines().filter(|l| l.starts_with("node ")).count();
    let edges = plain.lines().filter(|l| l.starts_with("edge ")).count();
    assert_eq!((nodes, edges), (4, 3), "{plain}");
}
