//! The `uk-organogram` preset (SPEC §3): UK government organogram senior and junior files,
//! recognised by their header.
//!
//! Senior files have one row per post:
//! - `Post Unique Reference` is the id; `Reports to Senior Post` (also `Reports To Senior
//!   Post`) the manager, where `XX` (any case) or a blank cell marks the top. The published
//!   layout defines these, so the config's `csv.columns` and `root_markers` do not apply.
//! - `Name`: `Vacant` → a vacant position; `N/D` → the name is withheld (no name);
//!   `Eliminated` → the post is left out of the chart and recorded in `chart.left_out`, so a
//!   post reporting to it gets an `unknown-manager` finding saying it was eliminated.
//! - Reference `0` (paid but not in post) and a blank reference are no position: they are
//!   counted in `chart.unplaced_staff` for stats.
//! - A reference used again with the same manager is a job share: one position, the further
//!   holders in `job_share_names` (or counted in `withheld_job_sharers` when `N/D`). Used again
//!   with a different manager it stays a second entry, so `duplicate-id` reports it and the
//!   first row wins.
//! - `Unit` is the department. A unit's function comes from its name when the rulebook's
//!   `functions` table knows it (`Finance`), else from the `Professional/Occupational Group`
//!   of more than half of its posts (blank professions not counted), when that profession
//!   maps to a function by the same table (`Information Technology` → it, `Operational
//!   Delivery` → operations, `Human Resources` → hr, `Finance` → finance, `Communications` →
//!   marketing). A unit of mostly `Policy` posts, or of mixed professions, gets no function
//!   even if some of its posts are in IT: a wrong function would raise false findings.
//!
//! Junior files have one row per group of staff (`Grade`, `Generic Job Title`, `Number of
//! Posts in FTE`) under a `Reporting Senior Post`; they are no positions. Each row is kept in
//! `chart.junior_staff`; once all files are loaded, its FTE is added to the senior post's
//! `staff_below` (see [`super::finish`]). Rows whose senior post is blank or not in the chart
//! stay unattached, and `orglint stats` counts them (rows and FTE) rather than guessing. An
//! FTE cell that is blank or not a number counts as 0 FTE.

use super::table::Row;
use super::table::UnreadColumns;
use super::table::{cell, cell_start, Table};
use super::{is_vacant_name, Departments, FunctionTable, Vocabulary};
use crate::error::InputError;
use crate::model::{Chart, JuniorGroup, Loc, Person, Ref, SourceId};
use std::collections::HashMap;

/// Which organogram file a header belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Senior,
    Junior,
}

/// Recognises an organogram header (normalised names, so the drift of real files matches).
pub(crate) fn detect(table: &Table) -> Option<Kind> {
    if table.has("postuniquereference") && table.has("reportstoseniorpost") {
        Some(Kind::Senior)
    } else if table.has("reportingseniorpost")
        && (table.has("numberofpostsinfte") || table.has("genericjobtitle"))
    {
        Some(Kind::Junior)
    } else {
        None
    }
}

pub(crate) fn load(
    chart: &mut Chart,
    table: &mut Table,
    kind: Kind,
    known: &Vocabulary,
) -> Result<(), InputError> {
    if let Some(source) = chart.sources.get_mut(table.file as usize) {
        source.organogram = true;
    }
    table.check_unique_headers()?;
    match kind {
        Kind::Senior => load_senior(chart, table, known),
        Kind::Junior => load_junior(chart, table, known),
    }
}

/// Why a left-out post is missing, as `unknown-manager` words it ("which was eliminated").
pub const ELIMINATED: &str = "eliminated";

fn is_withheld(text: &str) -> bool {
    text.eq_ignore_ascii_case("n/d") || text.eq_ignore_ascii_case("not disclosed")
}

fn load_senior(chart: &mut Chart, table: &mut Table, known: &Vocabulary) -> Result<(), InputError> {
    let columns = SeniorColumns::find(table);
    let mut reader = SeniorReader {
        columns,
        file: table.file,
        functions: &known.functions,
        departments: Departments::new(chart),
        professions: HashMap::new(),
        first_row: HashMap::new(),
        unread: table.unread_columns(columns.read(), &known.titles),
    };
    table.for_each_row(|record, line, starts| {
        reader.add_row(chart, record, line, starts);
        Ok(())
    })?;
    reader.unread.record(chart);
    unit_functions_from_professions(chart, reader.professions, &known.functions);
    Ok(())
}

