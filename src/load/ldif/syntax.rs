//! The syntax of an LDIF export (RFC 2849): physical lines unfolded into logical ones,
//! `name: value` and `name:: base64` attributes, and entries between blank lines, with the
//! records plain `ldapsearch` output adds skipped and counted. What the entries mean (people,
//! accounts, managers) is [`super`]'s.

use crate::error::InputError;
use base64::Engine;
use std::borrow::Cow;

/// One attribute line, unfolded, with where it starts.
pub(super) struct Attribute<'a> {
    /// The attribute description as written (`cn`, `CN;lang-de`); compare ignoring ASCII case.
    pub(super) name: Cow<'a, str>,
    pub(super) value: Value<'a>,
    pub(super) line: u32,
}

pub(super) enum Value<'a> {
    Text(Cow<'a, str>),
    /// Decoded `::` bytes, checked as UTF-8 only when the attribute is read.
    Base64(Vec<u8>),
}

/// Splits LDIF text into unfolded lines, tracking line numbers. Comments are dropped (with
/// their continuations); a blank line ends a record.
pub(super) struct Lines<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
    /// The line `pos` is on.
    pub(super) line: u32,
}

enum Logical<'a> {
    Blank,
    Line(Cow<'a, str>, u32),
}

impl<'a> Lines<'a> {
    /// The next physical line (without its line end) and its number.
    fn physical(&mut self) -> Option<(&'a str, u32)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (line, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        let number = self.line;
        self.pos += advance;
        self.line = self.line.saturating_add(1);
        Some((line.strip_suffix('\r').unwrap_or(line), number))
    }

    fn peek_is_continuation(&self) -> bool {
        self.text.as_bytes().get(self.pos) == Some(&b' ')
    }

    fn next_logical(&mut self) -> Option<Logical<'a>> {
        loop {
            let (line, number) = self.physical()?;
            if line.is_empty() {
                return Some(Logical::Blank);
            }
            if line.starts_with('#') {
                while self.peek_is_continuation() {
                    self.physical();
                }
                continue;
            }
            if !self.peek_is_continuation() {
                return Some(Logical::Line(Cow::Borrowed(line), number));
            }
            let mut joined = line.to_owned();
            while self.peek_is_continuation() {
                if let Some((more, _)) = self.physical() {
                    joined.push_str(&more[1..]);
                }
            }
            return Some(Logical::Line(Cow::Owned(joined), number));
        }
    }
}

/// One parsed entry; its attribute list is reused from one entry to the next.
#[derive(Default)]
pub(super) struct Entry<'a> {
    pub(super) dn: Cow<'a, str>,
    pub(super) line: u32,
    pub(super) attributes: Vec<Attribute<'a>>,
}

pub(super) struct Parser<'a> {
    pub(super) display: &'a str,
    pub(super) first: bool,
    /// The records of ldapsearch's own skipped so far.
    pub(super) skipped_records: u32,
}

/// Whether a record starting with this attribute is one plain `ldapsearch` output (without
/// `-LLL`) adds between entries: a search result (`search:`, `result:`, `control:`, after
/// every page of a paged search) or a referral (`ref:`).
fn is_search_record(name: &str) -> bool {
    ["search", "result", "control", "ref"]
        .iter()
        .any(|record| name.eq_ignore_ascii_case(record))
}

/// Whether `name` is an attribute description: a type and its options (`cn;lang-de`), each
/// a non-empty run of letters, digits, `-` and `.`, the type starting with a letter or digit.
/// Byte by byte: split into parts, it cost 5% of reading an export.
fn is_attribute_name(name: &[u8]) -> bool {
    // Most names are one part: a table lookup a byte.
    if name.iter().all(|&b| PART_BYTE[b as usize]) {
        return name.first().is_some_and(u8::is_ascii_alphanumeric);
    }
    let mut previous = b';';
    for &b in name {
        if !(PART_BYTE[b as usize] || (b == b';' && previous != b';')) {
            return false;
        }
        previous = b;
    }
    name.first().is_some_and(u8::is_ascii_alphanumeric) && previous != b';'
}

/// The bytes of a part of an attribute name: letters, digits and `-` (and `.`, which OIDs
/// need).
const PART_BYTE: [bool; 256] = {
    let mut part = [false; 256];
    let mut b = 0;
    while b < 256 {
        part[b] = is_name_byte(b as u8);
        b += 1;
    }
    part
};

