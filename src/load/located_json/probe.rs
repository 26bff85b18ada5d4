//! Telling kinds of JSON file apart by their keys, without reading the values: [`any_key`].

use super::{Reader, Unread};

/// Whether a key of a top-level object (or of the first `probed` objects of a top-level
/// array) passes `wanted`, read without reading the values: for telling kinds of file apart.
/// Text that is no JSON may pass or not: its loader reports it either way.
pub(crate) fn any_key(text: &str, probed: usize, mut wanted: impl FnMut(&str) -> bool) -> bool {
    let mut reader = Reader::new(text);
    reader.skip_space();
    match reader.peek() {
        Some(b'{') => reader.any_key_of_object(&mut wanted),
        Some(b'[') => {
            reader.pos += 1;
            for _ in 0..probed {
                reader.skip_space();
                let found = match reader.peek() {
                    Some(b'{') => reader.any_key_of_object(&mut wanted),
                    _ => reader.skip_value().is_err(),
                };
                if found || !reader.eat(b',') {
                    return found;
                }
            }
            false
        }
        _ => false,
    }
}

impl<'de> Reader<'de> {
    /// Whether a key of the object the reader is at passes `wanted`.
    pub(super) fn any_key_of_object(&mut self, wanted: &mut impl FnMut(&str) -> bool) -> bool {
        self.pos += 1;
        let mut first = true;
        loop {
            self.skip_space();
            if self.eat(b'}') || (!first && !self.eat(b',')) {
                return false;
            }
            first = false;
            self.skip_space();
            if self.peek() != Some(b'"') {
                return false;
            }
            let Ok(key) = self.string() else {
                return false;
            };
            if wanted(&key) {
                return true;
            }
            if !self.eat(b':') || self.skip_value().is_err() {
                return false;
            }
        }
    }

    /// Moves past one value, minding only strings and brackets (no other checks: see
    /// [`any_key`]); nesting is counted, not recursed into.
    fn skip_value(&mut self) -> Result<(), Unread> {
        let mut open = 0usize;
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(self.fail("unexpected end")),
                Some(b'"') => _ = self.string()?,
                Some(b'{' | b'[') => {
                    open += 1;
                    self.pos += 1;
                }
                Some(b'}' | b']' | b',' | b':') if open == 0 => {
                    return Err(self.fail("expected a value"))
                }
                Some(b'}' | b']') => {
                    open -= 1;
                    self.pos += 1;
                }
                Some(_) => {
                    // A `,` or `:` within, or a number or word to the next delimiter.
                    self.pos += 1;
                    while self
                        .peek()
                        .is_some_and(|b| !b",:[]{}\" \n\r\t".contains(&b))
                    {
                        self.pos += 1;
                    }
                }
            }
            if open == 0 {
                return Ok(());
            }
        }
    }
}
