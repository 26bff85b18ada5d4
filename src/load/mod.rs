//! Loading charts: reading a file, detecting what it holds in one step ([`detect`]), and one
//! loader per kind of source. Every loader appends to one [`Chart`], so several files (of any
//! formats) merge into one chart. Layers: `decode` (text, YAML) and [`table`] (CSV/TSV
//! reading) below; the loaders (`chart_file`, `scim`, `csv`, `organogram`) map what they read
//! to the model and know nothing of each other.

pub mod accounts;
pub(crate) mod chart_file;
mod csv;
mod directory_csv;
mod directory_export;
mod google;
mod json_source;
pub mod ldif;
mod located_json;
pub mod msgraph;
mod msgraph_page;
mod msgraph_value;
pub mod organogram;
pub mod paging;
mod record_dates;
mod record_status;
mod records;
mod references;
pub mod scim;
mod sniff;
pub(crate) mod table;
mod window;

use crate::choice::Choice;
use crate::decode::into_utf8;
use crate::error::InputError;
use crate::model::{Chart, Department, Loc, Ref, SourceId};
use crate::rulebook::{FunctionNames, TitleMatcher};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use table::Table;
use window::Window;

pub use crate::decode::{decode_utf8, parse_yaml, read_error_message, yaml_options};
pub use accounts::Exclusions;
pub use ldif::LdifOptions;

/// The formats orglint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Yaml,
    Json,
    Csv,
    Tsv,
    Ldif,
}

crate::choice::choice!(InputFormat {
    Yaml => "yaml",
    Json => "json",
    Csv => "csv",
    Tsv => "tsv",
    Ldif => "ldif",
});

impl InputFormat {
    /// The format a path's extension names, if any: the format's name, or `.yml` (YAML),
    /// `.tab` (TSV) or `.ldf` (LDIF, as ldifde names it).
    pub fn from_path(path: &str) -> Option<InputFormat> {
        let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        InputFormat::parse(&ext).or(match ext.as_str() {
            "yml" => Some(InputFormat::Yaml),
            "tab" => Some(InputFormat::Tsv),
            "ldf" => Some(InputFormat::Ldif),
            _ => None,
        })
    }
}

/// How CSV/TSV exports are read (from the config's `csv:` block).
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// Explicit column names per field (`id`, `manager`, `name`, ...), winning over detection.
    pub columns: std::collections::BTreeMap<String, String>,
    /// Manager values that mean "top of the chart"; `None` uses the defaults.
    pub root_markers: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Forces the format (needed for stdin, `-`).
    pub input_format: Option<InputFormat>,
    pub csv: CsvOptions,
    /// How LDIF exports are read (the config's `ldif:` block).
    pub ldif: LdifOptions,
    /// Directory entries that are no person (the config's `exclude:` list).
    pub exclude: Exclusions,
    /// Department, unit and profession names → function (the rulebook's `functions` table),
    /// for exports that name no function; `None` uses the built-in rulebook's table.
    pub functions: Option<Vec<FunctionNames>>,
    /// The titles that mean a role (the rulebook's aliases and stand-in titles), looked for
    /// in CSV/TSV columns no field reads; `None` uses the built-in rulebook's.
    pub role_titles: Option<Vec<String>>,
    /// `--redact`: errors do not quote cell values (a headerless export's first row is a
    /// person's name and email).
    pub redact: bool,
    /// `--allow-partial`: a paged export missing pages is a warning, not an input error.
    pub allow_partial: bool,
    /// `reconcile`: keep what only it needs in [`Chart::reconcile`] (SPEC §10).
    pub keep_reconcile_data: bool,
    /// `reconcile`'s directory side (with `keep_reconcile_data`): LDIF entries are kept as
    /// accounts and their people only counted, not built: `reconcile` reads the accounts,
    /// and a million people built beside them were most of its peak memory. See
    /// [`crate::record::people_needed`] for when the people must be built after all.
    pub accounts_only: bool,
    /// The day record status is judged on (a termination date before it has passed, a hire
    /// date after it is ahead); `None`: today ([`crate::model::today`]). Tests fix it.
    pub today: Option<crate::model::Date>,
}

