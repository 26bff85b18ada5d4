//! The records of a CSV/TSV text, read straight from its [`Window`]: each record's cells and
//! the column where each starts on its line. Quoting is read as the `csv` crate reads it
//! (`csv_core`, RFC 4180 with `""` inside quotes, `\r`, `\n` or `\r\n` ending a record,
//! empty lines skipped). A record on one line without a quote, nearly every row of an
//! export, is split at its delimiters in place: no byte is copied and no state machine runs
//! a byte at a time. Rows with a quote go through `csv_core`.

use super::window::Window;
use std::io;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One record's cells, borrowed from the text or from the reader's buffer.
#[derive(Clone, Copy)]
pub(crate) struct Row<'r> {
    /// The record's cells written one after another (quotes taken out), or, for a record
    /// read in place, its line with the delimiters between the cells.
    text: &'r str,
    /// Where each cell ends in `text`; the next starts `gap` bytes later (past a delimiter,
    /// or at once).
    ends: &'r [usize],
    gap: usize,
}

impl<'r> Row<'r> {
    /// The cell in `column`, as written (untrimmed); `None` past the row's end.
    pub fn get(&self, column: usize) -> Option<&'r str> {
        let to = *self.ends.get(column)?;
        let from = match column {
            0 => 0,
            _ => self.ends.get(column - 1)? + self.gap,
        };
        self.text.get(from..to)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &'r str> + 'r {
        let row = *self;
        (0..self.len()).map(move |column| row.get(column).unwrap_or(""))
    }

    /// Whether any cell holds a line break (a quoted cell running over lines; a row read in
    /// place is one line).
    pub fn has_line_break(&self) -> bool {
        self.gap == 0 && memchr::memchr(b'\n', self.text.as_bytes()).is_some()
    }
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Why a record could not be read.
pub(crate) enum ReadError {
    Io(io::Error),
    /// The bytes are not UTF-8 after all (the file changed after its first pass).
    NotUtf8 {
        at: usize,
    },
}

/// Where the last record read keeps its cells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Held {
    /// In the text from `start` to `end` (a record read in place), delimiters between them.
    InText,
    /// In `out`, one after another (a record read by `csv_core`).
    InBuffer,
}

/// Reads one record after another from a text.
pub(crate) struct Records<'a> {
    text: Window<'a>,
    core: csv_core::Reader,
    delimiter: u8,
    /// The offset of the next byte not yet read.
    next: usize,
    /// Where the last record read starts: its first byte, after the line breaks before it.
    start: usize,
    /// Where a record read in place ends, before its line break.
    end: usize,
    /// The physical line of `next` (lines end at `\n`), and the offset where it starts.
    next_line: u32,
    next_line_start: usize,
    /// The line the last record read starts on, and the offset where that line starts.
    line: u32,
    line_start: usize,
    held: Held,
    /// Whether a record read in place is ASCII (a character a byte).
    ascii: bool,
    /// The cells of a record read by `csv_core`.
    out: Vec<u8>,
    out_len: usize,
    /// Where each cell of the last record ends (in the text from `start`, or in `out`).
    ends: Vec<usize>,
    /// The 1-based column (in characters) where each cell starts on its line.
    columns: Vec<u32>,
}

impl<'a> Records<'a> {
    pub fn new(text: Window<'a>, delimiter: u8) -> Records<'a> {
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // The csv crate drops a byte-order mark at the start of what it reads (a second one,
        // after the one decoding dropped).
        let next = if text.from(0).starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        Records {
            text,
            core,
            delimiter,
            next,
            start: next,
            end: next,
            next_line: 1,
            next_line_start: 0,
            line: 1,
            line_start: 0,
            held: Held::InText,
            ascii: true,
            out: vec![0; 1024],
            out_len: 0,
            ends: vec![0; 64],
            columns: Vec::new(),
        }
    }

    pub fn text(&self) -> &Window<'a> {
        &self.text
    }

