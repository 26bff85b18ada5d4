//! Turning input bytes into text and YAML/JSON text into values, with errors that name the
//! file, line and column. Below every reader of input (charts, rulebooks, config), so none
//! of them needs another.

use crate::error::InputError;
use serde::de;
use serde::Deserialize;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{MessageFormatter, UserMessageFormatter};
use std::borrow::Cow;

/// How deeply YAML/JSON may nest; charts need 4 levels, rulebooks a few more.
pub(crate) const MAX_DEPTH: usize = 64;

/// Parser options: strict about duplicate keys, with budgets that grow with the input (so a
/// million-person file loads) but bound alias expansion and nesting (so a bomb does not).
/// YAML 1.2 scalars: `y`, `no`, `off` stay text (ids, not booleans), and ids keep leading
/// zeros (`007` is not `7`).
pub fn yaml_options(input_len: usize) -> serde_saphyr::Options {
    let scaled = input_len.saturating_add(1_000_000);
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: None,
            max_events: scaled,
            max_nodes: scaled,
            max_total_scalar_bytes: scaled.saturating_mul(2),
            max_depth: MAX_DEPTH,
        },
        // Aliases replay at most about as many events as the text holds: a real chart
        // barely uses them, a bomb is stopped before it expands.
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: input_len.saturating_add(100_000),
        },
        with_snippet: false,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
    }
}

/// Parses YAML text into `T`, mapping errors to `file:line:column: message`.
pub fn parse_yaml<T: for<'de> Deserialize<'de>>(
    text: &str,
    display: &str,
) -> Result<T, InputError> {
    parse_yaml_seed(text, display, std::marker::PhantomData::<T>)
}

/// [`parse_yaml`] driving a seed, which can take each part of the document as it is read
/// rather than build the whole (a directory export of a million users).
pub fn parse_yaml_seed<'de, S: de::DeserializeSeed<'de>>(
    text: &'de str,
    display: &str,
    seed: S,
) -> Result<S::Value, InputError> {
    serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(text.len()), |de| {
        seed.deserialize(de)
    })
    .map_err(|e| with_hint(yaml_error(&e, display), text).with_excerpt(text))
}

/// Points a YAML syntax error at its likely cause, as people write YAML by hand: a tab in
/// the indentation (the parser notices it only at the scalar before it), or a plain value
/// holding `: ` (`title: COO, Operations: EMEA`), which needs quotes.
fn with_hint(mut error: InputError, text: &str) -> InputError {
    if error.line == 0 {
        return error;
    }
    let from = error.line as usize - 1;
    if error.message.contains("tab") {
        let tab = text.lines().enumerate().skip(from).find_map(|(n, line)| {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            line[..indent].find('\t').map(|at| (n, at))
        });
        if let Some((n, at)) = tab {
            error.line = n as u32 + 1;
            error.column = line_column(text, n, at);
            error.message = "a tab in the indentation: YAML indents with spaces only".to_owned();
        }
    } else if error.message.contains("mapping values are not allowed") {
        let line = text.lines().nth(from).unwrap_or("");
        if let Some((key, value)) = line.trim_start().trim_start_matches("- ").split_once(": ") {
            let value = value.trim();
            if value.contains(": ") && !value.starts_with(['"', '\'', '{', '[']) {
                let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
                error.message = format!(
                    "{}; a value holding `: ` needs quotes: {key}: \"{quoted}\"",
                    error.message
                );
            }
        }
    }
    error
}

/// The 1-based column (in characters) of byte `at` on line `n` (0-based) of `text`.
fn line_column(text: &str, n: usize, at: usize) -> u32 {
    let line = text.lines().nth(n).unwrap_or("");
    line.get(..at)
        .map_or(0, |before| before.chars().count() as u32 + 1)
}

fn yaml_error(error: &serde_saphyr::Error, display: &str) -> InputError {
    let (line, column) = error
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .unwrap_or((0, 0));
    // The message alone: the location is ours to print, and `InputError` escapes it.
    let message = ReaderMessages.format_message(original_error(error));
    InputError::new(display, line, column, message)
}

