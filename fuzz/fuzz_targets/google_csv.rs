#![no_main]
//! The Google Workspace users CSV loader: arbitrary bytes as the rows under the admin
//! console's header, then check and reports: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::chart_target("google_csv").run(data));
