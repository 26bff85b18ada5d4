//! Microsoft Graph users (Entra ID): `/users?$expand=manager` response pages
//! (`{"@odata.context": …, "value": […], "@odata.nextLink": …}`), a bare array of user
//! objects, or PowerShell's `Get-MgUser -All -ExpandProperty manager | ConvertTo-Json -Depth 5`
//! (PascalCase keys, `AdditionalProperties` bags). Recognised by content in `.json` input.
//!
//! - Id `id`, name `displayName` (else `givenName surname`), title `jobTitle`, `department`,
//!   email `mail` else `userPrincipalName`, manager `manager.id`. Several page files merge:
//!   a manager on another page resolves like any id.
//! - A page with `@odata.nextLink` is one of several: [`super::paging`] checks that the pages
//!   of a run include the last. Properties orglint reads that PowerShell put in
//!   `AdditionalProperties` are read from there when the object has none.
//! - Users that are no person are left out, counted and recorded in `chart.left_out`
//!   ([`super::accounts`]): `accountEnabled: false`, guests (`userType: Guest`, or `#EXT#` in
//!   the `userPrincipalName`) and users the config's `exclude:` list matches. Users sharing
//!   an `employeeId` are one person. A manager whose `@odata.type` is
//!   `#microsoft.graph.orgContact` is recorded as an outside reference, so `unknown-manager`
//!   says it is a contact. Of the expanded `manager` object only `id` is read: its other keys
//!   describe the manager, not the user.
//! - Keys are matched with their first letter in either case (Graph's `jobTitle`, PowerShell's
//!   `JobTitle`). A key that is no Graph user property is an input error (a typo would drop
//!   data): the properties orglint does not read are listed in [`IGNORED`].

use super::accounts::{self, Account, AccountKind};
use super::directory_export::{DirectoryExport, UserStream};
use super::located_json::{self, At, Stop, Stream};
use super::msgraph_page::{self, PageHead, PageSeed};
use super::msgraph_value::{GraphValue, Key, Members};
use super::window::Window;
use super::{Exclusions, FunctionTable};
use crate::decode::{check_json_syntax, parse_yaml_seed, read_error_message};
use crate::error::InputError;
use crate::model::{Chart, Directory, Loc, Person, Ref};
use crate::record::{AccountDraft, ManagerDraft};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::marker::PhantomData;

/// One user object as written: its keys in the order written, each with its located value
/// (text borrowed from the file `'t`); [`fields`] reads them as a map would. A list rather
/// than a map: a user has a handful of keys, and a map per user cost a node each.
struct Object<'t>(Vec<(Key, At<GraphValue<'t>>)>);

impl<'de> Deserialize<'de> for Object<'de> {
    /// As a `BTreeMap` reads itself, with the same expectation in errors.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
            type Value = Object<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(8);
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Object(entries))
            }
        }
        d.deserialize_map(ObjectVisitor)
    }
}

/// The keys orglint reads.
const READ: [&str; 12] = [
    "id",
    "displayName",
    "givenName",
    "surname",
    "jobTitle",
    "department",
    "mail",
    "userPrincipalName",
    "accountEnabled",
    "manager",
    "userType",
    "employeeId",
];

