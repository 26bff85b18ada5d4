//! An LDIF source read a window at a time. A window is whole lines ending in a blank line
//! (or the end of the source), so no record is split between two windows, and an export of
//! a million entries (300 MB) is never held whole.

use crate::decode::{invalid_utf8, read_error_message};
use crate::error::InputError;
use std::io::Read;

/// How much is read at a time: windows this big cost nothing at their ends, and the buffer
/// is reused from one to the next.
const CHUNK: u64 = 1 << 20;

pub(super) struct Windows<'r> {
    source: &'r mut dyn Read,
    display: &'r str,
    buffer: Vec<u8>,
    /// The bytes at the start of `buffer` handed out as the last window.
    consumed: usize,
    /// How far `buffer` has been searched for a blank line (at least past the last window:
    /// what is left after a window's blank line holds none).
    searched: usize,
    /// The source has no more bytes.
    ended: bool,
}

impl<'r> Windows<'r> {
    pub fn new(source: &'r mut dyn Read, display: &'r str) -> Windows<'r> {
        Windows {
            source,
            display,
            buffer: Vec::new(),
            consumed: 0,
            searched: 0,
            ended: false,
        }
    }

    /// Reads the first bytes, and takes them all when they start with a UTF-16 byte-order
    /// mark (`ldifde -u`): the text decoded, to be read in windows of its own. A UTF-8 one
    /// is dropped.
    pub fn start(&mut self) -> Result<Option<String>, InputError> {
        self.fill()?;
        if self.buffer.starts_with(b"\xFF\xFE") || self.buffer.starts_with(b"\xFE\xFF") {
            self.source
                .read_to_end(&mut self.buffer)
                .map_err(|e| self.read_error(&e))?;
            let text = crate::load::table::decode_text(&self.buffer, self.display)?;
            return Ok(Some(text.into_owned()));
        }
        if self.buffer.starts_with(b"\xEF\xBB\xBF") {
            self.buffer.drain(..3);
        }
        Ok(None)
    }

    /// The next window, checked as UTF-8; `line` is the line it starts on (for the error).
    pub fn next(&mut self, line: u32) -> Result<Option<&str>, InputError> {
        self.buffer.drain(..self.consumed);
        self.searched = self.searched.saturating_sub(self.consumed);
        let end = loop {
            if let Some(end) = self.after_last_blank_line() {
                break end;
            }
            if self.ended {
                break self.buffer.len();
            }
            self.fill()?;
        };
        self.consumed = end;
        if end == 0 {
            return Ok(None);
        }
        let window = &self.buffer[..end];
        std::str::from_utf8(window).map(Some).map_err(|e| {
            let valid = e.valid_up_to();
            invalid_utf8(self.display, &window[..valid], window[valid], line)
        })
    }

    /// After an error in the last window (which starts on `line`): the first error the rest
    /// of the source holds (bytes that are no UTF-8, a failed read). It comes first, as it
    /// did when the whole file was read and checked before any entry.
    pub fn error_in_rest(&mut self, mut line: u32) -> Option<InputError> {
        loop {
            let breaks = memchr::memchr_iter(b'\n', &self.buffer[..self.consumed]).count();
            line = line.saturating_add(breaks as u32);
            match self.next(line) {
                Ok(Some(_)) => {}
                Ok(None) => return None,
                Err(error) => return Some(error),
            }
        }
    }

    /// Appends up to a chunk of the source to the buffer.
    fn fill(&mut self) -> Result<(), InputError> {
        let read = Read::take(&mut *self.source, CHUNK)
            .read_to_end(&mut self.buffer)
            .map_err(|e| self.read_error(&e))?;
        self.ended = (read as u64) < CHUNK;
        Ok(())
    }

    fn read_error(&self, error: &std::io::Error) -> InputError {
        InputError::file(self.display, read_error_message(error))
    }

    /// Where the buffer's last blank line (empty, or a lone `\r`) ends, among the bytes not
    /// searched yet (the buffer starts at the start of a line).
    fn after_last_blank_line(&mut self) -> Option<usize> {
        let bytes = &self.buffer;
        let is_blank = |at: usize| match at.checked_sub(1).map(|before| bytes[before]) {
            None | Some(b'\n') => true,
            Some(b'\r') => at == 1 || bytes[at - 2] == b'\n',
            Some(_) => false,
        };
        let found = memchr::memrchr_iter(b'\n', &bytes[self.searched..])
            .map(|at| self.searched + at)
            .find(|&at| is_blank(at));
        self.searched = bytes.len();
        found.map(|at| at + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windows of `text` read `chunk` bytes at a time.
    fn windows_of(text: &str) -> Vec<String> {
        let mut bytes = text.as_bytes();
        let mut windows = Windows::new(&mut bytes, "t.ldif");
        assert!(windows.start().unwrap().is_none());
        let mut out = Vec::new();
        while let Some(window) = windows.next(1).unwrap() {
            out.push(window.to_owned());
        }
        out
    }

    #[test]
    fn windows_end_at_blank_lines_and_hold_every_byte() {
        assert_eq!(windows_of(""), Vec::<String>::new());
        assert_eq!(windows_of("a: 1\n\nb: 2"), ["a: 1\n\n", "b: 2"]);
        assert_eq!(
            windows_of("\u{feff}a: 1\r\n\r\nb: 2\r\n"),
            ["a: 1\r\n\r\n", "b: 2\r\n"]
        );
        assert_eq!(windows_of("\nx\n"), ["\n", "x\n"]);
        let big = "dn: cn=a\n cont\n\n".repeat(200_000);
        let windows = windows_of(&big);
        assert!(windows.len() > 1);
        assert!(windows.iter().all(|w| w.ends_with("\n\n")));
        assert_eq!(windows.concat(), big);
    }

    #[test]
    fn bad_utf8_is_found_after_an_error_in_an_earlier_window() {
        let mut text = "dn: cn=a\n\n".repeat(300_000).into_bytes();
        text.extend_from_slice(b"x: \xff\n");
        let mut bytes = text.as_slice();
        let mut windows = Windows::new(&mut bytes, "t.ldif");
        windows.start().unwrap();
        assert!(windows.next(1).unwrap().is_some());
        let error = windows.error_in_rest(1).unwrap();
        assert_eq!((error.line, error.column), (600_001, 4));
    }
}
