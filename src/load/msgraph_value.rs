//! A property value of a Microsoft Graph user as [`super::msgraph`] reads it: text borrowed
//! from the file where it is written without escapes, `true`, `false` and `null` as
//! themselves, objects as [`Members`], anything else (numbers, arrays) as serde_json reads
//! it. Text, nearly every value of a user, was a `String` allocated each as a
//! `serde_json::Value`; each user's expanded `manager`, a `serde_json::Map` of its own.

use compact_str::CompactString;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

#[derive(Clone, Debug)]
pub(super) enum GraphValue<'t> {
    Null,
    Bool(bool),
    Text(Cow<'t, str>),
    Object(Members<'t>),
    /// A number or array.
    Other(Value),
}

impl GraphValue<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, GraphValue::Null)
    }

    pub fn as_object(&self) -> Option<&Members<'_>> {
        match self {
            GraphValue::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            GraphValue::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// An object's members as a `serde_json::Map` holds them (sorted by key; of a key given
/// twice, the last value), in a list: an object in a user (its `manager`) has a key or two,
/// and a map's nodes and its `String`s were allocated each.
#[derive(Clone, Debug)]
pub(super) struct Members<'t>(Vec<(Key, GraphValue<'t>)>);

impl<'t> Members<'t> {
    /// The members as written, put as a map would hold them.
    fn from_written(mut members: Vec<(Key, GraphValue<'t>)>) -> Self {
        // Stable: of keys given twice the later stays later, and its value is kept.
        members.sort_by(|a, b| str::cmp(&a.0, &b.0));
        members.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        Members(members)
    }

    /// The members in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &GraphValue<'t>)> {
        self.0.iter().map(|(key, value)| (&**key, value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(key, _)| key)
    }

    /// The value of `key` (looked for in order: an object here has a key or two).
    pub fn get(&self, key: &str) -> Option<&GraphValue<'t>> {
        self.iter().find(|(k, _)| *k == key).map(|(_, value)| value)
    }
}

/// A key of an object, short ones held inline rather than allocated each.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key(CompactString);

impl std::ops::Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(Key(key.into()))
            }
        }
        d.deserialize_string(KeyVisitor)
    }
}

/// A value as serde_json holds it (a number read as `f64` is made one, as serde_json makes it).
impl From<&Value> for GraphValue<'_> {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => GraphValue::Null,
            Value::Bool(b) => GraphValue::Bool(*b),
            Value::String(text) => GraphValue::Text(Cow::Owned(text.clone())),
            other => GraphValue::Other(other.clone()),
        }
    }
}

impl<'de> Deserialize<'de> for GraphValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(GraphValueVisitor)
    }
}

/// Takes what `serde_json::Value` takes, the same way.
struct GraphValueVisitor;

impl<'de> Visitor<'de> for GraphValueVisitor {
    type Value = GraphValue<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(GraphValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(GraphValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        GraphValue::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(GraphValue::Bool(b))
    }
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(GraphValue::Text(Cow::Borrowed(text)))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(GraphValue::Text(Cow::Owned(text.to_owned())))
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(GraphValue::Text(Cow::Owned(text)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(GraphValue::Other(Value::from(n)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(GraphValue::Other(Value::from(n)))
    }
    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Self::Value, E> {
        Value::deserialize(de::value::I128Deserializer::new(n)).map(GraphValue::Other)
    }
    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Self::Value, E> {
        Value::deserialize(de::value::U128Deserializer::new(n)).map(GraphValue::Other)
    }
    /// A number no JSON number is (infinite) as `null`, as serde_json takes it.
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        Ok(GraphValue::from(&Value::from(n)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(GraphValue::Other)
    }
    /// Read as `serde_json::Value` reads an object, into [`Members`].
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Room for one: most objects here are a manager with its `id` alone.
        let mut members = Vec::with_capacity(1);
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(GraphValue::Object(Members::from_written(members)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::located_json;

    /// A value as serde_json holds it, to compare.
    fn as_json(value: &GraphValue) -> Value {
        match value {
            GraphValue::Null => Value::Null,
            GraphValue::Bool(b) => Value::Bool(*b),
            GraphValue::Text(text) => Value::String(text.to_string()),
            GraphValue::Object(members) => {
                let members = members.iter().map(|(k, v)| (k.to_owned(), as_json(v)));
                Value::Object(members.collect())
            }
            GraphValue::Other(other) => other.clone(),
        }
    }

    #[test]
    fn members_are_read_as_a_serde_json_map_is() {
        let objects = [
            r##"{"id": "1"}"##,
            r##"{"id": "1", "id": "2"}"##,
            r##"{"id": "1", "Id": "2", "id": "3", "Id": null}"##,
            r##"{"zebra": 1, "@odata.type": "#x", "alpha": {"b": 2, "a": [1, {"c": 3}]}}"##,
            r##"{"manager": {"id": "2", "id": "3"}, "bogus": null, "": true}"##,
            r##"{"id": "a\"\u00e9\ud83e\udd80", "\u00c9x": "É", "Éx": -1.5e3}"##,
            r##"{"additionalProperties": {"@odata.type": "#c"}, "AdditionalProperties": 12}"##,
            r##"{}"##,
        ];
        for text in objects {
            let expected: Value = serde_json::from_str(text).unwrap();
            let read: GraphValue = serde_json::from_str(text).unwrap();
            let members = read.as_object().unwrap();
            let keys: Vec<&str> = members.keys().collect();
            let map = expected.as_object().unwrap();
            assert_eq!(keys, map.keys().collect::<Vec<_>>(), "{text}");
            assert_eq!(as_json(&read), expected, "{text}");
            for key in ["id", "Id", "@odata.type", "additionalProperties", "", "x"] {
                let found = members.get(key).map(as_json);
                assert_eq!(found.as_ref(), expected.get(key), "{text}: {key}");
            }
            // The located reader takes no key twice; what it takes reads the same.
            if let Ok(located) = located_json::from_str::<GraphValue>(text) {
                assert_eq!(as_json(&located), expected, "{text}");
            }
        }
    }
}
