use super::definitions::{role_label, shown};
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A role's duty has no owner and nobody at all is accountable for it.
    ///
    /// ## What it checks
    /// For every duty a role X is accountable for (its `responsibilities`): nobody lists the
    /// duty in `owns`, and Acc(X) is empty: nobody holds X in post, nobody stands in for it,
    /// and no role up X's `reports_to` has anyone accountable (with no COO, the CEO runs
    /// operations and the COO's duties are the CEO's). A role that `missing-role` or
    /// `vacant-role` already reports is not reported again per duty (one cause, one
    /// finding), so this fires for roles that are not required. The subjects are the duty,
    /// then the role.
    ///
    /// ## Why
    /// With the executive post empty and nobody named for the duty, the work simply stops
    /// being anybody's job: a gap that org charts hide well.
    ///
    /// ## Example
    /// ```yaml
    /// # a rulebook whose optional role OPS (duties: strategic-execution) reports to
    /// # nobody; the chart has no OPS, no stand-in and no owner of strategic-execution:
    /// - {id: ceo, title: CEO}   # unowned-responsibility strategic-execution
    /// ```
    ///
    /// ## How to fix
    /// Name an owner (`owns: [strategic-execution]`) until the post is filled, or fill the
    /// post. Waive with `rule: unowned-responsibility` and the duty id as `subject`.
    pub const UNOWNED_RESPONSIBILITY = {
        severity: Severity::Error,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let defs = ctx.defs;
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        // Someone is accountable (the role, its stand-in or a role it reports to), or the
        // gap is already reported as missing-role or vacant-role.
        if role.responsibilities.is_empty() || !defs.acc(r).is_empty() || defs.gap_reported[r] {
            continue;
        }
        let holders = &ctx.roles.holders[r];
        let why = if holders.is_empty() {
            "nobody holds"
        } else {
            "nobody is in post as"
        };
        for duty in &role.responsibilities {
            if !defs.owners_of(duty).is_empty() {
                continue;
            }
            let at = holders
                .first()
                .map(|&first| ctx.person(first).loc)
                .unwrap_or_else(|| ctx.chart_wide());
            out.push(
                UNOWNED_RESPONSIBILITY.finding(format!(
                        "{} (a duty of {}) has no owner, {why} {}, nobody stands in for it, and no role it reports to has anyone accountable",
                        shown(duty),
                        role.id,
                        role_label(ctx, r)
                    ),
                )
                .subject(duty)
                .subject(&role.id)
                .at(at),
            );
        }
    }
}
