//! LDIF exports (RFC 2849) of LDAP directories and Active Directory, as `ldapsearch` and
//! `ldifde` write them. No maintained Rust crate parses LDIF, so this is a small strict parser
//! of the content-record half of the RFC: what an export holds.
//!
//! - One person per entry. The id is the attribute named by the config's `ldif.id`, else the
//!   first present of `employeeID`, `employeeNumber`, `uid`, `sAMAccountName`. Name:
//!   `displayName`, else `cn`; `title`, `department`, `mail`. Attribute names are
//!   case-insensitive; attributes with options (`cn;lang-de`) and all others are not read.
//! - `manager` is a DN, resolved to the entry with that DN in any LDIF file of the run (an
//!   export split over several files is one export): DNs compare as LDAP compares names,
//!   case-insensitively after RFC 4514 unescaping (`\,` and `\2C` are the same comma), with
//!   spaces around `,`, `+` and `=` and at the ends of values dropped and runs of spaces
//!   inside values folded to one. A DN no entry has is kept as the reference, and
//!   `unknown-manager` says it is outside the export.
//! - Continuation lines, comments, `version: 1`, base64 values (`::`, decoded as UTF-8 where
//!   read), CRLF line ends and UTF-16 with a byte-order mark (`ldifde -u`) are understood.
//!   ldifde's `changetype: add` records are entries; other change records (`changetype:
//!   modify`, `delete`, ...), values by URL (`:<`), broken DN escapes, base64 that is not
//!   UTF-8 and duplicate DNs are input errors.
//! - Plain `ldapsearch` output (without `-LLL`) has records of its own between entries: a
//!   search result (`search:`, `result:`, `control:`) after every page, referrals (`ref:`).
//!   They are skipped wherever they occur, and one note per file counts them; a `result:`
//!   other than `0 Success` (a size limit hit) is an input error: the export is partial.
//! - Entries that are no person are left out and counted (SPEC §9, [`super::accounts`]):
//!   disabled accounts (`userAccountControl` with bit 2, `nsAccountLock: TRUE`), shared, room
//!   and equipment mailboxes (`msExchRecipientTypeDetails`), computers, contacts, groups,
//!   managed service accounts, foreign security principals and entries of no person class
//!   (these need no id), and entries the config's `exclude:` list matches. Reporting to one
//!   says why it was left out. Accounts sharing an `employeeID` (else `employeeNumber`) are
//!   one person ([`super::accounts::fold_extra_accounts`]).
//! - The file is read entry by entry: a million entries never exist as parsed records at once.

mod dn;
mod dn_index;
mod roles;
mod syntax;
mod windows;

use super::accounts::{self, Account, AccountKind, Exclusions};
use super::Departments;
use super::FunctionTable;
use crate::error::InputError;
use crate::model::{
    Chart, Directory, DnTarget, LeftOut, LoadNote, Loc, NamedByDn, Person, Ref, SourceId,
};
use crate::record::{AccountDraft, ManagerDraft};
pub(crate) use dn::normalize_dn;
use dn::DnNormalizer;
pub(crate) use dn_index::DnIndex;
use roles::{Field, IdAttributes};
use std::io::Read;
use syntax::{Attribute, Entry, Lines, Parser, Value};
use windows::Windows;

/// The id attributes tried in order when the config names none.
pub const DEFAULT_ID_ATTRIBUTES: [&str; 4] =
    ["employeeID", "employeeNumber", "uid", "sAMAccountName"];

/// How LDIF exports are read (from the config's `ldif:` block).
#[derive(Clone, Debug, Default)]
pub struct LdifOptions {
    /// The attribute holding each person's id; `None` tries [`DEFAULT_ID_ATTRIBUTES`].
    pub id: Option<String>,
}

/// `text.trim()`, at once when it starts and ends with ASCII that is no space (most values):
/// the same result without decoding characters at either end.
fn trimmed(text: &str) -> &str {
    // `char::is_whitespace` among ASCII: tab to carriage return, and space.
    let solid =
        |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' '));
    let bytes = text.as_bytes();
    match solid(bytes.first()) && solid(bytes.last()) {
        true => text,
        false => text.trim(),
    }
}

