use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A chain of managers who each manage exactly one person (opt-in).
    ///
    /// ## What it checks
    /// Off unless turned on (`severity: {narrow-chain: warning}` in the config, or
    /// `--select narrow-chain`). Finds each maximal chain of managers who each have exactly
    /// one report (the span of `orglint stats`: vacant posts count, assistants do not, an
    /// organogram junior row is a report), the next manager of the chain, and reports the
    /// chains of `design.max_chain` managers or more (3 by default). One finding per chain,
    /// about its top person; the message gives its length and its bottom manager.
    ///
    /// ## Why
    /// A manager of one adds a layer without adding capacity: decisions pass through more
    /// hands, and the roles are often a title held over from a reorganisation. Org designers
    /// look for such "one-over-one" chains first when removing layers.
    ///
    /// ## Example
    /// With the default of 3: `director → deputy → head → team lead → {4 analysts}`, where the
    /// director, deputy and head each have one report: a chain of three, top `director`,
    /// bottom `head`.
    ///
    /// ## How to fix
    /// Merge roles in the chain, or give its managers the reports they should have. Set
    /// `design.max_chain` in the config to tolerate longer chains; waive with
    /// `rule: narrow-chain` and the chain's top person's id.
    pub const NARROW_CHAIN = {
        opt_in: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for chain in reported_chains(ctx) {
        let top = ctx.person(chain.top);
        out.push(
            NARROW_CHAIN
                .finding(format!(
                    "{} heads a chain of {} managers with one report each, down to {} \
                     (design.max_chain {})",
                    ctx.label(chain.top),
                    chain.length,
                    ctx.label(chain.bottom),
                    ctx.design.max_chain
                ))
                .subject(&top.id)
                .at(top.loc),
        );
    }
}

/// The narrow chains this rule reports: `design.max_chain` managers or more.
pub fn reported_chains(ctx: &Context) -> Vec<crate::stats::spans::NarrowChain> {
    let mut chains = ctx.spans().narrow_chains(ctx.graph);
    chains.retain(|chain| chain.length >= ctx.design.max_chain);
    chains
}
