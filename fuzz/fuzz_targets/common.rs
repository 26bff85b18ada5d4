//! Shared by the chart fuzz targets: load bytes as a chart file of one format, and when they
//! load, check them and write every report, so rules and reports see arbitrary charts too.
//! `tests/it/inputs/hostile.rs` includes it too, to replay saved inputs exactly as the targets
//! ran them.

use orglint::check::{check, CheckOptions};
use orglint::choice::Choice;
use orglint::load::{load_files, LoadOptions};
use orglint::report::{ReportData, ReportFormat};
use orglint::rulebook::Rulebook;
use std::io::Write;

/// A chart target: the file extension its input is loaded as, and the fixed text put before
/// and after the input (empty for the plain targets). The wrapped targets frame their input so
/// that the fuzzer spends its time inside one format's records rather than on finding its
/// header. The split targets cut their input at [`PART_BREAK`] into files loaded together (an
/// export in parts: LDIF files whose managers cross, Graph or SCIM pages).
/// `tests/it/inputs/hostile.rs` replays saved inputs through the same frames and cuts.
pub struct ChartTarget {
    pub name: &'static str,
    pub extension: &'static str,
    pub prefix: &'static [u8],
    pub suffix: &'static [u8],
    pub split: bool,
}

/// Where a split target's input is cut into files: a line of its own (`%%`), which no
/// format of orglint's gives a meaning.
pub const PART_BREAK: &[u8] = b"\n%%\n";

const fn plain(name: &'static str, extension: &'static str) -> ChartTarget {
    ChartTarget {
        name,
        extension,
        prefix: b"",
        suffix: b"",
        split: false,
    }
}

const fn split(name: &'static str, extension: &'static str) -> ChartTarget {
    ChartTarget {
        split: true,
        ..plain(name, extension)
    }
}

/// Every chart target, by the name of its `fuzz_targets/` file.
pub const CHART_TARGETS: [ChartTarget; 9] = [
    plain("chart_yaml", "yaml"),
    plain("chart_json", "json"),
    plain("chart_csv", "csv"),
    plain("ldif", "ldif"),
    // An LDIF export in parts, and the pages of a Graph or SCIM export.
    split("ldif_parts", "ldif"),
    split("json_pages", "json"),
    // The user objects of a Microsoft Graph response page.
    ChartTarget {
        name: "graph_json",
        extension: "json",
        prefix: br#"{"@odata.context":"x","value":["#,
        suffix: b"]}",
        split: false,
    },
    // The resources of a SCIM ListResponse.
    ChartTarget {
        name: "scim_json",
        extension: "json",
        prefix: br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":["#,
        suffix: b"]}",
        split: false,
    },
    // Rows under the Google Workspace admin console's header.
    ChartTarget {
        name: "google_csv",
        extension: "csv",
        prefix: b"First Name [Required],Last Name [Required],Email Address [Required],Employee Title,Manager Email,Department,Status [READ ONLY]\n",
        suffix: b"",
        split: false,
    },
];

/// The target called `name`: every target file names itself, so a typo fails at once.
pub fn chart_target(name: &str) -> &'static ChartTarget {
    CHART_TARGETS
        .iter()
        .find(|target| target.name == name)
        .expect("a chart target of CHART_TARGETS")
}

impl ChartTarget {
    /// `data` inside this target's frame, as the loader sees it.
    pub fn framed(&self, data: &[u8]) -> Vec<u8> {
        [self.prefix, data, self.suffix].concat()
    }

    /// The files `data` makes: inside this target's frame, cut at each [`PART_BREAK`] when the
    /// target splits.
    pub fn files(&self, data: &[u8]) -> Vec<Vec<u8>> {
        let framed = self.framed(data);
        if !self.split {
            return vec![framed];
        }
        let mut files = Vec::new();
        let mut rest = &framed[..];
        while let Some(at) = rest
            .windows(PART_BREAK.len())
            .position(|window| window == PART_BREAK)
        {
            files.push(rest[..at + 1].to_vec());
            rest = &rest[at + PART_BREAK.len()..];
        }
        files.push(rest.to_vec());
        files
    }