/// What table loaders match cells against: department names for functions, and titles that
/// mean a role (for columns no field reads).
pub(crate) struct Vocabulary {
    pub functions: FunctionTable,
    pub titles: TitleMatcher,
}

/// Names → function, matched case- and space-insensitively.
pub struct FunctionTable {
    by_name: HashMap<String, String>,
}

impl FunctionTable {
    pub fn new(functions: &[FunctionNames]) -> FunctionTable {
        let mut by_name = HashMap::new();
        for entry in functions {
            let names = entry.names.iter().chain(std::iter::once(&entry.function));
            for name in names {
                by_name
                    .entry(crate::rulebook::normalize(name))
                    .or_insert_with(|| entry.function.clone());
            }
        }
        FunctionTable { by_name }
    }

    /// The table for these options: theirs, else the built-in rulebook's.
    pub fn for_options(options: &LoadOptions) -> Result<FunctionTable, InputError> {
        Ok(match &options.functions {
            Some(functions) => FunctionTable::new(functions),
            None => FunctionTable::new(&crate::rulebook::builtin_functions()?),
        })
    }

    /// The function a department, unit or profession name means.
    pub fn function_for(&self, name: &str) -> Option<&str> {
        self.by_name
            .get(&crate::rulebook::normalize(name))
            .map(String::as_str)
    }
}

/// The matcher of titles that mean a role, for these options: theirs, else the built-in
/// rulebook's.
fn role_title_matcher(options: &LoadOptions) -> Result<TitleMatcher, InputError> {
    let builtin;
    let titles = match &options.role_titles {
        Some(titles) => titles,
        None => {
            builtin = crate::rulebook::Rulebook::builtin()?.role_titles();
            &builtin
        }
    };
    Ok(TitleMatcher::new(titles.iter().map(|t| (t.as_str(), 0))))
}

/// The largest source text kept for excerpts, in bytes.
const KEPT_TEXT_MAX: usize = 8 * 1024 * 1024;

/// Source text kept for excerpts: big inputs are not kept, they would double the memory for
/// little use.
pub(crate) fn kept_text(text: &str) -> String {
    if text.len() <= KEPT_TEXT_MAX {
        text.to_owned()
    } else {
        String::new()
    }
}

/// Loads and merges every file into one chart. `-` reads standard input.
pub fn load_files(paths: &[String], options: &LoadOptions) -> Result<Chart, InputError> {
    // A second `-` would find standard input already read, and call it an empty file.
    if paths.iter().filter(|p| *p == "-").count() > 1 {
        return Err(InputError::file(
            "<stdin>",
            "standard input is read once: expected `-` at most once among the files",
        ));
    }
    let mut chart = Chart::default();
    let mut read = std::collections::HashSet::new();
    for path in paths {
        // One file named twice (`sub/x.csv` and `./sub/x.csv`, a symlink, a hard link) is
        // read once: twice, every person in it would be a duplicate-id.
        let key = (path != "-").then(|| crate::output::file_key(Path::new(path)));
        if let Some(key) = key.flatten() {
            if !read.insert(key) {
                continue;
            }
        }
        load_into(&mut chart, path, options)?;
    }
    paging::check_whole(&mut chart, options.allow_partial)?;
    finish(&mut chart);
    Ok(chart)
}

/// Why a file's format is unknown when its name decides it.
const UNKNOWN_EXTENSION: &str =
    "cannot tell the format from the file name: expected .yaml, .yml, .json, .csv, .tsv or .ldif (or pass --input-format)";

/// Loads and merges files already read (a git revision's copies, `diff --since`): each is
/// its name, which locations show and whose extension gives its format, and its content.
pub fn load_blobs(
    blobs: Vec<(String, Vec<u8>)>,
    options: &LoadOptions,
) -> Result<Chart, InputError> {
    let mut chart = Chart::default();
    for (name, bytes) in blobs {
        let format = options
            .input_format
            .or_else(|| InputFormat::from_path(&name))
            .ok_or_else(|| InputError::file(&name, UNKNOWN_EXTENSION))?;
        load_bytes(&mut chart, &name, bytes, format, options)?;
    }
    paging::check_whole(&mut chart, options.allow_partial)?;
    finish(&mut chart);
    Ok(chart)
}

