//! Every output's escaping, in one place: what each kind of output must never receive raw,
//! and how it shows it instead. Every report, drawing and message goes through these.
//!
//! - Terminals and CI logs (text, concise, SARIF messages, standard error):
//!   [`escape_control`]; [`needs_escape`] says which characters.
//! - XML (JUnit, SVG): [`push_xml`] for text and attribute values, [`xml_safe`] as the last
//!   guard over a finished document.
//! - HTML: [`escape_html`]; JSON inside an HTML `<script>`: [`write_json_script_safe`].
//! - JSON and SARIF printed to a CI log: [`write_json_pretty`].
//! - Markdown (step summaries, PR comments): [`escape_markdown`].
//! - GitHub workflow commands: [`escape_github_data`], [`escape_github_property`].
//! - DOT quoted strings: [`push_dot_string`], [`push_dot_node_name`] (`diagram::quote`
//!   builds every DOT id from them).

use std::borrow::Cow;

/// Escapes control and invisible characters as `\n`, `\t`, `\u{200b}`...; everything else is
/// returned unchanged. What is escaped ([`needs_escape`]) could otherwise move the cursor or
/// colour a terminal (ESC), forge a line (CR, LF, U+2028/2029), reorder what is shown (bidi
/// controls), hide in a name (zero-width characters, BOM) or break XML (C0 controls,
/// noncharacters such as U+FFFE/U+FFFF).
///
/// It also keeps any value from being read as a GitHub Actions workflow command when it is
/// printed to a CI log: a value starting with `::` (after blanks: the runner trims them) gets
/// its first colon escaped, and `##[` (the older command form, found anywhere in a line)
/// becomes `#\u{23}[`.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    let command_like = text.trim_start().starts_with("::") || text.contains("##[");
    if !command_like && !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => push_code_point(&mut out, c),
            c => out.push(c),
        }
    }
    if command_like {
        out = out.replace("##[", "#\\u{23}[");
        let blanks = out.len() - out.trim_start().len();
        if out[blanks..].starts_with("::") {
            out.replace_range(blanks..blanks + 1, "\\u{3a}");
        }
    }
    Cow::Owned(out)
}

/// Appends a character as its visible code point, `\u{200b}`: how every output shows a
/// character it must not send raw.
pub fn push_code_point(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Whether a character is shown escaped rather than sent raw: C0 and C1 controls and DEL;
/// bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9); zero-width and other invisible
/// format characters (U+00AD, U+034F, U+115F/U+1160, U+180E, U+200B-D, U+2060-4, U+206A-F,
/// U+3164, U+FEFF BOM, U+FFA0, U+FFF9-B, tag characters); the line and paragraph
/// separators U+2028/2029; and noncharacters (U+FDD0-FDEF, the last two of every plane).
pub fn needs_escape(c: char) -> bool {
    let code = c as u32;
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fdd0}'..='\u{fdef}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
        || code & 0xfffe == 0xfffe
}

/// The entity of a character that starts markup in XML, HTML and Markdown alike.
fn markup_entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    }
}

/// Whether XML 1.0 forbids a character anywhere in a document: C0 controls other than tab,
/// LF and CR, and U+FFFE/U+FFFF (lone surrogates cannot occur in a Rust string: input
/// decoding has made each a U+FFFD).
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Appends `text` escaped for XML 1.0 content and attribute values: markup characters as
/// entities, and characters XML forbids ([`xml_forbidden`]) as a visible `\u{..}`, so one bad
/// HR cell cannot make the report invalid.
pub fn push_xml(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml_forbidden(c) => push_code_point(out, c),
            c => match markup_entity(c) {
                Some(entity) => out.push_str(entity),
                None => out.push(c),
            },
        }
    }
}

/// `text` escaped as [`push_xml`] escapes it.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_xml(&mut out, text);
    out
}

