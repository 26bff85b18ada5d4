use crate::finding::{Finding, Severity};
use crate::reconcile::Context;

declare_rule! {
    /// A person's department differs between the HR record and the directory
    /// (`orglint reconcile`; off unless turned on).
    ///
    /// ## What it checks
    /// For matched current people with a department on both sides, the record's department
    /// (its name, else its id) and the directory's `department` are compared after folding
    /// case, punctuation and white space. One finding per distinct pair of values, with how
    /// many people have it and the first of them; its subjects are the two values. Off by
    /// default: turn it on with `severity: {department-mismatch: info}` in orglint.yaml or
    /// `--select department-mismatch`.
    ///
    /// ## Why
    /// Dynamic groups, mail lists and licences often follow the directory's department: a
    /// person filed under the wrong one gets the wrong access.
    ///
    /// ## Example
    /// 12 people are in `Information Technology` in the record and in `IT Services` in the
    /// directory.
    ///
    /// ## How to fix
    /// Let HR's provisioning write the department, or map one naming to the other. Waive
    /// with `rule: department-mismatch` and the record's department as the subject.
    pub const DEPARTMENT_MISMATCH = {
        opt_in: Severity::Info,
        reconcile: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let names: crate::hash::FastMap<&str, &str> = ctx
        .record
        .departments
        .iter()
        .filter_map(|d| Some((d.id.as_str(), d.name.as_deref()?)))
        .collect();
    let pairs = crate::reconcile::value_pairs(ctx, |person, account| {
        let department = ctx.record.people[person as usize].department.as_ref()?;
        let record = names
            .get(department.id.as_str())
            .copied()
            .unwrap_or(&department.id);
        Some((
            record,
            ctx.accounts[account as usize].department.as_deref()?,
        ))
    });
    for pair in pairs {
        out.push(
            pair.finding(ctx, &DEPARTMENT_MISMATCH, "department", |label| {
                ctx.department_shown(label)
            }),
        );
    }
}
