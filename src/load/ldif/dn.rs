//! Distinguished names compared as LDAP compares them (RFC 4514): attribute types
//! lower-cased, values unescaped (`\,` and `\2C` are one comma) and case-folded, spaces that
//! carry no meaning dropped, multi-valued RDNs sorted. LDIF manager references, directory CSVs'
//! `Manager` column and reconcile's accounts all resolve through [`normalize_dn`].

use super::syntax::is_name_byte;

/// A DN in comparable form (RFC 4514): attribute types lower-cased, values unescaped and
/// case-folded, multi-valued RDNs sorted, re-escaped one canonical way. `Err` says what is
/// wrong and where (a byte offset in the DN).
pub(crate) fn normalize_dn(dn: &str) -> Result<String, (usize, String)> {
    let mut out = String::with_capacity(dn.len());
    normalize_into(dn, &mut out, &mut Vec::new(), &mut Vec::new())?;
    Ok(out)
}

/// [`normalize_dn`] into buffers kept from one DN to the next: a million-entry export
/// normalises two million DNs, which need no allocation each.
#[derive(Default)]
pub(crate) struct DnNormalizer {
    out: String,
    value: Vec<u8>,
    parts: Vec<String>,
}

impl DnNormalizer {
    /// The DN in comparable form, valid until the next call.
    pub fn normalize(&mut self, dn: &str) -> Result<&str, (usize, String)> {
        self.out.clear();
        normalize_into(dn, &mut self.out, &mut self.value, &mut self.parts)?;
        Ok(&self.out)
    }
}

/// Writes the normalised DN to `out`; `value` and `parts` are scratch space.
fn normalize_into(
    dn: &str,
    out: &mut String,
    value: &mut Vec<u8>,
    parts: &mut Vec<String>,
) -> Result<(), (usize, String)> {
    match push_plain_dn(dn, out) {
        true => Ok(()),
        false => normalize_rdns(dn, out, value, parts),
    }
}

/// [`normalize_into`] for any DN, RDN by RDN.
fn normalize_rdns(
    dn: &str,
    out: &mut String,
    value: &mut Vec<u8>,
    parts: &mut Vec<String>,
) -> Result<(), (usize, String)> {
    if dn.trim().is_empty() {
        return Ok(());
    }
    // The parts of a multi-valued RDN (`CN=a+UID=b`), sorted before they are written.
    parts.clear();
    let bytes = dn.as_bytes();
    let mut at = 0;
    loop {
        let part_start = out.len();
        let start = at;
        at = push_attribute_type(out, dn, start)?;
        at = unescape_value(bytes, at, value)?;
        let text = std::str::from_utf8(value).map_err(|_| {
            (
                start,
                "the DN's hex escapes do not form UTF-8 text".to_owned(),
            )
        })?;
        push_canonical_value(out, text);
        let separator = bytes.get(at).copied();
        if separator == Some(b'+') || !parts.is_empty() {
            parts.push(out[part_start..].to_owned());
            out.truncate(part_start);
            if separator != Some(b'+') {
                parts.sort_unstable();
                out.push_str(&parts.join("+"));
                parts.clear();
            }
        }
        match separator {
            None => break,
            Some(b'+') => at += 1,
            Some(_) => {
                out.push(',');
                at += 1;
                while bytes.get(at) == Some(&b' ') {
                    at += 1;
                }
            }
        }
    }
    Ok(())
}

