//! CSV and TSV exports (SPEC §3): one row a position, columns found by normalised header name
//! or named in the config's `csv.columns`. Organogram files (UK government) are recognised by
//! their header and handed to [`super::organogram`].
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

use crate::error::InputError;
use crate::load::{CsvOptions, FunctionTable};
use crate::model::{Chart, Department, Loc, Person, Ref, SourceId};
use ::csv::{ByteRecord, Reader, ReaderBuilder};
use std::borrow::Cow;
use std::collections::HashMap;

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

/// A header as matched: lower case, without white space, `_` and `-` (SPEC §3).
pub(crate) fn normalize_header(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Decodes an export faithfully or not at all: UTF-8 (a BOM dropped), UTF-16 with a BOM, or
/// Windows-1252 when the bytes are not UTF-8 and hold no UTF-8 sequence either. A file that
/// mixes encodings (a UTF-8 BOM or UTF-8 sequences beside Latin-1 bytes, malformed UTF-16)
/// cannot be read without guessing names, so it is an error at the first bad byte.
pub(crate) fn decode_text<'b>(bytes: &'b [u8], display: &str) -> Result<Cow<'b, str>, InputError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(e) => Err(not_utf8(
                bytes,
                3 + e.valid_up_to(),
                display,
                "the file starts with a UTF-8 byte-order mark",
            )),
        };
    }
    let utf16 = if bytes.starts_with(b"\xFF\xFE") {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(encoding) = utf16 {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[2..])
            .ok_or_else(|| {
                InputError::file(
                    display,
                    format!(
                        "the file starts with a {} byte-order mark but is not valid {0}: expected UTF-8 or UTF-16 text",
                        encoding.name()
                    ),
                )
            });
    }
    let first_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(e) => e.valid_up_to(),
    };
    // Windows-1252 only when no byte above ASCII forms UTF-8: otherwise some names are UTF-8
    // and some are not, and either reading garbles one of them.
    let has_utf8 = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if has_utf8 {
        return Err(not_utf8(
            bytes,
            first_error,
            display,
            "the file has UTF-8 text elsewhere",
        ));
    }
    Ok(encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0)
}

/// The error for a byte that is not UTF-8 in a file that is UTF-8 elsewhere.
fn not_utf8(bytes: &[u8], at: usize, display: &str, why: &str) -> InputError {
    let before = &bytes[..at.min(bytes.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    InputError::new(
        display,
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
        format!(
            "byte 0x{:02x} is not UTF-8, but {why}: expected one encoding throughout (save the export as UTF-8), since reading it either way would garble names",
            bytes.get(at).copied().unwrap_or(0)
        ),
    )
}

/// One CSV/TSV file being read: its header and a reader positioned after it.
pub(crate) struct Table<'a> {
    pub display: &'a str,
    pub file: SourceId,
    /// The headers as written (trimmed).
    pub headers: Vec<String>,
    normalized: Vec<String>,
    reader: Reader<&'a [u8]>,
    /// The line the header row starts on.
    pub header_line: u32,
    lines: LineCounter<'a>,
    pub text: &'a str,
    pub delimiter: u8,
    /// Errors name columns but quote no cell (the header may be a person's row).
    pub redact: bool,
}

/// Physical line numbers from byte offsets. The csv crate's own line count is off after
/// CRLF endings and skipped blank lines, so lines are counted here, once over the file.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes before `offset` hold `line - 1` line breaks.
    offset: usize,
    line: u32,
}

impl LineCounter<'_> {
    /// The line of the first byte at or after `offset` that is not a line break (a record
    /// starts there; the csv crate may place its start on the previous terminator).
    fn line_at(&mut self, offset: usize) -> u32 {
        let mut start = offset.min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.offset {
            let breaks = self.bytes[self.offset..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line = self.line.saturating_add(breaks as u32);
            self.offset = start;
        }
        self.line
    }
}

