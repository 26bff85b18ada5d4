use super::definitions::{shown, Definitions};
use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A duty has two or more owners.
    ///
    /// ## What it checks
    /// Every rulebook duty that is not a collaboration and that two or more people list in
    /// `owns`. Collaborations (built-in: efficiency-initiatives, customer-experience,
    /// data-driven-decisions) are meant to be shared and are checked by
    /// `incomplete-collaboration` instead. The subjects are the owners, in file order.
    ///
    /// ## Why
    /// Two owners of one duty means no single owner: decisions get made twice or not at all,
    /// and each owner assumes the other has it in hand.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: jo, title: IT Infrastructure Manager, owns: [vendor-management]}
    /// - {id: pm, title: Procurement Lead, owns: [vendor-management]}
    /// ```
    ///
    /// ## How to fix
    /// Keep one owner and remove the duty from the others' `owns`, or make the duty a
    /// collaboration in your rulebook. Waive with `rule: overlapping-responsibility` and the
    /// first owner's id.
    pub const OVERLAPPING_RESPONSIBILITY = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for duty in &ctx.rulebook.responsibilities {
        if ctx.rulebook.collaboration(&duty.id).is_some() {
            continue;
        }
        let duty_owners = ctx.defs.owners_of(&duty.id);
        if duty_owners.len() < 2 {
            continue;
        }
        out.push(
            OVERLAPPING_RESPONSIBILITY
                .finding(format!(
                    "{} has {} owners: {}",
                    shown(&duty.id),
                    duty_owners.len(),
                    ctx.labels(duty_owners, 10)
                ))
                .subjects(duty_owners.iter().map(|&i| ctx.person(i).id.as_str()))
                .at(Definitions::owns_entry(ctx.chart, duty_owners[0], &duty.id)),
        );
    }
}
