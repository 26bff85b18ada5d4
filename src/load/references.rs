//! References given by name or email (SPEC §3). HR exports often name the manager instead of
//! giving an id (BambooHR's `Reports To`, Google Workspace's `Manager Email`). A `reports_to`,
//! dotted-line or department-head value that is no id is matched against emails
//! (case-insensitive), then names (case-insensitive, runs of white space collapsed, `Last,
//! First` and `First Last` matching each other). A value equal to an id is always that id.
//! One match resolves the reference to that id and is counted for the file's
//! `reference-by-name` finding; several leave it unresolved with the candidates, for
//! `unknown-manager` / `unknown-reference` to name.

use crate::graph::IdMap;
use crate::hash::{FastMap, FastSet, LastLookup};
use crate::model::{Chart, NameMatch, NameReferences, Ref};
use crate::text::name_key;
use std::collections::BTreeMap;

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

/// The `reports_to`, dotted-line and department-head values that are no id and not known to
/// be ambiguous. Each value is tested once per run of equal values (the people of one
/// manager usually come together).
fn values_to_look_up<'c>(
    chart: &'c Chart,
    ambiguous: &BTreeMap<String, Vec<String>>,
) -> FastSet<String> {
    let ids = IdMap::of(&chart.people);
    let mut is_id = LastLookup::new();
    let mut wanted = FastSet::default();
    let mut test = |r: &'c Ref| {
        let id = r.id.as_str();
        if !id.is_empty()
            && !is_id.get(id, |id| ids.contains_key(id))
            && !ambiguous.contains_key(id)
        {
            wanted.insert(id.to_owned());
        }
    };
    // Plain loops: a chain of iterators over every person's references cost half as much again.
    for person in &chart.people {
        person.reports_to.iter().for_each(&mut test);
        person.dotted_lines.iter().for_each(&mut test);
    }
    chart
        .departments
        .iter()
        .filter_map(|d| d.head.as_ref())
        .for_each(test);
    wanted
}

/// Resolves every `reports_to`, dotted-line and department-head reference that is no id.
/// Calling it again is harmless: resolved references are ids by then.
pub(crate) fn resolve(chart: &mut Chart) {
    let mut ambiguous = std::mem::take(&mut chart.ambiguous_references);
    let wanted = values_to_look_up(chart, &ambiguous);
    if wanted.is_empty() {
        chart.ambiguous_references = ambiguous;
        return;
    }
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

#[cfg(test)]
mod tests {
    use crate::load::InputFormat;
    use crate::model::Chart;

    /// Runs of one manager skip the id set; names and emails among ids still resolve, an id
    /// after a run of names is still an id, and a value naming nobody is left as it is.
    #[test]
    fn names_resolve_among_runs_of_ids() {
        let csv = "id,manager,name,email\n\
                   a,,Ann Lee,ann@x.example\n\
                   b,a,Bob Roe,\n\
                   c,a,Cy Poe,\n\
                   d,Ann Lee,Di Moe,\n\
                   e,Ann Lee,Ed Coe,\n\
                   f,ANN@x.example,Flo Fox,\n\
                   g,b,Gus Gee,\n\
                   h,Zed Zee,Hal Hoe,\n";
        let chart = Chart::from_str("names.csv", csv, InputFormat::Csv).unwrap();
        let managers: Vec<Option<&str>> = chart
            .people
            .iter()
            .map(|p| p.reports_to.as_ref().map(|r| r.id.as_str()))
            .collect();
        let expected = [None, Some("a"), Some("a"), Some("a"), Some("a"), Some("a")];
        assert_eq!(managers[..6], expected);
        assert_eq!(managers[6..], [Some("b"), Some("Zed Zee")]);
        let found = &chart.name_references;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].count, 3);
        assert_eq!(found[0].samples[0].value, "Ann Lee");
    }
}
