use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// More than one person has no manager.
    ///
    /// ## What it checks
    /// People with no `reports_to` (or a CSV root marker) are tops of the chart; there should
    /// be one. One finding lists every top, in file order, and is placed at the second. People
    /// whose manager is unknown are not tops (they are `unknown-manager`).
    ///
    /// ## Why
    /// A second top is usually someone whose manager was forgotten, and it splits the chart:
    /// the people under it are outside every executive's organisation.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: ceo, title: CEO}
    /// - {id: sam, title: Head of Sales}   # no reports_to: a second top
    /// ```
    ///
    /// ## How to fix
    /// Give every top but one a manager. For a holding company with several independent
    /// charts, waive with `rule: multiple-roots` and the first top's id.
    pub const MULTIPLE_ROOTS = {
        name: "multiple-roots",
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let roots = &ctx.graph.roots;
    if roots.len() < 2 {
        return;
    }
    out.push(
        MULTIPLE_ROOTS
            .finding(format!(
                "{} people have no manager: {}",
                roots.len(),
                ctx.labels(roots, 10)
            ))
            .subjects(roots.iter().map(|&i| ctx.person(i).id.clone()))
            .at(ctx.person(roots[1]).loc),
    );
}
