//! The hash maps and sets of ids, names, emails and indices: foldhash rather than SipHash,
//! several times faster on the millions of keys a big chart has, and seeded per process, so
//! input cannot be crafted to make keys collide.

pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
