#![no_main]
//! The config parser on arbitrary text, then its waivers: an error or a config, never a panic.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = orglint::load::decode_utf8(data, "orglint.yaml") {
        if let Ok(config) = orglint::config::Config::parse(&text, "orglint.yaml") {
            let _ = config.waivers(&mut orglint::model::Chart::default());
        }
    }
});
