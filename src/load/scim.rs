//! SCIM 2.0 user lists (RFC 7643) as identity providers export them: a `ListResponse` with
//! `Resources`, or a bare JSON array of users. Recognised by content in `.json` input.
//!
//! - The id is the SCIM `id` (falling back to `userName`, then `employeeNumber`, when a user
//!   has none), and ids are shown as they are.
//! - The manager is the enterprise extension's `manager.value`, which RFC 7643 §4.3 defines as
//!   the manager's SCIM `id`. Some providers put the manager's `userName`, `externalId` or
//!   `employeeNumber` there instead: a value that is no user's `id` in the same file but is
//!   exactly one user's `userName`, `externalId` or `employeeNumber` is resolved to that user.
//!   A user without a manager is a top.
//! - Name: `displayName`, else `name.formatted`, else `name.givenName name.familyName`. Title:
//!   `title`. Department: the extension's `department` (one department per distinct value).
//!   Email: the `primary` entry of `emails`, else the first, else `userName` when it is an
//!   email.
//! - A `ListResponse` is one page of an export: [`super::paging`] checks that the lists of a
//!   run hold every user its `totalResults` counts.
//! - Users with `active: false` are deprovisioned accounts, and users the config's `exclude:`
//!   list matches are no person: they are left out, counted and recorded in `chart.left_out`
//!   ([`super::accounts`]), so someone still reporting to one gets an `unknown-manager` finding
//!   that says so. Users sharing an enterprise `employeeNumber` are one person. SCIM `roles`
//!   and `groups` are access rights, not executive roles: ignored.
//! - Each user's line is where its object starts; the manager reference is located at its
//!   `value`.

use super::accounts::{self, Account};
use super::chart_file::{loc, Id};
use super::directory_export::{DirectoryExport, UserStream};
use super::located_json::{self, At};
use super::{Exclusions, FunctionTable};
use crate::decode::{check_json_syntax, parse_yaml_seed};
use crate::error::InputError;
use crate::hash::{FastMap, FastSet};
use crate::model::{Chart, Directory, ExportPage, Paging, Person, Ref, SourceId};
use crate::record::{AccountDraft, ManagerDraft};
use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// The SCIM enterprise user extension's schema URN (the key its attributes sit under).
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The SCIM 1.1 enterprise extension's schema URN (its manager is `managerId`).
pub const ENTERPRISE_USER_1_1: &str = "urn:scim:schemas:extension:enterprise:1.0";

