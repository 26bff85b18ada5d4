//! Closed sets of named values (`--format json`, `--layout tidy`, `severity: warning`): each
//! set's names are written once, in its [`Choice`] table, and everything else — parsing,
//! messages, `Display`, clap's value parsers, tests iterating every value — reads that table.
//! The library's types carry no clap types; `cli` turns a [`Choice`] into a clap value parser.

/// A value chosen by name from a closed set.
pub trait Choice: Copy + Send + Sync + 'static {
    /// Every value, in the order help and messages list them.
    const ALL: &'static [Self];

    /// The name a command line, config or report gives it.
    fn name(self) -> &'static str;

    /// The value with exactly this name, as the command line and config files take it.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.name() == text)
    }

    /// The value with this name, ASCII case ignored (`--report SARIF=PATH`).
    fn parse_ignoring_case(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|value| value.name().eq_ignore_ascii_case(text))
    }

    /// Every value's name.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|value| value.name()).collect()
    }

    /// Every value's name as a message offers them: `error, warning, info or never`.
    fn alternatives() -> String {
        alternatives(&Self::names())
    }
}

/// Names as a message offers them: `a, b or c`.
pub fn alternatives(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Implements [`Choice`] and `Display` (the name) for a fieldless enum:
/// `choice!(Type { Variant => "name", ... })`.
macro_rules! choice {
    ($type:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $crate::choice::Choice for $type {
            const ALL: &'static [Self] = &[$(<$type>::$variant),+];

            fn name(self) -> &'static str {
                match self {
                    $(<$type>::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::choice::Choice::name(*self))
            }
        }
    };
}
pub(crate) use choice;

/// [`choice!`] plus serde: a value is written as its name, and read as `#[derive(Deserialize)]`
/// reads a fieldless enum with these names (its YAML forms, and its messages: `unknown variant
/// `x`, expected one of info, warning, error`).
macro_rules! serde_choice {
    ($type:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        $crate::choice::choice!($type { $($variant => $name),+ });

        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::choice::Choice::name(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($name),+];
                deserializer.deserialize_enum(
                    stringify!($type),
                    NAMES,
                    $crate::choice::EnumVisitor::new(concat!("enum ", stringify!($type)), NAMES),
                )
            }
        }
    };
}
pub(crate) use serde_choice;

/// Reads a [`Choice`] as serde reads a fieldless enum: the variant's name, then no payload.
pub(crate) struct EnumVisitor<T> {
    expecting: &'static str,
    names: &'static [&'static str],
    choice: std::marker::PhantomData<T>,
}

impl<T> EnumVisitor<T> {
    pub(crate) fn new(expecting: &'static str, names: &'static [&'static str]) -> Self {
        EnumVisitor {
            expecting,
            names,
            choice: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Choice> serde::de::Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        use serde::de::VariantAccess;
        let (value, variant) = data.variant_seed(self)?;
        variant.unit_variant()?;
        Ok(value)
    }
}

/// The variant's name, as serde's derived identifier reads it.
impl<'de, T: Choice> serde::de::DeserializeSeed<'de> for EnumVisitor<T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_identifier(VariantName(self))
    }
}

struct VariantName<T>(EnumVisitor<T>);

impl<'de, T: Choice> serde::de::Visitor<'de> for VariantName<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        T::parse(text).ok_or_else(|| E::unknown_variant(text, self.0.names))
    }
}

#[cfg(test)]
mod tests {
    use super::{alternatives, Choice};

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Format {
        Text,
        Sarif,
    }

    choice!(Format { Text => "text", Sarif => "sarif" });

    #[test]
    fn names_round_trip_and_only_the_lenient_parse_ignores_case() {
        for format in Format::ALL {
            assert_eq!(Format::parse(format.name()), Some(*format));
            assert_eq!(format.to_string(), format.name());
        }
        assert_eq!(Format::parse("SARIF"), None);
        assert_eq!(Format::parse_ignoring_case("SARIF"), Some(Format::Sarif));
        assert_eq!(Format::parse("xml"), None);
        assert_eq!(Format::names(), ["text", "sarif"]);
        assert_eq!(Format::alternatives(), "text or sarif");
    }

    #[test]
    fn alternatives_join_with_commas_and_a_last_or() {
        assert_eq!(alternatives(&[]), "");
        assert_eq!(alternatives(&["a"]), "a");
        assert_eq!(alternatives(&["a", "b", "c"]), "a, b or c");
    }
}