/// Appends a plain DN (most are: `CN=Sam Lo,OU=Staff,DC=example,DC=com`) in comparable form,
/// which for it is the DN lower-cased; `false`, with nothing appended, for any other DN.
/// Plain: single-valued RDNs joined by bare commas, each a type of letters, digits, `-` and
/// `.`, then `=`, then a value of letters, digits, `-`, `.`, `_`, `@` and single spaces
/// between them (none at its ends, no escapes).
fn push_plain_dn(dn: &str, out: &mut String) -> bool {
    let (mut in_type, mut previous) = (true, b',');
    for &b in dn.as_bytes() {
        // A byte of a word is plain anywhere; only the others depend on where they are.
        // A comma or a space must follow a value's letters (not `=`, not another space).
        let after_value = || !in_type && !matches!(previous, b'=' | b' ');
        let plain = match PLAIN_CLASS[b as usize] {
            Plain::Word => true,
            Plain::InValue => !in_type,
            Plain::Space => after_value(),
            Plain::Comma => {
                let plain = after_value();
                in_type = true;
                plain
            }
            Plain::Equals => {
                let plain = in_type && previous != b',';
                in_type = false;
                plain
            }
            Plain::No => false,
        };
        if !plain {
            return false;
        }
        previous = b;
    }
    if in_type || previous == b' ' {
        return false;
    }
    let start = out.len();
    out.push_str(dn);
    out[start..].make_ascii_lowercase();
    true
}

/// What a byte can be in a plain DN ([`push_plain_dn`]).
#[derive(Clone, Copy)]
enum Plain {
    /// A letter, digit, `-` or `.`: in a type or a value.
    Word,
    /// `_` or `@`: in a value only.
    InValue,
    Equals,
    Comma,
    Space,
    /// Any other byte: the DN is not plain.
    No,
}

/// [`Plain`] of each byte, looked up once per byte.
const PLAIN_CLASS: [Plain; 256] = {
    let mut class = [Plain::No; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = match byte {
            b'=' => Plain::Equals,
            b',' => Plain::Comma,
            b' ' => Plain::Space,
            b'_' | b'@' => Plain::InValue,
            _ if is_name_byte(byte) => Plain::Word,
            _ => Plain::No,
        };
        b += 1;
    }
    class
};

/// Appends the attribute type starting at `start` lower-cased, with its `=`; returns where
/// its value starts.
fn push_attribute_type(out: &mut String, dn: &str, start: usize) -> Result<usize, (usize, String)> {
    let bytes = dn.as_bytes();
    let mut at = start;
    while at < bytes.len() && !matches!(bytes[at], b'=' | b',' | b'+') {
        at += 1;
    }
    if bytes.get(at) != Some(&b'=') {
        return Err((
            start,
            "expected `type=value` in each part of the DN".to_owned(),
        ));
    }
    let kind = dn[start..at].trim();
    if kind.is_empty() || !kind.bytes().all(is_name_byte) {
        return Err((
            start,
            "expected an attribute type (such as CN or OU) before `=`".to_owned(),
        ));
    }
    out.extend(kind.chars().map(|c| c.to_ascii_lowercase()));
    out.push('=');
    Ok(at + 1)
}

/// Unescapes the value starting at `at` into `value` as bytes (hex pairs may build
/// multi-byte UTF-8), without its leading and trailing spaces; returns where it ends (at
/// the `,` or `+` after it, or the end of the DN).
fn unescape_value(
    bytes: &[u8],
    mut at: usize,
    value: &mut Vec<u8>,
) -> Result<usize, (usize, String)> {
    value.clear();
    let mut trailing_spaces = 0usize;
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    while let Some(&b) = bytes.get(at) {
        match b {
            b',' | b'+' => break,
            b'\\' => {
                let Some(&next) = bytes.get(at + 1) else {
                    return Err((
                        at,
                        "the DN ends in a lone `\\`: expected an escaped character after it"
                            .to_owned(),
                    ));
                };
                if next.is_ascii_hexdigit() {
                    let pair = bytes.get(at + 2).filter(|b| b.is_ascii_hexdigit());
                    let Some(&low) = pair else {
                        return Err((at, "a `\\` escape needs two hex digits (such as `\\2C`) or a special character".to_owned()));
                    };
                    value.push(hex_value(next) << 4 | hex_value(low));
                    at += 3;
                } else if b"\\,+\"<>;= #".contains(&next) {
                    value.push(next);
                    at += 2;
                } else {
                    return Err((at, format!("`\\{}` is no DN escape: expected `\\` before one of , + \" \\ < > ; = or two hex digits", next as char)));
                }
                trailing_spaces = 0;
            }
            b'"' | b'<' | b'>' | b';' | 0 => {
                return Err((
                    at,
                    format!(
                        "`{}` must be escaped in a DN: expected `\\{}`",
                        b as char, b as char
                    ),
                ));
            }
            _ => {
                value.push(b);
                trailing_spaces = if b == b' ' { trailing_spaces + 1 } else { 0 };
                at += 1;
            }
        }
    }
    value.truncate(value.len() - trailing_spaces);
    Ok(at)
}

