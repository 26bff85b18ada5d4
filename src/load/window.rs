//! The bytes a CSV/TSV table is read from ([`super::table`]): the whole text in memory, or a
//! big UTF-8 file streamed through a buffer that keeps only what the table reader may still
//! look at (from the current row's line on). A 100 MB export is then not held whole while
//! its people are built (SPEC §8): its bytes pass through a few hundred KiB.
//!
//! A file is streamed only when a first pass has found it UTF-8 throughout (a BOM aside):
//! whether another encoding applies is known only at the end of the file, so any other file
//! is read whole and decoded as before. Streaming reads a file twice (the check, then the
//! rows), which costs less than holding it: its pages come from the page cache.

use std::io::{self, Read};
use std::path::Path;

/// Bytes read from a file at a time.
const CHUNK: usize = 256 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the first pass over a file found: UTF-8 throughout, after a BOM or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Utf8Scan {
    bom: bool,
    /// Bytes of text (the BOM not counted).
    len: usize,
    line_breaks: usize,
}

/// Where a streamed table's bytes come from: a file, or (in tests) bytes in memory read in
/// small pieces, so that rows fall across every kind of boundary.
#[derive(Clone, Copy)]
enum Origin<'a> {
    File(&'a Path),
    #[cfg_attr(not(test), allow(dead_code))]
    Memory(&'a [u8]),
}

impl<'a> Origin<'a> {
    fn open(self) -> io::Result<Box<dyn Read + 'a>> {
        Ok(match self {
            Origin::File(path) => Box::new(std::fs::File::open(path)?),
            Origin::Memory(bytes) => Box::new(bytes),
        })
    }
}

/// A streamed file: the bytes of it still needed, and how to read more.
struct Stream<'a> {
    origin: Origin<'a>,
    scan: Utf8Scan,
    input: Box<dyn Read + 'a>,
    /// The text from the window's start on, read but not dropped: checked as it is read, so
    /// that rows are handed out as text without a check each.
    buffer: String,
    /// The bytes just read, before they are checked.
    read: Vec<u8>,
    /// The first bytes of a character cut by the last read.
    carry: Vec<u8>,
    chunk: usize,
    eof: bool,
}

enum Bytes<'a> {
    Whole(&'a str),
    Stream(Stream<'a>),
}

/// The text of a table that its record reader ([`super::records`]) may still look at, held
/// as checked UTF-8. Offsets are into the text (after a BOM).
pub(crate) struct Window<'a> {
    bytes: Bytes<'a>,
    /// The offset of the first byte held.
    start: usize,
    /// Bytes before this offset are no longer needed.
    keep_from: usize,
}

