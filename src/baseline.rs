//! Baselines: the fingerprints of findings accepted as they are, so that only new findings
//! fail. A fingerprint is rule + subjects, so reordering the chart changes nothing.

use crate::error::InputError;
use crate::finding::{Finding, Suppression};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline<F> {
    version: u32,
    findings: F,
}

/// A baseline entry as written.
#[derive(Serialize)]
struct Entry<'a> {
    fingerprint: String,
    rule: &'a str,
    subjects: &'a [String],
}

/// A baseline entry as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // rule and subjects are read to validate the file, not used.
struct ReadEntry {
    fingerprint: String,
    rule: String,
    subjects: Vec<String>,
}

/// Writes the baseline file for these findings (waived ones are left out: their waiver
/// covers them), each entry as it is serialized; returns how many entries it holds.
pub fn write(findings: &[Finding], out: &mut dyn std::io::Write) -> std::io::Result<usize> {
    let baseline = Baseline {
        version: 1,
        findings: Entries(findings),
    };
    crate::escape::write_json_pretty(&mut *out, &baseline).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(findings.iter().filter(|f| !is_waived(f)).count())
}

/// Waived findings stay out of a baseline: their waiver covers them.
fn is_waived(f: &Finding) -> bool {
    matches!(f.suppression, Some(Suppression::Waived { .. }))
}

/// The entries of a baseline, turned into their JSON shape one by one as they are written.
struct Entries<'a>(&'a [Finding]);

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().filter(|f| !is_waived(f)).map(|f| Entry {
            fingerprint: f.fingerprint(),
            rule: f.rule.name(),
            subjects: &f.subjects,
        }))
    }
}

/// The fingerprints in a baseline file, each with how many entries have it.
pub fn read(path: &Path) -> Result<HashMap<String, usize>, InputError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "; there is no baseline yet: write one first with `--write-baseline {display}`"
            ),
            _ => String::new(),
        };
        InputError::file(&display, format!("cannot read baseline: {e}{hint}"))
    })?;
    let baseline: Baseline<Vec<ReadEntry>> = serde_json::from_slice(&bytes).map_err(|e| {
        InputError::new(
            &display,
            e.line() as u32,
            e.column() as u32,
            format!("not an orglint baseline: {e}; expected the JSON written by --write-baseline"),
        )
    })?;
    let mut counts = HashMap::new();
    for entry in baseline.findings {
        *counts.entry(entry.fingerprint).or_insert(0) += 1;
    }
    Ok(counts)
}
