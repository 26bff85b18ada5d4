use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};
use crate::graph::ManagerLink;

declare_rule! {
    /// A role holder reports to the wrong manager, or has no manager.
    ///
    /// ## What it checks
    /// For every holder of a role (vacant positions included) and its stand-in
    /// (`stand-in-role`), the roles their solid-line manager holds or stands in for (dotted
    /// lines do not count):
    /// - one of the role's `reports_to` roles: fine;
    /// - only a `tolerated_reports_to` role: **info**;
    /// - none of them: **error**;
    /// - no manager, the role is not `top: true` and the person holds or stands in for no
    ///   top role either: **error**.
    ///
    /// Not checked: a role with an empty `reports_to` (it may report to anyone); a role none
    /// of whose `reports_to` roles has anyone in post or standing in (that is the missing
    /// role's finding, not one per reporting line); a stand-in anywhere below a vacant post
    /// of its own role (the post is checked). A stand-in's finding is info, never error: a
    /// stand-in is an inference, not an appointment. A manager that names nobody or the
    /// person themselves is left to `unknown-manager` and `self-manager`. Built-in: the COO
    /// reports to the CEO; the CIO to the CEO or the CFO, tolerated under the COO; the CFO
    /// to the CEO. The subject is the holder; the finding points at their `reports_to`
    /// value (the manager cell in CSV).
    ///
    /// ## Why
    /// Reporting lines decide whose priorities win. A CIO under the COO tends to run IT as a
    /// cost centre for operations rather than set technology strategy for the company.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: cfo, title: CFO, reports_to: ceo}
    /// - {id: coo, title: COO, reports_to: cfo}   # reporting-line error: COO reports to CEO
    /// ```
    ///
    /// ## How to fix
    /// Move the holder under a manager with an allowed role, or change the role's
    /// `reports_to` in your rulebook. Waive with `rule: reporting-line` and the holder's id.
    pub const REPORTING_LINE = {
        severity_by: SeverityChoice::PerPlacement {
            wrong: Severity::Error,
            tolerated: Severity::Info,
        },
        check: Some(check),
    };
}

/// Role indices of a list of role ids.
fn indices(ctx: &Context, ids: &[String]) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| ctx.rulebook.role_index(id))
        .collect()
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let defs = ctx.defs;
    let role_count = ctx.rulebook.roles.len();
    let holds_any = |i: u32, roles: &[usize]| roles.iter().any(|&r| defs.holds_or_stands_in(i, r));
    let tops: Vec<usize> = (0..role_count)
        .filter(|&r| ctx.rulebook.roles[r].top)
        .collect();
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let allowed = indices(ctx, &role.reports_to);
        let tolerated = indices(ctx, &role.tolerated_reports_to);
        // Nothing to check against, or the manager role is missing itself (that finding
        // says enough: one cause, one finding).
        if !allowed.iter().any(|&a| !defs.active[a].is_empty()) {
            continue;
        }
        let expected = role.reports_to.join(" or ");
        let mut subjects: Vec<(u32, bool)> =
            ctx.roles.holders[r].iter().map(|&i| (i, false)).collect();
        if let Some(stand_in) = defs.stand_in[r] {
            // Below a vacant post of its own role, the post is what gets checked.
            let under_post = ctx
                .graph
                .managers_above(stand_in.person)
                .iter()
                .any(|m| ctx.roles.holders[r].contains(m));
            if !under_post {
                subjects.push((stand_in.person, true));
            }
        }
        for (i, stands_in) in subjects {
            let person = ctx.person(i);
            let how = if stands_in { "stands in for" } else { "holds" };
            let (chosen, message) = match ctx.graph.links[i as usize] {
                ManagerLink::Top if !role.top && !holds_any(i, &tops) => {
                    let should = if expected.is_empty() {
                        String::new()
                    } else {
                        format!("; {} reports to {expected}", role.id)
                    };
                    (
                        Chosen::Wrong,
                        format!(
                            "{} {how} {} but has no manager, and {} is not a top role{should}",
                            ctx.label(i),
                            role.id,
                            role.id
                        ),
                    )
                }
                ManagerLink::Manager(m) => {
                    if holds_any(m, &allowed) {
                        continue;
                    }
                    let manager_roles: Vec<&str> = (0..role_count)
                        .filter(|&h| defs.holds_or_stands_in(m, h))
                        .map(|h| ctx.rulebook.roles[h].id.as_str())
                        .collect();
                    let holds = if manager_roles.is_empty() {
                        "who holds no rulebook role".to_owned()
                    } else {
                        format!("who holds {}", manager_roles.join(", "))
                    };
                    let tolerated_only = holds_any(m, &tolerated);
                    let chosen = if tolerated_only {
                        Chosen::Tolerated
                    } else {
                        Chosen::Wrong
                    };
                    let tolerance = if tolerated_only {
                        " (its manager's role is only tolerated)"
                    } else {
                        ""
                    };
                    (
                        chosen,
                        format!(
                            "{} {how} {} and reports to {}, {holds}; {} should report to {expected}{tolerance}",
                            ctx.label(i),
                            role.id,
                            ctx.label(m),
                            role.id
                        ),
                    )
                }
                _ => continue,
            };
            // A stand-in is an inference, not an appointment.
            let chosen = if stands_in { Chosen::Tolerated } else { chosen };
            out.push(
                REPORTING_LINE
                    .finding_as(chosen, message)
                    .subject(&person.id)
                    .at(ctx.reports_to_loc(i)),
            );
        }
    }
}
