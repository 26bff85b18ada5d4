//! Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments: a verdict, a summary table
//! by severity and a findings table (for a run stopped by input errors, a list of them).
//! Every value from the input goes through
//! `escape_markdown`, so a name cannot add markup, HTML or table cells. The findings table is
//! capped (GitHub limits a step summary to 1 MiB).

use super::{Emitter, ReportData};
use crate::choice::Choice;
use crate::escape::escape_markdown;
use crate::finding::Suppression;
use std::io::{self, Write};

pub struct MarkdownEmitter;

/// Most findings listed; the rest are counted.
pub const MAX_ROWS: usize = 500;

/// Markdown kept under GitHub's step-summary limit (1 MiB): table rows that would pass it are
/// counted instead of written, and [`CappedMarkdown::finish`] says how many were left out.
/// Used by `check` and `diff`.
pub struct CappedMarkdown<'w> {
    out: &'w mut dyn Write,
    written: usize,
    /// Rows counted but not written; once one is left out, every later one is too.
    omitted: usize,
    /// Bytes at most, room kept for closing lines, and the limit as the note names it.
    limit: usize,
    reserve: usize,
    why: &'static str,
}

impl<'w> CappedMarkdown<'w> {
    /// GitHub's limit for `$GITHUB_STEP_SUMMARY`, in bytes.
    pub const LIMIT: usize = 1 << 20;
    /// Room kept after the last row for section heads and the closing lines.
    const RESERVE: usize = 16 * 1024;

    pub fn new(out: &'w mut dyn Write) -> CappedMarkdown<'w> {
        Self::with_limit(
            out,
            Self::LIMIT,
            Self::RESERVE,
            "GitHub step summaries are limited to 1 MiB",
        )
    }

    /// Markdown kept under `limit` bytes, `reserve` of them kept for the closing lines;
    /// `why` says where the limit comes from.
    pub fn with_limit(
        out: &'w mut dyn Write,
        limit: usize,
        reserve: usize,
        why: &'static str,
    ) -> CappedMarkdown<'w> {
        CappedMarkdown {
            out,
            written: 0,
            omitted: 0,
            limit,
            reserve,
            why,
        }
    }

    /// Writes text that is not a table row (headings, summaries): always written.
    pub fn text(&mut self, text: &str) -> io::Result<()> {
        self.written += text.len();
        self.out.write_all(text.as_bytes())
    }

    /// Whether rows are being left out (later section heads are then left out too).
    pub fn is_full(&self) -> bool {
        self.omitted > 0
    }

    /// Writes one table row and its line break, or counts it when it would not fit.
    pub fn row(&mut self, row: &str) -> io::Result<()> {
        if self.is_full() || self.written + row.len() + 1 + self.reserve > self.limit {
            self.omitted += 1;
            return Ok(());
        }
        self.text(row)?;
        self.text("\n")
    }

    /// Counts rows left out for a reason of the caller's (a row cap), as if written past the
    /// limit.
    pub fn omit(&mut self, rows: usize) {
        self.omitted += rows;
    }

    /// Says how many rows were left out, if any.
    pub fn finish(&mut self, what: &str) -> io::Result<()> {
        if self.omitted > 0 {
            let note = format!(
                "\n… and {} more {what} not shown ({}); see the full report.\n",
                self.omitted, self.why
            );
            self.text(&note)?;
        }
        Ok(())
    }
}

impl Emitter for MarkdownEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        if data.stopped() {
            input_errors(data, &mut out)?;
            return out.flush();
        }
        let s = data.summary;
        let verdict = if data.fails() {
            "❌ failed"
        } else {
            "✅ passed"
        };
        writeln!(out, "## orglint: {verdict}\n")?;
        writeln!(
            out,
            "{} checked in {}{}; fail on {}; {}.\n",
            crate::text::plural(data.people, "position"),
            data.inputs()
                .iter()
                .map(|p| escape_markdown(p))
                .collect::<Vec<_>>()
                .join(", "),
            escape_markdown(&data.left_out_clause()),
            data.fail_on.name(),
            escape_markdown(&data.config_label())
        )?;
        for (path, columns) in data.ignored_columns() {
            writeln!(
                out,
                "{}: ignored columns: {}\n",
                escape_markdown(path),
                escape_markdown(&columns)
            )?;
        }
        writeln!(out, "| Severity | Findings |\n|---|---:|")?;
        for (label, count) in [
            ("error", s.error),
            ("warning", s.warning),
            ("info", s.info),
            ("waived", s.waived),
            ("existing (baseline)", s.existing),
        ] {
            writeln!(out, "| {label} | {count} |")?;
        }
        if data.findings.is_empty() {
            writeln!(out, "\nNo findings.")?;
            return out.flush();
        }
        writeln!(
            out,
            "\n### Findings\n\n| Severity | Rule | Location | Message |\n|---|---|---|---|"
        )?;
        let mut capped = CappedMarkdown::new(&mut out);
        for finding in data.findings.iter().take(MAX_ROWS) {
            let severity = match &finding.suppression {
                Some(Suppression::Waived { .. }) => format!("waived ({})", finding.severity),
                Some(Suppression::Baseline) => format!("existing ({})", finding.severity),
                None => finding.severity.to_string(),
            };
            let place = match finding.location {
                Some(loc) => format!(
                    "{}:{}",
                    escape_markdown(&data.relative_path(&loc)),
                    loc.line
                ),
                None => "—".to_owned(),
            };
            let mut message = escape_markdown(&finding.message);
            if let Some(Suppression::Waived { reason }) = &finding.suppression {
                message.push_str(" — waived: ");
                message.push_str(&escape_markdown(&data.reason(reason)));
            }
            capped.row(&format!(
                "| {severity} | `{}` | {place} | {message} |",
                finding.rule
            ))?;
        }
        capped.omit(data.findings.len().saturating_sub(MAX_ROWS));
        capped.finish("finding(s)")?;
        out.flush()
    }
}

/// The report of a run that input errors stopped: what could not be read, one line per error.
fn input_errors(data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## orglint: ❌ input error\n")?;
    let files: Vec<String> = data.inputs().iter().map(|p| escape_markdown(p)).collect();
    writeln!(
        out,
        "Nothing was checked: the input could not be read ({}).\n",
        files.join(", ")
    )?;
    for error in data.errors {
        writeln!(out, "- {}", escape_markdown(&error.to_string()))?;
    }
    Ok(())
}
