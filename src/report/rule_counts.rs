//! `check --statistics`: how many findings each rule has, most first (as `ruff
//! --statistics`), as text or JSON. Counted are the findings the summary counts: neither
//! waived nor in the baseline.

use super::{Emitter, JsonEmitter, ReportData, TextEmitter};
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct StatisticsEmitter {
    /// A JSON array instead of text.
    pub json: bool,
    /// No summary line (`-q`).
    pub quiet: bool,
}

/// One rule's count.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
}

/// The findings that count, per rule and severity, most first, then by rule name.
pub fn rule_counts(findings: &[Finding]) -> Vec<RuleCount> {
    let mut counts: BTreeMap<(&'static str, Severity), usize> = BTreeMap::new();
    for finding in findings.iter().filter(|f| f.counts()) {
        *counts
            .entry((finding.rule.name(), finding.severity))
            .or_default() += 1;
    }
    let mut counts: Vec<RuleCount> = counts
        .into_iter()
        .map(|((rule, severity), count)| RuleCount {
            rule,
            severity,
            count,
        })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    counts
}

impl Emitter for StatisticsEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        // Input errors have no rules to count: they are reported as the plain format would.
        if data.stopped() && self.json {
            return JsonEmitter.emit(data, out);
        }
        if data.stopped() {
            let text = TextEmitter {
                color: false,
                quiet: self.quiet,
                concise: false,
                show_existing: false,
            };
            return text.emit(data, out);
        }
        let counts = rule_counts(data.findings);
        if self.json {
            return super::write_json(out, &counts);
        }
        let width = counts
            .iter()
            .map(|c| c.count.to_string().len())
            .max()
            .unwrap_or(1);
        let rule_width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0);
        for c in &counts {
            writeln!(
                out,
                "{:>width$}  {:<rule_width$}  {}",
                c.count, c.rule, c.severity
            )?;
        }
        if !self.quiet {
            let total: usize = counts.iter().map(|c| c.count).sum();
            let s = data.summary;
            let mut line = format!(
                "{} in {}",
                crate::text::plural(total, "finding"),
                crate::text::plural(counts.len(), "rule")
            );
            if s.waived > 0 {
                line.push_str(&format!(", {} waived", s.waived));
            }
            if s.existing > 0 {
                line.push_str(&format!(", {} existing", s.existing));
            }
            writeln!(
                out,
                "{line} ({})",
                crate::escape::escape_control(&data.config_label())
            )?;
        }
        Ok(())
    }
}
