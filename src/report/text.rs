//! The human report: `file:line: severity[rule]: message`, a source excerpt, a summary line;
//! or, `concise`, one `file:line:col: severity[rule] message` line per finding. Every value from the input is passed through `escape_control`, so names cannot move the
//! cursor, change colours or forge lines.

use super::{Diagnostic, Emitter, ReportData};
use crate::choice::Choice;
use crate::error::InputError;
use crate::escape::escape_control;
use crate::finding::{Finding, Severity, Suppression};
use crate::text::plural;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::{self, Write};

pub struct TextEmitter {
    pub color: bool,
    /// Findings only, no summary line (`-q`).
    pub quiet: bool,
    /// One line per finding, no excerpt.
    pub concise: bool,
    /// Print findings already in the baseline too (they are always counted).
    pub show_existing: bool,
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

impl TextEmitter {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    fn finding(
        &self,
        data: &ReportData,
        lines: &mut LineIndex,
        f: &Finding,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let place = match f.location {
            // Escaped whole: `:` as a file name must not make the line start with `::`.
            Some(loc) => {
                // Concise lines always carry a column, as ruff's do.
                let place = if self.concise || loc.column > 0 {
                    format!("{}:{}:{}", data.path(&loc), loc.line, loc.column.max(1))
                } else {
                    format!("{}:{}", data.path(&loc), loc.line)
                };
                escape_control(&place).into_owned()
            }
            None => escape_control(&data.rulebook.origin).into_owned(),
        };
        let label = match &f.suppression {
            Some(Suppression::Waived { .. }) => "waived".to_owned(),
            Some(Suppression::Baseline) => format!("{} (existing)", f.severity),
            None => f.severity.to_string(),
        };
        let style = if f.counts() {
            severity_color(f.severity)
        } else {
            DIM
        };
        writeln!(
            out,
            "{}: {}{} {}",
            self.paint(BOLD, &place),
            self.paint(style, &format!("{label}[{}]", f.rule)),
            if self.concise { "" } else { ":" },
            escape_control(&f.message)
        )?;
        if self.concise {
            return Ok(());
        }
        if let Some(Suppression::Waived { reason }) = &f.suppression {
            writeln!(
                out,
                "  = waived: {}",
                escape_control(&crate::text::truncate(&data.reason(reason), 200))
            )?;
        }
        if !data.redact {
            if let Some(loc) = f.location {
                if let Some(text) = lines.line(data, loc.file, loc.line) {
                    let level = match f.severity {
                        Severity::Error => Level::ERROR,
                        Severity::Warning => Level::WARNING,
                        Severity::Info => Level::INFO,
                    };
                    writeln!(
                        out,
                        "{}",
                        excerpt(text, loc.line, loc.column, level, self.color)
                    )?;
                }
            }
        }
        Ok(())
    }

    /// `orglint: error: file:line:column: message` and the excerpt, as on standard error.
    fn input_error(&self, error: &InputError, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "orglint: error: {error}")?;
        if let Some(text) = &error.excerpt {
            let shown = excerpt(text, error.line, error.column, Level::ERROR, self.color);
            writeln!(out, "{shown}")?;
        }
        Ok(())
    }
}

/// A source line as an excerpt (annotate-snippets): the line number in a gutter and a caret
/// under `column` (1-based, in characters), or a line under the whole text when the column
/// is not known. The line is shortened and its control characters escaped first.
pub fn excerpt(text: &str, line: u32, column: u32, level: Level<'static>, color: bool) -> String {
    let shown = crate::text::truncate(text.trim_end(), 160);
    let escaped = escape_control(&shown);
    let span = if column > 0 {
        let before: String = shown.chars().take(column as usize - 1).collect();
        let start = escape_control(&before).len().min(escaped.len());
        let end = escaped[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        start..end
    } else {
        let start = escaped.len() - escaped.trim_start().len();
        start..escaped.len()
    };
    let snippet = Snippet::source(escaped.as_ref())
        .line_start(line as usize)
        .fold(false)
        .annotation(AnnotationKind::Primary.span(span));
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[Group::with_level(level).element(snippet)])
}

/// Where each line of each kept source starts, computed on first use: a report may have a
/// hundred thousand findings in one file, and finding each line from the start would be
/// quadratic.
#[derive(Default)]
struct LineIndex {
    starts: Vec<Option<Vec<usize>>>,
}

impl LineIndex {
    /// Line `line` (1-based) of source `file`, if its text was kept.
    fn line<'d>(&mut self, data: &ReportData<'d>, file: u32, line: u32) -> Option<&'d str> {
        let text = data.chart.sources.get(file as usize)?.text.as_str();
        if line == 0 || text.is_empty() {
            return None;
        }
        if self.starts.len() <= file as usize {
            self.starts.resize(file as usize + 1, None);
        }
        let starts = self.starts[file as usize].get_or_insert_with(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                .collect()
        });
        let start = *starts.get(line as usize - 1)?;
        let end = starts
            .get(line as usize)
            .map_or(text.len(), |&next| next - 1);
        // `lines()` semantics: a last empty line after a final newline does not exist.
        if start >= text.len() {
            return None;
        }
        let raw = &text[start..end];
        Some(raw.strip_suffix('\r').unwrap_or(raw))
    }
}

impl Emitter for TextEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        let mut lines = LineIndex::default();
        // `reconcile`'s summary is what a person reads first; the findings follow, by rule.
        if let Some(reconcile) = data.reconcile.filter(|_| !self.quiet) {
            for line in reconcile.lines() {
                writeln!(out, "{}", escape_control(&line))?;
            }
        }
        for diagnostic in data.diagnostics() {
            match diagnostic {
                Diagnostic::Finding(finding) => {
                    if self.show_existing || finding.suppression != Some(Suppression::Baseline) {
                        self.finding(data, &mut lines, finding, &mut out)?;
                    }
                }
                Diagnostic::InputError(error) => self.input_error(error, &mut out)?,
            }
        }
        // A stopped run has nothing to sum up.
        if self.quiet || data.stopped() {
            return out.flush();
        }
        let s = data.summary;
        let mut parts = vec![
            plural(s.error, "error"),
            plural(s.warning, "warning"),
            format!("{} info", s.info),
        ];
        if s.waived > 0 {
            parts.push(format!("{} waived", s.waived));
        }
        if s.existing > 0 && self.show_existing {
            parts.push(format!("{} existing", s.existing));
        } else if s.existing > 0 {
            parts.push(format!(
                "{} existing (not shown; --show-existing prints them)",
                s.existing
            ));
        }
        for (path, columns) in data.ignored_columns() {
            writeln!(
                out,
                "{}: ignored columns: {}",
                escape_control(path),
                escape_control(&columns)
            )?;
        }
        let verdict = if data.fails() {
            self.paint(severity_color(Severity::Error), "failed")
        } else {
            self.paint("\x1b[1;32m", "passed")
        };
        let left_out = data.left_out_clause();
        writeln!(
            out,
            "{verdict}: {} in {}{left_out} (fail-on {}, {})",
            parts.join(", "),
            plural(data.people, "position"),
            data.fail_on.name(),
            escape_control(&data.config_label())
        )?;
        out.flush()
    }
}