/// The error under alias and snippet wrappers (they only add places to point at).
fn original_error(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

/// serde-saphyr's messages, reworded where they speak to a Rust developer ("set
/// DuplicateKeyPolicy in Options") or do not say what was expected.
struct ReaderMessages;

impl MessageFormatter for ReaderMessages {
    fn format_message<'a>(&self, error: &'a serde_saphyr::Error) -> Cow<'a, str> {
        use serde_saphyr::Error as E;
        match error {
            E::SerdeUnknownField {
                field, expected, ..
            } => {
                let hint = crate::text::did_you_mean(field, expected.iter().copied())
                    .map(|close| format!(" (did you mean `{close}`?)"))
                    .unwrap_or_default();
                let shown = crate::text::truncate(field, 80);
                Cow::Owned(if expected.is_empty() {
                    format!("unknown field `{shown}`: no fields are expected here")
                } else {
                    format!(
                        "unknown field `{shown}`{hint}: expected one of {}",
                        expected.join(", ")
                    )
                })
            }
            E::SerdeMissingField { field, .. } => {
                Cow::Owned(format!("missing field `{field}`: it is required here"))
            }
            E::DuplicateMappingKey { key: Some(key), .. } => Cow::Owned(format!(
                "duplicate key `{}`: each key may appear only once in a mapping",
                crate::text::truncate(key, 80)
            )),
            E::DuplicateMappingKey { key: None, .. } => {
                Cow::Borrowed("duplicate key: each key may appear only once in a mapping")
            }
            E::InvalidBooleanStrict { .. } => {
                Cow::Borrowed("invalid boolean: expected true or false")
            }
            E::Unexpected { expected, .. } => Cow::Owned(match *expected {
                "sequence start" => "expected a list here (`- item` lines or `[a, b]`)".to_owned(),
                "mapping start" => {
                    "expected a mapping here (`key: value` lines or `{k: v}`)".to_owned()
                }
                "bool expected" | "missing bool" => "expected true or false here".to_owned(),
                "str expected" | "string scalar" | "missing string" => {
                    "expected a text value here".to_owned()
                }
                other => format!("expected {other}"),
            }),
            E::InvalidScalar { ty, .. } if ty.contains("bool") => {
                Cow::Borrowed("invalid boolean: expected true or false")
            }
            E::InvalidScalar { ty, .. } if ty.starts_with('f') => {
                Cow::Borrowed("invalid number: expected a number")
            }
            E::InvalidScalar { .. } => Cow::Borrowed("invalid number: expected a whole number"),
            E::NullIntoString { .. } => Cow::Borrowed("expected a text value here, found null"),
            E::Eof { .. } => Cow::Borrowed("unexpected end of file: the document is incomplete"),
            E::MultipleDocuments { .. } => {
                Cow::Borrowed("more than one YAML document (`---`): expected exactly one")
            }
            E::Budget {
                breach: BudgetBreach::Depth { .. },
                ..
            } => Cow::Owned(format!(
                "nesting is deeper than {MAX_DEPTH} levels: expected a flat chart"
            )),
            E::Budget { breach, .. } => Cow::Owned(format!(
                "the file expands to more YAML than its size allows ({breach:?}): expected \
                 no alias bomb"
            )),
            E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. }
            | E::AliasReplayCounterOverflow { .. } => Cow::Borrowed(
                "aliases expand to far more data than the file holds (an alias bomb?): \
                 expected aliases to be reused sparingly",
            ),
            other => match UserMessageFormatter.format_message(other) {
                // The parser's own guard against deep nesting says only this.
                message if message == "recursion limit exceeded" => Cow::Owned(format!(
                    "nesting is too deep ({message}): expected a flat chart"
                )),
                message => message,
            },
        }
    }
}

/// Rejects text that is not JSON, with serde_json's position and message.
pub(crate) fn check_json_syntax(text: &str, display: &str) -> Result<(), InputError> {
    let Err(error) = serde_json::from_str::<de::IgnoredAny>(text) else {
        return Ok(());
    };
    let message = error.to_string();
    // serde_json appends " at line X column Y"; the position is printed in front instead.
    let message = match message.rfind(" at line ") {
        Some(cut) => &message[..cut],
        None => &message,
    };
    Err(InputError::new(
        display,
        error.line() as u32,
        error.column() as u32,
        format!("invalid JSON: {message}"),
    )
    .with_excerpt(text))
}

/// Why a file could not be read, in words (without the "os error N" suffix).
pub fn read_error_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "cannot read: no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "cannot read: permission denied".to_owned(),
        _ => format!("cannot read: {error}"),
    }
}

/// [`decode_utf8`] without a copy: the text takes over the bytes (a big chart is not held
/// twice while it is parsed).
pub(crate) fn into_utf8(mut bytes: Vec<u8>, display: &str) -> Result<String, InputError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).or_else(|e| decode_utf8(e.as_bytes(), display))
}

/// Decodes UTF-8 (a leading BOM is dropped); invalid bytes are an error naming their line.
pub fn decode_utf8(bytes: &[u8], display: &str) -> Result<String, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(invalid_utf8(
            display,
            &bytes[..e.valid_up_to()],
            bytes[e.valid_up_to()],
            1,
        )),
    }
}

/// The error for the byte `bad`, no UTF-8, after the text `valid`, which starts a line: the
/// line `first_line` (text read a part at a time starts further on).
pub(crate) fn invalid_utf8(display: &str, valid: &[u8], bad: u8, first_line: u32) -> InputError {
    let breaks = memchr::memchr_iter(b'\n', valid).count() as u32;
    let column = 1 + valid.iter().rev().take_while(|&&b| b != b'\n').count() as u32;
    InputError::new(
        display,
        first_line.saturating_add(breaks),
        column,
        format!("invalid UTF-8 (byte 0x{bad:02x}): expected UTF-8 text"),
    )
}
