//! Accounts that are no person (SPEC §9): each directory entry's kind and enabled state, the
//! config's `exclude:` list, and several accounts of one employee folded into one person.
//! Loaders say what an entry is ([`Account`]); this module decides whether it is left out and
//! counts it in [`Chart::left_out_counts`]. Only the counts and the reasons of ids a manager
//! reference may name are kept: kind, state and DN are not (`check` does not need them).

use crate::hash::FastMap;
use crate::model::{Chart, Directory, EmployeeNumber, LeftOut};
use std::cmp::Reverse;
use std::hash::BuildHasher;

/// What a directory entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AccountKind {
    #[default]
    Person,
    /// A guest from another tenant (Graph `userType: Guest`, `#EXT#` in the UPN).
    Guest,
    /// A shared, room or equipment mailbox.
    Resource,
    /// A computer, contact, group, managed service account or any entry of no person class.
    Other,
}

crate::choice::choice!(AccountKind {
    Person => "person",
    Guest => "guest",
    Resource => "resource",
    Other => "other",
});

/// The config's `exclude:` list: case-insensitive globs, compiled once, each matched over an
/// entry's id, email, name and DN.
#[derive(Clone, Debug, Default)]
pub struct Exclusions {
    patterns: Vec<glob::Pattern>,
}

impl Exclusions {
    /// Compiles the patterns; `Err` names the first invalid one and why.
    pub fn new(patterns: &[String]) -> Result<Exclusions, (usize, String)> {
        let patterns = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| glob::Pattern::new(p).map_err(|e| (i, e.msg.to_owned())))
            .collect::<Result<_, _>>()?;
        Ok(Exclusions { patterns })
    }

    /// Whether any pattern matches any of `values`.
    pub fn matches<'v>(&self, values: impl IntoIterator<Item = &'v str> + Clone) -> bool {
        let options = glob::MatchOptions {
            case_sensitive: false,
            require_literal_separator: false,
            require_literal_leading_dot: false,
        };
        self.patterns.iter().any(|pattern| {
            values
                .clone()
                .into_iter()
                .any(|v| pattern.matches_with(v, options))
        })
    }
}

/// What a loader knows of one directory entry, to decide whether it is a person.
#[derive(Clone, Copy, Debug, Default)]
pub struct Account<'a> {
    pub kind: AccountKind,
    /// `None`: the source does not say.
    pub enabled: Option<bool>,
    pub id: Option<&'a str>,
    pub email: Option<&'a str>,
    pub name: Option<&'a str>,
    pub dn: Option<&'a str>,
}

impl Account<'_> {
    /// Why the entry is left out, `None` for a person. What it is comes first, then the
    /// config's list, then its state: a disabled guest counts as a guest.
    pub fn left_out(&self, exclusions: &Exclusions) -> Option<LeftOut> {
        let keys = [self.id, self.email, self.name, self.dn];
        match self.kind {
            AccountKind::Other => Some(LeftOut::Other),
            AccountKind::Resource => Some(LeftOut::Resource),
            AccountKind::Guest => Some(LeftOut::Guest),
            AccountKind::Person if exclusions.matches(keys.into_iter().flatten()) => {
                Some(LeftOut::Excluded)
            }
            AccountKind::Person if self.enabled == Some(false) => Some(LeftOut::Disabled),
            AccountKind::Person => None,
        }
    }
}

/// Why an entry left out as `why` is no person, as `unknown-manager` says it (`which was …`);
/// `disabled` is the source's own words for a disabled account.
pub fn reason(why: LeftOut, disabled: &str) -> &str {
    match why {
        LeftOut::Disabled => disabled,
        LeftOut::Guest => "left out: a guest account",
        LeftOut::Resource => "left out: a shared, room or equipment mailbox",
        LeftOut::Other => "left out: no person (a computer, contact, group or service account)",
        LeftOut::Excluded => "left out by the config's exclude: list",
        LeftOut::Extra => {
            "left out: an extra account of someone (another account has the same employee number)"
        }
        LeftOut::Leaver => "left out: a leaver (the record's status or termination date says so)",
        LeftOut::Future => "left out: a future starter (the record's hire date is ahead)",
    }
}

