//! A Microsoft Graph response page (`{"@odata.context": …, "value": […], "@odata.nextLink":
//! …}`) read with its users streamed: the page's own keys are kept, each user of `value` is
//! added to the chart as it is read ([`UserStream`]). It reads as `#[derive(Deserialize)]`
//! with `deny_unknown_fields` would, with the same errors.

use super::directory_export::UserStream;
use super::located_json::{At, AtSeed, Pos, Reader, Stop, Stream, Unread};
use crate::model::{ExportPage, Paging, SourceId};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// What a page says besides its users.
pub(super) struct PageHead {
    next_link: Option<At<Value>>,
    count: Option<Value>,
    /// Where `value` is written.
    value_at: Pos,
}

impl PageHead {
    /// Where this page of `users` users sits in a paged export, for [`super::paging`]:
    /// located at its `@odata.nextLink`, else at its `value`.
    pub fn paging(&self, file: SourceId, users: usize) -> ExportPage {
        let next_link = self
            .next_link
            .as_ref()
            .filter(|link| link.value.as_str().is_some_and(|l| !l.trim().is_empty()));
        let at = next_link.map_or(self.value_at, |link| link.pos);
        ExportPage {
            loc: at.loc(file),
            paging: Paging::Graph {
                next_link: next_link.is_some(),
                count: self.count.as_ref().and_then(Value::as_u64),
                users: users as u64,
            },
        }
    }
}

/// A page's keys, in the order of the struct it was once derived from.
const FIELDS: &[&str] = &[
    "@odata.context",
    "@odata.nextLink",
    "@odata.deltaLink",
    "@odata.count",
    "value",
];

/// Reads a page, handing its users to the stream.
pub(super) struct PageSeed<'s, 'e, 'a, T>(pub &'s mut UserStream<'e, 'a, T>);

impl<'de, T: de::Deserialize<'de>> DeserializeSeed<'de> for PageSeed<'_, '_, '_, T> {
    type Value = PageHead;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<PageHead, D::Error> {
        d.deserialize_struct("Page", FIELDS, self)
    }
}

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for PageSeed<'_, '_, '_, T> {
    type Value = PageHead;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Page")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageHead, A::Error> {
        let mut seen = [false; 5];
        let (mut next_link, mut count, mut value_at) = (None, None, None);
        while let Some(Field(k)) = map.next_key::<Field>()? {
            if std::mem::replace(&mut seen[k], true) {
                return Err(de::Error::duplicate_field(FIELDS[k]));
            }
            match k {
                1 => next_link = map.next_value::<Option<At<Value>>>()?,
                3 => count = map.next_value::<Option<Value>>()?,
                4 => value_at = Some(map.next_value_seed(AtSeed(&mut *self.0))?.pos),
                _ => _ = map.next_value::<Option<IgnoredAny>>()?,
            }
        }
        Ok(PageHead {
            next_link,
            count,
            value_at: value_at.ok_or_else(|| de::Error::missing_field("value"))?,
        })
    }
}

/// Reads a page from `stream` as [`PageSeed`] reads one, each of its users read by `user`.
pub(super) fn read(
    stream: &mut Stream,
    mut user: impl FnMut(&mut Reader<'_>) -> Result<(), Unread>,
) -> Result<PageHead, Stop> {
    stream.open(b'{')?;
    let mut seen = [false; 5];
    let (mut next_link, mut count, mut value_at) = (None, None, None);
    let mut first = true;
    while let Some(key) = stream.key(std::mem::replace(&mut first, false))? {
        let k = FieldVisitor.visit_str(&key).map_err(|e| stream.stop(e))?.0;
        if std::mem::replace(&mut seen[k], true) {
            return Err(stream.stop(de::Error::duplicate_field(FIELDS[k])));
        }
        match k {
            1 => next_link = stream.value::<Option<At<Value>>>()?,
            3 => count = stream.value::<Option<Value>>()?,
            4 => {
                value_at = Some(stream.open(b'[')?);
                stream.elements(&mut user)?;
            }
            _ => _ = stream.value::<Option<IgnoredAny>>()?,
        }
    }
    Ok(PageHead {
        next_link,
        count,
        value_at: value_at.ok_or_else(|| stream.stop(de::Error::missing_field("value")))?,
    })
}

/// A page key: its index in [`FIELDS`]; any other key is an error.
struct Field(usize);

impl<'de> de::Deserialize<'de> for Field {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        d.deserialize_identifier(FieldVisitor)
    }
}

struct FieldVisitor;

impl Visitor<'_> for FieldVisitor {
    type Value = Field;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Field, E> {
        match FIELDS.iter().position(|f| *f == key) {
            Some(k) => Ok(Field(k)),
            None => Err(de::Error::unknown_field(key, FIELDS)),
        }
    }
}
