//! What the two directory exports (Microsoft Graph, SCIM) share: the file added to the
//! chart, and its user objects added one by one as they are read with their positions.
//! Which of them a file is, is [`super::json_source`]'s to say.

use super::located_json::At;
use super::{Departments, Exclusions, FunctionTable};
use crate::error::InputError;
use crate::model::{Chart, SourceId};
use serde::{de, Deserialize};
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
pub(super) type AddUser<T> = fn(&mut DirectoryExport, &mut Chart, &At<T>) -> Result<(), InputError>;

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
    pub fn add(&mut self, user: At<T>) {
        let add = self.add;
        self.add_by(|export, chart| add(export, chart, &user));
    }

    /// Adds a user by `add` unless an earlier one failed: for a user whose text lives only
    /// as long as a stretch of a streamed file.
    pub fn add_by(
        &mut self,
        add: impl FnOnce(&mut DirectoryExport<'a>, &mut Chart) -> Result<(), InputError>,
    ) {
        self.read += 1;
        if self.failed.is_none() {
            if let Err(error) = add(self.export, self.chart) {
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

/// Reads a sequence of users (as `Vec<At<T>>` would), adding each.
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
        while let Some(user) = seq.next_element::<At<T>>()? {
            self.add(user);
        }
        Ok(())
    }
}
