#![no_main]
//! The SCIM loader: arbitrary bytes as the resources of a ListResponse, then check and
//! reports: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::chart_target("scim_json").run(data));
