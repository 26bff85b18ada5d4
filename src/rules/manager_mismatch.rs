use crate::finding::{Finding, Severity};
use crate::reconcile::matching::Owner;
use crate::reconcile::Context;
use crate::record::{AccountManager, RecordStatus};
use std::collections::BTreeMap;

declare_rule! {
    /// The directory names another manager than the HR record (`orglint reconcile`).
    ///
    /// ## What it checks
    /// For each matched current person, the record's manager is compared with the manager
    /// their account names in the directory, after mapping the directory's manager through
    /// the matches (its account → the record row it matched). One finding per pair of
    /// (record manager, directory manager), counting and naming the first people concerned;
    /// its subjects are the record manager's id, then the directory manager's record id (its
    /// account key when it matches no one). A directory manager who is a leaver, whose
    /// account is disabled, or who was left out (a guest, a shared mailbox) is still a
    /// mismatch, and the message says so. Not judged: people whose record manager has no
    /// account, is vacant or is ambiguous (that manager's own finding counts them), and
    /// accounts whose directory file has no manager field (said once in the summary). A
    /// blank directory manager where the record names one is counted in the summary.
    ///
    /// ## Why
    /// Approvals, access reviews and org-chart tools follow the directory's manager: when it
    /// differs from HR's, requests go to the wrong person, often to someone who left.
    ///
    /// ## Example
    /// The record says Kim (E1201) reports to Dana (E1001); Kim's account has
    /// `manager: CN=Sam Ortiz,OU=Staff,DC=example,DC=com`, and Sam's account matches E1005.
    ///
    /// ## How to fix
    /// Correct the manager in the system that is wrong (usually the directory, which HR's
    /// provisioning should write). Waive with `rule: manager-mismatch` and the record
    /// manager's id for a deliberate difference (an acting manager in the directory).
    pub const MANAGER_MISMATCH = {
        severity: Severity::Warning,
        reconcile: check,
    };
}

/// The directory's side of a pair: how it is named in the subjects and the message.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct DirectoryManager {
    subject: String,
    label: String,
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    // (record manager, directory manager) → the rows concerned, in record order.
    let mut pairs: BTreeMap<(u32, DirectoryManager), Vec<u32>> = BTreeMap::new();
    for (e, person, account) in ctx.matched_current() {
        let Some(manager) = ctx.graph.manager(person) else {
            continue;
        };
        let Some(manager_account) = ctx.entry_of(manager).and_then(|m| ctx.account_of(m)) else {
            continue;
        };
        if !ctx.side_file(account).is_none_or(|f| f.manager_field) {
            continue;
        }
        let directory = match &ctx.accounts[account as usize].manager {
            AccountManager::Blank => continue,
            AccountManager::Account(j) if *j == manager_account => continue,
            AccountManager::Account(j) => account_manager(ctx, *j),
            AccountManager::Outside(value) => DirectoryManager {
                subject: ctx.outside_subject(value),
                label: format!(
                    "{}, who is outside the directory export",
                    ctx.outside_subject(value)
                ),
            },
        };
        pairs.entry((manager, directory)).or_default().push(e);
    }
    let mut findings: Vec<Finding> = pairs
        .into_iter()
        .map(|((manager, directory), rows)| finding(ctx, manager, &directory, &rows))
        .collect();
    out.append(&mut findings);
}

/// The directory manager that is account `j`: the record row it matched, else its key.
fn account_manager(ctx: &Context, j: u32) -> DirectoryManager {
    let account = &ctx.accounts[j as usize];
    let mut notes = Vec::new();
    let (subject, label) = match ctx.matching.owners[j as usize] {
        Owner::Main(e) | Owner::Extra(e) => {
            match ctx.entries[e as usize].status {
                Some(RecordStatus::Leaver { on: Some(date) }) => {
                    notes.push(format!("who left on {date}"))
                }
                Some(RecordStatus::Leaver { on: None }) => notes.push("a leaver".to_owned()),
                Some(RecordStatus::Future { from }) => notes.push(format!("who starts on {from}")),
                None => {}
            }
            (ctx.entry_subject(e), ctx.entry_label(e))
        }
        Owner::Nobody | Owner::Ambiguous => {
            notes.push("whose account matches nobody in the record".to_owned());
            (
                ctx.account_subject(j),
                format!("account {}", ctx.account_label(j)),
            )
        }
    };
    if account.enabled == Some(false) {
        notes.push("whose account is disabled".to_owned());
    }
    if let Some(why) = account.left_out.filter(|_| account.person.is_none()) {
        notes.push(format!("left out of the directory as {why}"));
    }
    let label = match notes.is_empty() {
        true => label,
        false => format!("{label}, {}", notes.join(", ")),
    };
    DirectoryManager { subject, label }
}

fn finding(ctx: &Context, manager: u32, directory: &DirectoryManager, rows: &[u32]) -> Finding {
    let record_manager = ctx.entry_of(manager).map_or_else(
        || ctx.record.people[manager as usize].id.to_string(),
        |m| ctx.entry_label(m),
    );
    let subject = ctx.entry_of(manager).map_or_else(
        || ctx.record.people[manager as usize].id.to_string(),
        |m| ctx.entry_subject(m),
    );
    let first = ctx.entries[rows[0] as usize].current.unwrap_or_default();
    let who = match rows.len() {
        1 => "1 person reports".to_owned(),
        n => format!("{n} people report"),
    };
    MANAGER_MISMATCH
        .finding(format!(
            "{who} to {record_manager} in the record but to {} in the directory: {}",
            directory.label,
            ctx.entry_labels(rows, 5)
        ))
        .subject(subject)
        .subject(directory.subject.clone())
        .at(ctx.reports_to_loc(first))
}
