//! Who holds which role: explicit `roles`, else title matching (SPEC §4).

use super::Rulebook;
use crate::graph::OrgGraph;
use crate::hash::FastMap;
use crate::model::{Chart, Ref};
use std::collections::HashMap;

/// Lowercases and collapses runs of white space, for case- and space-insensitive matching.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a reused buffer.
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

/// Matches titles against phrases (role aliases, stand-in titles) as SPEC §4 says: a phrase,
/// split into segments like a title, matches a run of adjacent segments of the title, or two
/// adjacent segments joined by a space (`VP, Operations` matches `VP Operations`).
#[derive(Clone, Debug, Default)]
pub struct TitleMatcher {
    /// A phrase's segments joined by `\n` (which no segment contains) → what it gives.
    phrases: HashMap<String, Vec<u32>>,
    /// The most segments any phrase has.
    longest: usize,
}

impl TitleMatcher {
    /// `entries`: (phrase, value) pairs; a phrase given twice gives both values.
    pub fn new<'p>(entries: impl IntoIterator<Item = (&'p str, u32)>) -> TitleMatcher {
        let mut matcher = TitleMatcher::default();
        for (phrase, value) in entries {
            let segments = title_segments(phrase);
            if segments.is_empty() {
                continue;
            }
            matcher.longest = matcher.longest.max(segments.len());
            let values = matcher.phrases.entry(segments.join("\n")).or_default();
            if !values.contains(&value) {
                values.push(value);
            }
        }
        matcher
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The values of every phrase the title matches, sorted, each once.
    pub fn matches(&self, title: &str) -> Vec<u32> {
        let mut found = Vec::new();
        if self.phrases.is_empty() {
            return found;
        }
        let normalized = normalize(title);
        let mut segments: Vec<&str> = Vec::new();
        for_each_segment(&normalized, |segment| segments.push(segment));
        let mut key = String::new();
        let look_up = |key: &str, found: &mut Vec<u32>| {
            if let Some(values) = self.phrases.get(key) {
                found.extend_from_slice(values);
            }
        };
        for start in 0..segments.len() {
            key.clear();
            for (taken, segment) in segments[start..].iter().take(self.longest).enumerate() {
                if taken > 0 {
                    key.push('\n');
                }
                key.push_str(segment);
                look_up(&key, &mut found);
            }
            if let Some(next) = segments.get(start + 1) {
                key.clear();
                key.push_str(segments[start]);
                key.push(' ');
                key.push_str(next);
                look_up(&key, &mut found);
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Role holdings for a whole chart.
#[derive(Clone, Debug, Default)]
pub struct RoleIndex {
    /// Per rulebook role (same order as `rulebook.roles`): the people holding it, file order.
    pub holders: Vec<Vec<u32>>,
    /// Per person: the rulebook roles they hold (indices into `rulebook.roles`), indexed
    /// as `person_roles[i]`.
    pub person_roles: PersonRoles,
    /// Explicit `roles:` entries the rulebook does not know: (person, the entry).
    pub unknown: Vec<(u32, Ref)>,
}

/// Each person's roles in one array (a million people, most holding none, cost four bytes
/// each rather than an empty list's 24): person `i`'s are `roles[starts[i]..starts[i + 1]]`.
#[derive(Clone, Debug)]
pub struct PersonRoles {
    starts: Vec<u32>,
    roles: Vec<u32>,
}

impl Default for PersonRoles {
    fn default() -> Self {
        PersonRoles::with_capacity(0)
    }
}

impl PersonRoles {
    fn with_capacity(people: usize) -> PersonRoles {
        let mut starts = Vec::with_capacity(people + 1);
        starts.push(0);
        PersonRoles {
            starts,
            roles: Vec::new(),
        }
    }

    /// Adds the next person's roles.
    fn push(&mut self, held: &[u32]) {
        self.roles.extend_from_slice(held);
        self.starts.push(self.roles.len() as u32);
    }

    /// Drops the roles of every person `forget` names, in one pass over the array.
    pub fn forget(&mut self, forget: impl Fn(usize) -> bool) {
        let old = std::mem::take(self);
        let people = old.starts.len().saturating_sub(1);
        *self = PersonRoles::with_capacity(people);
        for i in 0..people {
            self.push(if forget(i) { &[] } else { &old[i] });
        }
    }
}

impl std::ops::Index<usize> for PersonRoles {
    type Output = [u32];

    /// Person `i`'s roles (none for a person past the end).
    fn index(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&from), Some(&to)) => &self.roles[from as usize..to as usize],
            _ => &[],
        }
    }
}

impl RoleIndex {
    pub fn build(chart: &Chart, graph: &OrgGraph, rulebook: &Rulebook) -> RoleIndex {
        let aliases = TitleMatcher::new(rulebook.roles.iter().enumerate().flat_map(|(r, role)| {
            role.aliases
                .iter()
                .map(move |alias| (alias.as_str(), r as u32))
        }));
        // A million people share a few thousand titles: match each once.
        let mut by_title: FastMap<&str, Vec<u32>> = FastMap::default();
        let mut index = RoleIndex {
            holders: vec![Vec::new(); rulebook.roles.len()],
            person_roles: PersonRoles::with_capacity(chart.people.len()),
            unknown: Vec::new(),
        };
        let mut held: Vec<u32> = Vec::new();
        for (i, person) in chart.people.iter().enumerate() {
            held.clear();
            if !graph.is_active(i as u32) {
                index.person_roles.push(&held);
                continue;
            }
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
                        let roles = by_title
                            .entry(title.as_str())
                            .or_insert_with(|| aliases.matches(title));
                        held.extend_from_slice(roles);
                    }
                }
            }
            held.sort_unstable();
            held.dedup();
            for &r in &held {
                index.holders[r as usize].push(i as u32);
            }
            index.person_roles.push(&held);
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

    #[test]
    fn phrases_match_runs_of_segments_and_two_segments_joined() {
        let matcher = TitleMatcher::new([
            ("Chief Digital and Information Officer", 0),
            ("VP Operations", 1),
            ("COO", 2),
        ]);
        assert_eq!(
            matcher.matches("Director General, Chief Digital & Information Officer"),
            vec![0]
        );
        assert_eq!(matcher.matches("VP, Operations"), vec![1]);
        assert_eq!(matcher.matches("EVP, COO"), vec![2]);
        assert_eq!(matcher.matches("Interim COO"), vec![2]);
        assert!(matcher.matches("Deputy COO").is_empty());
        assert!(matcher.matches("Assistant to the COO").is_empty());
        assert!(matcher.matches("Chief Digital Officer").is_empty());
    }
}
