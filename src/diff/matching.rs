//! Who is who across the two charts: by id, then by email.

use super::*;

/// Who is who across the two charts: index in one → index in the other. Built on the charts
/// as loaded, before `--redact` replaces ids and drops emails (indexes stay valid after).
pub struct Matches {
    pub(super) old_to_new: Vec<Option<u32>>,
    pub(super) new_to_old: Vec<Option<u32>>,
}

impl Matches {
    /// By id (the n-th occurrence of an id with the n-th), then among those left by email,
    /// ignoring case, where the email is unique among the unmatched on both sides.
    pub fn build(old: &Chart, new: &Chart) -> Matches {
        let mut matches = Matches {
            old_to_new: vec![None; old.people.len()],
            new_to_old: vec![None; new.people.len()],
        };
        // Looked up once per person: foldhash, not SipHash.
        let old_by_id: FastMap<(&str, u32), u32> = occurrences(old).collect();
        for (key, i) in occurrences(new) {
            if let Some(&j) = old_by_id.get(&key) {
                matches.pair(j, i);
            }
        }
        let old_emails = unmatched_emails(old, &matches.old_to_new);
        let new_emails = unmatched_emails(new, &matches.new_to_old);
        for (email, &(i, new_count)) in &new_emails {
            if let Some(&(j, 1)) = old_emails.get(email) {
                if new_count == 1 {
                    matches.pair(j, i);
                }
            }
        }
        matches
    }

    pub(super) fn pair(&mut self, old: u32, new: u32) {
        self.old_to_new[old as usize] = Some(new);
        self.new_to_old[new as usize] = Some(old);
    }
}

/// Each person's (id, occurrence of that id) and index.
pub(super) fn occurrences(chart: &Chart) -> impl Iterator<Item = ((&str, u32), u32)> {
    let mut seen: FastMap<&str, u32> = FastMap::default();
    chart.people.iter().enumerate().map(move |(i, p)| {
        let occurrence = seen.entry(p.id.as_str()).or_insert(0);
        let key = (p.id.as_str(), *occurrence);
        *occurrence += 1;
        (key, i as u32)
    })
}

/// Emails (lower case) of the people without a match: the last index with each, and how
/// many have it.
pub(super) fn unmatched_emails(
    chart: &Chart,
    matched: &[Option<u32>],
) -> HashMap<String, (u32, u32)> {
    let mut emails: HashMap<String, (u32, u32)> = HashMap::new();
    for (i, person) in chart.people.iter().enumerate() {
        let email = person.email.as_deref().map(str::trim).unwrap_or("");
        if matched[i].is_some() || email.is_empty() {
            continue;
        }
        let entry = emails.entry(email.to_lowercase()).or_insert((0, 0));
        *entry = (i as u32, entry.1 + 1);
    }
    emails
}

/// Whether the chart's ids are posts rather than people: an organogram, or a table whose
/// header has a position column and no person id column.
pub(super) fn ids_are_posts(chart: &Chart) -> bool {
    pub(super) const POSTS: [&str; 3] = ["positionnumber", "positionid", "postuniquereference"];
    pub(super) const PEOPLE: [&str; 8] = [
        "id",
        "employeeid",
        "employeenumber",
        "workerid",
        "personid",
        "staffid",
        "userid",
        "employee",
    ];
    chart.sources.iter().any(|source| {
        let header = source.text.lines().next().unwrap_or("");
        let columns: Vec<String> = header
            .split([',', '\t', ';'])
            .map(|c| {
                c.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            })
            .map(|c| c.to_lowercase())
            .collect();
        let has = |names: &[&str]| columns.iter().any(|c| names.contains(&c.as_str()));
        source.organogram || (has(&POSTS) && !has(&PEOPLE))
    })
}