/// What a disabled AD account is called in messages.
const DISABLED: &str = "a disabled account (userAccountControl has bit 2 set)";

/// What a locked LDAP account (389 Directory Server, OpenLDAP) is called in messages.
const LOCKED: &str = "a disabled account (nsAccountLock: TRUE)";

/// Object classes of entries that are no person, whatever else they are (an AD computer
/// and a managed service account are `user`s too).
const OTHER_CLASSES: [&str; 6] = [
    "computer",
    "contact",
    "group",
    "msDS-GroupManagedServiceAccount",
    "msDS-ManagedServiceAccount",
    "foreignSecurityPrincipal",
];

/// `msExchRecipientTypeDetails` of shared (4, remote 34359738368), room (16, remote
/// 8589934592) and equipment (32, remote 17179869184) mailboxes.
const RESOURCE_MAILBOXES: [u64; 6] = [4, 16, 32, 8589934592, 17179869184, 34359738368];

/// Object classes of people; an entry whose classes are none of these (an OU, a group) is not
/// a person. Not `posixAccount`: OpenLDAP gives it to service entries (`account` +
/// `posixAccount`) as much as to people, who also have `inetOrgPerson`.
const PERSON_CLASSES: [&str; 4] = ["person", "organizationalperson", "inetorgperson", "user"];

/// What an LDIF export is read from.
pub(super) struct Source<'r> {
    pub read: &'r mut dyn Read,
    /// How many bytes it holds, to make room for its entries at once.
    pub size: usize,
}

/// Loads an LDIF export from `source` into `chart`, a window of entries at a time. Manager
/// DNs are resolved by [`resolve_managers`] once every file of the export is in.
pub(super) fn load(
    chart: &mut Chart,
    display: &str,
    source: Source,
    options: &LdifOptions,
    functions: &FunctionTable,
    exclusions: &Exclusions,
    redact: bool,
) -> Result<(), InputError> {
    let file = chart.add_source(display, String::new());
    let mut reader = Reader {
        parser: Parser {
            display,
            first: true,
            skipped_records: 0,
        },
        id_attributes: IdAttributes::new(id_attributes(options)),
        keep: chart.reconcile.is_some(),
        file,
        functions,
        exclusions,
        redact,
        departments: Departments::new(chart),
        normalizer: DnNormalizer::default(),
        last_manager: None,
    };
    let size = source.size;
    let mut windows = Windows::new(source.read, display);
    let kept = match windows.start()? {
        // UTF-16, decoded whole: read from the decoded text.
        Some(text) => {
            let mut bytes = text.as_bytes();
            reader.read_all(chart, &mut Windows::new(&mut bytes, display), size)?
        }
        None => reader.read_all(chart, &mut windows, size)?,
    };
    chart.sources[file as usize].text = kept;
    let skipped = reader.parser.skipped_records;
    if skipped > 0 {
        chart.load_notes.push(LoadNote {
            warning: false,
            file: display.to_owned(),
            message: format!(
                "skipped {skipped} {} of ldapsearch's own (`search:`, `result:`, `control:`, \
                 `ref:`): they describe the search, not people",
                if skipped == 1 { "record" } else { "records" }
            ),
        });
    }
    Ok(())
}

/// Makes room for the file's entries at once: grown by doubling, a million people were
/// copied at each step and held twice at the last (a fifth of the time was the kernel
/// handing out fresh pages). Counted by the `dn:` lines of the first window of the file
/// (`size` bytes), scaled to the whole with a tenth to spare, but never more than one per
/// [`BYTES_PER_ENTRY`] bytes, so a file of bare `dn:` lines reserves no more than a real one.
fn reserve_for_entries(chart: &mut Chart, first: &str, size: usize) {
    let (mut dns, mut dn_bytes) = (0usize, 0usize);
    for line in first.split('\n') {
        if line.get(..3).is_some_and(|a| a.eq_ignore_ascii_case("dn:")) {
            dns += 1;
            dn_bytes += line.len() - 3;
        }
    }
    let size = size.max(first.len());
    let scale = |n: usize| match size == first.len() {
        true => n,
        false => (n as f64 * size as f64 / first.len() as f64 * 1.1) as usize,
    };
    let entries = scale(dns).min(size / BYTES_PER_ENTRY);
    chart.pending.dns.reserve(entries, scale(dn_bytes));
    let unbuilt = crate::record::people_unbuilt(chart);
    if !unbuilt {
        chart.people.reserve(entries);
    }
    if let Some(data) = chart.reconcile.as_deref_mut() {
        data.accounts.reserve(entries);
        if !unbuilt {
            data.employee_numbers.reserve(entries);
        }
    }
}

