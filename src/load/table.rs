//! The table reader under every CSV/TSV loader: decoding (UTF-8, UTF-16 with a BOM, else
//! Windows-1252 when the bytes hold no UTF-8 at all; mixed encodings are an error), the
//! delimiter, quoting (a quote never closed is an error, not a cell that swallows the file),
//! row shapes and physical line numbers. Mapping rows to people is the loaders' job
//! (`csv` for generic exports, `organogram` for UK government ones, `google` for Google
//! Workspace users).

use crate::error::InputError;
use crate::hash::FastMap;
use crate::model::{Chart, IgnoredColumn, Loc, SourceId};
use crate::rulebook::TitleMatcher;
use ::csv::{ByteRecord, Reader, ReaderBuilder, StringRecord};
use std::borrow::Cow;

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
    /// The column (in characters) where each header cell starts on the header line.
    header_columns: Vec<u32>,
    reader: Reader<&'a [u8]>,
    /// The line the header row starts on.
    pub header_line: u32,
    lines: LineCounter<'a>,
    text: &'a str,
    delimiter: u8,
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
            let breaks = count_line_breaks(&self.bytes[self.offset..start]);
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
        // Windows PowerShell's `Export-Csv` writes `#TYPE Microsoft...ADUser` above the header.
        let mut type_line = text.starts_with("#TYPE ");
        let first_line = text.lines().nth(usize::from(type_line)).unwrap_or("");
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
            if std::mem::take(&mut type_line) {
                continue;
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
        let mut header_columns = Vec::with_capacity(headers.len());
        cell_columns(text, &record, delimiter, &mut header_columns);
        Ok(Table {
            display,
            file,
            headers,
            normalized,
            header_columns,
            reader,
            header_line,
            lines,
            text,
            delimiter,
            redact: false,
        })
    }

    /// Another reader of the same file from its first row, for a loader that must see a
    /// column whole before it reads rows (the day-month order of a file's dates).
    pub fn reopen(&self) -> Result<Table<'a>, InputError> {
        let mut table = Table::open(self.text, self.delimiter == b'\t', self.display, self.file)?;
        table.redact = self.redact;
        Ok(table)
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

    /// Every column whose normalised header is one of `aliases`, in alias order.
    pub fn columns(&self, aliases: &[&str]) -> Vec<usize> {
        let mut found = Vec::new();
        for alias in aliases {
            let matching = self
                .normalized
                .iter()
                .enumerate()
                .filter(|(_, h)| h == alias);
            found.extend(matching.map(|(c, _)| c));
        }
        found
    }

    /// A header written twice (compared as headers are matched: case, spaces, `_` and `-`
    /// ignored) is an input error at the second: only one of the columns would be read, and
    /// which one is a guess. Columns without a header are not compared.
    pub fn check_unique_headers(&self) -> Result<(), InputError> {
        let mut first: FastMap<&str, usize> = FastMap::default();
        for (column, header) in self.normalized.iter().enumerate() {
            if header.is_empty() {
                continue;
            }
            let Some(&earlier) = first.get(header.as_str()) else {
                first.insert(header, column);
                continue;
            };
            let shown = |c: usize| format!("{:?}", crate::text::truncate(&self.headers[c], 60));
            return Err(InputError::new(
                self.display,
                self.header_line,
                self.header_column(column),
                format!(
                    "column {} {} repeats the header of column {} {} (case, spaces, _ and - ignored): expected each header once, since only one of the columns would be read; rename or remove one of them",
                    column + 1,
                    shown(column),
                    earlier + 1,
                    shown(earlier),
                ),
            )
            .with_excerpt(self.text));
        }
        Ok(())
    }

    /// Where a header cell starts on the header line (1 when not known).
    fn header_column(&self, column: usize) -> u32 {
        self.header_columns.get(column).copied().unwrap_or(1)
    }

    /// The columns with a header that are not in `read`, the columns the loader reads, to be
    /// looked through for role titles ([`UnreadColumns`]).
    pub fn unread_columns<'m>(
        &self,
        read: impl IntoIterator<Item = Option<usize>>,
        titles: &'m TitleMatcher,
    ) -> UnreadColumns<'m> {
        let read: Vec<usize> = read.into_iter().flatten().collect();
        let columns = (0..self.headers.len())
            .filter(|c| !read.contains(c) && !self.headers[*c].is_empty())
            .map(|c| UnreadColumn {
                index: c,
                column: IgnoredColumn {
                    name: self.headers[c].clone(),
                    loc: Loc {
                        file: self.file,
                        line: self.header_line,
                        column: self.header_column(c),
                    },
                    holds_titles: false,
                },
                checked: FastMap::default(),
            })
            .collect();
        UnreadColumns {
            file: self.file,
            columns,
            titles,
            looking: true,
        }
    }

    /// The column a config mapping `csv.columns.KEY` names (matched like a header), or an
    /// error naming it.
    pub fn named_column(&self, key: &str, header: &str) -> Result<usize, InputError> {
        let wanted = normalize_header(header);
        self.normalized
            .iter()
            .position(|h| *h == wanted)
            .ok_or_else(|| {
                self.header_error(&format!(
                    "the config's csv.columns.{key} names column {header:?}, which is not in the header"
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

    /// At least the number of rows left to read (a line break a row, quoted ones too): enough
    /// to reserve room for every person at once, since a growing array holds its old and new
    /// copies together while it moves (a million people: half as much memory again).
    pub fn rows_left_estimate(&self) -> usize {
        let read = (self.reader.position().byte() as usize).min(self.text.len());
        let rest = &self.text.as_bytes()[read..];
        count_line_breaks(rest) + 1
    }

    /// Calls `each` with every non-blank row after the header, the physical line it starts
    /// on and the column where each of its cells starts (so findings can point at a cell).
    /// One record buffer and one column buffer are reused for the whole file.
    pub fn for_each_row(
        &mut self,
        mut each: impl FnMut(&StringRecord, u32, &[u32]) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        // Text records: the text is UTF-8 and cells split at ASCII bytes, so each record is
        // checked once (at once when ASCII) and its cells are read without a check each.
        let mut text_record = StringRecord::new();
        let mut starts: Vec<u32> = Vec::new();
        while self
            .reader
            .read_record(&mut text_record)
            .map_err(|e| csv_error(&e, self.display))?
        {
            let record = text_record.as_byte_record();
            check_quotes_closed(
                self.text,
                record,
                &self.reader,
                self.delimiter,
                self.display,
            )?;
            if is_blank(record) {
                continue;
            }
            let line = self
                .lines
                .line_at(record.position().map_or(0, |p| p.byte() as usize));
            self.check_shape(record, line)?;
            cell_columns(self.text, record, self.delimiter, &mut starts);
            each(&text_record, line, &starts)?;
        }
        Ok(())
    }
}

/// The columns of a table that no field reads (columns without a header aside), and whether
/// any of their values is a role title: a file whose titles sit in a column nobody maps
/// would otherwise pass with no roles at all (SPEC §9).
pub(crate) struct UnreadColumns<'m> {
    file: SourceId,
    columns: Vec<UnreadColumn>,
    titles: &'m TitleMatcher,
    /// Whether values are still looked at: not once the file has shown a title.
    looking: bool,
}

struct UnreadColumn {
    index: usize,
    column: IgnoredColumn,
    /// Values already found to be no title, so that a million rows sharing a few values are
    /// matched once each (bounded: a column of unique values is matched row by row).
    checked: FastMap<String, ()>,
}

/// How many distinct values of a column are remembered as no title.
const CHECKED_VALUES: usize = 4096;

impl UnreadColumns<'_> {
    /// Looks through a row's unread cells for role titles, until the file shows a title of
    /// its own ([`Self::titles_seen`]).
    pub fn look_at(&mut self, record: &StringRecord) {
        if !self.looking || self.titles.is_empty() {
            return;
        }
        for unread in self.columns.iter_mut().filter(|u| !u.column.holds_titles) {
            let value = cell(record, Some(unread.index));
            // Ids, dates, amounts and emails are no titles.
            let worth_matching = value.len() <= 200
                && value.chars().any(char::is_alphabetic)
                && !value.contains('@');
            if !worth_matching || unread.checked.contains_key(value) {
                continue;
            }
            if self.titles.matches(value).is_empty() {
                if unread.checked.len() < CHECKED_VALUES {
                    unread.checked.insert(value.to_owned(), ());
                }
            } else {
                unread.column.holds_titles = true;
                unread.checked = FastMap::default();
            }
        }
    }

    /// The file has a title or roles of its own: its unread columns need not be searched.
    pub fn titles_seen(&mut self) {
        self.looking = false;
    }

    /// Records the unread columns as the file's ignored columns.
    pub fn record(self, chart: &mut Chart) {
        if let Some(source) = chart.sources.get_mut(self.file as usize) {
            source.ignored_columns = Some(self.columns.into_iter().map(|u| u.column).collect());
        }
    }
}

/// The 1-based column (in characters) where each cell of `record` starts on its line, into
/// `columns` (cleared first): one scan of the row's text, quotes respected, so a finding can
/// point at the cell it is about.
fn cell_columns(text: &str, record: &ByteRecord, delimiter: u8, columns: &mut Vec<u32>) {
    columns.clear();
    let start = record.position().map_or(0, |p| p.byte() as usize);
    let Some(rest) = text.get(start.min(text.len())..) else {
        return;
    };
    let rest = rest.trim_start_matches(['\r', '\n']);
    // Most rows have no quotes: each cell is then as written, so where it starts follows
    // from the characters before it. The cells and delimiters fill the row's first `written`
    // bytes unless a quote was taken out before that; a quote only there (an empty quoted
    // last cell) moves no cell's start.
    let written = record.as_slice().len() + record.len().saturating_sub(1);
    let plain = rest
        .as_bytes()
        .get(..written)
        .is_some_and(|row| memchr::memchr(b'"', row).is_none());
    if plain {
        let mut column = 1u32;
        for cell in record {
            columns.push(column);
            column = column.saturating_add(count_chars(cell) as u32 + 1);
        }
        return;
    }
    let mut column = 1u32;
    let mut in_quotes = false;
    columns.push(column);
    // Bytes rather than chars (a third of the time): the quote, line breaks and the
    // delimiter are ASCII, and a character is counted at its first byte.
    for &byte in rest.as_bytes() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' if in_quotes => column = 0,
            b'\n' | b'\r' => break,
            _ if byte == delimiter && !in_quotes => columns.push(column + 1),
            _ => {}
        }
        if !is_utf8_continuation(byte) {
            column = column.saturating_add(1);
        }
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
        // Nearly every row has no line break in any cell: one scan of its bytes says so.
        if !record.as_slice().contains(&b'\n') {
            return Ok(());
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

/// How many `\n` are in `bytes`: counted by `memchr` a vector at a time (a byte-by-byte
/// count was 3% of a million-row check).
fn count_line_breaks(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// How many characters the UTF-8 `bytes` hold (each counted at its first byte).
fn count_chars(bytes: &[u8]) -> usize {
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes.iter().filter(|&&b| !is_utf8_continuation(b)).count()
}

/// A byte that continues a UTF-8 character rather than starting one.
fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
}

fn csv_error(error: &::csv::Error, display: &str) -> InputError {
    let line = error.position().map_or(0, |p| p.line() as u32);
    InputError::new(display, line, 0, format!("cannot read CSV: {error}"))
}

/// Where a row's cell of `column` starts (1-based, in characters, from
/// [`Table::for_each_row`]'s `starts`); `None` when the column is absent or the row shorter.
pub(crate) fn cell_start(starts: &[u32], column: Option<usize>) -> Option<u32> {
    column.and_then(|c| starts.get(c)).copied()
}

/// A cell's text, trimmed; empty when the row is shorter or the column absent.
pub(crate) fn cell(record: &StringRecord, column: Option<usize>) -> &str {
    column.and_then(|c| record.get(c)).map_or("", trim)
}

/// `str::trim`, without its Unicode look-ups for the usual cell that starts and ends with
/// a visible ASCII character (nothing to trim).
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
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
    fn a_header_written_twice_is_an_error_at_the_second_and_blank_headers_are_not_compared() {
        let table = Table::open("id,,Manager , ,manager\n", false, "t.csv", 0).unwrap();
        let e = table.check_unique_headers().unwrap_err();
        assert_eq!((e.line, e.column), (1, 16), "{}", e.message);
        assert!(e
            .message
            .starts_with("column 5 \"manager\" repeats the header of column 3 \"Manager\""));
        assert_eq!(e.excerpt.as_deref(), Some("id,,Manager , ,manager"));
        let table = Table::open("\nid,,manager,\n", false, "t.csv", 0).unwrap();
        assert!(table.check_unique_headers().is_ok());
        assert_eq!(table.columns(&["manager", "id"]), [2, 0]);
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
}