/// Joins what only makes sense once every file is in: LDIF manager DNs and SCIM managers
/// given by `userName` (or another key) resolve to users of any file of the export, several
/// accounts of one employee are one person, organogram junior staff go under their senior
/// posts (whatever order the files came in), and dotted-line entries written with commas are
/// split when that is unambiguous. [`load_files`] calls it; call it after the last
/// [`load_into`] (and [`paging::check_whole`]) when loading file by file. Calling it twice is
/// harmless.
pub fn finish(chart: &mut Chart) {
    // Only loading looks departments up by id.
    chart.pending.departments = crate::model::DepartmentIndex::default();
    let pending = std::mem::take(&mut chart.pending.accounts);
    if let Some(data) = chart.reconcile.as_deref_mut() {
        // Before the chart's managers: those take the DNs the accounts resolve through too.
        data.resolve_managers(pending, &chart.pending.dns);
    }
    ldif::resolve_managers(chart);
    scim::resolve_other_keys(chart);
    // After the managers are known (the account with a manager or reports is the person),
    // before the steps below that keep person indexes: it moves people.
    accounts::fold_extra_accounts(chart);
    organogram::attach_junior_staff(chart);
    split_comma_dotted_lines(chart);
    resolve_root_markers_that_are_ids(chart);
    references::resolve(chart);
    let people = chart.people.len();
    if let Some(data) = chart.reconcile.as_deref_mut() {
        data.finish(people);
    }
}

/// A run whose files together hold no people and no organogram junior rows is an input
/// error (SPEC §3), not a list of missing roles. `diff` accepts an empty side and does not
/// call this.
pub fn require_people(chart: &Chart, paths: &[String]) -> Result<(), InputError> {
    if !chart.people.is_empty() || !chart.junior_staff.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = paths
        .iter()
        .map(|p| if p == "-" { "<stdin>" } else { p.as_str() })
        .collect();
    Err(InputError::file(
        shown.first().copied().unwrap_or("<stdin>"),
        format!("no people in {}", shown.join(", ")),
    ))
}

/// A manager value such as `0` or `XX` means "top of the chart" only when nobody has it as
/// an id: when someone does, the value names that person (the export says who, and a
/// convention must not make a real manager vanish). The markers that mean top stay tops.
fn resolve_root_markers_that_are_ids(chart: &mut Chart) {
    if chart.root_marker_managers.is_empty() {
        return;
    }
    let markers: std::collections::HashSet<&str> = chart
        .root_marker_managers
        .iter()
        .map(|(_, r)| r.id.as_str())
        .collect();
    let named: std::collections::HashSet<String> = chart
        .people
        .iter()
        .filter(|p| markers.contains(p.id.as_str()))
        .map(|p| p.id.to_string())
        .collect();
    for (person, manager) in std::mem::take(&mut chart.root_marker_managers) {
        match chart.people.get_mut(person as usize) {
            Some(p) if named.contains(manager.id.as_str()) && p.reports_to.is_none() => {
                p.reports_to = Some(manager);
            }
            _ => chart.root_marker_managers.push((person, manager)),
        }
    }
}

/// A dotted-line entry `a, b` (from a cell that used commas) is split into `a` and `b` when it
/// is no id itself and every part is one; ids like `Smith, Jane` stay whole.
fn split_comma_dotted_lines(chart: &mut Chart) {
    let has_commas = |p: &crate::model::Person| p.dotted_lines.iter().any(|d| d.id.contains(','));
    if !chart.people.iter().any(has_commas) {
        return;
    }
    let ids: std::collections::HashSet<String> =
        chart.people.iter().map(|p| p.id.to_string()).collect();
    for person in &mut chart.people {
        if !person.dotted_lines.iter().any(|d| d.id.contains(',')) {
            continue;
        }
        let mut split = Vec::with_capacity(person.dotted_lines.len());
        for entry in std::mem::take(&mut person.dotted_lines) {
            let parts: Vec<&str> = entry.id.split(',').map(str::trim).collect();
            if !ids.contains(entry.id.as_str()) && parts.iter().all(|part| ids.contains(*part)) {
                split.extend(
                    parts
                        .into_iter()
                        .map(|part| crate::model::Ref::new(part, entry.loc)),
                );
            } else {
                split.push(entry);
            }
        }
        person.dotted_lines = split.into();
    }
}

