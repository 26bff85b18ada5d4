use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};

declare_rule! {
    /// One person holds roles the rulebook says must be held by different people.
    ///
    /// ## What it checks
    /// For each rulebook `conflicts` entry, every person in Active of all of its roles:
    /// holding them in post (by title or explicit `roles`) or standing in for them
    /// (`stand-in-role`); vacant posts do not count. The severity is the conflict's `severity` (built-in:
    /// COO + CIO, warning); the subject is the person.
    ///
    /// ## Why
    /// Some roles check each other. When one person runs operations and IT, nobody
    /// challenges the trade-offs between them, and both roles' duties compete for one
    /// person's time.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: sam, title: Chief Operating Officer & CIO, reports_to: ceo}
    /// ```
    ///
    /// ## How to fix
    /// Give one of the roles to someone else (an interim holder is fine). If the combination
    /// is deliberate and temporary, waive with `rule: role-conflict`, the person's id and an
    /// `expires` date.
    pub const ROLE_CONFLICT = {
        severity_by: SeverityChoice::PerConflict { default: Severity::Warning },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let rulebook = ctx.rulebook;
    for conflict in &rulebook.conflicts {
        let roles: Vec<u32> = conflict
            .roles
            .iter()
            .filter_map(|id| rulebook.role_index(id).map(|r| r as u32))
            .collect();
        let Some(&first) = roles.first() else {
            continue;
        };
        for &i in &ctx.defs.active[first as usize] {
            let held = ctx.defs.active_roles_of(i);
            if !roles.iter().all(|r| held.contains(r)) {
                continue;
            }
            let reason = conflict
                .reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            let verb = if roles
                .iter()
                .all(|r| ctx.roles.person_roles[i as usize].contains(r))
            {
                "holds"
            } else {
                "holds or stands in for"
            };
            let person = ctx.person(i);
            out.push(
                ROLE_CONFLICT
                    .finding_as(
                        Chosen::ByRulebook(conflict.severity),
                        format!(
                            "{} {verb} {}, which must not be combined{reason}",
                            ctx.label(i),
                            conflict.roles.join(" and ")
                        ),
                    )
                    .subject(&person.id)
                    .at(person.loc),
            );
        }
    }
}
