use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};
use crate::graph::ManagerLink;

declare_rule! {
    /// A role holder reports to the wrong manager, or has no manager.
    ///
    /// ## What it checks
    /// For every holder of a role (vacant positions included), the roles held by their
    /// solid-line manager (dotted lines do not count):
    /// - the manager holds one of the role's `reports_to` roles: fine;
    /// - the manager holds only a `tolerated_reports_to` role: **info**;
    /// - the manager holds none of them: **error**;
    /// - the holder has no manager and the role is not `top: true`: **error**.
    ///
    /// A role with an empty `reports_to` may report to anyone. A manager that names nobody
    /// or the person themselves is left to `unknown-manager` and `self-manager`. Built-in:
    /// the COO reports to the CEO; the CIO to the CEO or the CFO, tolerated under the COO;
    /// the CFO to the CEO. The subject is the holder.
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
        name: "reporting-line",
        severity_by: SeverityChoice::PerPlacement {
            wrong: Severity::Error,
            tolerated: Severity::Info,
        },
        check: Some(check),
    };
}

/// Role indices of a list of role ids.
fn indices(ctx: &Context, ids: &[String]) -> Vec<u32> {
    ids.iter()
        .filter_map(|id| ctx.rulebook.role_index(id).map(|r| r as u32))
        .collect()
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let allowed = indices(ctx, &role.reports_to);
        let tolerated = indices(ctx, &role.tolerated_reports_to);
        let expected = role.reports_to.join(" or ");
        for &i in &ctx.roles.holders[r] {
            let person = ctx.person(i);
            let (placement, message) = match ctx.graph.links[i as usize] {
                ManagerLink::Top if !role.top => {
                    let should = if expected.is_empty() {
                        String::new()
                    } else {
                        format!("; {} reports to {expected}", role.id)
                    };
                    (
                        Chosen::Wrong,
                        format!(
                            "{} holds {} but has no manager, and {} is not a top role{should}",
                            ctx.label(i),
                            role.id,
                            role.id
                        ),
                    )
                }
                ManagerLink::Manager(m) if !allowed.is_empty() => {
                    let held = &ctx.roles.person_roles[m as usize];
                    if allowed.iter().any(|a| held.contains(a)) {
                        continue;
                    }
                    let manager_roles: Vec<&str> = held
                        .iter()
                        .map(|&h| ctx.rulebook.roles[h as usize].id.as_str())
                        .collect();
                    let holds = if manager_roles.is_empty() {
                        "who holds no rulebook role".to_owned()
                    } else {
                        format!("who holds {}", manager_roles.join(", "))
                    };
                    let placement = if tolerated.iter().any(|t| held.contains(t)) {
                        Chosen::Tolerated
                    } else {
                        Chosen::Wrong
                    };
                    let tolerance = if placement == Chosen::Tolerated {
                        " (its manager's role is only tolerated)"
                    } else {
                        ""
                    };
                    (
                        placement,
                        format!(
                            "{} holds {} and reports to {}, {holds}; {} should report to {expected}{tolerance}",
                            ctx.label(i),
                            role.id,
                            ctx.label(m),
                            role.id
                        ),
                    )
                }
                _ => continue,
            };
            out.push(
                REPORTING_LINE
                    .finding_as(placement, message)
                    .subject(&person.id)
                    .at(person.loc),
            );
        }
    }
}
