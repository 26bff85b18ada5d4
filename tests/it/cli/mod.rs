//! The command line as a whole: the end-to-end cases under `tests/cases/`, habits users bring
//! from other linters, usage errors, closed pipes, the README's commands and `rust-version`.

mod cases;
mod closed_pipe;
mod command_line;
mod habits;
mod readme;
mod reconcile;
mod rust_version;
