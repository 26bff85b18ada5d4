//! The org designer's parameters, the config's `design:` section (SPEC §12): the span bands
//! `stats` counts managers in, and the thresholds of the opt-in rules `narrow-span` and
//! `narrow-chain`. Read with spans so that a wrong value is an input error at its line.

use crate::error::InputError;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// The design parameters, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Design {
    /// Span bands, narrowest first; they cover every span from 1 up, the last one open-ended.
    pub bands: Vec<Band>,
    /// `narrow-span`: a manager with fewer reports than this is narrow.
    pub min_span: u32,
    /// `narrow-chain`: a chain of this many single-report managers or more is reported.
    pub max_chain: u32,
}

/// A band of spans: managers with `min..=max` reports (`max` `None`: no upper bound).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Band {
    pub name: String,
    pub min: u32,
    pub max: Option<u32>,
}

/// The archetypes of SPEC §12: upper bounds, the last band open.
const DEFAULT_BANDS: [(&str, Option<u32>); 6] = [
    ("narrow", Some(2)),
    ("player-coach", Some(5)),
    ("coach", Some(7)),
    ("supervisor", Some(10)),
    ("facilitator", Some(15)),
    ("coordinator", None),
];

impl Default for Design {
    fn default() -> Self {
        let bands = DEFAULT_BANDS
            .iter()
            .map(|&(name, max)| (name.to_owned(), max));
        Design {
            bands: with_minimums(bands),
            min_span: 3,
            max_chain: 3,
        }
    }
}

impl Design {
    /// The position in [`Design::bands`] of the band a span of `span` reports falls in
    /// (`span` at least 1).
    pub fn band_of(&self, span: u32) -> usize {
        self.bands
            .iter()
            .position(|band| band.max.is_none_or(|max| span <= max))
            .unwrap_or(self.bands.len() - 1)
    }
}

/// Bands from names and upper bounds, each starting one above the one before.
fn with_minimums(bands: impl Iterator<Item = (String, Option<u32>)>) -> Vec<Band> {
    let mut min = 1;
    bands
        .map(|(name, max)| {
            let band = Band { name, min, max };
            min = max.map_or(min, |max| max.saturating_add(1));
            band
        })
        .collect()
}

/// The `design:` section as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDesign {
    bands: Option<Spanned<Vec<Spanned<RawBand>>>>,
    min_span: Option<Spanned<u32>>,
    max_chain: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: String,
    max: Option<u32>,
}

impl RawDesign {
    /// The validated parameters; `display` names the config file in errors.
    pub fn validate(self, display: &str) -> Result<Design, InputError> {
        let error = |line: u64, column: u64, message: String| {
            InputError::new(display, line as u32, column as u32, message)
        };
        let mut design = Design::default();
        if let Some(min_span) = self.min_span {
            if min_span.value == 0 {
                let at = min_span.referenced;
                let message = "design.min_span must be 1 or more".to_owned();
                return Err(error(at.line(), at.column(), message));
            }
            design.min_span = min_span.value;
        }
        if let Some(max_chain) = self.max_chain {
            if max_chain.value < 2 {
                let at = max_chain.referenced;
                let message =
                    "design.max_chain must be 2 or more: a chain has two managers at least";
                return Err(error(at.line(), at.column(), message.to_owned()));
            }
            design.max_chain = max_chain.value;
        }
        if let Some(bands) = self.bands {
            design.bands = validate_bands(bands, display)?;
        }
        Ok(design)
    }
}

/// Bands need a unique non-empty name each, strictly increasing upper bounds from 1, and an
/// open last band (no `max`), so that every span falls in exactly one.
fn validate_bands(
    bands: Spanned<Vec<Spanned<RawBand>>>,
    display: &str,
) -> Result<Vec<Band>, InputError> {
    let at = |s: &serde_saphyr::Location| (s.line() as u32, s.column() as u32);
    let fail = |(line, column): (u32, u32), message: String| {
        Err(InputError::new(display, line, column, message))
    };
    let count = bands.value.len();
    if count == 0 {
        return fail(
            at(&bands.referenced),
            "design.bands is empty: list at least one band".to_owned(),
        );
    }
    let mut below = 0u32;
    let mut names = std::collections::HashSet::new();
    for (k, band) in bands.value.iter().enumerate() {
        let place = at(&band.referenced);
        let name = band.value.name.trim();
        if name.is_empty() {
            return fail(place, "design.bands: a band needs a name".to_owned());
        }
        let shown = crate::text::truncate(name, 80);
        if !names.insert(name) {
            return fail(
                place,
                format!("design.bands: band {shown:?} is listed twice"),
            );
        }
        match (band.value.max, k + 1 == count) {
            (Some(max), false) if max > below => below = max,
            (Some(max), false) => {
                let message = format!(
                    "design.bands: band {shown:?} has max {max}, not above the band before it \
                     ({below}): list the bands narrowest first"
                );
                return fail(place, message);
            }
            (None, false) => {
                let message = format!(
                    "design.bands: band {shown:?} has no max: only the last band is open-ended"
                );
                return fail(place, message);
            }
            (Some(_), true) => {
                let message = format!(
                    "design.bands: the last band, {shown:?}, must have no max, so that every \
                     span falls in a band"
                );
                return fail(place, message);
            }
            (None, true) => {}
        }
    }
    let bands = bands.value.into_iter().map(|band| {
        let band = band.value;
        (band.name.trim().to_owned(), band.max)
    });
    Ok(with_minimums(bands))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(yaml: &str) -> Result<Design, String> {
        let raw: RawDesign = crate::decode::parse_yaml(yaml, "orglint.yaml").unwrap();
        raw.validate("orglint.yaml").map_err(|e| e.to_string())
    }

    #[test]
    fn the_default_bands_are_the_archetypes() {
        let d = Design::default();
        let spans: Vec<(u32, Option<u32>)> = d.bands.iter().map(|b| (b.min, b.max)).collect();
        assert_eq!(
            spans,
            [
                (1, Some(2)),
                (3, Some(5)),
                (6, Some(7)),
                (8, Some(10)),
                (11, Some(15)),
                (16, None)
            ]
        );
        assert_eq!((d.band_of(1), d.band_of(2), d.band_of(3)), (0, 0, 1));
        assert_eq!((d.band_of(15), d.band_of(16), d.band_of(900)), (4, 5, 5));
    }

    #[test]
    fn bands_are_checked_with_their_place() {
        let ok = design("bands: [{name: few, max: 4}, {name: many}]\nmin_span: 2\n").unwrap();
        assert_eq!(ok.bands[1].min, 5);
        assert_eq!((ok.min_span, ok.max_chain), (2, 3));
        for (yaml, expected) in [
            ("bands: []", "is empty"),
            (
                "bands: [{name: a, max: 4}, {name: b, max: 4}, {name: c}]",
                "not above",
            ),
            ("bands: [{name: a}, {name: b}]", "only the last band"),
            ("bands: [{name: a, max: 3}]", "must have no max"),
            ("bands: [{name: a, max: 3}, {name: a}]", "listed twice"),
            ("bands: [{name: a, max: 0}, {name: b}]", "not above"),
            ("bands: [{name: ' ', max: 2}, {name: b}]", "needs a name"),
            ("min_span: 0", "1 or more"),
            ("max_chain: 1", "2 or more"),
        ] {
            let error = design(yaml).unwrap_err();
            assert!(error.contains(expected), "{yaml}: {error}");
            assert!(error.starts_with("orglint.yaml:1:"), "{yaml}: {error}");
        }
    }
}
