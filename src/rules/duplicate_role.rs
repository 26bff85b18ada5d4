use super::definitions::role_label;
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// More people hold a role than the rulebook allows.
    ///
    /// ## What it checks
    /// Counts the holders of each role (vacant positions included) and compares with the
    /// role's `max_holders` (default 1). The subjects are all the holders, in file order;
    /// the finding is placed at the first.
    ///
    /// ## Why
    /// Two COOs means two people who each think the other is accountable, or a title that
    /// overstates someone's role. Duties and reporting lines become ambiguous.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: sam, title: Chief Operating Officer, reports_to: ceo}
    /// - {id: ann, title: COO, reports_to: ceo}    # duplicate-role: sam, ann
    /// ```
    ///
    /// ## How to fix
    /// Correct the titles (`VP Operations` rather than `COO`), close the duplicate post, or
    /// raise `max_holders` for the role in your rulebook (co-CEOs). Waive with
    /// `rule: duplicate-role` and the first holder's id.
    pub const DUPLICATE_ROLE = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let holders = &ctx.roles.holders[r];
        if holders.len() <= role.max_holders as usize {
            continue;
        }
        out.push(
            DUPLICATE_ROLE
                .finding(format!(
                    "{} people hold {} (at most {} allowed): {}",
                    holders.len(),
                    role_label(ctx, r),
                    role.max_holders,
                    ctx.labels(holders, 10)
                ))
                .subjects(holders.iter().map(|&i| ctx.person(i).id.as_str()))
                .at(ctx.person(holders[0]).loc),
        );
    }
}
