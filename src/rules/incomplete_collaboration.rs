use super::holdings::{held_in_post, owners, shown, OrgMasks};
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A collaboration lacks one of the roles that must take part.
    ///
    /// ## What it checks
    /// For each rulebook `collaborations` entry (a duty and the roles that must all take
    /// part; built-in: COO and CIO for efficiency-initiatives, customer-experience and
    /// data-driven-decisions):
    /// - nobody owns the duty: each role must have a holder in post (the holders take part
    ///   themselves); a role without one is missing;
    /// - people own the duty: for each role, one of the owners must be inside Org(role), the
    ///   holders and everyone below them on solid lines; a role with no owner there is
    ///   missing.
    ///
    /// The subjects are the duty, then the missing roles.
    ///
    /// ## Why
    /// Shared duties fail quietly: each side assumes the other carries them. Making sure every
    /// side has someone on it keeps the collaboration real.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: teresa, title: Head of Customer Service, reports_to: coo,
    ///    owns: [customer-experience]}
    /// # nobody from the CIO's org owns customer-experience: missing CIO
    /// ```
    ///
    /// ## How to fix
    /// Add an owner from the missing role's org (`owns: [customer-experience]`), or remove
    /// the `owns` entries to leave the duty with the role holders. Waive with
    /// `rule: incomplete-collaboration` and the duty id.
    pub const INCOMPLETE_COLLABORATION = {
        name: "incomplete-collaboration",
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let owners = owners(ctx);
    let mut orgs = OrgMasks::new(ctx);
    for collaboration in &ctx.rulebook.collaborations {
        let duty = collaboration.responsibility.as_str();
        let duty_owners = owners.get(duty).map(Vec::as_slice).unwrap_or(&[]);
        let mut missing: Vec<usize> = Vec::new();
        for id in &collaboration.roles {
            let Some(r) = ctx.rulebook.role_index(id) else {
                continue;
            };
            let takes_part = if duty_owners.is_empty() {
                held_in_post(ctx, r)
            } else {
                orgs.any_inside(r, duty_owners)
            };
            if !takes_part && !missing.contains(&r) {
                missing.push(r);
            }
        }
        if missing.is_empty() {
            continue;
        }
        let missing_ids: Vec<&str> = missing
            .iter()
            .map(|&r| ctx.rulebook.roles[r].id.as_str())
            .collect();
        let message = if duty_owners.is_empty() {
            format!(
                "{} needs {} but has no owner, and nobody is in post as {}",
                shown(duty),
                collaboration.roles.join(" and "),
                missing_ids.join(" or ")
            )
        } else {
            format!(
                "{} needs {} but none of its owners ({}) is in the org of {}",
                shown(duty),
                collaboration.roles.join(" and "),
                ctx.labels(duty_owners, 10),
                missing_ids.join(" or ")
            )
        };
        let place = duty_owners
            .first()
            .or_else(|| ctx.roles.holders[missing[0]].first())
            .map(|&i| ctx.person(i).loc);
        let mut finding = INCOMPLETE_COLLABORATION
            .finding(message)
            .subject(duty)
            .subjects(missing_ids);
        if let Some(loc) = place {
            finding = finding.at(loc);
        }
        out.push(finding);
    }
}
