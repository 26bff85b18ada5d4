//! JSON read from a [`Window`] a stretch at a time, with the same [`Reader`]: a big Graph
//! page is then not held whole while its users are built (SPEC §8), and a page in memory is
//! read by the same steps.
//!
//! Each step reads from the text held; a step that fails before the end of the file may have
//! met the end of what is held, so more is read and the step is made again from where it
//! began. Only at the end of the file is a failure the answer. A step never takes a value
//! cut by the end of what is held: strings, objects and arrays need their closing byte, and
//! the reader refuses a number that runs to the end while the file goes on.

use super::{Cursor, Pos, Reader, Unread};
use crate::load::window::Window;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::io;

/// Why a streamed reading stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The text is not read as the YAML reader would (see [`Unread`]); its offset is into
    /// the whole text.
    Unread(Unread),
    /// The file could not be read further.
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Stop {
        Stop::Io(error)
    }
}

/// JSON text being read from a window.
pub(crate) struct Stream<'w, 'a> {
    window: &'w mut Window<'a>,
    /// The offset of the next byte to read.
    pos: usize,
    /// Where the last value located is: its offset into the whole text, its line and column.
    cursor: Cursor,
    /// The objects and arrays open.
    depth: usize,
}

impl<'w, 'a> Stream<'w, 'a> {
    pub fn new(window: &'w mut Window<'a>) -> Self {
        Stream {
            window,
            pos: 0,
            cursor: Cursor::START,
            depth: 0,
        }
    }

    /// Runs `read` on a reader of the text held from the current position, again while it
    /// returns `Ok(None)`, the position moved past what each run read; its first `Some` is
    /// the answer. A run that fails before the end of the file is made again, from where it
    /// began, with more text held.
    fn run<T>(
        &mut self,
        mut read: impl FnMut(&mut Reader<'_>) -> Result<Option<T>, Unread>,
    ) -> Result<T, Stop> {
        loop {
            let base = self.pos;
            let gap = self.window.range(self.cursor.pos, base);
            self.cursor.pass(gap);
            let origin = Cursor {
                pos: 0,
                ..self.cursor
            };
            let more = !self.window.holds_the_rest();
            let text = self.window.text(base, self.window.held_end()).unwrap_or("");
            let mut reader = Reader::resumed(text, self.depth, origin, more);
            let failure = loop {
                match read(&mut reader) {
                    Ok(done) => {
                        self.pos = base + reader.pos;
                        self.cursor = Cursor {
                            pos: base + reader.cursor.pos,
                            ..reader.cursor
                        };
                        if let Some(value) = done {
                            return Ok(value);
                        }
                    }
                    Err(unread) => break unread,
                }
            };
            if !more {
                let at = base + failure.at.max(reader.pos);
                return Err(Stop::Unread(Unread { at, ..failure }));
            }
            self.window.keep_from(self.cursor.pos);
            self.window.read_more()?;
        }
    }

    /// A step that reads once.
    fn step<T>(
        &mut self,
        mut read: impl FnMut(&mut Reader<'_>) -> Result<T, Unread>,
    ) -> Result<T, Stop> {
        self.run(|reader| read(reader).map(Some))
    }

    /// The next byte after white space, if any.
    pub fn peek(&mut self) -> Result<Option<u8>, Stop> {
        self.step(|reader| {
            reader.skip_space();
            match reader.peek() {
                None if reader.more => Err(reader.fail("the end of what is held")),
                byte => Ok(byte),
            }
        })
    }

    /// Opens the object or array (`{` or `[`) that comes next: where it is written.
    pub fn open(&mut self, bracket: u8) -> Result<Pos, Stop> {
        let (line, column) = self.step(|reader| {
            let at = reader.location();
            match reader.peek() == Some(bracket) {
                true => reader.enter().map(|()| at),
                false => Err(reader.fail("expected a value")),
            }
        })?;
        self.depth += 1;
        Ok(Pos {
            line: line as u32,
            column: column as u32,
        })
    }

    /// The next key of the object open (the first when `first`), with its colon; `None` at
    /// its `}`, which closes it. A key given twice is the caller's to find.
    pub fn key(&mut self, first: bool) -> Result<Option<String>, Stop> {
        let key = self.step(|reader| Ok(reader.key(first)?.map(Cow::into_owned)))?;
        self.depth -= usize::from(key.is_none());
        Ok(key)
    }

    /// The next value, read into `T`.
    pub fn value<T: DeserializeOwned>(&mut self) -> Result<T, Stop> {
        self.step(|reader| T::deserialize(&mut *reader))
    }

    /// The next value, read by `read` (the reader at its start), which is called once.
    pub fn read(
        &mut self,
        read: impl FnMut(&mut Reader<'_>) -> Result<(), Unread>,
    ) -> Result<(), Stop> {
        self.step(read)
    }

    /// Stops at the current position with `error` (one of serde's, raised by the caller).
    pub fn stop(&self, error: Unread) -> Stop {
        let at = error.at.max(self.pos);
        Stop::Unread(Unread { at, ..error })
    }

    /// The elements of the array open, up to its `]`, which closes it: each read by
    /// `element` (the reader at its start), which is called once for each.
    pub fn elements(
        &mut self,
        mut element: impl FnMut(&mut Reader<'_>) -> Result<(), Unread>,
    ) -> Result<(), Stop> {
        let mut first = true;
        self.run(|reader| {
            if reader.eat(b']') {
                return Ok(Some(()));
            }
            if !first {
                reader.require_byte(b',', "expected `,` or `]`")?;
            }
            element(reader)?;
            first = false;
            Ok(None)
        })?;
        self.depth -= 1;
        Ok(())
    }

    /// Whether a key of the object that comes next passes `wanted`, the values passed over
    /// unread (as [`super::any_key`]); the position stays where it is.
    pub fn has_key(&mut self, mut wanted: impl FnMut(&str) -> bool) -> Result<bool, Stop> {
        let start = self.pos;
        let found = self.step(|reader| {
            reader.skip_space();
            match reader.peek() == Some(b'{') && reader.any_key_of_object(&mut wanted) {
                true => Ok(true),
                false if reader.more => Err(reader.fail("the end of what is held")),
                false => Ok(false),
            }
        })?;
        self.pos = start;
        Ok(found)
    }

    /// Checks that only white space is left.
    pub fn end(&mut self) -> Result<(), Stop> {
        self.step(|reader| {
            reader.skip_space();
            match (reader.peek(), reader.more) {
                (None, false) => Ok(()),
                (None, true) => Err(reader.fail("the end of what is held")),
                (Some(_), _) => Err(reader.fail("text after the JSON value")),
            }
        })
    }
}
