use super::Context;
use crate::finding::{Finding, Severity};

/// How many members a cycle message spells out before it abbreviates.
const SHOWN_MEMBERS: usize = 12;

declare_rule! {
    /// A chain of solid reporting lines loops back on itself.
    ///
    /// ## What it checks
    /// Following `reports_to` from person to person must end at a top of the chart. One
    /// finding is raised per cycle; its subjects are the cycle's members in reporting order,
    /// starting with the member written first, and the message spells out the loop. Dotted
    /// lines are not part of it. Cycles of any length are found without recursion.
    ///
    /// ## Why
    /// Nobody in a cycle, or below it, has a top: there is no line of accountability up to
    /// the chief executive, and depths, spans and executive orgs are undefined.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: a, reports_to: b}
    /// - {id: b, reports_to: c}
    /// - {id: c, reports_to: a}    # a → b → c → a
    /// ```
    ///
    /// ## How to fix
    /// Break the loop: one member of it reports to someone outside it. Waive with
    /// `rule: reporting-cycle` and the first member's id.
    pub const REPORTING_CYCLE = {
        severity: Severity::Error,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for cycle in ctx.graph.cycles() {
        let mut path: Vec<String> = cycle
            .iter()
            .take(SHOWN_MEMBERS)
            .map(|&i| ctx.label(i))
            .collect();
        if cycle.len() > SHOWN_MEMBERS {
            path.push(format!("… ({} more)", cycle.len() - SHOWN_MEMBERS));
        }
        path.push(ctx.label(cycle[0]));
        let first = ctx.person(cycle[0]);
        out.push(
            REPORTING_CYCLE
                .finding(format!(
                    "reporting cycle of {} people: {}",
                    cycle.len(),
                    path.join(" → ")
                ))
                .subjects(cycle.iter().map(|&i| ctx.person(i).id.clone()))
                .at(first.loc),
        );
    }
}
