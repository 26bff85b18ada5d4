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
    /// A UK government organogram (senior or junior file): several `XX` tops are normal.
    pub organogram: bool,
    /// A CSV/TSV file's columns that no field reads, in header order (SPEC §9: reports list
    /// them once per file); `None` for a source that is no table.
    pub ignored_columns: Option<Vec<IgnoredColumn>>,
}

/// A table column no field reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IgnoredColumn {
    /// The header as written (trimmed).
    pub name: String,
    /// Where its header cell is.
    pub loc: Loc,
    /// Some value in it matches a role alias or stand-in title of the rulebook, looked for
    /// only while the file had shown no title: the column probably holds the titles.
    pub holds_titles: bool,
}

/// The chart's short text (ids, names, titles, emails): up to 24 bytes are kept inline,
/// in the 24 bytes a `String` takes, so most values of a million people need no allocation.
pub type Text = compact_str::CompactString;

/// A list most people leave empty (dotted lines, duties owned, job-share names): 8 bytes
/// where a `Vec` takes 24. It derefs to a slice; build it with `collect`, `from` or `push`.
#[derive(Clone)]
// The box is the point: an empty list is one null pointer, not a Vec's three words.
#[allow(clippy::box_collection)]
pub struct Few<T>(Option<Box<Vec<T>>>);

impl<T> Few<T> {
    pub const fn new() -> Few<T> {
        Few(None)
    }

    pub fn push(&mut self, item: T) {
        self.0.get_or_insert_with(Default::default).push(item);
    }

    pub fn into_vec(self) -> Vec<T> {
        self.0.map(|list| *list).unwrap_or_default()
    }
}

impl<T> Default for Few<T> {
    fn default() -> Few<T> {
        Few(None)
    }
}

impl<T> std::ops::Deref for Few<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> std::ops::DerefMut for Few<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(list) => list.as_mut_slice(),
            None => &mut [],
        }
    }
}

impl<T> From<Vec<T>> for Few<T> {
    fn from(list: Vec<T>) -> Few<T> {
        Few((!list.is_empty()).then(|| Box::new(list)))
    }
}

impl<T> FromIterator<T> for Few<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Few<T> {
        Few::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Extend<T> for Few<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}

impl<T> IntoIterator for Few<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Few<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Few<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Few<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for Few<T> {
    fn eq(&self, other: &Few<T>) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for Few<T> {}

impl<T: PartialEq> PartialEq<Vec<T>> for Few<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        **self == **other
    }
}

impl<T: PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for Few<T> {
    fn eq(&self, other: &[U; N]) -> bool {
        **self == other[..]
    }
}

/// A reference by id to another person or department, with where it was written. A value
/// that is a name or email matching several people keeps the value as written; the people
/// are [`Chart::candidates`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ref {
    pub id: Text,
    pub loc: Loc,
}

impl Ref {
    pub fn new(id: impl Into<Text>, loc: Loc) -> Self {
        Ref { id: id.into(), loc }
    }
}

/// References in one file given as a name or email and matched to one person's id (SPEC §3).
#[derive(Clone, Debug, Default)]
pub struct NameReferences {
    pub file: SourceId,
    pub count: u64,
    /// The first few matches, for the message.
    pub samples: Vec<NameMatch>,
}

/// One reference matched by name or email.
#[derive(Clone, Debug)]
pub struct NameMatch {
    /// Who holds the reference: a person's or a department's id.
    pub holder: String,
    /// `manager`, `dotted line` or `head`.
    pub field: &'static str,
    /// The value as written (a name or email: never shown under `--redact`).
    pub value: String,
    /// The id it matched.
    pub id: String,
    pub loc: Loc,
}

