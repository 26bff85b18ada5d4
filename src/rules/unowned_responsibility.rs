use super::holdings::{held_in_post, owners, role_label, shown};
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A role's duty has no owner and the role has nobody in post.
    ///
    /// ## What it checks
    /// For every duty a role is accountable for (its `responsibilities`): nobody lists the
    /// duty in `owns`, and the role has no holder in post (no holder at all, or only vacant
    /// positions). The subjects are the duty, then the role. A role held by someone in post
    /// covers its unowned duties itself.
    ///
    /// ## Why
    /// With the executive post empty and nobody named for the duty, the work simply stops
    /// being anybody's job: a gap that org charts hide well.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: coo-open, title: COO, vacant: true, reports_to: ceo}
    /// - {id: mara, title: Director of Operations, reports_to: coo-open,
    ///    owns: [operational-management]}
    /// # strategic-execution (a COO duty) has no owner: unowned-responsibility
    /// ```
    ///
    /// ## How to fix
    /// Name an owner (`owns: [strategic-execution]`) until the post is filled, or fill the
    /// post. Waive with `rule: unowned-responsibility` and the duty id as `subject`.
    pub const UNOWNED_RESPONSIBILITY = {
        name: "unowned-responsibility",
        severity: Severity::Error,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let owners = owners(ctx);
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        if role.responsibilities.is_empty() || held_in_post(ctx, r) {
            continue;
        }
        let holders = &ctx.roles.holders[r];
        let why = if holders.is_empty() {
            "nobody holds"
        } else {
            "nobody is in post as"
        };
        for duty in &role.responsibilities {
            if owners.get(duty.as_str()).is_some_and(|o| !o.is_empty()) {
                continue;
            }
            let mut finding = UNOWNED_RESPONSIBILITY
                .finding(format!(
                    "{} (a duty of {}) has no owner, and {why} {}",
                    shown(duty),
                    role.id,
                    role_label(ctx, r)
                ))
                .subject(duty)
                .subject(&role.id);
            if let Some(&first) = holders.first() {
                finding = finding.at(ctx.person(first).loc);
            }
            out.push(finding);
        }
    }
}
