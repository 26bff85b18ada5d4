//! What a person reads first about a reconcile (SPEC §10): the record's rows, the
//! directory's entries and what was left out of it, how many rows matched and by which key,
//! and the findings per rule. Reports show it ([`crate::report::ReportData::reconcile`]).

use super::matching::{Found, MatchedBy, Owner};
use super::Context;
use crate::finding::Finding;
use crate::model::{Chart, LeftOutCounts};
use crate::record::{AccountManager, RecordStatus};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ReconcileSummary {
    pub record: RecordCounts,
    pub directory: DirectoryCounts,
    pub matched: MatchCounts,
    /// Rows matched by a `proxyAddresses` alias (no `mail`/UPN matched): row, account.
    pub alias_matches: Vec<Pair>,
    /// Rows matched by their full name alone: row, account.
    pub name_matches: Vec<Pair>,
    /// Accounts of a matched person beside their main one (same key): row, account.
    pub extra_accounts: Vec<Pair>,
    /// Findings that count, per rule (rules without any left out).
    pub findings: BTreeMap<&'static str, usize>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RecordCounts {
    /// Rows: current people, leavers and future starters.
    pub rows: usize,
    pub leavers: usize,
    pub future_starters: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct DirectoryCounts {
    /// Every entry of the directory files.
    pub entries: usize,
    /// Entries that are no person, per kind (as `check` counts them).
    pub left_out: LeftOutCounts,
    /// Person entries outside `reconcile.scope:`.
    pub out_of_scope: usize,
    pub extra_accounts: usize,
    /// Matched people whose record names a manager and whose account names none.
    pub blank_managers: usize,
    /// Files whose entries carry no enabled state (every account counts as enabled).
    pub without_enabled_state: Vec<String>,
    /// Files with no manager field (`manager-mismatch` is off for their accounts).
    pub without_manager_field: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct MatchCounts {
    /// Rows matched to an account, leavers and future starters included.
    pub rows: usize,
    pub by_employee_number: usize,
    pub by_email: usize,
    pub by_alias: usize,
    pub by_name: usize,
    /// Rows whose key found several accounts (`ambiguous-match`).
    pub ambiguous: usize,
}

/// A record row and an account, as reports show them (ids, keys).
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    pub person: String,
    pub account: String,
}

impl ReconcileSummary {
    pub fn of(ctx: &Context, directory: &Chart, findings: &[Finding]) -> ReconcileSummary {
        let mut summary = ReconcileSummary {
            record: RecordCounts {
                rows: ctx.record.people.len()
                    + ctx.entries.iter().filter(|e| e.current.is_none()).count(),
                leavers: ctx.entries.iter().filter(|e| e.is_leaver()).count(),
                future_starters: ctx
                    .entries
                    .iter()
                    .filter(|e| matches!(e.status, Some(RecordStatus::Future { .. })))
                    .count(),
            },
            directory: directory_counts(ctx, directory),
            ..ReconcileSummary::default()
        };
        summary.count_matches(ctx);
        for finding in findings.iter().filter(|f| f.counts()) {
            *summary.findings.entry(finding.rule.name()).or_default() += 1;
        }
        summary
    }

    fn count_matches(&mut self, ctx: &Context) {
        let pair = |e: u32, a: u32| Pair {
            person: ctx.entry_subject(e),
            account: ctx.account_subject(a),
        };
        for (e, found) in ctx.matching.found.iter().enumerate() {
            let e = e as u32;
            let counts = &mut self.matched;
            match found {
                Found::Unmatched => {}
                Found::Ambiguous { .. } => counts.ambiguous += 1,
                Found::Matched { account, by } => {
                    counts.rows += 1;
                    match by {
                        MatchedBy::Number => counts.by_employee_number += 1,
                        MatchedBy::Email => counts.by_email += 1,
                        MatchedBy::Alias => {
                            counts.by_alias += 1;
                            self.alias_matches.push(pair(e, *account));
                        }
                        MatchedBy::Name => {
                            counts.by_name += 1;
                            self.name_matches.push(pair(e, *account));
                        }
                    }
                }
            }
        }
        for (a, owner) in ctx.matching.owners.iter().enumerate() {
            if let Owner::Extra(e) = owner {
                self.extra_accounts.push(pair(*e, a as u32));
            }
        }
        self.directory.extra_accounts = self.extra_accounts.len();
    }

    /// The summary's lines as text shows them, first the counts, then what to do about the
    /// files that cannot tell everything.
    pub fn lines(&self) -> Vec<String> {
        let (r, d, m) = (&self.record, &self.directory, &self.matched);
        let plural = crate::text::plural;
        let mut lines = vec![format!(
            "record: {} ({}, {})",
            plural(r.rows, "row"),
            plural(r.leavers, "leaver"),
            plural(r.future_starters, "future starter")
        )];
        let entries = match d.entries {
            1 => "1 entry".to_owned(),
            n => format!("{n} entries"),
        };
        let mut directory = format!("directory: {entries}");
        let mut aside: Vec<String> = Vec::new();
        // `check` leaves out a second account of one employee number as `extra`; reconcile
        // matches it all the same and says what it turned out to be instead (a person's extra
        // account below, a candidate of an ambiguous match, a match or an orphan account).
        let left_out = d.left_out.without(crate::model::LeftOut::Extra);
        if left_out.total() > 0 {
            aside.push(format!("left out {}", left_out.describe()));
        }
        if d.out_of_scope > 0 {
            aside.push(format!("{} outside reconcile.scope", d.out_of_scope));
        }
        // Counts of nothing are noise to an admin reading the summary: only those found.
        let counts = [
            (d.extra_accounts, "extra account"),
            (d.blank_managers, "blank manager"),
        ];
        for (count, what) in counts.into_iter().filter(|&(count, _)| count > 0) {
            aside.push(crate::text::plural(count, what));
        }
        if !aside.is_empty() {
            directory.push_str(&format!(" ({})", aside.join(", ")));
        }
        lines.push(directory);
        for file in &d.without_enabled_state {
            lines.push(format!(
                "{file}: no enabled state, so every account counts as enabled (Graph: add accountEnabled to $select; a CSV: export the Enabled column)"
            ));
        }
        for file in &d.without_manager_field {
            lines.push(format!(
                "{file}: no manager field, manager-mismatch is off for it"
            ));
        }
        lines.push(format!(
            "matched: {} (by employee number {}, email {}, alias {}, name only {}; {} ambiguous)",
            crate::text::plural(m.rows, "row"),
            m.by_employee_number,
            m.by_email,
            m.by_alias,
            m.by_name,
            m.ambiguous
        ));
        let listed = |what: &str, pairs: &[Pair]| {
            let shown: Vec<String> = pairs
                .iter()
                .take(10)
                .map(|p| format!("{} = {}", p.person, p.account))
                .collect();
            let more = pairs.len().saturating_sub(10);
            let more = if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            };
            format!("{what}: {}{more}", shown.join(", "))
        };
        if !self.alias_matches.is_empty() {
            lines.push(listed(
                "matched by email alias (proxyAddresses)",
                &self.alias_matches,
            ));
        }
        if !self.name_matches.is_empty() {
            lines.push(listed("matched by name only", &self.name_matches));
        }
        let per_rule: Vec<String> = self
            .findings
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect();
        lines.push(match per_rule.is_empty() {
            true => "findings: none".to_owned(),
            false => format!("findings: {}", per_rule.join(", ")),
        });
        lines
    }
}

fn directory_counts(ctx: &Context, directory: &Chart) -> DirectoryCounts {
    let mut counts = DirectoryCounts {
        entries: ctx.accounts.len(),
        left_out: directory.left_out_counts,
        ..DirectoryCounts::default()
    };
    counts.out_of_scope = ctx
        .accounts
        .iter()
        .zip(ctx.candidate)
        .filter(|(a, &c)| {
            !c && a.kind == crate::load::accounts::AccountKind::Person
                && a.left_out != Some(crate::model::LeftOut::Excluded)
        })
        .count();
    for file in ctx.files {
        let path = directory.source_path(file.file).to_owned();
        if !file.enabled_state {
            counts.without_enabled_state.push(path.clone());
        }
        if !file.manager_field {
            counts.without_manager_field.push(path);
        }
    }
    counts.blank_managers = ctx
        .matched_current()
        .filter(|&(_, person, account)| {
            ctx.graph.manager(person).is_some()
                && ctx.accounts[account as usize].manager == AccountManager::Blank
                && ctx.side_file(account).is_none_or(|f| f.manager_field)
        })
        .count();
    counts
}
