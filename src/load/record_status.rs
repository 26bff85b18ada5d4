//! Record status (SPEC §10) of CSV/TSV record exports: who has left and who has not started.
//!
//! - Status columns (`Status`, `Employment Status`, `Employee Status`, `Worker Status`,
//!   `Active Status`, `Active`; every one a file has is read) saying inactive or terminated
//!   ([`INACTIVE`]) make a *leaver*; values meaning employed ([`CURRENT`]: active, full-time,
//!   part-time, contractor, on leave, ...) and blank cells say nothing. A value in neither
//!   list is not guessed at: the row stays a current person, and one warning per file names
//!   the column and the values it did not understand.
//! - A `Termination Date` before today makes a leaver (one before the hire date is an
//!   earlier employment: the person was rehired); a `Hire Date` after today a *future
//!   starter*. Dates are read as [`super::record_dates`] says; an unreadable or ambiguous one
//!   is an input error at its cell.
//! - Leavers and future starters are no people of the chart: counted in `left_out`, recorded
//!   under their id (a `reports_to` naming one says so), and kept as [`InactiveRow`]s when
//!   loading keeps reconcile data.

use super::record_dates::{self, DayMonth, OrderEvidence};
use super::table::Row;
use super::table::{cell, cell_start, normalize_header, Table};
use crate::error::InputError;
use crate::model::{Chart, Date, LeftOut, LoadNote, Person};
use crate::record::{InactiveRow, RecordStatus};
use std::collections::BTreeMap;

/// Status headers, normalised as headers are matched.
const STATUS_HEADERS: [&str; 6] = [
    "status",
    "employmentstatus",
    "employeestatus",
    "workerstatus",
    "activestatus",
    "active",
];

/// Hire date headers (BambooHR `Hire Date`, Workday `Hire_Date`, others' `Start Date`).
const HIRE_HEADERS: [&str; 4] = ["hiredate", "startdate", "dateofhire", "employmentstartdate"];

/// Termination date headers.
const TERMINATION_HEADERS: [&str; 6] = [
    "terminationdate",
    "termdate",
    "dateoftermination",
    "terminateddate",
    "separationdate",
    "leavingdate",
];

/// Status values (normalised: lower case, no spaces, `-` or `_`) of someone employed.
pub const CURRENT: [&str; 27] = [
    "active",
    "yes",
    "y",
    "true",
    "1",
    "employed",
    "current",
    "hired",
    "fulltime",
    "parttime",
    "permanent",
    "fixedterm",
    "contractor",
    "contract",
    "temporary",
    "temp",
    "intern",
    "seasonal",
    "probation",
    "leave",
    "onleave",
    "leaveofabsence",
    "loa",
    "paidleave",
    "unpaidleave",
    "parentalleave",
    "sickleave",
];

/// Status values (normalised) of someone who has left.
pub const INACTIVE: [&str; 20] = [
    "inactive",
    "notactive",
    "no",
    "n",
    "false",
    "0",
    "terminated",
    "termed",
    "term",
    "left",
    "leaver",
    "former",
    "separated",
    "resigned",
    "retired",
    "deceased",
    "dismissed",
    "withdrawn",
    "ended",
    "exited",
];

/// What one status value says.
fn says_inactive(value: &str) -> Option<bool> {
    let value = normalize_header(value);
    if value.is_empty() || CURRENT.contains(&value.as_str()) {
        Some(false)
    } else if INACTIVE.contains(&value.as_str()) {
        Some(true)
    } else {
        None
    }
}

/// A file's record status columns, and what reading them has found.
pub(crate) struct StatusColumns {
    status: Vec<usize>,
    hire: Option<usize>,
    termination: Option<usize>,
    order: Option<DayMonth>,
    today: Date,
    /// Status values understood by neither list: (column, value) → rows.
    unknown: BTreeMap<(usize, String), u64>,
}

impl StatusColumns {
    /// Finds the columns; with date columns, reads them once first for the file's day-month
    /// order. `None` when the file has none of them.
    pub fn find(table: &Table, today: Date) -> Result<Option<StatusColumns>, InputError> {
        let status = table.columns(&STATUS_HEADERS);
        let hire = table.column(&HIRE_HEADERS);
        let termination = table.column(&TERMINATION_HEADERS);
        if status.is_empty() && hire.is_none() && termination.is_none() {
            return Ok(None);
        }
        let order = match (hire, termination) {
            (None, None) => None,
            _ => day_month_order(table, [hire, termination])?,
        };
        Ok(Some(StatusColumns {
            status,
            hire,
            termination,
            order,
            today,
            unknown: BTreeMap::new(),
        }))
    }