// Every struct denies unknown keys: a key no loader knows (a vendor extension, a typo) is an
// input error, never dropped. Attributes RFC 7643 defines that orglint does not read are
// fields of type `IgnoredAny`.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct User {
    id: Option<Id>,
    #[serde(rename = "userName")]
    user_name: Option<Id>,
    #[serde(rename = "externalId")]
    external_id: Option<Id>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    name: Option<Name>,
    title: Option<String>,
    #[serde(default)]
    emails: Vec<Email>,
    active: Option<bool>,
    #[serde(rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")]
    enterprise: Option<Enterprise>,
    #[serde(rename = "urn:scim:schemas:extension:enterprise:1.0")]
    enterprise_1_1: Option<Enterprise>,
    #[serde(rename = "schemas")]
    _schemas: Option<IgnoredAny>,
    #[serde(rename = "meta")]
    _meta: Option<IgnoredAny>,
    #[serde(rename = "nickName")]
    _nick_name: Option<IgnoredAny>,
    #[serde(rename = "profileUrl")]
    _profile_url: Option<IgnoredAny>,
    #[serde(rename = "userType")]
    _user_type: Option<IgnoredAny>,
    #[serde(rename = "preferredLanguage")]
    _preferred_language: Option<IgnoredAny>,
    #[serde(rename = "locale")]
    _locale: Option<IgnoredAny>,
    #[serde(rename = "timezone")]
    _timezone: Option<IgnoredAny>,
    #[serde(rename = "password")]
    _password: Option<IgnoredAny>,
    #[serde(rename = "phoneNumbers")]
    _phone_numbers: Option<IgnoredAny>,
    #[serde(rename = "ims")]
    _ims: Option<IgnoredAny>,
    #[serde(rename = "photos")]
    _photos: Option<IgnoredAny>,
    #[serde(rename = "addresses")]
    _addresses: Option<IgnoredAny>,
    #[serde(rename = "groups")]
    _groups: Option<IgnoredAny>,
    #[serde(rename = "entitlements")]
    _entitlements: Option<IgnoredAny>,
    #[serde(rename = "roles")]
    _roles: Option<IgnoredAny>,
    #[serde(rename = "x509Certificates")]
    _x509_certificates: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Name {
    formatted: Option<String>,
    #[serde(rename = "givenName")]
    given_name: Option<String>,
    #[serde(rename = "familyName")]
    family_name: Option<String>,
    #[serde(rename = "middleName")]
    _middle_name: Option<IgnoredAny>,
    #[serde(rename = "honorificPrefix")]
    _honorific_prefix: Option<IgnoredAny>,
    #[serde(rename = "honorificSuffix")]
    _honorific_suffix: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Email {
    value: Option<String>,
    #[serde(default)]
    primary: bool,
    #[serde(rename = "type")]
    _kind: Option<IgnoredAny>,
    #[serde(rename = "display")]
    _display: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Enterprise {
    #[serde(rename = "employeeNumber")]
    employee_number: Option<Id>,
    department: Option<String>,
    manager: Option<Spanned<Manager>>,
    #[serde(rename = "costCenter")]
    _cost_center: Option<IgnoredAny>,
    #[serde(rename = "organization")]
    _organization: Option<IgnoredAny>,
    #[serde(rename = "division")]
    _division: Option<IgnoredAny>,
}

/// The manager: the RFC 7643 object (`value`, `$ref`, `displayName`), SCIM 1.1's
/// (`managerId`), or a plain string (Entra ID's provisioning sends the manager's id so).
struct Manager {
    value: Option<Spanned<Id>>,
}

impl<'de> Deserialize<'de> for Manager {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ManagerVisitor;
        impl<'de> Visitor<'de> for ManagerVisitor {
            type Value = Manager;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a manager: an object with `value` (or SCIM 1.1 `managerId`), or the \
                     manager's id as a string",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Manager, E> {
                // A plain string has no position of its own: the caller locates the value.
                let unknown = serde_saphyr::Location::UNKNOWN;
                let value = (!v.trim().is_empty())
                    .then(|| Spanned::new(Id(v.to_owned()), unknown, unknown));
                Ok(Manager { value })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Manager, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<Manager, E> {
                Ok(Manager { value: None })
            }
            fn visit_none<E: de::Error>(self) -> Result<Manager, E> {
                Ok(Manager { value: None })
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Manager, A::Error> {
                const FIELDS: &[&str] = &["value", "managerId", "$ref", "displayName"];
                let mut value = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" | "managerId" => {
                            if value.is_some() {
                                return Err(de::Error::custom(
                                    "the manager has both `value` and `managerId`: expected one",
                                ));
                            }
                            value = map.next_value::<Option<Spanned<Id>>>()?;
                        }
                        "$ref" | "displayName" => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                Ok(Manager { value })
            }
        }
        deserializer.deserialize_any(ManagerVisitor)
    }
}

/// A count of a `ListResponse` (`totalResults`, `startIndex`): a number, or its digits as a
/// string as some providers send it.
struct Count(u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountVisitor;
        impl Visitor<'_> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a count: a whole number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v)
                    .map(Count)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                v.trim()
                    .parse()
                    .map(Count)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

/// What a `ListResponse` says besides its users.
struct ListHead {
    total_results: Option<Spanned<Count>>,
    start_index: Option<Count>,
}

impl ListHead {
    /// Where this list of `users` users sits in a paged export, for [`super::paging`]
    /// (`None` without `totalResults`): located at its `totalResults`.
    fn paging(self, file: SourceId, users: usize) -> Option<ExportPage> {
        let total = self.total_results?;
        Some(ExportPage {
            loc: loc(file, &total.referenced),
            paging: Paging::Scim {
                total: total.value.0,
                start: self.start_index.map_or(1, |s| s.0),
                users: users as u64,
            },
        })
    }
}

/// A `ListResponse`'s keys as its derived reader named them (every name a key may take, in
/// the order of its fields), so that errors read as they did.
const LIST_FIELDS: &[&str] = &[
    "Resources",
    "resources",
    "schemas",
    "totalResults",
    "startIndex",
    "itemsPerPage",
];

/// Reads a SCIM document, handing its users to the stream: a bare array of users (no head),
/// else a `ListResponse` read as `#[derive(Deserialize)]` with `deny_unknown_fields` would,
/// with the same errors, its `Resources` streamed.
struct ListSeed<'s, 'e, 'a> {
    users: &'s mut UserStream<'e, 'a, User>,
    bare: bool,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_, '_> {
    type Value = Option<ListHead>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if self.bare {
            return self.users.deserialize(d).map(|()| None);
        }
        d.deserialize_struct("ListResponse", LIST_FIELDS, self)
            .map(Some)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_, '_> {
    type Value = ListHead;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct ListResponse")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<ListHead, A::Error> {
        let mut seen = [false; LIST_FIELDS.len()];
        let mut head = ListHead {
            total_results: None,
            start_index: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            let field = match LIST_FIELDS.iter().position(|f| *f == key) {
                // `resources` is `Resources` by another name.
                Some(1) => 0,
                Some(index) => index,
                None => return Err(de::Error::unknown_field(&key, LIST_FIELDS)),
            };
            if std::mem::replace(&mut seen[field], true) {
                return Err(de::Error::duplicate_field(LIST_FIELDS[field]));
            }
            match field {
                0 => map.next_value_seed(&mut *self.users)?,
                3 => head.total_results = map.next_value()?,
                4 => head.start_index = map.next_value()?,
                _ => _ = map.next_value::<Option<IgnoredAny>>()?,
            }
        }
        Ok(head)
    }
}