/// The columns of a senior file.
#[derive(Clone, Copy)]
struct SeniorColumns {
    id: Option<usize>,
    manager: Option<usize>,
    name: Option<usize>,
    title: Option<usize>,
    unit: Option<usize>,
    profession: Option<usize>,
    email: Option<usize>,
    organisation: Option<usize>,
}

impl SeniorColumns {
    fn find(table: &Table) -> SeniorColumns {
        SeniorColumns {
            id: table.column(&["postuniquereference"]),
            manager: table.column(&["reportstoseniorpost"]),
            name: table.column(&["name"]),
            title: table.column(&["jobtitle", "title"]),
            unit: table.column(&["unit"]),
            profession: table.column(&[
                "professional/occupationalgroup",
                "professionaloccupationalgroup",
                "professionalgroup",
                "profession",
            ]),
            email: table.column(&["contactemail", "email"]),
            organisation: table.column(&["organisation", "organization"]),
        }
    }

    /// Every column a field is read from.
    fn read(self) -> [Option<usize>; 8] {
        [
            self.id,
            self.manager,
            self.name,
            self.title,
            self.unit,
            self.profession,
            self.email,
            self.organisation,
        ]
    }
}

/// One senior file being read into a chart.
struct SeniorReader<'a> {
    columns: SeniorColumns,
    file: SourceId,
    functions: &'a FunctionTable,
    departments: Departments,
    /// Unit department index → (profession, number of posts), in first-seen order.
    professions: HashMap<usize, Vec<(String, u32)>>,
    /// Reference → index of its first position in this file, for job shares.
    first_row: HashMap<String, usize>,
    /// The columns no field reads, looked through for titles until a post has one.
    unread: UnreadColumns<'a>,
}

impl SeniorReader<'_> {
    /// Adds one row: a post, a job sharer of an earlier post, an eliminated post left out,
    /// or staff with no post.
    fn add_row(&mut self, chart: &mut Chart, record: &Row, line: u32, starts: &[u32]) {
        let columns = self.columns;
        // Where a cell starts: a post is located at its reference, a manager at its cell.
        let at = |column: Option<usize>| Loc {
            file: self.file,
            line,
            column: cell_start(starts, column).unwrap_or(1),
        };
        let loc = at(columns.id);
        let reference = cell(record, columns.id);
        let holder = cell(record, columns.name);
        if reference.is_empty() || reference == "0" {
            chart.unplaced_staff += 1;
            return;
        }
        if holder.eq_ignore_ascii_case(ELIMINATED) {
            chart
                .left_out
                .insert(reference.to_owned(), ELIMINATED.to_owned());
            return;
        }
        if chart.organization.is_none() {
            let org = cell(record, columns.organisation);
            if !org.is_empty() {
                chart.organization = Some(org.to_owned());
            }
        }
        let boss = cell(record, columns.manager);
        let is_top = boss.is_empty() || boss.eq_ignore_ascii_case("xx");
        let reports_to = (!is_top).then(|| Ref::new(boss, at(columns.manager)));
        let vacant = is_vacant_name(holder);
        let named = (!vacant && !holder.is_empty() && !is_withheld(holder)).then_some(holder);
        if let Some(&first) = self.first_row.get(reference) {
            let earlier = &mut chart.people[first];
            let same_manager = earlier.reports_to.as_ref().map(|r| r.id.as_str())
                == reports_to.as_ref().map(|r| r.id.as_str());
            if same_manager {
                // A vacant half of a job share adds nobody.
                if !vacant {
                    share_job(earlier, named);
                }
                return;
            }
        } else {
            self.first_row
                .insert(reference.to_owned(), chart.people.len());
        }
        let unit = cell(record, columns.unit);
        let department = self.departments.reference(chart, unit, loc, self.functions);
        if let Some(d) = self.departments.index(chart, unit) {
            self.count_profession(d, cell(record, columns.profession));
        }
        let title = cell(record, columns.title);
        if title.is_empty() {
            self.unread.look_at(record);
        } else {
            self.unread.titles_seen();
        }
        let contact = cell(record, columns.email);
        if is_top && !boss.is_empty() {
            let at = chart.people.len() as u32;
            chart.root_marker_managers.push((at, Ref::new(boss, loc)));
        }
        chart.people.push(Person {
            id: reference.into(),
            name: named.map(Into::into),
            title: (!title.is_empty()).then(|| title.into()),
            reports_to,
            department,
            vacant,
            email: (!contact.is_empty() && !is_withheld(contact)).then(|| contact.into()),
            loc,
            ..Person::default()
        });
    }

    /// Counts a post of unit `d` in its profession (none when blank).
    fn count_profession(&mut self, d: usize, group: &str) {
        if group.is_empty() {
            return;
        }
        let tally = self.professions.entry(d).or_default();
        match tally.iter_mut().find(|(p, _)| p == group) {
            Some((_, count)) => *count += 1,
            None => tally.push((group.to_owned(), 1)),
        }
    }
}

