//! `--redact` on the chart itself: values that are personal data but serve as keys — ids that
//! are emails, SCIM users whose id is their `userName`, department labels built from a
//! person's name (Workday's "Executive (Logan McNeil)") — are replaced by stable pseudonyms
//! (`person-3f9a`, `department-0c12`) before anything is checked or written, so every output
//! of a run names the same pseudonym and none names the person. Names, emails and free text
//! are withheld by each output; this module handles what outputs must show: ids.

use crate::model::{Chart, Ref, Text, Waiver};
use std::collections::{HashMap, HashSet};

/// How long a person's pseudonym is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PseudonymLength {
    /// `person-3f9a`, longer only when two values would share one (`check`).
    Short,
    /// `person-` and the whole hash, [`key_shown`]'s: a function of the value alone, so
    /// `reconcile`'s findings about both sides and its chart agree.
    Whole,
}

/// Replaces personal ids and department labels in `chart` (and in `extra_waivers`, the
/// config's) by pseudonyms; every reference follows. Emails are dropped.
pub fn pseudonymize(chart: &mut Chart, extra_waivers: &mut [Waiver]) {
    pseudonymize_together(&mut [(chart, extra_waivers)], PseudonymLength::Short);
}

/// [`pseudonymize`] with pseudonyms of the given length; `Whole` also replaces every id that
/// [`key_shown`] replaces.
pub fn pseudonymize_as(chart: &mut Chart, extra_waivers: &mut [Waiver], length: PseudonymLength) {
    pseudonymize_together(&mut [(chart, extra_waivers)], length);
}

/// [`pseudonymize`] for charts shown side by side (`diff`'s two versions): one value gets
/// one pseudonym in all of them, so the same person keeps theirs across the sides.
pub fn pseudonymize_together(charts: &mut [(&mut Chart, &mut [Waiver])], length: PseudonymLength) {
    let all: Vec<&Chart> = charts.iter().map(|(chart, _)| &**chart).collect();
    let person_map = person_pseudonyms(&all, length);
    let departments = department_pseudonyms(&all, length);
    for (chart, waivers) in charts.iter_mut() {
        rename_all(chart, waivers, &person_map, &departments);
    }
}

/// Pseudonyms of the ids that are emails or personal (SCIM `userName`), and of references
/// that may be a person's name, over every chart.
fn person_pseudonyms(charts: &[&Chart], length: PseudonymLength) -> HashMap<String, String> {
    let taken: HashSet<String> = charts
        .iter()
        .flat_map(|c| c.people.iter().map(|p| p.id.to_string()))
        .collect();
    let personal: HashSet<&str> = charts
        .iter()
        .flat_map(|c| c.personal_ids.iter().map(String::as_str))
        .collect();
    let mut people = Pseudonyms::new("person", &taken, length);
    let whole = length == PseudonymLength::Whole;
    let mut ids: Vec<&str> = Vec::new();
    for chart in charts {
        ids.extend(
            chart
                .people
                .iter()
                .map(|p| p.id.as_str())
                .chain(chart.left_out.keys().map(String::as_str))
                .filter(|id| {
                    looks_like_email(id) || personal.contains(id) || (whole && personal_key(id))
                }),
        );
        ids.extend(references(chart).map(|r| r.id.as_str()).filter(|id| {
            looks_like_email(id)
                || personal.contains(id)
                || dangling_name(id, &taken)
                || (whole && personal_key(id))
        }));
    }
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        people.assign(id);
    }
    people.by_id
}