    /// Every column read, for the list of ignored columns.
    pub fn read(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        let dates = [self.hire, self.termination];
        self.status.iter().copied().map(Some).chain(dates)
    }

    /// A row's status: `None` for a current person.
    pub fn of_row(
        &mut self,
        record: &Row,
        line: u32,
        starts: &[u32],
        display: &str,
    ) -> Result<Option<RecordStatus>, InputError> {
        let date = |column: Option<usize>| -> Result<Option<Date>, InputError> {
            let text = cell(record, column);
            if text.is_empty() {
                return Ok(None);
            }
            let at = cell_start(starts, column).unwrap_or(0);
            record_dates::parse(text, self.order)
                .map(Some)
                .map_err(|why| InputError::new(display, line, at, why))
        };
        let hired = date(self.hire)?;
        // A termination before the latest hire ended an earlier employment.
        let terminated = date(self.termination)?.filter(|t| hired.is_none_or(|h| *t >= h));
        let mut inactive = false;
        for i in 0..self.status.len() {
            let column = self.status[i];
            let value = cell(record, Some(column));
            match says_inactive(value) {
                Some(says) => inactive |= says,
                None => self.remember_unknown(column, value),
            }
        }
        Ok(if inactive || terminated.is_some_and(|t| t < self.today) {
            Some(RecordStatus::Leaver { on: terminated })
        } else {
            hired
                .filter(|h| *h > self.today)
                .map(|from| RecordStatus::Future { from })
        })
    }

    /// Counts a value neither list has; a column of unique values is not kept whole.
    fn remember_unknown(&mut self, column: usize, value: &str) {
        let key = (column, value.to_owned());
        if let Some(rows) = self.unknown.get_mut(&key) {
            *rows += 1;
        } else if self.unknown.len() < 256 {
            self.unknown.insert(key, 1);
        }
    }

