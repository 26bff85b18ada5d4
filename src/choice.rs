//! Closed sets of named values the command line offers (`--format json`, `--layout tidy`):
//! the library names them here, so its types carry no clap types; `cli` turns a [`Choice`]
//! into a clap value parser.

/// A value chosen by name from a closed set.
pub trait Choice: Copy + Send + Sync + 'static {
    /// Every value, in the order help and messages list them.
    const ALL: &'static [Self];

    /// The name a command line or config gives it.
    fn name(self) -> &'static str;

    /// The value with this name (ASCII case ignored).
    fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|value| value.name().eq_ignore_ascii_case(text))
    }

    /// Every value's name.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|value| value.name()).collect()
    }
}

/// Implements [`Choice`] for a fieldless enum: `choice!(Type { Variant => "name", ... })`.
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
    };
}
pub(crate) use choice;

#[cfg(test)]
mod tests {
    use super::Choice;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Format {
        Text,
        Sarif,
    }

    choice!(Format { Text => "text", Sarif => "sarif" });

    #[test]
    fn names_round_trip_and_case_is_ignored() {
        for format in Format::ALL {
            assert_eq!(Format::parse(format.name()), Some(*format));
        }
        assert_eq!(Format::parse("SARIF"), Some(Format::Sarif));
        assert_eq!(Format::parse("xml"), None);
        assert_eq!(Format::names(), ["text", "sarif"]);
    }
}
