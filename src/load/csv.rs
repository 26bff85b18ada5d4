//! CSV and TSV exports (SPEC §3): one row a position, columns found by normalised header name
//! or named in the config's `csv.columns`. Reading the table (encoding, delimiter, quoting,
//! line numbers) is [`super::table`]'s job; telling an organogram from a generic export is
//! [`super::detect`]'s.
//!
//! Decisions worth knowing:
//! - Text is UTF-8 (a BOM is dropped); UTF-16 with a BOM (Excel's "Unicode text") is decoded;
//!   anything else that is not valid UTF-8 is read as Windows-1252 (a superset of Latin-1), the
//!   encoding of older Excel exports, so `£` and accented names survive.
//! - `.csv` files whose header has no comma but a `;` or a tab use that as the delimiter
//!   (European Excel writes `;`).
//! - A person's line is the physical line where their row starts, even after quoted fields
//!   with line breaks.
//! - Multi-valued cells: `roles` and `owns` split on `;` and `,` (role and responsibility ids
//!   never contain commas). `dotted_lines` split on `;`; a remaining entry with commas is split
//!   on them only when it is not itself an id and every part is one (see [`super::finish`]),
//!   because ids such as `Smith, Jane` do contain commas.
//! - A manager cell that is a root marker (default: empty, `XX`, `-1`, `0`; any case) means top
//!   of the chart; the marker `self` makes someone listed as their own manager a top.
//! - A row whose cells are all empty is skipped; a row with data but no id is an input error.
//! - A directory download's `Enabled`, `accountEnabled` or `Account Status` column says which
//!   accounts are disabled: those rows, and rows the config's `exclude:` list matches, are
//!   left out and counted ([`super::accounts`]).

use super::accounts::{self, Account};
use super::table::{cell, cell_start, Table};
use super::{is_vacant_name, CsvOptions, Departments, Exclusions, Vocabulary};
use crate::error::InputError;
use crate::model::{Chart, Loc, Person, Ref, Text};
use std::borrow::Cow;

/// The person fields a CSV column can fill; `key` is the name used in `csv.columns`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Id,
    Manager,
    Name,
    Title,
    Department,
    DottedLines,
    Roles,
    Owns,
    Vacant,
    Assistant,
    Email,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Id,
        Field::Manager,
        Field::Name,
        Field::Title,
        Field::Department,
        Field::DottedLines,
        Field::Roles,
        Field::Owns,
        Field::Vacant,
        Field::Assistant,
        Field::Email,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Manager => "manager",
            Field::Name => "name",
            Field::Title => "title",
            Field::Department => "department",
            Field::DottedLines => "dotted_lines",
            Field::Roles => "roles",
            Field::Owns => "owns",
            Field::Vacant => "vacant",
            Field::Assistant => "assistant",
            Field::Email => "email",
        }
    }

    /// Normalised header names that mean this field, the more specific first (a file with
    /// both `Manager ID` and `Manager` takes the id column). Workday (`Employee_ID`,
    /// `Business_Title`, `Manager_ID`, `Supervisory_Organization`), BambooHR (`Employee #`,
    /// `Supervisor EID`, `Job Title`), Visio's org chart wizard (`Employee ID`, `Reports_To`)
    /// and OrgChart-style (`id`, `pid`, `Parent ID`, `Position Number`) layouts are covered.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "employeeid",
                "employeenumber",
                "employeeno",
                "employee#",
                "eeid",
                "personid",
                "personnumber",
                "workerid",
                "staffid",
                "staffnumber",
                "userid",
                "uniqueid",
                "positionid",
                "positionnumber",
                "postuniquereference",
            ],
            Field::Manager => &[
                "managerid",
                "manageremployeeid",
                "manageremployeenumber",
                "managerworkerid",
                "supervisorid",
                "supervisoreid",
                "supervisoremployeeid",
                "parentid",
                "pid",
                "reportstoid",
                "reportstoemployeeid",
                "reportstopositionnumber",
                "reportstoposition",
                "reportstoseniorpost",
                "reportingseniorpost",
                // A manager's email, then a column that may hold ids or names, then names
                // (SPEC §3: an id column wins over an email column over a name column).
                "manageremail",
                "manageremailaddress",
                "supervisoremail",
                "supervisoremailaddress",
                "linemanageremail",
                "reportstoemail",
                "reportsto",
                "manager",
                "linemanager",
                "parent",
                "managername",
                "managerfullname",
                "supervisorname",
                "linemanagername",
                "reportstoname",
                "supervisor",
                // BambooHR's name column beside `Supervisor EID`.
                "reportingto",
            ],
            Field::Name => &[
                "name",
                "fullname",
                "employeename",
                "workername",
                "displayname",
                "preferredname",
                "worker",
            ],
            Field::Title => &[
                "title",
                "jobtitle",
                "businesstitle",
                "positiontitle",
                "position",
                "jobprofile",
            ],
            Field::Department => &[
                "department",
                "dept",
                "departmentname",
                "unit",
                "team",
                "supervisoryorganization",
                "division",
            ],
            Field::DottedLines => &[
                "dottedlines",
                "dottedline",
                "dottedlinemanager",
                "dottedlinemanagers",
                "dottedlineid",
                "dottedlineids",
                "matrixmanager",
            ],
            Field::Roles => &["roles"],
            Field::Owns => &["owns", "responsibilities"],
            Field::Vacant => &["vacant", "isvacant", "vacancy"],
            Field::Assistant => &["assistant", "isassistant"],
            Field::Email => &[
                "email",
                "workemail",
                "emailwork",
                "emailaddress",
                "contactemail",
            ],
        }
    }
}