/// The fewest bytes an entry is counted for when making room (a generated entry with a
/// name, title, department, mail and manager is about 240).
const BYTES_PER_ENTRY: usize = 128;

/// Text up to this size is kept for excerpts ([`super::kept_text`]).
const KEPT_BYTES: usize = 8 * 1024 * 1024;

/// The id attributes to try, in order, as the config or [`DEFAULT_ID_ATTRIBUTES`] spell
/// them (compared ignoring case: at once when an export spells them so).
fn id_attributes(options: &LdifOptions) -> Vec<String> {
    match &options.id {
        Some(id) => vec![id.clone()],
        None => DEFAULT_ID_ATTRIBUTES
            .iter()
            .map(|&a| a.to_owned())
            .collect(),
    }
}

/// One export being read into a chart.
struct Reader<'a> {
    parser: Parser<'a>,
    id_attributes: IdAttributes,
    /// Loading keeps reconcile data: what only `reconcile` reads is read too.
    keep: bool,
    file: SourceId,
    functions: &'a FunctionTable,
    exclusions: &'a Exclusions,
    redact: bool,
    departments: Departments,
    normalizer: DnNormalizer,
    /// The last manager DN found read already, as written, and its person's id.
    last_manager: Option<(String, crate::model::Text)>,
}

impl Reader<'_> {
    /// Reads every entry of the source into the chart, window by window; returns the text
    /// when it is small enough to keep for excerpts. An error in an entry gives way to one
    /// in the bytes after it (no UTF-8, a failed read), as when the file was checked whole
    /// before any entry was read.
    fn read_all(
        &mut self,
        chart: &mut Chart,
        windows: &mut Windows,
        size: usize,
    ) -> Result<String, InputError> {
        let (mut line, mut kept, mut seen_entry) = (1, Some(String::new()), false);
        while let Some(window) = windows.next(line)? {
            if line == 1 {
                reserve_for_entries(chart, window, size);
            }
            kept = kept
                .filter(|kept| kept.len() + window.len() <= KEPT_BYTES)
                .map(|kept| kept + window);
            let mut lines = Lines {
                text: window,
                pos: 0,
                line,
            };
            match self.read_window(chart, &mut lines) {
                Ok(seen) => seen_entry |= seen,
                Err(error) => return Err(windows.error_in_rest(line).unwrap_or(error)),
            }
            line = lines.line;
        }
        if !seen_entry {
            return Err(InputError::file(
                self.parser.display,
                "the file has no entries: expected LDIF entries starting with `dn:`",
            ));
        }
        Ok(kept.unwrap_or_default())
    }

    /// Adds the entries of one window; whether it had any.
    fn read_window(&mut self, chart: &mut Chart, lines: &mut Lines) -> Result<bool, InputError> {
        let mut entry = Entry::default();
        let mut seen_entry = false;
        while self.parser.next_entry(lines, &mut entry)? {
            seen_entry = true;
            self.add_entry(chart, &entry)?;
        }
        Ok(seen_entry)
    }

    /// Adds one entry to the chart: a person, or an entry left out and counted.
    fn add_entry(&mut self, chart: &mut Chart, entry: &Entry) -> Result<(), InputError> {
        let mut fields = self.fields(entry)?;
        let id = fields
            .id
            .take()
            .map(|(_, id, _)| id)
            .filter(|id| !id.is_empty());
        let (kind, enabled) = (fields.kind(), self.enabled(&fields)?);
        let dn = match self.normalizer.normalize(&entry.dn) {
            Ok(dn) => dn,
            Err(e) => return Err(self.dn_error(entry.line, "DN", e)),
        };
        if let Some(first) = chart.pending.dns.get(dn) {
            return Err(self.duplicate_dn(chart, first, entry.line));
        }
        let at = Loc {
            file: self.file,
            line: entry.line,
            column: 0,
        };
        let account = Account {
            kind,
            enabled,
            id,
            email: fields.mail.map(|(m, _)| m),
            name: fields.display_name.map(|(n, _)| n).or(fields.cn),
            dn: Some(&entry.dn),
        };
        let left_out = account.left_out(self.exclusions);
        let mut kept = None;
        if self.keep {
            let draft = AccountDraft {
                left_out,
                kind,
                enabled,
                name: account.name,
                loc: at,
                ..AccountDraft::default()
            };
            kept = keep_account(chart, draft, &fields, id, &entry.dn);
        }
        if let Some(why) = left_out {
            let disabled = if fields.locked { LOCKED } else { DISABLED };
            // Other entries need no id, and only a manager DN naming one records why.
            let recorded = id.filter(|_| why != LeftOut::Other);
            accounts::record(chart, why, recorded, disabled);
            let target = DnTarget::LeftOut(id.map(str::to_owned), at, why, fields.locked);
            let named = NamedByDn {
                target,
                account: kept,
            };
            chart.pending.dns.insert_first(dn, named);
            return Ok(());
        }
        let Some(id) = id else {
            let tried = self.id_attributes.listed();
            return Err(self.parser.error(
                entry.line,
                0,
                format!("this entry has no id: expected one of the attributes {tried} (or set ldif.id in orglint.yaml)"),
            ));
        };
        let number = fields.employee_number.take().map(|(_, n)| n);
        accounts::note_employee_number(chart, Directory::Ldif, number, id);
        let named = NamedByDn {
            target: DnTarget::Person(crate::record::next_person(chart)),
            account: kept,
        };
        chart.pending.dns.insert_first(dn, named);
        if crate::record::people_unbuilt(chart) {
            // Not built, but what building it checks is checked: its manager's DN.
            self.check_manager_dn(fields.manager)?;
            crate::record::count_unbuilt_person(chart);
            return Ok(());
        }
        let person = self.person(chart, id, fields, entry.line)?;
        chart.people.push(person);
        Ok(())
    }

    /// A second entry with the DN of `first`, in this file or another of the export.
    fn duplicate_dn(&self, chart: &Chart, first: &NamedByDn, line: u32) -> InputError {
        let account_loc = |a: u32| {
            let data = chart.reconcile.as_deref()?;
            data.accounts.get(a as usize).map(|account| account.loc)
        };
        let first = match &first.target {
            // A person not built is where its account is.
            DnTarget::Person(_) if crate::record::people_unbuilt(chart) => {
                first.account.and_then(account_loc)
            }
            DnTarget::Person(index) => chart.people.get(*index).map(|p| p.loc),
            DnTarget::LeftOut(_, loc, ..) => Some(*loc),
        }
        .unwrap_or_default();
        let place = if first.file == self.file {
            format!("line {}", first.line)
        } else {
            format!("{}:{}", chart.source_path(first.file), first.line)
        };
        self.parser.error(
            line,
            0,
            format!("duplicate DN: the entry at {place} has the same DN (DNs compare case-insensitively)"),
        )
    }

    /// The attributes of an entry that orglint reads; an error for one given twice.
    fn fields<'e>(&self, entry: &'e Entry) -> Result<EntryFields<'e>, InputError> {
        let parser = &self.parser;
        let mut fields = EntryFields::default();
        for attribute in &entry.attributes {
            let name = attribute.name.as_ref();
            if self.keep {
                self.reconcile_attribute(&mut fields.kept, attribute, name)?;
            }
            let role = roles::role(name, &self.id_attributes);
            if let Some(rank) = role.number_rank {
                if fields
                    .employee_number
                    .as_ref()
                    .is_none_or(|(r, _)| rank < *r)
                {
                    let value = trimmed(parser.text_of(attribute, name)?);
                    fields.employee_number = Some((rank, value));
                }
            }
            if let Some(rank) = role.id_rank {
                if fields.id.as_ref().is_some_and(|(r, _, _)| *r == rank) {
                    return Err(parser.error(
                        attribute.line,
                        1,
                        format!("`{name}` appears twice in this entry: expected one id"),
                    ));
                }
                if fields.id.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                    let value = trimmed(parser.text_of(attribute, name)?);
                    fields.id = Some((rank, value, attribute.line));
                }
                continue;
            }
            let slot = match role.field {
                Field::DisplayName => &mut fields.display_name,
                Field::Cn => {
                    if fields.cn.is_none() {
                        fields.cn = Some(trimmed(parser.text_of(attribute, name)?));
                    }
                    continue;
                }
                Field::Title => &mut fields.title,
                Field::Department => &mut fields.department,
                Field::Mail => &mut fields.mail,
                Field::Manager => &mut fields.manager,
                Field::AccountControl => &mut fields.account_control,
                Field::RecipientType => &mut fields.recipient_type,
                Field::AccountLock => {
                    let locked = parser.text_of(attribute, name)?;
                    fields.locked |= locked.trim().eq_ignore_ascii_case("true");
                    fields.lock_said = true;
                    continue;
                }
                Field::ObjectClass => {
                    let text = parser.text_of(attribute, name)?;
                    let class = trimmed(text);
                    fields.is_other |= OTHER_CLASSES.iter().any(|c| class.eq_ignore_ascii_case(c));
                    fields.is_person |=
                        PERSON_CLASSES.iter().any(|c| class.eq_ignore_ascii_case(c));
                    fields.has_class = true;
                    continue;
                }
                Field::Other => continue,
            };
            if slot.is_some() {
                return Err(parser.error(
                    attribute.line,
                    1,
                    format!("`{name}` appears twice in this entry: expected one value"),
                ));
            }
            *slot = Some((trimmed(parser.text_of(attribute, name)?), attribute.line));
        }
        Ok(fields)
    }

    /// Reads what only `reconcile` needs of an attribute: `objectGUID`, `sAMAccountName`
    /// (else `uid`), `userPrincipalName` and `proxyAddresses`.
    fn reconcile_attribute(
        &self,
        kept: &mut KeptFields,
        attribute: &Attribute,
        name: &str,
    ) -> Result<(), InputError> {
        let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
        if is("objectGUID") {
            kept.guid = match &attribute.value {
                Value::Base64(bytes) => crate::record::guid_string(bytes),
                Value::Text(text) => Some(text.trim().to_owned()),
            };
        } else if is("sAMAccountName") || (is("uid") && kept.account_name.is_none()) {
            kept.account_name = Some(self.parser.text_of(attribute, name)?.trim().to_owned());
        } else if is("userPrincipalName") {
            kept.upn = Some(self.parser.text_of(attribute, name)?.trim().to_owned());
        } else if is("proxyAddresses") {
            kept.proxy_addresses
                .push(self.parser.text_of(attribute, name)?.to_owned());
        }
        Ok(())
    }

    /// Whether the account is enabled: not when AD's `userAccountControl` has bit 2 or
    /// `nsAccountLock` is `TRUE`; `None` when the entry carries neither.
    fn enabled(&self, fields: &EntryFields) -> Result<Option<bool>, InputError> {
        let disabled_by_flags = match &fields.account_control {
            None => None,
            Some((flags, line)) => {
                let flags: i64 = flags.parse().map_err(|_| {
                    self.parser.error(
                        *line,
                        0,
                        "`userAccountControl` is not a number: expected AD's flag bits as a number",
                    )
                })?;
                Some(flags & 2 != 0)
            }
        };
        Ok(match (disabled_by_flags, fields.lock_said) {
            (None, false) => None,
            (flags, _) => Some(!flags.unwrap_or(false) && !fields.locked),
        })
    }

    /// The person of an entry, whose manager (a DN, checked here) is resolved once every
    /// entry is read.
    fn person(
        &mut self,
        chart: &mut Chart,
        id: &str,
        fields: EntryFields,
        line: u32,
    ) -> Result<Person, InputError> {
        let file = self.file;
        let at = |line| Loc {
            file,
            line,
            column: 0,
        };
        let reports_to = match fields.manager.filter(|(m, _)| !m.is_empty()) {
            None => None,
            Some((manager, line)) => Some(self.manager_ref(chart, manager, at(line))?),
        };
        let department = fields.department.and_then(|(d, line)| {
            self.departments
                .reference(chart, d, at(line), self.functions)
        });
        Ok(Person {
            id: id.into(),
            name: fields
                .display_name
                .map(|(n, _)| n)
                .or(fields.cn)
                .filter(|n| !n.is_empty())
                .map(Into::into),
            title: fields
                .title
                .map(|(t, _)| t)
                .filter(|t| !t.is_empty())
                .map(Into::into),
            reports_to,
            department,
            email: fields
                .mail
                .map(|(m, _)| m)
                .filter(|m| !m.is_empty())
                .map(Into::into),
            loc: at(line),
            ..Person::default()
        })
    }

    /// The reference to an entry's manager: the id of the person with that DN when their
    /// entry is read already (exports mostly list managers first), else the DN, which
    /// [`resolve_managers`] resolves once every file is in (normalised again then rather
    /// than kept: a million of them would cost ~100 MB).
    fn manager_ref(
        &mut self,
        chart: &mut Chart,
        manager: &str,
        at: Loc,
    ) -> Result<Ref, InputError> {
        // Siblings follow each other: one manager, written the same way, in a row.
        if let Some((dn, id)) = &self.last_manager {
            if dn == manager {
                return Ok(Ref::new(id.clone(), at));
            }
        }
        let dn = match self.normalizer.normalize(manager) {
            Ok(dn) => dn,
            Err(e) => return Err(self.dn_error(at.line, "manager DN", e)),
        };
        // A DN never names anything else later, so this is what resolving at the end finds.
        let person = match chart.pending.dns.get(dn) {
            Some(NamedByDn {
                target: DnTarget::Person(index),
                ..
            }) => chart.people.get(*index),
            _ => None,
        };
        if let Some(person) = person {
            self.last_manager = Some((manager.to_owned(), person.id.clone()));
            return Ok(Ref::new(person.id.clone(), at));
        }
        chart.pending.dn_managers.push(chart.people.len());
        Ok(Ref::new(manager, at))
    }

    /// Checks the manager DN of a person not built, as [`Reader::manager_ref`] does.
    fn check_manager_dn(&mut self, manager: Option<(&str, u32)>) -> Result<(), InputError> {
        let Some((manager, line)) = manager.filter(|(m, _)| !m.is_empty()) else {
            return Ok(());
        };
        // Siblings follow each other: one manager, written the same way, in a row.
        if self
            .last_manager
            .as_ref()
            .is_some_and(|(dn, _)| dn == manager)
        {
            return Ok(());
        }
        if let Err(e) = self.normalizer.normalize(manager) {
            return Err(self.dn_error(line, "manager DN", e));
        }
        self.last_manager = Some((manager.to_owned(), crate::model::Text::default()));
        Ok(())
    }

    /// An invalid DN (`which`: "DN" or "manager DN"), with where in it unless redacting.
    fn dn_error(&self, line: u32, which: &str, (offset, what): (usize, String)) -> InputError {
        let shown = if self.redact {
            String::new()
        } else {
            format!(" (byte {} of the DN)", offset + 1)
        };
        self.parser
            .error(line, 0, format!("invalid {which}{shown}: {what}"))
    }
}

