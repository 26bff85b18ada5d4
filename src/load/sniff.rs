//! Telling JSON, YAML, CSV/TSV and LDIF apart by their content, for standard input given without
//! `--input-format`. Only the start of the text is looked at; what cannot be told is `None`
//! (the caller asks for `--input-format`), never a guess.

use super::InputFormat;

/// How much of the input is looked at for the first lines.
const WINDOW: usize = 64 * 1024;

/// The format of `bytes`, if its start tells.
pub fn sniff(bytes: &[u8]) -> Option<InputFormat> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = &bytes[..bytes.len().min(WINDOW)];
    let text = String::from_utf8_lossy(start);
    let trimmed = text.trim_start();
    match trimmed.chars().next()? {
        // A YAML flow mapping starts so too: only valid JSON is JSON.
        '{' | '[' => Some(
            if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
                InputFormat::Json
            } else {
                InputFormat::Yaml
            },
        ),
        _ if is_ldif(trimmed) => Some(InputFormat::Ldif),
        _ => {
            let first = trimmed.lines().next().unwrap_or("").trim_end_matches('\r');
            let yaml_start = ["---", "%", "#", "- "].iter().any(|s| first.starts_with(s));
            if yaml_start || first == "-" || is_yaml_key_line(first) {
                Some(InputFormat::Yaml)
            } else if first.contains('\t') {
                Some(InputFormat::Tsv)
            } else if first.contains(',') || first.contains(';') {
                Some(InputFormat::Csv)
            } else {
                None
            }
        }
    }
}

/// Whether the text starts as an LDIF export does: after comments and blank lines, a `dn:`
/// line, or `version: 1` then one; or plain `ldapsearch` output (its `# extended LDIF`
/// header, or a search that found nothing: `search:` then `result:`). (These are YAML-shaped
/// too, but no chart file starts so.)
fn is_ldif(text: &str) -> bool {
    if text.starts_with("# extended LDIF") {
        return true;
    }
    let mut lines = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let key_is = |line: &str, key: &str| {
        line.split_once(':')
            .is_some_and(|(name, _)| name.eq_ignore_ascii_case(key))
    };
    match lines.next() {
        Some(line) if key_is(line, "dn") => true,
        Some(line) if line.replace(' ', "") == "version:1" => {
            lines.next().is_some_and(|line| key_is(line, "dn"))
        }
        Some(line) if key_is(line, "search") => {
            lines.next().is_some_and(|line| key_is(line, "result"))
        }
        _ => false,
    }
}

/// `key:` or `key: value` with a plain or quoted key: the first line of a YAML mapping.
fn is_yaml_key_line(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let key = key.trim();
    let quoted = key.len() >= 2
        && ((key.starts_with('"') && key.ends_with('"'))
            || (key.starts_with('\'') && key.ends_with('\'')));
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'));
    (quoted || plain) && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_formats_apart() {
        let cases: [(&str, Option<InputFormat>); 19] = [
            ("{\"version\": 1, \"people\": []}", Some(InputFormat::Json)),
            ("\u{feff}  [ {\"id\": \"a\"} ]\n", Some(InputFormat::Json)),
            ("{version: 1, people: []}", Some(InputFormat::Yaml)),
            ("version: 1\npeople: []\n", Some(InputFormat::Yaml)),
            ("# our chart\nversion: 1\n", Some(InputFormat::Yaml)),
            ("---\npeople: []\n", Some(InputFormat::Yaml)),
            ("people: [a, b]\n", Some(InputFormat::Yaml)),
            ("\"people\": []\n", Some(InputFormat::Yaml)),
            ("- id: a\n", Some(InputFormat::Yaml)),
            (
                "Employee ID,Name,Manager ID\n1,A,\n",
                Some(InputFormat::Csv),
            ),
            ("Employee ID;Name;Manager ID\r\n", Some(InputFormat::Csv)),
            ("id\tname\tmanager\n", Some(InputFormat::Tsv)),
            (
                "# AD export\nversion: 1\n\ndn: CN=A,DC=x\n",
                Some(InputFormat::Ldif),
            ),
            ("dn:: Q049QQ==\nuid: a\n", Some(InputFormat::Ldif)),
            (
                "# extended LDIF\n#\n# LDAPv3\n\n# search result\nsearch: 2\n",
                Some(InputFormat::Ldif),
            ),
            (
                "# search result\nsearch: 2\nresult: 32 No such object\n",
                Some(InputFormat::Ldif),
            ),
            ("version: 1\n\npeople: []\n", Some(InputFormat::Yaml)),
            ("", None),
            ("just some words\n", None),
        ];
        for (text, expected) in cases {
            assert_eq!(sniff(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn a_url_in_a_csv_header_is_no_yaml_key() {
        assert_eq!(
            sniff(b"id,name,profile: http://x\n"),
            Some(InputFormat::Csv)
        );
    }
}
