use super::holdings::{held_in_post, owners, OrgMasks};
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A role's duty is owned only by people outside that role's org.
    ///
    /// ## What it checks
    /// For every duty of a role X that has a holder in post: when the duty has owners (people
    /// listing it in `owns`) and none of them is inside Org(X), the holders of X and everyone
    /// below them on solid lines. Dotted lines do not count. The subjects are the owners;
    /// the finding is placed at the first.
    ///
    /// ## Why
    /// The executive is accountable for the duty but the person doing it answers to someone
    /// else: priorities, budget and escalation run through the wrong line.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: cio, title: CIO, reports_to: ceo}
    /// - {id: ana, title: Finance Systems Lead, reports_to: cfo, owns: [it-strategy]}
    /// ```
    ///
    /// ## How to fix
    /// Move the owner into the role's org, hand the duty to someone in it, or leave it to the
    /// role holder (remove the `owns`). Waive with `rule: misplaced-responsibility` and the
    /// first owner's id.
    pub const MISPLACED_RESPONSIBILITY = {
        name: "misplaced-responsibility",
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let owners = owners(ctx);
    let mut orgs = OrgMasks::new(ctx);
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        if role.responsibilities.is_empty() || !held_in_post(ctx, r) {
            continue;
        }
        for duty in &role.responsibilities {
            let Some(duty_owners) = owners.get(duty.as_str()).filter(|o| !o.is_empty()) else {
                continue;
            };
            if orgs.any_inside(r, duty_owners) {
                continue;
            }
            let holders = &ctx.roles.holders[r];
            out.push(
                MISPLACED_RESPONSIBILITY
                    .finding(format!(
                        "{} (a duty of {}) is owned by {}, outside the {} org of {}",
                        super::holdings::shown(duty),
                        role.id,
                        ctx.labels(duty_owners, 10),
                        role.id,
                        ctx.labels(holders, 3)
                    ))
                    .subjects(duty_owners.iter().map(|&i| ctx.person(i).id.as_str()))
                    .at(ctx.person(duty_owners[0]).loc),
            );
        }
    }
}