/// A finished XML document (JUnit, SVG) with every character XML 1.0 forbids shown escaped
/// (`\u{ffff}`): the last guard, so no value that slipped past its own escaping can make
/// the document unparseable.
pub fn xml_safe(xml: &str) -> Cow<'_, str> {
    if !xml.chars().any(xml_forbidden) {
        return Cow::Borrowed(xml);
    }
    let mut out = String::with_capacity(xml.len() + 8);
    for c in xml.chars() {
        if xml_forbidden(c) {
            push_code_point(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Makes text safe as HTML element content or a quoted attribute value: control characters
/// escaped as by [`escape_control`], and `&` `<` `>` `"` `'` as entities.
pub fn escape_html(text: &str) -> String {
    let text = escape_control(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => match markup_entity(c) {
                Some(entity) => out.push_str(entity),
                None => out.push(c),
            },
        }
    }
    out
}

/// Writes `value` as compact JSON made safe inside a `<script>` element: `<`, `>` and `&`
/// (so neither `</script>` nor `<!--` can appear) and U+2028/U+2029 (line ends to older script
/// parsers) as `\u` escapes. They can only occur inside JSON strings, where the escape means
/// the same character. Written as it is serialised: no copy of the text is held.
pub fn write_json_script_safe<W: std::io::Write, T: serde::Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, ScriptSafeJson);
    value.serialize(&mut serializer)
}

/// Writes a fragment of a JSON string with each character `escape` picks (in order) as `\u`
/// escapes of its UTF-16 units, which every JSON reader decodes to the same character.
fn write_escaping<W: ?Sized + std::io::Write>(
    writer: &mut W,
    fragment: &str,
    mut escape: impl FnMut(char) -> bool,
) -> std::io::Result<()> {
    let mut raw_from = 0;
    for (at, c) in fragment.char_indices() {
        if !escape(c) {
            continue;
        }
        writer.write_all(&fragment.as_bytes()[raw_from..at])?;
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            write!(writer, "\\u{unit:04x}")?;
        }
        raw_from = at + c.len_utf8();
    }
    writer.write_all(&fragment.as_bytes()[raw_from..])
}

/// serde_json's compact layout, with strings escaped as [`write_json_script_safe`] says.
struct ScriptSafeJson;

impl serde_json::ser::Formatter for ScriptSafeJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let unsafe_in_script = |c| matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}');
        write_escaping(writer, fragment, unsafe_in_script)
    }
}

/// Writes `value` as pretty-printed JSON whose strings show raw no character
/// [`escape_control`] escapes and no `##[`: those are written as `\uXXXX` escapes instead,
/// which every JSON reader decodes to the same value. A JSON or SARIF report printed to a CI
/// log can then neither drive the terminal nor be read by the Actions runner as a workflow
/// command (`##[error]`, found anywhere in a line; `::` cannot start a line of JSON).
pub fn write_json_pretty<W: std::io::Write, T: serde::Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, LogSafeJson::default());
    value.serialize(&mut serializer)
}

/// serde_json's pretty layout, with strings escaped as [`write_json_pretty`] says.
#[derive(Default)]
struct LogSafeJson(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for LogSafeJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut hashes = 0;
        write_escaping(writer, fragment, |c| {
            let command = c == '[' && hashes >= 2;
            hashes = if c == '#' { hashes + 1 } else { 0 };
            command || needs_escape(c)
        })
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Makes text safe inside Markdown (a GitHub step summary, a PR comment, a table cell) while
/// keeping it readable raw: control characters escaped as by [`escape_control`], HTML's `&`
/// `<` `>` as entities, and a backslash only before what Markdown or GitHub would read as
/// markup here: `\\`, `` ` ``, `*`, `[`, `]`, `|` (a cell cannot split), `~`, `$` (math), `#`
/// (issue links), `@` (mentions), `_` unless inside a word, `:` opening an emoji shortcode,
/// and a list, heading or quote marker at the start. `(`, `-`, `.` and `:` in `a.yaml:12`
/// stay as they are. The result renders as the literal text.
pub fn escape_markdown(text: &str) -> String {
    let text = escape_control(text);
    let chars: Vec<char> = text.chars().collect();
    let word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    // `- x`, `+ x`, `= x`, `> x` (an entity anyway) and `1. x` / `1) x` at the start of a line.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let marker = match chars.first() {
        Some('-' | '+' | '=') => Some(0),
        _ if digits > 0 && matches!(chars.get(digits), Some('.' | ')')) => Some(digits),
        _ => None,
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' | '$' | '#' | '@' => true,
            '_' => !(word(i.checked_sub(1)) && word(Some(i + 1))),
            ':' => opens_shortcode(&chars[i + 1..]),
            _ => marker == Some(i),
        };
        match markup_entity(c) {
            Some(entity) => out.push_str(entity),
            None if escape => {
                out.push('\\');
                out.push(c);
            }
            None => out.push(c),
        }
    }
    out
}

