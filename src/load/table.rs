//! The table reader under every CSV/TSV loader: decoding (UTF-8, UTF-16 with a BOM, else
//! Windows-1252 when the bytes hold no UTF-8 at all; mixed encodings are an error), the
//! delimiter, quoting (a quote never closed is an error, not a cell that swallows the file),
//! row shapes and physical line numbers. Mapping rows to people is the loaders' job
//! (`csv` for generic exports, `organogram` for UK government ones, `google` for Google
//! Workspace users).

pub(crate) use super::records::Row;
use super::records::{ReadError, Records};
use super::window::Window;
use crate::decode::read_error_message;
use crate::error::InputError;
use crate::hash::FastMap;
use crate::model::{Chart, IgnoredColumn, Loc, SourceId};
use crate::rulebook::TitleMatcher;
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

/// One CSV/TSV file being read: its header and a reader positioned after it. The reader
/// reads from a [`Window`] on the text, which keeps the bytes from the current row's line on
/// (all of them for a text in memory).
pub(crate) struct Table<'a> {
    pub display: &'a str,
    pub file: SourceId,
    /// The headers as written (trimmed).
    pub headers: Vec<String>,
    normalized: Vec<String>,
    /// The column (in characters) where each header cell starts on the header line.
    header_columns: Vec<u32>,
    records: Records<'a>,
    /// The line the header row starts on.
    pub header_line: u32,
    delimiter: u8,
    /// Errors name columns but quote no cell (the header may be a person's row).
    pub redact: bool,
}