/// Counts an entry left out as `why` and, when it has an id, records why under it, so that a
/// reference to it says so.
pub fn record(chart: &mut Chart, why: LeftOut, id: Option<&str>, disabled: &str) {
    chart.left_out_counts.add(why);
    if let Some(id) = id.filter(|id| !id.is_empty()) {
        chart
            .left_out
            .insert(id.to_owned(), reason(why, disabled).to_owned());
    }
}

/// An employee number as accounts are matched by it: trimmed, leading zeros dropped.
pub fn employee_number(text: &str) -> Option<crate::model::Text> {
    let trimmed = text.trim();
    let number = trimmed.trim_start_matches('0');
    match (trimmed.is_empty(), number.is_empty()) {
        (true, _) => None,
        (false, true) => Some("0".into()),
        (false, false) => Some(number.into()),
    }
}

/// Remembers the employee number of the person about to be added to `chart` (next index),
/// whose id is `id`.
pub fn note_employee_number(
    chart: &mut Chart,
    directory: Directory,
    number: Option<&str>,
    id: &str,
) {
    if let Some(number) = number.and_then(employee_number) {
        let person = crate::record::next_person(chart) as u32;
        // Where the number is the id (LDIF's first id attribute is `employeeID`), a million
        // of them are not kept twice; unless the person, which holds the id, is not built.
        let kept = number != id || crate::record::people_unbuilt(chart);
        chart.employee_numbers.push(EmployeeNumber {
            person,
            directory,
            number: kept.then_some(number),
        });
    }
}

/// Several accounts of one directory with one employee number are one person: the first
/// account with a manager, else with reports, else the first, stays; the others are `extra`,
/// left out and counted (never a `duplicate-id`). Person indexes kept elsewhere follow.
pub fn fold_extra_accounts(chart: &mut Chart) {
    let numbers = std::mem::take(&mut chart.employee_numbers);
    let mut groups = shared_numbers(chart, &numbers);
    if groups.is_empty() {
        return;
    }
    let unbuilt = chart
        .reconcile
        .as_deref_mut()
        .and_then(|d| d.unbuilt_people.as_mut());
    if let Some(unbuilt) = unbuilt.filter(|u| u.count > 0) {
        // Which account is the person takes the people: the side is loaded again whole.
        unbuilt.needed_for_folding = true;
        return;
    }
    groups.sort_unstable();
    let managers: std::collections::HashSet<&str> = chart
        .people
        .iter()
        .filter_map(|p| p.reports_to.as_ref().map(|r| r.id.as_str()))
        .collect();
    let mut extra = vec![false; chart.people.len()];
    // Each extra account's id → the kept person's, for references to the extra account.
    let mut same_person: FastMap<String, String> = FastMap::default();
    for group in &groups {
        // The account with a title, else the one people report to, else one with a manager,
        // else the first: an admin account listed first (ldifde puts OU=Admins before
        // OU=Staff) must not take the place of its owner.
        let rank = |i: u32| {
            let person = &chart.people[i as usize];
            let managing = managers.contains(person.id.as_str());
            let titled = person
                .title
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty());
            (titled, managing, person.reports_to.is_some(), Reverse(i))
        };
        let Some(kept) = group.iter().copied().max_by_key(|&i| rank(i)) else {
            continue;
        };
        let kept_id = &chart.people[kept as usize].id;
        for &i in group.iter().filter(|&&i| i != kept) {
            extra[i as usize] = true;
            let id = &chart.people[i as usize].id;
            if id != kept_id {
                same_person.insert(id.to_string(), kept_id.to_string());
            }
        }
    }
    drop(managers);
    remove_extra(chart, &extra);
    redirect_references(chart, &same_person);
}

