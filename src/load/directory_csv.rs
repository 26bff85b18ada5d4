//! Directory downloads as CSV (SPEC §9, §10): Entra ID's "Download users" (`id`,
//! `userPrincipalName`, `userType`, `accountEnabled`; no manager, no employee number) and
//! `Get-ADUser -Properties ... | Export-Csv` (`DistinguishedName`, `SamAccountName`,
//! `ObjectGUID`, `Enabled`, `EmployeeID`, `Manager` as a DN). The generic CSV loader reads
//! their rows; this module adds what is theirs:
//!
//! - a guest (`userType` Guest, `#EXT#` in the UPN) is left out like Graph's guests;
//! - a blank id cell takes the `SamAccountName` (an AD service account has no `EmployeeID`),
//!   and accounts sharing an employee number are one person (an admin `adm-` account);
//! - with a `DistinguishedName` column, `Manager` DNs resolve to the row with that DN, as LDIF
//!   managers do and over the LDIF files of the run too ([`super::ldif::resolve_managers`]);
//! - when loading keeps reconcile data, every row is a [`crate::record::DirectoryAccount`],
//!   keyed by `ObjectGUID`, else the object `id`, else `SamAccountName`, else its id; and a
//!   file without a manager column loads (`manager-mismatch` is then off for it).

use super::accounts::AccountKind;
use super::table::Row;
use super::table::{cell, Table};
use crate::model::{Chart, DnTarget, LeftOut, Loc, NamedByDn};
use crate::record::{AccountDraft, ManagerDraft};

/// The columns of a directory download beyond a chart's fields.
pub(crate) struct DirectoryColumns {
    dn: Option<usize>,
    guid: Option<usize>,
    object_id: Option<usize>,
    account_name: Option<usize>,
    mail: Option<usize>,
    upn: Option<usize>,
    user_type: Option<usize>,
}

impl DirectoryColumns {
    /// The file's directory columns; `None` for a file that is no directory download (an
    /// HR record has none of them, nor an enabled-state column).
    pub fn find(table: &Table) -> Option<DirectoryColumns> {
        const SIGNS: [&str; 7] = [
            "userprincipalname",
            "distinguishedname",
            "samaccountname",
            "objectguid",
            "accountenabled",
            "enabled",
            "accountstatus",
        ];
        SIGNS
            .iter()
            .any(|s| table.has(s))
            .then(|| DirectoryColumns {
                dn: table.column(&["distinguishedname"]),
                guid: table.column(&["objectguid"]),
                object_id: table.column(&["id", "objectid"]),
                account_name: table.column(&["samaccountname"]),
                mail: table.column(&["mail"]),
                upn: table.column(&["userprincipalname"]),
                user_type: table.column(&["usertype"]),
            })
    }

    /// The columns read (not listed among the ignored columns): the DN, for managers given
    /// as DNs, and `SamAccountName`, for rows without an id; when `reconciling`, also those
    /// an account is matched and shown by.
    pub fn read(&self, reconciling: bool) -> Vec<Option<usize>> {
        let mut read = vec![self.dn, self.account_name];
        if reconciling {
            read.extend([
                self.guid,
                self.object_id,
                self.mail,
                self.upn,
                self.user_type,
            ]);
        }
        read
    }

    /// The row's id when its id cell is blank: its `SamAccountName`.
    pub fn fallback_id<'r>(&self, record: &Row<'r>) -> &'r str {
        cell(record, self.account_name)
    }

    /// What the row is: a guest by its `userType` or UPN, else a person.
    pub fn kind(&self, record: &Row) -> AccountKind {
        let guest = cell(record, self.user_type).eq_ignore_ascii_case("guest")
            || cell(record, self.upn)
                .to_ascii_uppercase()
                .contains("#EXT#");
        match guest {
            true => AccountKind::Guest,
            false => AccountKind::Person,
        }
    }

    /// Whether a manager cell is a DN to resolve through the `DistinguishedName` column.
    pub fn manager_is_dn(&self, manager: &str) -> bool {
        self.dn.is_some() && super::ldif::normalize_dn(manager).is_ok()
    }

    /// Registers the row's DN as naming the person about to be added (`left_out: None`) or
    /// an entry left out, and `account` (the row kept for `reconcile`, if it was), for
    /// managers given as DNs. A DN twice is kept for its first row.
    pub fn register_dn(
        &self,
        chart: &mut Chart,
        record: &Row,
        id: &str,
        left_out: Option<(LeftOut, Loc)>,
        account: Option<u32>,
    ) {
        let written = cell(record, self.dn);
        let Some(Ok(dn)) = (!written.is_empty()).then(|| super::ldif::normalize_dn(written)) else {
            return;
        };
        let target = match left_out {
            None => DnTarget::Person(chart.people.len()),
            Some((why, at)) => {
                let id = Some(id.to_owned()).filter(|id| !id.is_empty());
                DnTarget::LeftOut(id, at, why, false)
            }
        };
        let named = NamedByDn { target, account };
        chart.pending.dns.insert_first(&dn, named);
    }

    /// Keeps the row for `reconcile` (when loading keeps its data): `draft` has what the
    /// chart's fields read; the key, emails and manager come from here. Returns its account
    /// index.
    pub fn keep<'r>(
        &self,
        chart: &mut Chart,
        record: &Row<'r>,
        draft: AccountDraft<'r>,
        manager: Option<usize>,
    ) -> Option<u32> {
        let mut draft = draft;
        let id = draft.key;
        draft.key = [self.guid, self.object_id, self.account_name]
            .into_iter()
            .map(|column| cell(record, column))
            .find(|key| !key.is_empty())
            .unwrap_or(id);
        let email = draft.emails.first().copied();
        draft.emails = [
            email,
            Some(cell(record, self.mail)),
            Some(cell(record, self.upn)),
        ]
        .into_iter()
        .flatten()
        .filter(|e| !e.is_empty())
        .collect();
        let value = cell(record, manager);
        draft.manager_field = manager.is_some();
        draft.manager =
            Some(value)
                .filter(|v| !v.is_empty())
                .map(|v| match self.manager_is_dn(v) {
                    true => ManagerDraft::Dn(v),
                    false => ManagerDraft::Key(v),
                });
        let person = draft.left_out.is_none();
        crate::record::keep_account(chart, draft, person)
    }
}
