use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// People sit deeper below the top than the limit allows.
    ///
    /// ## What it checks
    /// Depth counts the managers above a person (the top is at depth 0). When someone is
    /// deeper than the rulebook's `limits.chain_depth` (10 by default) and their manager is
    /// not, that person is the entry point of a too-deep branch: one finding per entry point,
    /// saying how many people sit below the limit under it.
    ///
    /// ## Why
    /// Every layer slows decisions and filters information on its way up and down; a very
    /// deep chain is also often a data error (a chain of wrong `reports_to`).
    ///
    /// ## Example
    /// With a limit of 2: `ceo ← vp ← dir ← lead` puts `lead` at depth 3, an entry point.
    ///
    /// ## How to fix
    /// Flatten the branch, correct wrong reporting lines, or raise the limit. Waive with
    /// `rule: chain-depth` and the entry point's id.
    pub const CHAIN_DEPTH = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let limit = ctx.rulebook.limits.chain_depth;
    // Entry points sit one level below the limit; under the largest limit nobody can.
    let Some(entry_depth) = limit.checked_add(1) else {
        return;
    };
    let graph = ctx.graph;
    // People below the limit under each entry point, accumulated bottom-up.
    let mut too_deep_below = vec![0u64; graph.len()];
    for &i in graph.top_down.iter().rev() {
        let Some(depth) = graph.depth[i as usize] else {
            continue;
        };
        if depth <= limit {
            continue;
        }
        too_deep_below[i as usize] += 1;
        if let Some(m) = graph.manager(i) {
            if depth > entry_depth {
                too_deep_below[m as usize] += too_deep_below[i as usize];
            }
        }
    }
    for (i, depth) in graph.depth.iter().enumerate() {
        if *depth != Some(entry_depth) {
            continue;
        }
        let person = ctx.person(i as u32);
        let count = too_deep_below[i];
        let below = if count > 1 {
            format!("; {count} people in this branch are deeper than the limit")
        } else {
            String::new()
        };
        out.push(
            CHAIN_DEPTH
                .finding(format!(
                    "{} sits {} levels below the top (limit {limit}){below}",
                    ctx.label(i as u32),
                    entry_depth
                ))
                .subject(&person.id)
                .at(person.loc),
        );
    }
}
