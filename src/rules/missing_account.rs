use crate::finding::{Finding, Severity};
use crate::reconcile::matching::Found;
use crate::reconcile::{Context, MatchKey};

declare_rule! {
    /// A current person of the HR record has no account in the directory
    /// (`orglint reconcile`).
    ///
    /// ## What it checks
    /// Every current, non-vacant person of the record (leavers and future starters aside) is
    /// looked up in the directory by the keys of `reconcile.match:` (by default employee
    /// number, then email, then a full name unique on both sides). When no key finds an
    /// account, this finding names the keys tried and counts the people the person manages,
    /// whose `manager-mismatch` findings cannot be judged without them. Someone whose key
    /// finds several accounts is an `ambiguous-match` instead.
    ///
    /// ## Why
    /// A starter without an account cannot work; more often the account exists under another
    /// key (a typo in the employee number, a changed surname), and the directory then holds
    /// an account that matches nobody, which `orphan-account` reports.
    ///
    /// ## Example
    /// The record has `E2001, Ana Ruiz, ana.ruiz@example.com`; no directory entry has
    /// `employeeID: 2001`, that mail or that name.
    ///
    /// ## How to fix
    /// Create the account, or correct the key that should have matched (write the employee
    /// number into `employeeID`, fix the email). Waive with `rule: missing-account` and the
    /// person's record id for someone who needs no account.
    pub const MISSING_ACCOUNT = {
        severity: Severity::Warning,
        reconcile: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (e, entry) in ctx.entries.iter().enumerate() {
        let (e, Some(person)) = (e as u32, entry.current) else {
            continue;
        };
        if ctx.matching.found[e as usize] != Found::Unmatched {
            continue;
        }
        let tried = keys_tried(ctx, e);
        let managed = match ctx.graph.report_count(person) {
            0 => String::new(),
            n => format!("; manages {}", crate::text::plural(n, "person")),
        };
        out.push(
            MISSING_ACCOUNT
                .finding(format!(
                    "{} has no account in the directory (tried {tried}){managed}",
                    ctx.entry_label(e)
                ))
                .subject(ctx.entry_subject(e))
                .at(entry.person.loc),
        );
    }
}

/// The keys a row was looked up by, with their values unless `--redact` withholds them.
fn keys_tried(ctx: &Context, e: u32) -> String {
    let entry = &ctx.entries[e as usize];
    let shown = |value: &str| match ctx.redact {
        true => String::new(),
        false => format!(" {}", crate::text::truncate(value, 80)),
    };
    let mut tried = Vec::new();
    for key in ctx.keys {
        match key {
            MatchKey::EmployeeNumber => {
                if let Some(number) = entry.number {
                    tried.push(format!("employee number {number}"));
                }
            }
            MatchKey::Email => {
                if let Some(email) = entry.email() {
                    tried.push(format!("email{}", shown(email)));
                }
            }
            MatchKey::Name => {
                if let Some(name) = entry.name() {
                    tried.push(format!("name{}", shown(name)));
                }
            }
        }
    }
    match tried.is_empty() {
        true => "no key: the row has no employee number, email or name".to_owned(),
        false => tried.join(", "),
    }
}
