//! A property value of a Microsoft Graph user as [`super::msgraph`] reads it: text borrowed
//! from the file where it is written without escapes, `true`, `false` and `null` as
//! themselves, anything else (numbers, arrays, objects) as serde_json reads it. Text,
//! nearly every value of a user, was a `String` allocated each as a `serde_json::Value`.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

#[derive(Clone, Debug)]
pub(super) enum GraphValue<'t> {
    Null,
    Bool(bool),
    Text(Cow<'t, str>),
    /// A number, array or object.
    Other(Value),
}

impl GraphValue<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, GraphValue::Null)
    }

    pub fn as_object(&self) -> Option<&serde_json::Map<String, Value>> {
        match self {
            GraphValue::Other(Value::Object(object)) => Some(object),
            _ => None,
        }
    }
}

/// A value of an `AdditionalProperties` bag, read whole as a `serde_json::Value`.
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
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(GraphValue::Other)
    }
}
