//! References given by name or email (SPEC §3). HR exports often name the manager instead of
//! giving an id (BambooHR's `Reports To`, Google Workspace's `Manager Email`). A `reports_to`,
//! dotted-line or department-head value that is no id is matched against emails
//! (case-insensitive), then names (case-insensitive, runs of white space collapsed, `Last,
//! First` and `First Last` matching each other). A value equal to an id is always that id.
//! One match resolves the reference to that id and is counted for the file's
//! `reference-by-name` finding; several leave it unresolved with the candidates, for
//! `unknown-manager` / `unknown-reference` to name.

use crate::hash::{FastMap, FastSet};
use crate::model::{Chart, NameMatch, NameReferences, Ref};
use crate::text::name_key;

/// How many matches a file's finding names.
const SAMPLES: usize = 3;

/// People by email and by name key, each id once per key: only the keys some unresolved
/// value looks up, so that a few references outside a million-person chart do not index
/// every name and email (a million lower-cased strings each).
struct Directory {
    /// The values no id holds (nor the ambiguous ones known before), which are looked up.
    wanted: FastSet<String>,
    by_email: FastMap<String, Vec<String>>,
    by_name: FastMap<String, Vec<String>>,
}

impl Directory {
    fn new(chart: &Chart, wanted: FastSet<String>) -> Directory {
        let mut directory = Directory {
            by_email: wanted
                .iter()
                .map(|value| (value.trim().to_lowercase(), Vec::new()))
                .collect(),
            by_name: wanted
                .iter()
                .map(|value| (name_key(value.trim()), Vec::new()))
                .collect(),
            wanted,
        };
        // Only the keys looked up are kept: the lists they find are the same.
        let add = |map: &mut FastMap<String, Vec<String>>, key: &str, id: &str| {
            if let Some(ids) = map.get_mut(key) {
                if !ids.iter().any(|known| known == id) {
                    ids.push(id.to_owned());
                }
            }
        };
        for person in &chart.people {
            if let Some(email) = person.email.as_deref().map(str::trim) {
                if !email.is_empty() {
                    add(&mut directory.by_email, &email.to_lowercase(), &person.id);
                }
            }
            let names = person.name.as_deref().into_iter();
            for name in names.chain(person.job_share_names.iter().map(String::as_str)) {
                let key = name_key(name);
                if !key.is_empty() {
                    add(&mut directory.by_name, &key, &person.id);
                }
            }
        }
        directory
    }

    /// The ids a value that is no id matches: by email, else by name.
    fn matches(&self, value: &str) -> &[String] {
        let value = value.trim();
        let by_email = self.by_email.get(&value.to_lowercase());
        if let Some(ids) = by_email.filter(|ids| !ids.is_empty()) {
            return ids;
        }
        self.by_name
            .get(&name_key(value))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Resolves every `reports_to`, dotted-line and department-head reference that is no id.
/// Calling it again is harmless: resolved references are ids by then.
pub(crate) fn resolve(chart: &mut Chart) {
    let ids: FastSet<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    let ambiguous = std::mem::take(&mut chart.ambiguous_references);
    let unresolved = |r: &Ref| {
        !r.id.is_empty() && !ids.contains(r.id.as_str()) && !ambiguous.contains_key(r.id.as_str())
    };
    let people_refs = chart
        .people
        .iter()
        .flat_map(|p| p.reports_to.iter().chain(p.dotted_lines.iter()));
    let heads = chart.departments.iter().filter_map(|d| d.head.as_ref());
    let wanted: FastSet<String> = people_refs
        .chain(heads)
        .filter(|r| unresolved(r))
        .map(|r| r.id.to_string())
        .collect();
    if wanted.is_empty() {
        chart.ambiguous_references = ambiguous;
        return;
    }
    drop(ids);
    let mut ambiguous = ambiguous;
    let directory = Directory::new(chart, wanted);
    let mut found: Vec<NameReferences> = std::mem::take(&mut chart.name_references);
    let mut resolve_one = |reference: &mut Ref, holder: &str, field: &'static str| {
        if ambiguous.contains_key(reference.id.as_str())
            || reference.id.is_empty()
            // Each reference is looked at once, as it was when `wanted` was gathered.
            || !directory.wanted.contains(reference.id.as_str())
        {
            return;
        }
        match directory.matches(&reference.id) {
            [] => {}
            [id] => {
                let file = reference.loc.file;
                let k = match found.iter().position(|f| f.file == file) {
                    Some(k) => k,
                    None => {
                        found.push(NameReferences {
                            file,
                            ..NameReferences::default()
                        });
                        found.len() - 1
                    }
                };
                let entry = &mut found[k];
                entry.count += 1;
                // Distinct values: an export naming the CEO on every row would otherwise
                // show the same name three times.
                let new_value = !entry.samples.iter().any(|m| m.value == reference.id);
                if entry.samples.len() < SAMPLES && new_value {
                    entry.samples.push(NameMatch {
                        holder: holder.to_owned(),
                        field,
                        value: reference.id.to_string(),
                        id: id.clone(),
                        loc: reference.loc,
                    });
                }
                reference.id = id.into();
            }
            several => {
                ambiguous.insert(reference.id.to_string(), several.to_vec());
            }
        }
    };
    for person in &mut chart.people {
        let holder = person.id.clone();
        if let Some(manager) = &mut person.reports_to {
            resolve_one(manager, &holder, "manager");
        }
        for dotted in &mut person.dotted_lines {
            resolve_one(dotted, &holder, "dotted line");
        }
    }
    for department in &mut chart.departments {
        let holder = department.id.clone();
        if let Some(head) = &mut department.head {
            resolve_one(head, &holder, "head");
        }
    }
    found.sort_by_key(|f| f.file);
    chart.name_references = found;
    chart.ambiguous_references = ambiguous;
}
