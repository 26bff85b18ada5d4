//! The change picture (`orglint diff OLD NEW -o changes.dot|svg|png|pdf|html`, SPEC §11): the
//! new chart drawn with the §7 layout and the changes marked. The DOT is drawn by the real
//! Graphviz (`neato -n2`, as orglint draws it) and the SVG parsed as XML; the page's panel is
//! used with the mouse in `html_interaction.rs`.

use super::dot_and_svg::{parse_svg, render_svg};
use crate::support::ci_support::{dot_available, orglint_in};
use std::path::Path;

/// Before: a CEO with a CTO (a team lead with two reports, a leaver, an analyst), a CFO with
/// five reports and an operations head with two.
const OLD: &str = r#"version: 1
organization: Change Co
people:
  - {id: ceo, name: Ada Top, title: Chief Executive Officer}
  - {id: cto, name: Ben Tech, title: Chief Technology Officer, reports_to: ceo}
  - {id: cfo, name: Cy Money, title: Chief Financial Officer, reports_to: ceo}
  - {id: ops, name: Olu Ops, title: Head of Operations, reports_to: ceo}
  - {id: o1, name: Oz One, title: Operator, reports_to: ops}
  - {id: o2, name: Oz Two, title: Operator, reports_to: ops}
  - {id: lead, name: Lea Lead, title: Platform Lead, reports_to: cto}
  - {id: d1, name: Dev One, title: Developer, reports_to: lead}
  - {id: d2, name: Dev Two, title: Developer, reports_to: lead}
  - {id: lx, name: LEAVER_NAME, title: Tester, reports_to: cto, email: lx@change.example}
  - {id: t1, name: Tia Title, title: Analyst, reports_to: cto}
  - {id: e1, name: Ed One, title: Accountant, reports_to: cfo}
  - {id: e2, name: Ed Two, title: Accountant, reports_to: cfo}
  - {id: e3, name: Ed Three, title: Accountant, reports_to: cfo}
  - {id: e4, name: Ed Four, title: Accountant, reports_to: cfo}
  - {id: e5, name: Ed Five, title: Accountant, reports_to: cfo}
"#;

/// After: the platform team moved to the CFO, `lx` left, `j1` joined under the CEO, `t1` has
/// a new title.
fn new_chart() -> String {
    let kept: String = OLD
        .lines()
        .filter(|l| !l.contains("id: lx,") && !l.contains("id: t1,") && !l.contains("id: lead,"))
        .map(|l| format!("{l}\n"))
        .collect();
    kept + r#"  - {id: lead, name: Lea Lead, title: Platform Lead, reports_to: cfo}
  - {id: t1, name: Tia Title, title: Senior Analyst, reports_to: cto}
  - {id: j1, name: JOINER_NAME, title: Designer, reports_to: ceo, email: j1@change.example}
"#
}

/// A folder with old.yaml and new.yaml, the leaver and the joiner named as given (YAML
/// double-quoted scalars, so escapes work).
fn charts(leaver: &str, joiner: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let name = |text: &str, placeholder: &str, value: &str| text.replace(placeholder, value);
    let old = name(OLD, "LEAVER_NAME", leaver);
    let new = name(&new_chart(), "JOINER_NAME", joiner);
    std::fs::write(dir.path().join("old.yaml"), old).unwrap();
    std::fs::write(dir.path().join("new.yaml"), new).unwrap();
    dir
}

fn plain_charts() -> tempfile::TempDir {
    charts("\"Lou Leaver\"", "\"Jo Joiner\"")
}

/// `orglint diff old.yaml new.yaml -o OUT ARGS` in `dir`, asserting exit 0 (no new finding
/// at or above error); returns its standard output.
fn picture(dir: &Path, out: &str, args: &[&str]) -> String {
    let mut all = vec!["diff", "old.yaml", "new.yaml", "-o", out];
    all.extend_from_slice(args);
    let output = orglint_in(dir).args(&all).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "orglint {all:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The DOT statement (one line) of node `name`.
fn node<'d>(dot: &'d str, name: &str) -> &'d str {
    let start = format!("\"{name}\"[");
    dot.lines()
        .map(str::trim)
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no node {name} in\n{dot}"))
}

fn struck(text: &str) -> String {
    text.chars().flat_map(|c| [c, '\u{336}']).collect()
}

