//! A strict JSON reader for the JSON sources (the chart format, SCIM, Microsoft Graph) that
//! hands serde the values and the `Spanned` locations (line and column) the located YAML
//! parser (serde-saphyr) gives the same JSON text, at a fraction of its cost: it reads the
//! bytes once and counts lines and columns (with `memchr`) only where a location is asked for.
//!
//! It takes only what both read alike. Anything else (a syntax error, a duplicate key, deeper
//! nesting than the YAML reader allows, a key YAML would not take, a number that is no
//! finite `f64`) stops it with [`Unread`], and the caller reads the text the old way, whose
//! errors are the ones reported: every message and position stays as it was.

use crate::decode::{check_json_syntax, parse_yaml};
use crate::error::InputError;
use crate::model::{Loc, SourceId};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess};
use serde::de::{value, Visitor};
use serde_saphyr::Location;
use std::borrow::Cow;
use std::fmt;

mod position;
mod probe;
mod stream;
use position::{chars, Cursor, HIGH_BITS, ONES};
pub(crate) use probe::any_key;
pub(crate) use stream::{Stop, Stream};

/// Why the fast reader stopped. The caller reads the text again with the YAML parser, which
/// says what is wrong in its own words; this is only shown should the YAML parser accept it.
#[derive(Debug)]
pub(crate) struct Unread {
    pub message: String,
    /// The byte the reader was at.
    pub at: usize,
}

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Unread {}

impl de::Error for Unread {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Unread {
            message: message.to_string(),
            at: 0,
        }
    }
}

/// The nesting the YAML reader allows (mappings and sequences).
const MAX_DEPTH: usize = crate::decode::MAX_DEPTH;

/// The YAML scanner gives up on a key when its colon is further than this many characters
/// from the key's start (its simple-key lookahead).
const MAX_KEY_SPAN: usize = 1024;

/// The newtype name and first key by which serde-saphyr hands a value with its location
/// (see `Spanned::deserialize`).
const SPANNED_NEWTYPE: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// Where a value is written: line and column (1-based, in characters), as serde-saphyr's
/// `Location` gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn loc(self, file: SourceId) -> Loc {
        Loc {
            file,
            line: self.line,
            column: self.column,
        }
    }
}

/// A value with where it is written: serde-saphyr's `Spanned` for this reader and for the
/// YAML parser alike, but cheaper to hand over from this reader (a tuple of line, column and
/// value rather than a map of named fields and a `Location`).
#[derive(Clone, Debug)]
pub(crate) struct At<T> {
    pub value: T,
    pub pos: Pos,
}

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        AtSeed(std::marker::PhantomData::<T>).deserialize(d)
    }
}

/// `At<S::Value>` for a value read through a seed, so that it can be streamed and still
/// located. Both readers locate a value only inside their newtype named [`SPANNED_NEWTYPE`]:
/// asked there for a tuple, this reader hands the tuple, the YAML parser its map.
pub(crate) struct AtSeed<S>(pub S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for AtSeed<S> {
    type Value = At<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct(SPANNED_NEWTYPE, self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for AtSeed<S> {
    type Value = At<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a span-aware newtype wrapper")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_tuple(3, AtFields(self.0))
    }
}

struct AtFields<S>(S);

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for AtFields<S> {
    type Value = At<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value with its location")
    }
    /// This reader's: line, column, value.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let missing = || de::Error::custom("a location without its value");
        let line = seq.next_element::<u32>()?.ok_or_else(missing)?;
        let column = seq.next_element::<u32>()?.ok_or_else(missing)?;
        let value = seq.next_element_seed(self.0)?.ok_or_else(missing)?;
        Ok(At {
            value,
            pos: Pos { line, column },
        })
    }
    /// serde-saphyr's (see `Spanned::deserialize`): its marker, then `value`, `referenced`
    /// and `defined` in any order.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if map.next_key::<String>()?.as_deref() != Some(SPANNED_MARKER) {
            return Err(de::Error::custom("the YAML reader gave no location"));
        }
        map.next_value::<de::IgnoredAny>()?;
        let (mut seed, mut value, mut referenced) = (Some(self.0), None, None);
        while let Some(key) = map.next_key::<String>()? {
            match (key.as_str(), seed.take()) {
                ("value", Some(s)) => value = Some(map.next_value_seed(s)?),
                (other, unused) => {
                    seed = unused;
                    match other {
                        "referenced" => referenced = Some(map.next_value::<Location>()?),
                        // Its reader hands a location as nothing but a `Location`.
                        "defined" => _ = map.next_value::<Location>()?,
                        _ => _ = map.next_value::<de::IgnoredAny>()?,
                    }
                }
            }
        }
        let missing = |field| de::Error::missing_field(field);
        let at = referenced.ok_or_else(|| missing("referenced"))?;
        Ok(At {
            value: value.ok_or_else(|| missing("value"))?,
            pos: Pos {
                line: at.line() as u32,
                column: at.column() as u32,
            },
        })
    }
}

