use crate::finding::{Finding, Severity};
use crate::reconcile::Context;

declare_rule! {
    /// A current person of the HR record matches a disabled directory account
    /// (`orglint reconcile`).
    ///
    /// ## What it checks
    /// A current person (no leaver, no future starter) whose matched account is disabled:
    /// LDIF `userAccountControl` bit 2 or `nsAccountLock: TRUE`, Graph
    /// `accountEnabled: false`, SCIM `active: false`, Google `Suspended` or `Archived`, a
    /// directory CSV's `Enabled` column.
    ///
    /// ## Why
    /// Either the person left and HR has not recorded it (the record is wrong), or an
    /// offboarding ran for the wrong person (someone who works here cannot sign in).
    ///
    /// ## Example
    /// The record has `E1107, Mo Chen, Active`; the directory's `employeeID: 1107` entry has
    /// `userAccountControl: 514`.
    ///
    /// ## How to fix
    /// Ask HR whether the person left: record the termination, or re-enable the account.
    /// Waive with `rule: disabled-account` and the person's record id (say, for a long leave).
    pub const DISABLED_ACCOUNT = {
        severity: Severity::Warning,
        reconcile: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (e, _, account) in ctx.matched_current() {
        if ctx.accounts[account as usize].enabled != Some(false) {
            continue;
        }
        out.push(
            DISABLED_ACCOUNT
                .finding(format!(
                    "{} is a current employee, but their account {} is disabled",
                    ctx.entry_label(e),
                    ctx.account_label(account)
                ))
                .subject(ctx.entry_subject(e))
                .at(ctx.entries[e as usize].person.loc),
        );
    }
}