/// A directory download's enabled-state column (Entra's `accountEnabled`, `Get-ADUser`'s
/// `Enabled`, others' `Account Status`), if the file has one.
struct EnabledColumn {
    column: Option<usize>,
    /// The header as written, for messages.
    header: String,
}

impl EnabledColumn {
    fn find(table: &Table) -> EnabledColumn {
        let column = table.column(&["enabled", "accountenabled", "accountstatus"]);
        let header = column.and_then(|c| table.headers.get(c)).cloned();
        EnabledColumn {
            column,
            header: header.unwrap_or_default(),
        }
    }

    /// Whether a row's account is left out (disabled, or matched by `exclude:`), counted if so.
    fn leaves_out(&self, chart: &mut Chart, account: &Account, exclusions: &Exclusions) -> bool {
        let Some(why) = account.left_out(exclusions) else {
            return false;
        };
        let disabled = format!("a disabled account ({} says so)", self.header);
        accounts::record(chart, why, account.id, &disabled);
        true
    }

    /// A row's enabled state: `None` without the column or with a blank cell; a value that
    /// says neither is an input error at its cell.
    fn state(
        &self,
        record: &::csv::StringRecord,
        line: u32,
        starts: &[u32],
        display: &str,
    ) -> Result<Option<bool>, InputError> {
        accounts::parse_enabled(cell(record, self.column)).map_err(|()| {
            let column = cell_start(starts, self.column);
            InputError::new(
                display,
                line,
                column.unwrap_or(0),
                format!(
                    "column {:?} says neither enabled nor disabled: expected true/false, \
                     Enabled/Disabled or Active/Inactive",
                    self.header
                ),
            )
        })
    }
}

fn non_empty(text: &str) -> Option<Text> {
    (!text.is_empty()).then(|| text.into())
}

/// Splits a multi-valued cell on `;` (and on `,` when `commas`), dropping empty parts.
fn split_list(text: &str, commas: bool) -> impl Iterator<Item = &str> {
    text.split(move |c| c == ';' || (commas && c == ','))
        .map(str::trim)
        .filter(|part| !part.is_empty())
}

/// Reads a yes/no cell; `None` for a value that is neither.
fn parse_flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" | "f" | "filled" => Some(false),
        "true" | "yes" | "y" | "1" | "t" | "x" | "vacant" | "assistant" => Some(true),
        _ => None,
    }
}

/// Manager values that mean "top of the chart".
pub(crate) struct RootMarkers {
    markers: Vec<String>,
    /// `self` was listed: a person reporting to themselves is a top.
    pub self_is_top: bool,
}