/// Graph `user` and `orgContact` properties and relationships (v1.0 and beta) that orglint
/// does not read: known, so not an error, and not used.
pub(crate) const IGNORED: &[&str] = &[
    "aboutMe",
    "activities",
    "additionalProperties",
    "addresses",
    "adhocCalls",
    "ageGroup",
    "agreementAcceptances",
    "analytics",
    "appRoleAssignments",
    "approvals",
    "assignedLicenses",
    "assignedPlans",
    "authentication",
    "authorizationInfo",
    "birthday",
    "businessPhones",
    "calendar",
    "calendarGroups",
    "calendars",
    "calendarView",
    "chats",
    "city",
    "cloudClipboard",
    "cloudPCs",
    "companyName",
    "consentProvidedForMinor",
    "contactFolders",
    "contacts",
    "country",
    "createdDateTime",
    "createdObjects",
    "creationType",
    "customSecurityAttributes",
    "dataSecurityAndGovernance",
    "deletedDateTime",
    "deviceEnrollmentLimit",
    "deviceKeys",
    "deviceManagementTroubleshootingEvents",
    "directReports",
    "drive",
    "drives",
    "employeeExperience",
    "employeeHireDate",
    "employeeLeaveDateTime",
    "employeeOrgData",
    "employeeType",
    "events",
    "extensions",
    "externalUserState",
    "externalUserStateChangeDateTime",
    "faxNumber",
    "followedSites",
    "hireDate",
    "identities",
    "imAddresses",
    "inferenceClassification",
    "informationProtection",
    "insights",
    "interests",
    "isLicenseReconciliationNeeded",
    "isManagementRestricted",
    "isResourceAccount",
    "joinedTeams",
    "lastPasswordChangeDateTime",
    "legalAgeGroupClassification",
    "licenseAssignmentStates",
    "licenseDetails",
    "mailboxSettings",
    "mailFolders",
    "mailNickname",
    "managedAppRegistrations",
    "managedDevices",
    "memberOf",
    "messages",
    "mobileAppIntentAndStates",
    "mobileAppTroubleshootingEvents",
    "mobilePhone",
    "mySite",
    "notifications",
    "oauth2PermissionGrants",
    "officeLocation",
    "onenote",
    "onlineMeetings",
    "onPremisesDistinguishedName",
    "onPremisesDomainName",
    "onPremisesExtensionAttributes",
    "onPremisesImmutableId",
    "onPremisesLastSyncDateTime",
    "onPremisesProvisioningErrors",
    "onPremisesSamAccountName",
    "onPremisesSecurityIdentifier",
    "onPremisesSipInfo",
    "onPremisesSyncEnabled",
    "onPremisesUserPrincipalName",
    "otherMails",
    "outlook",
    "ownedDevices",
    "ownedObjects",
    "passwordPolicies",
    "passwordProfile",
    "pastProjects",
    "pendingAccessReviewInstances",
    "people",
    "permissionGrants",
    "phones",
    "photo",
    "photos",
    "planner",
    "postalCode",
    "preferredDataLocation",
    "preferredLanguage",
    "preferredName",
    "presence",
    "print",
    "provisionedPlans",
    // Read by `reconcile` only (smtp aliases).
    "proxyAddresses",
    "refreshTokensValidFromDateTime",
    "registeredDevices",
    "responsibilities",
    "schools",
    "scopedRoleMemberOf",
    "security",
    "securityIdentifier",
    "serviceProvisioningErrors",
    "settings",
    "showInAddressList",
    "signInActivity",
    "signInSessionsValidFromDateTime",
    "skills",
    "solutions",
    "sponsors",
    "state",
    "streetAddress",
    "teamwork",
    "todo",
    "transitiveMemberOf",
    "transitiveReports",
    "usageLocation",
    "usageRights",
    "windowsInformationProtectionDeviceRegistrations",
];

/// The key with its first letter lower-cased: PowerShell's `JobTitle` is Graph's `jobTitle`.
/// Borrowed when it is so already, as Graph's own keys are.
fn graph_key(key: &str) -> Cow<'_, str> {
    if key.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return Cow::Borrowed(key);
    }
    let mut chars = key.chars();
    match chars.next() {
        Some(first)
            if first.is_ascii_uppercase()
                || (!first.is_ascii() && !first.to_lowercase().eq([first])) =>
        {
            Cow::Owned(first.to_lowercase().chain(chars).collect())
        }
        _ => Cow::Borrowed(key),
    }
}

/// Whether `key` (already [`graph_key`]ed) is a Graph property or annotation.
fn is_known(key: &str) -> bool {
    key.starts_with("@odata.")
        || key.starts_with("extension_")
        || Fields::slot(key).is_some_and(|slot| slot < READ.len())
        || IGNORED.contains(&key)
}

/// Whether JSON keys (of a top-level object, or of the first user objects) are Graph's.
pub(crate) fn has_graph_keys<'k>(keys: impl IntoIterator<Item = &'k str>) -> bool {
    const GRAPH_ONLY: [&str; 10] = [
        "userPrincipalName",
        "jobTitle",
        "accountEnabled",
        "mail",
        "givenName",
        "surname",
        "businessPhones",
        "officeLocation",
        "additionalProperties",
        "manager",
    ];
    keys.into_iter().any(|key| {
        let key = graph_key(key);
        key.starts_with("@odata.") || key == "value" || GRAPH_ONLY.contains(&key.as_ref())
    })
}

/// An entry of a user object: its key and located value.
type Entry<'o, 't> = &'o (Key, At<GraphValue<'t>>);

