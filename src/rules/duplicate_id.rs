use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// An id is used by more than one person.
    ///
    /// ## What it checks
    /// Every person's `id` must be unique across all the files merged into the chart. The
    /// finding is placed at the second (and any later) entry; the first one wins and the
    /// later ones take no further part in the checks.
    ///
    /// ## Why
    /// Reporting lines, dotted lines, department heads and waivers all point at ids. With two
    /// people under one id, nobody can tell whom a `reports_to` means.
    ///
    /// ## Example
    /// ```yaml
    /// people:
    ///   - {id: e1, name: Ana Ruiz, title: CEO}
    ///   - {id: e1, name: Bo Chen, title: COO, reports_to: e1}   # duplicate-id
    /// ```
    ///
    /// ## How to fix
    /// Give each person their own id. Job shares in an organogram (same reference, same
    /// manager) are one position and are not reported. To accept it, add a waiver with
    /// `rule: duplicate-id` and the id as `subject`.
    pub const DUPLICATE_ID = {
        name: "duplicate-id",
        severity: Severity::Error,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (i, person) in ctx.chart.people.iter().enumerate() {
        // Only later entries of an id are shadowed; skipping the rest saves a lookup each.
        if ctx.graph.is_active(i as u32) {
            continue;
        }
        let Some(first) = ctx.graph.index_of(&person.id) else {
            continue;
        };
        let earlier = ctx.person(first).loc;
        out.push(
            DUPLICATE_ID
                .finding(format!(
                    "id {} is used again; it was first used by {} at {}:{}",
                    crate::text::truncate(&person.id, 80),
                    ctx.label(first),
                    ctx.chart.source_path(earlier.file),
                    earlier.line
                ))
                .subject(&person.id)
                .at(person.loc),
        );
    }
}
