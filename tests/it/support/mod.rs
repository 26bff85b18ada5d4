//! Helpers shared by the test files: loading and checking with the library's defaults (here),
//! checking inline charts (`common`), running the binary and the CI formats' consumers
//! (`ci_support`), and the HTML chart in Chromium (`html_support`).

pub mod ci_support;
pub mod common;
pub mod html_support;

use orglint::check::{check, CheckOptions};
use orglint::finding::Finding;
use orglint::load::{load_files, LoadOptions};
use orglint::model::Chart;
use orglint::rulebook::Rulebook;

/// The chart the files at `paths` make together, loaded with the default options.
pub fn load(paths: &[String]) -> Chart {
    load_files(paths, &LoadOptions::default()).unwrap()
}

/// The findings of `chart` under the built-in rulebook, in `check`'s order.
pub fn findings(chart: &Chart) -> Vec<Finding> {
    check(chart, &CheckOptions::new(Rulebook::builtin().unwrap())).findings
}