/// Keys only SCIM user objects carry (besides `urn:` extension keys).
const SCIM_ONLY: [&str; 8] = [
    "schemas",
    "userName",
    "externalId",
    "emails",
    "active",
    "meta",
    "phoneNumbers",
    "nickName",
];

/// Whether JSON keys (of a top-level object, or of the first objects of an array) are SCIM's.
pub(crate) fn has_scim_keys<'k>(keys: impl IntoIterator<Item = &'k str>) -> bool {
    keys.into_iter().any(|key| {
        key.starts_with("urn:")
            || SCIM_ONLY.contains(&key)
            || matches!(key, "Resources" | "totalResults")
    })
}

/// Loads a SCIM user list's text into `chart`, user by user as [`located_json`] reads them
/// (a million users are never held at once); the managers given by another key than the
/// `id` are resolved by [`resolve_other_keys`] once every file is in. That reader stops at
/// what it does not read as the located YAML parser would (an error in the document, or an
/// id written as a number), and users read before would be in `chart` already: so it reads
/// the document once without adding anyone first, and where it stops, the YAML parser reads
/// the text as it always has.
pub(super) fn load(
    chart: &mut Chart,
    display: &str,
    text: &str,
    functions: &FunctionTable,
    exclusions: &Exclusions,
) -> Result<(), InputError> {
    let reader = Reader {
        display,
        text,
        functions,
        exclusions,
    };
    if !reader.fast_reads() {
        return reader.read_located_yaml(chart);
    }
    let read = reader.read(chart, |text, seed| located_json::from_str_seed(text, seed));
    read.unwrap_or_else(|unread| Err(located_json::unread_error(text, display, unread)))
}

/// A SCIM file being read.
struct Reader<'a> {
    display: &'a str,
    text: &'a str,
    functions: &'a FunctionTable,
    exclusions: &'a Exclusions,
}

impl Reader<'_> {
    /// Whether [`located_json`] reads the whole document, its users read and dropped (into
    /// a chart of its own, which nobody adds to).
    fn fast_reads(&self) -> bool {
        let mut scratch = Chart::default();
        let mut export =
            DirectoryExport::open(&mut scratch, "", "", self.functions, self.exclusions);
        let mut users = UserStream::new(&mut export, &mut scratch, |_, _, _| Ok(()));
        let bare = is_bare_array(self.text);
        let seed = ListSeed {
            users: &mut users,
            bare,
        };
        located_json::from_str_seed(self.text, seed).is_ok()
    }

    /// Reads the users with the located YAML parser, JSON's syntax checked first.
    fn read_located_yaml(&self, chart: &mut Chart) -> Result<(), InputError> {
        check_json_syntax(self.text, self.display)?;
        let display = self.display;
        self.read(chart, |text, seed| parse_yaml_seed(text, display, seed))?
    }

    /// Reads the users with `parse` (a bare array of them, else a `ListResponse`), each added
    /// as it is read: the reader's error, else the outcome of adding them.
    fn read<E>(
        &self,
        chart: &mut Chart,
        parse: impl Fn(&str, ListSeed) -> Result<Option<ListHead>, E>,
    ) -> Result<Result<(), InputError>, E> {
        let mut export = DirectoryExport::open(
            chart,
            self.display,
            self.text,
            self.functions,
            self.exclusions,
        );
        let file = export.file;
        let first_new = chart.people.len();
        let mut users = UserStream::new(&mut export, chart, add_user);
        let bare = is_bare_array(self.text);
        let head = parse(
            self.text,
            ListSeed {
                users: &mut users,
                bare,
            },
        )?;
        let read = match users.finish() {
            Ok(read) => read,
            Err(error) => return Ok(Err(error)),
        };
        let paging = head.and_then(|head| head.paging(file, read));
        chart.pending.pages.extend(paging);
        let added = first_new..chart.people.len();
        chart.pending.scim_people.push(added);
        Ok(Ok(()))
    }
}

