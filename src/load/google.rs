//! Google Workspace users CSV, as the admin console downloads it (Users → Download users):
//! recognised by its `Email Address [Required]` and `Manager Email` headers.
//!
//! - The id is `Email Address [Required]`; the manager is `Manager Email`, an email too,
//!   matched to an id ignoring case (email addresses are case-insensitive in practice; an
//!   exact match wins).
//! - Name: `First Name [Required]` and `Last Name [Required]`; `Employee Title`;
//!   `Department`. A user whose `Status [READ ONLY]` is `Suspended` or `Archived`, or whom the
//!   config's `exclude:` list matches, is left out, counted and recorded in `chart.left_out`
//!   ([`super::accounts`]), like inactive SCIM users. The other columns are not read, and
//!   reports list them (a header written twice is an input error, as in every table).

use super::accounts::{self, Account};
use super::table::{cell, cell_start, Table};
use super::{Departments, Exclusions, Vocabulary};
use crate::error::InputError;
use crate::model::{Chart, Loc, Person, Ref};
use crate::record::{AccountDraft, ManagerDraft};
use std::collections::HashMap;

/// Recognises the admin console's header (normalised names).
pub(crate) fn detect(table: &Table) -> bool {
    table.has("emailaddress[required]") && table.has("manageremail")
}

pub(crate) fn load(
    chart: &mut Chart,
    table: &mut Table,
    known: &Vocabulary,
    exclusions: &Exclusions,
) -> Result<(), InputError> {
    table.check_unique_headers()?;
    let column = |name: &str| table.column(&[name]);
    let email = column("emailaddress[required]");
    let manager = column("manageremail");
    let first = column("firstname[required]");
    let last = column("lastname[required]");
    let title = column("employeetitle");
    let department = column("department");
    let status = column("status[readonly]");
    // Read by `reconcile` only: `check` lists it among the columns nobody reads.
    let employee_id = column("employeeid");
    let reconciled = employee_id.filter(|_| chart.reconcile.is_some());
    let read = [
        email, manager, first, last, title, department, status, reconciled,
    ];
    let mut unread = table.unread_columns(read, &known.titles);
    let (display, file) = (table.display, table.file);
    let first_new = chart.people.len();
    let mut departments = Departments::new(chart);
    table.for_each_row(|record, line, starts| {
        let loc = Loc {
            file,
            line,
            column: 0,
        };
        // Where a column's cell starts on this row: findings about it point there.
        let at = |column: Option<usize>| Loc {
            column: cell_start(starts, column).unwrap_or(0),
            ..loc
        };
        let id = cell(record, email);
        if id.is_empty() {
            return Err(InputError::new(
                display,
                line,
                0,
                "this user has no `Email Address [Required]`: every row needs one",
            ));
        }
        let name = format!("{} {}", cell(record, first), cell(record, last));
        let state = cell(record, status);
        let suspended = ["suspended", "archived"]
            .iter()
            .any(|s| state.eq_ignore_ascii_case(s));
        let account = Account {
            enabled: (!state.is_empty()).then_some(!suspended),
            id: Some(id),
            email: Some(id),
            name: Some(name.trim()),
            ..Account::default()
        };
        let left_out = account.left_out(exclusions);
        if chart.reconcile.is_some() {
            let manager_email = cell(record, manager);
            let draft = AccountDraft {
                key: id,
                left_out,
                enabled: account.enabled,
                employee_number: Some(cell(record, employee_id)),
                emails: vec![id],
                name: account.name,
                title: Some(cell(record, title)),
                department: Some(cell(record, department)),
                manager: Some(ManagerDraft::Email(manager_email))
                    .filter(|_| !manager_email.is_empty()),
                manager_field: true,
                loc,
                ..AccountDraft::default()
            };
            crate::record::keep_account(chart, draft, left_out.is_none());
        }
        if let Some(why) = left_out {
            let disabled = if state.eq_ignore_ascii_case("archived") {
                "an archived account (Status: Archived)"
            } else {
                "a suspended account (Status: Suspended)"
            };
            accounts::record(chart, why, Some(id), disabled);
            return Ok(());
        }
        let manager_at = at(manager);
        let manager = cell(record, manager);
        let department_at = at(department);
        let department = departments.reference(
            chart,
            cell(record, department),
            department_at,
            &known.functions,
        );
        let title = Some(cell(record, title).into()).filter(|t: &crate::model::Text| !t.is_empty());
        match title {
            Some(_) => unread.titles_seen(),
            None => unread.look_at(record),
        }
        chart.people.push(Person {
            id: id.into(),
            name: Some(name.trim().into()).filter(|n: &crate::model::Text| !n.is_empty()),
            title,
            reports_to: (!manager.is_empty()).then(|| Ref::new(manager, manager_at)),
            department,
            email: Some(id.into()),
            loc,
            ..Person::default()
        });
        Ok(())
    })?;
    unread.record(chart);
    resolve_case(chart, first_new);
    Ok(())
}

/// Points each manager email that matches no id exactly at the one id (of the people loaded
/// since `first_new`, or left out) that it matches ignoring case.
fn resolve_case(chart: &mut Chart, first_new: usize) {
    let mut folded: HashMap<String, Option<String>> = HashMap::new();
    let ids = chart.people[first_new..]
        .iter()
        .map(|p| p.id.as_str())
        .chain(chart.left_out.keys().map(String::as_str));
    for id in ids {
        folded
            .entry(id.to_lowercase())
            .and_modify(|owner| {
                if owner.as_deref() != Some(id) {
                    *owner = None;
                }
            })
            .or_insert_with(|| Some(id.to_owned()));
    }
    let exact: std::collections::HashSet<String> = chart.people[first_new..]
        .iter()
        .map(|p| p.id.to_string())
        .chain(chart.left_out.keys().cloned())
        .collect();
    for person in &mut chart.people[first_new..] {
        if let Some(manager) = &mut person.reports_to {
            if !exact.contains(manager.id.as_str()) {
                if let Some(Some(id)) = folded.get(&manager.id.as_str().to_lowercase()) {
                    manager.id = id.into();
                }
            }
        }
    }
}
