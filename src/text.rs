//! Small text helpers shared by loaders, rules and reports.

use std::borrow::Cow;

/// `1 position`, `2 positions`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
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

/// `str::trim`, without its Unicode look-ups for the usual value that starts and ends with
/// a visible ASCII character, or is empty (nothing to trim).
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        (None, _) => text,
        _ => text.trim(),
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
    // One string built in place (reconcile keys a million names); a word that is not ASCII
    // is lower-cased as a whole, as `str::to_lowercase` treats a final sigma.
    let mut normalized = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        match word.is_ascii() {
            true => normalized.extend(word.chars().map(|c| c.to_ascii_lowercase())),
            false => normalized.push_str(&word.to_lowercase()),
        }
    }
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
