use super::Context;
use crate::finding::{Finding, Severity};
use crate::rule_id::RuleId;

declare_rule! {
    /// A manager has fewer reports than the design minimum (opt-in).
    ///
    /// ## What it checks
    /// Off unless turned on (`severity: {narrow-span: info}` in the config, or
    /// `--select narrow-span`). Reports each manager whose span (the span of `orglint stats`:
    /// direct reports, vacant posts counted, assistants not, each organogram junior row one)
    /// is below `design.min_span` (3 by default), unless every one of their reports manages
    /// people too (a senior leader of two directors is no narrow span). The members of a chain
    /// that `narrow-chain` reports, when it runs, are left to that finding.
    ///
    /// ## Why
    /// Spans of one or two are the costliest shape of management: a manager per one or two
    /// people, often a player-coach title on what is an individual contributor's job. Org
    /// designers review them first when flattening.
    ///
    /// ## Example
    /// A team lead with one analyst, or with one analyst and a vacant post (two reports).
    ///
    /// ## How to fix
    /// Merge small teams, or give the manager the reports the design intends. Set
    /// `design.min_span` in the config to change the minimum; waive with `rule: narrow-span`
    /// and the manager's id.
    pub const NARROW_SPAN = {
        opt_in: Severity::Info,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let spans = ctx.spans();
    let managing = spans.reports_managing(ctx.graph);
    let mut in_reported_chain = vec![false; spans.span.len()];
    if ctx.levels.runs(RuleId::NARROW_CHAIN) {
        for chain in super::narrow_chain::reported_chains(ctx) {
            for member in spans.members(&chain) {
                in_reported_chain[member as usize] = true;
            }
        }
    }
    let min = ctx.design.min_span;
    for (i, &span) in spans.span.iter().enumerate() {
        let all_managers = managing[i] == span;
        if span == 0 || span >= min || all_managers || in_reported_chain[i] {
            continue;
        }
        let person = ctx.person(i as u32);
        let reports = crate::text::plural(span as usize, "report");
        out.push(
            NARROW_SPAN
                .finding(format!(
                    "{} has {reports} (design.min_span {min})",
                    ctx.label(i as u32)
                ))
                .subject(&person.id)
                .at(person.loc),
        );
    }
}