/// Resolves each pending manager DN, over every LDIF file of the run, to the id of the
/// entry with that DN; a DN no entry has stays, recorded as outside the export.
pub(super) fn resolve_managers(chart: &mut Chart) {
    let managers = std::mem::take(&mut chart.pending.dn_managers);
    let by_dn = std::mem::take(&mut chart.pending.dns);
    let mut normalizer = DnNormalizer::default();
    for index in managers {
        let Some(dn) = chart.people[index].reports_to.as_ref() else {
            continue;
        };
        // Checked when the entry was read: this cannot fail.
        let target = normalizer
            .normalize(&dn.id)
            .ok()
            .and_then(|dn| by_dn.get(dn))
            .map(|named| &named.target);
        let resolved = match target {
            Some(DnTarget::Person(manager)) => Some(chart.people[*manager].id.to_string()),
            Some(DnTarget::LeftOut(id, _, why, locked)) => {
                // One without an id stays named by its DN.
                let id = id.clone().unwrap_or_else(|| dn.id.to_string());
                let disabled = if *locked { LOCKED } else { DISABLED };
                let why = accounts::reason(*why, disabled).to_owned();
                chart.left_out.insert(id.clone(), why);
                Some(id)
            }
            None => None,
        };
        match resolved {
            Some(id) => {
                if let Some(manager) = &mut chart.people[index].reports_to {
                    manager.id = id.into();
                }
            }
            None => {
                chart.outside_references.insert(
                    dn.id.to_string(),
                    "whose DN no entry of the export has".to_owned(),
                );
            }
        }
    }
}

