//! Baselines: the fingerprints of findings accepted as they are, so that only new findings
//! fail. A fingerprint is rule + subjects, so reordering the chart changes nothing.

use crate::error::InputError;
use crate::finding::{Finding, Suppression};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    subjects: Vec<String>,
}

/// The baseline file for these findings (waived ones are left out: their waiver covers them),
/// and how many findings it holds.
pub fn render(findings: &[Finding]) -> (Vec<u8>, usize) {
    let baseline = Baseline {
        version: 1,
        findings: findings
            .iter()
            .filter(|f| !matches!(f.suppression, Some(Suppression::Waived { .. })))
            .map(|f| Entry {
                fingerprint: f.fingerprint(),
                rule: f.rule.to_owned(),
                subjects: f.subjects.clone(),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&baseline).unwrap_or_default();
    bytes.push(b'\n');
    (bytes, baseline.findings.len())
}

/// The fingerprints in a baseline file.
pub fn read(path: &Path) -> Result<HashSet<String>, InputError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| InputError::file(&display, format!("cannot read baseline: {e}")))?;
    let baseline: Baseline = serde_json::from_slice(&bytes).map_err(|e| {
        InputError::new(
            &display,
            e.line() as u32,
            e.column() as u32,
            format!("not an orglint baseline: {e}; expected the JSON written by --write-baseline"),
        )
    })?;
    Ok(baseline
        .findings
        .into_iter()
        .map(|e| e.fingerprint)
        .collect())
}
