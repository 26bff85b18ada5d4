//! What `reconcile` reads of each side beyond the chart (SPEC §10): the record's leavers and
//! future starters and every person's employee number, and every directory entry with its
//! kind, state, keys and manager. Loaders fill it only when [`crate::load::LoadOptions`] asks
//! (`keep_reconcile_data`): `check` never pays for it.

use crate::hash::FastMap;
use crate::load::accounts::AccountKind;
use crate::load::ldif::normalize_dn;
use crate::load::ldif::DnIndex;
use crate::model::{Date, LeftOut, Loc, Person, SourceId, Text};
use std::cell::OnceCell;

/// Everything `reconcile` needs of one side that the chart does not keep.
#[derive(Clone, Debug, Default)]
pub struct ReconcileData {
    /// The employee number of each person of [`crate::model::Chart::people`], by index
    /// (normalised as [`crate::load::accounts::employee_number`] does); `None` when the row
    /// has none. Same length as `people` once loading is finished.
    pub employee_numbers: Vec<Option<Text>>,
    /// Record rows that are no current person: leavers and future starters, in file order.
    pub inactive: Vec<InactiveRow>,
    /// Every directory entry, people and left-out entries alike, in file order.
    pub accounts: Vec<DirectoryAccount>,
    /// Per source file of the side: what it can tell.
    pub files: Vec<SideFile>,
    /// `Some` when loading counts the directory's LDIF people instead of building them
    /// ([`crate::load::LoadOptions::accounts_only`]).
    pub(crate) unbuilt_people: Option<UnbuiltPeople>,
}

/// The directory's people that loading counted but did not build.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct UnbuiltPeople {
    pub count: u32,
    /// Folding several accounts of one employee needed them (their titles and managers).
    pub needed_for_folding: bool,
}

/// Whether loading counted people it should have built: folding extra accounts needed
/// them, or other files of the side built people of their own beside them (a chart file's
/// people become accounts with managers among them). The side is then loaded again whole.
pub fn people_needed(chart: &crate::model::Chart) -> bool {
    let unbuilt = chart.reconcile.as_deref().and_then(|d| d.unbuilt_people);
    unbuilt.is_some_and(|u| u.needed_for_folding || (u.count > 0 && !chart.people.is_empty()))
}

/// Whether loading counts this chart's LDIF people rather than building them.
pub(crate) fn people_unbuilt(chart: &crate::model::Chart) -> bool {
    chart
        .reconcile
        .as_deref()
        .is_some_and(|d| d.unbuilt_people.is_some())
}

/// The index the next person added to `chart` has, built or only counted.
pub(crate) fn next_person(chart: &crate::model::Chart) -> usize {
    let unbuilt = chart.reconcile.as_deref().and_then(|d| d.unbuilt_people);
    chart.people.len() + unbuilt.map_or(0, |u| u.count as usize)
}

/// Counts a person loading does not build (see [`people_unbuilt`]).
pub(crate) fn count_unbuilt_person(chart: &mut crate::model::Chart) {
    let unbuilt = chart
        .reconcile
        .as_deref_mut()
        .and_then(|d| d.unbuilt_people.as_mut());
    if let Some(unbuilt) = unbuilt {
        unbuilt.count += 1;
    }
}

/// Keeps the employee number of the person about to be added to `chart` (the next index),
/// when loading keeps reconcile data; persons before it that had none get `None`.
pub(crate) fn keep_employee_number(chart: &mut crate::model::Chart, number: Option<Text>) {
    let index = chart.people.len();
    if let Some(data) = chart.reconcile.as_deref_mut() {
        data.set_employee_number(index, number);
    }
}