/// Loads one file and appends its people, departments and waivers to `chart`.
pub fn load_into(chart: &mut Chart, path: &str, options: &LoadOptions) -> Result<(), InputError> {
    let display = if path == "-" { "<stdin>" } else { path };
    let named = options
        .input_format
        .or_else(|| InputFormat::from_path(path));
    if let (Some(format @ (InputFormat::Csv | InputFormat::Tsv)), false) = (named, path == "-") {
        // A big UTF-8 table is streamed rather than held whole (SPEC §8). Bigger than the
        // text kept for excerpts even after a BOM, so nothing is kept, as when read whole.
        let min_len = (KEPT_TEXT_MAX + 3) as u64;
        if let Some(text) = Window::big_utf8_file(Path::new(path), min_len) {
            start_file(chart, options);
            let file = chart.add_source(display, String::new());
            return load_table(chart, text, display, file, format, options);
        }
    }
    if let (Some(InputFormat::Json), false) = (named, path == "-") {
        // A big Graph page is streamed too: a million users are 190 MB of JSON.
        if let Some(window) = big_graph_file(Path::new(path)) {
            start_file(chart, options);
            let functions = FunctionTable::for_options(options)?;
            let whole = || read_input(path, display).and_then(|b| into_utf8(b, display));
            let exclusions = &options.exclude;
            return msgraph::load_streamed(chart, display, window, whole, &functions, exclusions);
        }
    }
    if named == Some(InputFormat::Ldif) && path != "-" {
        // Read a window at a time: an export of a million entries is 300 MB.
        let (mut file, size) = open_input(path, display)?;
        return load_ldif(chart, display, &mut file, size, options);
    }
    // A missing file is worth saying before its name.
    let bytes = read_input(path, display)?;
    let format = match named {
        Some(format) => format,
        None if path == "-" => sniff::sniff(&bytes).ok_or_else(|| {
            InputError::file(
                display,
                "cannot tell the format of standard input from its content: expected JSON, \
                 YAML, CSV/TSV or LDIF (or pass --input-format yaml, json, csv, tsv or ldif)",
            )
        })?,
        None => return Err(InputError::file(display, UNKNOWN_EXTENSION)),
    };
    load_bytes(chart, display, bytes, format, options)
}

/// Loads a chart from text in memory (tests, fuzz targets, editors): `name` is what locations
/// and errors call it, `format` as `--input-format` gives it.
pub fn from_str(
    name: &str,
    text: &str,
    format: InputFormat,
    options: &LoadOptions,
) -> Result<Chart, InputError> {
    let mut chart = Chart::default();
    load_bytes(&mut chart, name, text.as_bytes().to_vec(), format, options)?;
    paging::check_whole(&mut chart, options.allow_partial)?;
    finish(&mut chart);
    Ok(chart)
}

impl Chart {
    /// A chart from text in memory, with default load options ([`from_str`]).
    pub fn from_str(name: &str, text: &str, format: InputFormat) -> Result<Chart, InputError> {
        from_str(name, text, format, &LoadOptions::default())
    }
}

/// Loads one file's bytes, read already, into `chart`.
fn load_bytes(
    chart: &mut Chart,
    display: &str,
    bytes: Vec<u8>,
    format: InputFormat,
    options: &LoadOptions,
) -> Result<(), InputError> {
    start_file(chart, options);
    match format {
        InputFormat::Json | InputFormat::Yaml => {
            let text = into_utf8(bytes, display)?;
            let functions = || FunctionTable::for_options(options);
            match detect(format, &text, None) {
                Detected::Scim => {
                    scim::load(chart, display, &text, &functions()?, &options.exclude)
                }
                Detected::Graph => {
                    msgraph::load(chart, display, &text, &functions()?, &options.exclude)
                }
                _ => chart_file::load(chart, display, text, format == InputFormat::Json),
            }
        }
        InputFormat::Csv | InputFormat::Tsv => {
            let text = table::decode_text(&bytes, display)?;
            let file = chart.add_source(display, kept_text(&text));
            load_table(chart, Window::whole(&text), display, file, format, options)
        }
        InputFormat::Ldif => load_ldif(chart, display, &mut bytes.as_slice(), bytes.len(), options),
    }
}