/// Puts the pseudonyms in place of the values in `chart` and its waivers; drops emails.
fn rename_all(
    chart: &mut Chart,
    extra_waivers: &mut [Waiver],
    person_map: &HashMap<String, String>,
    departments: &HashMap<String, String>,
) {
    let rename = |id: &mut String, map: &HashMap<String, String>| {
        if let Some(new) = map.get(id.as_str()) {
            id.clone_from(new);
        }
    };
    let rename_text = |id: &mut Text, map: &HashMap<String, String>| {
        if let Some(new) = map.get(id.as_str()) {
            *id = new.into();
        }
    };
    for person in &mut chart.people {
        rename_text(&mut person.id, person_map);
        person.email = None;
        for r in person.reports_to.iter_mut().chain(&mut person.dotted_lines) {
            rename_text(&mut r.id, person_map);
        }
        if let Some(d) = &mut person.department {
            rename_text(&mut d.id, departments);
        }
    }
    for department in &mut chart.departments {
        if let Some(new) = departments.get(&department.id) {
            department.id.clone_from(new);
            department.name = Some(new.clone());
        }
        if let Some(head) = &mut department.head {
            rename_text(&mut head.id, person_map);
        }
        if let Some(parent) = &mut department.parent {
            rename_text(&mut parent.id, departments);
        }
    }
    for (_, manager) in &mut chart.root_marker_managers {
        rename_text(&mut manager.id, person_map);
    }
    for waiver in chart.waivers.iter_mut().chain(extra_waivers.iter_mut()) {
        rename(&mut waiver.subject, person_map);
        rename(&mut waiver.subject, departments);
    }
    chart.left_out = std::mem::take(&mut chart.left_out)
        .into_iter()
        .map(|(id, why)| (person_map.get(&id).cloned().unwrap_or(id), why))
        .collect();
    chart.personal_ids.clear();
}

/// An input error as `--redact` may show it: without the excerpt (the source line, with its
/// names and emails), and without a key it quotes that is no misspelt field (a mapping keyed
/// by a person's name, say).
pub fn input_error(mut error: crate::error::InputError) -> crate::error::InputError {
    error.excerpt = None;
    for opening in ["unknown field `", "duplicate key `"] {
        let Some(start) = error.message.find(opening).map(|at| at + opening.len()) else {
            continue;
        };
        let Some(length) = error.message[start..].find('`') else {
            continue;
        };
        let misspelt_field = error.message[start + length..].starts_with("` (did you mean");
        if !misspelt_field {
            error
                .message
                .replace_range(start - 1..start + length + 1, "(not shown under --redact)");
        }
    }
    error
}

/// Every reference to a person in the chart.
fn references(chart: &Chart) -> impl Iterator<Item = &Ref> {
    chart
        .people
        .iter()
        .flat_map(|p| p.reports_to.iter().chain(&p.dotted_lines))
        .chain(chart.departments.iter().filter_map(|d| d.head.as_ref()))
}

/// A reference that names no one in the chart and may be a person's name rather than an id:
/// a manager given as `Quixote` or `yorick.plimpton` that matched nobody. Ids that carry a
/// digit and no space (`E1042`, `DFT-123`) stay, so an unknown manager can still be looked up.
fn dangling_name(value: &str, ids: &HashSet<String>) -> bool {
    let id_like = value.chars().any(|c| c.is_ascii_digit()) && !value.contains(char::is_whitespace);
    !id_like && !ids.contains(value)
}

/// How `reconcile` shows a key under `--redact` (SPEC §10): as it is when it cannot be
/// personal (a Graph object id, an employee number), else `person-` and the whole hash of the
/// value, one function of the value on both sides and in every run. `known_personal`: its
/// loader said so (a SCIM `userName` standing for a missing `id`).
pub fn key_shown(value: &str, known_personal: bool) -> String {
    if known_personal || personal_key(value) {
        whole_pseudonym("person", value)
    } else {
        value.to_owned()
    }
}

/// A key that may be personal: an email, a name (it has a space), a DN.
fn personal_key(value: &str) -> bool {
    looks_like_email(value) || value.contains(char::is_whitespace) || value.contains('=')
}

fn whole_pseudonym(prefix: &str, value: &str) -> String {
    format!("{prefix}-{:016x}", fnv1a(value.as_bytes()))
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => !local.trim().is_empty() && !domain.trim().is_empty(),
        None => false,
    }
}

