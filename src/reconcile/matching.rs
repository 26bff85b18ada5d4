//! Matching the record's rows to the directory's accounts (SPEC §10): per row, the keys in
//! the configured order, the first key that finds a candidate deciding; one-to-one; several
//! candidates resolved only by the one enabled candidate whose email also matches, else the
//! row is ambiguous and nothing is guessed.

use super::{Entry, MatchKey};
use crate::hash::FastMap;
use crate::record::DirectoryAccount;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// How a row found its account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchedBy {
    Number,
    Email,
    /// A `proxyAddresses` alias, no `mail`/UPN having matched.
    Alias,
    /// The full name, unique on both sides.
    Name,
}

impl MatchedBy {
    /// How summaries and messages say it.
    pub fn describe(self) -> &'static str {
        match self {
            MatchedBy::Number => "employee number",
            MatchedBy::Email => "email",
            MatchedBy::Alias => "email alias (proxyAddresses)",
            MatchedBy::Name => "name only",
        }
    }
}

/// What matching found for one record row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// No key found a candidate.
    Unmatched,
    Matched {
        account: u32,
        by: MatchedBy,
    },
    /// `key` found several accounts and no single enabled one also matches by email.
    Ambiguous {
        key: MatchKey,
        candidates: Vec<u32>,
    },
}

/// Who an account belongs to after matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Nobody in the record.
    Nobody,
    /// The main account of this row (index into the entries).
    Main(u32),
    /// Another account of this row's person (same key as its main account).
    Extra(u32),
    /// A candidate of an ambiguous row: neither orphaned nor matched.
    Ambiguous,
}

/// The result: per row what it found, per account whose it is.
#[derive(Clone, Debug)]
pub struct Matching {
    pub found: Vec<Found>,
    pub owners: Vec<Owner>,
}

/// The value an index looks an email up by: trimmed and case folded (borrowed when it is
/// already: a million accounts' emails are mostly lower-case ASCII).
fn email_key(email: &str) -> Cow<'_, str> {
    let email = email.trim();
    match email
        .bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
    {
        true => Cow::Owned(email.to_lowercase()),
        false => Cow::Borrowed(email),
    }
}

/// Accounts by one key's values, as a hash table built once and never grown: the values'
/// hashes and accounts in two arrays grouped by the hash's top bits, where a map of a million
/// accounts' strings held several times the 16 bytes a value costs here. Hashes can collide:
/// a value's accounts are those under its hash that really give it.
struct Index<'a, V> {
    /// Where each group starts in `hashes` and `owners` (one more than the groups).
    starts: Vec<u32>,
    hashes: Vec<u64>,
    owners: Vec<u32>,
    /// How far a hash is shifted right to leave its group.
    shift: u32,
    hasher: foldhash::fast::RandomState,
    accounts: &'a [DirectoryAccount],
    values: V,
}

impl<'a, V, I> Index<'a, V>
where
    V: Fn(&'a DirectoryAccount) -> I,
    I: IntoIterator<Item = Cow<'a, str>>,
{
    /// Indexes the `candidate` accounts by the non-blank `values` each gives.
    fn new(accounts: &'a [DirectoryAccount], candidate: &[bool], values: V) -> Self {
        let hasher = foldhash::fast::RandomState::default();
        let mut given: Vec<(u64, u32)> = Vec::new();
        for (a, account) in accounts.iter().enumerate().filter(|&(a, _)| candidate[a]) {
            for value in values(account).into_iter().filter(|v| !v.is_empty()) {
                given.push((hasher.hash_one(value.as_ref()), a as u32));
            }
        }
        // About one value per group; at least two groups, so the shift stays below 64.
        let bits = given.len().max(2).next_power_of_two().trailing_zeros();
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1 << bits) + 1];
        for &(hash, _) in &given {
            starts[(hash >> shift) as usize + 1] += 1;
        }
        for group in 1..starts.len() {
            starts[group] += starts[group - 1];
        }
        // Placed in account order: each group lists its accounts in order, a value given
        // twice by one account side by side.
        let mut next = starts.clone();
        let mut hashes = vec![0u64; given.len()];
        let mut owners = vec![0u32; given.len()];
        for (hash, a) in given {
            let at = &mut next[(hash >> shift) as usize];
            hashes[*at as usize] = hash;
            owners[*at as usize] = a;
            *at += 1;
        }
        Index {
            starts,
            hashes,
            owners,
            shift,
            hasher,
            accounts,
            values,
        }
    }

    /// Puts in `found` the accounts giving `value`, in account order, each once.
    fn find(&self, value: &str, found: &mut Vec<u32>) {
        found.clear();
        let hash = self.hasher.hash_one(value);
        let group = (hash >> self.shift) as usize;
        let members = self.starts[group] as usize..self.starts[group + 1] as usize;
        for (&h, &a) in self.hashes[members.clone()]
            .iter()
            .zip(&self.owners[members])
        {
            let gives = |v: Cow<str>| v == value;
            if h == hash
                && found.last() != Some(&a)
                && (self.values)(&self.accounts[a as usize])
                    .into_iter()
                    .any(gives)
            {
                found.push(a);
            }
        }
    }
}

