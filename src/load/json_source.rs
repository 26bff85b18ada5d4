//! Which loader a `.json` file is for: an orglint chart, a SCIM user list or a Microsoft
//! Graph users export. Decided by keys, never by shape alone: a top-level array is SCIM only
//! when its objects carry SCIM keys, Graph only when they carry Graph keys, and otherwise an
//! array of chart people.

/// How many array elements are looked at: the first objects tell the kind of export.
const PROBED: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonSource {
    Chart,
    Scim,
    Graph,
}

/// The loader for JSON text, from the keys of its top-level object or of the first objects
/// of its top-level array: read up to the first Graph key, the values passed over unread.
/// Text that is not JSON goes to whichever loader its keys say (none: the chart loader): each
/// checks JSON's syntax first and reports the same error.
pub(crate) fn detect(text: &str) -> JsonSource {
    let mut scim = false;
    let graph = super::located_json::any_key(text, PROBED, |key| {
        scim |= super::scim::has_scim_keys([key]);
        super::msgraph::has_graph_keys([key])
    });
    match (graph, scim) {
        (true, _) => JsonSource::Graph,
        (false, true) => JsonSource::Scim,
        (false, false) => JsonSource::Chart,
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