/// Appends an unescaped value case-folded, its spaces folded, and re-escaped the one
/// canonical way. Spaces fold as LDAP's matching rules for names do (RFC 4518 §2.6.1,
/// insignificant space handling): none at either end, and a run of them inside is one.
fn push_canonical_value(out: &mut String, text: &str) {
    let special = |c: char| matches!(c, '\\' | ',' | '+' | '"' | '<' | '>' | ';' | '=');
    if text.is_ascii() {
        // Most values: byte by byte, the same as below without splitting into words.
        let (mut started, mut space) = (false, false);
        for c in text.chars() {
            // `char::is_whitespace` among ASCII: tab to carriage return, and space.
            if matches!(c, '\t'..='\r' | ' ') {
                space = started;
                continue;
            }
            if std::mem::take(&mut space) {
                out.push(' ');
            }
            if special(c) {
                out.push('\\');
            }
            out.push(c.to_ascii_lowercase());
            started = true;
        }
        return;
    }
    let mut words = text.split(char::is_whitespace).filter(|w| !w.is_empty());
    let push_word = |out: &mut String, word: &str| {
        if word.is_ascii() {
            for c in word.chars() {
                if special(c) {
                    out.push('\\');
                }
                out.push(c.to_ascii_lowercase());
            }
        } else {
            for c in word.chars().flat_map(char::to_lowercase) {
                if special(c) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    };
    if let Some(first) = words.next() {
        push_word(out, first);
    }
    for word in words {
        out.push(' ');
        push_word(out, word);
    }
}

/// The value of an ASCII hex digit (the caller checked it is one).
fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit
            .to_ascii_uppercase()
            .wrapping_sub(b'A')
            .wrapping_add(10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dns_read_at_once_as_rdn_by_rdn() {
        let plain = [
            "CN=E0000001,OU=Staff,DC=example,DC=com",
            "cn=Sam Lo,ou=Sales Team,o=Umbrella-Logistics.example",
            "uid=sam.lo@umbrella.example,1.2.840=x_y",
            "CN=a,OU=",
        ];
        let other = [
            "",
            " ",
            "CN=,OU=x",
            "CN=a=b",
            "CN= a",
            "CN=a ,OU=b",
            "CN=a,,OU=b",
            "CN=a, OU=b",
            "cn=a  b",
            "CN=a+UID=b",
            "CN=Ängel",
            "CN=a\\,b",
            "C_N=a",
            "=a",
            "CN",
            "CN=a,",
            "CN=a ",
        ];
        for dn in plain.into_iter().chain(other) {
            let (mut fast, mut general) = (String::new(), String::new());
            let read = push_plain_dn(dn, &mut fast);
            assert_eq!(read, plain.contains(&dn), "{dn:?}");
            let rdns = normalize_rdns(dn, &mut general, &mut Vec::new(), &mut Vec::new());
            if read {
                assert_eq!((rdns, fast), (Ok(()), general), "{dn:?}");
            } else {
                assert!(fast.is_empty(), "{dn:?}");
            }
        }
    }

    /// [`push_plain_dn`]'s test of a DN as first written: each byte matched in turn.
    fn is_plain_byte_by_byte(dn: &str) -> bool {
        let (mut in_type, mut previous) = (true, b',');
        for &b in dn.as_bytes() {
            let plain = match b {
                b'=' => in_type && previous != b',',
                b',' => !in_type && !matches!(previous, b'=' | b' '),
                b' ' => !in_type && !matches!(previous, b'=' | b' '),
                b'_' | b'@' => !in_type,
                _ => b.is_ascii_alphanumeric() || b == b'-' || b == b'.',
            };
            if !plain {
                return false;
            }
            in_type = match b {
                b'=' => false,
                b',' => true,
                _ => in_type,
            };
            previous = b;
        }
        !in_type && previous != b' '
    }

    #[test]
    fn plain_dns_are_told_by_their_byte_classes_as_byte_by_byte() {
        // Every byte alone, then every DN of up to five bytes over the bytes that matter.
        for b in 0..=255u8 {
            for dn in [vec![b], [b"cn=".as_slice(), &[b]].concat()] {
                let Ok(dn) = String::from_utf8(dn) else {
                    continue;
                };
                let mut out = String::new();
                assert_eq!(
                    push_plain_dn(&dn, &mut out),
                    is_plain_byte_by_byte(&dn),
                    "{dn:?}"
                );
            }
        }
        let alphabet = b"aZ9-._@=, +\\";
        let mut dns = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = dns
                .iter()
                .flat_map(|dn| alphabet.iter().map(move |&b| format!("{dn}{}", b as char)))
                .collect();
            for dn in &longer {
                let mut out = String::new();
                let plain = push_plain_dn(dn, &mut out);
                assert_eq!(plain, is_plain_byte_by_byte(dn), "{dn:?}");
                assert_eq!(
                    out,
                    if plain {
                        dn.to_ascii_lowercase()
                    } else {
                        String::new()
                    }
                );
            }
            dns = longer;
        }
    }

    #[test]
    fn dns_compare_after_unescaping_and_case_folding() {
        let a = normalize_dn("CN=Ramos\\, Carlos,OU=Staff,DC=example,DC=com").unwrap();
        let b = normalize_dn("cn=ramos\\2C carlos, ou=staff,dc=EXAMPLE,dc=com").unwrap();
        assert_eq!(a, b);
        assert_ne!(
            a,
            normalize_dn("CN=Ramos,OU=Staff,DC=example,DC=com").unwrap()
        );
        let utf8 = normalize_dn("CN=Jos\\C3\\A9,DC=x").unwrap();
        assert_eq!(utf8, normalize_dn("CN=JOSÉ,DC=x").unwrap());
        assert_eq!(
            normalize_dn("CN=a+UID=b,DC=x").unwrap(),
            normalize_dn("uid=B+cn=A,dc=X").unwrap()
        );
    }

    #[test]
    fn insignificant_spaces_fold_as_ldap_compares_names() {
        let plain = normalize_dn("CN=Ada B,OU=Staff,DC=x").unwrap();
        for odd in [
            "cn = ada  b , ou=STAFF ,dc=X",
            "CN=Ada\\20 B,OU=Staff,DC=x",
            " CN=Ada B ,OU=Staff,  DC=x ",
            "CN=Ada\tB,OU=Staff,DC=x",
        ] {
            assert_eq!(normalize_dn(odd).unwrap(), plain, "{odd}");
        }
        assert_ne!(normalize_dn("CN=AdaB,OU=Staff,DC=x").unwrap(), plain);
        assert_eq!(
            normalize_dn("CN=a\\= \tb\\,,DC=x").unwrap(),
            "cn=a\\= b\\,,dc=x"
        );
        assert_eq!(
            normalize_dn("CN=Ramos\\,  Carlos,DC=x").unwrap(),
            normalize_dn("cn=ramos\\2c carlos,dc=x").unwrap()
        );
    }

    #[test]
    fn broken_dn_escapes_are_errors() {
        for bad in [
            "CN=Ramos\\",
            "CN=Ramos\\2",
            "CN=Ramos\\G1,DC=x",
            "CN=Jos\\C3,DC=x",
            "CN=a\"b,DC=x",
            "Ramos,DC=x",
            "=x,DC=x",
        ] {
            assert!(normalize_dn(bad).is_err(), "{bad}");
        }
    }
}