/// A byte of an attribute type or option (and of a DN's attribute type): a letter, a digit,
/// `-` or `.`.
pub(super) const fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.'
}

/// `text` after its leading spaces; at once when it has none (most values).
fn after_spaces(text: &str) -> &str {
    match text.starts_with(' ') {
        true => text.trim_start_matches(' '),
        false => text,
    }
}

impl Parser<'_> {
    pub(super) fn error(&self, line: u32, column: u32, message: impl Into<String>) -> InputError {
        InputError::new(self.display, line, column, message)
    }

    /// Reads the next entry of `lines` into `entry`; `false` at their end. The records
    /// plain `ldapsearch` output adds ([`is_search_record`]) are skipped and counted.
    pub(super) fn next_entry<'t>(
        &mut self,
        lines: &mut Lines<'t>,
        entry: &mut Entry<'t>,
    ) -> Result<bool, InputError> {
        entry.attributes.clear();
        let mut started = false;
        // Inside a record of ldapsearch's own: skipped to the blank line that ends it.
        let mut skipping = false;
        while let Some(logical) = lines.next_logical() {
            let (text, line) = match logical {
                Logical::Blank if started => break,
                Logical::Blank => {
                    skipping = false;
                    continue;
                }
                Logical::Line(text, line) => (text, line),
            };
            let attribute = self.attribute(text, line)?;
            let first = std::mem::replace(&mut self.first, false);
            let is = |name: &str| attribute.name.eq_ignore_ascii_case(name);
            match started {
                false if skipping => self.check_search_result(&attribute)?,
                false if first && is("version") => self.check_version(&attribute)?,
                false if is("dn") => {
                    entry.dn = self.value_text(attribute, "dn")?;
                    entry.line = line;
                    started = true;
                }
                false if is_search_record(&attribute.name) => {
                    self.skipped_records = self.skipped_records.saturating_add(1);
                    skipping = true;
                    self.check_search_result(&attribute)?;
                }
                false => return Err(self.error(
                    line,
                    1,
                    "expected `dn:` to start an entry (LDIF entries are separated by blank lines)",
                )),
                // ldifde writes each entry as a record that adds it.
                true if is("changetype")
                    && entry.attributes.is_empty()
                    && self
                        .text_of(&attribute, "changetype")?
                        .trim()
                        .eq_ignore_ascii_case("add") => {}
                true if is("changetype") || is("control") => {
                    return Err(self.error(
                        line,
                        1,
                        format!(
                            "`{}:` makes this a change record: expected an export of entries \
                             (ldapsearch or ldifde output, whose `changetype: add` records are \
                             entries), not changes to apply",
                            attribute.name.to_ascii_lowercase()
                        ),
                    ))
                }
                true => entry.attributes.push(attribute),
            }
        }
        Ok(started)
    }

    /// `version: 1`, the only LDIF version there is.
    fn check_version(&self, attribute: &Attribute) -> Result<(), InputError> {
        let version = self.text_of(attribute, "version")?;
        if version.trim() == "1" {
            return Ok(());
        }
        Err(self.error(
            attribute.line,
            0,
            format!(
                "unsupported LDIF version {:?}: expected `version: 1`",
                crate::text::truncate(version.trim(), 20)
            ),
        ))
    }

    /// A `result:` of ldapsearch's own other than `0 Success` means the search stopped
    /// early (a size or time limit, a referral, no access): what came before is part of
    /// the directory, never a whole export.
    fn check_search_result(&self, attribute: &Attribute) -> Result<(), InputError> {
        if !attribute.name.eq_ignore_ascii_case("result") {
            return Ok(());
        }
        let result = self.text_of(attribute, "result")?;
        let result = result.trim();
        let code = result.split(' ').next().unwrap_or("");
        if code == "0" {
            return Ok(());
        }
        Err(self.error(
            attribute.line,
            1,
            format!(
                "the search ended with `result: {}`, so this export is partial: expected a \
                 search that ends with `result: 0 Success` (page it past the server's size \
                 limit with `ldapsearch -E pr=1000/noprompt`, and write plain entries with \
                 `-LLL`)",
                crate::text::truncate(result, 80)
            ),
        ))
    }

    /// Parses `name: value`, `name:: base64` or (refused) `name:< url`.
    fn attribute<'t>(&self, text: Cow<'t, str>, line: u32) -> Result<Attribute<'t>, InputError> {
        let Some(colon) = memchr::memchr(b':', text.as_bytes()) else {
            return Err(self.error(
                line,
                1,
                "expected `attribute: value` (or a blank line between entries)",
            ));
        };
        if !is_attribute_name(&text.as_bytes()[..colon]) {
            return Err(self.error(
                line,
                1,
                "invalid attribute name: expected letters, digits and `-` before the `:`",
            ));
        }
        let name: Cow<'t, str> = match &text {
            Cow::Borrowed(line) => Cow::Borrowed(&line[..colon]),
            Cow::Owned(line) => Cow::Owned(line[..colon].to_owned()),
        };
        let rest_at = colon + 1;
        let value = match text.as_bytes().get(rest_at) {
            Some(b':') => {
                let encoded = text[rest_at + 1..].trim_matches(' ');
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .map_err(|_| {
                        self.error(
                            line,
                            (rest_at + 2) as u32,
                            format!(
                                "`{name}::` holds invalid base64: expected base64 text after `::`"
                            ),
                        )
                    })?;
                Value::Base64(bytes)
            }
            Some(b'<') => {
                return Err(self.error(
                    line,
                    (rest_at + 1) as u32,
                    format!(
                        "`{name}:<` takes the value from a URL, which orglint does not follow: \
                         expected the value in the file"
                    ),
                ))
            }
            _ => Value::Text(match text {
                Cow::Borrowed(text) => Cow::Borrowed(after_spaces(&text[rest_at..])),
                Cow::Owned(text) => Cow::Owned(after_spaces(&text[rest_at..]).to_owned()),
            }),
        };
        Ok(Attribute { name, value, line })
    }

    /// An attribute's value as text: base64 values must be UTF-8.
    pub(super) fn text_of<'v>(
        &self,
        attribute: &'v Attribute,
        name: &str,
    ) -> Result<&'v str, InputError> {
        match &attribute.value {
            Value::Text(text) => Ok(text.as_ref()),
            Value::Base64(bytes) => {
                std::str::from_utf8(bytes).map_err(|_| self.not_utf8(attribute.line, name))
            }
        }
    }

    /// [`Parser::text_of`], taking the attribute's value.
    pub(super) fn value_text<'t>(
        &self,
        attribute: Attribute<'t>,
        name: &str,
    ) -> Result<Cow<'t, str>, InputError> {
        match attribute.value {
            Value::Text(text) => Ok(text),
            Value::Base64(bytes) => String::from_utf8(bytes)
                .map(Cow::Owned)
                .map_err(|_| self.not_utf8(attribute.line, name)),
        }
    }

    fn not_utf8(&self, line: u32, name: &str) -> InputError {
        self.error(
            line,
            0,
            format!("the base64 value of `{name}` is not UTF-8 text: expected UTF-8 once decoded"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`is_attribute_name`] as first written: every byte tested in the one loop.
    fn is_attribute_name_byte_by_byte(name: &[u8]) -> bool {
        let part_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
        let mut previous = b';';
        for &b in name {
            if !(part_byte(b) || (b == b';' && previous != b';')) {
                return false;
            }
            previous = b;
        }
        name.first().is_some_and(u8::is_ascii_alphanumeric) && previous != b';'
    }

    #[test]
    fn attribute_names_are_told_as_byte_by_byte() {
        for b in 0..=255u8 {
            for name in [vec![b], vec![b'c', b], vec![b, b'n']] {
                let expected = is_attribute_name_byte_by_byte(&name);
                assert_eq!(is_attribute_name(&name), expected, "{name:?}");
            }
        }
        let alphabet = b"aZ9-.;_ :";
        let mut names = vec![Vec::new()];
        for _ in 0..5 {
            names = names
                .iter()
                .flat_map(|name| {
                    alphabet
                        .iter()
                        .map(move |&b| [name.as_slice(), &[b]].concat())
                })
                .collect();
            for name in &names {
                let expected = is_attribute_name_byte_by_byte(name);
                assert_eq!(is_attribute_name(name), expected, "{name:?}");
            }
        }
    }

    #[test]
    fn leading_spaces_are_skipped_as_trimmed() {
        for text in [
            "", " ", "   ", "a", " a", "  a b ", "a  ", "\u{a0}a", " \ta",
        ] {
            assert_eq!(after_spaces(text), text.trim_start_matches(' '), "{text:?}");
        }
    }
}
