#![no_main]
//! The Microsoft Graph users loader: arbitrary bytes as the user objects of a response page
//! (`{"@odata.context": ..., "value": [DATA]}`), then check and reports: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_and_check_wrapped(br#"{"@odata.context":"x","value":["#, data, b"]}", "json")
});
