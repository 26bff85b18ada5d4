#![no_main]
//! Paged directory exports: arbitrary bytes cut at each `%%` line into JSON files loaded
//! together (Microsoft Graph pages with `@odata.nextLink`, SCIM lists with `totalResults` and
//! `startIndex`), then check and reports: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::chart_target("json_pages").run(data));