/// Reads JSON `text` into `seed`, or says why it cannot read it as the YAML parser would.
pub(crate) fn from_str_seed<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    seed: S,
) -> Result<S::Value, Unread> {
    let mut reader = Reader::new(text);
    let read = seed.deserialize(&mut reader).and_then(|value| {
        reader.skip_space();
        match reader.pos == text.len() {
            true => Ok(value),
            false => Err(reader.fail("text after the JSON value")),
        }
    });
    read.map_err(|mut unread| {
        unread.at = unread.at.max(reader.pos);
        unread
    })
}

/// [`from_str_seed`] for a type.
pub(crate) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Unread> {
    from_str_seed(text, std::marker::PhantomData::<T>)
}

/// Reads JSON text into `T`: with this reader, else as before this reader, JSON's syntax
/// checked and then the located YAML parser, whose errors are the ones reported.
pub(crate) fn parse<T: for<'de> de::Deserialize<'de>>(
    text: &str,
    display: &str,
) -> Result<T, InputError> {
    from_str(text).or_else(|_| {
        check_json_syntax(text, display)?;
        parse_yaml(text, display)
    })
}

/// An error for text this reader stopped at but the YAML parser took (which the tests say
/// does not happen), where this reader stopped.
pub(crate) fn unread_error(text: &str, display: &str, unread: Unread) -> InputError {
    let at = unread.at.min(text.len());
    let mut cursor = Cursor::START;
    let (line, column) = cursor.locate(text.as_bytes(), at);
    InputError::new(display, line as u32, column as u32, unread.message)
}

/// Whether a word of eight bytes of a string's text holds none the string reader looks at
/// ([`PLAIN`]'s exceptions): only ASCII from space to `~` but `"` and `\`.
fn plain_word(word: &[u8; 8]) -> bool {
    let w = u64::from_le_bytes(*word);
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH_BITS;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let flags =
        w | below_space | zero_in(w ^ (ONES * b'"' as u64)) | zero_in(w ^ (ONES * b'\\' as u64));
    (flags | zero_in(w ^ (ONES * 0x7F))) & HIGH_BITS == 0
}

/// The bytes a string's text passes over at once: all but the quote, the backslash, control
/// characters and the first bytes of the characters [`printable`] looks at.
static PLAIN: [bool; 256] = {
    let mut plain = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        plain[b] = false;
        b += 1;
    }
    plain[b'"' as usize] = false;
    plain[b'\\' as usize] = false;
    plain[0x7F] = false;
    plain[0xC2] = false;
    plain[0xEF] = false;
    plain
};

/// Whether the character `bytes` start with (led by 0xC2 or 0xEF) is one YAML takes: not a
/// C1 control (U+0080–U+009F but U+0085) nor U+FFFE or U+FFFF.
fn printable(bytes: &[u8]) -> bool {
    match bytes {
        [0xC2, second, ..] => !(0x80..=0x9F).contains(second) || *second == 0x85,
        [0xEF, 0xBF, 0xBE | 0xBF, ..] => false,
        _ => true,
    }
}

/// The reader: a position in the text, the nesting so far, and the keys of each open object
/// (kept between objects, so reading a million users does not allocate a list each).
pub(crate) struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
    keys: Vec<SeenKeys<'de>>,
    cursor: Cursor,
    /// Where the text starts, as the cursor counts (a stretch of a [`Stream`] starts inside
    /// the file).
    origin: Cursor,
    /// Whether the file goes on after the text (a [`Stream`]'s stretch): a number running to
    /// the text's end may then be cut, and is not taken.
    more: bool,
}