/// One position in the chart (a person, a vacancy, or a job share held by several people).
/// A million of them are held at once: the rare lists are [`Few`], the text [`Text`].
#[derive(Clone, Debug, Default)]
pub struct Person {
    pub id: Text,
    pub name: Option<Text>,
    /// Further holders of a job-shared position (the first holder is `name`).
    pub job_share_names: Few<String>,
    /// Further job-share holders whose names are withheld (organogram `N/D`): counted, unnamed.
    pub withheld_job_sharers: u32,
    pub title: Option<Text>,
    /// Explicit roles; when present they replace inference from the title.
    pub roles: Option<Box<[Ref]>>,
    /// Solid-line manager; `None` means top of the chart.
    pub reports_to: Option<Ref>,
    pub dotted_lines: Few<Ref>,
    pub department: Option<Ref>,
    pub owns: Few<Ref>,
    pub vacant: bool,
    pub assistant: bool,
    pub email: Option<Text>,
    /// Staff counted under this position besides its holder (organogram junior files, FTE).
    pub staff_below: f64,
    pub loc: Loc,
}

impl Person {
    pub fn new(id: impl Into<Text>, loc: Loc) -> Self {
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

/// A calendar date, enough for waiver expiry.
pub type Date = chrono::NaiveDate;

/// Parses a date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Today's date in UTC. Tests fix the day instead: `CheckOptions::today` for waiver expiry,
/// [`crate::load::LoadOptions::today`] for record status.
pub fn today() -> Date {
    chrono::Utc::now().date_naive()
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
    /// Manager references the source itself shows to be no person of the chart (an LDAP DN
    /// no entry of the export has, a Microsoft Graph organisational contact), with what they
    /// are; a `reports_to` naming one says so.
    pub outside_references: BTreeMap<String, String>,
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
    /// Per file, the references given as a name or email and matched to an id.
    pub name_references: Vec<NameReferences>,
    /// References given as a name or email that match several people: the value as
    /// written → those people's ids (such a reference names no one). Kept here rather than
    /// in each [`Ref`], which a million people hold several of.
    pub ambiguous_references: BTreeMap<String, Vec<String>>,
    /// What loading tells the user beside errors (ldapsearch records skipped, a partial
    /// export let through by `--allow-partial`); the commands print them on standard error.
    pub load_notes: Vec<LoadNote>,
    /// Paged exports checked without all their pages (`--allow-partial`): where each says so,
    /// and what is missing. The `partial-export` rule reports them.
    pub partial_exports: Vec<(Loc, String)>,
    /// What loading keeps until every file of the run is in ([`crate::load::finish`]).
    pub(crate) pending: PendingLoad,
    /// Directory entries that are no person of the chart, counted by why (SPEC §9).
    pub left_out_counts: LeftOutCounts,
    /// The employee numbers of directory accounts taken as people, until
    /// [`crate::load::finish`] folds several accounts of one employee into one person and
    /// drops this: only counts stay.
    pub employee_numbers: Vec<EmployeeNumber>,
    /// What only `reconcile` reads (record status, every directory entry), when loading was
    /// asked to keep it ([`crate::load::LoadOptions::keep_reconcile_data`]).
    pub reconcile: Option<Box<crate::record::ReconcileData>>,
}

/// A note or warning of loading, about one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadNote {
    /// A warning (something is missing) rather than a note (something was skipped on purpose).
    pub warning: bool,
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for LoadNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = if self.warning { "warning" } else { "note" };
        let file = crate::escape::escape_control(&self.file);
        let message = crate::escape::escape_control(&self.message);
        write!(f, "{level}: {file}: {message}")
    }
}

