use super::holdings::{held_in_post, shown, OrgMasks};
use super::Context;
use crate::finding::{Finding, Severity};
use crate::rulebook::normalize;
use std::collections::HashMap;

declare_rule! {
    /// A department is headed from outside the org of the executive its function belongs to.
    ///
    /// ## What it checks
    /// A department's function is its declared `function`, else the function its name (or
    /// id) means by the rulebook's `functions` table (HR exports carry only names). When a
    /// role X lists that function in its `functions` and X has a holder in post, the
    /// department's head must be inside Org(X): the holders of X and everyone below them on
    /// solid lines. The head is the declared `head`, else the member highest in the chart
    /// (fewest managers above; ties go to the first in the file). The subjects are the
    /// department, then its head.
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
        name: "misplaced-department",
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let rulebook = ctx.rulebook;
    let mut roles_by_function: HashMap<String, Vec<usize>> = HashMap::new();
    for (r, role) in rulebook.roles.iter().enumerate() {
        if !held_in_post(ctx, r) {
            continue;
        }
        for function in &role.functions {
            roles_by_function
                .entry(normalize(function))
                .or_default()
                .push(r);
        }
    }
    if roles_by_function.is_empty() || ctx.chart.departments.is_empty() {
        return;
    }
    // The highest member of each department: fewest managers above, then file order. People
    // with no depth (in or under a cycle) rank below everyone with one.
    let mut highest: HashMap<&str, (u32, u32)> = HashMap::new();
    for i in ctx.active_people() {
        if let Some(department) = &ctx.person(i).department {
            let depth = ctx.graph.depth[i as usize].unwrap_or(u32::MAX);
            highest
                .entry(department.id.as_str())
                .and_modify(|best| {
                    if depth < best.0 {
                        *best = (depth, i);
                    }
                })
                .or_insert((depth, i));
        }
    }
    let mut orgs = OrgMasks::new(ctx);
    for department in &ctx.chart.departments {
        let function = match &department.function {
            Some(function) => Some(normalize(function)),
            None => department
                .name
                .as_deref()
                .and_then(|name| rulebook.function_for_name(name))
                .or_else(|| rulebook.function_for_name(&department.id))
                .map(normalize),
        };
        let Some(roles) = function.as_ref().and_then(|f| roles_by_function.get(f)) else {
            continue;
        };
        let head = match &department.head {
            Some(head) => ctx.graph.index_of(&head.id),
            None => highest.get(department.id.as_str()).map(|&(_, i)| i),
        };
        let Some(head) = head else {
            continue;
        };
        for &r in roles {
            if orgs.any_inside(r, &[head]) {
                continue;
            }
            let role = &rulebook.roles[r];
            let how = if department.head.is_some() {
                "headed by"
            } else {
                "led (highest member) by"
            };
            out.push(
                MISPLACED_DEPARTMENT
                    .finding(format!(
                        "department {}{}function {}) is {how} {}, who is outside the {} org of {}",
                        shown(&department.id),
                        department
                            .name
                            .as_deref()
                            .map(|name| format!(" ({}, ", shown(name)))
                            .unwrap_or_else(|| " (".to_owned()),
                        shown(function.as_deref().unwrap_or("")),
                        ctx.label(head),
                        role.id,
                        ctx.labels(&ctx.roles.holders[r], 3)
                    ))
                    .subject(&department.id)
                    .subject(&ctx.person(head).id)
                    .at(department.loc),
            );
        }
    }
}
