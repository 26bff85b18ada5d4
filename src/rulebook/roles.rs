//! Who holds which role: explicit `roles`, else title matching (SPEC §4).

use super::Rulebook;
use crate::graph::OrgGraph;
use crate::model::{Chart, Ref};
use std::collections::HashMap;

/// Lowercases and collapses runs of white space, for case- and space-insensitive matching.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a reused buffer (title matching runs once per person).
fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
}

/// Calls `each` with every segment of an already normalized title: split on `,` `&` `/` `;`
/// `|` and the word `and`, with a leading `acting` or `interim` dropped. Segments are slices
/// of the title: no allocation per person.
fn for_each_segment<'t>(normalized: &'t str, mut each: impl FnMut(&'t str)) {
    let mut emit = |segment: &'t str| {
        let segment = segment.trim();
        let segment = ["acting ", "interim "]
            .iter()
            .find_map(|prefix| segment.strip_prefix(prefix))
            .unwrap_or(segment);
        if !segment.is_empty() && segment != "acting" && segment != "interim" {
            each(segment);
        }
    };
    for part in normalized.split([',', '&', '/', ';', '|']) {
        let mut start = 0;
        let mut offset = 0;
        for word in part.split(' ') {
            if word == "and" {
                emit(&part[start..offset]);
                start = offset + word.len();
            }
            offset += word.len() + 1;
        }
        emit(&part[start.min(part.len())..]);
    }
}

/// A title's segments, normalized: split on `,` `&` `/` `;` `|` and the word `and`, with a
/// leading `acting` or `interim` dropped from each.
pub fn title_segments(title: &str) -> Vec<String> {
    let normalized = normalize(title);
    let mut segments = Vec::new();
    for_each_segment(&normalized, |segment| segments.push(segment.to_owned()));
    segments
}

/// Role holdings for a whole chart.
#[derive(Clone, Debug, Default)]
pub struct RoleIndex {
    /// Per rulebook role (same order as `rulebook.roles`): the people holding it, file order.
    pub holders: Vec<Vec<u32>>,
    /// Per person: the rulebook roles they hold (indices into `rulebook.roles`).
    pub person_roles: Vec<Vec<u32>>,
    /// Explicit `roles:` entries the rulebook does not know: (person, the entry).
    pub unknown: Vec<(u32, Ref)>,
}

impl RoleIndex {
    pub fn build(chart: &Chart, graph: &OrgGraph, rulebook: &Rulebook) -> RoleIndex {
        // Alias → every role that has it: an alias two roles share gives both.
        let mut aliases: HashMap<String, Vec<u32>> = HashMap::new();
        for (r, role) in rulebook.roles.iter().enumerate() {
            for alias in &role.aliases {
                aliases.entry(normalize(alias)).or_default().push(r as u32);
            }
        }
        // Segment lengths some alias has: most segments of most titles are skipped without
        // hashing.
        let mut alias_lengths = vec![false; aliases.keys().map(String::len).max().unwrap_or(0) + 1];
        for alias in aliases.keys() {
            alias_lengths[alias.len()] = true;
        }
        // A million people share a few thousand titles: match each once.
        let mut by_title: HashMap<&str, Vec<u32>, foldhash::fast::RandomState> = HashMap::default();
        let mut index = RoleIndex {
            holders: vec![Vec::new(); rulebook.roles.len()],
            person_roles: vec![Vec::new(); chart.people.len()],
            unknown: Vec::new(),
        };
        let mut normalized = String::new();
        for (i, person) in chart.people.iter().enumerate() {
            if !graph.is_active(i as u32) {
                continue;
            }
            let mut held: Vec<u32> = Vec::new();
            match &person.roles {
                Some(explicit) => {
                    for role in explicit {
                        match rulebook.role_index_ignoring_case(role.id.trim()) {
                            Some(r) => held.push(r as u32),
                            None => index.unknown.push((i as u32, role.clone())),
                        }
                    }
                }
                None => {
                    if let Some(title) = &person.title {
                        let roles = by_title.entry(title.as_str()).or_insert_with(|| {
                            let mut found = Vec::new();
                            normalize_into(title, &mut normalized);
                            for_each_segment(&normalized, |segment| {
                                if !alias_lengths.get(segment.len()).copied().unwrap_or(false) {
                                    return;
                                }
                                if let Some(roles) = aliases.get(segment) {
                                    found.extend_from_slice(roles);
                                }
                            });
                            found
                        });
                        held.extend_from_slice(roles);
                    }
                }
            }
            held.sort_unstable();
            held.dedup();
            for &r in &held {
                index.holders[r as usize].push(i as u32);
            }
            index.person_roles[i] = held;
        }
        index
    }

    /// Holders of a role by id (empty for an unknown role).
    pub fn holders_of<'a>(&'a self, rulebook: &Rulebook, role: &str) -> &'a [u32] {
        rulebook
            .role_index(role)
            .and_then(|r| self.holders.get(r))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_on_separators_and_the_word_and() {
        assert_eq!(
            title_segments("EVP, Chief Operating Officer"),
            vec!["evp", "chief operating officer"]
        );
        assert_eq!(title_segments("Interim  CIO"), vec!["cio"]);
        assert_eq!(title_segments("CFO and COO"), vec!["cfo", "coo"]);
        assert_eq!(
            title_segments("Assistant to the COO"),
            vec!["assistant to the coo"]
        );
        assert_eq!(title_segments("Acting Deputy COO"), vec!["deputy coo"]);
        assert_eq!(
            title_segments("Head of Sales & Marketing"),
            vec!["head of sales", "marketing"]
        );
        assert_eq!(
            title_segments("  Interim\tChief  Information Officer AND Acting CFO | "),
            vec!["chief information officer", "cfo"]
        );
        assert_eq!(title_segments("Interim"), Vec::<String>::new());
        assert_eq!(title_segments("and"), Vec::<String>::new());
        assert_eq!(title_segments("Brand Manager"), vec!["brand manager"]);
    }
}