impl<'a> Table<'a> {
    /// Reads the header row. `tab` picks TSV; a `.csv` whose first line has no comma but a
    /// `;` or tab uses that instead.
    pub fn open(
        text: &'a str,
        tab: bool,
        display: &'a str,
        file: SourceId,
    ) -> Result<Table<'a>, InputError> {
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = if tab {
            b'\t'
        } else if !first_line.contains(',') && first_line.contains(';') {
            b';'
        } else if !first_line.contains(',') && first_line.contains('\t') {
            b'\t'
        } else {
            b','
        };
        let mut reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = ByteRecord::new();
        let mut lines = LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        };
        let header_line;
        loop {
            let more = reader
                .read_byte_record(&mut record)
                .map_err(|e| csv_error(&e, display))?;
            if !more {
                return Err(InputError::file(
                    display,
                    "the file is empty: expected a header row naming the columns",
                ));
            }
            if !is_blank(&record) {
                header_line = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
                break;
            }
        }
        check_quotes_closed(text, &record, &reader, delimiter, display)?;
        let headers: Vec<String> = record
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_owned())
            .collect();
        let normalized = headers.iter().map(|h| normalize_header(h)).collect();
        Ok(Table {
            display,
            file,
            headers,
            normalized,
            reader,
            header_line,
            lines,
            text,
            delimiter,
            redact: false,
        })
    }

    pub fn has(&self, normalized: &str) -> bool {
        self.normalized.iter().any(|h| h == normalized)
    }

    /// The first column whose normalised header is one of `aliases` (in alias order).
    pub fn column(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|alias| self.normalized.iter().position(|h| h == alias))
    }

    /// The column a config mapping names (matched like a header), or an error naming it.
    fn named_column(&self, field: Field, header: &str) -> Result<usize, InputError> {
        let wanted = normalize_header(header);
        self.normalized
            .iter()
            .position(|h| *h == wanted)
            .ok_or_else(|| {
                self.header_error(&format!(
                    "the config's csv.columns.{} names column {header:?}, which is not in the header",
                    field.key()
                ))
            })
    }

    /// An error about the header row that lists the headers seen.
    pub fn header_error(&self, what: &str) -> InputError {
        const SHOWN: usize = 40;
        if self.redact {
            return InputError::new(
                self.display,
                self.header_line,
                0,
                format!("{what}; the headers are not shown under --redact"),
            );
        }
        let mut seen: Vec<String> = self
            .headers
            .iter()
            .take(SHOWN)
            .map(|h| format!("{:?}", crate::text::truncate(h, 60)))
            .collect();
        if self.headers.len() > SHOWN {
            seen.push(format!("and {} more", self.headers.len() - SHOWN));
        }
        InputError::new(
            self.display,
            self.header_line,
            0,
            format!("{what}; the headers are: {}", seen.join(", ")),
        )
    }

    /// Calls `each` with every non-blank row after the header and the physical line it
    /// starts on. One record buffer is reused for the whole file.
    pub fn for_each_row(
        &mut self,
        mut each: impl FnMut(&ByteRecord, u32) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        let mut record = ByteRecord::new();
        while self
            .reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(&e, self.display))?
        {
            check_quotes_closed(
                self.text,
                &record,
                &self.reader,
                self.delimiter,
                self.display,
            )?;
            if is_blank(&record) {
                continue;
            }
            let line = self
                .lines
                .line_at(record.position().map_or(0, |p| p.byte() as usize));
            self.check_shape(&record, line)?;
            each(&record, line)?;
        }
        Ok(())
    }
}

/// The 1-based column (in characters) where each cell of `record` starts on its line, into
/// `columns` (cleared first): one scan of the row's text, quotes respected, so a finding can
/// point at the cell it is about.
pub(super) fn cell_columns(text: &str, record: &ByteRecord, delimiter: u8, columns: &mut Vec<u32>) {
    columns.clear();
    let start = record.position().map_or(0, |p| p.byte() as usize);
    let Some(rest) = text.get(start.min(text.len())..) else {
        return;
    };
    let rest = rest.trim_start_matches(['\r', '\n']);
    let delimiter = char::from(delimiter);
    let mut column = 1u32;
    let mut in_quotes = false;
    columns.push(column);
    for c in rest.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' if in_quotes => column = 0,
            '\n' | '\r' => break,
            c if c == delimiter && !in_quotes => columns.push(column + 1),
            _ => {}
        }
        column = column.saturating_add(1);
        if columns.len() >= record.len() {
            break;
        }
    }
}