/// What the files of one run share until all are read: LDIF manager DNs resolve across the
/// files of an export, and paged exports are whole only with every page.
#[derive(Clone, Debug, Default)]
pub(crate) struct PendingLoad {
    /// Each LDIF entry's normalised DN, over every LDIF file of the run (and `Get-ADUser`
    /// rows'), with its account when loading keeps reconcile data: one index for both.
    pub dns: crate::load::ldif::DnIndex,
    /// People (indexes in [`Chart::people`]) whose `reports_to` is still an LDIF manager DN.
    pub dn_managers: Vec<usize>,
    /// The Microsoft Graph pages and SCIM lists read, for the whole-export check.
    pub pages: Vec<ExportPage>,
    /// SCIM users' other keys (`userName`, `externalId`, `employeeNumber`) a manager value
    /// may use, over every SCIM file: each → the user's id (`None` when two users share it).
    pub scim_keys: crate::hash::FastMap<String, Option<String>>,
    /// The people (indexes in [`Chart::people`]) each SCIM file added.
    pub scim_people: Vec<std::ops::Range<usize>>,
    /// Directory accounts' managers as written, until [`crate::load::finish`] resolves them
    /// (only when loading keeps reconcile data).
    pub accounts: crate::record::PendingAccounts,
    /// Each department's index in [`Chart::departments`] by id, kept across files so that
    /// loading many files indexes each department once ([`crate::load::Departments`]).
    pub departments: DepartmentIndex,
}

/// Departments by id, and how many of [`Chart::departments`] are in it.
#[derive(Clone, Debug, Default)]
pub(crate) struct DepartmentIndex {
    /// Looked up once per row: foldhash, not SipHash (seeded per process all the same).
    pub by_id: crate::hash::FastMap<String, usize>,
    pub indexed: usize,
    /// How many departments were ever put in the map (tests: each once, not once per file).
    #[cfg(test)]
    pub insertions: usize,
}

/// What an LDIF DN names: a person (index in [`Chart::people`]) or an entry left out (its id
/// if it has one, where its entry is, why, and whether `nsAccountLock` disabled it). Small: a
/// million-entry export holds a million of them.
#[derive(Clone, Debug)]
pub(crate) enum DnTarget {
    Person(usize),
    LeftOut(Option<String>, Loc, LeftOut, bool),
}

/// What a DN names: its [`DnTarget`], and its index in [`crate::record::ReconcileData::accounts`]
/// when loading keeps reconcile data (an account's manager given as a DN resolves through it).
#[derive(Clone, Debug)]
pub(crate) struct NamedByDn {
    pub target: DnTarget,
    pub account: Option<u32>,
}

/// One page of a paged directory export, located at the key that tells its place.
#[derive(Clone, Debug)]
pub(crate) struct ExportPage {
    pub loc: Loc,
    pub paging: Paging,
}

#[derive(Clone, Debug)]
pub(crate) enum Paging {
    /// A Microsoft Graph response page: whether it has `@odata.nextLink`, its `@odata.count`
    /// (with `$count=true`) and how many users it holds.
    Graph {
        next_link: bool,
        count: Option<u64>,
        users: u64,
    },
    /// A SCIM `ListResponse`: `totalResults`, `startIndex` (1 when absent) and how many users
    /// its `Resources` hold.
    Scim { total: u64, start: u64, users: u64 },
}

/// Why an entry is no person of the chart (SPEC §9, §10): what a directory entry is (a
/// guest, a resource mailbox, something other than a user), its state, the config's
/// `exclude:` list, a second account of one employee, or a record row of someone who has
/// left or not yet started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftOut {
    Disabled,
    Guest,
    Resource,
    Other,
    Excluded,
    Extra,
    /// A record row whose status says inactive or terminated, or whose termination date has
    /// passed.
    Leaver,
    /// A record row whose hire date is ahead.
    Future,
}

crate::choice::choice!(LeftOut {
    Disabled => "disabled",
    Guest => "guest",
    Resource => "resource",
    Other => "other",
    Excluded => "excluded",
    Extra => "extra",
    Leaver => "leaver",
    Future => "future",
});

/// How many directory entries were left out, per [`LeftOut`]. Written as an object with one
/// count per kind, every kind present.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOutCounts([u64; 8]);

impl LeftOutCounts {
    pub fn add(&mut self, why: LeftOut) {
        self.0[why as usize] += 1;
    }

