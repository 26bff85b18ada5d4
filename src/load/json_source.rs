//! Which loader a `.json` file is for: an orglint chart, a SCIM user list or a Microsoft
//! Graph users export. Decided by keys, never by shape alone: a top-level array is SCIM only
//! when its objects carry SCIM keys, Graph only when they carry Graph keys, and otherwise an
//! array of chart people.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonSource {
    Chart,
    Scim,
    Graph,
}

/// How many array elements are looked at: the first objects tell the kind of export.
const PROBED: usize = 16;

/// The keys of a top-level object, or of the first objects of a top-level array.
#[derive(Default)]
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Keys;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object or array")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(Keys(keys))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
        let mut keys = Vec::new();
        for _ in 0..PROBED {
            match seq.next_element::<ElementKeys>()? {
                Some(ElementKeys(more)) => keys.extend(more),
                None => return Ok(Keys(keys)),
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Keys(keys))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Keys, E> {
        Ok(Keys::default())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Keys, E> {
        Ok(Keys::default())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Keys, E> {
        Ok(Keys::default())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Keys, E> {
        Ok(Keys::default())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Keys, E> {
        Ok(Keys::default())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Keys, E> {
        Ok(Keys::default())
    }
}

/// An array element's keys (none when it is no object).
struct ElementKeys(Vec<String>);

impl<'de> Deserialize<'de> for ElementKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ElementVisitor;
        impl<'de> Visitor<'de> for ElementVisitor {
            type Value = ElementKeys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ElementKeys, A::Error> {
                KeysVisitor.visit_map(map).map(|k| ElementKeys(k.0))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ElementKeys, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ElementKeys(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<ElementKeys, E> {
                Ok(ElementKeys(Vec::new()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<ElementKeys, E> {
                Ok(ElementKeys(Vec::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<ElementKeys, E> {
                Ok(ElementKeys(Vec::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<ElementKeys, E> {
                Ok(ElementKeys(Vec::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<ElementKeys, E> {
                Ok(ElementKeys(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<ElementKeys, E> {
                Ok(ElementKeys(Vec::new()))
            }
        }
        deserializer.deserialize_any(ElementVisitor)
    }
}

/// The loader for JSON text. Text that is not JSON goes to the chart loader, which reports
/// the syntax error.
pub(crate) fn detect(text: &str) -> JsonSource {
    let Ok(Keys(keys)) = serde_json::from_str::<Keys>(text) else {
        return JsonSource::Chart;
    };
    let keys = || keys.iter().map(String::as_str);
    if super::msgraph::has_graph_keys(keys()) {
        JsonSource::Graph
    } else if super::scim::has_scim_keys(keys()) {
        JsonSource::Scim
    } else {
        JsonSource::Chart
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_told_apart_by_their_keys() {
        let chart = r#"[{"id":"ceo"},{"id":"coo","reports_to":"ceo","department":"ops"}]"#;
        assert_eq!(detect(chart), JsonSource::Chart);
        let scim = r#"[{"id":"1","userName":"a@x"}]"#;
        assert_eq!(detect(scim), JsonSource::Scim);
        let graph = r#"[{"id":"1","displayName":"A","userPrincipalName":"a@x"}]"#;
        assert_eq!(detect(graph), JsonSource::Graph);
        let page = r#"{"@odata.context":"x","value":[]}"#;
        assert_eq!(detect(page), JsonSource::Graph);
        let list =
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[]}"#;
        assert_eq!(detect(list), JsonSource::Scim);
        assert_eq!(detect(r#"{"version":1,"people":[]}"#), JsonSource::Chart);
        assert_eq!(detect("not json"), JsonSource::Chart);
    }
}