impl RootMarkers {
    pub const DEFAULT: [&'static str; 4] = ["", "XX", "-1", "0"];

    pub fn new(configured: Option<&[String]>) -> RootMarkers {
        let mut markers: Vec<String> = match configured {
            Some(list) => list.iter().map(|m| m.trim().to_owned()).collect(),
            None => RootMarkers::DEFAULT
                .iter()
                .map(|m| (*m).to_owned())
                .collect(),
        };
        let self_is_top = markers.iter().any(|m| m.eq_ignore_ascii_case("self"));
        markers.retain(|m| !m.eq_ignore_ascii_case("self"));
        RootMarkers {
            markers,
            self_is_top,
        }
    }

    pub fn is_root(&self, manager: &str) -> bool {
        self.markers.iter().any(|m| m.eq_ignore_ascii_case(manager))
    }

    /// The manager reference for a trimmed manager cell, `None` for a top.
    pub fn manager_ref(&self, manager: &str, own_id: &str, loc: Loc) -> Option<Ref> {
        if self.is_root(manager) || (self.self_is_top && manager == own_id) {
            None
        } else {
            Some(Ref::new(manager, loc))
        }
    }

    /// [`Self::manager_ref`] for the person about to be added to `chart`; a non-empty marker
    /// is remembered, so that it names a person if one has it as id ([`super::finish`]).
    pub fn manager_of_next(
        &self,
        chart: &mut Chart,
        manager: &str,
        own_id: &str,
        loc: Loc,
    ) -> Option<Ref> {
        let reference = self.manager_ref(manager, own_id, loc);
        if reference.is_none() && !manager.is_empty() && manager != own_id {
            let at = chart.people.len() as u32;
            chart
                .root_marker_managers
                .push((at, Ref::new(manager, loc)));
        }
        reference
    }
}

/// The column of each field, by the config's mapping or else by header name.
struct Columns {
    of: [Option<usize>; 11],
    first_name: Option<usize>,
    last_name: Option<usize>,
    /// The other manager columns, in precedence order (SPEC §3: id, then email, then name):
    /// a row whose manager cell is blank takes the first of them that is filled.
    manager_fallbacks: Vec<usize>,
}

impl Columns {
    fn find(table: &Table, options: &CsvOptions) -> Result<Columns, InputError> {
        let mut of = [None; 11];
        for (slot, field) in of.iter_mut().zip(Field::ALL) {
            *slot = match options.columns.get(field.key()) {
                Some(header) => Some(table.named_column(field.key(), header)?),
                None => table.column(field.aliases()),
            };
        }
        let mut manager_fallbacks = table.columns(Field::Manager.aliases());
        manager_fallbacks.retain(|&c| Some(c) != of[Field::Manager as usize]);
        let columns = Columns {
            of,
            first_name: table.column(&["firstname", "givenname", "legalfirstname"]),
            last_name: table.column(&["lastname", "familyname", "surname", "legallastname"]),
            manager_fallbacks,
        };
        for field in [Field::Id, Field::Manager] {
            if columns.get(field).is_none() {
                let key = field.key();
                let examples = field.aliases()[..6].join(", ");
                return Err(table.header_error(&format!(
                    "no {key} column found: expected a header such as {examples} (case, spaces, _ and - ignored), or set csv.columns.{key} in orglint.yaml"
                )));
            }
        }
        Ok(columns)
    }

    fn get(&self, field: Field) -> Option<usize> {
        self.of[field as usize]
    }

    /// Every column some field reads.
    fn read(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        let names = [self.first_name, self.last_name];
        let fallbacks = self.manager_fallbacks.iter().copied().map(Some);
        self.of.iter().copied().chain(names).chain(fallbacks)
    }