    /// [`load_and_check`] of the files `data` makes.
    pub fn run(&self, data: &[u8]) {
        load_and_check(&self.files(data), self.extension);
    }
}

/// Removes the files one input was written to once its check is over.
struct Cleanup(Vec<std::path::PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The loaders read files: each fuzzing process writes its input (one file, or the parts of
/// a split target) to its own files in /dev/shm (or the temp dir), named with the format's
/// extension, and loads them together.
pub fn load_and_check(files: &[Vec<u8>], extension: &str) {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let base = dir.join(format!("orglint-fuzz-{}", std::process::id()));
    let mut paths = Vec::new();
    for (part, data) in files.iter().enumerate() {
        let path = base.with_extension(format!("{part}.{extension}"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(data))
            .expect("write the fuzz input");
        paths.push(path);
    }
    let baseline_path = base.with_extension(format!("{extension}.baseline.json"));
    let mut written = paths.clone();
    written.push(baseline_path.clone());
    let _cleanup = Cleanup(written);
    let names: Vec<String> = paths
        .iter()
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    // Pages missing are a warning here, so the rules and reports see the pages given too.
    let options = LoadOptions {
        allow_partial: true,
        ..LoadOptions::default()
    };
    let Ok(chart) = load_files(&names, &options) else {
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
    let mut bytes = Vec::new();
    orglint::baseline::write(&outcome.findings, &mut bytes).expect("writing to memory works");
    std::fs::write(&baseline_path, &bytes).expect("write the baseline");
    let mut with_baseline = options.clone();
    with_baseline.baseline = orglint::baseline::read(&baseline_path).expect("own baseline reads");
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
    for (outcome, redact, chart) in [
        (&outcome, false, &chart),
        (&redacted, true, &redacted_chart),
    ] {
        let data = ReportData {
            chart,
            findings: &outcome.findings,
            errors: &[],
            summary: outcome.summary,
            people: outcome.people,
            fail_on: Default::default(),
            rulebook,
            redact,
            rules: options.rules_run(),
            baseline: false,
            config: None,
            reconcile: None,
        };
        for &format in ReportFormat::ALL {
            let mut out = Vec::new();
            format
                .emitter(Default::default())
                .emit(&data, &mut out)
                .expect("writing to memory works");
            assert_output_safe(format, &String::from_utf8(out).expect("reports are UTF-8"));
        }
    }
}

/// What SPEC §6 promises of every report whatever the input: no character XML 1.0 forbids in
/// JUnit; in every format that may be printed to a terminal or a CI log (JSON and SARIF too),
/// no control or invisible character sent raw (line ends aside) and no line the Actions
/// runner would take as a workflow command (the GitHub format's own annotations aside).
fn assert_output_safe(format: ReportFormat, report: &str) {
    use ReportFormat as F;
    // What each format promises, decided per format: a new one does not compile until it is.
    let (xml, printed, no_workflow_commands) = match format {
        F::Junit => (true, false, true),
        F::Text | F::Concise | F::Markdown | F::Json | F::Sarif => (false, true, true),
        F::Github => (false, true, false),
        // A page for a browser, never printed to a terminal or a CI log.
        F::Html => (false, false, false),
    };
    let xml_forbidden = |c: char| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if xml {
        assert!(
            !report.chars().any(xml_forbidden),
            "XML-forbidden character in JUnit"
        );
    }
    if printed {
        let raw = report
            .chars()
            .find(|&c| c != '\n' && orglint::escape::needs_escape(c));
        assert!(raw.is_none(), "raw {raw:?} in the {format} report");
    }
    if no_workflow_commands {
        for line in report.lines() {
            assert!(
                !line.trim_start().starts_with("::") && !line.contains("##["),
                "{format} line reads as a workflow command: {line}"
            );
        }
    }
}