/// A record row that is no current person, with what matching needs.
#[derive(Clone, Debug)]
pub struct InactiveRow {
    /// The row read as a person would be (id, name, email, title, department, manager, loc).
    pub person: Person,
    pub employee_number: Option<Text>,
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

/// One directory entry as `reconcile` matches it. Its text is [`Text`]: a million accounts
/// hold most of their short values (key, number, name, title, department) inline, without an
/// allocation each.
#[derive(Clone, Debug)]
pub struct DirectoryAccount {
    /// The account's stable key, what waivers and subjects name: Graph `id`, LDIF
    /// `objectGUID` as a GUID string in Microsoft's byte order else `sAMAccountName`/`uid`,
    /// SCIM `id`, Google primary email, a directory CSV's object id or sAMAccountName.
    pub key: Text,
    /// Index in [`crate::model::Chart::people`] when the entry was taken as a person.
    pub person: Option<u32>,
    /// Why it was left out of the chart, when it was.
    pub left_out: Option<LeftOut>,
    pub kind: AccountKind,
    /// `None`: the source does not say.
    pub enabled: Option<bool>,
    /// Normalised as [`crate::load::accounts::employee_number`] does.
    pub employee_number: Option<Text>,
    /// `mail`, `userPrincipalName`, SCIM emails and `userName`, Google primary email: as
    /// written, in that order, without repeats. (Boxed slices, not vectors: 16 bytes less
    /// an account, a million of them held while the record is read.)
    pub emails: Box<[Text]>,
    /// `proxyAddresses` `smtp:` entries (any case), the prefix removed; used for matching only
    /// when no email matches.
    pub aliases: Box<[Text]>,
    pub name: Option<Text>,
    pub title: Option<Text>,
    pub department: Option<Text>,
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

/// A directory entry's manager as written, until every file of the side is in.
#[derive(Clone, Debug)]
pub(crate) enum PendingManager {
    /// An LDAP DN (LDIF `manager`, `Get-ADUser`'s `Manager` column).
    Dn(String),
    /// Another account's key (Graph `manager.id`); for SCIM, its `id`, else the one user
    /// whose `userName`, `externalId` or `employeeNumber` it is.
    Key(String),
    /// Another account's primary email (Google `Manager Email`).
    Email(String),
}

/// What resolving managers needs that the accounts do not keep, until every file of the
/// side is in (`Chart::pending`: empty unless loading keeps reconcile data). Accounts by DN
/// are the chart's own map ([`crate::model::PendingLoad::dns`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct PendingAccounts {
    managers: Vec<(u32, PendingManager)>,
    /// SCIM users' `userName`, `externalId` and `employeeNumber` → account (`None` when two
    /// users share one).
    other_keys: FastMap<String, Option<u32>>,
}

impl PendingAccounts {
    /// Remembers a SCIM user's other key (`userName`, `externalId`, `employeeNumber`).
    pub(crate) fn add_other_key(&mut self, key: &str, index: u32) {
        let entry = self.other_keys.entry(key.to_owned()).or_insert(Some(index));
        if *entry != Some(index) {
            *entry = None;
        }
    }
}

impl ReconcileData {
    /// Adds a directory entry, with its manager as written (resolved by
    /// [`ReconcileData::finish`]); `manager_field`: the entry's source has a manager field.
    pub(crate) fn add_account(
        &mut self,
        pending: &mut PendingAccounts,
        account: DirectoryAccount,
        manager: Option<PendingManager>,
        manager_field: bool,
    ) -> u32 {
        let index = self.accounts.len() as u32;
        let file = account.loc.file;
        if self.files.last().is_none_or(|f| f.file != file) {
            self.files.push(SideFile {
                file,
                ..SideFile::default()
            });
        }
        if let Some(side) = self.files.last_mut() {
            side.enabled_state |= account.enabled.is_some();
            side.manager_field |= manager_field;
        }
        if let Some(manager) = manager {
            pending.managers.push((index, manager));
        }
        self.accounts.push(account);
        index
    }

    /// Sets person `index`'s employee number; persons before it without one get `None`.
    fn set_employee_number(&mut self, index: usize, number: Option<Text>) {
        if self.employee_numbers.len() <= index {
            self.employee_numbers.resize(index + 1, None);
        }
        self.employee_numbers[index] = number;
    }

    /// Follows people moved by folding extra accounts ([`crate::load::accounts`]):
    /// `new_index[old]` is a person's new index, `None` for an extra account now left out.
    pub(crate) fn renumber_people(&mut self, new_index: &[Option<u32>]) {
        for account in &mut self.accounts {
            let Some(old) = account.person else { continue };
            account.person = new_index.get(old as usize).copied().flatten();
            if account.person.is_none() {
                account.left_out = Some(LeftOut::Extra);
            }
        }
        self.employee_numbers.resize(new_index.len(), None);
        let numbers = std::mem::take(&mut self.employee_numbers);
        self.employee_numbers = numbers
            .into_iter()
            .zip(new_index)
            .filter_map(|(number, new)| new.map(|_| number))
            .collect();
    }

