//! The hash maps and sets of ids, names, emails and indices: foldhash rather than SipHash,
//! several times faster on the millions of keys a big chart has, and seeded per process, so
//! input cannot be crafted to make keys collide.

pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

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
    use super::LastLookup;

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
