//! Reports: one emitter per output format, all behind the [`Emitter`] trait.

mod json;
mod text;

pub use json::JsonEmitter;
pub use text::TextEmitter;

use crate::finding::{FailOn, Finding, Summary};
use crate::model::{Chart, Loc};
use crate::rulebook::Rulebook;
use std::io::{self, Write};

/// Everything an emitter may show.
pub struct ReportData<'a> {
    pub chart: &'a Chart,
    pub findings: &'a [Finding],
    pub summary: Summary,
    pub people: usize,
    pub fail_on: FailOn,
    pub rulebook: &'a Rulebook,
    /// Names and emails must not appear (ids only).
    pub redact: bool,
}

impl ReportData<'_> {
    /// Path of the file a location is in.
    pub fn path(&self, loc: &Loc) -> &str {
        self.chart.source_path(loc.file)
    }

    /// The input files, as given (config files registered for waivers included).
    pub fn inputs(&self) -> Vec<&str> {
        self.chart.sources.iter().map(|s| s.path.as_str()).collect()
    }

    /// Whether the run fails at the configured threshold.
    pub fn fails(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.counts() && self.fail_on.fails(f.severity))
    }
}

/// Writes a report in one format.
pub trait Emitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()>;
}

/// Report formats of `check --format` and `--report FMT=PATH`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

impl ReportFormat {
    pub fn parse(text: &str) -> Option<ReportFormat> {
        <ReportFormat as clap::ValueEnum>::from_str(text, true).ok()
    }

    /// The emitter for this format; `color` only matters to terminal formats.
    pub fn emitter(self, color: bool) -> Box<dyn Emitter> {
        match self {
            ReportFormat::Text => Box::new(TextEmitter {
                color,
                quiet: false,
            }),
            ReportFormat::Json => Box::new(JsonEmitter),
        }
    }
}
