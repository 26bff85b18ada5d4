#![no_main]
//! The Google Workspace users CSV loader: arbitrary bytes as the rows under the admin
//! console's header, then check and reports: nothing may panic.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_and_check_wrapped(
        b"First Name [Required],Last Name [Required],Email Address [Required],Employee Title,Manager Email,Department,Status [READ ONLY]\n",
        data,
        b"",
        "csv",
    )
});
