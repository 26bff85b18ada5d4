#![no_main]
//! The SCIM loader: arbitrary bytes as the resources of a ListResponse, then check and
//! reports: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_and_check_wrapped(
        br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":["#,
        data,
        b"]}",
        "json",
    )
});
