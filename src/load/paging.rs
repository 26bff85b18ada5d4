//! Whether the pages of a paged directory export given together are the whole export.
//! Microsoft Graph and SCIM hand a directory out a page at a time, and a run given some of
//! the pages would check part of the directory and pass what it never saw.
//!
//! - Microsoft Graph: every page but the last has `@odata.nextLink`. The link's `$skiptoken`
//!   is opaque and no page says which link it answers, so the pages of a run are taken as one
//!   export, whole when at least one of them has no `@odata.nextLink` (its last page is
//!   there). When a page has `@odata.count` (a `$count=true` query), the users of all pages
//!   must also reach that count, which catches a page missing from the middle too.
//! - SCIM: a `ListResponse` has `totalResults` and its `startIndex` (1 when absent); the
//!   lists of a run, each list's `Resources` placed from its `startIndex`, must cover users 1
//!   to `totalResults`.
//!
//! What is missing is an input error naming it; `--allow-partial` makes it one warning (one
//! per kind of export) in [`Chart::load_notes`].

use crate::error::InputError;
use crate::model::{Chart, ExportPage, LoadNote, Loc, Paging};

/// Checks that the Graph pages and SCIM lists read into `chart` are whole exports: an input
/// error naming what is missing, or with `allow_partial` a warning.
pub fn check_whole(chart: &mut Chart, allow_partial: bool) -> Result<(), InputError> {
    let pages = std::mem::take(&mut chart.pending.pages);
    for (at, missing) in [graph_gap(&pages), scim_gap(&pages)].into_iter().flatten() {
        let file = chart.source_path(at.file).to_owned();
        if !allow_partial {
            return Err(InputError::new(
                file,
                at.line,
                at.column,
                format!(
                    "{missing}: expected every page of the export (or --allow-partial to \
                     check the part given)"
                ),
            ));
        }
        chart.load_notes.push(LoadNote {
            warning: true,
            file,
            message: format!("{missing}; checked as given (--allow-partial)"),
        });
        chart.partial_exports.push((at, missing));
    }
    Ok(())
}

/// What Microsoft Graph pages given together lack, where to say it.
fn graph_gap(pages: &[ExportPage]) -> Option<(Loc, String)> {
    let mut given = 0usize;
    let mut linked: Vec<Loc> = Vec::new();
    let mut users = 0u64;
    let mut counted: Option<(Loc, u64)> = None;
    for page in pages {
        let Paging::Graph {
            next_link,
            count,
            users: on_page,
        } = page.paging
        else {
            continue;
        };
        given += 1;
        users = users.saturating_add(on_page);
        if next_link {
            linked.push(page.loc);
        }
        if let Some(count) = count.filter(|c| counted.is_none_or(|(_, most)| *c > most)) {
            counted = Some((page.loc, count));
        }
    }
    if let (Some(&first), true) = (linked.first(), linked.len() == given) {
        let what = if given == 1 {
            "this Microsoft Graph page has `@odata.nextLink`, and the page it names is not \
             among the inputs, so the export is partial"
                .to_owned()
        } else {
            format!(
                "all {given} Microsoft Graph pages given have `@odata.nextLink`, so the last \
                 page (the one without) is not among the inputs, so the export is partial"
            )
        };
        return Some((first, what));
    }
    let (at, count) = counted.filter(|(_, count)| users < *count)?;
    Some((
        at,
        format!(
            "`@odata.count` says the export has {count} users, but the Microsoft Graph pages \
             given hold {users}: {} are on pages not among the inputs, so the export is partial",
            count - users
        ),
    ))
}

/// What SCIM lists given together lack (users by `startIndex`), where to say it.
fn scim_gap(pages: &[ExportPage]) -> Option<(Loc, String)> {
    let mut total: Option<(Loc, u64)> = None;
    // Each list's users as [first, past the last) in the export's 1-based numbering.
    let mut ranges: Vec<(u64, u64)> = Vec::new();
    for page in pages {
        let Paging::Scim {
            total: says,
            start,
            users,
        } = page.paging
        else {
            continue;
        };
        if total.is_none_or(|(_, most)| says > most) {
            total = Some((page.loc, says));
        }
        let first = start.max(1);
        ranges.push((first, first.saturating_add(users)));
    }
    let (at, total) = total?;
    let missing = missing_ranges(ranges, total);
    if missing.is_empty() {
        return None;
    }
    let shown: Vec<String> = missing
        .iter()
        .take(3)
        .map(|&(first, last)| match first == last {
            true => first.to_string(),
            false => format!("{first}–{last}"),
        })
        .collect();
    let more = match missing.len() {
        0..=3 => String::new(),
        n => format!(" and {} more ranges", n - 3),
    };
    let absent: u64 = missing.iter().map(|(first, last)| last - first + 1).sum();
    Some((
        at,
        format!(
            "the SCIM ListResponse says `totalResults: {total}`, but users {}{more} (by \
             `startIndex`, {absent} in all) are not among the inputs, so the export is partial",
            shown.join(", ")
        ),
    ))
}

/// The ranges (first and last, inclusive) of 1..=total that no range of `ranges` ([first,
/// past the last)) covers.
fn missing_ranges(mut ranges: Vec<(u64, u64)>, total: u64) -> Vec<(u64, u64)> {
    ranges.sort_unstable();
    let mut missing = Vec::new();
    // The first user not covered so far.
    let mut next = 1u64;
    for (first, past) in ranges {
        if first > next && next <= total {
            missing.push((next, (first - 1).min(total)));
        }
        next = next.max(past);
    }
    if next <= total {
        missing.push((next, total));
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_users_are_the_gaps_between_the_lists() {
        assert_eq!(missing_ranges(vec![(1, 101)], 250), [(101, 250)]);
        assert_eq!(missing_ranges(vec![(101, 201), (1, 101)], 200), []);
        assert_eq!(
            missing_ranges(vec![(1, 51), (101, 151)], 200),
            [(51, 100), (151, 200)]
        );
        // Overlapping pages (a list fetched twice) cover what either covers.
        assert_eq!(missing_ranges(vec![(1, 101), (51, 151)], 150), []);
        assert_eq!(missing_ranges(vec![(300, 310)], 5), [(1, 5)]);
        assert_eq!(missing_ranges(Vec::new(), 0), []);
    }

    fn graph(next_link: bool, count: Option<u64>, users: u64) -> ExportPage {
        ExportPage {
            loc: Loc::default(),
            paging: Paging::Graph {
                next_link,
                count,
                users,
            },
        }
    }

    #[test]
    fn graph_pages_are_whole_with_their_last_page_and_their_count() {
        assert!(graph_gap(&[graph(true, None, 100)]).is_some());
        assert!(graph_gap(&[graph(true, None, 100), graph(true, None, 100)]).is_some());
        assert!(graph_gap(&[graph(true, None, 100), graph(false, None, 7)]).is_none());
        assert!(graph_gap(&[graph(false, None, 7)]).is_none());
        let middle_missing = [graph(true, Some(207), 100), graph(false, None, 7)];
        let (_, message) = graph_gap(&middle_missing).unwrap();
        assert!(message.contains("100 are on pages"), "{message}");
        let whole = [
            graph(true, Some(207), 100),
            graph(true, None, 100),
            graph(false, None, 7),
        ];
        assert!(graph_gap(&whole).is_none());
    }
}
