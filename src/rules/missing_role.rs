use super::definitions::role_label;
use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A required role has no holder.
    ///
    /// ## What it checks
    /// Each rulebook role with `required: error|warning|info` must be held by at least one
    /// position: a person whose title matches one of the role's `aliases` (or whose explicit
    /// `roles` lists it), or have someone standing in for it (`stand-in-role`). A vacant
    /// position counts as a holder here (that case is `vacant-role`). The finding's severity
    /// is the role's `required` value (built-in: CEO error, CIO warning, COO info); its
    /// subject is the role id, and it points at line 1 of the first chart file. The message
    /// says who the role's duties fall to: the first role up its `reports_to` with someone
    /// accountable (no COO: the CEO runs operations), or that nobody is accountable. A
    /// missing role is reported once: its duties, collaborations and reporting lines are not
    /// reported again. Not raised for a `top` role when the chart has no top at all (the
    /// cycle or dangling manager explains that).
    ///
    /// ## Why
    /// A missing executive role is the biggest gap an org chart can have: its duties are
    /// carried, if at all, by someone who has other work.
    ///
    /// ## Example
    /// ```yaml
    /// people:
    ///   - {id: ceo, title: Chief Executive Officer}
    ///   - {id: coo, title: Chief Operating Officer, reports_to: ceo}
    ///   # no CIO and no CTO or Head of IT: missing-role CIO (warning)
    /// ```
    ///
    /// ## How to fix
    /// Add the position (as `vacant: true` if it is open), give its holder a title the
    /// rulebook recognises or an explicit `roles: [COO]`, or make the role optional
    /// (`required: false`) in your rulebook. Waive with `rule: missing-role` and the role id.
    pub const MISSING_ROLE = {
        severity_by: SeverityChoice::PerRole { default: Severity::Warning },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let defs = ctx.defs;
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let Some(severity) = role.required.0 else {
            continue;
        };
        // No holder at all (vacant posts are vacant-role's), nobody standing in, and for a
        // top role a chart that has a top (else the cycle or dangling manager explains it).
        if !ctx.roles.holders[r].is_empty()
            || defs.stand_in[r].is_some()
            || (role.top && ctx.graph.roots.is_empty())
        {
            continue;
        }
        let aliases = if role.aliases.is_empty() {
            String::new()
        } else {
            format!(" (no title matches {})", role.aliases.join(", "))
        };
        out.push(
            MISSING_ROLE
                .finding_as(
                    Chosen::ByRulebook(severity),
                    format!(
                        "no one holds the required role {}{aliases}, and nobody stands in for it{}",
                        role_label(ctx, r),
                        ctx.duties_fall_to(r)
                    ),
                )
                .subject(&role.id)
                .at(ctx.chart_wide()),
        );
    }
}
