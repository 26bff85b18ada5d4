//! The hash maps and sets of ids, names, emails and indices: foldhash rather than SipHash,
//! several times faster on the millions of keys a big chart has, and seeded per process, so
//! input cannot be crafted to make keys collide.

pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// A string's hash in one step, for tables keyed by strings only: `str`'s `Hash` adds a
/// terminator byte (a second step) so that a string next to another key stays apart.
pub(crate) fn hash_str(state: &impl std::hash::BuildHasher, text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = state.build_hasher();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// The last key looked up in some map and what it gave. Charts list the people of one
/// department or one manager together (most exports sort by them), so the next person's key
/// is usually the last one again: comparing two strings is cheaper than hashing one.
pub(crate) struct LastLookup<'k, V> {
    last: Option<(&'k str, V)>,
}

impl<'k, V: Copy> LastLookup<'k, V> {
    pub fn new() -> Self {
        LastLookup { last: None }
    }

    /// What `look_up` gives for `key`, called only when `key` is not the last key.
    pub fn get(&mut self, key: &'k str, look_up: impl FnOnce(&'k str) -> V) -> V {
        match self.last {
            Some((last, value)) if last == key => value,
            _ => {
                let value = look_up(key);
                self.last = Some((key, value));
                value
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{hash_str, LastLookup};

    #[test]
    fn hash_str_hashes_the_text_not_the_allocation() {
        let state = foldhash::fast::RandomState::default();
        let owned = String::from("E0000001");
        assert_eq!(hash_str(&state, &owned), hash_str(&state, "E0000001"));
        assert_ne!(hash_str(&state, "E0000001"), hash_str(&state, "E0000002"));
    }

    #[test]
    fn last_lookup_asks_again_only_for_a_new_key() {
        let mut asked = Vec::new();
        let mut memo = LastLookup::new();
        for key in ["a", "a", "b", "a", "a"] {
            let value = memo.get(key, |k| {
                asked.push(k);
                k.len() + asked.len()
            });
            assert_eq!(value, 1 + asked.len());
        }
        assert_eq!(asked, ["a", "b", "a"]);
    }
}
