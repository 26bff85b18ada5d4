//! Reports: one emitter per output format of `check`, all behind the [`Emitter`] trait and
//! made by one factory ([`ReportFormat::emitter`]); each renders every [`Diagnostic`], the
//! findings of a check and the input errors that stop one alike (as ruff's emitters render
//! syntax errors as messages). And the reports of `diff` ([`DiffReport`]), `stats`
//! ([`StatsReport`]) and `rules` ([`RulesReport`]) in their formats.

mod diff;
mod github;
mod html;
mod json;
mod junit;
mod markdown;
mod rule_counts;
mod rules;
mod sarif;
mod stats;
mod stats_html;
mod text;

pub use diff::{ChangeEntry, DiffReport};
pub use github::GithubEmitter;
pub use html::HtmlEmitter;
pub use json::{JsonEmitter, Tool};
pub use junit::JunitEmitter;
pub use markdown::{CappedMarkdown, MarkdownEmitter, MAX_ROWS as MARKDOWN_MAX_ROWS};
pub use rule_counts::{rule_counts, StatisticsEmitter};
pub use rules::RulesReport;
pub use sarif::SarifEmitter;
pub use stats::StatsReport;
pub use text::TextEmitter;

use crate::check::RuleRun;
use crate::error::InputError;
use crate::finding::{FailOn, Finding, Summary};
use crate::model::{Chart, Loc};
use crate::rulebook::Rulebook;
use std::borrow::Cow;
use std::io::{self, Write};

/// Everything an emitter may show.
pub struct ReportData<'a> {
    pub chart: &'a Chart,
    pub findings: &'a [Finding],
    /// The input errors that stopped the run (exit 2). When there are any, nothing was
    /// checked: there are no findings, and `chart` holds only the inputs ([`StoppedRun`]).
    pub errors: &'a [InputError],
    pub summary: Summary,
    pub people: usize,
    pub fail_on: FailOn,
    pub rulebook: &'a Rulebook,
    /// Names and emails must not appear (ids only).
    pub redact: bool,
    /// The rules that ran, with their severities (`CheckOptions::rules_run`).
    pub rules: Vec<RuleRun>,
    /// Whether findings were compared with a baseline (`--baseline`).
    pub baseline: bool,
    /// The path of the config in use, if any: every format names it ([`ReportData::config_label`]),
    /// as a config found in a folder above (say a planted `/tmp/orglint.yaml` setting
    /// `fail_on: never`) must not act unseen.
    pub config: Option<&'a str>,
    /// `reconcile`'s summary (SPEC §10): the record, the directory, the matches.
    pub reconcile: Option<&'a crate::reconcile::ReconcileSummary>,
}

/// What a waiver reason becomes under `--redact`: reasons are free text written about
/// people ("until Dana is back"), so they are withheld rather than trusted to be anonymous.
pub const WITHHELD_REASON: &str = "(reason withheld under --redact)";

/// One thing a report shows (ruff's `Message`): a rule's finding, or an input error that
/// stopped the run, with its file, line, column and what was expected.
#[derive(Clone, Copy, Debug)]
pub enum Diagnostic<'a> {
    Finding(&'a Finding),
    InputError(&'a InputError),
}

impl<'a> ReportData<'a> {
    /// Every diagnostic in report order: the input errors, then the findings.
    pub fn diagnostics(&self) -> impl Iterator<Item = Diagnostic<'a>> {
        let errors = self.errors.iter().map(Diagnostic::InputError);
        errors.chain(self.findings.iter().map(Diagnostic::Finding))
    }

    /// How summaries name the config in use: `config orglint.yaml`, or `no config`.
    pub fn config_label(&self) -> String {
        crate::config::config_label(self.config)
    }

    /// What summaries add for directory entries that are no person (`; left out 2
    /// disabled, 1 guest`), empty when there are none: a pass must not hide them.
    pub fn left_out_clause(&self) -> String {
        let left_out = &self.chart.left_out_counts;
        match left_out.total() {
            0 => String::new(),
            _ => format!("; left out {}", left_out.describe()),
        }
    }

    /// Whether input errors stopped the run before anything was checked.
    pub fn stopped(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Path of the file a location is in.
    pub fn path(&self, loc: &Loc) -> &str {
        self.chart.source_path(loc.file)
    }

    /// The input files, as given (config files registered for waivers included).
    pub fn inputs(&self) -> Vec<&str> {
        self.chart.sources.iter().map(|s| s.path.as_str()).collect()
    }

    /// Each table input with columns no field reads, and those columns as summaries list
    /// them (`Role, Boss`; long lists shortened), unescaped.
    pub fn ignored_columns(&self) -> impl Iterator<Item = (&str, String)> {
        const SHOWN: usize = 20;
        self.chart.sources.iter().filter_map(|source| {
            let columns = source
                .ignored_columns
                .as_deref()
                .filter(|c| !c.is_empty())?;
            let mut names: Vec<Cow<str>> = columns
                .iter()
                .take(SHOWN)
                .map(|c| crate::text::truncate(&c.name, 60))
                .collect();
            if columns.len() > SHOWN {
                names.push(Cow::Owned(format!("and {} more", columns.len() - SHOWN)));
            }
            Some((source.path.as_str(), names.join(", ")))
        })
    }

    /// Whether the run fails at the configured threshold.
    pub fn fails(&self) -> bool {
        self.findings.iter().any(|f| self.fails_on(f))
    }

    /// Whether this finding fails the run (counts and is at or above `--fail-on`).
    pub fn fails_on(&self, finding: &Finding) -> bool {
        finding.counts() && self.fail_on.fails(finding.severity)
    }

    /// A waiver's reason as reports may show it.
    pub fn reason<'r>(&self, reason: &'r str) -> Cow<'r, str> {
        if self.redact {
            Cow::Borrowed(WITHHELD_REASON)
        } else {
            crate::text::truncate(reason, 500)
        }
    }

    /// The path CI tools expect for a location's file: relative to the current directory,
    /// with forward slashes ([`relative_path`]).
    pub fn relative_path(&self, loc: &Loc) -> String {
        relative_path(self.path(loc))
    }
}

