use super::definitions::{shown, Definitions, Placement};
use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A role's duty is owned only by people outside that role's org.
    ///
    /// ## What it checks
    /// For every duty of a role X with someone in Active(X) (a holder in post or its
    /// stand-in): when the duty has owners (people listing it in `owns`) and none of them is
    /// inside Org(X) (the holders of X, vacant posts included, its stand-in and everyone
    /// below them on solid lines). Dotted lines do not count. **Info** when every owner is
    /// *near*: their nearest executive holds a role X reports to (a duty of the COO owned by
    /// someone reporting straight to the CEO); **warning** when one is *elsewhere* (under
    /// another executive, or under none). Owners in or under a reporting cycle or an unknown
    /// manager are left out (their structural finding says enough). The subjects are the
    /// owners; the finding points at the first owner's `owns` entry.
    ///
    /// ## Why
    /// The executive is accountable for the duty but the person doing it answers to someone
    /// else: priorities, budget and escalation run through the wrong line.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: cio, title: CIO, reports_to: ceo}
    /// - {id: ana, title: Finance Systems Lead, reports_to: cfo, owns: [it-strategy]}
    /// ```
    ///
    /// ## How to fix
    /// Move the owner into the role's org, hand the duty to someone in it, or leave it to the
    /// role holder (remove the `owns`). Waive with `rule: misplaced-responsibility` and the
    /// first owner's id.
    pub const MISPLACED_RESPONSIBILITY = {
        severity_by: SeverityChoice::PerPlacement {
            wrong: Severity::Warning,
            tolerated: Severity::Info,
        },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let defs = ctx.defs;
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        if role.responsibilities.is_empty() || defs.active[r].is_empty() {
            continue;
        }
        for duty in &role.responsibilities {
            let owners = defs.owners_of(duty);
            if owners.is_empty() || owners.iter().any(|&i| defs.in_org(ctx.graph, r, i)) {
                continue;
            }
            // People in or below a cycle, or under an unknown manager, have no placement:
            // their structural finding says enough.
            let mut placed: Vec<u32> = Vec::new();
            let mut elsewhere = false;
            for &i in owners {
                if let Some(placement) = defs.placement(ctx.graph, ctx.rulebook, r, i) {
                    placed.push(i);
                    elsewhere |= placement == Placement::Elsewhere;
                }
            }
            let Some(&first) = placed.first() else {
                continue;
            };
            let (chosen, near) = if elsewhere {
                (Chosen::Wrong, String::new())
            } else {
                (
                    Chosen::Tolerated,
                    format!(" but straight under a role {} reports to", role.id),
                )
            };
            out.push(
                MISPLACED_RESPONSIBILITY
                    .finding_as(
                        chosen,
                        format!(
                            "{} (a duty of {}) is owned by {}, outside the {} org of {}{near}",
                            shown(duty),
                            role.id,
                            ctx.labels(&placed, 10),
                            role.id,
                            ctx.labels(&defs.active[r], 3)
                        ),
                    )
                    .subjects(placed.iter().map(|&i| ctx.person(i).id.as_str()))
                    .at(Definitions::owns_entry(ctx.chart, first, duty)),
            );
        }
    }
}