    /// Once every file of the side is in, before the chart's own DN managers are resolved
    /// (which takes `dns`): each account's manager as an account, else as written.
    pub(crate) fn resolve_managers(&mut self, pending: PendingAccounts, dns: &DnIndex) {
        let lookup = ManagerLookup {
            accounts: &self.accounts,
            dns,
            other_keys: &pending.other_keys,
            by_key: OnceCell::new(),
            by_email: OnceCell::new(),
        };
        let resolved: Vec<(u32, AccountManager)> = pending
            .managers
            .into_iter()
            .map(|(index, manager)| {
                let found = lookup.find(&manager);
                let written = match manager {
                    PendingManager::Dn(v) | PendingManager::Key(v) | PendingManager::Email(v) => v,
                };
                (
                    index,
                    found.map_or(AccountManager::Outside(written), AccountManager::Account),
                )
            })
            .collect();
        for (index, manager) in resolved {
            if let Some(account) = self.accounts.get_mut(index as usize) {
                account.manager = manager;
            }
        }
    }

    /// Once the side's people are final: one employee number per person.
    pub(crate) fn finish(&mut self, people: usize) {
        self.employee_numbers.resize(people, None);
    }
}

/// Finds the account a manager value names. The maps by key and by email are built when
/// first needed: an LDIF side's managers are all DNs and needs neither.
struct ManagerLookup<'a> {
    accounts: &'a [DirectoryAccount],
    dns: &'a DnIndex,
    other_keys: &'a FastMap<String, Option<u32>>,
    by_key: OnceCell<FastMap<&'a str, u32>>,
    /// By first email, lower-cased.
    by_email: OnceCell<FastMap<String, u32>>,
}

impl<'a> ManagerLookup<'a> {
    fn find(&self, manager: &PendingManager) -> Option<u32> {
        match manager {
            PendingManager::Dn(dn) => normalize_dn(dn)
                .ok()
                .and_then(|dn| self.dns.get(&dn)?.account),
            PendingManager::Key(key) => self
                .by_key()
                .get(key.as_str())
                .copied()
                .or_else(|| self.other_keys.get(key).copied().flatten())
                .or_else(|| self.by_email().get(&key.to_lowercase()).copied()),
            PendingManager::Email(email) => self.by_email().get(&email.to_lowercase()).copied(),
        }
    }

    fn by_key(&self) -> &FastMap<&'a str, u32> {
        self.by_key.get_or_init(|| {
            let mut by_key = FastMap::default();
            for (i, account) in self.accounts.iter().enumerate() {
                by_key.entry(account.key.as_str()).or_insert(i as u32);
            }
            by_key
        })
    }

    fn by_email(&self) -> &FastMap<String, u32> {
        self.by_email.get_or_init(|| {
            let mut by_email = FastMap::default();
            for (i, account) in self.accounts.iter().enumerate() {
                if let Some(email) = account.emails.first() {
                    by_email
                        .entry(email.as_str().to_lowercase())
                        .or_insert(i as u32);
                }
            }
            by_email
        })
    }
}

