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
//!   Email: the `primary` entry of `emails`, else the first.
//! - Users with `active: false` are deprovisioned accounts: they are left out and recorded in
//!   `chart.left_out`, so someone still reporting to one gets an `unknown-manager` finding that
//!   says so. SCIM `roles` and `groups` are access rights, not executive roles: ignored.
//! - Each user's line is where its object starts; the manager reference is located at its
//!   `value`.

use super::chart_file::{loc, Id};
use super::{Departments, FunctionTable};
use crate::decode::{check_json_syntax, parse_yaml};
use crate::error::InputError;
use crate::model::{Chart, Person, Ref};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{HashMap, HashSet};

/// The SCIM enterprise user extension's schema URN (the key its attributes sit under).
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

#[derive(Deserialize)]
struct ListResponse {
    #[serde(rename = "Resources", alias = "resources", default)]
    resources: Vec<Spanned<User>>,
}

#[derive(Deserialize)]
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
}

#[derive(Deserialize)]
struct Name {
    formatted: Option<String>,
    #[serde(rename = "givenName")]
    given_name: Option<String>,
    #[serde(rename = "familyName")]
    family_name: Option<String>,
}

#[derive(Deserialize)]
struct Email {
    value: Option<String>,
    #[serde(default)]
    primary: bool,
}

#[derive(Deserialize)]
struct Enterprise {
    #[serde(rename = "employeeNumber")]
    employee_number: Option<Id>,
    department: Option<String>,
    manager: Option<Manager>,
}

#[derive(Deserialize)]
struct Manager {
    value: Option<Spanned<Id>>,
}

/// Whether JSON text is a SCIM user list rather than an orglint chart: a top-level array, or
/// an object with top-level `schemas` or `Resources` keys.
pub(crate) fn is_scim(text: &str) -> bool {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with('[') {
        return true;
    }
    // Cheap test first: a chart without these words is not parsed twice.
    if !(text.contains("\"Resources\"") || text.contains("\"schemas\"")) {
        return false;
    }
    #[derive(Deserialize)]
    struct Probe {
        schemas: Option<serde::de::IgnoredAny>,
        #[serde(rename = "Resources")]
        resources: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Probe>(text)
        .map(|p| p.schemas.is_some() || p.resources.is_some())
        .unwrap_or(false)
}

/// Loads a SCIM user list's text into `chart`.
pub(super) fn load(
    chart: &mut Chart,
    display: &str,
    text: &str,
    functions: &FunctionTable,
) -> Result<(), InputError> {
    // The YAML parser (kept for its line numbers) would also take trailing commas and
    // comments; SCIM is JSON.
    check_json_syntax(text, display)?;
    let users: Vec<Spanned<User>> = if text.trim_start().starts_with('[') {
        parse_yaml(text, display)?
    } else {
        parse_yaml::<ListResponse>(text, display)?.resources
    };
    let file = chart.add_source(display, super::kept_text(text));
    let mut departments = Departments::new(chart);
    let first_new = chart.people.len();
    // Other keys a manager value may use, each → the user's id (`None` when not unique).
    let mut other_keys: HashMap<String, Option<String>> = HashMap::new();
    for spanned in users {
        let at = loc(file, &spanned.referenced);
        let user = spanned.value;
        let enterprise = user.enterprise;
        let employee_number = enterprise
            .as_ref()
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
                InputError::new(
                    display,
                    at.line,
                    at.column,
                    "this SCIM user has no id: expected `id`, `userName` or `employeeNumber`",
                )
            })?;
        if user.active == Some(false) {
            chart
                .left_out
                .insert(id, "deactivated (SCIM active: false)".to_owned());
            continue;
        }
        for key in [&user.user_name, &user.external_id]
            .into_iter()
            .flatten()
            .map(|k| k.0.clone())
            .chain(employee_number)
        {
            if key != id {
                other_keys
                    .entry(key)
                    .and_modify(|owner| {
                        if owner.as_deref() != Some(id.as_str()) {
                            *owner = None;
                        }
                    })
                    .or_insert_with(|| Some(id.clone()));
            }
        }
        let name = user
            .display_name
            .filter(|n| !n.trim().is_empty())
            .or_else(|| {
                let name = user.name?;
                name.formatted.filter(|f| !f.trim().is_empty()).or_else(|| {
                    let joined = format!(
                        "{} {}",
                        name.given_name.unwrap_or_default(),
                        name.family_name.unwrap_or_default()
                    );
                    Some(joined.trim().to_owned()).filter(|j| !j.is_empty())
                })
            });
        let email = user
            .emails
            .iter()
            .find(|e| e.primary)
            .or(user.emails.first())
            .and_then(|e| e.value.clone());
        let (department, reports_to) = match enterprise {
            Some(e) => (
                e.department,
                e.manager
                    .and_then(|m| m.value)
                    .filter(|v| !v.value.0.trim().is_empty())
                    .map(|v| Ref::new(v.value.0.trim(), loc(file, &v.referenced))),
            ),
            None => (None, None),
        };
        let department =
            department.and_then(|d| departments.reference(chart, d.trim(), at, functions));
        chart.people.push(Person {
            id,
            name,
            title: user.title.filter(|t| !t.trim().is_empty()),
            reports_to,
            department,
            email,
            loc: at,
            ..Person::default()
        });
    }
    let ids: HashSet<String> = chart.people[first_new..]
        .iter()
        .map(|p| p.id.clone())
        .collect();
    for person in &mut chart.people[first_new..] {
        if let Some(manager) = &mut person.reports_to {
            if !ids.contains(&manager.id) {
                if let Some(Some(id)) = other_keys.get(&manager.id) {
                    manager.id = id.clone();
                }
            }
        }
    }
    Ok(())
}
