//! Matching the record's rows to the directory's accounts (SPEC §10): per row, the keys in
//! the configured order, the first key that finds a candidate deciding; one-to-one; several
//! candidates resolved only by the one enabled candidate whose email also matches, else the
//! row is ambiguous and nothing is guessed.

use super::{Entry, MatchKey};
use crate::hash::FastMap;
use crate::record::DirectoryAccount;

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

/// The value an index looks a row up by: trimmed, case folded for emails, §3's name key.
fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Accounts by one key's values.
type Index = FastMap<String, Vec<u32>>;

fn index_by<'a, I: IntoIterator<Item = String>>(
    accounts: &'a [DirectoryAccount],
    candidate: &[bool],
    values: impl Fn(&'a DirectoryAccount) -> I,
) -> Index {
    let mut index = Index::default();
    for (a, account) in accounts.iter().enumerate() {
        if !candidate[a] {
            continue;
        }
        let mut seen: Vec<String> = Vec::new();
        for value in values(account) {
            if !value.is_empty() && !seen.contains(&value) {
                index.entry(value.clone()).or_default().push(a as u32);
                seen.push(value);
            }
        }
    }
    index
}

/// Matches `entries` to the `candidate` accounts, trying `keys` in order.
pub fn match_rows(
    entries: &[Entry],
    accounts: &[DirectoryAccount],
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
                let index = index_by(accounts, candidate, |a| a.employee_number.clone());
                let value = |e: &Entry| e.number.map(str::to_owned);
                matcher.pass(&index, value, key, MatchedBy::Number);
            }
            MatchKey::Email => {
                let emails = |a: &DirectoryAccount| {
                    a.emails.iter().map(|e| email_key(e)).collect::<Vec<_>>()
                };
                let aliases = |a: &DirectoryAccount| {
                    a.aliases.iter().map(|e| email_key(e)).collect::<Vec<_>>()
                };
                let value = |e: &Entry| e.email().map(email_key);
                matcher.pass(
                    &index_by(accounts, candidate, emails),
                    value,
                    key,
                    MatchedBy::Email,
                );
                matcher.pass(
                    &index_by(accounts, candidate, aliases),
                    value,
                    key,
                    MatchedBy::Alias,
                );
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

impl Matcher<'_> {
    /// One key's pass over the rows still unmatched: the first candidate set a key finds
    /// decides the row.
    fn pass(
        &mut self,
        index: &Index,
        value: impl Fn(&Entry) -> Option<String>,
        key: MatchKey,
        by: MatchedBy,
    ) {
        for (e, entry) in self.entries.iter().enumerate() {
            if self.matching.found[e] != Found::Unmatched {
                continue;
            }
            let Some(found) = value(entry).and_then(|v| index.get(&v)) else {
                continue;
            };
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

/// Full names, used only when unique among the record's rows and among the accounts.
fn name_pass(
    matching: &mut Matching,
    entries: &[Entry],
    accounts: &[DirectoryAccount],
    candidate: &[bool],
) {
    let index = index_by(accounts, candidate, |a| {
        a.name.as_deref().map(crate::text::name_key)
    });
    let mut record_names: FastMap<String, u32> = FastMap::default();
    for entry in entries {
        if let Some(name) = entry.name() {
            *record_names.entry(crate::text::name_key(name)).or_default() += 1;
        }
    }
    for (e, entry) in entries.iter().enumerate() {
        if matching.found[e] != Found::Unmatched {
            continue;
        }
        let Some(key) = entry.name().map(crate::text::name_key) else {
            continue;
        };
        let unique_in_record = record_names.get(&key) == Some(&1);
        let Some([account]) = index.get(&key).map(Vec::as_slice) else {
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
fn extras_by_number(matching: &mut Matching, accounts: &[DirectoryAccount], candidate: &[bool]) {
    let mut owner_by_number: FastMap<&str, u32> = FastMap::default();
    for found in &matching.found {
        if let Found::Matched { account, .. } = found {
            if let (Some(number), Owner::Main(e)) = (
                accounts[*account as usize].employee_number.as_deref(),
                matching.owners[*account as usize],
            ) {
                owner_by_number.entry(number).or_insert(e);
            }
        }
    }
    for (a, account) in accounts.iter().enumerate() {
        if !candidate[a] || matching.owners[a] != Owner::Nobody {
            continue;
        }
        let owner = account
            .employee_number
            .as_deref()
            .and_then(|n| owner_by_number.get(n));
        if let Some(&e) = owner {
            matching.owners[a] = Owner::Extra(e);
        }
    }
}
