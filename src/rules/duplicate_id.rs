use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};

declare_rule! {
    /// An id is used by more than one person.
    ///
    /// ## What it checks
    /// Every person's `id` must be unique across all the files merged into the chart. The
    /// finding is placed at the second (and any later) entry; the first one wins and the
    /// later ones take no further part in the checks.
    ///
    /// ## Why
    /// Reporting lines, dotted lines, department heads and waivers all point at ids. With two
    /// people under one id, nobody can tell whom a `reports_to` means.
    ///
    /// ## Example
    /// ```yaml
    /// people:
    ///   - {id: e1, name: Ana Ruiz, title: CEO}
    ///   - {id: e1, name: Bo Chen, title: COO, reports_to: e1}   # duplicate-id
    /// ```
    ///
    /// Ids that differ only in letter case or Unicode normalisation (`E1` and `e1`, `José`
    /// written with a precomposed `é` and with `e` + a combining accent, a full-width `Ｅ１`)
    /// are a warning: they are two people to orglint, but spreadsheets, directories and most
    /// HR systems take them for one, and a reader cannot tell them apart.
    ///
    /// ## How to fix
    /// Give each person their own id. Job shares in an organogram (same reference, same
    /// manager) are one position and are not reported. To accept it, add a waiver with
    /// `rule: duplicate-id` and the id as `subject`.
    pub const DUPLICATE_ID = {
        // Ids that differ only in case or Unicode normalisation are two people to orglint
        // but likely one to a reader: a warning, not an error.
        severity_by: SeverityChoice::PerPlacement {
            wrong: Severity::Error,
            tolerated: Severity::Warning,
        },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    exact_duplicates(ctx, out);
    look_alike_ids(ctx, out);
}

fn exact_duplicates(ctx: &Context, out: &mut Vec<Finding>) {
    for (i, person) in ctx.chart.people.iter().enumerate() {
        // Only later entries of an id are shadowed; skipping the rest saves a lookup each.
        if ctx.graph.is_active(i as u32) {
            continue;
        }
        let Some(first) = ctx.graph.index_of(&person.id) else {
            continue;
        };
        let earlier = ctx.person(first).loc;
        out.push(
            DUPLICATE_ID
                .finding(format!(
                    "id {} is used again; it was first used by {} at {}:{}",
                    crate::text::truncate(&person.id, 80),
                    ctx.label(first),
                    ctx.chart.source_path(earlier.file),
                    earlier.line
                ))
                .subject(&person.id)
                .at(person.loc),
        );
    }
}

/// An id in the form two spellings of one id share: compatibility-normalised (NFKC), lower
/// case, normalised again (case mapping can undo NFKC).
fn folded(id: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if id.is_ascii() {
        if id.bytes().any(|b| b.is_ascii_uppercase()) {
            return std::borrow::Cow::Owned(id.to_ascii_lowercase());
        }
        return std::borrow::Cow::Borrowed(id);
    }
    let lower: String = id.nfkc().flat_map(char::to_lowercase).collect();
    std::borrow::Cow::Owned(lower.nfkc().collect())
}

/// The hash of an id's folded form ([`folded`]), without building that form for an ASCII id
/// (nearly every id): its letters are lowered in a small buffer as they are hashed. Equal
/// folded forms give equal hashes.
fn folded_hash(id: &str, state: &foldhash::fast::FixedState) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let non_ascii;
    let bytes = if id.is_ascii() {
        id.as_bytes()
    } else {
        non_ascii = folded(id);
        non_ascii.as_bytes()
    };
    let mut hasher = state.build_hasher();
    let mut buffer = [0u8; 64];
    for chunk in bytes.chunks(buffer.len()) {
        let lower = &mut buffer[..chunk.len()];
        lower.copy_from_slice(chunk);
        lower.make_ascii_lowercase();
        hasher.write(lower);
    }
    hasher.finish()
}

