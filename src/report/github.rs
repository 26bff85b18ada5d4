//! GitHub Actions workflow commands (`::error file=F,line=L,title=T::message`), which the
//! runner turns into annotations on the pull request. Values are escaped exactly as the
//! Actions toolkit (`@actions/core`, `toCommandValue` + `escapeData`/`escapeProperty`) does,
//! so no name can end a command, start a new one or forge a property. Other control
//! characters (ANSI sequences) are shown escaped, as everywhere else. A `##[` inside a
//! message needs no escape: the runner reads a line that starts with `::` as that command
//! first (`ActionCommandManager.TryProcessCommand` tries the `::` syntax before the legacy
//! `##[` one, which it only tries on lines that are no `::` command), so it stays data; the
//! summary line holds only numbers. Waived findings and
//! findings already in the baseline are not annotated; a plain summary line ends the output
//! (not with `-q`).

use super::{Diagnostic, Emitter, ReportData};
use crate::error::InputError;
use crate::finding::{Finding, Severity};
use crate::text::escape_control;
use std::io::{self, Write};

pub struct GithubEmitter {
    /// Annotations only, no summary line (`-q`).
    pub quiet: bool,
}

/// Control characters other than CR and LF in their visible escaped form (CR and LF are left
/// for the toolkit's own escaping, which GitHub turns back into line breaks).
fn neutralize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c == '\r' || c == '\n' {
            out.push(c);
        } else {
            out.push_str(&escape_control(c.encode_utf8(&mut buf)));
        }
    }
    out
}

/// `escapeData` of `@actions/core`: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    neutralize(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty` of `@actions/core`: as `escape_data`, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn annotation(data: &ReportData, finding: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let mut properties = Vec::new();
    if let Some(loc) = finding.location {
        properties.push(format!(
            "file={}",
            escape_property(&data.relative_path(&loc))
        ));
        if loc.line > 0 {
            properties.push(format!("line={}", loc.line));
            if loc.column > 0 {
                properties.push(format!("col={}", loc.column));
            }
        }
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("orglint {}", finding.rule))
    ));
    writeln!(
        out,
        "::{} {}::{}",
        command(finding.severity),
        properties.join(","),
        escape_data(&finding.message)
    )
}

/// `::error file=F,line=L,col=C,title=orglint input error::message`, so a broken chart is
/// annotated where it breaks.
fn error_annotation(error: &InputError, out: &mut dyn Write) -> io::Result<()> {
    let mut properties = Vec::new();
    // `<stdin>` and `<built-in>` are no files of the checkout.
    if !error.file.starts_with('<') {
        let path = super::relative_path(&error.file);
        properties.push(format!("file={}", escape_property(&path)));
    }
    if error.line > 0 {
        properties.push(format!("line={}", error.line));
        if error.column > 0 {
            properties.push(format!("col={}", error.column));
        }
    }
    properties.push(format!("title={}", escape_property("orglint input error")));
    writeln!(
        out,
        "::error {}::{}",
        properties.join(","),
        escape_data(&error.message)
    )
}

impl Emitter for GithubEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        for diagnostic in data.diagnostics() {
            match diagnostic {
                Diagnostic::Finding(finding) if finding.suppression.is_none() => {
                    annotation(data, finding, &mut out)?
                }
                Diagnostic::Finding(_) => {}
                Diagnostic::InputError(error) => error_annotation(error, &mut out)?,
            }
        }
        // A stopped run has nothing to sum up.
        if self.quiet || data.stopped() {
            return out.flush();
        }
        let s = data.summary;
        writeln!(
            out,
            "orglint: {} error(s), {} warning(s), {} info, {} waived, {} existing in {} position(s): {}",
            s.error,
            s.warning,
            s.info,
            s.waived,
            s.existing,
            data.people,
            if data.fails() { "failed" } else { "passed" }
        )?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("x\u{1b}[31m"), "x\\u{1b}[31m");
    }
}
