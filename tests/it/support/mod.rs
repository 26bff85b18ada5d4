//! Helpers shared by the test files: checking inline charts (`common`), running the binary
//! and the CI formats' consumers (`ci_support`), and the HTML chart in Chromium
//! (`html_support`).

pub mod ci_support;
pub mod common;
pub mod html_support;