/// Each of `people` whose folded id an earlier one has, paired with the first such person,
/// in `people` order. `hash` must give equal hashes for equal folded forms; a hash match is
/// confirmed by comparing the folded forms, so ids whose hashes collide are told apart.
/// Sorting (hash, person) pairs costs 16 bytes a person, a third of a hash map's peak.
fn look_alikes<'a>(
    people: impl Iterator<Item = u32>,
    id_of: impl Fn(u32) -> &'a str,
    hash: impl Fn(&str) -> u64,
) -> Vec<(u32, u32)> {
    let mut hashed: Vec<(u64, u32)> = people.map(|i| (hash(id_of(i)), i)).collect();
    keep_shared_buckets(&mut hashed);
    hashed.sort_unstable();
    let mut pairs = Vec::new();
    for run in hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // The first of each folded form in this run (rarely more than one form).
        let mut firsts: Vec<(std::borrow::Cow<str>, u32)> = Vec::new();
        for &(_, i) in run {
            let key = folded(id_of(i));
            match firsts.iter().find(|(form, _)| *form == key) {
                Some(&(_, first)) => pairs.push((i, first)),
                None => firsts.push((key, i)),
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Keeps only the pairs whose hash shares a bucket of a bitmap (about 8 bits a pair) with
/// another pair's: equal hashes always do, so nothing the sort after looks for is lost, and
/// that sort sees about a tenth of a big chart's ids (sorting them all was 4% of a check).
fn keep_shared_buckets(hashed: &mut Vec<(u64, u32)>) {
    let bits = (hashed.len() * 8).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    // The top bits of the hash pick the bucket; (word, bit) within the bitmaps.
    let place = |hash: u64| {
        let bucket = (hash >> shift) as usize;
        (bucket / 64, 1u64 << (bucket % 64))
    };
    let mut seen = vec![0u64; bits / 64];
    let mut twice = vec![0u64; bits / 64];
    for &(hash, _) in hashed.iter() {
        let (word, bit) = place(hash);
        if let (Some(seen), Some(twice)) = (seen.get_mut(word), twice.get_mut(word)) {
            if *seen & bit != 0 {
                *twice |= bit;
            }
            *seen |= bit;
        }
    }
    hashed.retain(|&(hash, _)| {
        let (word, bit) = place(hash);
        twice.get(word).is_some_and(|w| w & bit != 0)
    });
}

/// ASCII ids that are their own folded form but for the case of their letters: all upper
/// case (`E1001`) or all lower case (`e1001`). Ids without letters are both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlainCase {
    Upper,
    Lower,
}

/// What the bytes of an id hold, as bits ([`letter_cases`]).
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const NOT_ASCII: u8 = 4;
/// Not a letter case: a shadowed person, whose id is not read.
const SHADOWED: u8 = 8;

/// Each byte's bit: one table load a byte, where testing each case is a branch or two.
const BYTE_CASES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if !byte.is_ascii() {
            NOT_ASCII
        } else if byte.is_ascii_uppercase() {
            UPPER
        } else if byte.is_ascii_lowercase() {
            LOWER
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The bits of what `id` holds: upper-case ASCII letters, lower-case ones, other than ASCII.
fn letter_cases(id: &str) -> u8 {
    id.bytes()
        .fold(0, |bits, b| bits | BYTE_CASES[usize::from(b)])
}

impl PlainCase {
    /// Whether an id with these [`letter_cases`] is ASCII with no letter of the other case.
    /// Two such ids never fold alike: lowering (or keeping) the letters of one case loses
    /// nothing.
    fn holds(self, cases: u8) -> bool {
        let other = match self {
            PlainCase::Upper => LOWER,
            PlainCase::Lower => UPPER,
        };
        cases & (other | NOT_ASCII | SHADOWED) == 0
    }

    /// The one id of this case that can fold to `form`.
    fn spelling(self, form: &str) -> Option<String> {
        if !form.is_ascii() {
            return None;
        }
        Some(match self {
            PlainCase::Upper => form.to_ascii_uppercase(),
            PlainCase::Lower => form.to_owned(),
        })
    }
}

/// Each of `people` (ids distinct, as active people's are) whose folded id an earlier one
/// has, paired with the first such person, as [`look_alikes`] gives them; only `others`, the
/// people whose id is not of case `plain`, are hashed. A look-alike pair has at least one
/// of them, and the one id of case `plain` that folds like a group of them is found by
/// spelling it out and looking it up (`find`: the person with exactly that id).
fn look_alikes_beside_plain<'a>(
    others: &[u32],
    plain: PlainCase,
    id_of: impl Fn(u32) -> &'a str,
    hash: impl Fn(&str) -> u64,
    find: impl Fn(&str) -> Option<u32>,
) -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    for mut group in folded_groups(others, &id_of, hash) {
        let form = folded(id_of(group[0]));
        let partner = plain.spelling(&form).and_then(|id| find(&id));
        let plain_alike = |j: u32| plain.holds(letter_cases(id_of(j))) && folded(id_of(j)) == form;
        group.extend(partner.filter(|&j| plain_alike(j)));
        let first = group.iter().copied().min().unwrap_or(0);
        pairs.extend(group.iter().filter(|&&i| i != first).map(|&i| (i, first)));
    }
    pairs.sort_unstable();
    pairs
}

/// `people` grouped by folded id, lone ones too, each group in `people` order.
fn folded_groups<'a>(
    people: &[u32],
    id_of: &impl Fn(u32) -> &'a str,
    hash: impl Fn(&str) -> u64,
) -> Vec<Vec<u32>> {
    let mut hashed: Vec<(u64, u32)> = people.iter().map(|&i| (hash(id_of(i)), i)).collect();
    hashed.sort_unstable();
    let mut groups = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0) {
        // One group per folded form in this run (rarely more than one form).
        let mut forms: Vec<(std::borrow::Cow<str>, Vec<u32>)> = Vec::new();
        for &(_, i) in run {
            let key = folded(id_of(i));
            match forms.iter_mut().find(|(form, _)| *form == key) {
                Some((_, members)) => members.push(i),
                None => forms.push((key, vec![i])),
            }
        }
        groups.extend(forms.into_iter().map(|(_, members)| members));
    }
    groups
}

