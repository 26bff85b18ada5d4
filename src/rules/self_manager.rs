use super::Context;
use crate::finding::{Finding, Severity};
use crate::graph::ManagerLink;

declare_rule! {
    /// Someone reports to themselves.
    ///
    /// ## What it checks
    /// A person whose `reports_to` is their own id. It is reported once, as this rule, and
    /// not also as a `reporting-cycle`. HR exports that mark the top person as reporting to
    /// themselves can say so with the CSV root marker `self` in `orglint.yaml`.
    ///
    /// ## Why
    /// Nobody can manage themselves: the person has no real manager, and is not a declared
    /// top either.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: kim, name: Kim Ode, reports_to: kim}
    /// ```
    ///
    /// ## How to fix
    /// Set the real manager, or remove `reports_to` for the top of the chart. Waive with
    /// `rule: self-manager` and the person's id.
    pub const SELF_MANAGER = {
        severity: Severity::Error,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (i, link) in ctx.graph.links.iter().enumerate() {
        if *link == ManagerLink::SelfRef {
            let person = ctx.person(i as u32);
            out.push(
                SELF_MANAGER
                    .finding(format!("{} reports to themselves", ctx.label(i as u32)))
                    .subject(&person.id)
                    .at(ctx.reports_to_loc(i as u32)),
            );
        }
    }
}