/// What the report of a run stopped by input errors is drawn from: the inputs as given (a
/// chart of sources without text or people) and an empty rulebook, as no rule ran.
pub struct StoppedRun {
    chart: Chart,
    rulebook: Rulebook,
    config: Option<String>,
}

impl StoppedRun {
    /// `inputs` are the files the run was given, `config` the config it used (or was reading
    /// when it stopped).
    pub fn new(inputs: &[&str], config: Option<String>) -> StoppedRun {
        let mut chart = Chart::default();
        for input in inputs {
            chart.add_source(*input, String::new());
        }
        StoppedRun {
            chart,
            rulebook: Rulebook::default(),
            config,
        }
    }

    /// The report data of the run `errors` stopped.
    pub fn data<'a>(&'a self, errors: &'a [InputError]) -> ReportData<'a> {
        ReportData {
            chart: &self.chart,
            findings: &[],
            errors,
            summary: Summary::default(),
            people: 0,
            fail_on: FailOn::default(),
            rulebook: &self.rulebook,
            redact: false,
            rules: Vec::new(),
            baseline: false,
            config: self.config.as_deref(),
            reconcile: None,
        }
    }
}

/// `path` relative to the current directory with `/` separators, as code-scanning and
/// annotation consumers resolve paths against the checkout root. `./` prefixes are dropped;
/// an absolute path outside the current directory stays absolute.
pub fn relative_path(path: &str) -> String {
    let as_path = std::path::Path::new(path);
    // Asked only for absolute paths: reports call this once per finding.
    let cwd = if as_path.is_absolute() {
        std::env::current_dir().ok()
    } else {
        None
    };
    let relative = cwd
        .as_deref()
        .and_then(|dir| as_path.strip_prefix(dir).ok())
        .unwrap_or(as_path);
    let mut text = relative.to_string_lossy().into_owned();
    // On Windows a backslash separates; elsewhere it is an ordinary character of a name.
    if std::path::MAIN_SEPARATOR == '\\' {
        text = text.replace('\\', "/");
    }
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.to_owned();
    }
    text
}

/// Writes `value` as pretty JSON and a newline. Write errors keep their kind, so a closed
/// pipe stays a `BrokenPipe` (which [`is_pipe_closed`] recognises) and never becomes exit 2.
/// Strings are escaped as [`crate::escape::write_json_pretty`] says, safe in a CI log.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    crate::escape::write_json_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// Whether a write failed because the reader went away (`orglint ... | head`): never worth
/// a word, and never a change of exit code.
pub fn is_pipe_closed(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

/// Writes a report in one format: its diagnostics, the findings of a check or the input
/// errors (exit 2) that stopped it, with their file, line and column.
pub trait Emitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()>;
}

/// How a report is shown besides its format: the flags of `check` that shape standard
/// output. Report files take the defaults.
#[derive(Clone, Copy, Debug, Default)]
pub struct EmitterOptions {
    /// Colour (text and concise).
    pub color: bool,
    /// Diagnostics only, no summary line (`-q`; text, concise, github and statistics).
    pub quiet: bool,
    /// Print findings already in the baseline too (text and concise).
    pub show_existing: bool,
    /// The number of findings per rule instead of the findings (`--statistics`; text,
    /// concise and json).
    pub statistics: bool,
}

/// Report formats of `check --format` and `--report FMT=PATH`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    /// One line per finding, no excerpt (ruff's `concise`).
    Concise,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    /// The interactive chart with a findings panel (SPEC §7).
    Html,
}

crate::choice::choice!(ReportFormat {
    Text => "text",
    Concise => "concise",
    Json => "json",
    Sarif => "sarif",
    Junit => "junit",
    Github => "github",
    Markdown => "markdown",
    Html => "html",
});

impl ReportFormat {
    /// The emitter for this format, shaped by `options` where the format has a use for them:
    /// the one place that chooses an emitter.
    pub fn emitter(self, options: EmitterOptions) -> Box<dyn Emitter> {
        match self {
            ReportFormat::Text | ReportFormat::Concise | ReportFormat::Json
                if options.statistics =>
            {
                Box::new(StatisticsEmitter {
                    json: self == ReportFormat::Json,
                    quiet: options.quiet,
                })
            }
            ReportFormat::Text | ReportFormat::Concise => Box::new(TextEmitter {
                color: options.color,
                quiet: options.quiet,
                concise: self == ReportFormat::Concise,
                show_existing: options.show_existing,
            }),
            ReportFormat::Json => Box::new(JsonEmitter),
            ReportFormat::Sarif => Box::new(SarifEmitter),
            ReportFormat::Junit => Box::new(JunitEmitter),
            ReportFormat::Github => Box::new(GithubEmitter {
                quiet: options.quiet,
            }),
            ReportFormat::Markdown => Box::new(MarkdownEmitter),
            ReportFormat::Html => Box::new(HtmlEmitter),
        }
    }
}
