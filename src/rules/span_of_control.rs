use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A manager has more direct reports than the limit.
    ///
    /// ## What it checks
    /// Counts each manager's direct solid-line reports, vacant posts included, assistants
    /// (`assistant: true`) left out, each organogram junior row one report (the span of
    /// `orglint stats`), and compares with the rulebook's `limits.span_of_control` (15 by
    /// default). Dotted lines do not count.
    ///
    /// ## Why
    /// Past a point a manager cannot give each report real attention; very wide teams are
    /// also a sign of a missing management layer or of reports attached to the wrong person.
    ///
    /// ## Example
    /// A head of operations with 22 team leads reporting directly.
    ///
    /// ## How to fix
    /// Add a layer, move reports to the right managers, or raise the limit in your rulebook.
    /// For a deliberate flat team, waive with `rule: span-of-control` and the manager's id.
    pub const SPAN_OF_CONTROL = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let limit = ctx.rulebook.limits.span_of_control;
    for (i, &count) in ctx.spans().span.iter().enumerate() {
        if count > limit {
            let person = ctx.person(i as u32);
            out.push(
                SPAN_OF_CONTROL
                    .finding(format!(
                        "{} has {count} direct reports (limit {limit}, assistants not counted)",
                        ctx.label(i as u32)
                    ))
                    .subject(&person.id)
                    .at(person.loc),
            );
        }
    }
}
