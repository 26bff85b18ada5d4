use super::definitions::shown;
use super::Context;
use crate::finding::{Finding, Severity};
use crate::rulebook::normalize;

declare_rule! {
    /// A person's explicit `roles` names a role the rulebook does not define.
    ///
    /// ## What it checks
    /// Every entry of a person's `roles` must be a rulebook role id (compared without regard
    /// to case). The finding suggests the closest id, or the role whose alias the entry is.
    /// The subject is the person; the finding is placed at the entry. Titles are never
    /// reported: a title that matches no alias simply holds no role.
    ///
    /// ## Why
    /// Explicit roles replace title matching, so a misspelt role leaves the person holding
    /// nothing: the role looks missing and its reporting lines go unchecked.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: lee, title: Head of Technology, roles: [CIOO]}   # did you mean CIO?
    /// ```
    ///
    /// ## How to fix
    /// Use the role id from `orglint rules`, or add the role to your rulebook. Waive with
    /// `rule: unknown-role` and the person's id.
    pub const UNKNOWN_ROLE = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let rulebook = ctx.rulebook;
    for (i, role) in &ctx.roles.unknown {
        let person = ctx.person(*i);
        let wanted = normalize(&role.id);
        let by_alias = rulebook
            .roles
            .iter()
            .find(|r| r.aliases.iter().any(|a| normalize(a) == wanted))
            .map(|r| r.id.as_str());
        let suggestion = by_alias.or_else(|| {
            crate::text::did_you_mean(&role.id, rulebook.roles.iter().map(|r| r.id.as_str()))
        });
        let hint = match suggestion {
            Some(id) => format!("; did you mean {id}?"),
            None => "; `orglint rules` lists the known roles".to_owned(),
        };
        let at = if role.loc.line > 0 {
            role.loc
        } else {
            person.loc
        };
        out.push(
            UNKNOWN_ROLE
                .finding(format!(
                    "{} has role {:?}, which is not a role in the rulebook{hint}",
                    ctx.label(*i),
                    shown(&role.id)
                ))
                .subject(&person.id)
                .at(at),
        );
    }
}
