//! Findings: what a rule reports, with its severity, subjects and location.

use crate::choice::Choice;
use crate::model::Loc;
use crate::rule_id::RuleId;
use serde::Serialize;

/// How much a finding matters; ordered `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

crate::choice::serde_choice!(Severity {
    Info => "info",
    Warning => "warning",
    Error => "error",
});

/// A severity setting from config or rulebook: a level, or `off` to drop the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Choice for Level {
    /// The severities, most severe first, then `off`.
    const ALL: &'static [Level] = &{
        let severities = Severity::ALL;
        let mut all = [Level::Off; Severity::ALL.len() + 1];
        let mut k = 0;
        while k < severities.len() {
            all[k] = Level::On(severities[severities.len() - 1 - k]);
            k += 1;
        }
        all
    };

    fn name(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::On(severity) => severity.name(),
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

impl Choice for FailOn {
    const ALL: &'static [FailOn] = &[FailOn::Error, FailOn::Warning, FailOn::Info, FailOn::Never];

    /// A severity's name, or `never`.
    fn name(self) -> &'static str {
        self.threshold().map_or("never", Severity::name)
    }
}

impl FailOn {
    /// The least severity that fails the run (`None`: nothing fails it).
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    /// Whether a finding of this severity fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        self.threshold()
            .is_some_and(|threshold| severity >= threshold)
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

    pub fn subject(mut self, id: impl AsRef<str>) -> Self {
        self.subjects.push(id.as_ref().to_owned());
        self
    }

    pub fn subjects<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, ids: I) -> Self {
        self.subjects
            .extend(ids.into_iter().map(|id| id.as_ref().to_owned()));
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
    use super::{FailOn, Level, Severity};
    use crate::choice::Choice;

    #[test]
    fn levels_and_thresholds_take_the_severities_names() {
        assert_eq!(Severity::names(), ["info", "warning", "error"]);
        assert_eq!(Level::alternatives(), "error, warning, info or off");
        assert_eq!(FailOn::alternatives(), "error, warning, info or never");
        for level in Level::ALL {
            assert_eq!(Level::parse(level.name()), Some(*level));
        }
        for fail_on in FailOn::ALL {
            assert_eq!(FailOn::parse(fail_on.name()), Some(*fail_on));
        }
        assert_eq!(Level::parse("Error"), None);
    }

    #[test]
    fn fail_on_fails_at_and_above_its_threshold() {
        let failing = |fail_on: FailOn| -> Vec<Severity> {
            let all = Severity::ALL.iter().copied();
            all.filter(|&severity| fail_on.fails(severity)).collect()
        };
        assert_eq!(failing(FailOn::Never), []);
        assert_eq!(failing(FailOn::Error), [Severity::Error]);
        assert_eq!(
            failing(FailOn::Warning),
            [Severity::Warning, Severity::Error]
        );
        assert_eq!(failing(FailOn::Info), Severity::ALL);
    }

    #[test]
    fn a_severity_reads_and_writes_as_its_name() {
        for severity in Severity::ALL {
            let json = serde_json::to_string(severity).unwrap();
            assert_eq!(json, format!("\"{}\"", severity.name()));
            assert_eq!(serde_json::from_str::<Severity>(&json).unwrap(), *severity);
        }
        let error = serde_json::from_str::<Severity>("\"loud\"").unwrap_err();
        assert!(
            error.to_string().contains("unknown variant `loud`"),
            "{error}"
        );
    }

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