impl<'a> Table<'a> {
    /// Reads the header row of a text in memory ([`Table::read`]).
    #[cfg(test)]
    pub fn open(
        text: &'a str,
        tab: bool,
        display: &'a str,
        file: SourceId,
    ) -> Result<Table<'a>, InputError> {
        Table::read(Window::whole(text), tab, display, file)
    }

    /// Reads the header row. `tab` picks TSV; a `.csv` whose first line has no comma but a
    /// `;` or tab uses that instead.
    pub fn read(
        mut text: Window<'a>,
        tab: bool,
        display: &'a str,
        file: SourceId,
    ) -> Result<Table<'a>, InputError> {
        let io_error = |e: std::io::Error| InputError::file(display, read_error_message(&e));
        // Windows PowerShell's `Export-Csv` writes `#TYPE Microsoft...ADUser` above the header.
        hold_lines(&mut text, 1).map_err(io_error)?;
        let mut type_line = text.from(0).starts_with(b"#TYPE ");
        hold_lines(&mut text, 1 + usize::from(type_line)).map_err(io_error)?;
        let delimiter = delimiter(text.from(0), tab, type_line);
        let mut records = Records::new(text, delimiter);
        let header_line;
        loop {
            if !records.read().map_err(|e| read_error(e, display))? {
                return Err(InputError::file(
                    display,
                    "the file is empty: expected a header row naming the columns",
                ));
            }
            if std::mem::take(&mut type_line) {
                continue;
            }
            let row = records.row().map_err(|e| read_error(e, display))?;
            if !is_blank(&row) {
                header_line = records.line();
                break;
            }
        }
        check_quotes_closed(&records, display)?;
        let row = records.row().map_err(|e| read_error(e, display))?;
        let headers: Vec<String> = row.iter().map(|h| h.trim().to_owned()).collect();
        let normalized = headers.iter().map(|h| normalize_header(h)).collect();
        let header_columns = records.columns().to_vec();
        Ok(Table {
            display,
            file,
            headers,
            normalized,
            header_columns,
            records,
            header_line,
            delimiter,
            redact: false,
        })
    }

    /// Another reader of the same file from its first row, for a loader that must see a
    /// column whole before it reads rows (the day-month order of a file's dates).
    pub fn reopen(&self) -> Result<Table<'a>, InputError> {
        let text = self.records.text().reopen();
        let text = text.map_err(|e| InputError::file(self.display, read_error_message(&e)))?;
        let mut table = Table::read(text, self.delimiter == b'\t', self.display, self.file)?;
        table.redact = self.redact;
        Ok(table)
    }

    /// The text from its start as far as it is held (all of it before rows are read), for
    /// an excerpt of the header line.
    fn head(&self) -> Cow<'_, str> {
        let text = self.records.text();
        let held = if text.start() == 0 { text.from(0) } else { &[] };
        String::from_utf8_lossy(held)
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
            .with_excerpt(&self.head()));
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
        let text = self.records.text();
        let read = self.records.position().min(text.len());
        let left = match text.line_breaks() {
            // A streamed file's line breaks were counted by its first pass.
            Some(all) => all.saturating_sub(self.records.line_breaks_read()),
            None => count_line_breaks(text.from(read)),
        };
        left + 1
    }

    /// Calls `each` with every non-blank row after the header, the physical line it starts
    /// on and the column where each of its cells starts (so findings can point at a cell).
    /// One record buffer and one column buffer are reused for the whole file, and the text
    /// before each row's line is let go.
    pub fn for_each_row(
        &mut self,
        mut each: impl FnMut(&Row, u32, &[u32]) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        let display = self.display;
        while self.records.read().map_err(|e| read_error(e, display))? {
            let line = self.records.line();
            check_quotes_closed(&self.records, display)?;
            let row = self.records.row().map_err(|e| read_error(e, display))?;
            if is_blank(&row) {
                continue;
            }
            self.check_shape(&row, line)?;
            each(&row, line, self.records.columns())?;
            let line_start = self.records.line_start();
            self.records.text_mut().keep_from(line_start);
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
    pub fn look_at(&mut self, record: &Row) {
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

impl Table<'_> {
    /// A row must have as many cells as the header (empty cells past the end aside): an
    /// unquoted `Wei, Chen` would shift every cell after it, and a short row would lose its
    /// manager. A quoted cell whose later lines are whole rows is a stray quote that merged
    /// rows into one. Each is an input error at the row, never a guess.
    fn check_shape(&self, record: &Row, line: u32) -> Result<(), InputError> {
        let expected = self.headers.len();
        let cells = record.len();
        // Nearly every row has as many cells as the header: no extra cells to walk to.
        let extra_is_empty = cells <= expected
            || record
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
        // Nearly every row has no line break in any cell: one scan of its bytes says so
        // (`memchr`, a vector at a time: `contains` was 3% of a million-row check).
        if !record.has_line_break() {
            return Ok(());
        }
        let delimiter = self.delimiter;
        let looks_like_a_row = |text: &[u8]| {
            expected >= 3 && text.iter().filter(|&&b| b == delimiter).count() + 1 >= expected
        };
        for (column, cell) in record.iter().enumerate() {
            let mut lines = cell.as_bytes().split(|&b| b == b'\n');
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
                        cell.bytes().filter(|&b| b == b'\n').count() + 1
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
fn check_quotes_closed(records: &Records, display: &str) -> Result<(), InputError> {
    let text = records.text();
    if records.position() < text.len() {
        return Ok(());
    }
    let start = records.start().min(text.len());
    let delimiter = records.delimiter();
    let Some(quote) = open_quote(text.range(start, text.len()), delimiter).map(|at| start + at)
    else {
        return Ok(());
    };
    let (line, column) = records.place(quote);
    Err(InputError::new(
        display,
        line,
        column,
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

/// Reads until the text's first `count` lines are held whole (or the text ends).
fn hold_lines(text: &mut Window, count: usize) -> std::io::Result<()> {
    while count_line_breaks(text.from(0)) < count && text.read_more()? {}
    Ok(())
}

/// The delimiter: a tab for TSV; for CSV a comma, unless the header line (after a `#TYPE`
/// line, if any) has none but a `;` or a tab (European Excel writes `;`).
fn delimiter(head: &[u8], tab: bool, type_line: bool) -> u8 {
    let first_line = head
        .split(|&b| b == b'\n')
        .nth(usize::from(type_line))
        .unwrap_or(b"");
    let has = |byte: u8| first_line.contains(&byte);
    if tab {
        b'\t'
    } else if !has(b',') && has(b';') {
        b';'
    } else if !has(b',') && has(b'\t') {
        b'\t'
    } else {
        b','
    }
}

fn is_blank(record: &Row) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
}

fn read_error(error: ReadError, display: &str) -> InputError {
    let message = match error {
        ReadError::Io(e) => format!("cannot read CSV: {e}"),
        ReadError::NotUtf8 { at } => format!(
            "cannot read CSV: the bytes at offset {at} are not UTF-8 (did the file change while it was read?): expected UTF-8 text"
        ),
    };
    InputError::new(display, 0, 0, message)
}

/// Where a row's cell of `column` starts (1-based, in characters, from
/// [`Table::for_each_row`]'s `starts`); `None` when the column is absent or the row shorter.
pub(crate) fn cell_start(starts: &[u32], column: Option<usize>) -> Option<u32> {
    column.and_then(|c| starts.get(c)).copied()
}

/// A cell's text, trimmed; empty when the row is shorter or the column absent.
pub(crate) fn cell<'r>(record: &Row<'r>, column: Option<usize>) -> &'r str {
    column
        .and_then(|c| record.get(c))
        .map_or("", crate::text::trim)
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

    /// Everything a loader sees of a table: the header, the row estimate, then each row
    /// (cells, line, where cells start) or the error that stops the reading, read twice.
    fn seen(text: Window) -> Vec<String> {
        let mut seen = Vec::new();
        let table = Table::read(text, false, "t.csv", 0);
        let mut table = match table {
            Ok(table) => table,
            Err(e) => return vec![format!("{e} {:?}", e.excerpt)],
        };
        seen.push(format!(
            "{:?} at {} {:?}, {} rows at most, {:?}",
            table.headers,
            table.header_line,
            table.header_columns,
            table.rows_left_estimate(),
            table
                .check_unique_headers()
                .map_err(|e| (e.message, e.excerpt)),
        ));
        for pass in 0..2 {
            if pass == 1 {
                table = table.reopen().unwrap();
            }
            let rows = table.for_each_row(|record, line, starts| {
                seen.push(format!("{record:?} line {line} at {starts:?}"));
                Ok(())
            });
            seen.push(format!("{:?}", rows.map_err(|e| e.to_string())));
        }
        seen
    }

    #[test]
    fn a_streamed_table_reads_as_the_same_text_in_memory() {
        let long = format!("e9,\"{}\nstill the cell\",x\n", "é".repeat(3000));
        let texts = [
            "id,manager\r\n\r\na,\r\nb,a\r\n\r\n",
            "\n\n#TYPE x\nid;name\n1;Zoë\n",
            "#TYPE Microsoft.ADUser\nid\tmanager\n1\t\n",
            "id,name,manager\n1,\"Lee, Kim\",\n2,\"a \"\"b\"\"\nc\",1\n3,x\"y,2",
            "id,manager\n1,\n2,\"1\n3,2\n4,3\n",
            "id,name\n1,a\"b,c\n2,\"d\n",
            "id,name,manager\n1,x\n",
            "id,name,Name\n1,x,y\n",
            "id,manager\ra,\rb,a\r",
            "id,manager\n1,\n2,1,extra\n",
            "",
            "\n\n",
            "id,manager",
        ];
        let texts = texts.iter().map(|t| t.to_string()).chain([
            format!("id,name,manager\n{long}{long}e10,x,e9"),
            format!("id,note\n1,\"{}", "é".repeat(5000)),
        ]);
        for text in texts {
            let whole = seen(Window::whole(&text));
            for chunk in [1, 2, 3, 5, 64, 1000] {
                let streamed = super::super::window::tests::streamed(text.as_bytes(), chunk);
                assert_eq!(seen(streamed.unwrap()), whole, "chunk {chunk}: {text:?}");
            }
        }
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