    /// The column a row's manager is read from: the manager column, else (when its cell is
    /// blank) the first fallback column that is filled.
    fn manager_of(&self, record: &::csv::StringRecord) -> Option<usize> {
        let primary = self.get(Field::Manager);
        if !cell(record, primary).is_empty() {
            return primary;
        }
        let mut fallbacks = self.manager_fallbacks.iter().copied();
        fallbacks
            .find(|&c| !cell(record, Some(c)).is_empty())
            .or(primary)
    }
}

pub(super) fn load(
    chart: &mut Chart,
    table: &mut Table,
    options: &CsvOptions,
    known: &Vocabulary,
    exclusions: &Exclusions,
) -> Result<(), InputError> {
    let columns = Columns::find(table, options)?;
    table.check_unique_headers()?;
    let enabled_column = EnabledColumn::find(table);
    let read = columns.read().chain([enabled_column.column]);
    let mut unread = table.unread_columns(read, &known.titles);
    let roots = RootMarkers::new(options.root_markers.as_deref());
    let mut departments = Departments::new(chart);
    let (display, file, redact) = (table.display, table.file, table.redact);
    let flag_column_name = |field: Field| {
        columns
            .get(field)
            .and_then(|c| table.headers.get(c))
            .cloned()
            .unwrap_or_default()
    };
    let vacant_header = flag_column_name(Field::Vacant);
    let assistant_header = flag_column_name(Field::Assistant);
    chart.people.reserve(table.rows_left_estimate());
    table.for_each_row(|record, line, starts| {
        // Where a cell starts: findings about it point there.
        let at_column = |column: Option<usize>| Loc {
            file,
            line,
            column: cell_start(starts, column).unwrap_or(0),
        };
        let at = |field: Field| at_column(columns.get(field));
        let get = |field: Field| cell(record, columns.get(field));
        let id = get(Field::Id);
        let flag = |field: Field, header: &str| {
            let text = get(field);
            parse_flag(text).ok_or_else(|| {
                let value = if redact {
                    "a value (not shown under --redact)".to_owned()
                } else {
                    format!("{:?}", crate::text::truncate(text, 40))
                };
                InputError::new(
                    display,
                    line,
                    at(field).column,
                    format!("column {header:?} has {value}: expected yes/no, true/false or 1/0"),
                )
            })
        };
        // Borrowed from the row unless built from first and last names: no copy a person.
        let mut name = Cow::Borrowed(get(Field::Name));
        if name.is_empty() {
            let first = cell(record, columns.first_name);
            let last = cell(record, columns.last_name);
            name = Cow::Owned(format!("{first} {last}").trim().to_owned());
        }
        let account = Account {
            enabled: enabled_column.state(record, line, starts, display)?,
            id: Some(id).filter(|id| !id.is_empty()),
            email: Some(get(Field::Email)).filter(|e| !e.is_empty()),
            name: Some(name.as_ref()),
            ..Account::default()
        };
        // Before the id is required: a service account the config excludes may have none.
        if enabled_column.leaves_out(chart, &account, exclusions) {
            return Ok(());
        }
        if id.is_empty() {
            return Err(InputError::new(
                display,
                line,
                at(Field::Id).column,
                "this row has no id: every row needs a value in the id column",
            ));
        }
        let mut vacant = flag(Field::Vacant, &vacant_header)?;
        if is_vacant_name(&name) {
            vacant = true;
            name = Cow::Borrowed("");
        }
        let roles: Option<Box<[Ref]>> = columns.get(Field::Roles).and_then(|_| {
            let text = get(Field::Roles);
            (!text.is_empty()).then(|| {
                split_list(text, true)
                    .map(|role| Ref::new(role, at(Field::Roles)))
                    .collect()
            })
        });
        let title = non_empty(get(Field::Title));
        if title.is_some() || roles.is_some() {
            unread.titles_seen();
        } else {
            unread.look_at(record);
        }
        let department = departments.reference(
            chart,
            get(Field::Department),
            at(Field::Department),
            &known.functions,
        );
        let manager = columns.manager_of(record);
        let reports_to =
            roots.manager_of_next(chart, cell(record, manager), id, at_column(manager));
        chart.people.push(Person {
            id: id.into(),
            name: non_empty(&name),
            title,
            roles,
            reports_to,
            dotted_lines: split_list(get(Field::DottedLines), false)
                .map(|d| Ref::new(d, at(Field::DottedLines)))
                .collect(),
            department,
            owns: split_list(get(Field::Owns), true)
                .map(|o| Ref::new(o, at(Field::Owns)))
                .collect(),
            vacant,
            assistant: flag(Field::Assistant, &assistant_header)?,
            email: non_empty(get(Field::Email)),
            // A person is located at their id cell.
            loc: at(Field::Id),
            ..Person::default()
        });
        Ok(())
    })?;
    unread.record(chart);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_semicolons_and_commas_only_when_asked() {
        let parts: Vec<&str> = split_list(" a; b ,c;;", true).collect();
        assert_eq!(parts, ["a", "b", "c"]);
        let parts: Vec<&str> = split_list("Smith, Jane; Lee, Kim", false).collect();
        assert_eq!(parts, ["Smith, Jane", "Lee, Kim"]);
    }

    #[test]
    fn root_markers_default_and_self() {
        let defaults = RootMarkers::new(None);
        assert!(defaults.is_root("xx") && defaults.is_root("") && defaults.is_root("-1"));
        assert!(!defaults.is_root("e1"));
        let loc = Loc::default();
        assert!(defaults.manager_ref("e1", "e1", loc).is_some());
        let configured = RootMarkers::new(Some(&["none".to_owned(), "SELF".to_owned()]));
        assert!(configured.manager_ref("e1", "e1", loc).is_none());
        assert!(configured.manager_ref("NONE", "e1", loc).is_none());
        assert!(configured.manager_ref("", "e1", loc).is_some());
    }
}