/// What every file's loading starts with: a place for reconcile's data when it is kept.
fn start_file(chart: &mut Chart, options: &LoadOptions) {
    if options.keep_reconcile_data && chart.reconcile.is_none() {
        let mut data = crate::record::ReconcileData::default();
        if options.accounts_only {
            data.unbuilt_people = Some(crate::record::UnbuiltPeople::default());
        }
        chart.reconcile = Some(Box::new(data));
    }
}

/// Loads a CSV/TSV table, in memory or streamed, into `chart` as its source `file`.
fn load_table(
    chart: &mut Chart,
    text: Window,
    display: &str,
    file: SourceId,
    format: InputFormat,
    options: &LoadOptions,
) -> Result<(), InputError> {
    let tab = format == InputFormat::Tsv;
    let mut table = Table::read(text, tab, display, file)?;
    table.redact = options.redact;
    let known = Vocabulary {
        functions: FunctionTable::for_options(options)?,
        titles: role_title_matcher(options)?,
    };
    // A table's kind is told by its header alone.
    match detect(format, "", Some(&table)) {
        Detected::Organogram(kind) => organogram::load(chart, &mut table, kind, &known),
        Detected::Google => google::load(chart, &mut table, &known, &options.exclude),
        _ => {
            let today = options.today.unwrap_or_else(crate::model::today);
            csv::load(
                chart,
                &mut table,
                &options.csv,
                &known,
                &options.exclude,
                today,
            )
        }
    }
}

/// Loads an LDIF export of `size` bytes from `source` (a file or bytes read already).
fn load_ldif(
    chart: &mut Chart,
    display: &str,
    source: &mut dyn Read,
    size: usize,
    options: &LoadOptions,
) -> Result<(), InputError> {
    start_file(chart, options);
    let functions = FunctionTable::for_options(options)?;
    let source = ldif::Source { read: source, size };
    ldif::load(
        chart,
        display,
        source,
        &options.ldif,
        &functions,
        &options.exclude,
        options.redact,
    )
}

/// What a file holds, as [`detect`] decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    /// The orglint chart format (SPEC §3), YAML or JSON.
    Chart,
    /// A SCIM user list (a `ListResponse` or a JSON array of users with `schemas`).
    Scim,
    /// A Microsoft Graph users response (`value` pages of users).
    Graph,
    /// A UK government organogram (senior or junior file).
    Organogram(organogram::Kind),
    /// A Google Workspace users export (its `Email Address [Required]` header).
    Google,
    /// Any other CSV/TSV export, mapped by header names.
    Export,
}

/// The one format-detection step: what a file holds, from its format (`--input-format` or
/// the extension) and its content (JSON keys, a table's headers). A new kind of source is a
/// variant of [`Detected`], a line here and its loader.
pub(crate) fn detect(format: InputFormat, text: &str, table: Option<&Table>) -> Detected {
    match (format, table) {
        (InputFormat::Json, _) => match json_source::detect(text) {
            json_source::JsonSource::Scim => Detected::Scim,
            json_source::JsonSource::Graph => Detected::Graph,
            json_source::JsonSource::Chart => Detected::Chart,
        },
        (InputFormat::Yaml, _) => Detected::Chart,
        (_, Some(table)) => match organogram::detect(table) {
            Some(kind) => Detected::Organogram(kind),
            None if google::detect(table) => Detected::Google,
            None => Detected::Export,
        },
        (_, None) => Detected::Export,
    }
}

/// The bytes of a JSON file's start that tell a Graph export (see [`json_source::detect`]).
const JSON_PROBE: u64 = 256 * 1024;

/// A JSON file to stream: a regular file bigger than the text kept for excerpts, UTF-8
/// throughout, whose start says it holds Microsoft Graph users. `None` for any other file
/// (and for one that cannot be read: the caller reads it whole and says why).
fn big_graph_file(path: &Path) -> Option<Window<'_>> {
    let min_len = (KEPT_TEXT_MAX + 3) as u64;
    if std::fs::metadata(path).ok()?.len() <= min_len {
        return None;
    }
    let mut head = Vec::new();
    let file = std::fs::File::open(path).ok()?;
    file.take(JSON_PROBE).read_to_end(&mut head).ok()?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    match json_source::detect(valid) {
        json_source::JsonSource::Graph => Window::big_utf8_file(path, min_len),
        _ => None,
    }
}