    pub fn text_mut(&mut self) -> &mut Window<'a> {
        &mut self.text
    }

    /// The offset of the next byte not yet read (the text's length once all is read).
    pub fn position(&self) -> usize {
        self.next
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Where the last record read starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The physical line the last record read starts on.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Where the line the last record starts on starts: bytes before it are not needed
    /// to place anything in the record.
    pub fn line_start(&self) -> usize {
        self.line_start
    }

    /// The line breaks (`\n`) before the next byte not yet read.
    pub fn line_breaks_read(&self) -> usize {
        self.next_line.saturating_sub(1) as usize
    }

    /// The line and 1-based column (in characters) of `offset` in the last record read.
    pub fn place(&self, offset: usize) -> (u32, u32) {
        let counted = self.text.range(self.start, offset);
        let breaks = memchr::memchr_iter(b'\n', counted).count();
        let line = (self.line as usize).saturating_add(breaks);
        let line_start =
            memchr::memrchr(b'\n', counted).map_or(self.line_start, |last| self.start + last + 1);
        let column = count_chars(self.text.range(line_start, offset)) + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// Counts the line breaks in the text from `from` to `next` (just read).
    fn count_lines(&mut self, from: usize) {
        let read = self.text.range(from, self.next);
        if let Some(last) = memchr::memrchr(b'\n', read) {
            let breaks = 1 + memchr::memchr_iter(b'\n', &read[..last]).count();
            self.next_line = self
                .next_line
                .saturating_add(u32::try_from(breaks).unwrap_or(u32::MAX));
            self.next_line_start = from + last + 1;
        }
    }

    /// The 1-based column where each cell of the last record read starts on its line.
    pub fn columns(&self) -> &[u32] {
        &self.columns
    }

    /// The last record read.
    pub fn row(&self) -> Result<Row<'_>, ReadError> {
        let text = match self.held {
            Held::InText => self.text.text(self.start, self.end),
            // The cells of UTF-8 text with quotes taken out.
            Held::InBuffer => std::str::from_utf8(self.out.get(..self.out_len).unwrap_or(&[])).ok(),
        };
        let text = text.ok_or(ReadError::NotUtf8 { at: self.start })?;
        let gap = usize::from(self.held == Held::InText);
        Ok(Row {
            text,
            ends: &self.ends,
            gap,
        })
    }

    /// Reads the next record; `false` at the end of the text.
    pub fn read(&mut self) -> Result<bool, ReadError> {
        if !self.skip_line_breaks()? {
            return Ok(false);
        }
        self.start = self.next;
        self.line = self.next_line;
        self.line_start = self.next_line_start;
        match self.plain_line_end()? {
            Some(end) => self.read_in_place(end),
            None if self.read_simply_quoted() => return Ok(true),
            None => self.read_quoted()?,
        }
        self.place_cells().map_err(ReadError::Io)?;
        Ok(true)
    }

    /// Skips the line breaks before a record (empty lines are no records); `false` when the
    /// text ends first.
    fn skip_line_breaks(&mut self) -> Result<bool, ReadError> {
        loop {
            let rest = self.text.from(self.next);
            let breaks = rest
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let record_follows = breaks < rest.len();
            let from = self.next;
            self.next += breaks;
            self.count_lines(from);
            if record_follows {
                return Ok(true);
            }
            if !self.text.read_more().map_err(ReadError::Io)? {
                return Ok(false);
            }
        }
    }

    /// Where the record starting at `next` ends when it is one line without a quote: the
    /// offset of its line break (or of the text's end). `None` when a quote comes first.
    fn plain_line_end(&mut self) -> Result<Option<usize>, ReadError> {
        let mut looked = 0;
        loop {
            let rest = self.text.from(self.next);
            match memchr::memchr3(b'\n', b'\r', b'"', &rest[looked..]) {
                Some(at) if rest[looked + at] == b'"' => return Ok(None),
                Some(at) => return Ok(Some(self.next + looked + at)),
                None => looked = rest.len(),
            }
            if !self.text.read_more().map_err(ReadError::Io)? {
                return Ok(Some(self.next + looked));
            }
        }
    }

    /// The record from `next` to `end`, its cells split at the delimiter where they stand.
    fn read_in_place(&mut self, end: usize) {
        self.held = Held::InText;
        let line = self.text.range(self.next, end);
        self.ascii = split_cells(line, self.delimiter, &mut self.ends);
        self.end = end;
        self.next = end;
        self.read_line_break();
    }

    /// The line break ending the record just read: `\r\n` is one; a lone `\r` ends no line.
    fn read_line_break(&mut self) {
        if self.text.byte(self.next) == Some(b'\r') {
            self.next += 1;
        }
        if self.text.byte(self.next) == Some(b'\n') {
            self.next += 1;
            self.next_line = self.next_line.saturating_add(1);
            self.next_line_start = self.next;
        }
    }

    /// The record from `next` when it is one line whose quotes only wrap whole cells (no
    /// `""`, no line break inside): read into `out` and placed here, at the cost of a copy,
    /// where `csv_core` would go a byte at a time (exports that quote every cell). `false`,
    /// nothing read, for any other record, or one not held whole yet.
    fn read_simply_quoted(&mut self) -> bool {
        let Some(end) = self.simply_quoted_cells() else {
            return false;
        };
        self.held = Held::InBuffer;
        let line = self.text.range(self.next, end);
        // `columns` holds each cell's byte offset in the line so far.
        offsets_to_columns(line, line.is_ascii(), &mut self.columns);
        self.end = end;
        self.next = end;
        self.read_line_break();
        true
    }

    /// [`Records::read_simply_quoted`]'s reading: the cells into `out` and `ends`, the byte
    /// offset of each in `columns`; where the record ends, or `None`.
    fn simply_quoted_cells(&mut self) -> Option<usize> {
        let rest = self.text.from(self.next);
        let complete = self.text.holds_the_rest();
        // Offsets past 4 GiB are left to `csv_core`.
        let rest = rest.get(..rest.len().min(u32::MAX as usize))?;
        let (delimiter, mut at, mut written) = (self.delimiter, 0, 0);
        self.ends.clear();
        self.columns.clear();
        let end = loop {
            self.columns.push(u32::try_from(at).ok()?);
            let (cell, after) = if rest.get(at) == Some(&b'"') {
                let close = at + 1 + memchr::memchr(b'"', rest.get(at + 1..)?)?;
                let cell = &rest[at + 1..close];
                if memchr::memchr2(b'\n', b'\r', cell).is_some() {
                    return None;
                }
                (cell, close + 1)
            } else {
                let tail = rest.get(at..)?;
                let stop = memchr::memchr3(delimiter, b'\r', b'\n', tail);
                let stop = at + stop.or_else(|| complete.then_some(tail.len()))?;
                let cell = &rest[at..stop];
                // A quote inside a cell is text, but the byte scan that places cells would
                // take it for an opening one: such rows keep the one way of placing.
                if memchr::memchr(b'"', cell).is_some() {
                    return None;
                }
                (cell, stop)
            };
            if self.out.len() < written + cell.len() {
                self.out
                    .resize((written + cell.len()).max(self.out.len() * 2), 0);
            }
            self.out[written..written + cell.len()].copy_from_slice(cell);
            written += cell.len();
            self.ends.push(written);
            match rest.get(after) {
                Some(&byte) if byte == delimiter => at = after + 1,
                Some(b'\r' | b'\n') => break after,
                None if complete => break after,
                // `""`, text after a closing quote, or the line not read to its end.
                _ => return None,
            }
        };
        self.out_len = written;
        Some(self.next + end)
    }

    /// The record from `next` read by `csv_core` (it has a quote), into `out`.
    fn read_quoted(&mut self) -> Result<(), ReadError> {
        use csv_core::ReadRecordResult as Read;
        self.held = Held::InBuffer;
        // `csv_core` writes into the room the buffer has.
        let room = self.ends.capacity().max(64);
        self.ends.resize(room, 0);
        let (mut written, mut ended) = (0, 0);
        loop {
            let input = self.text.from(self.next);
            let (result, read, wrote, ends) =
                self.core
                    .read_record(input, &mut self.out[written..], &mut self.ends[ended..]);
            self.next += read;
            written += wrote;
            ended += ends;
            match result {
                // At the text's end `csv_core` is given no input, which ends the record.
                Read::InputEmpty => _ = self.text.read_more().map_err(ReadError::Io)?,
                Read::OutputFull => self.out.resize(self.out.len() * 2, 0),
                Read::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Read::Record | Read::End => break,
            }
        }
        self.out_len = written;
        self.ends.truncate(ended);
        self.count_lines(self.start);
        Ok(())
    }
}

