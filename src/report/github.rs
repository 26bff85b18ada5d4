//! GitHub Actions workflow commands (`::error file=F,line=L,title=T::message`), which the
//! runner turns into annotations on the pull request. Values are escaped exactly as the
//! Actions toolkit (`@actions/core`, `toCommandValue` + `escapeData`/`escapeProperty`) does,
//! so no name can end a command, start a new one or forge a property. Other control
//! characters (ANSI sequences) are shown escaped, as everywhere else. A `##[` inside a
//! message needs no escape: the runner reads a line that starts with `::` as that command
//! first (`ActionCommandManager.TryProcessCommand` tries the `::` syntax before the legacy
//! `##[` one, which it only tries on lines that are no `::` command), so it stays data; the
//! summary line holds only numbers. Waived findings and
//! findings already in the baseline are not annotated; a notice per CSV/TSV file naming the
//! columns no field reads and a plain summary line end the output (not with `-q`).

use super::{Diagnostic, Emitter, ReportData};
use crate::error::InputError;
use crate::escape::{escape_github_data, escape_github_property};
use crate::finding::{Finding, Severity};
use std::io::{self, Write};

pub struct GithubEmitter {
    /// Annotations only, no summary line (`-q`).
    pub quiet: bool,
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
            escape_github_property(&data.relative_path(&loc))
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
        escape_github_property(&format!("orglint {}", finding.rule))
    ));
    writeln!(
        out,
        "::{} {}::{}",
        command(finding.severity),
        properties.join(","),
        escape_github_data(&finding.message)
    )
}

/// `::error file=F,line=L,col=C,title=orglint input error::message`, so a broken chart is
/// annotated where it breaks.
fn error_annotation(error: &InputError, out: &mut dyn Write) -> io::Result<()> {
    let mut properties = Vec::new();
    // `<stdin>` and `<built-in>` are no files of the checkout.
    if !error.file.starts_with('<') {
        let path = super::relative_path(&error.file);
        properties.push(format!("file={}", escape_github_property(&path)));
    }
    if error.line > 0 {
        properties.push(format!("line={}", error.line));
        if error.column > 0 {
            properties.push(format!("col={}", error.column));
        }
    }
    properties.push(format!(
        "title={}",
        escape_github_property("orglint input error")
    ));
    writeln!(
        out,
        "::error {}::{}",
        properties.join(","),
        escape_github_data(&error.message)
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
        if let Some(config) = data.config {
            writeln!(
                out,
                "::notice title=orglint config::orglint used the config {}",
                escape_github_data(config)
            )?;
        }
        // Columns no field reads: one notice per file, beside the summary.
        for (path, columns) in data.ignored_columns() {
            let file = match path.starts_with('<') {
                true => String::new(),
                false => format!(
                    "file={},",
                    escape_github_property(&super::relative_path(path))
                ),
            };
            writeln!(
                out,
                "::notice {file}title={}::ignored columns: {}",
                escape_github_property("orglint ignored columns"),
                escape_github_data(&columns)
            )?;
        }
        let s = data.summary;
        writeln!(
            out,
            "orglint: {} error(s), {} warning(s), {} info, {} waived, {} existing in {} position(s){}: {} ({})",
            s.error,
            s.warning,
            s.info,
            s.waived,
            s.existing,
            data.people,
            escape_github_data(&data.left_out_clause()),
            if data.fails() { "failed" } else { "passed" },
            escape_github_data(&data.config_label())
        )?;
        out.flush()
    }
}
