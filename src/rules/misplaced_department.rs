use super::definitions::{shown, Placement};
use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};
use crate::rulebook::normalize;
use std::collections::HashMap;

declare_rule! {
    /// A department is headed from outside the org of the executive its function belongs to.
    ///
    /// ## What it checks
    /// A department's function is its declared `function`, else the function its name (or
    /// id) means by the rulebook's `functions` table (HR exports carry only names). When a
    /// role X lists that function in its `functions` and Active(X) is non-empty (a holder in
    /// post or a stand-in), the department's head must be inside Org(X): the holders of X
    /// (vacant posts included), its stand-in and everyone below them on solid lines. The
    /// head is the declared `head`, else the member highest in the chart (fewest managers
    /// above; ties go to the first in the file). **Info** when the head is *near*: their
    /// nearest executive holds a role X reports to (a Sales head reporting straight to the
    /// CEO, not through the COO, is a common structure); **warning** when the head is
    /// *elsewhere* (under another executive, or under none). A head in or under a reporting
    /// cycle or an unknown manager gets no finding here. The subjects are the department,
    /// then its head.
    ///
    /// ## Why
    /// A data team run from Finance, or an operations unit run from IT, answers to an
    /// executive who is not accountable for its function: the org chart and the
    /// responsibilities disagree.
    ///
    /// ## Example
    /// ```yaml
    /// departments:
    ///   - {id: analytics, name: Analytics, function: data, head: lgreen}
    /// people:
    ///   - {id: lgreen, title: Finance Analyst, reports_to: cfo}   # not under the CIO
    /// ```
    ///
    /// ## How to fix
    /// Move the head (or the department) under the right executive, correct the department's
    /// `function`, or move the function to another role in your rulebook. Waive with
    /// `rule: misplaced-department` and the department id.
    pub const MISPLACED_DEPARTMENT = {
        severity_by: SeverityChoice::PerPlacement {
            wrong: Severity::Warning,
            tolerated: Severity::Info,
        },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let rulebook = ctx.rulebook;
    let defs = ctx.defs;
    let mut roles_by_function: HashMap<String, Vec<usize>> = HashMap::new();
    for (r, role) in rulebook.roles.iter().enumerate() {
        if defs.active[r].is_empty() {
            continue;
        }
        for function in &role.functions {
            roles_by_function
                .entry(normalize(function))
                .or_default()
                .push(r);
        }
    }
    if roles_by_function.is_empty() {
        return;
    }
    for (k, department) in ctx.chart.departments.iter().enumerate() {
        let function = defs.department_function[k].as_deref();
        let Some(roles) = function.and_then(|f| roles_by_function.get(f)) else {
            continue;
        };
        let Some(head) = defs.department_head[k] else {
            continue;
        };
        for &r in roles {
            let chosen = match defs.placement(ctx.graph, rulebook, r, head) {
                None | Some(Placement::Inside) => continue,
                Some(Placement::Near) => Chosen::Tolerated,
                Some(Placement::Elsewhere) => Chosen::Wrong,
            };
            let role = &rulebook.roles[r];
            let how = if department.head.is_some() {
                "headed by"
            } else {
                "led (highest member) by"
            };
            let near = if chosen == Chosen::Tolerated {
                format!(" but straight under a role {} reports to", role.id)
            } else {
                String::new()
            };
            out.push(
                MISPLACED_DEPARTMENT.finding_as(
                    chosen,
                    format!(
                        "department {}{}function {}) is {how} {}, who is outside the {} org of {}{near}",
                        shown(&department.id),
                        department
                            .name
                            .as_deref()
                            .map(|name| format!(" ({}, ", shown(name)))
                            .unwrap_or_else(|| " (".to_owned()),
                        shown(function.unwrap_or("")),
                        ctx.label(head),
                        role.id,
                        ctx.labels(&defs.active[r], 3)
                    ),
                )
                .subject(&department.id)
                .subject(&ctx.person(head).id)
                .at(department.loc),
            );
        }
    }
}