/// Splits `line` into cells at `delimiter` (where each ends, into `ends`, cleared first) and
/// says whether it is ASCII. Eight bytes at a time: a row has a cell every ten bytes or so,
/// too close together for a search call each.
fn split_cells(line: &[u8], delimiter: u8, ends: &mut Vec<usize>) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    ends.clear();
    let pattern = ONES * u64::from(delimiter);
    let mut seen = 0u64;
    let (words, rest) = line.as_chunks::<8>();
    for (k, &word) in words.iter().enumerate() {
        let word = u64::from_le_bytes(word);
        seen |= word;
        // A byte's high bit set where the word equals the delimiter, exactly (no carry
        // crosses a byte: the low seven bits plus 0x7F stay below 0x100).
        let x = word ^ pattern;
        let mut found = !(((x & !HIGH) + !HIGH) | x) & HIGH;
        while found != 0 {
            let at = k * 8 + (found.trailing_zeros() / 8) as usize;
            ends.push(at);
            found &= found - 1;
        }
    }
    let tail = line.len() - rest.len();
    for (k, &byte) in rest.iter().enumerate() {
        seen |= u64::from(byte);
        if byte == delimiter {
            ends.push(tail + k);
        }
    }
    ends.push(line.len());
    seen & HIGH == 0
}