/// A further holder of a post in a job share (`named`: `None` when withheld): fills a vacant
/// post, or a withheld name, else is listed with the post's other sharers.
fn share_job(post: &mut Person, named: Option<&str>) {
    match named {
        Some(n) if post.vacant => {
            post.vacant = false;
            post.name = Some(n.into());
        }
        Some(n) if post.name.is_none() => {
            post.name = Some(n.into());
            post.withheld_job_sharers += 1;
        }
        Some(n) => post.job_share_names.push(n.to_owned()),
        None => post.withheld_job_sharers += 1,
    }
}

/// Each unit without a function by name takes the function of the profession of more than
/// half of its posts (that name one), if any.
fn unit_functions_from_professions(
    chart: &mut Chart,
    professions: HashMap<usize, Vec<(String, u32)>>,
    functions: &FunctionTable,
) {
    for (d, tally) in professions {
        let department = &mut chart.departments[d];
        if department.function.is_some() {
            continue;
        }
        let total: u32 = tally.iter().map(|(_, count)| count).sum();
        department.function = tally
            .iter()
            .find(|(_, count)| count * 2 > total)
            .and_then(|(group, _)| functions.function_for(group))
            .map(str::to_owned);
    }
}

fn load_junior(chart: &mut Chart, table: &mut Table, known: &Vocabulary) -> Result<(), InputError> {
    let post = table.column(&["reportingseniorpost"]);
    let fte = table.column(&["numberofpostsinfte", "fte"]);
    let file = table.file;
    // Junior rows are no people: their columns are listed, never searched for titles.
    let mut unread = table.unread_columns([post, fte], &known.titles);
    unread.titles_seen();
    table.for_each_row(|record, line, starts| {
        let senior = cell(record, post);
        let count = cell(record, fte)
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .unwrap_or(0.0);
        chart.junior_staff.push(JuniorGroup {
            senior_post: (!senior.is_empty()).then(|| senior.to_owned()),
            fte: count,
            // At the senior post cell: the finding is about the post it names.
            loc: Loc {
                file,
                line,
                column: cell_start(starts, post).unwrap_or(1),
            },
        });
        Ok(())
    })?;
    unread.record(chart);
    Ok(())
}

/// Adds each junior group's FTE to its senior post's `staff_below` (the first position with
/// that id). Recomputed from scratch, so calling it again is harmless.
pub(crate) fn attach_junior_staff(chart: &mut Chart) {
    if chart.junior_staff.is_empty() {
        return;
    }
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(chart.people.len());
    for (i, person) in chart.people.iter().enumerate() {
        first.entry(person.id.as_str()).or_insert(i);
    }
    let mut below = vec![0.0; chart.people.len()];
    for group in &chart.junior_staff {
        if let Some(&i) = group.senior_post.as_deref().and_then(|p| first.get(p)) {
            below[i] += group.fte;
        }
    }
    for (person, fte) in chart.people.iter_mut().zip(below) {
        person.staff_below = fte;
    }
}