/// The people (indexes, in order) of each employee number of one directory that several
/// have. A table of first holders by the number's hash, not a map of every number to a list:
/// a million numbers, nearly all held once, cost 110 MB that way.
fn shared_numbers(chart: &Chart, numbers: &[EmployeeNumber]) -> Vec<Vec<u32>> {
    /// The directory and number (else id) of one account.
    fn key_of<'a>(chart: &'a Chart, entry: &'a EmployeeNumber) -> Option<(Directory, &'a str)> {
        let number = match (&entry.number, chart.people.get(entry.person as usize)) {
            (Some(number), _) => Some(number.as_str()),
            (None, Some(person)) => Some(person.id.as_str()),
            (None, None) => None,
        };
        number.map(|number| (entry.directory, number))
    }
    let key = |entry| key_of(chart, entry);
    let hasher = foldhash::fast::RandomState::default();
    let hash_of = |at: &usize| hasher.hash_one(key(&numbers[*at]));
    // Each number's first holder (an index in `numbers`).
    let mut first: hashbrown::HashTable<usize> = hashbrown::HashTable::new();
    first.reserve(numbers.len(), hash_of);
    // The holders of each number held more than once, by its first holder.
    let mut shared: FastMap<usize, Vec<u32>> = FastMap::default();
    for (at, entry) in numbers.iter().enumerate() {
        let Some(wanted) = key(entry) else {
            continue;
        };
        let same = |other: &usize| key(&numbers[*other]) == Some(wanted);
        match first.entry(hasher.hash_one(Some(wanted)), same, hash_of) {
            hashbrown::hash_table::Entry::Occupied(holder) => shared
                .entry(*holder.get())
                .or_insert_with(|| vec![numbers[*holder.get()].person])
                .push(entry.person),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(at);
            }
        }
    }
    shared.into_values().collect()
}

/// Points every manager and dotted line naming an extra account at the person it belongs to.
fn redirect_references(chart: &mut Chart, same_person: &FastMap<String, String>) {
    if same_person.is_empty() {
        return;
    }
    for person in &mut chart.people {
        let refs = person.reports_to.iter_mut().chain(&mut person.dotted_lines);
        for reference in refs {
            if let Some(kept) = same_person.get(reference.id.as_str()) {
                reference.id = kept.into();
            }
        }
    }
}

/// Drops the people marked `extra`, counting each and recording why under its id unless a
/// person keeps that id; the indexes of `root_marker_managers` follow.
fn remove_extra(chart: &mut Chart, extra: &[bool]) {
    let mut new_index = Vec::with_capacity(extra.len());
    let mut kept = 0u32;
    for &is_extra in extra {
        new_index.push((!is_extra).then_some(kept));
        kept += u32::from(!is_extra);
    }
    let people = std::mem::take(&mut chart.people);
    let mut dropped = Vec::new();
    for (person, &is_extra) in people.into_iter().zip(extra) {
        if is_extra {
            dropped.push(person.id.to_string());
        } else {
            chart.people.push(person);
        }
    }
    let ids: std::collections::HashSet<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    let named: Vec<String> = dropped
        .into_iter()
        .filter(|id| !ids.contains(id.as_str()))
        .collect();
    drop(ids);
    for _ in 0..extra.iter().filter(|e| **e).count() {
        chart.left_out_counts.add(LeftOut::Extra);
    }
    for id in named {
        let why = reason(LeftOut::Extra, "").to_owned();
        chart.left_out.insert(id, why);
    }
    if let Some(data) = chart.reconcile.as_deref_mut() {
        data.renumber_people(&new_index);
    }
    let markers = std::mem::take(&mut chart.root_marker_managers);
    chart.root_marker_managers = markers
        .into_iter()
        .filter_map(|(i, r)| Some((new_index.get(i as usize).copied().flatten()?, r)))
        .collect();
}

