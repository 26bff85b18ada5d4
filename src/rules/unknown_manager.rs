use super::Context;
use crate::finding::{Finding, Severity};
use crate::graph::ManagerLink;
use std::collections::HashMap;

declare_rule! {
    /// A person's `reports_to` names nobody in the chart.
    ///
    /// ## What it checks
    /// Each `reports_to` must be the id of a person in one of the chart's files. A person
    /// whose manager is unknown is not treated as a top of the chart.
    ///
    /// ## Why
    /// A dangling manager cuts the person, and everyone below them, off from the chart: their
    /// depth, their executive and their department placement cannot be worked out. In HR
    /// exports it usually means a leaver's id was not updated, or a post was eliminated.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: pat, name: Pat Lee, reports_to: ghost}   # nobody has id `ghost`
    /// ```
    ///
    /// ## How to fix
    /// Point `reports_to` at the right manager, add the missing person, or leave it empty if
    /// the person is at the top. Waive with `rule: unknown-manager` and the person's id.
    pub const UNKNOWN_MANAGER = {
        name: "unknown-manager",
        severity: Severity::Error,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    // Built on first need: most charts have no unknown manager at all.
    let mut by_folded_id: Option<HashMap<String, &str>> = None;
    for (i, link) in ctx.graph.links.iter().enumerate() {
        if *link != ManagerLink::Unknown {
            continue;
        }
        let person = ctx.person(i as u32);
        let Some(manager) = &person.reports_to else {
            continue;
        };
        let shown = crate::text::truncate(&manager.id, 80);
        let why = match ctx.chart.left_out.get(&manager.id) {
            Some(reason) => format!(", which was {reason}"),
            None => {
                let folded = by_folded_id.get_or_insert_with(|| {
                    let mut map = HashMap::new();
                    for j in ctx.active_people() {
                        let id = ctx.person(j).id.as_str();
                        map.entry(id.to_lowercase()).or_insert(id);
                    }
                    map
                });
                match folded.get(&manager.id.to_lowercase()) {
                    // Ids are case-sensitive, but a case slip is the likeliest cause.
                    Some(close) => format!(
                        ", who is not in the chart (did you mean {}?)",
                        crate::text::truncate(close, 80)
                    ),
                    None => ", who is not in the chart".to_owned(),
                }
            }
        };
        out.push(
            UNKNOWN_MANAGER
                .finding(format!("{} reports to {shown}{why}", ctx.label(i as u32)))
                .subject(&person.id)
                .at(person.loc),
        );
    }
}