impl<'a> Window<'a> {
    /// The whole text, in memory.
    pub fn whole(text: &'a str) -> Window<'a> {
        Window {
            bytes: Bytes::Whole(text),
            start: 0,
            keep_from: 0,
        }
    }

    /// The file at `path` streamed, when it is a regular file of more than `min_len` bytes
    /// and UTF-8 throughout; `None` otherwise, or when it cannot be read (the caller reads it
    /// whole and says why).
    pub fn big_utf8_file(path: &'a Path, min_len: u64) -> Option<Window<'a>> {
        let metadata = std::fs::metadata(path).ok()?;
        if !metadata.is_file() || metadata.len() <= min_len {
            return None;
        }
        Window::stream(Origin::File(path), CHUNK).ok().flatten()
    }

    /// `origin` streamed `chunk` bytes at a time, when it is UTF-8 throughout.
    fn stream(origin: Origin<'a>, chunk: usize) -> io::Result<Option<Window<'a>>> {
        let Some(scan) = scan_utf8(origin.open()?, chunk)? else {
            return Ok(None);
        };
        Window::streamed(origin, scan, chunk).map(Some)
    }

    /// `origin` streamed, its first pass done.
    fn streamed(origin: Origin<'a>, scan: Utf8Scan, chunk: usize) -> io::Result<Window<'a>> {
        let mut input = origin.open()?;
        if scan.bom {
            input.read_exact(&mut [0; UTF8_BOM.len()])?;
        }
        let stream = Stream {
            origin,
            scan,
            input,
            buffer: String::new(),
            read: Vec::new(),
            carry: Vec::new(),
            chunk,
            eof: false,
        };
        Ok(Window {
            bytes: Bytes::Stream(stream),
            start: 0,
            keep_from: 0,
        })
    }

    /// The same text from its start, for a second reading.
    pub fn reopen(&self) -> io::Result<Window<'a>> {
        match &self.bytes {
            Bytes::Whole(text) => Ok(Window {
                bytes: Bytes::Whole(text),
                start: 0,
                keep_from: 0,
            }),
            Bytes::Stream(s) => Window::streamed(s.origin, s.scan, s.chunk),
        }
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        match &self.bytes {
            Bytes::Whole(text) => text.len(),
            Bytes::Stream(s) => s.scan.len,
        }
    }

    /// The text's line breaks, counted by the first pass of a streamed file.
    pub fn line_breaks(&self) -> Option<usize> {
        match &self.bytes {
            Bytes::Whole(_) => None,
            Bytes::Stream(s) => Some(s.scan.line_breaks),
        }
    }

    /// The offset of the first byte held: 0 until rows are dropped.
    pub fn start(&self) -> usize {
        self.start
    }

    fn held(&self) -> &str {
        match &self.bytes {
            Bytes::Whole(text) => text,
            Bytes::Stream(s) => &s.buffer,
        }
    }

    /// The offset just past the last byte held.
    pub fn held_end(&self) -> usize {
        self.start + self.held().len()
    }

    /// The bytes held from `offset` on (as many as have been read).
    pub fn from(&self, offset: usize) -> &[u8] {
        let held = self.held().as_bytes();
        held.get(offset.saturating_sub(self.start)..).unwrap_or(&[])
    }

    /// The text held from `from` to `to`; `None` unless both are held and start characters.
    pub fn text(&self, from: usize, to: usize) -> Option<&str> {
        let start = self.start;
        self.held()
            .get(from.checked_sub(start)?..to.checked_sub(start)?)
    }

    /// The bytes held from `from` to `to`, clipped to those held.
    pub fn range(&self, from: usize, to: usize) -> &[u8] {
        let bytes = self.from(from);
        &bytes[..to.saturating_sub(from).min(bytes.len())]
    }

    /// The byte at `offset`, if held.
    pub fn byte(&self, offset: usize) -> Option<u8> {
        self.from(offset).first().copied()
    }

    /// Whether every byte of the text from the window's start on is held.
    pub fn holds_the_rest(&self) -> bool {
        match &self.bytes {
            Bytes::Whole(_) => true,
            Bytes::Stream(s) => s.eof,
        }
    }

    /// Bytes before `offset` will not be looked at again (the reader's bytes not yet read
    /// lie after it).
    pub fn keep_from(&mut self, offset: usize) {
        self.keep_from = offset.max(self.keep_from);
    }

    /// Reads more of the file: at least as much as is held, so that looking ahead over a long
    /// stretch reads it in a few growing steps. `false` at the end of the text.
    pub fn read_more(&mut self) -> io::Result<bool> {
        let drop = self.keep_from.saturating_sub(self.start);
        let Bytes::Stream(s) = &mut self.bytes else {
            return Ok(false);
        };
        if s.eof {
            return Ok(false);
        }
        // Dropped only when worth a move: the bytes kept are moved to the buffer's front.
        if drop > 0 && drop >= s.buffer.len() / 2 && s.buffer.is_char_boundary(drop) {
            s.buffer.drain(..drop);
            self.start += drop;
        }
        let wanted = s.chunk.max(s.buffer.len());
        let held = s.buffer.len();
        // Until some text is added: a read may end inside a character.
        while s.buffer.len() == held && !s.eof {
            s.read.clear();
            s.read.append(&mut s.carry);
            let read = s
                .input
                .by_ref()
                .take(wanted as u64)
                .read_to_end(&mut s.read)?;
            s.eof = read == 0;
            s.append_read(self.start)?;
        }
        Ok(!s.eof)
    }
}

impl Stream<'_> {
    /// Checks the bytes just read and appends them to the text held. The first pass found
    /// the file UTF-8, so bytes that are not are a file changed since: an error, not a guess.
    fn append_read(&mut self, start: usize) -> io::Result<()> {
        let not_utf8 = |valid: usize| {
            let at = start + self.buffer.len() + valid;
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the bytes at offset {at} are not UTF-8 (did the file change while it was read?)"),
            )
        };
        let valid = match std::str::from_utf8(&self.read) {
            Ok(text) => {
                self.buffer.push_str(text);
                return Ok(());
            }
            // A character cut by the read's end is completed by the next read.
            Err(e) if e.error_len().is_none() && !self.eof => e.valid_up_to(),
            Err(e) => return Err(not_utf8(e.valid_up_to())),
        };
        let (text, cut) = self.read.split_at(valid);
        let text = std::str::from_utf8(text).map_err(|e| not_utf8(e.valid_up_to()))?;
        self.buffer.push_str(text);
        self.carry.extend_from_slice(cut);
        Ok(())
    }
}

/// The first pass over a streamed file: whether it is UTF-8 throughout (after a UTF-8 BOM
/// or none), its length and line breaks. `None` for any other bytes.
fn scan_utf8(mut input: impl Read, chunk: usize) -> io::Result<Option<Utf8Scan>> {
    let mut buffer = vec![0; chunk.max(UTF8_BOM.len()) + 3];
    let mut head = 0;
    while head < UTF8_BOM.len() {
        match input.read(&mut buffer[head..UTF8_BOM.len()]) {
            Ok(0) => break,
            Ok(n) => head += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let bom = buffer[..head] == *UTF8_BOM;
    // Bytes at the buffer's front not yet checked: the start of a character cut by a read.
    let mut carried = if bom { 0 } else { head };
    let mut scan = Utf8Scan {
        bom,
        len: carried,
        line_breaks: memchr::memchr_iter(b'\n', &buffer[..carried]).count(),
    };
    loop {
        let read = match input.read(&mut buffer[carried..]) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let filled = carried + read;
        scan.len += read;
        scan.line_breaks += memchr::memchr_iter(b'\n', &buffer[carried..filled]).count();
        carried = match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => 0,
            // A character cut at the end of what was read: checked with the next read.
            Err(e) if e.error_len().is_none() && read > 0 => {
                buffer.copy_within(e.valid_up_to()..filled, 0);
                filled - e.valid_up_to()
            }
            Err(_) => return Ok(None),
        };
        if read == 0 {
            return Ok(Some(scan));
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `bytes` streamed `chunk` bytes at a time, as a big file would be.
    pub(crate) fn streamed(bytes: &[u8], chunk: usize) -> Option<Window<'_>> {
        Window::stream(Origin::Memory(bytes), chunk).unwrap()
    }

    fn scan(bytes: &[u8], chunk: usize) -> Option<Utf8Scan> {
        scan_utf8(bytes, chunk).unwrap()
    }

    #[test]
    fn only_utf8_throughout_is_streamed_whatever_the_pieces() {
        let text = "id,name\n1,José\n2,Zoë 🦀\n";
        for chunk in 1..8 {
            let found = scan(text.as_bytes(), chunk);
            let expected = Utf8Scan {
                bom: false,
                len: text.len(),
                line_breaks: 3,
            };
            assert_eq!(found, Some(expected), "chunk {chunk}");
            let with_bom = [UTF8_BOM, text.as_bytes()].concat();
            let found = scan(&with_bom, chunk).unwrap();
            assert!(found.bom && found.len == text.len(), "chunk {chunk}");
            // Latin-1, a character cut at the end, UTF-16: read whole instead.
            assert_eq!(scan(b"id,name\n1,Jos\xe9\n", chunk), None);
            assert_eq!(scan(b"id,name\n1,Jos\xc3", chunk), None);
            assert_eq!(scan(b"\xFF\xFEi\0d\0", chunk), None);
            assert_eq!(scan(&UTF8_BOM[..2], chunk), None);
        }
        assert_eq!(scan(b"", 4).map(|s| s.len), Some(0));
    }

    #[test]
    fn the_parser_reads_the_text_after_the_bom_and_dropped_bytes_stay_dropped() {
        let text = "id,name\n1,José\n2,Zoë\n";
        let bytes = [UTF8_BOM, text.as_bytes()].concat();
        let mut window = streamed(&bytes, 3).unwrap();
        let mut read = Vec::new();
        loop {
            let held = window.from(read.len());
            read.extend_from_slice(held);
            // Whole characters only, though three bytes are read at a time.
            assert!(window.text(window.start(), read.len()).is_some());
            window.keep_from(read.len());
            if !window.read_more().unwrap() {
                break;
            }
        }
        assert_eq!(read, text.as_bytes());
        assert!(window.start() > 0 && window.holds_the_rest());
        assert!(text.as_bytes().ends_with(window.from(window.start())));
        let mut again = window.reopen().unwrap();
        while again.read_more().unwrap() {}
        assert_eq!(again.text(0, text.len()), Some(text));
    }
}