/// Turns the byte offsets where cells start on `line` (in order) into 1-based columns in
/// characters, in place; `ascii` says a character is a byte. Each stretch of the line is
/// counted once.
fn offsets_to_columns(line: &[u8], ascii: bool, columns: &mut [u32]) {
    if ascii {
        columns.iter_mut().for_each(|c| *c = c.saturating_add(1));
        return;
    }
    let (mut counted, mut chars) = (0usize, 0usize);
    for column in columns {
        let offset = *column as usize;
        chars += count_chars(line.get(counted..offset).unwrap_or(&[]));
        counted = offset;
        *column = u32::try_from(chars).map_or(u32::MAX, |c| c.saturating_add(1));
    }
}

/// Where the cells of the last record start on its line.
impl Records<'_> {
    /// Places the last record's cells ([`Records::columns`]).
    fn place_cells(&mut self) -> io::Result<()> {
        self.columns.clear();
        if self.held == Held::InText {
            self.place_cells_in_place();
            return Ok(());
        }
        // A scan that runs past the bytes read so far is done again with more of them.
        // At the text's end every byte is held, and the scan always places the cells.
        while self.place_quoted_cells().is_none() {
            self.columns.clear();
            self.text.read_more()?;
        }
        Ok(())
    }

    /// A record read in place: each cell starts one past its delimiter, in characters.
    fn place_cells_in_place(&mut self) {
        let line = self.text.range(self.start, self.end);
        let starts = std::iter::once(0).chain(self.ends.iter().map(|end| end + 1));
        let offset = |from: usize| u32::try_from(from).unwrap_or(u32::MAX);
        self.columns
            .extend(starts.take(self.ends.len()).map(offset));
        offsets_to_columns(line, self.ascii, &mut self.columns);
    }

    /// A record read by `csv_core` (quotes taken out of its cells): placed from the bytes of
    /// its line, quotes respected. `None` when that needs bytes not read yet.
    fn place_quoted_cells(&mut self) -> Option<()> {
        let (rest, complete) = (self.text.from(self.start), self.text.holds_the_rest());
        let cells = self.ends.len();
        // The cells and delimiters fill the row's first `written` bytes unless a quote was
        // taken out before that; a quote only there (an empty quoted last cell) moves no
        // cell's start, so the cells stand as written.
        let written = self.out_len + cells.saturating_sub(1);
        match rest.get(..written) {
            Some(row) if memchr::memchr(b'"', row).is_none() => {
                let ascii = row.is_ascii();
                let mut column = 1u32;
                let mut from = 0;
                for &to in &self.ends {
                    self.columns.push(column);
                    let cell = self.out.get(from..to).unwrap_or(&[]);
                    let chars = if ascii { cell.len() } else { count_chars(cell) };
                    column = column.saturating_add(chars as u32 + 1);
                    from = to;
                }
                return Some(());
            }
            None if !complete => return None,
            _ => {}
        }
        if quoted_ascii_line_columns(rest, cells, self.delimiter, &mut self.columns).is_some() {
            return Some(());
        }
        self.columns.clear();
        scan_quoted_columns(rest, complete, cells, self.delimiter, &mut self.columns)
    }
}
/// [`scan_quoted_columns`] for a row on one ASCII line (most rows with quotes: a title such
/// as `"Vice President, Sales"`): a character a byte, so a cell starts one past its
/// delimiter's offset, and only quotes and delimiters need looking at (`memchr`, a vector
/// at a time; the byte-by-byte scan was a third of the time spent placing cells). `None`
/// when the row is not such a line (or its line's end is not read yet); `columns` then
/// holds some starts and must be cleared.
fn quoted_ascii_line_columns(
    rest: &[u8],
    cells: usize,
    delimiter: u8,
    columns: &mut Vec<u32>,
) -> Option<()> {
    let end = memchr::memchr2(b'\n', b'\r', rest)?;
    let line = rest.get(..end)?;
    // A line break inside quotes continues the row on the next line: scanned byte by byte.
    let quotes = memchr::memchr_iter(b'"', line).count();
    if !line.is_ascii() || (quotes % 2 == 1 && rest.get(end) == Some(&b'\n')) {
        return None;
    }
    columns.push(1);
    // The byte scan stops once every cell is placed, checked from its first byte on.
    if cells <= 1 {
        if line.first() == Some(&delimiter) {
            columns.push(2);
        }
        return Some(());
    }
    let mut in_quotes = false;
    for at in memchr::memchr2_iter(b'"', delimiter, line) {
        if line.get(at) == Some(&b'"') {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            columns.push(u32::try_from(at).ok()?.saturating_add(2));
            if columns.len() >= cells {
                break;
            }
        }
    }
    Some(())
}