/// Keeps an entry for `reconcile`: keyed by its `objectGUID`, else `sAMAccountName` or
/// `uid`, else its id, else its DN. Returns its account index.
fn keep_account<'a>(
    chart: &mut Chart,
    mut draft: AccountDraft<'a>,
    fields: &'a EntryFields<'_>,
    id: Option<&'a str>,
    dn: &'a str,
) -> Option<u32> {
    let kept = &fields.kept;
    draft.key = kept
        .guid
        .as_deref()
        .or(kept.account_name.as_deref())
        .or(id)
        .unwrap_or(dn);
    draft.employee_number = fields.employee_number.map(|(_, n)| n);
    fn text<'t>(field: &Option<(&'t str, u32)>) -> Option<&'t str> {
        field.map(|(t, _)| t)
    }
    draft.emails = [text(&fields.mail), kept.upn.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    draft.proxy_addresses = kept.proxy_addresses.clone();
    draft.title = text(&fields.title);
    draft.department = text(&fields.department);
    draft.manager = text(&fields.manager)
        .filter(|m| !m.trim().is_empty())
        .map(ManagerDraft::Dn);
    draft.manager_field = fields.manager.is_some();
    let person = draft.left_out.is_none();
    crate::record::keep_account(chart, draft, person)
}

/// What only `reconcile` reads of an entry (read only when loading keeps its data).
#[derive(Default)]
struct KeptFields {
    /// `objectGUID` as Microsoft writes a GUID.
    guid: Option<String>,
    /// `sAMAccountName`, else `uid`.
    account_name: Option<String>,
    upn: Option<String>,
    proxy_addresses: Vec<String>,
}