    /// Says once, as a warning, the status values read as neither current nor left.
    pub fn note_unknown(self, chart: &mut Chart, table: &Table) {
        let mut by_column: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for ((column, value), rows) in self.unknown {
            let values = by_column.entry(column).or_default();
            if values.len() < 5 {
                let value = crate::text::truncate(&value, 40).into_owned();
                values.push(format!("{value:?} ({rows} {})", plural(rows, "row")));
            }
        }
        for (column, values) in by_column {
            let header = table.headers.get(column).map_or("", String::as_str);
            chart.load_notes.push(LoadNote {
                warning: true,
                file: table.display.to_owned(),
                message: format!(
                    "column {header:?} has values that say neither employed nor left: {}; \
                     those rows are read as current people (expected Active, Inactive, \
                     Terminated, Full-Time, Leave of Absence, ...: see the inputs guide)",
                    values.join(", ")
                ),
            });
        }
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// The file's day-month order, from every value of its date columns (read once more).
fn day_month_order(
    table: &Table,
    columns: [Option<usize>; 2],
) -> Result<Option<DayMonth>, InputError> {
    let mut evidence = OrderEvidence::default();
    table.reopen()?.for_each_row(|record, line, _| {
        for column in columns.into_iter().flatten() {
            evidence.look_at(cell(record, Some(column)), line);
        }
        Ok(())
    })?;
    evidence.order().map_err(|(day_first, month_first)| {
        InputError::new(
            table.display,
            day_first.max(month_first),
            0,
            format!(
                "the dates of this file disagree: line {day_first} writes the day first \
                 (a first number above 12), line {month_first} the month first: expected one \
                 order throughout, or dates written YYYY-MM-DD"
            ),
        )
    })
}

/// Leaves a record row out of the chart as `status` says: counted, recorded under its id,
/// and kept for `reconcile` when loading keeps its data.
pub(crate) fn leave_out(
    chart: &mut Chart,
    person: Person,
    employee_number: Option<crate::model::Text>,
    status: RecordStatus,
) {
    let (why, reason) = match status {
        RecordStatus::Leaver { on: Some(on) } => (
            LeftOut::Leaver,
            format!("left out: a leaver (left on {on})"),
        ),
        RecordStatus::Leaver { on: None } => (
            LeftOut::Leaver,
            "left out: a leaver (the record's status says so)".to_owned(),
        ),
        RecordStatus::Future { from } => (
            LeftOut::Future,
            format!("left out: a future starter (starts on {from})"),
        ),
    };
    chart.left_out_counts.add(why);
    chart.left_out.insert(person.id.to_string(), reason);
    if let Some(data) = chart.reconcile.as_deref_mut() {
        data.inactive.push(InactiveRow {
            person,
            employee_number,
            status,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statuses of a table's rows, as loading reads them on `today`.
    fn statuses(text: &str, today: Date) -> Result<Vec<Option<RecordStatus>>, InputError> {
        let mut table = Table::open(text, false, "t.csv", 0)?;
        let mut columns = StatusColumns::find(&table, today)?.expect("status columns");
        let mut found = Vec::new();
        table.for_each_row(|record, line, starts| {
            found.push(columns.of_row(record, line, starts, "t.csv")?);
            Ok(())
        })?;
        Ok(found)
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn status_and_dates_make_leavers_and_future_starters() {
        let text = "id,Employment Status,Hire Date,Termination Date\n\
            1,Full-Time,01/15/2020,\n\
            2,Terminated,01/15/2020,\n\
            3,Active,01/15/2020,11/30/2026\n\
            4,Active,02/01/2027,\n\
            5,Active,03/01/2026,06/30/2019\n\
            6,Active,01/15/2020,12/24/2026\n";
        let leaver = |on| Some(RecordStatus::Leaver { on });
        assert_eq!(
            statuses(text, day(2026, 12, 7)).unwrap(),
            [
                None,
                leaver(None),
                leaver(Some(day(2026, 11, 30))),
                Some(RecordStatus::Future {
                    from: day(2027, 2, 1)
                }),
                None, // rehired after an earlier employment ended
                None, // working out their notice
            ]
        );
    }

    #[test]
    fn unreadable_and_undecidable_dates_are_errors_at_their_cell() {
        let unreadable = "id,Status,Hire Date\n1,Active,soon\n";
        let error = statuses(unreadable, day(2026, 12, 7)).unwrap_err();
        assert_eq!((error.line, error.column), (2, 10));
        let undecidable = "id,Hire Date\n1,03/04/2020\n2,05/06/2021\n";
        let error = statuses(undecidable, day(2026, 12, 7)).unwrap_err();
        assert!(
            error.message.contains("day/month or month/day"),
            "{}",
            error.message
        );
        let disagreeing = "id,Hire Date\n1,13/04/2020\n2,05/16/2021\n";
        let error = statuses(disagreeing, day(2026, 12, 7)).unwrap_err();
        assert_eq!(error.line, 3);
    }

    #[test]
    fn unknown_status_values_are_current_and_said_once() {
        let text = "id,Status\n1,Pending\n2,Pending\n3,Active\n";
        let mut table = Table::open(text, false, "t.csv", 0).unwrap();
        let today = day(2026, 12, 7);
        let mut columns = StatusColumns::find(&table, today).unwrap().unwrap();
        let mut found = Vec::new();
        table
            .for_each_row(|record, line, starts| {
                found.push(columns.of_row(record, line, starts, "t.csv")?);
                Ok(())
            })
            .unwrap();
        assert_eq!(found, [None, None, None]);
        let mut chart = Chart::default();
        columns.note_unknown(&mut chart, &table);
        assert_eq!(chart.load_notes.len(), 1);
        assert!(chart.load_notes[0].warning);
        assert!(chart.load_notes[0].message.contains("\"Pending\" (2 rows)"));
    }

    #[test]
    fn status_values_say_left_employed_or_nothing_known() {
        for left in ["Terminated", "INACTIVE", "No", "Retired", "not active"] {
            assert_eq!(says_inactive(left), Some(true), "{left}");
        }
        for current in [
            "Active",
            "Full-Time",
            "part time",
            "Leave of Absence",
            "",
            "Y",
        ] {
            assert_eq!(says_inactive(current), Some(false), "{current}");
        }
        assert_eq!(says_inactive("Pending"), None);
    }
}
