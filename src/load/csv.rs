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

use super::accounts::{self, Account, AccountKind};
use super::directory_csv::DirectoryColumns;
use super::record_status::{self, StatusColumns};
use super::table::{cell, cell_start, Row as Record, Table, UnreadColumns};
use super::{is_vacant_name, CsvOptions, Departments, Exclusions, Vocabulary};
use crate::error::InputError;
use crate::model::{Chart, Date, Directory, LeftOut, Loc, Person, Ref, SourceId, Text};
use crate::record::AccountDraft;

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
    /// What `reconcile` matches directory accounts by first; may be the id column.
    EmployeeNumber,
}

impl Field {
    pub const ALL: [Field; 12] = [
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
        Field::EmployeeNumber,
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
            Field::EmployeeNumber => "employee_number",
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
            // Never a position column: a post's number is no person's.
            Field::EmployeeNumber => &[
                "employee#",
                "employeeid",
                "employeenumber",
                "eeid",
                "workerid",
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

    /// Counts a row left out as `why` (disabled, a guest, matched by `exclude:`) and records
    /// why under its id.
    fn record(&self, chart: &mut Chart, why: LeftOut, id: Option<&str>) {
        let disabled = format!("a disabled account ({} says so)", self.header);
        accounts::record(chart, why, id, &disabled);
    }

    /// A row's enabled state: `None` without the column or with a blank cell; a value that
    /// says neither is an input error at its cell.
    fn state(
        &self,
        record: &Record,
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
    const NO: [&str; 7] = ["", "false", "no", "n", "0", "f", "filled"];
    const YES: [&str; 8] = ["true", "yes", "y", "1", "t", "x", "vacant", "assistant"];
    // Compared without a lower-cased copy: two flags a row, a million rows.
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    match () {
        _ if is(&NO) => Some(false),
        _ if is(&YES) => Some(true),
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
    of: [Option<usize>; 12],
    first_name: Option<usize>,
    last_name: Option<usize>,
    /// The other manager columns, in precedence order (SPEC §3: id, then email, then name):
    /// a row whose manager cell is blank takes the first of them that is filled.
    manager_fallbacks: Vec<usize>,
}

impl Columns {
    fn find(
        table: &Table,
        options: &CsvOptions,
        manager_optional: bool,
    ) -> Result<Columns, InputError> {
        let mut of = [None; 12];
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
            let optional = field == Field::Manager && manager_optional;
            if columns.get(field).is_none() && !optional {
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

    /// Every column some field reads; the employee number only when `reconciling` (`check`
    /// lists it among the columns nobody reads).
    fn read(&self, reconciling: bool) -> impl Iterator<Item = Option<usize>> + '_ {
        let names = [self.first_name, self.last_name];
        let fallbacks = self.manager_fallbacks.iter().copied().map(Some);
        let fields = self.of.iter().copied().zip(Field::ALL);
        let read = fields.filter_map(move |(column, field)| {
            (reconciling || field != Field::EmployeeNumber).then_some(column)
        });
        read.chain(names).chain(fallbacks)
    }

    /// The column a row's manager is read from: the manager column, else (when its cell is
    /// blank) the first fallback column that is filled.
    fn manager_of(&self, record: &Record) -> Option<usize> {
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
    today: Date,
) -> Result<(), InputError> {
    let directory = DirectoryColumns::find(table);
    // `reconcile` reads a directory download without a manager column (Entra's).
    let manager_optional = directory.is_some() && chart.reconcile.is_some();
    let columns = Columns::find(table, options, manager_optional)?;
    table.check_unique_headers()?;
    let enabled = EnabledColumn::find(table);
    let status = StatusColumns::find(table, today)?;
    let status_columns: Vec<Option<usize>> = status.iter().flat_map(|s| s.read()).collect();
    let reconciling = chart.reconcile.is_some();
    let directory_columns = directory.iter().flat_map(|d| d.read(reconciling));
    let read = columns
        .read(reconciling)
        .chain([enabled.column])
        .chain(status_columns);
    let read = read.chain(directory_columns);
    let mut unread = table.unread_columns(read, &known.titles);
    let header_of = |field: Field| {
        let column = columns.get(field);
        column.and_then(|c| table.headers.get(c)).cloned()
    };
    let mut reader = RowReader {
        vacant_header: header_of(Field::Vacant).unwrap_or_default(),
        assistant_header: header_of(Field::Assistant).unwrap_or_default(),
        columns,
        enabled,
        status,
        roots: RootMarkers::new(options.root_markers.as_deref()),
        departments: Departments::new(chart),
        display: table.display,
        file: table.file,
        redact: table.redact,
        known,
        exclusions,
        directory,
    };
    chart.people.reserve(table.rows_left_estimate());
    table.for_each_row(|record, line, starts| {
        let row = Row {
            record,
            line,
            starts,
        };
        reader.read(chart, &row, &mut unread)
    })?;
    unread.record(chart);
    if let Some(status) = reader.status {
        status.note_unknown(chart, table);
    }
    Ok(())
}

/// One row of the table, with where its cells start.
struct Row<'r> {
    record: &'r Record<'r>,
    line: u32,
    starts: &'r [u32],
}

/// What a file's rows are read with.
struct RowReader<'a> {
    columns: Columns,
    enabled: EnabledColumn,
    status: Option<StatusColumns>,
    roots: RootMarkers,
    departments: Departments,
    vacant_header: String,
    assistant_header: String,
    display: &'a str,
    file: SourceId,
    redact: bool,
    known: &'a Vocabulary,
    exclusions: &'a Exclusions,
    /// A directory download's own columns ([`DirectoryColumns`]).
    directory: Option<DirectoryColumns>,
}

impl RowReader<'_> {
    /// Where a cell of `column` starts on the row: findings about it point there.
    fn at_column(&self, row: &Row, column: Option<usize>) -> Loc {
        Loc {
            file: self.file,
            line: row.line,
            column: cell_start(row.starts, column).unwrap_or(0),
        }
    }

    fn at(&self, row: &Row, field: Field) -> Loc {
        self.at_column(row, self.columns.get(field))
    }

    fn get<'r>(&self, row: &Row<'r>, field: Field) -> &'r str {
        cell(row.record, self.columns.get(field))
    }

    /// A yes/no cell; a value that is neither is an input error at the cell.
    fn flag(&self, row: &Row, field: Field, header: &str) -> Result<bool, InputError> {
        let text = self.get(row, field);
        parse_flag(text).ok_or_else(|| {
            let value = if self.redact {
                "a value (not shown under --redact)".to_owned()
            } else {
                format!("{:?}", crate::text::truncate(text, 40))
            };
            InputError::new(
                self.display,
                row.line,
                self.at(row, field).column,
                format!("column {header:?} has {value}: expected yes/no, true/false or 1/0"),
            )
        })
    }

    /// The row's name: its name column, else first and last name.
    fn name<'r>(&self, row: &Row<'r>) -> std::borrow::Cow<'r, str> {
        let name = self.get(row, Field::Name);
        if !name.is_empty() {
            // Borrowed from the row: a million names are not copied twice.
            return name.into();
        }
        let first = cell(row.record, self.columns.first_name);
        let last = cell(row.record, self.columns.last_name);
        format!("{first} {last}").trim().to_owned().into()
    }

    /// Reads one row: a person, a record row that is no current person, or a directory
    /// account left out.
    fn read(
        &mut self,
        chart: &mut Chart,
        row: &Row,
        unread: &mut UnreadColumns,
    ) -> Result<(), InputError> {
        let mut id = self.get(row, Field::Id);
        if let (true, Some(directory)) = (id.is_empty(), &self.directory) {
            id = directory.fallback_id(row.record);
        }
        let name = self.name(row);
        let account = Account {
            kind: self
                .directory
                .as_ref()
                .map_or(AccountKind::Person, |d| d.kind(row.record)),
            enabled: self
                .enabled
                .state(row.record, row.line, row.starts, self.display)?,
            id: Some(id).filter(|id| !id.is_empty()),
            email: Some(self.get(row, Field::Email)).filter(|e| !e.is_empty()),
            name: Some(&*name),
            ..Account::default()
        };
        // Before the id is required: a service account the config excludes may have none.
        if let Some(why) = account.left_out(self.exclusions) {
            let kept = self.keep_account(chart, row, &account, Some(why));
            if let Some(directory) = &self.directory {
                let at = self.at(row, Field::Id);
                directory.register_dn(chart, row.record, id, Some((why, at)), kept);
            }
            self.enabled.record(chart, why, account.id);
            return Ok(());
        }
        if id.is_empty() {
            return Err(InputError::new(
                self.display,
                row.line,
                self.at(row, Field::Id).column,
                "this row has no id: every row needs a value in the id column",
            ));
        }
        let status = match &mut self.status {
            Some(status) => status.of_row(row.record, row.line, row.starts, self.display)?,
            None => None,
        };
        let person = self.person(chart, row, id, &name, status.is_none(), unread)?;
        // Read for `reconcile` and for folding a directory's accounts: `check` of a record
        // pays nothing for it.
        let wanted = chart.reconcile.is_some() || self.directory.is_some();
        let number = self
            .columns
            .get(Field::EmployeeNumber)
            .filter(|_| wanted)
            .and_then(|_| accounts::employee_number(self.get(row, Field::EmployeeNumber)));
        match status {
            Some(status) => record_status::leave_out(chart, person, number, status),
            None => {
                let kept = self.keep_account(chart, row, &account, None);
                if let Some(directory) = &self.directory {
                    // One employee's accounts are one person, as in every directory.
                    accounts::note_employee_number(chart, Directory::Csv, number.as_deref(), id);
                    directory.register_dn(chart, row.record, id, None, kept);
                    let manager = person.reports_to.as_ref().map_or("", |m| m.id.as_str());
                    if directory.manager_is_dn(manager) {
                        chart.pending.dn_managers.push(chart.people.len());
                    }
                }
                crate::record::keep_employee_number(chart, number);
                chart.people.push(person);
            }
        }
        Ok(())
    }

    /// Keeps a directory download's row for `reconcile`, when loading keeps its data;
    /// returns its account index.
    fn keep_account(
        &self,
        chart: &mut Chart,
        row: &Row,
        account: &Account,
        left_out: Option<LeftOut>,
    ) -> Option<u32> {
        let directory = self
            .directory
            .as_ref()
            .filter(|_| chart.reconcile.is_some())?;
        let number = self
            .columns
            .get(Field::EmployeeNumber)
            .map(|c| cell(row.record, Some(c)));
        let draft = AccountDraft {
            key: account.id.unwrap_or_default(),
            left_out,
            kind: account.kind,
            enabled: account.enabled,
            employee_number: number,
            emails: account.email.into_iter().collect(),
            name: account.name,
            title: Some(self.get(row, Field::Title)),
            department: Some(self.get(row, Field::Department)),
            loc: self.at(row, Field::Id),
            ..AccountDraft::default()
        };
        let manager = self.columns.manager_of(row.record);
        directory.keep(chart, row.record, draft, manager)
    }

    /// The person of a row. A `current` person's department is interned and a root marker
    /// remembered; a leaver's or future starter's are only read.
    fn person(
        &mut self,
        chart: &mut Chart,
        row: &Row,
        id: &str,
        name: &str,
        current: bool,
        unread: &mut UnreadColumns,
    ) -> Result<Person, InputError> {
        let mut vacant = self.flag(row, Field::Vacant, &self.vacant_header)?;
        let mut name = name;
        if is_vacant_name(name) {
            vacant = true;
            name = "";
        }
        let roles: Option<Box<[Ref]>> = self.columns.get(Field::Roles).and_then(|_| {
            let text = self.get(row, Field::Roles);
            (!text.is_empty()).then(|| {
                split_list(text, true)
                    .map(|role| Ref::new(role, self.at(row, Field::Roles)))
                    .collect()
            })
        });
        let title = non_empty(self.get(row, Field::Title));
        if title.is_some() || roles.is_some() {
            unread.titles_seen();
        } else {
            unread.look_at(row.record);
        }
        let department_value = self.get(row, Field::Department);
        let department_at = self.at(row, Field::Department);
        let department = match current {
            true => self.departments.reference(
                chart,
                department_value,
                department_at,
                &self.known.functions,
            ),
            false => non_empty(department_value).map(|d| Ref::new(d, department_at)),
        };
        let manager = self.columns.manager_of(row.record);
        let (manager_value, manager_at) = (cell(row.record, manager), self.at_column(row, manager));
        let reports_to = match current {
            true => self
                .roots
                .manager_of_next(chart, manager_value, id, manager_at),
            false => self.roots.manager_ref(manager_value, id, manager_at),
        };
        Ok(Person {
            id: id.into(),
            name: non_empty(name),
            title,
            roles,
            reports_to,
            dotted_lines: split_list(self.get(row, Field::DottedLines), false)
                .map(|d| Ref::new(d, self.at(row, Field::DottedLines)))
                .collect(),
            department,
            owns: split_list(self.get(row, Field::Owns), true)
                .map(|o| Ref::new(o, self.at(row, Field::Owns)))
                .collect(),
            vacant,
            assistant: self.flag(row, Field::Assistant, &self.assistant_header)?,
            email: non_empty(self.get(row, Field::Email)),
            // A person is located at their id cell.
            loc: self.at(row, Field::Id),
            ..Person::default()
        })
    }
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
    fn flags_are_read_whatever_their_case() {
        for (text, flag) in [
            ("", Some(false)),
            ("No", Some(false)),
            ("FILLED", Some(false)),
        ] {
            assert_eq!(parse_flag(text), flag, "{text:?}");
        }
        for (text, flag) in [
            ("Yes", Some(true)),
            ("x", Some(true)),
            ("Vacant", Some(true)),
        ] {
            assert_eq!(parse_flag(text), flag, "{text:?}");
        }
        assert_eq!(parse_flag("maybe"), None);
        assert_eq!(parse_flag("yes "), None, "cells are trimmed before");
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
