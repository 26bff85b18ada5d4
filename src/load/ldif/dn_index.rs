//! The entries of a run's LDIF files (and directory CSVs) by normalised DN, for resolving
//! manager DNs across files and finding a DN given twice.

use crate::model::NamedByDn;
use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Normalised DNs and what each names. The DNs' text is one buffer and the table holds
/// their numbers: a map of a million small strings cost about 180 MB (a string, its heap
/// block and a wide bucket each), this about a third of that.
#[derive(Clone, Default)]
pub(crate) struct DnIndex {
    /// Every DN, normalised, one after another.
    text: String,
    /// Where each DN ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    /// What each DN names.
    targets: Vec<NamedByDn>,
    /// Each DN's number (its index in `ends`), by the DN's hash.
    table: HashTable<usize>,
    /// Seeded per process, so input cannot be crafted to make DNs collide.
    hasher: foldhash::fast::RandomState,
}

impl std::fmt::Debug for DnIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DnIndex")
            .field("dns", &self.ends.len())
            .finish()
    }
}

/// DN number `number` of `text` cut at `ends`.
fn dn_at<'t>(text: &'t str, ends: &[usize], number: usize) -> &'t str {
    let start = number.checked_sub(1).map_or(0, |before| ends[before]);
    &text[start..ends[number]]
}

impl DnIndex {
    /// Makes room for `dns` more DNs of `text_bytes` bytes in all.
    pub fn reserve(&mut self, dns: usize, text_bytes: usize) {
        self.text.reserve(text_bytes);
        self.ends.reserve(dns);
        self.targets.reserve(dns);
        let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        self.table
            .reserve(dns, |&n| hasher.hash_one(dn_at(text, ends, n)));
    }

    /// What the normalised `dn` names, if an entry has it.
    pub fn get(&self, dn: &str) -> Option<&NamedByDn> {
        let hash = self.hasher.hash_one(dn);
        let (text, ends) = (&self.text, &self.ends);
        let number = self.table.find(hash, |&n| dn_at(text, ends, n) == dn)?;
        self.targets.get(*number)
    }

    /// Records that the normalised `dn` names `target`, unless it names something already:
    /// then that is returned and the index is unchanged.
    pub fn insert_first(&mut self, dn: &str, target: NamedByDn) -> Option<&NamedByDn> {
        let hash = self.hasher.hash_one(dn);
        let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        let number = self.ends.len();
        match self.table.entry(
            hash,
            |&n| dn_at(text, ends, n) == dn,
            |&n| hasher.hash_one(dn_at(text, ends, n)),
        ) {
            Entry::Occupied(found) => return self.targets.get(*found.get()),
            Entry::Vacant(slot) => {
                slot.insert(number);
            }
        }
        self.text.push_str(dn);
        self.ends.push(self.text.len());
        self.targets.push(target);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DnTarget;

    fn person(index: usize) -> NamedByDn {
        NamedByDn {
            target: DnTarget::Person(index),
            account: None,
        }
    }

    #[test]
    fn the_first_target_of_a_dn_stays() {
        let mut index = DnIndex::default();
        index.reserve(2, 10);
        assert!(index.insert_first("cn=a", person(0)).is_none());
        assert!(index.insert_first("", person(1)).is_none());
        assert!(index.insert_first("cn=ab", person(2)).is_none());
        assert!(matches!(
            index.insert_first("cn=a", person(3)),
            Some(NamedByDn {
                target: DnTarget::Person(0),
                ..
            })
        ));
        assert!(matches!(
            index.get("cn=ab"),
            Some(NamedByDn {
                target: DnTarget::Person(2),
                ..
            })
        ));
        assert!(matches!(
            index.get(""),
            Some(NamedByDn {
                target: DnTarget::Person(1),
                ..
            })
        ));
        assert!(index.get("cn=b").is_none());
        // Growing past the room made rehashes every DN from the text.
        for n in 0..1000 {
            index.insert_first(&format!("cn={n}"), person(n));
        }
        assert!(matches!(
            index.get("cn=999"),
            Some(NamedByDn {
                target: DnTarget::Person(999),
                ..
            })
        ));
        assert!(matches!(
            index.get("cn=a"),
            Some(NamedByDn {
                target: DnTarget::Person(0),
                ..
            })
        ));
    }
}