/// Where each cell of a row starts, byte by byte from the row's first byte (`rest`), quotes
/// respected; `None` when it needs bytes not read yet (`complete` says all are).
fn scan_quoted_columns(
    rest: &[u8],
    complete: bool,
    cells: usize,
    delimiter: u8,
    columns: &mut Vec<u32>,
) -> Option<()> {
    let mut column = 1u32;
    let mut in_quotes = false;
    columns.push(column);
    // Bytes rather than chars (a third of the time): the quote, line breaks and the
    // delimiter are ASCII, and a character is counted at its first byte.
    for &byte in rest {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' if in_quotes => column = 0,
            b'\n' | b'\r' => return Some(()),
            _ if byte == delimiter && !in_quotes => columns.push(column + 1),
            _ => {}
        }
        if !is_utf8_continuation(byte) {
            column = column.saturating_add(1);
        }
        if columns.len() >= cells {
            return Some(());
        }
    }
    complete.then_some(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_a_quoted_ascii_line_start_where_the_byte_scan_says() {
        let rows = [
            "1,\"Vice President, Sales\",2\n",
            "1,\"a \"\"b\"\", c\",x,y\r\n",
            "1,a\"b,c\"\n",
            "\"a,b\",\"c\"\r",
            "1,\"open\rx,y\n",
            "1,2,3,4\n",
            ",\",\",\n",
        ];
        for row in rows {
            for cells in 1..6 {
                let mut fast = Vec::new();
                let mut scanned = Vec::new();
                let placed = quoted_ascii_line_columns(row.as_bytes(), cells, b',', &mut fast);
                scan_quoted_columns(row.as_bytes(), true, cells, b',', &mut scanned);
                assert_eq!(placed.map(|_| fast), Some(scanned), "{row:?} {cells}");
            }
        }
        // Not one ASCII line: left to the byte scan.
        for row in [
            "1,\"two\nlines\"\n",
            "1,a\"b,c\n",
            "1,Zoë\n",
            "1,no line end",
        ] {
            assert_eq!(
                quoted_ascii_line_columns(row.as_bytes(), 2, b',', &mut Vec::new()),
                None
            );
        }
    }

    /// Every record of `text` as the csv crate reads it, and as [`Records`] reads it from a
    /// window (with where its cells start, by the byte scan from its first byte).
    fn both(text: &str, window: Window, delimiter: u8) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let mut reference = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let expected = reference
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let mut records = Records::new(window, delimiter);
        let mut read = Vec::new();
        while records.read().ok().unwrap() {
            let row = records.row().ok().unwrap();
            let mut scanned = Vec::new();
            let rest = records.text().from(records.start());
            scan_quoted_columns(rest, true, row.len(), delimiter, &mut scanned);
            assert_eq!(records.columns(), scanned, "{text:?}");
            let before = &text.as_bytes()[..records.start()];
            let breaks = before.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(records.line() as usize, 1 + breaks, "{text:?}");
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1);
            assert_eq!(records.line_start(), line_start, "{text:?}");
            read.push(row.iter().map(str::to_owned).collect());
        }
        (expected, read)
    }

    #[test]
    fn records_read_as_the_csv_crate_reads_them_quotes_line_breaks_and_all() {
        let texts = [
            "a,b\nc,d",
            "a,b\r\nc,d\r\n",
            "\r\n\n a ,\r\rb\n\n",
            "1,\"x, y\",\"a \"\"q\"\"\"\n2,\"two\nlines\",z\r\n",
            "1,a\"b,c\"\n\"d\"e,f\n",
            "\"open,never closed\nx,y",
            ",,\n,\n\"\"\n",
            "Zoë,Łódź\nÅsa,\"Ørsted, H\"\n",
            // Every cell quoted, as some exports write them; then each way out of that path.
            "\"id\",\"name, full\",\"\"\r\n\"1\",\"Zoë\",\"\"\r\n",
            "\"a\"b,c\n\"d\"\"e\",f\n\"g\nh\",i\n\"j\",k\"l,m\n\"n\"",
        ];
        for text in texts {
            let (expected, read) = both(text, Window::whole(text), b',');
            assert_eq!(read, expected, "{text:?}");
        }
    }

    #[test]
    fn records_of_random_texts_and_pieces_read_as_the_csv_crate_reads_them() {
        let alphabet = [
            "a", "b", "é", "€", ",", ";", "\t", "\"", "\r", "\n", " ", "😀",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..3000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let delimiter = [b',', b';', b'\t'][round % 3];
            let (expected, read) = both(&text, Window::whole(&text), delimiter);
            assert_eq!(read, expected, "{text:?}");
            let chunk = 1 + (next() % 7) as usize;
            let streamed = super::super::window::tests::streamed(text.as_bytes(), chunk);
            if let Some(window) = streamed {
                let (_, read) = both(&text, window, delimiter);
                assert_eq!(read, expected, "chunk {chunk}: {text:?}");
            }
        }
    }

    #[test]
    fn offsets_become_columns_in_characters() {
        let line = "é,ab,😀,c".as_bytes();
        let mut columns = vec![0, 3, 6, 11];
        offsets_to_columns(line, false, &mut columns);
        assert_eq!(columns, [1, 3, 6, 8]);
        let mut columns = vec![0, 2, 5];
        offsets_to_columns(b"a,bc,d", true, &mut columns);
        assert_eq!(columns, [1, 3, 6]);
    }

    #[test]
    fn cells_split_eight_bytes_at_a_time_as_one_at_a_time() {
        let lines = [
            "",
            ",",
            "abcdefgh,ijklmnop,",
            "é,€,😀,a,b,c,d,e,f,g,h,i,j",
            "a;b,c;d",
        ];
        for line in lines {
            let mut ends = Vec::new();
            let ascii = split_cells(line.as_bytes(), b',', &mut ends);
            let row = Row {
                text: line,
                ends: &ends,
                gap: 1,
            };
            let cells: Vec<&str> = row.iter().collect();
            assert_eq!(cells, line.split(',').collect::<Vec<_>>(), "{line:?}");
            assert_eq!(ascii, line.is_ascii(), "{line:?}");
        }
    }
}
