//! The chart model: everything loaded from the input files, each value with the place it came
//! from. Loaders build it; rules, reports and diagrams only read it.

use std::collections::BTreeMap;

/// Index of a source file in [`Chart::sources`].
pub type SourceId = u32;

/// Where a value was written: file, 1-based line and column (column 0 = unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: SourceId,
    pub line: u32,
    pub column: u32,
}

/// One input file as it was read, kept for source excerpts in reports.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// The path as the user gave it (`-` is shown as `<stdin>`).
    pub path: String,
    /// The decoded text; empty when it was not kept (large files).
    pub text: String,
}

/// A reference by id to another person or department, with where it was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ref {
    pub id: String,
    pub loc: Loc,
}

impl Ref {
    pub fn new(id: impl Into<String>, loc: Loc) -> Self {
        Ref { id: id.into(), loc }
    }
}

/// One position in the chart (a person, a vacancy, or a job share held by several people).
#[derive(Clone, Debug, Default)]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
    /// Further holders of a job-shared position (the first holder is `name`).
    pub job_share_names: Vec<String>,
    /// Further job-share holders whose names are withheld (organogram `N/D`): counted, unnamed.
    pub withheld_job_sharers: u32,
    pub title: Option<String>,
    /// Explicit roles; when present they replace inference from the title.
    pub roles: Option<Vec<Ref>>,
    /// Solid-line manager; `None` means top of the chart.
    pub reports_to: Option<Ref>,
    pub dotted_lines: Vec<Ref>,
    pub department: Option<Ref>,
    pub owns: Vec<Ref>,
    pub vacant: bool,
    pub assistant: bool,
    pub email: Option<String>,
    /// Staff counted under this position besides its holder (organogram junior files, FTE).
    pub staff_below: f64,
    pub loc: Loc,
}

impl Person {
    pub fn new(id: impl Into<String>, loc: Loc) -> Self {
        Person {
            id: id.into(),
            loc,
            ..Person::default()
        }
    }

    /// The name to show people, when there is one and the position is filled.
    pub fn display_name(&self) -> Option<&str> {
        self.name.as_deref().filter(|n| !n.is_empty())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Department {
    pub id: String,
    pub name: Option<String>,
    /// What the department does (`it`, `operations`, ...); ties it to an executive role.
    pub function: Option<String>,
    pub head: Option<Ref>,
    pub parent: Option<Ref>,
    pub loc: Loc,
}

/// A calendar date (proleptic Gregorian), enough for waiver expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= date.days_in_month()).then_some(date)
    }

    fn days_in_month(&self) -> u32 {
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Today's date in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Howard Hinnant's civil-from-days algorithm.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An accepted finding: rule + primary subject, with a reason and an optional expiry.
#[derive(Clone, Debug)]
pub struct Waiver {
    pub rule: String,
    pub subject: String,
    pub reason: String,
    pub expires: Option<Date>,
    pub loc: Loc,
}

/// The whole chart, merged from one or more files.
#[derive(Clone, Debug, Default)]
pub struct Chart {
    pub organization: Option<String>,
    pub sources: Vec<Source>,
    pub people: Vec<Person>,
    pub departments: Vec<Department>,
    pub waivers: Vec<Waiver>,
    /// Ids present in a source but deliberately left out of the chart (e.g. an organogram's
    /// `Eliminated` posts), with why; a `reports_to` naming one says so.
    pub left_out: BTreeMap<String, String>,
    /// Rows that are paid staff but no position (organogram reference `0`), for stats.
    pub unplaced_staff: u64,
    /// Ids that are personal data though not emails (a SCIM user's `userName` standing in for
    /// a missing `id`): `--redact` replaces them ([`crate::redact`]).
    pub personal_ids: Vec<String>,
    /// Manager cells read as "top of the chart" by a root marker (`0`, `-1`, `XX`, ...), by
    /// person index. A marker that is also a person's id names that person: [`crate::load::finish`]
    /// resolves it once every file is in.
    pub root_marker_managers: Vec<(u32, Ref)>,
    /// Groups of junior staff from organogram junior files, in file order. Loading adds each
    /// group's FTE to its senior post's `staff_below`; stats reports the groups whose senior
    /// post is blank or not in the chart.
    pub junior_staff: Vec<JuniorGroup>,
}

/// One row of an organogram junior file: a number of staff (FTE) under a senior post.
#[derive(Clone, Debug, Default)]
pub struct JuniorGroup {
    /// The `Reporting Senior Post` reference; `None` when the cell is blank.
    pub senior_post: Option<String>,
    pub fte: f64,
    pub loc: Loc,
}

impl Chart {
    /// Registers a source file and returns its id.
    pub fn add_source(&mut self, path: impl Into<String>, text: String) -> SourceId {
        self.sources.push(Source {
            path: path.into(),
            text,
        });
        (self.sources.len() - 1) as SourceId
    }

    pub fn source_path(&self, file: SourceId) -> &str {
        self.sources
            .get(file as usize)
            .map(|s| s.path.as_str())
            .unwrap_or("<unknown>")
    }
}
