#![no_main]
//! The rulebook parser and validator on arbitrary text: an error or a rulebook, never a panic.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = orglint::load::decode_utf8(data, "fuzz.yaml") {
        let _ = orglint::rulebook::Rulebook::parse(&text, "fuzz.yaml");
    }
});
