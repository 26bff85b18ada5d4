//! Findings: what a rule reports, with its severity, subjects and location.

use crate::model::Loc;
use crate::rules::RuleId;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity setting from config or rulebook: a level, or `off` to drop the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "off" => Some(Level::Off),
            other => Severity::parse(other).map(Level::On),
        }
    }
}

/// The threshold at or above which findings fail the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub const ALL: [FailOn; 4] = [FailOn::Error, FailOn::Warning, FailOn::Info, FailOn::Never];

    pub fn parse(text: &str) -> Option<FailOn> {
        match text {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "info" => Some(FailOn::Info),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    /// Whether a finding of this severity fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Info => true,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Error => severity >= Severity::Error,
        }
    }
}

/// Why a finding does not count against the run, if it does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suppression {
    /// Accepted by a waiver, with its reason.
    Waived { reason: String },
    /// Already present in the baseline file.
    Baseline,
}

/// How a finding names a file it is about (SPEC §5): its base name with each run of digits
/// replaced by `#`, so that `org-2026-11-01.csv` and next month's `org-2026-12-01.csv` (or the
/// same file reached from another folder) keep one fingerprint, and baselines and waivers keep
/// matching.
pub fn file_subject(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.into(), |n| n.to_string_lossy());
    let mut subject = String::with_capacity(name.len());
    let mut in_digits = false;
    for c in name.chars() {
        let digit = c.is_ascii_digit();
        if !digit {
            subject.push(c);
        } else if !in_digits {
            subject.push('#');
        }
        in_digits = digit;
    }
    subject
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// Ids of what the finding is about; the first is the primary subject (used by waivers).
    pub subjects: Vec<String>,
    pub location: Option<Loc>,
    pub suppression: Option<Suppression>,
}

impl Finding {
    pub fn new(rule: RuleId, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity,
            message: message.into(),
            subjects: Vec::new(),
            location: None,
            suppression: None,
        }
    }

    pub fn subject(mut self, id: impl Into<String>) -> Self {
        self.subjects.push(id.into());
        self
    }

    pub fn subjects<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.subjects.extend(ids.into_iter().map(Into::into));
        self
    }

    pub fn at(mut self, loc: Loc) -> Self {
        self.location = Some(loc);
        self
    }

    pub fn primary_subject(&self) -> &str {
        self.subjects.first().map(String::as_str).unwrap_or("")
    }

    pub fn is_waived(&self) -> bool {
        matches!(self.suppression, Some(Suppression::Waived { .. }))
    }

    /// Whether the finding counts against `--fail-on` (not waived, not in the baseline).
    pub fn counts(&self) -> bool {
        self.suppression.is_none()
    }

    /// Stable identity: rule + subjects, never the line, so reordering a file changes nothing.
    /// Subjects are taken sorted: the order some rules list them in (a cycle's members, the
    /// roots) follows the file, and must not change the identity. FNV-1a 64 over
    /// `rule\0subject\0subject...`, as 16 hex digits.
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for &b in bytes {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        feed(self.rule.name().as_bytes());
        let mut subjects: Vec<&String> = self.subjects.iter().collect();
        subjects.sort_unstable();
        for subject in subjects {
            feed(&[0]);
            feed(subject.as_bytes());
        }
        format!("{hash:016x}")
    }
}

/// Counts per severity of the findings that count, plus how many were waived.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub waived: usize,
    /// Findings already in the baseline.
    pub existing: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match &f.suppression {
                Some(Suppression::Waived { .. }) => s.waived += 1,
                Some(Suppression::Baseline) => s.existing += 1,
                None => match f.severity {
                    Severity::Error => s.error += 1,
                    Severity::Warning => s.warning += 1,
                    Severity::Info => s.info += 1,
                },
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_subject_is_its_base_name_with_digit_runs_folded() {
        use super::file_subject;
        assert_eq!(file_subject("exports/org-2026-11-01.csv"), "org-#-#-#.csv");
        assert_eq!(file_subject("./org-2026-12-01.csv"), "org-#-#-#.csv");
        assert_eq!(file_subject("/tmp/a/org.csv"), "org.csv");
        assert_eq!(file_subject("<stdin>"), "<stdin>");
        assert_eq!(file_subject("x1y22z"), "x#y#z");
    }
}
