use crate::choice::Choice;
use crate::finding::{Finding, Severity};
use crate::reconcile::matching::Found;
use crate::reconcile::Context;

declare_rule! {
    /// A record row's key finds several directory accounts and none of them is the one
    /// (`orglint reconcile`).
    ///
    /// ## What it checks
    /// When the first key that finds anything (employee number, email, name) finds several
    /// accounts, the one enabled account whose email also matches the record's is the
    /// person's and the others are their extra accounts. When there is no such single
    /// account, the row is ambiguous: this finding names the candidates, and neither the row
    /// (`missing-account`) nor the candidates (`orphan-account`) are reported otherwise.
    /// orglint never guesses.
    ///
    /// ## Why
    /// Two accounts with one employee number are an admin account beside its owner's, a
    /// rehire's old account, or a typo; only someone who knows can say which is the person.
    ///
    /// ## Example
    /// The record has `E1300, Lee Park` without an email; the directory has `employeeID: 1300`
    /// on `lpark` and on `adm-lpark`.
    ///
    /// ## How to fix
    /// Give the record row the email of the person's main account, or correct the employee
    /// number of the wrong account. Waive with `rule: ambiguous-match` and the person's
    /// record id.
    pub const AMBIGUOUS_MATCH = {
        severity: Severity::Warning,
        reconcile: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (e, found) in ctx.matching.found.iter().enumerate() {
        let Found::Ambiguous { key, candidates } = found else {
            continue;
        };
        let e = e as u32;
        let shown: Vec<String> = candidates
            .iter()
            .take(10)
            .map(|&a| ctx.account_label(a))
            .collect();
        let more = match candidates.len() {
            n if n > 10 => format!(" and {} more", n - 10),
            _ => String::new(),
        };
        out.push(
            AMBIGUOUS_MATCH
                .finding(format!(
                    "{} matches {} accounts by {} and no single enabled one also matches by email: {}{more}",
                    ctx.entry_label(e),
                    candidates.len(),
                    key.name().replace('_', " "),
                    shown.join(", ")
                ))
                .subject(ctx.entry_subject(e))
                .at(ctx.entries[e as usize].person.loc),
        );
    }
}