/// A user object's keys, PowerShell's `AdditionalProperties` bag merged in; errors on a key
/// that Graph does not define. Read as a map reads them: in key order, of a key given twice
/// its last value. In the order written when that gives the same, which spares sorting the
/// keys of every user.
fn fields<'o>(
    object: &'o Object<'_>,
    display: &str,
    file: crate::model::SourceId,
) -> Result<Fields<'o>, InputError> {
    if let Some(fields) = fields_as_written(object) {
        return Ok(fields);
    }
    let mut sorted: Vec<Entry> = object.0.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            *kept = *later;
        }
        same
    });
    sorted_fields(&sorted, display, file)
}

/// The fields of `object` read in the order written, when the key order gives the same:
/// `None` when a key is an error, or when two keys fill one slot or are bags.
fn fields_as_written<'o>(object: &'o Object<'_>) -> Option<Fields<'o>> {
    let mut fields = Fields::default();
    let mut bag = None;
    for (key, value) in &object.0 {
        let normalized = graph_key(key);
        match Fields::slot(&normalized) {
            Some(slot) if fields.slots[slot].is_none() => {
                fields.slots[slot] = Some(Cow::Borrowed(value));
            }
            Some(_) => return None,
            None if normalized != "additionalProperties" => {
                is_known(&normalized).then_some(())?;
            }
            None => {
                let known = |bag: &Members| bag.keys().all(|k| is_known(&graph_key(k)));
                (bag.is_none() && value.value.as_object().is_none_or(known)).then_some(())?;
                bag = Some(value);
            }
        }
    }
    merge_additional_properties(bag, &mut fields);
    Some(fields)
}