/// Whether `rest` (what follows a `:`) is `name:`, an emoji shortcode GitHub would draw.
fn opens_shortcode(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
        .count();
    name > 0 && rest.get(name) == Some(&':')
}

/// Control characters other than CR and LF in their visible escaped form (CR and LF are left
/// for the toolkit's own escaping, which GitHub turns back into line breaks).
fn neutralize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c == '\r' || c == '\n' {
            out.push(c);
        } else {
            out.push_str(&escape_control(c.encode_utf8(&mut buf)));
        }
    }
    out
}

/// A workflow command's message, escaped as `escapeData` of `@actions/core` escapes it: `%`,
/// CR and LF; other control characters (ANSI sequences) shown escaped, as everywhere else.
pub fn escape_github_data(text: &str) -> String {
    neutralize(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=`, `title=`), escaped as `escapeProperty` of
/// `@actions/core` escapes it: as [`escape_github_data`], plus `:` and `,`.
pub fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Appends `text` escaped for the inside of a DOT quoted string:
/// - control and bidi characters become visible escapes (`\n`, `\u{1b}`) via
///   [`escape_control`], so no raw newline reaches DOT and no character that is illegal in
///   XML reaches the SVG;
/// - `\` is doubled and `"` gets a backslash: the string cannot end early, and Graphviz's
///   label escapes (`\N`, `\G`, `\l`...) cannot be triggered;
/// - `&` becomes `&amp;`: Graphviz decodes HTML entities in every string it draws, so a
///   name written `&lt;b&gt;` must not turn into `<b>`.
pub fn push_dot_string(out: &mut String, text: &str) {
    if dot_plain(text) {
        out.push_str(text);
        return;
    }
    for c in escape_control(text).chars() {
        push_dot_char(out, c);
    }
}

/// Appends a node name for the inside of a DOT quoted string, one to one: distinct names
/// stay distinct. Shown text may look alike (a newline and a backslash followed by `n` are
/// both drawn `\n`), but here every backslash of the name is doubled while an escaped
/// character gets a single one (`\n`, `\u{200b}`), which DOT keeps as it is in an id.
pub fn push_dot_node_name(out: &mut String, name: &str) {
    if dot_plain(name) {
        out.push_str(name);
        return;
    }
    for c in name.chars() {
        if needs_escape(c) {
            // A lone character: `\n`, `\u{200b}`, with the single backslash.
            out.push_str(&escape_control(c.encode_utf8(&mut [0; 4])));
        } else {
            push_dot_char(out, c);
        }
    }
}

/// One character inside a DOT quoted string, as [`push_dot_string`] says.
fn push_dot_char(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '&' => out.push_str("&amp;"),
        c => out.push(c),
    }
}

/// Whether text stands for itself in a DOT string and in what Graphviz draws: printable
/// ASCII but `\\`, `"` and `&`. Most text (every number, most ids) is only these.
pub fn dot_plain(text: &str) -> bool {
    text.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && !matches!(b, b'\\' | b'"' | b'&'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings made of what escaping is about (controls, U+FFFE/U+FFFF, U+FFFD as input
    /// decoding leaves a lone surrogate, quotes, markup, command and percent forms, bidi and
    /// zero-width characters) mixed with plain text, and arbitrary bytes decoded as input is:
    /// a fixed-seed generator, so every run checks the same few thousand cases.
    fn hostile_strings() -> Vec<String> {
        const PIECES: &[&str] = &[
            "a",
            "Zoë",
            "李",
            "✅",
            " ",
            "  ",
            "\n",
            "\r",
            "\r\n",
            "\t",
            "\0",
            "\u{1}",
            "\u{b}",
            "\u{c}",
            "\u{1b}[31m",
            "\u{7f}",
            "\u{85}",
            "\u{9b}",
            "\u{fffe}",
            "\u{ffff}",
            "\u{fffd}",
            "\u{1fffe}",
            "\u{fdd0}",
            "\u{200b}",
            "\u{202e}",
            "\u{2028}",
            "\u{2029}",
            "\u{feff}",
            "\u{e0041}",
            "\"",
            "'",
            "<",
            ">",
            "&",
            "&amp;",
            "&#39;",
            "]]>",
            "<!--",
            "</script>",
            "\\",
            "\\n",
            "\\N",
            "%",
            "%0A",
            "%25",
            ":",
            "::",
            ",",
            "#",
            "##[",
            "[",
            "]",
            "|",
            "*",
            "_",
            "`",
            "-",
            "1.",
            "@",
            "$",
            "~",
            "{",
            "}",
            ";",
            "=",
            "+",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |below: usize| {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % below
        };
        let mut strings: Vec<String> = PIECES.iter().map(|p| (*p).to_owned()).collect();
        for _ in 0..2000 {
            let len = next(10);
            strings.push((0..len).map(|_| PIECES[next(PIECES.len())]).collect());
        }
        for _ in 0..500 {
            let bytes: Vec<u8> = (0..next(16)).map(|_| next(256) as u8).collect();
            strings.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        let units: Vec<u16> = [0xd800, 0x61, 0xdc00, 0xdbff, 0xdfff, 0x22].to_vec();
        strings.push(String::from_utf16_lossy(&units));
        strings
    }

    /// What a CommonMark reader shows of escaped Markdown text: a backslash before ASCII
    /// punctuation stands for that character, and the three entities for theirs.
    fn markdown_shown(markdown: &str) -> String {
        let markdown = markdown
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let mut shown = String::new();
        let mut chars = markdown.chars().peekable();
        while let Some(c) = chars.next() {
            match chars.peek() {
                Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                    shown.push(next);
                    chars.next();
                }
                _ => shown.push(c),
            }
        }
        shown
    }

    /// How the Actions runner reads an escaped command value: `%XX` is that character.
    fn github_unescaped(value: &str) -> String {
        let mut out = String::new();
        let mut rest = value;
        while let Some(at) = rest.find('%') {
            out.push_str(&rest[..at]);
            let code = u8::from_str_radix(&rest[at + 1..at + 3], 16).unwrap();
            out.push(code as char);
            rest = &rest[at + 3..];
        }
        out + rest
    }

    /// Text with its line ends as XML 1.0 §2.11 reads them (parsers differ over a lone CR).
    fn line_ends_normalized(text: &str) -> String {
        text.replace("\r\n", "\n").replace('\r', "\n")
    }

    /// An attribute value as XML 1.0 §3.3.3 reads it: line ends normalised, then tab and LF
    /// each read as a space.
    fn attribute_normalized(text: &str) -> String {
        line_ends_normalized(text).replace(['\n', '\t'], " ")
    }

    #[test]
    fn escapes_newlines_and_ansi() {
        assert_eq!(escape_control("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
        assert_eq!(escape_control("plain"), "plain");
    }

    #[test]
    fn escapes_invisible_bidi_and_noncharacters() {
        for (raw, shown) in [
            ("ghost\u{200b}", "ghost\\u{200b}"),
            ("a\u{202e}b\u{61c}", "a\\u{202e}b\\u{61c}"),
            (
                "\u{feff}x\u{2028}y\u{2029}",
                "\\u{feff}x\\u{2028}y\\u{2029}",
            ),
            (
                "\u{fffe}\u{ffff}\u{1fffe}\u{fdd0}",
                "\\u{fffe}\\u{ffff}\\u{1fffe}\\u{fdd0}",
            ),
            ("c1\u{85}\u{9b}", "c1\\u{85}\\u{9b}"),
            ("tag\u{e0041}", "tag\\u{e0041}"),
        ] {
            assert_eq!(escape_control(raw), shown);
        }
        assert_eq!(escape_control("José Łukasz 李 ✅"), "José Łukasz 李 ✅");
    }

    #[test]
    fn no_value_reads_as_a_workflow_command() {
        assert_eq!(
            escape_control("::warning title=x::y.yaml"),
            "\\u{3a}:warning title=x::y.yaml"
        );
        assert_eq!(escape_control("  ::error::x"), "  \\u{3a}:error::x");
        assert_eq!(escape_control("a ##[error]b"), "a #\\u{23}[error]b");
        assert_eq!(escape_control("std::mem"), "std::mem");
    }

    #[test]
    fn escaped_control_text_shows_nothing_raw_and_commands_nowhere() {
        for text in hostile_strings() {
            let shown = escape_control(&text);
            assert!(!shown.chars().any(needs_escape), "{text:?} -> {shown:?}");
            assert!(
                !shown.trim_start().starts_with("::"),
                "{text:?} -> {shown:?}"
            );
            assert!(!shown.contains("##["), "{text:?} -> {shown:?}");
            let unchanged = !text.chars().any(needs_escape)
                && !text.trim_start().starts_with("::")
                && !text.contains("##[");
            assert_eq!(shown == text, unchanged, "{text:?} -> {shown:?}");
        }
    }

    #[test]
    fn xml_escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(
            escape_xml("a<b & \"c\" 'd'\u{1}\u{fffe}\u{ffff}\u{fffd}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;\\u{1}\\u{fffe}\\u{ffff}\u{fffd}"
        );
    }

    #[test]
    fn escaped_xml_parses_back_to_the_text_with_forbidden_characters_shown() {
        for text in hostile_strings() {
            let escaped = escape_xml(&text);
            assert!(!escaped.chars().any(xml_forbidden), "{text:?}");
            let document = format!("<r a=\"{escaped}\" b='{escaped}'>{escaped}</r>");
            let parsed = roxmltree::Document::parse(&document)
                .unwrap_or_else(|e| panic!("{text:?} -> {document:?}: {e}"));
            let root = parsed.root_element();
            let visible = xml_safe(&text);
            let content = line_ends_normalized(root.text().unwrap_or_default());
            assert_eq!(content, line_ends_normalized(&visible), "{text:?}");
            for attribute in ["a", "b"] {
                let value = attribute_normalized(root.attribute(attribute).unwrap_or_default());
                assert_eq!(value, attribute_normalized(&visible), "{text:?}");
            }
        }
    }

    #[test]
    fn an_xml_document_made_safe_has_no_forbidden_character() {
        for text in hostile_strings() {
            let safe = xml_safe(&text);
            assert!(!safe.chars().any(xml_forbidden), "{text:?}");
            assert_eq!(safe == text, !text.chars().any(xml_forbidden), "{text:?}");
        }
    }

    #[test]
    fn escaped_html_parses_back_to_the_visible_text() {
        assert_eq!(
            escape_html("<img src=x onerror='a'>&\n"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;\\n"
        );
        for text in hostile_strings() {
            let escaped = escape_html(&text);
            let document = format!("<p title=\"{escaped}\" lang='{escaped}'>{escaped}</p>");
            let parsed = roxmltree::Document::parse(&document)
                .unwrap_or_else(|e| panic!("{text:?} -> {document:?}: {e}"));
            let p = parsed.root_element();
            let visible = escape_control(&text);
            assert_eq!(p.text().unwrap_or_default(), visible, "{text:?}");
            assert_eq!(p.attribute("title"), Some(visible.as_ref()), "{text:?}");
            assert_eq!(p.attribute("lang"), Some(visible.as_ref()), "{text:?}");
        }
    }

    #[test]
    fn script_safe_json_cannot_close_the_script_or_open_a_comment() {
        for text in hostile_strings() {
            let mut out = Vec::new();
            write_json_script_safe(&mut out, &text).unwrap();
            let safe = String::from_utf8(out).unwrap();
            assert!(
                !safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
                "{text:?} -> {safe}"
            );
            let back: String = serde_json::from_str(&safe).unwrap();
            assert_eq!(back, text);
        }
    }

    #[test]
    fn json_strings_escape_invisible_characters_and_commands_losslessly() {
        let value = serde_json::json!({"a##[b": ["x##[error]y", "ghost\u{200b}\u{202e}", "\u{e0041}\u{85}#[z"]});
        let mut out = Vec::new();
        write_json_pretty(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r"ghost\u200b\u202e"), "{text}");
        assert!(text.contains(r"\udb40\udc41\u0085#[z"), "{text}");
        for text in hostile_strings() {
            let value = serde_json::json!({ &text: [&text, {"k": &text}] });
            let mut out = Vec::new();
            write_json_pretty(&mut out, &value).unwrap();
            let json = String::from_utf8(out).unwrap();
            assert!(!json.contains("##["), "{text:?} -> {json}");
            assert!(
                !json.chars().any(|c| c != '\n' && needs_escape(c)),
                "{text:?} -> {json}"
            );
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn markdown_escaping_leaves_no_markup() {
        assert_eq!(
            escape_markdown("a|b <script>*x*\n"),
            "a\\|b &lt;script&gt;\\*x\\*\\\\n"
        );
    }

    #[test]
    fn markdown_stays_readable_raw() {
        assert_eq!(
            escape_markdown("Chief Officer (Ops) - a.yaml:12, vendor_management"),
            "Chief Officer (Ops) - a.yaml:12, vendor_management"
        );
        assert_eq!(
            escape_markdown("_x_ :smile: #12 @dana"),
            "\\_x\\_ \\:smile: \\#12 \\@dana"
        );
        assert_eq!(escape_markdown("- a"), "\\- a");
        assert_eq!(escape_markdown("12. a"), "12\\. a");
        assert_eq!(escape_markdown("[x](y) ![i](j)"), "\\[x\\](y) !\\[i\\](j)");
    }

    #[test]
    fn escaped_markdown_shows_the_visible_text_and_splits_no_cell() {
        for text in hostile_strings() {
            let markdown = escape_markdown(&text);
            assert!(!markdown.chars().any(needs_escape), "{text:?}");
            assert!(!markdown.contains(['<', '>']), "{text:?} -> {markdown}");
            let unescaped_bar = markdown.replace("\\\\", "").replace("\\|", "");
            assert!(!unescaped_bar.contains('|'), "{text:?} -> {markdown}");
            assert_eq!(markdown_shown(&markdown), escape_control(&text), "{text:?}");
        }
    }

    #[test]
    fn github_values_are_escaped_as_the_actions_toolkit_does() {
        assert_eq!(escape_github_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_github_data("x\u{1b}[31m"), "x\\u{1b}[31m");
        for text in hostile_strings() {
            let data = escape_github_data(&text);
            let property = escape_github_property(&text);
            assert!(!data.chars().any(needs_escape), "{text:?} -> {data}");
            assert!(!property.contains([':', ',']), "{text:?} -> {property}");
            // The runner gets back the text with its line breaks, every other character
            // that needs it shown escaped.
            let shown: String = text
                .chars()
                .map(|c| match c {
                    '\r' | '\n' => c.to_string(),
                    c => escape_control(&c.to_string()).into_owned(),
                })
                .collect();
            assert_eq!(github_unescaped(&data), shown, "{text:?}");
            assert_eq!(github_unescaped(&property), shown, "{text:?}");
        }
    }

    /// The one quoted id of `digraph { n [label=ID] }` as graphviz-rust's parser reads it.
    fn parsed_dot_label(quoted: &str) -> String {
        use graphviz_rust::dot_structures::{Attribute, Graph, Id, Node, Stmt};
        let dot = format!("digraph {{ n [label={quoted}] }}");
        let graph = graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{dot}: {e}"));
        let Graph::DiGraph { stmts, .. } = graph else {
            panic!("not a digraph: {dot}")
        };
        match stmts.as_slice() {
            [Stmt::Node(Node { attributes, .. })] => match attributes.as_slice() {
                [Attribute(_, Id::Escaped(label))] => label.clone(),
                other => panic!("{dot}: {other:?}"),
            },
            other => panic!("{dot}: {other:?}"),
        }
    }

    #[test]
    fn dot_strings_parse_as_one_attribute_with_nothing_raw() {
        for text in hostile_strings() {
            for push in [push_dot_string, push_dot_node_name] {
                let mut quoted = String::from("\"");
                push(&mut quoted, &text);
                quoted.push('"');
                assert_eq!(parsed_dot_label(&quoted), quoted, "{text:?}");
                assert!(!quoted.chars().any(needs_escape), "{text:?} -> {quoted}");
                // `&` only as the start of `&amp;`: Graphviz decodes no entity of the input.
                let entities = quoted.matches('&').count();
                assert_eq!(entities, quoted.matches("&amp;").count(), "{quoted}");
            }
        }
    }

    #[test]
    fn dot_node_names_are_one_to_one() {
        let mut names: std::collections::HashMap<String, String> = Default::default();
        for text in hostile_strings() {
            let mut quoted = String::new();
            push_dot_node_name(&mut quoted, &text);
            if let Some(earlier) = names.insert(quoted.clone(), text.clone()) {
                assert_eq!(earlier, text, "both quoted as {quoted}");
            }
        }
    }
}