/// The look-alike pairs among the active people. Most charts' ids share one case (`E1001`,
/// or `jdoe`), and those need no hash: only the others are grouped, unless they are most.
fn look_alike_pairs(ctx: &Context) -> Vec<(u32, u32)> {
    let state = foldhash::fast::FixedState::with_seed(0x0b5e_55ed);
    let active = || (0..ctx.chart.people.len() as u32).filter(|&i| ctx.graph.is_active(i));
    let id_of = |i: u32| ctx.person(i).id.as_str();
    let hash = |id: &str| folded_hash(id, &state);
    // Per person a byte, where the hashes were sixteen; then counted in passes over bytes.
    let cases: Vec<u8> = (0..ctx.chart.people.len() as u32)
        .map(|i| match ctx.graph.is_active(i) {
            true => letter_cases(id_of(i)),
            false => SHADOWED,
        })
        .collect();
    let count = |plain: PlainCase| cases.iter().filter(|&&c| plain.holds(c)).count();
    let (upper, lower) = (count(PlainCase::Upper), count(PlainCase::Lower));
    let (plain, plain_ids) = if upper >= lower {
        (PlainCase::Upper, upper)
    } else {
        (PlainCase::Lower, lower)
    };
    let active_ids = cases.iter().filter(|&&c| c != SHADOWED).count();
    if plain_ids * 2 < active_ids {
        return look_alikes(active(), id_of, hash);
    }
    let others: Vec<u32> = (0..cases.len() as u32)
        .filter(|&i| cases[i as usize] != SHADOWED && !plain.holds(cases[i as usize]))
        .collect();
    look_alikes_beside_plain(&others, plain, id_of, hash, |id| ctx.graph.index_of(id))
}