/// Department ids and names that hold a person's name (whole, or a run of its words such as
/// the `(Logan McNeil)` of a Workday supervisory organization) or an email, → pseudonyms.
/// The names are the people's of every chart, leavers and future starters of a record too.
fn department_pseudonyms(charts: &[&Chart], length: PseudonymLength) -> HashMap<String, String> {
    let labels = NameLabels::new(
        charts
            .iter()
            .flat_map(|&chart| chart.people.iter().chain(inactive_people(chart)))
            .flat_map(|p| {
                let names = p.job_share_names.iter().map(String::as_str);
                p.name.as_deref().into_iter().chain(names)
            }),
    );
    let departments = || charts.iter().flat_map(|chart| &chart.departments);
    let taken: HashSet<String> = departments().map(|d| d.id.clone()).collect();
    let mut pseudonyms = Pseudonyms::new("department", &taken, length);
    let mut personal: Vec<&str> = departments()
        .filter(|d| {
            labels.holds_a_name(&d.id) || d.name.as_deref().is_some_and(|n| labels.holds_a_name(n))
        })
        .map(|d| d.id.as_str())
        .collect();
    personal.sort_unstable();
    personal.dedup();
    for id in personal {
        pseudonyms.assign(id);
    }
    pseudonyms.by_id
}

/// A record's leavers and future starters (kept only for `reconcile`).
fn inactive_people(chart: &Chart) -> impl Iterator<Item = &crate::model::Person> {
    let rows = chart
        .reconcile
        .as_deref()
        .map(|data| data.inactive.as_slice());
    rows.unwrap_or_default().iter().map(|row| &row.person)
}

/// People's names, to tell labels that hold one (a department named after its head).
pub struct NameLabels {
    /// Names folded (case, runs of white space), those of one short word left out.
    names: HashSet<String>,
}

impl NameLabels {
    pub fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> NameLabels {
        let names = names
            .into_iter()
            .map(|name| {
                name.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .filter(|n| n.contains(' ') || n.len() > 3)
            .collect();
        NameLabels { names }
    }

    /// Whether `label` is an email or holds a name, whole or as a run of up to five words.
    pub fn holds_a_name(&self, label: &str) -> bool {
        if looks_like_email(label) {
            return true;
        }
        let words: Vec<String> = label
            .split(|c: char| c.is_whitespace() || "()[]{},;:|/–—-".contains(c))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        (0..words.len()).any(|start| {
            (start + 1..=(start + 5).min(words.len()))
                .any(|end| self.names.contains(&words[start..end].join(" ")))
        })
    }
}

/// How `reconcile` shows a department label that holds a name under `--redact`: `department-`
/// and the whole hash of the label, as the chart's [`PseudonymLength::Whole`] pseudonyms.
pub fn department_shown(label: &str) -> String {
    whole_pseudonym("department", label)
}

/// Pseudonyms `PREFIX-xxxx` from a hash of the value, longer when two values would share
/// one or one is already a real id: the same value gets the same pseudonym in every run.
struct Pseudonyms<'t> {
    prefix: &'static str,
    taken: &'t HashSet<String>,
    length: PseudonymLength,
    used: HashSet<String>,
    by_id: HashMap<String, String>,
}

impl<'t> Pseudonyms<'t> {
    fn new(prefix: &'static str, taken: &'t HashSet<String>, length: PseudonymLength) -> Self {
        Pseudonyms {
            prefix,
            taken,
            length,
            used: HashSet::new(),
            by_id: HashMap::new(),
        }
    }

    fn assign(&mut self, value: &str) {
        if self.by_id.contains_key(value) {
            return;
        }
        let hash = fnv1a(value.as_bytes());
        let hex = format!("{hash:016x}");
        let lengths: &[usize] = match self.length {
            PseudonymLength::Short => &[4, 8, 16],
            PseudonymLength::Whole => &[16],
        };
        let mut candidates = lengths
            .iter()
            .map(|&digits| format!("{}-{}", self.prefix, &hex[..digits]))
            .chain((2u64..).map(|n| format!("{}-{hex}-{n}", self.prefix)));
        let pseudonym = candidates
            .find(|p| !self.used.contains(p) && !self.taken.contains(p))
            .unwrap_or_default();
        self.used.insert(pseudonym.clone());
        self.by_id.insert(value.to_owned(), pseudonym);
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Department, Loc, Person};

