use super::definitions::shown;
use super::Context;
use crate::finding::{Finding, Severity};
use std::collections::HashSet;

declare_rule! {
    /// A person owns a duty the rulebook does not define.
    ///
    /// ## What it checks
    /// Every entry of every person's `owns` must be the id of a rulebook responsibility
    /// (`orglint rules` lists them). The finding suggests the closest id when there is one.
    /// The subject is the person; the finding is placed at the entry.
    ///
    /// ## Why
    /// A misspelt duty is silently owned by nobody: the real duty then looks unowned or
    /// misplaced, and the typo hides the cause.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: raj, title: CIO, owns: [it-stratgy]}   # did you mean it-strategy?
    /// ```
    ///
    /// ## How to fix
    /// Correct the id, or add the duty to your rulebook's `responsibilities`. Waive with
    /// `rule: unknown-responsibility` and the person's id.
    pub const UNKNOWN_RESPONSIBILITY = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let known: HashSet<&str> = ctx
        .rulebook
        .responsibilities
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    for i in ctx.active_people() {
        let person = ctx.person(i);
        for duty in &person.owns {
            if known.contains(duty.id.as_str()) {
                continue;
            }
            let hint = match crate::text::did_you_mean(&duty.id, known.iter().copied()) {
                Some(suggestion) => format!("; did you mean {suggestion}?"),
                None => "; `orglint rules` lists the known duties".to_owned(),
            };
            let at = if duty.loc.line > 0 {
                duty.loc
            } else {
                person.loc
            };
            out.push(
                UNKNOWN_RESPONSIBILITY
                    .finding(format!(
                        "{} owns {:?}, which is not a responsibility in the rulebook{hint}",
                        ctx.label(i),
                        shown(&duty.id)
                    ))
                    .subject(&person.id)
                    .at(at),
            );
        }
    }
}
