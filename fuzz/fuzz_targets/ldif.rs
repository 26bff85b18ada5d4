#![no_main]
//! The LDIF loader (LDAP / Active Directory exports), then check and reports, on arbitrary
//! bytes: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_and_check(data, "ldif")
});