/// Warns about ids that are distinct but fold to one ([`folded`]). Each person's folded id is
/// hashed without being kept, so a million ids cost one map of numbers; a hash match is
/// confirmed by comparing the folded ids.
fn look_alike_ids(ctx: &Context, out: &mut Vec<Finding>) {
    for (i, e) in look_alike_pairs(ctx) {
        let person = ctx.person(i);
        let before = ctx.person(e);
        let why = if before.id.to_lowercase() == person.id.to_lowercase() {
            "letter case"
        } else {
            "Unicode normalisation or case"
        };
        out.push(
            DUPLICATE_ID.finding_as(
                Chosen::Tolerated,
                format!(
                    "id {:?} differs only in {why} from id {:?} of {} at {}:{}: they are two people here, but most HR systems and readers would take them for one",
                    crate::text::truncate(&person.id, 80),
                    crate::text::truncate(&before.id, 80),
                    ctx.label(e),
                    ctx.chart.source_path(before.loc.file),
                    before.loc.line
                ),
            )
            .subject(&person.id)
            .subject(&before.id)
            .at(person.loc),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{
        folded, folded_hash, letter_cases, look_alikes, look_alikes_beside_plain, PlainCase,
    };

    #[test]
    fn ids_fold_across_case_and_normalisation_forms() {
        assert_eq!(folded("E1001"), "e1001");
        assert_eq!(folded("e1001"), "e1001");
        assert_eq!(folded("Jos\u{e9}"), folded("Jose\u{301}"));
        assert_eq!(folded("\u{ff25}\u{ff11}"), "e1");
        assert_ne!(folded("0x1F"), folded("31"));
    }

    #[test]
    fn equal_folded_ids_hash_alike_without_folding_ascii() {
        let state = foldhash::fast::FixedState::with_seed(1);
        let long = "Ab".repeat(100);
        for (a, b) in [
            ("E1001", "e1001"),
            ("\u{ff25}\u{ff11}", "E1"),
            ("Jos\u{e9}", "JOSE\u{301}"),
            (long.as_str(), &long.to_lowercase()),
        ] {
            assert_eq!(folded(a), folded(b));
            assert_eq!(
                folded_hash(a, &state),
                folded_hash(b, &state),
                "{a:?} {b:?}"
            );
        }
        assert_ne!(folded_hash("e1", &state), folded_hash("e2", &state));
    }

    #[test]
    fn colliding_hashes_are_told_apart_by_the_folded_ids() {
        let ids = ["E1", "x", "e1", "Y", "\u{ff25}\u{ff11}", "y", "z"];
        let people = || 0..ids.len() as u32;
        let id_of = |i: u32| ids[i as usize];
        let state = foldhash::fast::FixedState::with_seed(7);
        let expected = vec![(2, 0), (4, 0), (5, 3)];
        let hashed = look_alikes(people(), id_of, |id| folded_hash(id, &state));
        assert_eq!(hashed, expected);
        // Every id with one hash: only the folded forms can pair them, and they must pair the
        // same people.
        assert_eq!(look_alikes(people(), id_of, |_| 42), expected);
    }

    #[test]
    fn look_alikes_among_many_ids_are_all_found() {
        // Enough ids that most hashes sit alone in their bucket and are left out of the sort.
        let mut ids: Vec<String> = (0..20_000).map(|i| format!("e{i}")).collect();
        ids.extend(["E42", "x", "E19999", "e42"].map(String::from));
        let id_of = |i: u32| ids[i as usize].as_str();
        let state = foldhash::fast::FixedState::with_seed(3);
        let found = look_alikes(0..ids.len() as u32, id_of, |id| folded_hash(id, &state));
        assert_eq!(found, vec![(20_000, 42), (20_002, 19_999), (20_003, 42)]);
    }

    /// Hashing only the ids that are not of one plain case pairs the same people as hashing
    /// them all, for random distinct ids of mixed case, script and normalisation form.
    #[test]
    fn ids_beside_a_plain_case_pair_as_all_ids_do() {
        let pieces = [
            "e", "E", "1", "-", "\u{e9}", "e\u{301}", "\u{c9}", "\u{ff25}", "\u{212a}", "k", "K",
            "\u{df}", "ss", "SS",
        ];
        let mut seed = 0x2545_f491_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        let state = foldhash::fast::FixedState::with_seed(5);
        let hash = |id: &str| folded_hash(id, &state);
        let mut pairs_seen = 0;
        for _ in 0..400 {
            let mut ids: Vec<String> = Vec::new();
            for _ in 0..next() % 12 + 1 {
                let id: String = (0..next() % 3 + 1)
                    .map(|_| pieces[next() % pieces.len()])
                    .collect();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let id_of = |i: u32| ids[i as usize].as_str();
            let find = |id: &str| ids.iter().position(|x| x == id).map(|at| at as u32);
            let expected = look_alikes(0..ids.len() as u32, id_of, hash);
            for plain in [PlainCase::Upper, PlainCase::Lower] {
                let others: Vec<u32> = (0..ids.len() as u32)
                    .filter(|&i| !plain.holds(letter_cases(id_of(i))))
                    .collect();
                let found = look_alikes_beside_plain(&others, plain, id_of, hash, find);
                assert_eq!(found, expected, "{ids:?} beside {plain:?}");
            }
            pairs_seen += expected.len();
        }
        assert!(
            pairs_seen > 100,
            "only {pairs_seen} pairs: the ids rarely look alike"
        );
    }
}