/// The keys of an object so far: a list while short (most objects), a set beyond.
#[derive(Default)]
struct SeenKeys<'de> {
    few: Vec<Cow<'de, str>>,
    many: crate::hash::FastSet<Cow<'de, str>>,
}

impl<'de> SeenKeys<'de> {
    const FEW: usize = 32;

    fn clear(&mut self) {
        self.few.clear();
        self.many.clear();
    }

    /// Adds a key; `false` when the object has it already.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        if self.few.len() < Self::FEW {
            if self.few.contains(&key) {
                return false;
            }
            self.few.push(key);
            return true;
        }
        if self.many.is_empty() {
            self.many.extend(self.few.iter().cloned());
        }
        self.many.insert(key)
    }
}

impl<'de> Reader<'de> {
    fn new(text: &'de str) -> Self {
        Reader::resumed(text, 0, Cursor::START, false)
    }

    /// A reader of a stretch of a file that starts at `origin`, inside `depth` open objects
    /// and arrays; `more` when the file goes on after it.
    fn resumed(text: &'de str, depth: usize, origin: Cursor, more: bool) -> Self {
        let mut keys = Vec::new();
        keys.resize_with(depth, SeenKeys::default);
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth,
            keys,
            cursor: origin,
            origin,
            more,
        }
    }

    fn fail(&self, message: &str) -> Unread {
        Unread {
            message: format!("invalid JSON: {message}"),
            at: self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// The next byte after white space, consumed when it is `byte`.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    /// Reads `byte` next, else stops the fast read with `what` (the file is then read the slow
    /// way for its error): a byte the input lacks is an error, never a panic.
    fn require_byte(&mut self, byte: u8, what: &str) -> Result<(), Unread> {
        match self.eat(byte) {
            true => Ok(()),
            false => Err(self.fail(what)),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Unread> {
        if !self.bytes[self.pos..].starts_with(word.as_bytes()) {
            return Err(self.fail("expected a value"));
        }
        self.pos += word.len();
        Ok(())
    }

    /// Opens an object or array, within the YAML reader's nesting.
    fn enter(&mut self) -> Result<(), Unread> {
        self.pos += 1;
        self.depth += 1;
        match self.depth > MAX_DEPTH {
            true => Err(self.fail("nested too deeply")),
            false => Ok(()),
        }
    }

    /// A string (the reader at its opening quote): borrowed from the text unless it has
    /// escapes.
    fn string(&mut self) -> Result<Cow<'de, str>, Unread> {
        let start = self.pos + 1;
        let mut end = start;
        loop {
            let (words, _) = self.bytes.get(end..).unwrap_or_default().as_chunks::<8>();
            end += 8 * words.iter().take_while(|word| plain_word(word)).count();
            while self.bytes.get(end).is_some_and(|&b| PLAIN[usize::from(b)]) {
                end += 1;
            }
            match self.bytes.get(end) {
                Some(b'"') => break,
                Some(b'\\') => return self.escaped_string(start),
                Some(&b) if b < 0x20 || b == 0x7F => {
                    return Err(self.fail("control character in a string"))
                }
                Some(0xC2 | 0xEF) if !printable(&self.bytes[end..]) => {
                    return Err(self.fail("a character YAML does not take"))
                }
                Some(_) => end += 1,
                None => return Err(self.fail("unterminated string")),
            }
        }
        self.pos = end + 1;
        Ok(Cow::Borrowed(&self.text[start..end]))
    }

    fn escaped_string(&mut self, start: usize) -> Result<Cow<'de, str>, Unread> {
        let mut out = String::new();
        self.pos = start;
        loop {
            let run = self.bytes[self.pos..]
                .iter()
                .position(|&b| matches!(b, b'"' | b'\\' | 0..0x20 | 0x7F | 0xC2 | 0xEF));
            let Some(run) = run else {
                return Err(self.fail("unterminated string"));
            };
            out.push_str(&self.text[self.pos..self.pos + run]);
            self.pos += run;
            match self.bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => out.push(self.escape()?),
                0xC2 | 0xEF if printable(&self.bytes[self.pos..]) => {
                    let width = if self.bytes[self.pos] == 0xC2 { 2 } else { 3 };
                    out.push_str(&self.text[self.pos..self.pos + width]);
                    self.pos += width;
                }
                _ => return Err(self.fail("a character YAML does not take in a string")),
            }
        }
    }

    /// One escape (the reader at its backslash): JSON's, with surrogate pairs joined; a lone
    /// surrogate is an error in both readers.
    fn escape(&mut self) -> Result<char, Unread> {
        let letter = self.bytes.get(self.pos + 1).copied();
        self.pos += 2;
        let simple = match letter {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            _ => return Err(self.fail("invalid escape")),
        };
        Ok(simple)
    }

    fn unicode_escape(&mut self) -> Result<char, Unread> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err(self.fail("lone surrogate"));
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.fail("lone surrogate"));
                }
                0x10000 + ((high - 0xD800) << 10 | (low - 0xDC00))
            }
            0xDC00..=0xDFFF => return Err(self.fail("lone surrogate")),
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.fail("invalid escape"))
    }

    fn hex4(&mut self) -> Result<u32, Unread> {
        let digits = self.bytes.get(self.pos..self.pos + 4);
        let text = digits.and_then(|d| std::str::from_utf8(d).ok());
        let code = text
            .filter(|t| t.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|t| u32::from_str_radix(t, 16).ok());
        self.pos += 4;
        code.ok_or_else(|| self.fail("invalid \\u escape"))
    }

    /// A number's text, as JSON writes numbers.
    fn number_text(&mut self) -> Result<(&'de str, bool), Unread> {
        let start = self.pos;
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while reader.peek().is_some_and(|b| b.is_ascii_digit()) {
                reader.pos += 1;
            }
            reader.pos - from
        };
        self.pos += usize::from(self.peek() == Some(b'-'));
        let whole = self.pos;
        if digits(self) == 0 || (self.bytes[whole] == b'0' && self.pos - whole > 1) {
            return Err(self.fail("invalid number"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integer = false;
            if digits(self) == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if self.more && self.pos == self.bytes.len() {
            return Err(self.fail("a number at the end of what is held, maybe cut"));
        }
        Ok((&self.text[start..self.pos], integer))
    }

    /// A number handed over as the YAML reader does: a whole number as `i64` (negative) or
    /// `u64` while it fits, else as a finite `f64`.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Unread> {
        let (text, integer) = self.number_text()?;
        if integer {
            if text.starts_with('-') {
                if let Ok(n) = text.parse::<i64>() {
                    return visitor.visit_i64(n);
                }
            } else if let Ok(n) = text.parse::<u64>() {
                return visitor.visit_u64(n);
            }
        }
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => visitor.visit_f64(n),
            _ => Err(self.fail("a number beyond f64")),
        }
    }

    /// An object's next key with its colon (the reader after `{` or a value), `None` at `}`.
    fn key(&mut self, first: bool) -> Result<Option<Cow<'de, str>>, Unread> {
        if self.eat(b'}') {
            return Ok(None);
        }
        if !first {
            self.require_byte(b',', "expected `,` or `}`")?;
            self.skip_space();
        }
        if self.peek() != Some(b'"') {
            return Err(self.fail("expected a key"));
        }
        let start = self.pos;
        let key = self.string()?;
        self.require_byte(b':', "expected `:`")?;
        let span = self.pos - 1 - start;
        if span > MAX_KEY_SPAN && chars(&self.bytes[start..self.pos - 1]) > MAX_KEY_SPAN {
            return Err(self.fail("a key too long for the YAML reader"));
        }
        if !self.keys[self.depth - 1].insert(key.clone()) {
            return Err(self.fail("duplicate key"));
        }
        Ok(Some(key))
    }

    fn open_object(&mut self) -> Result<(), Unread> {
        self.enter()?;
        if self.keys.len() < self.depth {
            self.keys.resize_with(self.depth, SeenKeys::default);
        }
        self.keys[self.depth - 1].clear();
        Ok(())
    }

    /// Where the next value starts, as the YAML reader gives it.
    fn location(&mut self) -> (usize, usize) {
        self.skip_space();
        if self.pos < self.cursor.pos {
            self.cursor = self.origin;
        }
        self.cursor.locate(self.bytes, self.pos)
    }
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Unread;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unread> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => {
                self.open_object()?;
                let value = visitor.visit_map(Entries {
                    reader: &mut *self,
                    first: true,
                })?;
                self.depth -= 1;
                Ok(value)
            }
            Some(b'[') => {
                self.enter()?;
                let value = visitor.visit_seq(Elements {
                    reader: &mut *self,
                    first: true,
                })?;
                self.depth -= 1;
                Ok(value)
            }
            Some(b'"') => match self.string()? {
                Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                Cow::Owned(text) => visitor.visit_string(text),
            },
            Some(b't') => self.literal("true").and_then(|()| visitor.visit_bool(true)),
            Some(b'f') => self
                .literal("false")
                .and_then(|()| visitor.visit_bool(false)),
            Some(b'n') => self.literal("null").and_then(|()| visitor.visit_unit()),
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            _ => Err(self.fail("expected a value")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unread> {
        self.skip_space();
        match self.peek() {
            Some(b'n') => self.literal("null").and_then(|()| visitor.visit_none()),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unread> {
        if name != SPANNED_NEWTYPE {
            return visitor.visit_newtype_struct(self);
        }
        let (line, column) = self.location();
        visitor.visit_newtype_struct(Located {
            reader: self,
            line,
            column,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// An object's entries.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Unread;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unread> {
        let key = self.reader.key(std::mem::replace(&mut self.first, false))?;
        key.map(|key| match key {
            Cow::Borrowed(key) => seed.deserialize(value::BorrowedStrDeserializer::new(key)),
            Cow::Owned(key) => seed.deserialize(value::StringDeserializer::new(key)),
        })
        .transpose()
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unread> {
        seed.deserialize(&mut *self.reader)
    }
}

/// An array's elements.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Unread;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unread> {
        let reader = &mut *self.reader;
        if reader.eat(b']') {
            return Ok(None);
        }
        if !std::mem::replace(&mut self.first, false) {
            reader.require_byte(b',', "expected `,` or `]`")?;
        }
        seed.deserialize(reader).map(Some)
    }
}

/// A value with its location, in serde-saphyr's form: a map of the marker, `value`,
/// `referenced` and `defined` (the last two alike: JSON has no aliases).
struct Located<'r, 'de> {
    reader: &'r mut Reader<'de>,
    line: usize,
    column: usize,
}

impl<'de> Deserializer<'de> for Located<'_, 'de> {
    type Error = Unread;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unread> {
        visitor.visit_map(LocatedFields {
            located: self,
            next: 0,
        })
    }

    /// [`At`]'s form: line, column and value.
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Unread> {
        visitor.visit_seq(LocatedTuple {
            located: self,
            next: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple_struct map struct enum
        identifier ignored_any
    }
}

struct LocatedTuple<'r, 'de> {
    located: Located<'r, 'de>,
    next: usize,
}

impl<'de> SeqAccess<'de> for LocatedTuple<'_, 'de> {
    type Error = Unread;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unread> {
        self.next += 1;
        let Located { line, column, .. } = self.located;
        match self.next {
            1 => seed.deserialize(line.into_deserializer()).map(Some),
            2 => seed.deserialize(column.into_deserializer()).map(Some),
            3 => seed.deserialize(&mut *self.located.reader).map(Some),
            _ => Ok(None),
        }
    }
}

struct LocatedFields<'r, 'de> {
    located: Located<'r, 'de>,
    /// The field to hand next: the marker, `value`, `referenced`, `defined`.
    next: usize,
}

const LOCATED_FIELDS: [&str; 4] = [SPANNED_MARKER, "value", "referenced", "defined"];

impl<'de> MapAccess<'de> for LocatedFields<'_, 'de> {
    type Error = Unread;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unread> {
        LOCATED_FIELDS
            .get(self.next)
            .map(|field| seed.deserialize(value::BorrowedStrDeserializer::new(field)))
            .transpose()
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unread> {
        self.next += 1;
        let Located { line, column, .. } = self.located;
        match self.next {
            1 => seed.deserialize(true.into_deserializer()),
            2 => seed.deserialize(&mut *self.located.reader),
            _ => {
                let fields = [("line", line), ("column", column)].into_iter();
                seed.deserialize(value::MapDeserializer::<_, Unread>::new(fields))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::position::ascii_on_one_line;
    use super::*;
    use serde_saphyr::Spanned;

    /// Any JSON value with the line and column of every value in it, to compare the readers.
    #[derive(Debug, PartialEq)]
    enum Tree {
        Scalar(serde_json::Value),
        List(Vec<(u64, u64, Tree)>),
        Object(Vec<(String, u64, u64, Tree)>),
    }

    fn at(spanned: Spanned<Tree>) -> (u64, u64, Tree) {
        let l = spanned.referenced;
        assert_eq!(l, spanned.defined);
        (l.line(), l.column(), spanned.value)
    }

    impl<'de> de::Deserialize<'de> for Tree {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tree, D::Error> {
            d.deserialize_any(TreeVisitor)
        }
    }

    struct TreeVisitor;

    impl<'de> Visitor<'de> for TreeVisitor {
        type Value = Tree;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any value")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Spanned<Tree>>()? {
                items.push(at(item));
            }
            Ok(Tree::List(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
            let mut entries = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let (line, column, value) = at(map.next_value::<Spanned<Tree>>()?);
                entries.push((key, line, column, value));
            }
            Ok(Tree::Object(entries))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
            Ok(Tree::Scalar(v.into()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
            Ok(Tree::Scalar(v.into()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
            Ok(Tree::Scalar(v.into()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
            Ok(Tree::Scalar(v.into()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
            Ok(Tree::Scalar(v.into()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
            Ok(Tree::Scalar(v.into()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
            Ok(Tree::Scalar(serde_json::Value::Null))
        }
    }

    /// What the located YAML parser makes of JSON text (its syntax checked first).
    fn located_yaml(text: &str) -> Result<Spanned<Tree>, InputError> {
        check_json_syntax(text, "t.json")?;
        parse_yaml(text, "t.json")
    }

    fn same_as_yaml(text: &str) {
        let fast = from_str::<Spanned<Tree>>(text).map(at);
        let slow = located_yaml(text).map(at);
        match (fast, slow) {
            (Ok(fast), Ok(slow)) => assert_eq!(fast, slow, "{text:?}"),
            (fast, slow) => panic!("{text:?}: fast {fast:?}, YAML {slow:?}"),
        }
    }

    fn both_refuse(text: &str) {
        assert!(
            from_str::<Spanned<Tree>>(text).is_err(),
            "fast took {text:?}"
        );
        assert!(located_yaml(text).is_err(), "YAML took {text:?}");
    }

    #[test]
    fn values_and_locations_are_the_yaml_readers() {
        let page = "{\"@odata.context\": \"x\",\n  \"value\": [\n    {\"id\": \"1\", \"displayName\": \"Zoë Ünal\", \"manager\": null},\n    {\"id\": \"2\", \"mail\": \"a@x\", \"manager\": {\"id\": \"1\"}}\n  ]\n}\n";
        same_as_yaml(page);
        same_as_yaml(&page.replace('\n', "\r\n"));
        same_as_yaml(&page.replace('\n', "\r"));
        same_as_yaml(&page.replace("  ", "\t"));
        same_as_yaml(&page.replace('\n', ""));
        same_as_yaml("[{\"ключ\": \"значение\", \"b\": [1, -2, 0, -0, 1.5, 1e3, 1E-2, 18446744073709551616, -9223372036854775809]}]");
        same_as_yaml(
            r#"{"esc": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u0041", "e": "\u2028\u0085"}"#,
        );
        same_as_yaml("{\"raw\": \"\u{85}\u{a0}\u{2028}\u{feff}😀\", \"after\": true}");
        same_as_yaml("  [true, false, null, [], {}, [[{}]], {\"a\": {\"b\": []}}]  \n");
        same_as_yaml("{\"a\"\n  :\n  1, \"b\"   : \"x\"\n}");
        same_as_yaml("\"just text\"");
        same_as_yaml("12");
        let long_key = format!("{{\"{}\": 1}}", "k".repeat(1000));
        same_as_yaml(&long_key);
        let deep = format!("{}{}", "[".repeat(64), "]".repeat(64));
        same_as_yaml(&deep);
        let long_line = format!("[{}\"end\"]", "\"é\", ".repeat(20_000));
        same_as_yaml(&long_line);
    }

    #[test]
    fn at_is_located_alike_by_both_readers() {
        type User = At<std::collections::BTreeMap<String, At<serde_json::Value>>>;
        let text = "[\n  {\"id\": \"1\",\n   \"manager\": {\"id\": \"2\"}}]";
        let located = |users: Vec<User>| -> Vec<(Pos, Vec<(String, Pos)>)> {
            let fields = |user: &User| user.value.iter().map(|(k, v)| (k.clone(), v.pos)).collect();
            users.iter().map(|user| (user.pos, fields(user))).collect()
        };
        let fast = located(from_str::<Vec<User>>(text).unwrap());
        let slow = located(parse_yaml::<Vec<User>>(text, "t.json").unwrap());
        assert_eq!(fast, slow);
        assert_eq!(fast[0].0, Pos { line: 2, column: 3 });
    }

    #[test]
    fn what_the_yaml_reader_refuses_this_reader_refuses() {
        for text in [
            "",
            "{\"a\": 1, \"a\": 2}",
            "[{\"a\": {\"b\": 1, \"b\": 1}}]",
            "{\"a\": 1, \"\\u0061\": 2}",
            "{\"a\": [1,]}",
            "{\"a\": 1,}",
            "[1] [2]",
            "{\"a\": 01}",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"\\udc00x\"}",
            "{\"a\": \"\\ud800\\u0041\"}",
            "{\"a\": \"\\x41\"}",
            "{\"a\": \"\u{80}\"}",
            "{\"a\": \"\u{9f}\"}",
            "{\"a\": \"\u{fffe}\"}",
            "{\"a\": \"\u{7f}\"}",
            "{\"a\": 1e999}",
            "{\"a\": tru}",
            "// c\n{}",
        ] {
            both_refuse(text);
        }
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        both_refuse(&deep);
        let long_key = format!("{{\"{}\": 1}}", "k".repeat(1100));
        both_refuse(&long_key);
        let many = (0..100).map(|n| format!("\"k{}\": 1", n % 99));
        both_refuse(&format!("{{{}}}", many.collect::<Vec<_>>().join(", ")));
    }

    #[test]
    fn words_are_tested_as_their_bytes_one_by_one() {
        let plain = |b: u8| (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\';
        let one_line = |b: u8| (0x20..0x80).contains(&b);
        let check = |word: [u8; 8]| {
            assert_eq!(
                plain_word(&word),
                word.iter().all(|&b| plain(b)),
                "{word:?}"
            );
            let at_once = ascii_on_one_line(&word);
            assert_eq!(at_once, word.iter().all(|&b| one_line(b)), "{word:?}");
            assert_eq!(
                ascii_on_one_line(&word[..5]),
                word[..5].iter().all(|&b| one_line(b))
            );
        };
        for byte in 0..=255 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = byte;
                check(word);
            }
        }
        // Bytes near every edge together, where a borrow could carry into the next.
        let edges = [
            0, 1, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC2, 0xFF,
        ];
        let mut seed = 7u64;
        for _ in 0..200_000 {
            let mut word = [0; 8];
            for b in &mut word {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                *b = edges[(seed >> 33) as usize % edges.len()];
            }
            check(word);
        }
    }

    #[test]
    fn keys_are_probed_without_reading_values() {
        let page = r#"{"@odata.context": "x", "value": [{"id": "1"}]}"#;
        assert!(any_key(page, 0, |k| k == "value"));
        assert!(!any_key(page, 0, |k| k == "id"));
        let array = r#"[1, "x", {"a": [1, {"z": 2}], "b": "}"}, {"c": null}]"#;
        assert!(any_key(array, 16, |k| k == "c"));
        assert!(!any_key(array, 3, |k| k == "c"));
        assert!(!any_key(array, 16, |k| k == "z"));
        assert!(!any_key("not json", 16, |_| true));
    }
}