#[test]
fn the_picture_marks_joiners_moves_and_leavers_and_folds_what_did_not_change() {
    let dir = plain_charts();
    let dot = picture(dir.path(), "-", &[]);
    assert!(
        node(&dot, "j1").contains(r##"fillcolor="#d5f5e3""##),
        "joiner green"
    );
    assert!(
        node(&dot, "lead").contains(r##"fillcolor="#fad7a0""##),
        "mover amber"
    );
    let leaver = node(&dot, "lx");
    assert!(leaver.contains(&struck("Lou Leaver")), "{leaver}");
    assert!(leaver.contains(r##"fillcolor="#e5e5e5""##), "{leaver}");
    // The leaver hangs under their old manager; the mover's arrow starts at theirs.
    assert!(dot.contains("\"cto\" -> \"lx\""), "{dot}");
    let arrow = dot
        .lines()
        .find(|l| l.contains("\"cto\" -> \"lead\""))
        .expect("an arrow from the old manager");
    assert!(arrow.contains(r#"style="dotted""#), "{arrow}");
    let title = node(&dot, "t1");
    assert!(
        title.contains(&struck("Analyst")),
        "old title struck: {title}"
    );
    // The team moved with its head and is folded under them; the untouched are folded.
    assert!(
        node(&dot, "+lead").contains("+2 moved with the team"),
        "{dot}"
    );
    assert!(node(&dot, "+cfo").contains("+5 unchanged"), "{dot}");
    assert!(node(&dot, "+ceo").contains("+3 unchanged"), "{dot}");
    for hidden in ["e1", "o1", "ops", "d1"] {
        assert!(!dot.contains(&format!("\"{hidden}\"[")), "{hidden} folded");
    }
    assert!(dot.contains("legend: joined"), "legend");
    assert!(dot.contains("legend: grey dotted arrow: from the old manager"));
    if dot_available() {
        render_svg(&dot);
    }

    let whole = picture(dir.path(), "-", &["--whole"]);
    assert!(!whole.contains("unchanged"), "--whole folds nothing");
    for id in ["e1", "e5", "o2", "ops", "d1", "d2"] {
        node(&whole, id);
    }
    if dot_available() {
        render_svg(&whole);
    }
}

#[test]
fn svg_png_and_pdf_are_drawn_by_graphviz_and_the_report_still_printed() {
    if !dot_available() {
        return;
    }
    let dir = plain_charts();
    let report = picture(dir.path(), "changes.svg", &[]);
    assert!(report.contains("Leavers (1)"), "{report}");
    let svg = parse_svg(&std::fs::read_to_string(dir.path().join("changes.svg")).unwrap());
    for text in ["Jo Joiner", &struck("Lou Leaver"), "+5 unchanged", "joined"] {
        assert!(
            svg.texts.iter().any(|t| t == text),
            "{text}: {:?}",
            svg.texts
        );
    }
    picture(dir.path(), "changes.png", &[]);
    let png = std::fs::read(dir.path().join("changes.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    picture(dir.path(), "changes.pdf", &[]);
    let pdf = std::fs::read(dir.path().join("changes.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
}

#[test]
fn hostile_names_are_escaped_in_every_format() {
    let leaver = r#""Mal \"q\" </script><b>x</b> \u202Eevil""#;
    let joiner = r#""Eve & <img src=x onerror=alert(1)> \" \\N \u2066x""#;
    let dir = charts(leaver, joiner);
    let dot = picture(dir.path(), "-", &[]);
    assert!(
        !dot.contains("<b>"),
        "markup reaches DOT labels only escaped"
    );
    if dot_available() {
        let svg = parse_svg(&render_svg(&dot));
        for element in ["img", "b", "script"] {
            assert!(!svg.elements.contains(element), "<{element}> in the SVG");
        }
    }
    picture(dir.path(), "changes.html", &[]);
    let page = std::fs::read_to_string(dir.path().join("changes.html")).unwrap();
    let data_start = page.find("orglint-data").unwrap();
    let data = &page[data_start..];
    let data = &data[..data.find("</script>").unwrap()];
    for raw in ["<img", "</script", "<b>", "\u{202e}", "\u{2066}"] {
        assert!(!data.contains(raw), "{raw:?} in the page's data");
    }
}

#[test]
fn the_committed_example_picture_shows_every_box() {
    let svg = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/acme-changes.svg"
    ))
    .expect("docs/acme-changes.svg is committed");
    let dot = orglint_in(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args([
            "diff",
            "examples/acme.yaml",
            "examples/acme-next.yaml",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    let dot = String::from_utf8(dot.stdout).unwrap();
    let nodes = dot
        .lines()
        .filter(|l| l.trim_start().starts_with('"') && !l.contains("->"));
    assert_eq!(parse_svg(&svg).nodes, nodes.count());
}

#[test]
fn redacted_pictures_hold_no_name_or_email() {
    let dir = plain_charts();
    let names = [
        "Lou Leaver",
        "Jo Joiner",
        "Lea Lead",
        "Tia Title",
        "Ada Top",
        "lx@change",
        "j1@change",
    ];
    let dot = picture(dir.path(), "-", &["--redact"]);
    picture(dir.path(), "changes.html", &["--redact"]);
    let page = std::fs::read_to_string(dir.path().join("changes.html")).unwrap();
    for name in names {
        assert!(!dot.contains(name), "{name} in the DOT");
        assert!(!page.contains(name), "{name} in the page");
    }
    assert!(
        node(&dot, "lx").contains(r##"fillcolor="#e5e5e5""##),
        "still marked"
    );
}

#[test]
fn the_picture_never_overwrites_an_input_or_guesses_a_format() {
    let dir = plain_charts();
    let before = std::fs::read(dir.path().join("new.yaml")).unwrap();
    for out in ["new.yaml", "changes.txt"] {
        let output = orglint_in(dir.path())
            .args(["diff", "old.yaml", "new.yaml", "-o", out])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "-o {out}");
        assert!(
            output.stdout.is_empty(),
            "nothing reported before the refusal"
        );
    }
    assert_eq!(std::fs::read(dir.path().join("new.yaml")).unwrap(), before);
    assert!(!dir.path().join("changes.txt").exists());
    let whole_alone = orglint_in(dir.path())
        .args(["diff", "old.yaml", "new.yaml", "--whole"])
        .output()
        .unwrap();
    assert_eq!(whole_alone.status.code(), Some(2), "--whole needs -o");
}
