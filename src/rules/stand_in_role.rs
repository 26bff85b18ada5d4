use super::definitions::{role_label, shown, StandInBasis};
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// Someone stands in for a role nobody in post holds.
    ///
    /// ## What it checks
    /// For every role with `stand_ins` declared (required or not): when no non-vacant person
    /// holds the role by title or `roles:` (vacant posts may exist), the stand-in is found
    /// among reachable, non-vacant people without an explicit `roles:` list: the shallowest
    /// whose title matches one of the role's stand-in `titles` (matched as aliases are), or
    /// who heads a department whose function is one of its stand-in `functions` (the declared
    /// head, else the highest non-vacant member). At equal depth a title beats a department
    /// head; a remaining tie means nobody stands in. For a `top` role only a top of the chart
    /// can stand in, and with `single_top: true` the only top (assistants aside) stands in
    /// when no title matches. Built-in: a `Managing Director` or `Founder` at the top for the
    /// CEO, a `Head of Operations` for the COO, a `CTO` or `Head of IT` (or the head of the
    /// `it` department) for the CIO, a `Finance Director` for the CFO. The subjects are the
    /// role, then the stand-in; the finding points at the stand-in.
    ///
    /// The stand-in then counts as the role for every other rule: the role is not missing,
    /// its duties are theirs, their org is the role's org, and their reporting line is
    /// checked (as info: a stand-in is an inference, not an appointment).
    ///
    /// ## Why
    /// Small companies have a CTO rather than a CIO, a Head of Operations rather than a COO.
    /// Saying who was taken as the role, once and as info, keeps the checks that follow honest
    /// without failing CI on a normal company.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: ceo, title: CEO}
    /// - {id: raj, title: CTO, reports_to: ceo}   # stand-in-role: raj stands in for CIO
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix when the inference is right. To make it explicit, list the role
    /// (`roles: [CIO]`); to stop it, give the role to the right person or remove the title
    /// from the role's `stand_ins` in your rulebook. Waive with `rule: stand-in-role` and the
    /// role id, or switch the rule off (`severity: {stand-in-role: off}`).
    pub const STAND_IN_ROLE = {
        severity: Severity::Info,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (r, role) in ctx.rulebook.roles.iter().enumerate() {
        let Some(stand_in) = ctx.defs.stand_in[r] else {
            continue;
        };
        let person = ctx.person(stand_in.person);
        let why = match stand_in.basis {
            StandInBasis::Title => format!(
                "the title {:?} is a stand-in title",
                shown(person.title.as_deref().unwrap_or(""))
            ),
            StandInBasis::Function(k) => {
                let department = &ctx.chart.departments[k];
                format!(
                    "heads department {} (function {})",
                    shown(&department.id),
                    shown(ctx.defs.department_function[k].as_deref().unwrap_or(""))
                )
            }
            StandInBasis::SingleTop => "is the only top of the chart".to_owned(),
        };
        let vacant = if ctx.roles.holders[r].is_empty() {
            "no one holds"
        } else {
            "only vacant posts hold"
        };
        out.push(
            STAND_IN_ROLE
                .finding(format!(
                    "{vacant} {}; {} stands in for it ({why})",
                    role_label(ctx, r),
                    ctx.label(stand_in.person)
                ))
                .subject(&role.id)
                .subject(&person.id)
                .at(person.loc),
        );
    }
}