/// Matches `entries` to the `candidate` accounts, trying `keys` in order.
pub fn match_rows<'a>(
    entries: &'a [Entry<'a>],
    accounts: &'a [DirectoryAccount],
    candidate: &[bool],
    keys: &[MatchKey],
) -> Matching {
    let mut matcher = Matcher {
        entries,
        accounts,
        matching: Matching {
            found: vec![Found::Unmatched; entries.len()],
            owners: vec![Owner::Nobody; accounts.len()],
        },
    };
    for &key in keys {
        match key {
            MatchKey::EmployeeNumber => {
                let numbers =
                    |a: &'a DirectoryAccount| a.employee_number.as_deref().map(Cow::Borrowed);
                let index = Index::new(accounts, candidate, numbers);
                let value = |e: &'a Entry<'a>| e.number.map(Cow::Borrowed);
                matcher.pass(&index, value, key, MatchedBy::Number);
            }
            MatchKey::Email => {
                let emails = |a: &'a DirectoryAccount| a.emails.iter().map(|e| email_key(e));
                let aliases = |a: &'a DirectoryAccount| a.aliases.iter().map(|e| email_key(e));
                let value = |e: &'a Entry<'a>| e.email().map(email_key);
                let index = Index::new(accounts, candidate, emails);
                matcher.pass(&index, value, key, MatchedBy::Email);
                let index = Index::new(accounts, candidate, aliases);
                matcher.pass(&index, value, key, MatchedBy::Alias);
            }
            MatchKey::Name => name_pass(&mut matcher.matching, entries, accounts, candidate),
        }
    }
    extras_by_number(&mut matcher.matching, accounts, candidate);
    matcher.matching
}

/// The rows and accounts being matched, and what has been decided so far.
struct Matcher<'a> {
    entries: &'a [Entry<'a>],
    accounts: &'a [DirectoryAccount],
    matching: Matching,
}

