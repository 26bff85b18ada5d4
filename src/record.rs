//! What `reconcile` reads of each side beyond the chart (SPEC §10): the record's leavers and
//! future starters and every person's employee number, and every directory entry with its
//! kind, state, keys and manager. Loaders fill it only when [`crate::load::LoadOptions`] asks
//! (`keep_reconcile_data`): `check` never pays for it.

use crate::load::accounts::AccountKind;
use crate::model::{Date, LeftOut, Loc, Person, SourceId};

/// Everything `reconcile` needs of one side that the chart does not keep.
#[derive(Clone, Debug, Default)]
pub struct ReconcileData {
    /// The employee number of each person of [`crate::model::Chart::people`], by index
    /// (normalised as [`crate::load::accounts::employee_number`] does); `None` when the row
    /// has none. Same length as `people` once loading is finished.
    pub employee_numbers: Vec<Option<String>>,
    /// Record rows that are no current person: leavers and future starters, in file order.
    pub inactive: Vec<InactiveRow>,
    /// Every directory entry, people and left-out entries alike, in file order.
    pub accounts: Vec<DirectoryAccount>,
    /// Per source file of the side: what it can tell.
    pub files: Vec<SideFile>,
}

/// A record row that is no current person, with what matching needs.
#[derive(Clone, Debug)]
pub struct InactiveRow {
    /// The row read as a person would be (id, name, email, title, department, manager, loc).
    pub person: Person,
    pub employee_number: Option<String>,
    pub status: RecordStatus,
}

/// Why a record row is no current person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordStatus {
    /// Its status column says inactive or terminated, or its termination date has passed
    /// (`on`: that date, when the row gives one).
    Leaver { on: Option<Date> },
    /// Its hire date is ahead.
    Future { from: Date },
}

/// One directory entry as `reconcile` matches it.
#[derive(Clone, Debug)]
pub struct DirectoryAccount {
    /// The account's stable key, what waivers and subjects name: Graph `id`, LDIF
    /// `objectGUID` as a GUID string in Microsoft's byte order else `sAMAccountName`/`uid`,
    /// SCIM `id`, Google primary email, a directory CSV's object id or sAMAccountName.
    pub key: String,
    /// Index in [`crate::model::Chart::people`] when the entry was taken as a person.
    pub person: Option<u32>,
    /// Why it was left out of the chart, when it was.
    pub left_out: Option<LeftOut>,
    pub kind: AccountKind,
    /// `None`: the source does not say.
    pub enabled: Option<bool>,
    /// Normalised as [`crate::load::accounts::employee_number`] does.
    pub employee_number: Option<String>,
    /// `mail`, `userPrincipalName`, SCIM emails and `userName`, Google primary email: as
    /// written, in that order, without repeats.
    pub emails: Vec<String>,
    /// `proxyAddresses` `smtp:` entries (any case), the prefix removed; used for matching only
    /// when no email matches.
    pub aliases: Vec<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub manager: AccountManager,
    /// The entry: its `dn:` line, Graph object, CSV row.
    pub loc: Loc,
}

/// An account's manager as its directory says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AccountManager {
    /// No manager given (blank, or the file has no manager field: see [`SideFile`]).
    #[default]
    Blank,
    /// Another entry of the directory: index in [`ReconcileData::accounts`].
    Account(u32),
    /// A value naming no entry of the export (a DN outside it, an `orgContact`), as written.
    Outside(String),
}

/// What one file of a side can tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideFile {
    pub file: SourceId,
    /// Its entries carry an enabled state (else every account's `enabled` is `None`).
    pub enabled_state: bool,
    /// It has a manager field at all (a directory CSV may not: `manager-mismatch` is off
    /// for its accounts, said once).
    pub manager_field: bool,
}
