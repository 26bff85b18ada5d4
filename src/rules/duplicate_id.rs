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

/// Warns about ids that are distinct but fold to one ([`folded`]). Each person's folded id is
/// hashed without being kept, so a million ids cost one map of numbers; a hash match is
/// confirmed by comparing the folded ids.
fn look_alike_ids(ctx: &Context, out: &mut Vec<Finding>) {
    let state = foldhash::fast::FixedState::with_seed(0x0b5e_55ed);
    let active = (0..ctx.chart.people.len() as u32).filter(|&i| ctx.graph.is_active(i));
    let id_of = |i: u32| ctx.person(i).id.as_str();
    let pairs = look_alikes(active, id_of, |id| folded_hash(id, &state));
    for (i, e) in pairs {
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
    use super::{folded, folded_hash, look_alikes};

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
}
