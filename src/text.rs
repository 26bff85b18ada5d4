//! Small text helpers shared by loaders, rules and reports.

use std::borrow::Cow;

/// Escapes control characters (including ESC, so no ANSI sequence reaches a terminal) as
/// `\n`, `\t`, `\u{1b}`...; everything else is returned unchanged.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
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
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("it-stratgy", ["it-strategy", "innovation"]),
            Some("it-strategy")
        );
        assert_eq!(did_you_mean("payroll", ["it-strategy", "innovation"]), None);
    }
}