    pub fn get(&self, why: LeftOut) -> u64 {
        self.0[why as usize]
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// These counts but none of kind `why`.
    pub fn without(mut self, why: LeftOut) -> LeftOutCounts {
        self.0[why as usize] = 0;
        self
    }

    /// The kinds with a count, in [`LeftOut`] order.
    pub fn nonzero(&self) -> impl Iterator<Item = (LeftOut, u64)> + '_ {
        use crate::choice::Choice;
        LeftOut::ALL
            .iter()
            .map(|&why| (why, self.get(why)))
            .filter(|(_, n)| *n > 0)
    }

    /// `2 disabled, 1 guest`: the kinds with a count, as summaries say them.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .nonzero()
            .map(|(why, n)| match (why, n) {
                // Record rows are people: named as people, in the plural.
                (LeftOut::Leaver, 1) => "1 leaver".to_owned(),
                (LeftOut::Leaver, n) => format!("{n} leavers"),
                (LeftOut::Future, 1) => "1 future starter".to_owned(),
                (LeftOut::Future, n) => format!("{n} future starters"),
                (why, n) => format!("{n} {why}"),
            })
            .collect();
        parts.join(", ")
    }
}

impl serde::Serialize for LeftOutCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use crate::choice::Choice;
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(LeftOut::ALL.len()))?;
        for &why in LeftOut::ALL {
            map.serialize_entry(why.name(), &self.get(why))?;
        }
        map.end()
    }
}

/// Which directory an account comes from: accounts of one directory with one employee number
/// are one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Directory {
    Ldif,
    Graph,
    Scim,
    /// A directory download as CSV (`Get-ADUser | Export-Csv`, Entra's download).
    Csv,
}

/// A directory account taken as a person, with its employee number.
#[derive(Clone, Debug)]
pub struct EmployeeNumber {
    /// Index in [`Chart::people`].
    pub person: u32,
    pub directory: Directory,
    /// Trimmed, leading zeros dropped; `None` when it is the person's id.
    pub number: Option<Text>,
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
    /// How every output shows a reference that names nobody in the chart (a `reports_to`
    /// or `owns` value): as written, shortened, except under `--redact` when it is personal
    /// data: a source's own key for someone outside the export (an LDAP DN spells out a
    /// name), or a value that looks like a name or an email.
    pub fn reference_shown(&self, value: &str, redact: bool) -> String {
        let looks_personal =
            value.contains('@') || value.contains(',') || value.chars().any(char::is_whitespace);
        if redact && self.outside_references.contains_key(value) {
            "a reference withheld under --redact".to_owned()
        } else if redact && looks_personal {
            "a name or email (not shown under --redact)".to_owned()
        } else {
            crate::text::truncate(value, 80).into_owned()
        }
    }

    /// Registers a source file and returns its id.
    pub fn add_source(&mut self, path: impl Into<String>, text: String) -> SourceId {
        self.sources.push(Source {
            path: path.into(),
            text,
            organogram: false,
            ignored_columns: None,
        });
        (self.sources.len() - 1) as SourceId
    }

    /// The people a reference given as a name or email matched when it matched several
    /// (empty otherwise).
    pub fn candidates(&self, reference: &Ref) -> &[String] {
        self.ambiguous_references
            .get(reference.id.as_str())
            .map_or(&[], Vec::as_slice)
    }

    pub fn source_path(&self, file: SourceId) -> &str {
        self.sources
            .get(file as usize)
            .map(|s| s.path.as_str())
            .unwrap_or("<unknown>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_days_written_yyyy_mm_dd() {
        assert_eq!(parse_date(" 2027-06-30 "), Date::from_ymd_opt(2027, 6, 30));
        assert_eq!(parse_date("2028-02-29"), Date::from_ymd_opt(2028, 2, 29));
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-06-31",
            "30/06/2027",
            "2027-06",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        assert_eq!(parse_date("2027-06-30").unwrap().to_string(), "2027-06-30");
        assert!(today() > Date::from_ymd_opt(2024, 1, 1).unwrap());
    }
}
