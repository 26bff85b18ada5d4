//! orglint's integration tests, one binary (linking one test binary instead of one per file
//! keeps `cargo test` on a fresh clone short). Grouped by what they test; shared helpers are
//! in `support`. Fixtures stay outside this folder: `tests/rules/` (each rule's cases),
//! `tests/cases/` (command-line cases) and `tests/fixtures/` (real and vendor files).

mod cli;
mod diagram;
mod inputs;
mod reports;
mod rules;
mod support;