fn read_input(path: &str, display: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        let (mut file, _) = open_input(path, display)?;
        file.read_to_end(&mut bytes).map(|_| ())
    };
    result.map_err(|e| InputError::file(display, read_error_message(&e)))?;
    Ok(bytes)
}

/// Opens a file to read (not standard input), with its size.
fn open_input(path: &str, display: &str) -> Result<(std::fs::File, usize), InputError> {
    if Path::new(path).is_dir() {
        return Err(InputError::file(
            display,
            "cannot read: this is a directory, expected a chart file",
        ));
    }
    let file =
        std::fs::File::open(path).map_err(|e| InputError::file(display, read_error_message(&e)))?;
    let size = file.metadata().map_or(0, |m| m.len() as usize);
    Ok((file, size))
}

/// Whether a name cell is the placeholder for an open position.
pub(crate) fn is_vacant_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("vacant") || name.eq_ignore_ascii_case("vacancy")
}

/// Interns department values: one `Department` per distinct value, across all files. The
/// map lives in the chart between files ([`crate::model::DepartmentIndex`]): rebuilt for
/// every file, 50,000 files would cost files × departments.
pub(crate) struct Departments {
    /// The department the last reference named: rows of one department tend to come
    /// together, and comparing with it is cheaper than hashing the value again.
    last: Option<usize>,
}

impl Departments {
    /// Brings the chart's map up to date with departments added since the last file (a
    /// chart file's own, for one).
    pub fn new(chart: &mut Chart) -> Departments {
        let index = &mut chart.pending.departments;
        if index.indexed > chart.departments.len() {
            *index = crate::model::DepartmentIndex::default();
        }
        for (i, d) in chart.departments.iter().enumerate().skip(index.indexed) {
            index.by_id.insert(d.id.clone(), i);
            #[cfg(test)]
            {
                index.insertions += 1;
            }
        }
        index.indexed = chart.departments.len();
        Departments { last: None }
    }

    /// The department for `value` (created with its name's function on first sight), as a
    /// reference located at `loc`; `None` for an empty value.
    pub fn reference(
        &mut self,
        chart: &mut Chart,
        value: &str,
        loc: Loc,
        functions: &FunctionTable,
    ) -> Option<Ref> {
        if value.is_empty() {
            return None;
        }
        let same_as_last = self
            .last
            .and_then(|k| chart.departments.get(k))
            .is_some_and(|d| d.id == value);
        if same_as_last {
            return Some(Ref::new(value, loc));
        }
        let k = match self.index(chart, value) {
            Some(k) => k,
            None => Self::add(chart, value, loc, functions),
        };
        self.last = Some(k);
        Some(Ref::new(value, loc))
    }

    /// A new department for `value`, with its name's function; its index.
    fn add(chart: &mut Chart, value: &str, loc: Loc, functions: &FunctionTable) -> usize {
        let k = chart.departments.len();
        let index = &mut chart.pending.departments;
        index.by_id.insert(value.to_owned(), k);
        index.indexed = k + 1;
        #[cfg(test)]
        {
            index.insertions += 1;
        }
        chart.departments.push(Department {
            id: value.to_owned(),
            name: Some(value.to_owned()),
            function: functions.function_for(value).map(str::to_owned),
            loc,
            ..Department::default()
        });
        k
    }

