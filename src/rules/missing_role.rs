use super::holdings::role_label;
use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A required role has no holder.
    ///
    /// ## What it checks
    /// Each rulebook role with `required: error|warning|info` must be held by at least one
    /// position: a person whose title matches one of the role's `aliases` (or whose explicit
    /// `roles` lists it). A vacant position counts as a holder here (that case is
    /// `vacant-role`). The finding's severity is the role's `required` value (built-in: CEO
    /// error, COO and CIO warning); its subject is the role id.
    ///
    /// ## Why
    /// A missing executive role is the biggest gap an org chart can have: nobody is
    /// accountable for its duties, and every duty of the role is also unowned.
    ///
    /// ## Example
    /// ```yaml
    /// people:
    ///   - {id: ceo, title: Chief Executive Officer}
    ///   - {id: cio, title: Chief Information Officer, reports_to: ceo}
    ///   # no COO: missing-role COO (warning)
    /// ```
    ///
    /// ## How to fix
    /// Add the position (as `vacant: true` if it is open), give its holder a title the
    /// rulebook recognises or an explicit `roles: [COO]`, or make the role optional
    /// (`required: false`) in your rulebook. Waive with `rule: missing-role` and the role id.
    pub const MISSING_ROLE = {
        name: "missing-role",
        severity_by: SeverityChoice::PerRole { default: Severity::Warning },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let Some(severity) = role.required.0 else {
            continue;
        };
        if !ctx.roles.holders[r].is_empty() {
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
                        "no one holds the required role {}{aliases}",
                        role_label(ctx, r)
                    ),
                )
                .subject(&role.id),
        );
    }
}
