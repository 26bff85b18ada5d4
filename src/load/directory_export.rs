//! The opening the two directory exports (Microsoft Graph, SCIM) share: the JSON read into
//! user objects with their positions, and the file added to the chart. Which of them a file
//! is, is [`super::json_source`]'s to say.

use super::{Departments, Exclusions, FunctionTable};
use crate::error::InputError;
use crate::model::{Chart, SourceId};
use serde::{de, Deserialize};
use serde_saphyr::{Location, Spanned};
use std::fmt;

/// A directory export (Microsoft Graph, SCIM) being read into a chart: its name, the file as
/// a source of the chart, and the departments its values are interned into.
pub(super) struct DirectoryExport<'a> {
    pub display: &'a str,
    pub file: SourceId,
    pub functions: &'a FunctionTable,
    pub departments: Departments,
    /// The config's `exclude:` list.
    pub exclusions: &'a Exclusions,
}

/// The opening of a directory export's loader: the user objects read with their positions
/// ([`super::located_json`], strict JSON) — a bare array of them, else what `enveloped` takes
/// out of the top-level object — and the file added to the chart.
pub(super) fn json_users<'a, T: for<'de> Deserialize<'de>>(
    chart: &mut Chart,
    display: &'a str,
    text: &str,
    functions: &'a FunctionTable,
    exclusions: &'a Exclusions,
    enveloped: impl FnOnce() -> Result<Vec<Spanned<T>>, InputError>,
) -> Result<(Vec<Spanned<T>>, DirectoryExport<'a>), InputError> {
    let users = if text.trim_start().starts_with('[') {
        super::located_json::parse(text, display)?
    } else {
        enveloped()?
    };
    let export = DirectoryExport::open(chart, display, text, functions, exclusions);
    Ok((users, export))
}

impl<'a> DirectoryExport<'a> {
    /// The file added to the chart as a source, its users still to be read.
    pub fn open(
        chart: &mut Chart,
        display: &'a str,
        text: &str,
        functions: &'a FunctionTable,
        exclusions: &'a Exclusions,
    ) -> DirectoryExport<'a> {
        DirectoryExport {
            display,
            file: chart.add_source(display, super::kept_text(text)),
            functions,
            departments: Departments::new(chart),
            exclusions,
        }
    }
}

/// Adds one user object of an export to the chart.
pub(super) type AddUser<T> =
    fn(&mut DirectoryExport, &mut Chart, &Spanned<T>) -> Result<(), InputError>;

/// The users of an export, each added to the chart as soon as it is read: a million users
/// are never held as values at once. After the first user that cannot be added, the rest
/// are only read, so a later error in the document itself is still the one reported, as
/// when the whole document was read first ([`UserStream::finish`]).
pub(super) struct UserStream<'e, 'a, T> {
    pub export: &'e mut DirectoryExport<'a>,
    pub chart: &'e mut Chart,
    add: AddUser<T>,
    read: usize,
    failed: Option<InputError>,
}

impl<'e, 'a, T> UserStream<'e, 'a, T> {
    pub fn new(export: &'e mut DirectoryExport<'a>, chart: &'e mut Chart, add: AddUser<T>) -> Self {
        UserStream {
            export,
            chart,
            add,
            read: 0,
            failed: None,
        }
    }

    /// Adds a user unless an earlier one failed.
    pub fn add(&mut self, user: Spanned<T>) {
        self.read += 1;
        if self.failed.is_none() {
            if let Err(error) = (self.add)(self.export, self.chart, &user) {
                self.failed = Some(error);
            }
        }
    }

    /// How many users were read, or the first that could not be added.
    pub fn finish(self) -> Result<usize, InputError> {
        match self.failed {
            Some(error) => Err(error),
            None => Ok(self.read),
        }
    }
}

/// Reads a sequence of users (as `Vec<Spanned<T>>` would), adding each.
impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for &mut UserStream<'_, '_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> de::Visitor<'de> for &mut UserStream<'_, '_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // What `Vec`'s own visitor says, so errors read as before.
        f.write_str("a sequence")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(user) = seq.next_element::<Spanned<T>>()? {
            self.add(user);
        }
        Ok(())
    }
}

/// `Spanned<S::Value>` for a value read through a seed. serde-saphyr locates a value only
/// for its `Spanned`, through its own newtype protocol (see `Spanned::deserialize`): this
/// asks for the location the same way, so `value` can be streamed and still located.
pub(super) struct SpannedSeed<S>(pub S);

/// The newtype name and first key by which serde-saphyr hands a value with its location.
const SPANNED_NEWTYPE: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

impl<'de, S: de::DeserializeSeed<'de>> de::DeserializeSeed<'de> for SpannedSeed<S> {
    type Value = Spanned<S::Value>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct(SPANNED_NEWTYPE, self)
    }
}

impl<'de, S: de::DeserializeSeed<'de>> de::Visitor<'de> for SpannedSeed<S> {
    type Value = Spanned<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a span-aware newtype wrapper")
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(SpannedFields(self.0))
    }
}

struct SpannedFields<S>(S);

impl<'de, S: de::DeserializeSeed<'de>> de::Visitor<'de> for SpannedFields<S> {
    type Value = Spanned<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value with its location")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if map.next_key::<String>()?.as_deref() != Some(SPANNED_MARKER) {
            return Err(de::Error::custom("the YAML reader gave no location"));
        }
        map.next_value::<de::IgnoredAny>()?;
        let (mut seed, mut value) = (Some(self.0), None);
        let (mut referenced, mut defined) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match (key.as_str(), seed.take()) {
                ("value", Some(s)) => value = Some(map.next_value_seed(s)?),
                (other, unused) => {
                    seed = unused;
                    match other {
                        "referenced" => referenced = Some(map.next_value::<Location>()?),
                        "defined" => defined = Some(map.next_value::<Location>()?),
                        _ => _ = map.next_value::<de::IgnoredAny>()?,
                    }
                }
            }
        }
        let missing = |field| de::Error::missing_field(field);
        Ok(Spanned::new(
            value.ok_or_else(|| missing("value"))?,
            referenced.ok_or_else(|| missing("referenced"))?,
            defined.ok_or_else(|| missing("defined"))?,
        ))
    }
}
