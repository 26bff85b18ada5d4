//! The JSON report (`schemas/report.schema.json`).

use super::{Emitter, ReportData};
use crate::choice::Choice;
use crate::error::InputError;
use crate::finding::Suppression;
use serde::Serialize;
use std::io::{self, Write};

pub struct JsonEmitter;

/// A checked run has a summary and findings; a run stopped by input errors (exit 2) has the
/// errors instead.
#[derive(Serialize)]
struct Report<'d, 'a> {
    tool: Tool,
    inputs: Vec<Input<'d>>,
    /// The config file in use, `null` for none.
    config: Option<&'d str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Summary>,
    /// `reconcile`'s summary: the record, the directory, the matches (SPEC §10).
    #[serde(skip_serializing_if = "Option::is_none")]
    reconcile: Option<&'d crate::reconcile::ReconcileSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Findings<'d, 'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<ErrorEntry<'d>>>,
}

/// An input file: its path as given and, for a CSV/TSV table, the columns no field reads
/// (every one, in header order).
#[derive(Serialize)]
struct Input<'d> {
    file: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ignored_columns: Option<Vec<&'d str>>,
}

impl<'d> Input<'d> {
    fn all(data: &'d ReportData) -> Vec<Input<'d>> {
        let sources = data.chart.sources.iter();
        sources
            .map(|source| Input {
                file: &source.path,
                ignored_columns: source
                    .ignored_columns
                    .as_ref()
                    .map(|columns| columns.iter().map(|c| c.name.as_str()).collect()),
            })
            .collect()
    }
}

/// The findings, each turned into its JSON shape only as it is written: a million findings
/// need no second copy in memory.
struct Findings<'d, 'a>(&'d ReportData<'a>);

impl Serialize for Findings<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let data = self.0;
        serializer.collect_seq(data.findings.iter().map(|f| Finding {
            rule: f.rule.name(),
            severity: f.severity.name(),
            message: &f.message,
            subjects: &f.subjects,
            location: f.location.map(|l| Location {
                file: data.path(&l),
                line: l.line,
                column: l.column,
            }),
            waived: f.is_waived(),
            waiver_reason: match &f.suppression {
                Some(Suppression::Waived { reason }) => Some(data.reason(reason)),
                _ => None,
            },
            existing: f.suppression == Some(Suppression::Baseline),
            fingerprint: f.fingerprint(),
        }))
    }
}

/// The `tool` object that heads every JSON document orglint writes (check, stats, diff).
#[derive(Serialize)]
pub struct Tool {
    name: &'static str,
    version: &'static str,
}

impl Tool {
    pub const ORGLINT: Tool = Tool {
        name: "orglint",
        version: env!("CARGO_PKG_VERSION"),
    };
}

#[derive(Serialize)]
struct Summary {
    people: usize,
    error: usize,
    warning: usize,
    info: usize,
    waived: usize,
    existing: usize,
    failed: bool,
    /// Directory entries that are no person, per kind.
    left_out: crate::model::LeftOutCounts,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    subjects: &'a [String],
    location: Option<Location<'a>>,
    waived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_reason: Option<std::borrow::Cow<'a, str>>,
    existing: bool,
    fingerprint: String,
}

#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: u32,
    column: u32,
}

impl Emitter for JsonEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let checked = !data.stopped();
        let report = Report {
            tool: Tool::ORGLINT,
            inputs: Input::all(data),
            config: data.config,
            summary: checked.then(|| Summary {
                people: data.people,
                error: data.summary.error,
                warning: data.summary.warning,
                info: data.summary.info,
                waived: data.summary.waived,
                existing: data.summary.existing,
                failed: data.fails(),
                left_out: data.chart.left_out_counts,
            }),
            reconcile: data.reconcile.filter(|_| checked),
            findings: checked.then_some(Findings(data)),
            errors: data
                .stopped()
                .then(|| data.errors.iter().map(ErrorEntry::of).collect()),
        };
        let mut out = io::BufWriter::new(out);
        super::write_json(&mut out, &report)?;
        out.flush()
    }
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    message: &'a str,
}

impl ErrorEntry<'_> {
    fn of(error: &InputError) -> ErrorEntry<'_> {
        ErrorEntry {
            file: &error.file,
            line: (error.line > 0).then_some(error.line),
            column: (error.line > 0 && error.column > 0).then_some(error.column),
            message: &error.message,
        }
    }
}
