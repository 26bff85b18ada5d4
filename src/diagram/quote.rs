//! The one way text reaches the DOT output. Every id, label and attribute value is written as
//! a quoted DOT string built here (escaped by [`crate::escape`]'s DOT escapers), so no name
//! can end the string, start a new statement, add an attribute or node, or put markup into
//! what Graphviz draws.
//!
//! graphviz-rust's own `id!`/`esc` helpers do not escape inner quotes, and its printer writes
//! ids as given, so nothing else in the crate may build an [`Id`] from input text.

use graphviz_rust::dot_structures::{Attribute, Id};

/// `text` as a quoted DOT string.
pub fn quoted(text: &str) -> Id {
    quoted_lines([text])
}

/// Several lines as one quoted DOT string, separated by DOT's centred line break `\n`.
pub fn quoted_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Id {
    let mut out = String::from("\"");
    for (n, line) in lines.into_iter().enumerate() {
        if n > 0 {
            out.push_str("\\n");
        }
        crate::escape::push_dot_string(&mut out, line);
    }
    out.push('"');
    Id::Escaped(out)
}

/// A node name as a quoted DOT string, one to one: distinct names are distinct nodes (see
/// [`crate::escape::push_dot_node_name`]).
pub fn node_name(name: &str) -> Id {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    crate::escape::push_dot_node_name(&mut out, name);
    out.push('"');
    Id::Escaped(out)
}

/// An attribute `key="value"`; keys are this crate's own constants, values go through
/// [`quoted`].
pub fn attr(key: &'static str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), quoted(value))
}

/// An attribute whose value orglint wrote itself (a position, a size, a route): quoted as
/// [`attr`] quotes, but in place when there is nothing to escape, as there never is in
/// numbers; a 100,000-person chart has half a million of them.
pub fn attr_owned(key: &'static str, value: String) -> Attribute {
    if !crate::escape::dot_plain(&value) {
        return attr(key, &value);
    }
    let mut text = value;
    text.insert(0, '"');
    text.push('"');
    Attribute(Id::Plain(key.to_owned()), Id::Escaped(text))
}

/// A `label` of several lines.
pub fn label_lines(lines: &[String]) -> Attribute {
    Attribute(
        Id::Plain("label".to_owned()),
        quoted_lines(lines.iter().map(String::as_str)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(id: Id) -> String {
        match id {
            Id::Escaped(s) => s,
            other => panic!("not a quoted id: {other:?}"),
        }
    }

    #[test]
    fn quotes_backslashes_newlines_and_entities() {
        assert_eq!(text(quoted(r#"a"b"#)), r#""a\"b""#);
        assert_eq!(text(quoted("trailing\\")), r#""trailing\\""#);
        assert_eq!(text(quoted("two\nlines")), r#""two\\nlines""#);
        assert_eq!(text(quoted("R&D &lt;")), r#""R&amp;D &amp;lt;""#);
        assert_eq!(text(quoted("\\N")), r#""\\N""#);
        assert_eq!(text(quoted_lines(["a", "b\""])), r#""a\nb\"""#);
    }

    #[test]
    fn owned_values_are_quoted_as_borrowed_ones_are() {
        for value in ["12.5,40.0!", "", "a\"b", "x\\", "R&D", "two\nlines", "é"] {
            assert_eq!(
                attr_owned("pos", value.to_owned()),
                attr("pos", value),
                "{value:?}"
            );
        }
    }

    #[test]
    fn node_names_stay_distinct() {
        let names = [
            "a\nb",
            "a\\nb",
            "a\\u{a}b",
            "a\\\nb",
            "a\u{fffe}b",
            "a\\u{fffe}b",
        ];
        let quoted: std::collections::HashSet<String> =
            names.iter().map(|n| text(node_name(n))).collect();
        assert_eq!(quoted.len(), names.len(), "{quoted:?}");
        assert_eq!(text(node_name("a\nb")), r#""a\nb""#);
        assert_eq!(text(node_name("a\\nb")), r#""a\\nb""#);
    }

    #[test]
    fn quoted_text_has_no_bare_quote_or_raw_control_character() {
        for hostile in ["\"]; evil [label=\"x", "x\\", "\\\"", "a\u{1b}[31m\r\n\0"] {
            let q = text(quoted(hostile));
            let inner = &q[1..q.len() - 1];
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                assert!(!c.is_control(), "{q}");
                match c {
                    '\\' => assert!(chars.next().is_some(), "dangling backslash in {q}"),
                    '"' => panic!("bare quote in {q}"),
                    _ => {}
                }
            }
        }
    }
}