/// Whether the document is a bare array of users rather than a `ListResponse`.
fn is_bare_array(text: &str) -> bool {
    text.trim_start().starts_with('[')
}

/// Adds one user: a person, or a deactivated account left out.
fn add_user(
    export: &mut DirectoryExport,
    chart: &mut Chart,
    spanned: &At<User>,
) -> Result<(), InputError> {
    let at = spanned.pos.loc(export.file);
    let error = |message: &str| InputError::new(export.display, at.line, at.column, message);
    let user = &spanned.value;
    let enterprise =
        match (&user.enterprise, &user.enterprise_1_1) {
            (Some(_), Some(_)) => return Err(error(
                "this SCIM user has both the 2.0 and the 1.1 enterprise extension: expected one",
            )),
            (two, one) => two.as_ref().or(one.as_ref()),
        };
    let employee_number = enterprise
        .and_then(|e| e.employee_number.as_ref())
        .map(|n| n.0.clone());
    let id = user
        .id
        .as_ref()
        .or(user.user_name.as_ref())
        .map(|i| i.0.clone())
        .or_else(|| employee_number.clone())
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| {
            error("this SCIM user has no id: expected `id`, `userName` or `employeeNumber`")
        })?;
    if user.id.is_none() && user.user_name.as_ref().is_some_and(|u| u.0 == id) {
        chart.personal_ids.push(id.clone());
    }
    let email = user
        .emails
        .iter()
        .find(|e| e.primary)
        .or(user.emails.first())
        .and_then(|e| e.value.clone())
        .or_else(|| {
            let user_name = user.user_name.as_ref()?.0.trim();
            user_name.contains('@').then(|| user_name.to_owned())
        });
    let name = name_of(user.display_name.as_deref(), user.name.as_ref());
    let account = Account {
        enabled: user.active,
        id: Some(&id),
        email: email.as_deref(),
        name: name.as_deref(),
        ..Account::default()
    };
    let left_out = account.left_out(export.exclusions);
    if chart.reconcile.is_some() {
        let draft = AccountDraft {
            key: &id,
            left_out,
            enabled: user.active,
            employee_number: employee_number.as_deref(),
            name: name.as_deref(),
            title: user.title.as_deref(),
            loc: at,
            ..AccountDraft::default()
        };
        keep_account(chart, draft, user, enterprise);
    }
    if let Some(why) = left_out {
        accounts::record(chart, why, Some(&id), "deactivated (SCIM active: false)");
        return Ok(());
    }
    accounts::note_employee_number(chart, Directory::Scim, employee_number.as_deref(), &id);
    let other_keys = [&user.user_name, &user.external_id]
        .into_iter()
        .flatten()
        .map(|k| k.0.clone())
        .chain(employee_number);
    add_other_keys(&mut chart.pending.scim_keys, other_keys, &id);
    let reports_to = enterprise
        .and_then(|e| e.manager.as_ref())
        .and_then(|m| manager(export.file, m));
    let department = enterprise.and_then(|e| e.department.as_deref());
    let department = department.and_then(|d| {
        export
            .departments
            .reference(chart, d.trim(), at, export.functions)
    });
    let title = user.title.as_deref().filter(|t| !t.trim().is_empty());
    chart.people.push(Person {
        id: id.into(),
        name: name.map(Into::into),
        title: title.map(Into::into),
        reports_to,
        department,
        email: email.map(Into::into),
        loc: at,
        ..Person::default()
    });
    Ok(())
}

