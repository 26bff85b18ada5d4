#![no_main]
//! The json chart loader, then check and reports, on arbitrary bytes: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::chart_target("chart_json").run(data));