/// An AD `objectGUID` (16 bytes) as Microsoft writes a GUID: the first three groups
/// little-endian (`3560388c-4dfe-349a-3e95-1091e04a10a6`); `None` for another length.
pub fn guid_string(bytes: &[u8]) -> Option<String> {
    let b: &[u8; 16] = bytes.try_into().ok()?;
    let hex =
        |range: &[usize]| -> String { range.iter().map(|&i| format!("{:02x}", b[i])).collect() };
    Some(format!(
        "{}-{}-{}-{}-{}",
        hex(&[3, 2, 1, 0]),
        hex(&[5, 4]),
        hex(&[7, 6]),
        hex(&[8, 9]),
        hex(&[10, 11, 12, 13, 14, 15])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_written_in_microsofts_byte_order() {
        let bytes = [
            0x8c, 0x38, 0x60, 0x35, 0xfe, 0x4d, 0x9a, 0x34, 0x3e, 0x95, 0x10, 0x91, 0xe0, 0x4a,
            0x10, 0xa6,
        ];
        assert_eq!(
            guid_string(&bytes).as_deref(),
            Some("3560388c-4dfe-349a-3e95-1091e04a10a6")
        );
        assert_eq!(guid_string(&bytes[..15]), None);
    }

    #[test]
    fn people_moved_by_folding_are_followed_and_extra_accounts_left_out() {
        let account = |person| DirectoryAccount {
            key: Text::default(),
            person,
            left_out: None,
            kind: AccountKind::Person,
            enabled: Some(true),
            employee_number: None,
            emails: Box::default(),
            aliases: Box::default(),
            name: None,
            title: None,
            department: None,
            manager: AccountManager::Blank,
            loc: Loc::default(),
        };
        let mut data = ReconcileData {
            accounts: vec![account(Some(0)), account(Some(1)), account(None)],
            employee_numbers: vec![Some("7".into()), Some("7".into())],
            ..ReconcileData::default()
        };
        data.renumber_people(&[None, Some(0), Some(1)]);
        assert_eq!(data.accounts[0].person, None);
        assert_eq!(data.accounts[0].left_out, Some(LeftOut::Extra));
        assert_eq!(data.accounts[1].person, Some(0));
        assert_eq!(data.employee_numbers, [Some("7".into()), None]);
    }
}

/// A directory entry's manager as a loader read it, borrowed.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) enum ManagerDraft<'a> {
    #[default]
    None,
    Dn(&'a str),
    Key(&'a str),
    Email(&'a str),
    /// Known to name no entry of the export (a Graph `orgContact`).
    Outside(&'a str),
}

/// What a loader read of one directory entry, borrowed: made into a [`DirectoryAccount`]
/// only when loading keeps reconcile data ([`keep_account`]), so `check` allocates nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct AccountDraft<'a> {
    pub key: &'a str,
    pub left_out: Option<LeftOut>,
    pub kind: AccountKind,
    pub enabled: Option<bool>,
    pub employee_number: Option<&'a str>,
    /// In matching order (`mail`, then `userPrincipalName`, ...); blanks and repeats dropped.
    pub emails: Vec<&'a str>,
    /// `proxyAddresses` as written (the loader reads them only when keeping).
    pub proxy_addresses: Vec<String>,
    pub name: Option<&'a str>,
    pub title: Option<&'a str>,
    pub department: Option<&'a str>,
    pub manager: Option<ManagerDraft<'a>>,
    /// The entry's source has a manager field (even if this entry's is blank).
    pub manager_field: bool,
    pub loc: Loc,
}

/// Keeps a directory entry when loading keeps reconcile data; `person`: it is about to be
/// added to the chart as a person (the next index). Returns its account index.
pub(crate) fn keep_account(
    chart: &mut crate::model::Chart,
    draft: AccountDraft,
    person: bool,
) -> Option<u32> {
    let person = person.then_some(next_person(chart) as u32);
    let data = chart.reconcile.as_deref_mut()?;
    let owned = |text: Option<&str>| {
        text.map(str::trim)
            .filter(|t| !t.is_empty())
            .map(Text::from)
    };
    let mut emails: Vec<Text> = Vec::with_capacity(draft.emails.len());
    for email in draft.emails.into_iter().map(str::trim) {
        if !email.is_empty() && !emails.iter().any(|e| e.eq_ignore_ascii_case(email)) {
            emails.push(email.into());
        }
    }
    let (manager, pending) = match draft.manager.unwrap_or_default() {
        ManagerDraft::None => (AccountManager::Blank, None),
        ManagerDraft::Outside(v) => (AccountManager::Outside(v.to_owned()), None),
        ManagerDraft::Dn(v) => (
            AccountManager::Blank,
            Some(PendingManager::Dn(v.to_owned())),
        ),
        ManagerDraft::Key(v) => (
            AccountManager::Blank,
            Some(PendingManager::Key(v.to_owned())),
        ),
        ManagerDraft::Email(v) => (
            AccountManager::Blank,
            Some(PendingManager::Email(v.to_owned())),
        ),
    };
    let account = DirectoryAccount {
        key: draft.key.trim().into(),
        person,
        left_out: draft.left_out,
        kind: draft.kind,
        enabled: draft.enabled,
        employee_number: draft
            .employee_number
            .and_then(crate::load::accounts::employee_number),
        emails: emails.into_boxed_slice(),
        aliases: smtp_aliases(&draft.proxy_addresses),
        name: owned(draft.name),
        title: owned(draft.title),
        department: owned(draft.department),
        manager,
        loc: draft.loc,
    };
    // Only the record's numbers are read by index: a directory whose people are not built
    // keeps none.
    if let Some(person) = person.filter(|_| data.unbuilt_people.is_none()) {
        data.set_employee_number(person as usize, account.employee_number.clone());
    }
    let accounts = &mut chart.pending.accounts;
    Some(data.add_account(accounts, account, pending, draft.manager_field))
}

/// The `smtp:` entries of `proxyAddresses` (any case; the primary `SMTP:` too), the prefix
/// removed; `X500:`, `SIP:` and others are no email.
fn smtp_aliases(proxy_addresses: &[String]) -> Box<[Text]> {
    proxy_addresses
        .iter()
        .filter_map(|p| {
            let (prefix, address) = p.trim().split_once(':')?;
            prefix
                .eq_ignore_ascii_case("smtp")
                .then(|| Text::from(address.trim()))
        })
        .filter(|a| !a.is_empty())
        .collect()
}
