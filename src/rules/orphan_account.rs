use crate::finding::{Finding, Severity};
use crate::reconcile::matching::Owner;
use crate::reconcile::Context;
use crate::record::RecordStatus;
use crate::rules::Chosen;

declare_rule! {
    /// A directory account outlives its person: it belongs to a leaver, or to nobody in the
    /// HR record (`orglint reconcile`).
    ///
    /// ## What it checks
    /// Every enabled `person` account of the directory within `reconcile.scope:` (guests,
    /// shared mailboxes, computers and the config's `exclude:` entries aside). An error when
    /// the record row it matches is a leaver ("left on DATE"), also for an enabled extra
    /// account of that leaver (an `adm-…` account with the same employee number); a warning
    /// when it matches nobody in the record. A file that does not say whether its accounts
    /// are enabled makes every account count as enabled, and its findings are warnings. The
    /// finding points at the directory entry (`dn:` line, Graph object, CSV row); its subject
    /// is the account's key: Graph `id`, LDIF `objectGUID` (else `sAMAccountName`/`uid`),
    /// SCIM `id`, Google primary email.
    ///
    /// ## Why
    /// An enabled account of someone who left is the classic way into a company after an
    /// offboarding was missed; an account that matches nobody is either a leaver whose record
    /// row was purged, a contractor HR does not know of, or a service account dressed as a
    /// person.
    ///
    /// ## Example
    /// The record has `E1042, Pat Lee, Terminated, Termination Date 2026-10-31`; the
    /// directory still has `employeeID: 1042` with `userAccountControl: 512` (enabled).
    ///
    /// ## How to fix
    /// Disable the account (and its extra accounts) in the directory as your offboarding
    /// process says, then delete it after the retention period. For an account that matches
    /// nobody: give it the owner's employee number or email so it matches, add it to
    /// `exclude:` when it is a service account, or waive it with `rule: orphan-account` and
    /// the account's key as the subject.
    pub const ORPHAN_ACCOUNT = {
        // The leaver's enabled account is the placement "wrong" (error); an account that
        // matches nobody, or whose state is unknown, the "tolerated" one (warning).
        severity_by: crate::rules::SeverityChoice::PerPlacement {
            wrong: Severity::Error,
            tolerated: Severity::Warning,
        },
        reconcile: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (a, account) in ctx.accounts.iter().enumerate() {
        let a = a as u32;
        if !ctx.candidate[a as usize] || account.enabled == Some(false) {
            continue;
        }
        let unknown_state = match account.enabled {
            None => format!(
                " ({} does not say whether accounts are enabled)",
                ctx.account_path(a)
            ),
            Some(_) => String::new(),
        };
        let (owner, extra) = match ctx.matching.owners[a as usize] {
            Owner::Nobody => (None, false),
            Owner::Main(e) => (Some(e), false),
            Owner::Extra(e) => (Some(e), true),
            Owner::Ambiguous => continue,
        };
        let finding = match owner {
            None => ORPHAN_ACCOUNT.finding_as(
                Chosen::Tolerated,
                format!(
                    "enabled account {} matches nobody in the record{unknown_state}",
                    ctx.account_label(a)
                ),
            ),
            Some(e) => {
                let Some(RecordStatus::Leaver { on }) = ctx.entries[e as usize].status else {
                    continue;
                };
                let left = match on {
                    Some(date) => format!("left on {date}"),
                    None => "is a leaver".to_owned(),
                };
                let which = if extra { "extra account" } else { "account" };
                let chosen = match account.enabled {
                    Some(true) => Chosen::Wrong,
                    _ => Chosen::Tolerated,
                };
                ORPHAN_ACCOUNT.finding_as(
                    chosen,
                    format!(
                        "{} {left}, but their {which} {} is enabled{unknown_state}",
                        ctx.entry_label(e),
                        ctx.account_label(a)
                    ),
                )
            }
        };
        out.push(
            finding
                .subject(ctx.account_subject(a))
                .at(ctx.account_loc(a)),
        );
    }
}