    fn person(id: &str, name: &str, manager: Option<&str>, department: Option<&str>) -> Person {
        Person {
            name: Some(name.into()),
            reports_to: manager.map(|m| Ref::new(m, Loc::default())),
            department: department.map(|d| Ref::new(d, Loc::default())),
            email: Some(format!("{id}@example.com").into()),
            ..Person::new(id, Loc::default())
        }
    }

    #[test]
    fn input_errors_lose_their_excerpt_and_keys_that_may_be_names() {
        let error = |message: &str| {
            let mut e = crate::error::InputError::new("org.yaml", 2, 5, message);
            e.excerpt = Some("  - {id: a, Dana Whitfield: x}".to_owned());
            input_error(e)
        };
        let named = error("unknown field `Dana Whitfield`: expected one of id, name");
        assert_eq!(named.excerpt, None);
        assert_eq!(
            named.message,
            "unknown field (not shown under --redact): expected one of id, name"
        );
        let typo = error("unknown field `titel` (did you mean `title`?): expected one of id");
        assert!(typo
            .message
            .starts_with("unknown field `titel` (did you mean"));
        let twice = error("duplicate key `yorick`: each key may appear only once");
        assert!(!twice.message.contains("yorick"), "{}", twice.message);
    }

    #[test]
    fn email_ids_and_name_labels_become_stable_pseudonyms() {
        let mut chart = Chart::default();
        let exec = "Executive (Logan McNeil)";
        chart.people = vec![
            person("logan@acme.com", "Logan McNeil", None, Some(exec)),
            person("e2", "Ana Ruiz", Some("logan@acme.com"), Some("Sales")),
            person("e3", "Bo Chen", Some("gone@acme.com"), None),
            person("e4", "Cy Uz", Some("Quixote"), None),
            person("e5", "Di Vo", Some("yorick.plimpton"), None),
            person("e6", "Ed Wu", Some("E1042"), None),
            person("e7", "Fa Xi", Some("e2"), None),
        ];
        for d in [exec, "Sales"] {
            chart.departments.push(Department {
                id: d.to_owned(),
                name: Some(d.to_owned()),
                ..Department::default()
            });
        }
        let mut again = chart.clone();
        pseudonymize(&mut chart, &mut []);
        pseudonymize(&mut again, &mut []);
        let ceo = &chart.people[0];
        assert!(ceo.id.starts_with("person-") && ceo.id.len() == "person-".len() + 4);
        assert_eq!(chart.people[1].reports_to.as_ref().unwrap().id, ceo.id);
        assert!(chart.people[2]
            .reports_to
            .as_ref()
            .unwrap()
            .id
            .starts_with("person-"));
        assert_eq!(chart.people[0].id, again.people[0].id, "stable");
        // Managers that match nobody and may be names get pseudonyms; id-like ones and
        // references to people stay.
        let manager = |i: usize| chart.people[i].reports_to.as_ref().unwrap().id.clone();
        assert!(manager(3).starts_with("person-") && manager(4).starts_with("person-"));
        assert_ne!(manager(3), manager(4));
        assert_eq!((manager(5).as_str(), manager(6).as_str()), ("E1042", "e2"));
        let label = &chart.departments[0];
        assert!(label.id.starts_with("department-"), "{label:?}");
        assert_eq!(label.name.as_deref(), Some(label.id.as_str()));
        assert_eq!(chart.people[0].department.as_ref().unwrap().id, label.id);
        assert_eq!(chart.departments[1].id, "Sales");
        assert!(chart.people.iter().all(|p| p.email.is_none()));
    }
}
