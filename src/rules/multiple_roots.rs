use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};

declare_rule! {
    /// More than one person has no manager.
    ///
    /// ## What it checks
    /// People with no `reports_to` (or a CSV root marker) are tops of the chart; there should
    /// be one. One finding lists every top, in file order, and is placed at the second. People
    /// whose manager is unknown are not tops (they are `unknown-manager`). When every top
    /// comes from a UK organogram file the finding is **info**: several `XX` tops are normal
    /// there.
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
        severity_by: SeverityChoice::PerPlacement {
            wrong: Severity::Warning,
            tolerated: Severity::Info,
        },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let roots = &ctx.graph.roots;
    if roots.len() < 2 {
        return;
    }
    // UK organograms have several `XX` tops by design (ministers' departments, arm's-length
    // bodies): said, but only as info.
    let organogram = |i: &u32| {
        let file = ctx.person(*i).loc.file as usize;
        ctx.chart.sources.get(file).is_some_and(|s| s.organogram)
    };
    let chosen = if roots.iter().all(organogram) {
        Chosen::Tolerated
    } else {
        Chosen::Wrong
    };
    out.push(
        MULTIPLE_ROOTS
            .finding_as(
                chosen,
                format!(
                    "{} people have no manager: {}",
                    roots.len(),
                    ctx.labels(roots, 10)
                ),
            )
            .subjects(roots.iter().map(|&i| ctx.person(i).id.clone()))
            .at(ctx.person(roots[1]).loc),
    );
}
