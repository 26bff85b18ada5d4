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
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
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
fn xml_forbidden(c: char) -> bool {
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
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Makes text safe inside Markdown (a GitHub step summary, a PR comment, a table cell):
/// control characters escaped as by [`escape_control`], HTML's `&` `<` `>` as entities, and
/// every other ASCII punctuation character that Markdown may read as markup (`|` included,
/// so a cell cannot split) backslash-escaped. The result renders as the literal text.
pub fn escape_markdown(text: &str) -> String {
    let text = escape_control(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '"' | '\'' | ':' | '@' | '$' | '=' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Shortens very long values for messages (a 1 MB title must not become a 1 MB message line).
pub fn truncate(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}… ({} bytes)", &text[..cut], text.len())),
    }
}

/// Levenshtein distance, for did-you-mean suggestions (two rows, no recursion).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
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
                .then(|| (edit_distance(&word, &candidate), c))
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
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("it-stratgy", ["it-strategy", "innovation"]),
            Some("it-strategy")
        );
        assert_eq!(did_you_mean("payroll", ["it-strategy", "innovation"]), None);
    }
}
