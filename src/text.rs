//! Small text helpers shared by loaders, rules and reports.

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

/// Whether XML 1.0 forbids a character anywhere in a document: C0 controls other than tab,
/// LF and CR, and U+FFFE/U+FFFF (lone surrogates cannot occur in a Rust string).
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
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
        let mut raw_from = 0;
        let mut hashes = 0;
        for (at, c) in fragment.char_indices() {
            let command = c == '[' && hashes >= 2;
            hashes = if c == '#' { hashes + 1 } else { 0 };
            if !command && !needs_escape(c) {
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
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if escape => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
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

/// `1 position`, `2 positions`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Makes text safe as HTML element content or a quoted attribute value: control characters
/// escaped as by [`escape_control`], and `&` `<` `>` `"` `'` as entities.
pub fn escape_html(text: &str) -> String {
    let text = escape_control(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How orglint names a person in every message and report: `Name (id)`, or the id alone
/// when there is no name to show (none given, or `--redact`). Each part is cut to 80
/// characters.
pub fn name_and_id(name: Option<&str>, id: &str) -> String {
    let id = truncate(id, 80);
    match name {
        Some(name) => format!("{} ({id})", truncate(name, 80)),
        None => id.into_owned(),
    }
}

/// Shortens very long values for messages (a 1 MB title must not become a 1 MB message line).
pub fn truncate(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}… ({} bytes)", &text[..cut], text.len())),
    }
}

/// A person's name in one form for `First Last` and `Last, First` (SPEC §3): lower case,
/// runs of white space collapsed, a `Last, First` turned round.
pub fn name_key(name: &str) -> String {
    let normalized = name
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    match normalized.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => normalized,
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    let word = word.to_lowercase();
    let length = word.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let candidate = c.to_lowercase();
            // The distance is at least the difference in length: a megabyte-long typo is not
            // compared letter by letter with every name.
            (candidate.chars().count().abs_diff(length) <= limit)
                .then(|| (strsim::levenshtein(&word, &candidate), c))
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn json_strings_escape_invisible_characters_and_commands_losslessly() {
        let value = serde_json::json!({"a##[b": ["x##[error]y", "ghost\u{200b}\u{202e}", "\u{e0041}\u{85}#[z"]});
        let mut out = Vec::new();
        write_json_pretty(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("##["), "{text}");
        assert!(
            !text.chars().any(|c| c != '\n' && needs_escape(c)),
            "{text}"
        );
        assert!(text.contains(r"ghost\u200b\u202e"), "{text}");
        assert!(text.contains(r"\udb40\udc41\u0085#[z"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
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
    fn last_first_and_first_last_share_a_name_key() {
        assert_eq!(name_key("Whitfield,  Dana"), "dana whitfield");
        assert_eq!(name_key(" Dana   WHITFIELD "), "dana whitfield");
        assert_eq!(name_key("Cher"), "cher");
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("it-stratgy", ["it-strategy", "innovation"]),
            Some("it-strategy")
        );
        assert_eq!(did_you_mean("payroll", ["it-strategy", "innovation"]), None);
    }
}
