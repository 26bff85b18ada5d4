//! Helpers shared by the HTML chart's test files: whether Chromium is there, the pages they
//! open, and a small DevTools Protocol driver ([`cdp`]) for real mouse and keyboard input.

#[cfg(unix)]
pub mod cdp;

use super::ci_support::{example, orglint_in, tool_available};
use std::path::{Path, PathBuf};

/// Whether Chromium can be run (see [`tool_available`]).
pub fn chromium_available() -> bool {
    tool_available("chromium", "--version", "apt-get install chromium")
}

/// `orglint ARGS` in `dir`, asserting exit 0 or 1 (findings).
pub fn orglint_ok(dir: &Path, args: &[&str]) {
    let output = orglint_in(dir).args(args).output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "orglint {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A chart of a CEO, `vps` vice presidents, each with `directors` directors, each with
/// `staff` reports without reports: ids `ceo`, `vp{v}`, `d{v}-{d}`, `s{v}-{d}-{s}`.
pub fn pyramid(vps: usize, directors: usize, staff: usize) -> String {
    let mut text = String::from(
        "version: 1\norganization: Pyramid Ltd\npeople:\n  - {id: ceo, name: Ada Root, title: Chief Executive Officer}\n",
    );
    for v in 0..vps {
        text.push_str(&format!(
            "  - {{id: vp{v}, name: Vera Vp{v}, title: Vice President, reports_to: ceo}}\n"
        ));
        for d in 0..directors {
            text.push_str(&format!(
                "  - {{id: d{v}-{d}, name: Dan Director{v}x{d}, title: Director, reports_to: vp{v}}}\n"
            ));
            for s in 0..staff {
                text.push_str(&format!(
                    "  - {{id: s{v}-{d}-{s}, name: Sam Staff{v}x{d}x{s}, title: Analyst, reports_to: d{v}-{d}}}\n"
                ));
            }
        }
    }
    text
}

/// The page of a chart too big to start expanded: `pyramid(8, 10, 20)`, 1,689 people.
/// Returns the folder and the page.
pub fn big_page() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    // 1 + 8 + 80 + 1,600 = 1,689 people: more than are drawn whole at first.
    std::fs::write(dir.path().join("big.yaml"), pyramid(8, 10, 20)).unwrap();
    orglint_ok(dir.path(), &["diagram", "big.yaml", "-o", "big.html"]);
    let page = dir.path().join("big.html");
    (dir, page)
}

/// A fresh folder holding a copy of an example chart.
pub fn with_example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(name), dir.path().join(name)).unwrap();
    dir
}

/// `orglint diagram EXAMPLE -o chart.html EXTRA...` in a fresh folder holding a copy of the
/// example: the folder and the page.
pub fn example_page(name: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = with_example(name);
    let mut args = vec!["diagram", name, "-o", "chart.html"];
    args.extend_from_slice(extra);
    orglint_ok(dir.path(), &args);
    let page = dir.path().join("chart.html");
    (dir, page)
}
