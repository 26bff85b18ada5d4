//! Waiver bookkeeping: marks waived findings, and raises `expired-waiver` and
//! `unused-waiver`. Runs after every other rule, on their findings.

use crate::finding::{Finding, Severity, Suppression};
use crate::model::{Date, Waiver};
use crate::rules::{RuleId, RuleLevels};
use std::collections::HashMap;

declare_rule! {
    /// A waiver's `expires` date has passed.
    ///
    /// ## What it checks
    /// Waivers may carry `expires: YYYY-MM-DD`. From the day after that date the waiver no
    /// longer applies: the finding it covered counts again, and this finding says so.
    ///
    /// ## Why
    /// Waivers are promises ("flat team until the COO post is filled"). An expiry makes sure
    /// the promise is looked at again instead of hiding the problem for ever.
    ///
    /// ## Example
    /// ```yaml
    /// waivers:
    ///   - {rule: span-of-control, subject: dana, reason: Interim, expires: 2024-01-31}
    /// ```
    ///
    /// ## How to fix
    /// Fix the finding and delete the waiver, or renew it with a new date and reason.
    pub const EXPIRED_WAIVER = {
        severity_by: super::SeverityChoice::Fixed(Severity::Error),
        command: super::Command::Every,
        check: None,
        reconcile: None,
    };
}

declare_rule! {
    /// A waiver matches no finding.
    ///
    /// ## What it checks
    /// Each waiver names a rule and a primary subject. When no finding of that rule has that
    /// subject (the problem was fixed, or the waiver has a typo), the waiver is unused.
    /// Waivers for rules that were not run (`--select`, `--ignore`, severity `off`) are not
    /// reported.
    ///
    /// ## Why
    /// Stale waivers pile up and later hide a new problem with the same rule and subject.
    ///
    /// ## Example
    /// ```yaml
    /// waivers:
    ///   - {rule: span-of-control, subject: dnaa, reason: Flat team}   # typo: dana
    /// ```
    ///
    /// ## How to fix
    /// Delete the waiver, or correct its rule or subject.
    pub const UNUSED_WAIVER = {
        severity_by: super::SeverityChoice::Fixed(Severity::Warning),
        command: super::Command::Every,
        check: None,
        reconcile: None,
    };
}

/// Applies `waivers` to `findings` (marking matches waived) and returns the waivers' own
/// findings. `levels` says whether a rule ran, so waivers of skipped rules stay quiet.
pub fn apply(
    findings: &mut [Finding],
    waivers: &[Waiver],
    today: Date,
    levels: &RuleLevels,
) -> Vec<Finding> {
    let expired: Vec<bool> = waivers
        .iter()
        .map(|w| w.expires.is_some_and(|date| date < today))
        .collect();
    // A waiver's rule is parsed once here: one naming no rule matches nothing, and its
    // unused-waiver finding says why.
    let rules: Vec<Result<RuleId, String>> =
        waivers.iter().map(|w| RuleId::parse(&w.rule)).collect();
    // Waivers by (rule, subject), so each finding is looked up once: a long waiver list on a
    // big chart must not cost waivers × findings.
    let mut by_key: HashMap<(RuleId, &str), Vec<usize>> = HashMap::new();
    for (w, waiver) in waivers.iter().enumerate() {
        if let Ok(rule) = rules[w] {
            by_key
                .entry((rule, waiver.subject.as_str()))
                .or_default()
                .push(w);
        }
    }
    let mut matched = vec![false; waivers.len()];
    let mut counts_again = vec![false; waivers.len()];
    for finding in findings.iter_mut() {
        // Copied out: the key borrows the finding, which is updated below.
        let Some(matching) = by_key
            .get(&(finding.rule, finding.primary_subject()))
            .cloned()
        else {
            continue;
        };
        for &w in &matching {
            matched[w] = true;
        }
        if finding.suppression.is_none() {
            if let Some(&w) = matching.iter().find(|&&w| !expired[w]) {
                finding.suppression = Some(Suppression::Waived {
                    reason: waivers[w].reason.clone(),
                });
            }
        }
        // Only when no valid waiver covers it does the finding count again.
        if finding.suppression.is_none() {
            for &w in &matching {
                counts_again[w] |= expired[w];
            }
        }
    }
    let mut raised = Vec::new();
    for (w, waiver) in waivers.iter().enumerate() {
        let subject = crate::text::truncate(&waiver.subject, 80);
        let rule = crate::text::truncate(&waiver.rule, 80);
        let skipped = matches!(rules[w], Ok(id) if !levels.runs(id));
        if expired[w] {
            let date = waiver.expires.map(|d| d.to_string()).unwrap_or_default();
            let effect = if counts_again[w] {
                "; the finding counts again"
            } else {
                ""
            };
            raised.push(
                EXPIRED_WAIVER
                    .finding(format!(
                        "waiver of {rule} for {subject} expired on {date}{effect}"
                    ))
                    .subject(&waiver.subject)
                    .at(waiver.loc),
            );
        } else if !matched[w] && !skipped {
            let hint = match &rules[w] {
                Err(unknown) => format!(" ({unknown})"),
                Ok(_) => String::new(),
            };
            raised.push(
                UNUSED_WAIVER
                    .finding(format!(
                        "waiver of {rule} for {subject} matches no finding{hint}"
                    ))
                    .subject(&waiver.subject)
                    .at(waiver.loc),
            );
        }
    }
    raised
}
