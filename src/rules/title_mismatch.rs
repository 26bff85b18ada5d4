use crate::finding::{Finding, Severity};
use crate::reconcile::Context;

declare_rule! {
    /// A person's job title differs between the HR record and the directory
    /// (`orglint reconcile`; off unless turned on).
    ///
    /// ## What it checks
    /// For matched current people with a title on both sides, the titles are compared after
    /// folding case, punctuation and white space (`VP, Sales` and `vp sales` are one title).
    /// One finding per distinct pair of (record title, directory title), with how many
    /// people have it and the first of them; its subjects are the two titles. Off by default:
    /// turn it on with `severity: {title-mismatch: info}` in orglint.yaml or
    /// `--select title-mismatch`.
    ///
    /// ## Why
    /// The directory's title is what colleagues, signatures and access rules see; HR's is the
    /// contract. Grouping by pair shows a renamed job family as one finding, not hundreds.
    ///
    /// ## Example
    /// 40 people are `Software Engineer II` in the record and `Engineer` in the directory.
    ///
    /// ## How to fix
    /// Let HR's provisioning write the title, or correct the side that is wrong. Waive with
    /// `rule: title-mismatch` and the record title as the subject.
    pub const TITLE_MISMATCH = {
        opt_in: Severity::Info,
        reconcile: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let pairs = crate::reconcile::value_pairs(ctx, |person, account| {
        let record = ctx.record.people[person as usize].title.as_deref()?;
        Some((record, ctx.accounts[account as usize].title.as_deref()?))
    });
    for pair in pairs {
        out.push(pair.finding(ctx, &TITLE_MISMATCH, "title", |title| {
            crate::text::truncate(title, 120).into_owned()
        }));
    }
}