/// The attributes of one entry that orglint reads, each with its line, borrowed from the
/// entry.
#[derive(Default)]
struct EntryFields<'e> {
    kept: KeptFields,
    /// (rank among the id attributes, value, line): the best-ranked one wins.
    id: Option<(usize, &'e str, u32)>,
    display_name: Option<(&'e str, u32)>,
    cn: Option<&'e str>,
    title: Option<(&'e str, u32)>,
    department: Option<(&'e str, u32)>,
    mail: Option<(&'e str, u32)>,
    manager: Option<(&'e str, u32)>,
    account_control: Option<(&'e str, u32)>,
    /// `msExchRecipientTypeDetails`: what kind of Exchange mailbox the entry is.
    recipient_type: Option<(&'e str, u32)>,
    /// `nsAccountLock` was given, and whether it is `TRUE`.
    lock_said: bool,
    locked: bool,
    /// (rank: `employeeID` 0, `employeeNumber` 1; value): one employee's accounts share it.
    employee_number: Option<(usize, &'e str)>,
    has_class: bool,
    is_person: bool,
    /// A class of [`OTHER_CLASSES`].
    is_other: bool,
}

impl EntryFields<'_> {
    /// What the entry is: a resource mailbox by its Exchange type, no person by its classes.
    fn kind(&self) -> AccountKind {
        let mailbox = self
            .recipient_type
            .as_ref()
            .and_then(|(t, _)| t.parse::<u64>().ok());
        if self.is_other || (self.has_class && !self.is_person) {
            AccountKind::Other
        } else if mailbox.is_some_and(|t| RESOURCE_MAILBOXES.contains(&t)) {
            AccountKind::Resource
        } else {
            AccountKind::Person
        }
    }
}