/// An enabled-state cell (`Enabled`, `accountEnabled`, `Account Status`): `Ok(None)` when
/// blank, `Err` for a value that says neither.
pub(crate) fn parse_enabled(text: &str) -> Result<Option<bool>, ()> {
    const ENABLED: [&str; 6] = ["true", "yes", "1", "enabled", "active", "y"];
    const DISABLED: [&str; 9] = [
        "false",
        "no",
        "0",
        "disabled",
        "inactive",
        "suspended",
        "archived",
        "locked",
        "n",
    ];
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else if ENABLED.iter().any(|e| text.eq_ignore_ascii_case(e)) {
        Ok(Some(true))
    } else if DISABLED.iter().any(|d| text.eq_ignore_ascii_case(d)) {
        Ok(Some(false))
    } else {
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Person, Ref};

    #[test]
    fn what_an_entry_is_comes_before_the_list_and_its_state() {
        let exclusions = Exclusions::new(&["SVC-*".to_owned(), "*ou=robots*".to_owned()]).unwrap();
        let person = Account {
            id: Some("e1"),
            ..Account::default()
        };
        assert_eq!(person.left_out(&exclusions), None);
        let guest = Account {
            kind: AccountKind::Guest,
            enabled: Some(false),
            ..person
        };
        assert_eq!(guest.left_out(&exclusions), Some(LeftOut::Guest));
        let service = Account {
            name: Some("svc-backup"),
            enabled: Some(false),
            ..person
        };
        assert_eq!(service.left_out(&exclusions), Some(LeftOut::Excluded));
        let robot = Account {
            dn: Some("CN=r2,OU=Robots,DC=x"),
            ..person
        };
        assert_eq!(robot.left_out(&exclusions), Some(LeftOut::Excluded));
        let disabled = Account {
            enabled: Some(false),
            ..person
        };
        assert_eq!(disabled.left_out(&exclusions), Some(LeftOut::Disabled));
        assert!(Exclusions::new(&["[".to_owned()]).is_err());
    }

    #[test]
    fn employee_numbers_compare_trimmed_without_leading_zeros() {
        assert_eq!(employee_number(" 00042 ").as_deref(), Some("42"));
        assert_eq!(employee_number("000").as_deref(), Some("0"));
        assert_eq!(employee_number("  "), None);
    }

    #[test]
    fn the_account_with_a_manager_is_the_person_and_the_others_are_extra() {
        let mut chart = Chart::default();
        for (id, number, manager) in [
            ("adm-ana", "7", None),
            ("ana", "007", Some("boss")),
            ("boss", "1", None),
            ("solo", "9", None),
        ] {
            note_employee_number(&mut chart, Directory::Graph, Some(number), id);
            let mut person = Person::new(id, Default::default());
            person.reports_to = manager.map(|m| Ref::new(m, Default::default()));
            chart.people.push(person);
        }
        chart
            .root_marker_managers
            .push((3, Ref::new("XX", Default::default())));
        fold_extra_accounts(&mut chart);
        let ids: Vec<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["ana", "boss", "solo"]);
        assert_eq!(chart.left_out_counts.get(LeftOut::Extra), 1);
        assert!(chart.left_out.contains_key("adm-ana"));
        assert_eq!(chart.root_marker_managers[0].0, 2);
        assert!(chart.employee_numbers.is_empty());
    }

    #[test]
    fn of_accounts_sharing_an_id_the_one_with_a_manager_is_the_person() {
        let mut chart = Chart::default();
        for (name, manager) in [("Admin", None), ("Owner", Some("boss")), ("Report", None)] {
            let id = if name == "Report" { "r" } else { "42" };
            note_employee_number(&mut chart, Directory::Ldif, Some(id), id);
            let mut person = Person::new(id, Default::default());
            person.name = Some(name.into());
            person.reports_to = manager.map(|m| Ref::new(m, Default::default()));
            if name == "Report" {
                person.reports_to = Some(Ref::new("42", Default::default()));
            }
            chart.people.push(person);
        }
        fold_extra_accounts(&mut chart);
        let names: Vec<_> = chart
            .people
            .iter()
            .filter_map(|p| p.name.as_deref())
            .collect();
        assert_eq!(names, ["Owner", "Report"]);
        assert!(chart.left_out.is_empty(), "the person keeps the id");
    }

    #[test]
    fn enabled_cells_say_true_false_or_nothing() {
        assert_eq!(parse_enabled("TRUE"), Ok(Some(true)));
        assert_eq!(parse_enabled("Disabled"), Ok(Some(false)));
        assert_eq!(parse_enabled(""), Ok(None));
        assert_eq!(parse_enabled("maybe"), Err(()));
    }
}
