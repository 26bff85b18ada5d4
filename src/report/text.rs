//! The human report: `file:line: severity[rule]: message`, a source excerpt, a summary line.
//! Every value from the input is passed through `escape_control`, so names cannot move the
//! cursor, change colours or forge lines.

use super::{Emitter, ReportData};
use crate::finding::{Finding, Severity, Suppression};
use crate::text::escape_control;
use std::io::{self, Write};

pub struct TextEmitter {
    pub color: bool,
    /// Findings only, no summary line (`-q`).
    pub quiet: bool,
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

    fn finding(&self, data: &ReportData, f: &Finding, out: &mut dyn Write) -> io::Result<()> {
        let place = match f.location {
            Some(loc) => format!("{}:{}", escape_control(data.path(&loc)), loc.line),
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
            "{}: {}: {}",
            self.paint(BOLD, &place),
            self.paint(style, &format!("{label}[{}]", f.rule)),
            escape_control(&f.message)
        )?;
        if let Some(Suppression::Waived { reason }) = &f.suppression {
            writeln!(
                out,
                "  = waived: {}",
                escape_control(&crate::text::truncate(&data.reason(reason), 200))
            )?;
        }
        if !data.redact {
            if let Some(loc) = f.location {
                self.excerpt(data, loc.file, loc.line, out)?;
            }
        }
        Ok(())
    }

    /// The source line a finding points at, when the file's text was kept.
    fn excerpt(
        &self,
        data: &ReportData,
        file: u32,
        line: u32,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let Some(source) = data.chart.sources.get(file as usize) else {
            return Ok(());
        };
        if line == 0 {
            return Ok(());
        }
        let Some(text) = source.text.lines().nth(line as usize - 1) else {
            return Ok(());
        };
        let text = crate::text::truncate(text.trim_end(), 160);
        let number = line.to_string();
        let gutter = " ".repeat(number.len());
        writeln!(out, "{gutter} {}", self.paint(DIM, "|"))?;
        writeln!(
            out,
            "{} {} {}",
            self.paint(DIM, &number),
            self.paint(DIM, "|"),
            escape_control(&text)
        )?;
        writeln!(out, "{gutter} {}", self.paint(DIM, "|"))
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Emitter for TextEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        for finding in data.findings {
            self.finding(data, finding, &mut out)?;
        }
        if self.quiet {
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
        if s.existing > 0 {
            parts.push(format!("{} existing", s.existing));
        }
        let verdict = if data.fails() {
            self.paint(severity_color(Severity::Error), "failed")
        } else {
            self.paint("\x1b[1;32m", "passed")
        };
        writeln!(
            out,
            "{verdict}: {} in {} (fail-on {})",
            parts.join(", "),
            plural(data.people, "position"),
            data.fail_on.as_str()
        )?;
        out.flush()
    }
}
