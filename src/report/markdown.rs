//! Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments: a verdict, a summary table
//! by severity and a findings table. Every value from the input goes through
//! `escape_markdown`, so a name cannot add markup, HTML or table cells. The findings table is
//! capped (GitHub limits a step summary to 1 MiB).

use super::{Emitter, ReportData};
use crate::finding::Suppression;
use crate::text::escape_markdown;
use std::io::{self, Write};

pub struct MarkdownEmitter;

/// Most findings listed; the rest are counted.
pub const MAX_ROWS: usize = 500;

impl Emitter for MarkdownEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        let s = data.summary;
        let verdict = if data.fails() {
            "❌ failed"
        } else {
            "✅ passed"
        };
        writeln!(out, "## orglint: {verdict}\n")?;
        writeln!(
            out,
            "{} checked in {}; fail on {}.\n",
            crate::text::plural(data.people, "position"),
            data.inputs()
                .iter()
                .map(|p| escape_markdown(p))
                .collect::<Vec<_>>()
                .join(", "),
            data.fail_on.as_str()
        )?;
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
            writeln!(
                out,
                "| {severity} | `{}` | {place} | {message} |",
                finding.rule
            )?;
        }
        if data.findings.len() > MAX_ROWS {
            writeln!(
                out,
                "\n… and {} more finding(s); see the full report.",
                data.findings.len() - MAX_ROWS
            )?;
        }
        out.flush()
    }
}
