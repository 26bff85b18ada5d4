#![no_main]
//! The LDIF loader on an export in parts: arbitrary bytes cut at each `%%` line into LDIF
//! files loaded together (manager DNs resolve across them, one DN twice is an error), then
//! check and reports: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::chart_target("ldif_parts").run(data));