    /// Index of a department in `chart.departments`.
    pub fn index(&self, chart: &Chart, value: &str) -> Option<usize> {
        chart.pending.departments.by_id.get(value).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loading file after file must not index every department again for each file: 300
    /// one-person files, each with its own department and one shared, put each department
    /// in the map once (not about 300² / 2 times).
    #[test]
    fn many_files_index_each_department_once() {
        let mut chart = Chart::default();
        let options = LoadOptions::default();
        for i in 0..300 {
            let csv = format!(
                "id,manager,name,department\np{i},,Person {i},Dept {i}\nq{i},p{i},Q,Shared\n"
            );
            let name = format!("f{i}.csv");
            load_bytes(
                &mut chart,
                &name,
                csv.into_bytes(),
                InputFormat::Csv,
                &options,
            )
            .unwrap();
        }
        assert_eq!(chart.departments.len(), 301);
        assert_eq!(chart.pending.departments.insertions, 301);
        assert_eq!(chart.people.len(), 600);
        assert_eq!(chart.departments[1].id, "Shared");
    }

    /// Rows of one department coming together skip the map (the last department is
    /// remembered); a department met again after another is still the same one.
    #[test]
    fn runs_of_one_department_make_one_department() {
        let csv =
            "id,manager,name,department\na,,A,Sales\nb,a,B,Sales\nc,a,C,Ops\nd,a,D,Sales\ne,a,E,\n";
        let mut chart = Chart::default();
        let options = LoadOptions::default();
        load_bytes(
            &mut chart,
            "runs.csv",
            csv.as_bytes().to_vec(),
            InputFormat::Csv,
            &options,
        )
        .unwrap();
        let ids: Vec<&str> = chart.departments.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["Sales", "Ops"]);
        assert_eq!(chart.pending.departments.insertions, 2);
        let of = |i: usize| chart.people[i].department.as_ref().map(|d| d.id.as_str());
        assert_eq!(
            (0..5).map(of).collect::<Vec<_>>(),
            [
                Some("Sales"),
                Some("Sales"),
                Some("Ops"),
                Some("Sales"),
                None
            ]
        );
        assert_eq!(chart.people[1].department.as_ref().unwrap().loc.line, 3);
    }

    fn managers(chart: &Chart) -> Vec<(&str, Option<&str>)> {
        chart
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.reports_to.as_ref().map(|r| r.id.as_str())))
            .collect()
    }

    #[test]
    fn charts_load_from_memory_in_every_format() {
        let expected = [("a", None), ("b", Some("a"))];
        let yaml = "people:\n  - {id: a}\n  - {id: b, reports_to: a}\n";
        let chart = Chart::from_str("mem.yaml", yaml, InputFormat::Yaml).unwrap();
        assert_eq!(managers(&chart), expected);
        assert_eq!(chart.source_path(chart.people[1].loc.file), "mem.yaml");
        assert_eq!(chart.people[1].loc.line, 3);
        let json = r#"{"people": [{"id": "a"}, {"id": "b", "reports_to": "a"}]}"#;
        let chart = Chart::from_str("mem.json", json, InputFormat::Json).unwrap();
        assert_eq!(managers(&chart), expected);
        let chart = Chart::from_str("mem.csv", "id,manager\na,\nb,a\n", InputFormat::Csv).unwrap();
        assert_eq!(managers(&chart), expected);
        assert_eq!(chart.people[1].loc.line, 3);
        let chart =
            Chart::from_str("mem.tsv", "id\tmanager\na\t\nb\ta\n", InputFormat::Tsv).unwrap();
        assert_eq!(managers(&chart), expected);
        let scim = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "Resources": [{"id": "a", "userName": "a@x"}]}"#;
        let chart = Chart::from_str("mem.json", scim, InputFormat::Json).unwrap();
        assert_eq!(managers(&chart), [("a", None)]);
    }

    #[test]
    fn errors_in_memory_name_the_given_name_and_line() {
        let error = Chart::from_str(
            "typo.yaml",
            "people:\n  - {id: a, reprots_to: b}\n",
            InputFormat::Yaml,
        )
        .unwrap_err();
        assert_eq!((error.file.as_str(), error.line), ("typo.yaml", 2));
        assert!(error.message.contains("reports_to"), "{}", error.message);
    }

    #[test]
    fn detection_is_one_step_over_format_and_content() {
        let scim = r#"{"schemas": [], "Resources": []}"#;
        assert_eq!(detect(InputFormat::Json, scim, None), Detected::Scim);
        assert_eq!(detect(InputFormat::Yaml, scim, None), Detected::Chart);
        let senior = "Post Unique Reference,Reports to Senior Post\n1,XX\n";
        let table = Table::open(senior, false, "s.csv", 0).unwrap();
        assert_eq!(
            detect(InputFormat::Csv, senior, Some(&table)),
            Detected::Organogram(organogram::Kind::Senior)
        );
        let export = "id,manager\n";
        let table = Table::open(export, false, "e.csv", 0).unwrap();
        assert_eq!(
            detect(InputFormat::Csv, export, Some(&table)),
            Detected::Export
        );
    }
}