impl<'a> Matcher<'a> {
    /// One key's pass over the rows still unmatched: the first candidate set a key finds
    /// decides the row.
    fn pass<V, I>(
        &mut self,
        index: &Index<'a, V>,
        value: impl Fn(&'a Entry<'a>) -> Option<Cow<'a, str>>,
        key: MatchKey,
        by: MatchedBy,
    ) where
        V: Fn(&'a DirectoryAccount) -> I,
        I: IntoIterator<Item = Cow<'a, str>>,
    {
        let mut found = Vec::new();
        for (e, entry) in self.entries.iter().enumerate() {
            if self.matching.found[e] != Found::Unmatched {
                continue;
            }
            let Some(value) = value(entry) else {
                continue;
            };
            index.find(&value, &mut found);
            if let [account] = *found.as_slice() {
                // The usual case: the one account, if still free.
                if self.matching.owners[account as usize] == Owner::Nobody {
                    self.matching.owners[account as usize] = Owner::Main(e as u32);
                    self.matching.found[e] = Found::Matched { account, by };
                }
                continue;
            }
            let free: Vec<u32> = found
                .iter()
                .copied()
                .filter(|&a| self.matching.owners[a as usize] == Owner::Nobody)
                .collect();
            self.decide(e as u32, free, key, by);
        }
    }

    /// Gives row `e` its account among `candidates` (none: the row falls through to the
    /// next key).
    fn decide(&mut self, e: u32, candidates: Vec<u32>, key: MatchKey, by: MatchedBy) {
        let winner = match candidates.as_slice() {
            [] => return,
            [one] => Some(*one),
            several => self.the_enabled_one_matching_by_email(e, several),
        };
        let matching = &mut self.matching;
        match winner {
            Some(account) => {
                for &other in &candidates {
                    matching.owners[other as usize] = Owner::Extra(e);
                }
                matching.owners[account as usize] = Owner::Main(e);
                matching.found[e as usize] = Found::Matched { account, by };
            }
            None => {
                for &other in &candidates {
                    matching.owners[other as usize] = Owner::Ambiguous;
                }
                matching.found[e as usize] = Found::Ambiguous { key, candidates };
            }
        }
    }

    /// Of several candidates, the one enabled account whose email (or alias) is the row's,
    /// if exactly one is.
    fn the_enabled_one_matching_by_email(&self, e: u32, candidates: &[u32]) -> Option<u32> {
        let wanted = self.entries[e as usize].email().map(email_key)?;
        let mut enabled = candidates.iter().copied().filter(|&a| {
            let account = &self.accounts[a as usize];
            let mut all = account.emails.iter().chain(&account.aliases);
            account.enabled == Some(true) && all.any(|have| email_key(have) == wanted)
        });
        match (enabled.next(), enabled.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }
}

/// How often one full name occurs among the record's rows, and the candidate accounts that
/// have it.
#[derive(Default)]
struct NameCount {
    rows: u32,
    accounts: Vec<u32>,
}

/// Full names, used only when unique among the record's rows and among the accounts. Only
/// the names of rows still unmatched are counted: a map of every name on both sides would
/// hold a million keys to look up a few.
fn name_pass(
    matching: &mut Matching,
    entries: &[Entry],
    accounts: &[DirectoryAccount],
    candidate: &[bool],
) {
    let unmatched = |e: usize| matching.found[e] == Found::Unmatched;
    let mut names: FastMap<String, NameCount> = (0..entries.len())
        .filter(|&e| unmatched(e))
        .filter_map(|e| entries[e].name().map(crate::text::name_key))
        .filter(|key| !key.is_empty())
        .map(|key| (key, NameCount::default()))
        .collect();
    if names.is_empty() {
        return;
    }
    for name in entries.iter().filter_map(Entry::name) {
        if let Some(count) = names.get_mut(&crate::text::name_key(name)) {
            count.rows += 1;
        }
    }
    for (a, account) in accounts.iter().enumerate().filter(|&(a, _)| candidate[a]) {
        let Some(name) = account.name.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        if let Some(count) = names.get_mut(&crate::text::name_key(name)) {
            count.accounts.push(a as u32);
        }
    }
    for (e, entry) in entries.iter().enumerate() {
        if matching.found[e] != Found::Unmatched {
            continue;
        }
        let Some(key) = entry.name().map(crate::text::name_key) else {
            continue;
        };
        let Some(count) = names.get(&key) else {
            continue;
        };
        let unique_in_record = count.rows == 1;
        let [account] = count.accounts.as_slice() else {
            continue;
        };
        if unique_in_record && matching.owners[*account as usize] == Owner::Nobody {
            matching.owners[*account as usize] = Owner::Main(e as u32);
            matching.found[e] = Found::Matched {
                account: *account,
                by: MatchedBy::Name,
            };
        }
    }
}

/// Accounts nobody matched that carry the employee number of a matched account are that
/// person's extra accounts (an `adm-…` account beside its owner's), whichever key matched.
/// Only the numbers of such accounts are looked up among the matched ones.
fn extras_by_number(matching: &mut Matching, accounts: &[DirectoryAccount], candidate: &[bool]) {
    let strays: Vec<(u32, &str)> = accounts
        .iter()
        .enumerate()
        .filter(|&(a, _)| candidate[a] && matching.owners[a] == Owner::Nobody)
        .filter_map(|(a, account)| Some((a as u32, account.employee_number.as_deref()?)))
        .collect();
    if strays.is_empty() {
        return;
    }
    let mut owner_by_number: FastMap<&str, Option<u32>> =
        strays.iter().map(|&(_, number)| (number, None)).collect();
    for found in &matching.found {
        if let Found::Matched { account, .. } = found {
            if let (Some(number), Owner::Main(e)) = (
                accounts[*account as usize].employee_number.as_deref(),
                matching.owners[*account as usize],
            ) {
                if let Some(owner @ None) = owner_by_number.get_mut(number) {
                    *owner = Some(e);
                }
            }
        }
    }
    for (a, number) in strays {
        if let Some(&Some(e)) = owner_by_number.get(number) {
            matching.owners[a as usize] = Owner::Extra(e);
        }
    }
}