impl Table<'_> {
    /// A row must have as many cells as the header (empty cells past the end aside): an
    /// unquoted `Wei, Chen` would shift every cell after it, and a short row would lose its
    /// manager. A quoted cell whose later lines are whole rows is a stray quote that merged
    /// rows into one. Each is an input error at the row, never a guess.
    fn check_shape(&self, record: &ByteRecord, line: u32) -> Result<(), InputError> {
        let expected = self.headers.len();
        let cells = record.len();
        let extra_is_empty = record
            .iter()
            .skip(expected)
            .all(|cell| cell.trim_ascii().is_empty());
        if cells < expected || !extra_is_empty {
            let hint = if cells < expected {
                "is a cell missing, or the row broken over two lines?"
            } else {
                "is a value with a delimiter in it not quoted?"
            };
            return Err(InputError::new(
                self.display,
                line,
                0,
                format!(
                    "this row has {cells} cells but the header has {expected} columns: expected {expected} ({hint})"
                ),
            ));
        }
        let delimiter = self.delimiter;
        let looks_like_a_row = |text: &[u8]| {
            expected >= 3 && text.iter().filter(|&&b| b == delimiter).count() + 1 >= expected
        };
        for (column, cell) in record.iter().enumerate() {
            let mut lines = cell.split(|&b| b == b'\n');
            lines.next();
            let merged = lines.filter(|l| looks_like_a_row(l)).count();
            if merged > 0 {
                let header = self.headers.get(column).map_or("", String::as_str);
                return Err(InputError::new(
                    self.display,
                    line,
                    0,
                    format!(
                        "the quoted cell in column {header:?} runs over {} lines and holds {merged} line(s) that look like whole rows: expected its closing quote on this line (a stray quote merges the rows after it into one cell)",
                        cell.iter().filter(|&&b| b == b'\n').count() + 1
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The csv reader takes a quote that is never closed as a cell running to the end of the
/// file, so every row after it would vanish without a word. Once the reader has reached the
/// end, the last record is scanned the way the reader reads quotes; a quote still open there
/// is an input error at the quote.
fn check_quotes_closed(
    text: &str,
    record: &ByteRecord,
    reader: &Reader<&[u8]>,
    delimiter: u8,
    display: &str,
) -> Result<(), InputError> {
    if (reader.position().byte() as usize) < text.len() {
        return Ok(());
    }
    let start = record
        .position()
        .map_or(0, |p| p.byte() as usize)
        .min(text.len());
    let Some(quote) = open_quote(&text.as_bytes()[start..], delimiter).map(|at| start + at) else {
        return Ok(());
    };
    let line_start = text[..quote].rfind('\n').map_or(0, |at| at + 1);
    let line = text[..quote].matches('\n').count() + 1;
    let column = text[line_start..quote].chars().count() + 1;
    Err(InputError::new(
        display,
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
        "this quoted cell is never closed and runs to the end of the file: expected a closing \"",
    ))
}

/// Where a quoted cell opens and never closes in `record` (one CSV record to the end of the
/// file), as the csv crate reads quotes: only a quote that begins a cell opens one, and `""`
/// inside it is an escaped quote.
fn open_quote(record: &[u8], delimiter: u8) -> Option<usize> {
    enum State {
        CellStart,
        Plain,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut state = State::CellStart;
    for (at, &byte) in record.iter().enumerate() {
        let ends_cell = byte == delimiter || byte == b'\n' || byte == b'\r';
        state = match state {
            State::CellStart if byte == b'"' => State::Quoted(at),
            State::CellStart | State::Plain if ends_cell => State::CellStart,
            State::CellStart | State::Plain => State::Plain,
            State::Quoted(open) if byte == b'"' => State::QuoteInQuoted(open),
            State::Quoted(open) => State::Quoted(open),
            State::QuoteInQuoted(open) if byte == b'"' => State::Quoted(open),
            State::QuoteInQuoted(_) if ends_cell => State::CellStart,
            State::QuoteInQuoted(_) => State::Plain,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
}

fn csv_error(error: &::csv::Error, display: &str) -> InputError {
    let line = error.position().map_or(0, |p| p.line() as u32);
    InputError::new(display, line, 0, format!("cannot read CSV: {error}"))
}

/// A cell's text, trimmed; empty when the row is shorter or the column absent.
pub(crate) fn cell(record: &ByteRecord, column: Option<usize>) -> &str {
    column
        .and_then(|c| record.get(c))
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .map_or("", str::trim)
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
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

/// Whether a name cell is the placeholder for an open position.
pub(crate) fn is_vacant_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("vacant") || name.eq_ignore_ascii_case("vacancy")
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

/// Interns department values: one `Department` per distinct value, across all files.
pub(crate) struct Departments {
    /// Looked up once per row: foldhash, not SipHash (seeded per process all the same).
    by_id: HashMap<String, usize, foldhash::fast::RandomState>,
}

impl Departments {
    pub fn new(chart: &Chart) -> Departments {
        let by_id = chart
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Departments { by_id }
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
        if !self.by_id.contains_key(value) {
            self.by_id.insert(value.to_owned(), chart.departments.len());
            chart.departments.push(Department {
                id: value.to_owned(),
                name: Some(value.to_owned()),
                function: functions.function_for(value).map(str::to_owned),
                loc,
                ..Department::default()
            });
        }
        Some(Ref::new(value, loc))
    }

    /// Index of a department in `chart.departments`.
    pub fn index(&self, value: &str) -> Option<usize> {
        self.by_id.get(value).copied()
    }
}

/// Loads a CSV/TSV file's text into `chart`.
pub(super) fn load(
    chart: &mut Chart,
    display: &str,
    text: &str,
    tab: bool,
    options: &super::LoadOptions,
    functions: &FunctionTable,
) -> Result<(), InputError> {
    let file = chart.add_source(display, super::kept_text(text));
    let mut table = Table::open(text, tab, display, file)?;
    table.redact = options.redact;
    if let Some(kind) = super::organogram::detect(&table) {
        return super::organogram::load(chart, &mut table, kind, functions);
    }
    if super::google::detect(&table) {
        return super::google::load(chart, &mut table, functions);
    }
    load_generic(chart, &mut table, &options.csv, functions)
}

/// The column of each field, by the config's mapping or else by header name.
struct Columns {
    of: [Option<usize>; 11],
    first_name: Option<usize>,
    last_name: Option<usize>,
}

impl Columns {
    fn find(table: &Table, options: &CsvOptions) -> Result<Columns, InputError> {
        let mut of = [None; 11];
        for (slot, field) in of.iter_mut().zip(Field::ALL) {
            *slot = match options.columns.get(field.key()) {
                Some(header) => Some(table.named_column(field, header)?),
                None => table.column(field.aliases()),
            };
        }
        let columns = Columns {
            of,
            first_name: table.column(&["firstname", "givenname", "legalfirstname"]),
            last_name: table.column(&["lastname", "familyname", "surname", "legallastname"]),
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
}

fn load_generic(
    chart: &mut Chart,
    table: &mut Table,
    options: &CsvOptions,
    functions: &FunctionTable,
) -> Result<(), InputError> {
    let columns = Columns::find(table, options)?;
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
    let (text, delimiter) = (table.text, table.delimiter);
    let mut starts: Vec<u32> = Vec::new();
    table.for_each_row(|record, line| {
        let loc = Loc {
            file,
            line,
            column: 0,
        };
        cell_columns(text, record, delimiter, &mut starts);
        // Where the cell of a field starts: findings about it point there.
        let at = |field: Field| Loc {
            column: columns
                .get(field)
                .and_then(|c| starts.get(c))
                .copied()
                .unwrap_or(0),
            ..loc
        };
        let get = |field: Field| cell(record, columns.get(field));
        let id = get(Field::Id);
        if id.is_empty() {
            return Err(InputError::new(
                display,
                line,
                at(Field::Id).column,
                "this row has no id: every row needs a value in the id column",
            ));
        }
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
        let mut name = get(Field::Name).to_owned();
        if name.is_empty() {
            let first = cell(record, columns.first_name);
            let last = cell(record, columns.last_name);
            name = format!("{first} {last}").trim().to_owned();
        }
        let mut vacant = flag(Field::Vacant, &vacant_header)?;
        if is_vacant_name(&name) {
            vacant = true;
            name.clear();
        }
        let roles = columns.get(Field::Roles).and_then(|_| {
            let text = get(Field::Roles);
            (!text.is_empty()).then(|| {
                split_list(text, true)
                    .map(|role| Ref::new(role, at(Field::Roles)))
                    .collect()
            })
        });
        let department = departments.reference(
            chart,
            get(Field::Department),
            at(Field::Department),
            functions,
        );
        let reports_to = roots.manager_of_next(chart, get(Field::Manager), id, at(Field::Manager));
        chart.people.push(Person {
            id: id.to_owned(),
            name: non_empty(&name),
            title: non_empty(get(Field::Title)),
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise_case_spaces_underscores_and_dashes() {
        assert_eq!(normalize_header("Employee_ID"), "employeeid");
        assert_eq!(
            normalize_header(" Reports-To Senior Post "),
            "reportstoseniorpost"
        );
        assert_eq!(normalize_header("\u{feff}Id"), "id");
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252_only_when_nothing_else_is_utf8() {
        let decode = |bytes: &[u8]| decode_text(bytes, "f.csv").map(Cow::into_owned);
        assert_eq!(decode(b"Salary (\xa3)").unwrap(), "Salary (£)");
        assert_eq!(decode("Salary (£)".as_bytes()).unwrap(), "Salary (£)");
        assert_eq!(decode(b"\xEF\xBB\xBFid").unwrap(), "id");
        assert_eq!(decode(b"\xFF\xFEi\0d\0").unwrap(), "id");
        assert_eq!(decode(b"\xFE\xFF\0i\0d").unwrap(), "id");
        // A BOM says UTF-8: Latin-1 bytes after it are not guessed at.
        let e = decode(b"\xEF\xBB\xBFid,name\n1,Jos\xe9\n2,Jos\xe8\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 6), "{}", e.message);
        assert!(e.message.contains("0xe9"), "{}", e.message);
        // UTF-8 names beside Latin-1 ones, no BOM: mixed, refused.
        let e = decode(b"id,name\n1,Jos\xc3\xa9\n2,Jos\xe8\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 6), "{}", e.message);
        // Malformed UTF-16 (a lone surrogate) is refused, not replaced.
        assert!(decode(b"\xFF\xFEi\0\x00\xD8").is_err());
    }

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
