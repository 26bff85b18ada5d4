use super::definitions::role_label;
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// Every holder of a required role is a vacant position.
    ///
    /// ## What it checks
    /// For each role with `required` set, when the role has holders and all of them are
    /// `vacant: true`, whatever severity the role's `required` gives `missing-role`. The
    /// subjects are the role id, then the vacant positions; the finding is placed at the
    /// first of them. The message names who stands in for the role (`stand-in-role`) or,
    /// when nobody does, who its duties fall to. The vacancy is reported once: the role's
    /// duties and collaborations are not reported again because of it.
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
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let holders = &ctx.roles.holders[r];
        if role.required.0.is_none() || holders.is_empty() || !ctx.defs.active0[r].is_empty() {
            continue;
        }
        let cover = match ctx.defs.stand_in[r] {
            Some(stand_in) => format!("; {} stands in for it", ctx.label(stand_in.person)),
            None => ctx.duties_fall_to(r),
        };
        let first = ctx.person(holders[0]);
        out.push(
            VACANT_ROLE
                .finding(format!(
                    "the required role {} is vacant: {}{cover}",
                    role_label(ctx, r),
                    ctx.labels(holders, 10)
                ))
                .subject(&role.id)
                .subjects(holders.iter().map(|&i| ctx.person(i).id.as_str()))
                .at(first.loc),
        );
    }
}
