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
    let Ok(chart) = load_files(&[path.clone()], &LoadOptions::default()) else {
        return;
    };
    // Parsed once: reparsing it for every input would be most of the work.
    static RULEBOOK: std::sync::OnceLock<Rulebook> = std::sync::OnceLock::new();
    let rulebook =
        RULEBOOK.get_or_init(|| Rulebook::builtin().expect("the built-in rulebook parses"));
    let mut options = CheckOptions::new(rulebook.clone());
    let outcome = check(&chart, &options);
    // A chart compared with itself has changed in nothing, duplicated ids included.
    let same = orglint::diff::diff(&chart, &chart, &options);
    assert!(same.is_empty(), "a chart differs from itself");
    // A baseline of every finding covers every finding again, however many share a fingerprint.
    let baseline_path = format!("{path}.baseline.json");
    let mut bytes = Vec::new();
    orglint::baseline::write(&outcome.findings, &mut bytes).expect("writing to memory works");
    std::fs::write(&baseline_path, &bytes).expect("write the baseline");
    let mut with_baseline = options.clone();
    with_baseline.baseline =
        orglint::baseline::read(std::path::Path::new(&baseline_path)).expect("own baseline reads");
    let again = check(&chart, &with_baseline);
    assert!(
        again.findings.iter().all(|f| f.suppression.is_some()),
        "a finding escaped its own baseline"
    );
    // --redact rewrites personal ids and labels before checking, as the CLI does.
    let mut redacted_chart = chart.clone();
    orglint::redact::pseudonymize(&mut redacted_chart, &mut []);
    options.redact = true;
    let redacted = check(&redacted_chart, &options);
    for (outcome, redact, chart) in [(&outcome, false, &chart), (&redacted, true, &redacted_chart)] {
        let data = ReportData {
            chart,
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
            assert_output_safe(name, &String::from_utf8(out).expect("reports are UTF-8"));
        }
    }
}

/// What SPEC §6 promises of every report whatever the input: no character XML 1.0 forbids in
/// JUnit; in every format that may be printed to a terminal or a CI log (JSON and SARIF too),
/// no control or invisible character sent raw (line ends aside) and no line the Actions
/// runner would take as a workflow command (the GitHub format's own annotations aside).
fn assert_output_safe(format: &str, report: &str) {
    let xml_forbidden = |c: char| {
        matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    };
    if format == "junit" {
        assert!(!report.chars().any(xml_forbidden), "XML-forbidden character in JUnit");
    }
    if matches!(format, "text" | "github" | "markdown" | "json" | "sarif") {
        let raw = report
            .chars()
            .find(|&c| c != '\n' && orglint::text::needs_escape(c));
        assert!(raw.is_none(), "raw {raw:?} in the {format} report");
    }
    if matches!(format, "text" | "markdown" | "junit" | "json" | "sarif") {
        for line in report.lines() {
            assert!(
                !line.trim_start().starts_with("::") && !line.contains("##["),
                "{format} line reads as a workflow command: {line}"
            );
        }
    }
}
