use super::definitions::{shown, Definitions};
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A collaboration lacks one of the roles that must take part.
    ///
    /// ## What it checks
    /// For each rulebook `collaborations` entry (a duty and the roles that must all take
    /// part; built-in: COO and CIO for efficiency-initiatives, customer-experience and
    /// data-driven-decisions):
    /// - nobody owns the duty: each role must have someone accountable, Acc(role): a holder
    ///   in post, its stand-in, or else whoever is accountable for the first role up its
    ///   `reports_to` (they take part themselves); a role with nobody is missing;
    /// - people own the duty: for each role, one of the owners must be in or below
    ///   Acc(role) on solid lines; a role with no owner there is missing.
    ///
    /// Roles already reported by `missing-role` or `vacant-role` are not counted again (one
    /// cause, one finding). The subjects are the duty, then the missing roles; the finding
    /// points at the first owner's `owns` entry.
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
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let defs = ctx.defs;
    for collaboration in &ctx.rulebook.collaborations {
        let duty = collaboration.responsibility.as_str();
        let duty_owners = defs.owners_of(duty);
        let mut missing: Vec<usize> = Vec::new();
        for id in &collaboration.roles {
            let Some(r) = ctx.rulebook.role_index(id) else {
                continue;
            };
            // A role missing-role or vacant-role reports is not counted again.
            if defs.gap_reported[r] || missing.contains(&r) {
                continue;
            }
            let takes_part = if duty_owners.is_empty() {
                !defs.acc(r).is_empty()
            } else {
                duty_owners.iter().any(|&i| defs.under_acc(ctx.graph, r, i))
            };
            if !takes_part {
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
                "{} needs {} but has no owner, and nobody is accountable for {}",
                shown(duty),
                collaboration.roles.join(" and "),
                missing_ids.join(" or ")
            )
        } else {
            format!(
                "{} needs {} but none of its owners ({}) is in or below who is accountable for {}",
                shown(duty),
                collaboration.roles.join(" and "),
                ctx.labels(duty_owners, 10),
                missing_ids.join(" or ")
            )
        };
        let at = match duty_owners.first() {
            Some(&first) => Definitions::owns_entry(ctx.chart, first, duty),
            None => ctx.chart_wide(),
        };
        out.push(
            INCOMPLETE_COLLABORATION
                .finding(message)
                .subject(duty)
                .subjects(missing_ids)
                .at(at),
        );
    }
}
