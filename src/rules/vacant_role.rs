use super::holdings::role_label;
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// Every holder of a required role is a vacant position.
    ///
    /// ## What it checks
    /// For each role with `required` set, when the role has holders and all of them are
    /// `vacant: true`. The subjects are the role id, then the vacant positions; the finding
    /// is placed at the first of them.
    ///
    /// ## Why
    /// An open post is planned but nobody is accountable today: the role's duties fall to
    /// whoever covers them, often without anyone saying so.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: coo-open, title: Chief Operating Officer, vacant: true, reports_to: ceo}
    /// ```
    ///
    /// ## How to fix
    /// Fill the post, or name an interim holder (`title: Interim COO`). While recruiting,
    /// waive with `rule: vacant-role`, `subject: COO` and an `expires` date.
    pub const VACANT_ROLE = {
        name: "vacant-role",
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let holders = &ctx.roles.holders[r];
        if role.required.0.is_none()
            || holders.is_empty()
            || !holders.iter().all(|&i| ctx.person(i).vacant)
        {
            continue;
        }
        let first = ctx.person(holders[0]);
        out.push(
            VACANT_ROLE
                .finding(format!(
                    "the required role {} is vacant: {}",
                    role_label(ctx, r),
                    ctx.labels(holders, 10)
                ))
                .subject(&role.id)
                .subjects(holders.iter().map(|&i| ctx.person(i).id.as_str()))
                .at(first.loc),
        );
    }
}