/// The fields of a user's `entries`, in key order.
fn sorted_fields<'o>(
    entries: &[Entry<'o, '_>],
    display: &str,
    file: crate::model::SourceId,
) -> Result<Fields<'o>, InputError> {
    let mut fields = Fields::default();
    for (key, value) in entries.iter().copied() {
        let normalized = graph_key(key);
        let at = value.pos.loc(file);
        // Every key with a slot is a Graph property ([`READ`], or `proxyAddresses`).
        let slot = Fields::slot(&normalized);
        if slot.is_none() && !is_known(&normalized) {
            let close = crate::text::did_you_mean(&normalized, READ.iter().copied())
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            return Err(InputError::new(
                display,
                at.line,
                at.column,
                format!(
                    "unknown key `{}`{close}: expected a Microsoft Graph user property (such as {})",
                    crate::text::truncate(key, 80),
                    READ.join(", ")
                ),
            ));
        }
        if normalized == "additionalProperties" {
            if let Some(bag) = value.value.as_object() {
                for bag_key in bag.keys() {
                    let inner = graph_key(bag_key);
                    if !is_known(&inner) {
                        return Err(InputError::new(
                            display,
                            at.line,
                            at.column,
                            format!(
                                "unknown key `{}` in AdditionalProperties: expected a Microsoft Graph user property",
                                crate::text::truncate(bag_key, 80)
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(slot) = slot {
            fields.slots[slot] = Some(Cow::Borrowed(value));
        }
    }
    let bag = entries
        .iter()
        .find(|(key, _)| graph_key(key) == "additionalProperties")
        .map(|(_, bag)| bag);
    merge_additional_properties(bag, &mut fields);
    Ok(fields)
}

/// The properties a user is asked for: [`READ`] and, for `reconcile`, `proxyAddresses`.
const LOOKED_UP: [&str; READ.len() + 1] = {
    let mut keys = [""; READ.len() + 1];
    let mut k = 0;
    while k < READ.len() {
        keys[k] = READ[k];
        k += 1;
    }
    keys[READ.len()] = "proxyAddresses";
    keys
};

/// A user's properties by [`graph_key`], each located where it is written (a property from
/// `AdditionalProperties` at the bag). Only those in [`LOOKED_UP`] are kept, in a slot each:
/// a user is asked for a dozen of them, so a map built per user cost more than it saved.
#[derive(Default)]
struct Fields<'o> {
    slots: [Option<Cow<'o, At<GraphValue<'o>>>>; LOOKED_UP.len()],
}

impl<'o> Fields<'o> {
    /// The slot of a key of [`LOOKED_UP`] (a `match`, which compares lengths first: a
    /// dozen string comparisons per look-up were a tenth of the loader).
    #[inline(always)]
    fn slot(key: &str) -> Option<usize> {
        Some(match key {
            "id" => 0,
            "displayName" => 1,
            "givenName" => 2,
            "surname" => 3,
            "jobTitle" => 4,
            "department" => 5,
            "mail" => 6,
            "userPrincipalName" => 7,
            "accountEnabled" => 8,
            "manager" => 9,
            "userType" => 10,
            "employeeId" => 11,
            "proxyAddresses" => 12,
            _ => return None,
        })
    }

    #[inline(always)]
    fn get(&self, key: &str) -> Option<&Cow<'o, At<GraphValue<'o>>>> {
        Self::slot(key).and_then(|slot| self.slots[slot].as_ref())
    }

    fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` (a later value of the same key replaces an earlier one, as a map's would).
    fn insert(&mut self, key: &str, value: Cow<'o, At<GraphValue<'o>>>) {
        if let Some(slot) = Self::slot(key) {
            self.slots[slot] = Some(value);
        }
    }
}

/// The properties orglint reads that PowerShell's `Get-MgUser` put in the
/// `AdditionalProperties` bag (those its SDK model lacks, or all of a `-Property` selection),
/// taken where the object itself has none or `null`.
fn merge_additional_properties<'o>(bag: Option<&'o At<GraphValue<'_>>>, fields: &mut Fields<'o>) {
    let Some((properties, bag)) = bag.and_then(|bag| Some((bag.value.as_object()?, bag))) else {
        return;
    };
    for (key, value) in properties.iter() {
        let key = graph_key(key);
        let unset = fields.get(&key).is_none_or(|v| v.value.is_null());
        if unset && READ.contains(&key.as_ref()) {
            let located = At {
                value: value.clone(),
                pos: bag.pos,
            };
            fields.insert(&key, Cow::Owned(located));
        }
    }
}

/// A text property, trimmed; `null` and absent are `None`, other types an error. Inlined,
/// so that its slot is found as the program is compiled.
#[inline(always)]
fn text_field<'f>(
    fields: &'f Fields,
    key: &str,
    display: &str,
    file: crate::model::SourceId,
) -> Result<Option<(&'f str, Loc)>, InputError> {
    let Some(value) = fields.get(key) else {
        return Ok(None);
    };
    let at = value.pos.loc(file);
    match &value.value {
        GraphValue::Null => Ok(None),
        GraphValue::Text(s) => {
            let text = crate::text::trim(s);
            Ok((!text.is_empty()).then_some((text, at)))
        }
        _ => Err(InputError::new(
            display,
            at.line,
            at.column,
            format!("`{key}` must be text: expected a string or null"),
        )),
    }
}

/// The `@odata.type` of an object, looked for at the top and in `AdditionalProperties`.
fn odata_type<'m>(object: &'m Members) -> Option<&'m str> {
    let direct = object.get("@odata.type").and_then(GraphValue::as_str);
    direct.or_else(|| {
        object
            .iter()
            .find(|(k, _)| graph_key(k) == "additionalProperties")
            .and_then(|(_, bag)| bag.as_object()?.get("@odata.type"))
            .and_then(GraphValue::as_str)
    })
}

/// Loads a Graph users page (or array, or one user) into `chart`, user by user as they are
/// read by [`located_json`]. Where that reader stops (at an error in the document: bad
/// syntax, a duplicate key, a page key that is none), the users read so far are in `chart`
/// already, so the located YAML parser reads the text again into a chart of its own to
/// report the error as it always has.
pub(super) fn load(
    chart: &mut Chart,
    display: &str,
    text: &str,
    functions: &FunctionTable,
    exclusions: &Exclusions,
) -> Result<(), InputError> {
    let reader = Reader {
        display,
        kept: text,
        functions,
        exclusions,
    };
    let users = users_at_most(text);
    reader.load(chart, Window::whole(text), users, || {
        Ok(Cow::Borrowed(text))
    })
}

/// Loads a big Graph file streamed through `window` (nothing of it kept for excerpts);
/// `whole` reads it whole, for the error of a file the fast reader stops at.
pub(super) fn load_streamed(
    chart: &mut Chart,
    display: &str,
    window: Window,
    whole: impl FnOnce() -> Result<String, InputError>,
    functions: &FunctionTable,
    exclusions: &Exclusions,
) -> Result<(), InputError> {
    let reader = Reader {
        display,
        kept: "",
        functions,
        exclusions,
    };
    let users = window.len() / BYTES_PER_USER;
    reader.load(chart, window, users, || whole().map(Cow::Owned))
}

/// A Graph file being read.
struct Reader<'a> {
    display: &'a str,
    /// The text kept for excerpts.
    kept: &'a str,
    functions: &'a FunctionTable,
    exclusions: &'a Exclusions,
}

impl Reader<'_> {
    /// Reads the users with [`located_json`]'s reader, else (where it stops) reads the whole
    /// text the old way for its error.
    fn load<'t>(
        &self,
        chart: &mut Chart,
        mut window: Window,
        users: usize,
        whole: impl FnOnce() -> Result<Cow<'t, str>, InputError>,
    ) -> Result<(), InputError> {
        let unread = match self.read_fast(chart, &mut window, users) {
            Ok(outcome) => return outcome,
            Err(Stop::Io(e)) => return Err(InputError::file(self.display, read_error_message(&e))),
            Err(Stop::Unread(unread)) => unread,
        };
        drop(window);
        let text = whole()?;
        let mut scratch = Chart::default();
        if chart.reconcile.is_some() {
            scratch.reconcile = Some(Box::default());
        }
        match self.read_located_yaml(&mut scratch, &text) {
            Err(error) => Err(error),
            Ok(()) => Err(located_json::unread_error(&text, self.display, unread)),
        }
    }

    /// Reads the users with [`located_json`]'s reader, about `users` of them at most: the
    /// outcome (a user's error included), or where that reader stopped.
    fn read_fast(
        &self,
        chart: &mut Chart,
        window: &mut Window,
        users: usize,
    ) -> Result<Result<(), InputError>, Stop> {
        let mut export = self.open(chart);
        let file = export.file;
        if !crate::record::people_unbuilt(chart) {
            chart.people.reserve(users);
        }
        let mut users = UserStream::<Object<'static>>::new(&mut export, chart, add_user);
        let mut user = |reader: &mut located_json::Reader<'_>| {
            let user = At::<Object>::deserialize(&mut *reader)?;
            users.add_by(|export, chart| add_user(export, chart, &user));
            Ok(())
        };
        let mut stream = Stream::new(window);
        let page = match stream.peek()? {
            Some(b'[') => {
                stream.open(b'[')?;
                stream.elements(&mut user)?;
                None
            }
            Some(b'{') if stream.has_key(|key| key == "value")? => {
                Some(msgraph_page::read(&mut stream, &mut user)?)
            }
            _ => {
                stream.read(&mut user)?;
                None
            }
        };
        stream.end()?;
        let read = users.finish();
        Ok(note_page(chart, page, file, read))
    }

    /// Reads the users with the located YAML parser, JSON's syntax checked first.
    fn read_located_yaml(&self, chart: &mut Chart, text: &str) -> Result<(), InputError> {
        let display = self.display;
        check_json_syntax(text, display)?;
        let mut export = self.open(chart);
        let file = export.file;
        let mut users = UserStream::new(&mut export, chart, add_user);
        let page = if text.trim_start().starts_with('[') {
            parse_yaml_seed(text, display, &mut users)?;
            None
        } else if is_page(text) {
            Some(parse_yaml_seed(text, display, PageSeed(&mut users))?)
        } else {
            users.add(parse_yaml_seed(text, display, PhantomData::<At<Object>>)?);
            None
        };
        let read = users.finish();
        note_page(chart, page, file, read)
    }

    fn open(&self, chart: &mut Chart) -> DirectoryExport<'_> {
        DirectoryExport::open(
            chart,
            self.display,
            self.kept,
            self.functions,
            self.exclusions,
        )
    }
}

/// About how many users a Graph file holds, at most: its `"id"` keys (users' and expanded
/// managers'), but no more than one per [`BYTES_PER_USER`] bytes. Room for them is made at
/// once: grown by doubling, a million people were copied at each step and held twice at
/// the last. Room never written to costs no memory.
fn users_at_most(text: &str) -> usize {
    let keys = |key: &[u8]| memchr::memmem::find_iter(text.as_bytes(), key).count();
    let ids = keys(b"\"id\"") + keys(b"\"Id\"");
    ids.min(text.len() / BYTES_PER_USER)
}

/// The fewest bytes a user is counted for when making room (a generated user with a name,
/// title, department, mail and manager is about 190).
const BYTES_PER_USER: usize = 64;

/// The users read (or the first user's error), the page noted for [`super::paging`].
fn note_page(
    chart: &mut Chart,
    page: Option<PageHead>,
    file: crate::model::SourceId,
    read: Result<usize, InputError>,
) -> Result<(), InputError> {
    let read = read?;
    if let Some(page) = page {
        chart.pending.pages.push(page.paging(file, read));
    }
    Ok(())
}

/// Adds one user object: a person, or an account left out and counted.
fn add_user(
    export: &mut DirectoryExport,
    chart: &mut Chart,
    user: &At<Object<'_>>,
) -> Result<(), InputError> {
    let (display, file) = (export.display, export.file);
    let at = user.pos.loc(file);
    let fields = fields(&user.value, display, file)?;
    // A macro, not a closure: inlined, each key's slot is found as the program is compiled.
    macro_rules! text {
        ($key:literal) => {
            text_field(&fields, $key, display, file)
        };
    }
    let error = |message: &str| InputError::new(display, at.line, at.column, message);
    let id = text!("id")?
        .map(|(id, _)| id)
        .ok_or_else(|| error("this user has no `id`: expected the Graph object id"))?;
    let enabled = match fields.get("accountEnabled").map(|v| &v.value) {
        Some(GraphValue::Bool(enabled)) => Some(*enabled),
        None | Some(GraphValue::Null) => None,
        Some(_) => return Err(error("`accountEnabled` must be true or false")),
    };
    let name = name_of(
        text!("displayName")?,
        text!("givenName")?,
        text!("surname")?,
    );
    let upn = text!("userPrincipalName")?.map(|(u, _)| u);
    let email = text!("mail")?.map(|(mail, _)| mail).or(upn);
    let guest = text!("userType")?.is_some_and(|(t, _)| t.eq_ignore_ascii_case("guest"))
        || upn.is_some_and(|u| u.to_ascii_uppercase().contains("#EXT#"));
    let account = Account {
        kind: if guest {
            AccountKind::Guest
        } else {
            AccountKind::Person
        },
        enabled,
        id: Some(id),
        email,
        name: name.as_deref(),
        dn: None,
    };
    let left_out = account.left_out(export.exclusions);
    if chart.reconcile.is_some() {
        let draft = AccountDraft {
            key: id,
            left_out,
            kind: account.kind,
            enabled,
            emails: upn.into_iter().collect(),
            name: name.as_deref(),
            loc: at,
            ..AccountDraft::default()
        };
        keep_account(chart, draft, &fields, display, file)?;
    }
    if let Some(why) = left_out {
        let disabled = "a disabled account (accountEnabled: false)";
        accounts::record(chart, why, Some(id), disabled);
        return Ok(());
    }
    let reports_to = match fields.get("manager") {
        None => None,
        Some(manager) => manager_of(export, chart, manager)?,
    };
    let department = match text!("department")? {
        Some((d, d_at)) => export
            .departments
            .reference(chart, d, d_at, export.functions),
        None => None,
    };
    let number = text!("employeeId")?.map(|(n, _)| n);
    accounts::note_employee_number(chart, Directory::Graph, number, id);
    if crate::record::people_unbuilt(chart) {
        // Only counted: everything building it reads is read (and checked) above.
        crate::record::count_unbuilt_person(chart);
        return Ok(());
    }
    chart.people.push(Person {
        id: id.into(),
        name: name.map(Into::into),
        title: text!("jobTitle")?.map(|(t, _)| t.into()),
        reports_to,
        department,
        email: email.map(Into::into),
        loc: at,
        ..Person::default()
    });
    Ok(())
}

/// Keeps a user for `reconcile`, with what only it reads: `mail`, `employeeId`, title,
/// department, `proxyAddresses` and the manager's id.
fn keep_account(
    chart: &mut Chart,
    draft: AccountDraft,
    fields: &Fields,
    display: &str,
    file: crate::model::SourceId,
) -> Result<(), InputError> {
    let mut draft = draft;
    let text = |key: &str| -> Result<Option<&str>, InputError> {
        Ok(text_field(fields, key, display, file)?.map(|(t, _)| t))
    };
    if let Some(mail) = text("mail")? {
        draft.emails.insert(0, mail);
    }
    draft.employee_number = text("employeeId")?;
    draft.title = text("jobTitle")?;
    draft.department = text("department")?;
    draft.proxy_addresses = proxy_addresses(fields);
    draft.manager = fields.get("manager").and_then(|m| manager_draft(&m.value));
    draft.manager_field = fields.contains_key("manager");
    let person = draft.left_out.is_none();
    crate::record::keep_account(chart, draft, person);
    Ok(())
}

/// A user's `proxyAddresses`, the strings of the array.
fn proxy_addresses(fields: &Fields) -> Vec<String> {
    let Some(GraphValue::Other(Value::Array(values))) =
        fields.get("proxyAddresses").map(|v| &v.value)
    else {
        return Vec::new();
    };
    values
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The expanded `manager` as `reconcile` keeps it: its `id`, outside the export when it is
/// an organisational contact.
fn manager_draft<'v>(manager: &'v GraphValue) -> Option<ManagerDraft<'v>> {
    let object = manager.as_object()?;
    let id = object
        .iter()
        .find(|(k, _)| graph_key(k) == "id")
        .and_then(|(_, v)| v.as_str())?
        .trim();
    let contact =
        odata_type(object).is_some_and(|t| t.eq_ignore_ascii_case("#microsoft.graph.orgContact"));
    Some(match contact {
        true => ManagerDraft::Outside(id),
        false => ManagerDraft::Key(id),
    })
}

/// A user's name: `displayName`, else `givenName surname`.
fn name_of<'f>(
    display_name: Option<(&'f str, Loc)>,
    given: Option<(&str, Loc)>,
    surname: Option<(&str, Loc)>,
) -> Option<Cow<'f, str>> {
    match display_name {
        Some((name, _)) => Some(Cow::Borrowed(name)),
        None => {
            let (given, surname) = (given.map_or("", |g| g.0), surname.map_or("", |s| s.0));
            let joined = format!("{given} {surname}");
            let joined = joined.trim();
            (!joined.is_empty()).then(|| Cow::Owned(joined.to_owned()))
        }
    }
}

/// The `manager` of a user (from `$expand=manager`): a reference to its id, `None` for
/// `null`; an organisational contact is recorded as outside the export.
fn manager_of(
    export: &DirectoryExport,
    chart: &mut Chart,
    manager: &At<GraphValue>,
) -> Result<Option<Ref>, InputError> {
    let manager_at = manager.pos.loc(export.file);
    let error = |message: String| {
        InputError::new(export.display, manager_at.line, manager_at.column, message)
    };
    let object = match &manager.value {
        GraphValue::Null => return Ok(None),
        GraphValue::Object(object) => object,
        _ => {
            return Err(error(
                "`manager` must be an object with an `id` (from $expand=manager) or null"
                    .to_owned(),
            ))
        }
    };
    for key in object.keys() {
        if !is_known(&graph_key(key)) {
            return Err(error(format!(
                "unknown key `{}` in manager: expected Microsoft Graph user or contact properties",
                crate::text::truncate(key, 80)
            )));
        }
    }
    let manager_id = object
        .iter()
        .find(|(k, _)| graph_key(k) == "id")
        .and_then(|(_, v)| v.as_str())
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| {
            error("this manager has no `id`: expected the manager's Graph object id".to_owned())
        })?;
    if odata_type(object).is_some_and(|t| t.eq_ignore_ascii_case("#microsoft.graph.orgContact")) {
        chart.outside_references.insert(
            manager_id.trim().to_owned(),
            "an organisational contact (orgContact), not a user of the export".to_owned(),
        );
    }
    Ok(Some(Ref::new(manager_id.trim(), manager_at)))
}

/// Whether a top-level object is a response page (has `value`) rather than one user.
fn is_page(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        value: Option<IgnoredAny>,
    }
    serde_json::from_str::<Probe>(text).is_ok_and(|p| p.value.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::window::tests::streamed;

    /// What a Graph text loads into (the chart, or the error), read from `window`.
    fn loaded(text: &str, window: Window) -> String {
        let mut chart = Chart::default();
        let functions = FunctionTable::for_options(&Default::default()).unwrap();
        let exclusions = Exclusions::default();
        let reader = Reader {
            display: "g.json",
            kept: "",
            functions: &functions,
            exclusions: &exclusions,
        };
        let outcome = reader.load(&mut chart, window, 4, || Ok(Cow::Borrowed(text)));
        format!("{outcome:?}\n{chart:?}")
    }

    #[test]
    fn every_key_looked_up_has_its_own_slot() {
        for (slot, key) in LOOKED_UP.iter().enumerate() {
            assert_eq!(Fields::slot(key), Some(slot), "{key}");
            assert!(is_known(key), "{key}");
        }
        assert_eq!(Fields::slot("Id"), None);
        assert_eq!(Fields::slot("businessPhones"), None);
    }

    /// Each slot's value and place, to compare.
    fn slots(fields: &Fields) -> Vec<String> {
        let shown = |v: &Cow<At<GraphValue>>| format!("{:?} {:?}", v.value, v.pos);
        fields
            .slots
            .iter()
            .map(|s| s.as_ref().map(shown).unwrap_or_default())
            .collect()
    }

    #[test]
    fn fields_read_as_written_are_those_read_in_key_order() {
        let users = [
            r#"{"id": "1", "displayName": "A", "mail": "a@x"}"#,
            r#"{"mail": "a@x", "Id": "2", "id": "1"}"#,
            r#"{"id": "1", "Id": "2"}"#,
            r#"{"DisplayName": "B", "displayName": "A"}"#,
            r#"{"id": "1", "mail": null, "AdditionalProperties": {"mail": "m@x"}}"#,
            r#"{"AdditionalProperties": {"mail": "b@x"}, "additionalProperties": {"mail": "a@x"}}"#,
            r#"{"additionalProperties": null, "AdditionalProperties": {"jobTitle": "T"}}"#,
            r#"{"additionalProperties": {"bogus": 1}, "id": "1"}"#,
            r#"{"zebra": 1, "alpha": 2, "id": "1"}"#,
            r##"{"@odata.type": "#microsoft.graph.user", "extension_x": 1, "id": "1"}"##,
        ];
        for text in users {
            let object = located_json::from_str::<Object>(text).unwrap();
            let mut sorted: Vec<Entry> = object.0.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let in_key_order = sorted_fields(&sorted, "g.json", 0);
            match (fields(&object, "g.json", 0), in_key_order) {
                (Ok(read), Ok(expected)) => assert_eq!(slots(&read), slots(&expected), "{text}"),
                (Err(read), Err(expected)) => assert_eq!(read, expected, "{text}"),
                (read, expected) => panic!("{text}: {:?} against {:?}", read.err(), expected.err()),
            }
        }
        let plain = located_json::from_str::<Object>(users[0]).unwrap();
        assert!(fields_as_written(&plain).is_some());
        let twice = located_json::from_str::<Object>(users[1]).unwrap();
        assert!(fields_as_written(&twice).is_none());
    }

    const USERS: &str = r#"{"id": "1", "displayName": "Zoë 🦀", "jobTitle": "CEO", "manager": null},
  {"id":"2","displayName":"A \"B\" \u00e9\ud83e\udd80","jobTitle":"COO","manager":{"id":"1"}},
	{"id": "3", "displayName": "C", "employeeId": "12345", "manager": {"id": "2", "displayName": "x"}}"#;

    #[test]
    fn a_streamed_graph_file_reads_as_the_same_text_in_memory() {
        let page =
            |head: &str, tail: &str| format!("{{{head}\"value\": [\n  {USERS}\r\n]{tail}}}\n");
        let context = r#""@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users","#;
        let texts = [
            page(context, ""),
            page(
                "",
                r#", "@odata.nextLink": "https://x/next", "@odata.count": 12345"#,
            ),
            page(context, r#","@odata.count":1e3"#),
            page(context, r#","@odata.count":-1.5E-3"#),
            format!("[{USERS}]"),
            format!("\r\n [ {USERS} ] \r\n"),
            r#"{"id": "1", "displayName": "Solo", "manager": null}"#.to_owned(),
            // Errors, of the document and of a user, at every place.
            page(context, r#", "@odata.count": 12"#).replace("}\n", ""),
            page(context, "") + "x",
            page(context, r#", "value": []"#),
            page(r#""@odata.bogus": 1,"#, ""),
            page(context, "").replace(r#""id": "3""#, r#""id" "3""#),
            page(context, "").replace(r#""id": "3", "#, ""),
            page(context, "").replace("\\ud83e\\udd80", "\\ud83e"),
            page(context, "").replace("Zoë", "Zo\u{1}"),
            format!("{{\"value\": {}1{}}}", "[".repeat(200), "]".repeat(200)),
            r#"{"@odata.context": "x", "value": null}"#.to_owned(),
            r#"{"@odata.context": "x"}"#.to_owned(),
            format!("[{USERS}"),
            "12345".to_owned(),
            "  ".to_owned(),
            String::new(),
        ];
        // Padding moves where reads cut the text: every value meets a cut somewhere.
        let padded = (0..24).flat_map(|pad| {
            let text = texts.clone();
            text.into_iter()
                .map(move |t| t.replacen(',', &format!(",{}", " ".repeat(pad)), 3))
        });
        for (i, text) in padded.enumerate() {
            let whole = loaded(&text, Window::whole(&text));
            assert_eq!(whole.starts_with("Ok"), i % texts.len() < 7, "{whole}");
            for chunk in [1, 2, 3, 5, 7, 64] {
                let window = streamed(text.as_bytes(), chunk).unwrap();
                assert_eq!(loaded(&text, window), whole, "chunk {chunk}: {text}");
            }
        }
    }
}
