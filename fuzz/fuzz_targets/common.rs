//! Shared by the chart fuzz targets: load bytes as a chart file of one format, and when they
//! load, check them and write every report, so rules and reports see arbitrary charts too.

use orglint::check::{check, CheckOptions};
use orglint::load::{load_files, LoadOptions};
use orglint::report::{ReportData, ReportFormat};
use orglint::rulebook::Rulebook;
use std::io::Write;

/// The loaders read files: each fuzzing process writes its input to its own file in /dev/shm
/// (or the temp dir), named with the format's extension.
/// [`load_and_check`] of `data` between a fixed `prefix` and `suffix`, so that the fuzzer
/// spends its time inside one format's records rather than on finding its header.
#[allow(dead_code)]
pub fn load_and_check_wrapped(prefix: &[u8], data: &[u8], suffix: &[u8], extension: &str) {
    let mut whole = Vec::with_capacity(prefix.len() + data.len() + suffix.len());
    whole.extend_from_slice(prefix);
    whole.extend_from_slice(data);
    whole.extend_from_slice(suffix);
    load_and_check(&whole, extension);
}

pub fn load_and_check(data: &[u8], extension: &str) {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let path = dir.join(format!("orglint-fuzz-{}.{extension}", std::process::id()));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(data))
        .expect("write the fuzz input");
    let path = path.to_string_lossy().into_owned();
    let Ok(chart) = load_files(&[path], &LoadOptions::default()) else {
        return;
    };
    // Parsed once: reparsing it for every input would be most of the work.
    static RULEBOOK: std::sync::OnceLock<Rulebook> = std::sync::OnceLock::new();
    let rulebook =
        RULEBOOK.get_or_init(|| Rulebook::builtin().expect("the built-in rulebook parses"));
    let mut options = CheckOptions::new(rulebook.clone());
    let outcome = check(&chart, &options);
    options.redact = true;
    let redacted = check(&chart, &options);
    for (outcome, redact) in [(&outcome, false), (&redacted, true)] {
        let data = ReportData {
            chart: &chart,
            findings: &outcome.findings,
            summary: outcome.summary,
            people: outcome.people,
            fail_on: Default::default(),
            rulebook,
            redact,
            rules: options.rules_run(),
            baseline: false,
        };
        for name in ["text", "json", "sarif", "junit", "github", "markdown"] {
            let format = ReportFormat::parse(name).expect("a report format");
            let mut out = Vec::new();
            format
                .emitter(false)
                .emit(&data, &mut out)
                .expect("writing to memory works");
        }
    }
}