/// A reference to the manager's `value`, located there (or at the manager, for a plain
/// string); `None` when empty.
fn manager(file: SourceId, manager: &Spanned<Manager>) -> Option<Ref> {
    let whole = loc(file, &manager.referenced);
    let value = manager.value.value.as_ref()?;
    if value.value.0.trim().is_empty() {
        return None;
    }
    // A plain string carries no position of its own.
    let at = if value.referenced == serde_saphyr::Location::UNKNOWN {
        whole
    } else {
        loc(file, &value.referenced)
    };
    Some(Ref::new(value.value.0.trim(), at))
}

/// Keeps a user for `reconcile`: its emails (the primary first) and `userName`, department
/// and manager, and its other keys for managers given by them.
fn keep_account(
    chart: &mut Chart,
    draft: AccountDraft,
    user: &User,
    enterprise: Option<&Enterprise>,
) {
    let mut draft = draft;
    let primary = user.emails.iter().filter(|e| e.primary);
    let others = user.emails.iter().filter(|e| !e.primary);
    let user_name = user.user_name.as_ref().map(|u| u.0.as_str());
    draft.emails = primary
        .chain(others)
        .filter_map(|e| e.value.as_deref())
        .chain(user_name)
        .collect();
    let manager = enterprise.and_then(|e| e.manager.as_ref());
    draft.manager_field = manager.is_some();
    draft.manager = manager
        .and_then(|m| m.value.value.as_ref())
        .map(|v| v.value.0.trim())
        .filter(|v| !v.is_empty())
        .map(ManagerDraft::Key);
    draft.department = enterprise.and_then(|e| e.department.as_deref());
    let person = draft.left_out.is_none();
    let number = draft.employee_number;
    let Some(index) = crate::record::keep_account(chart, draft, person) else {
        return;
    };
    let external_id = user.external_id.as_ref().map(|u| u.0.as_str());
    for key in [user_name, external_id, number].into_iter().flatten() {
        chart.pending.accounts.add_other_key(key.trim(), index);
    }
}

/// Records a user's other keys (`userName`, `externalId`, `employeeNumber`) for the managers
/// given by them; a key two users share resolves to neither.
fn add_other_keys(
    owners: &mut FastMap<String, Option<String>>,
    keys: impl Iterator<Item = String>,
    id: &str,
) {
    for key in keys {
        if key != id {
            owners
                .entry(key)
                .and_modify(|owner| {
                    if owner.as_deref() != Some(id) {
                        *owner = None;
                    }
                })
                .or_insert_with(|| Some(id.to_owned()));
        }
    }
}

/// Managers of SCIM users given by a key that is no SCIM user's id but exactly one user's
/// other key, resolved to that user's id, over every SCIM file of the run (the pages of one
/// export): [`super::finish`] calls it once all are in.
pub(super) fn resolve_other_keys(chart: &mut Chart) {
    let owners = std::mem::take(&mut chart.pending.scim_keys);
    let files = std::mem::take(&mut chart.pending.scim_people);
    let ids: FastSet<String> = files
        .iter()
        .flat_map(|people| chart.people[people.clone()].iter())
        .map(|p| p.id.to_string())
        .collect();
    for people in files {
        for person in &mut chart.people[people] {
            let Some(manager) = &mut person.reports_to else {
                continue;
            };
            if !ids.contains(manager.id.as_str()) {
                if let Some(Some(id)) = owners.get(manager.id.as_str()) {
                    manager.id = id.into();
                }
            }
        }
    }
}

/// A user's name: `displayName`, else `name.formatted`, else `givenName familyName`.
fn name_of(display_name: Option<&str>, name: Option<&Name>) -> Option<String> {
    let display_name = display_name.filter(|n| !n.trim().is_empty());
    let formatted = name
        .and_then(|name| name.formatted.as_deref())
        .filter(|f| !f.trim().is_empty());
    display_name.or(formatted).map(str::to_owned).or_else(|| {
        let name = name?;
        let joined = format!(
            "{} {}",
            name.given_name.as_deref().unwrap_or_default(),
            name.family_name.as_deref().unwrap_or_default()
        );
        Some(joined.trim().to_owned()).filter(|j| !j.is_empty())
    })
}
