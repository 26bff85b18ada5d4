//! `orglint stats`: head count, vacancies, depth, span of control and the head count under
//! each executive role holder, computed once over the graph.
//!
//! Definitions:
//! - positions: entries in the chart (a later entry reusing an id is not counted);
//!   vacancies: vacant positions; people: holders of filled positions, job sharers included.
//! - tops: positions with no manager. Depth: managers above a position, for positions under
//!   a top (those in a cycle or under an unknown manager have none: `without_depth`).
//! - span of control: direct solid-line reports, assistants excluded, over managers only
//!   (positions with at least one such report).
//! - median: the middle value, or the mean of the two middle values; p90: the nearest-rank
//!   90th percentile (the smallest value at least 90% of values are at or below).
//! - executives: every holder of a rulebook role, with the positions below them on solid
//!   lines (subtree sizes, summed bottom-up in one pass; the members of a reporting cycle
//!   share their whole cycle and everything under it) and the junior staff FTE in that
//!   subtree.
//! - left out: directory entries that are no person, per kind (disabled, guest, ...).
//! - organogram: reference-`0` rows (unplaced staff), left-out posts, and junior staff rows and
//!   FTE, split into those attached to a senior post, those naming a post not in the chart and
//!   those with a blank senior post.

use crate::graph::{ManagerLink, OrgGraph};
use crate::model::Chart;
use crate::rulebook::{RoleIndex, Rulebook};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub positions: usize,
    pub people: u64,
    pub vacancies: usize,
    pub tops: usize,
    pub depth: Depth,
    pub span_of_control: Span,
    pub executives: Vec<Executive>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organogram: Option<Organogram>,
    /// Directory entries that are no person (SPEC §9), per kind; absent when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<crate::model::LeftOutCounts>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Depth {
    pub max: Option<u32>,
    pub median: Option<f64>,
    /// Positions with no top above them (in a cycle or under an unknown manager).
    pub without_depth: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Span {
    pub managers: usize,
    pub median: Option<f64>,
    pub p90: Option<u32>,
    pub max: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Executive {
    pub role: String,
    pub id: String,
    /// `None` when unnamed, withheld or redacted.
    pub name: Option<String>,
    /// `None` when untitled (titles stay under `--redact`, as in every report).
    pub title: Option<String>,
    pub vacant: bool,
    /// Positions below on solid lines.
    pub positions_below: usize,
    /// Junior staff (FTE) in the subtree, the holder's own post included.
    pub staff_below_fte: f64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Organogram {
    /// Reference-`0` rows: paid staff who are no position.
    pub unplaced_staff: u64,
    /// Posts left out of the chart (`Eliminated`).
    pub left_out: usize,
    pub junior: JuniorTotals,
    pub junior_attached: JuniorTotals,
    /// Junior rows naming a senior post that is not in the chart.
    pub junior_unknown_post: JuniorTotals,
    /// Junior rows with a blank `Reporting Senior Post`.
    pub junior_blank_post: JuniorTotals,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct JuniorTotals {
    pub rows: u64,
    pub fte: f64,
}

impl JuniorTotals {
    fn add(&mut self, fte: f64) {
        self.rows += 1;
        self.fte += fte;
    }
}

/// Computes the statistics; `redact` leaves names out (titles stay).
pub fn compute(chart: &Chart, graph: &OrgGraph, rulebook: &Rulebook, redact: bool) -> Stats {
    let active: Vec<u32> = (0..graph.len() as u32)
        .filter(|&i| graph.is_active(i))
        .collect();
    let person = |i: u32| &chart.people[i as usize];
    let vacancies = active.iter().filter(|&&i| person(i).vacant).count();
    let people = active
        .iter()
        .map(|&i| person(i))
        .filter(|p| !p.vacant)
        .map(|p| 1 + p.job_share_names.len() as u64 + u64::from(p.withheld_job_sharers))
        .sum();

    let mut depths: Vec<u32> = active
        .iter()
        .filter_map(|&i| graph.depth[i as usize])
        .collect();
    depths.sort_unstable();
    let depth = Depth {
        max: depths.last().copied(),
        median: median(&depths),
        without_depth: active.len() - depths.len(),
    };

    let mut spans = vec![0u32; graph.len()];
    for &i in &active {
        if let Some(m) = graph.manager(i) {
            if !person(i).assistant {
                spans[m as usize] += 1;
            }
        }
    }
    let mut spans: Vec<u32> = spans.into_iter().filter(|&s| s > 0).collect();
    spans.sort_unstable();
    let span_of_control = Span {
        managers: spans.len(),
        median: median(&spans),
        p90: percentile(&spans, 90),
        max: spans.last().copied(),
    };

    let (below, staff) = subtree_totals(chart, graph);
    let roles = RoleIndex::build(chart, graph, rulebook);
    let mut executives = Vec::new();
    for (role, holders) in rulebook.roles.iter().zip(&roles.holders) {
        for &i in holders {
            let p = person(i);
            executives.push(Executive {
                role: role.id.clone(),
                id: p.id.clone(),
                name: p.display_name().filter(|_| !redact).map(str::to_owned),
                title: p.title.clone(),
                vacant: p.vacant,
                positions_below: below[i as usize].saturating_sub(1),
                staff_below_fte: round_fte(staff[i as usize]),
            });
        }
    }

    Stats {
        positions: active.len(),
        people,
        vacancies,
        tops: graph.roots.len(),
        depth,
        span_of_control,
        executives,
        organogram: organogram(chart, graph),
        left_out: Some(chart.left_out_counts).filter(|counts| counts.total() > 0),
    }
}

/// Per position: the positions in its subtree (itself included) and the junior FTE there.
/// Leaves first, each finished position adds its totals to its manager (Kahn's order), one
/// pass. Positions left unfinished are cycle members: each gets its cycle's total, since
/// everything hanging off a cycle is below every member of it.
fn subtree_totals(chart: &Chart, graph: &OrgGraph) -> (Vec<usize>, Vec<f64>) {
    let n = graph.len();
    let mut size = vec![1usize; n];
    let mut staff: Vec<f64> = chart.people.iter().map(|p| p.staff_below).collect();
    let mut pending: Vec<usize> = (0..n as u32).map(|i| graph.report_count(i)).collect();
    let mut ready: Vec<u32> = (0..n as u32)
        .filter(|&i| graph.is_active(i) && pending[i as usize] == 0)
        .collect();
    while let Some(i) = ready.pop() {
        if let ManagerLink::Manager(m) = graph.links[i as usize] {
            let (m, i) = (m as usize, i as usize);
            size[m] += size[i];
            staff[m] += staff[i];
            pending[m] -= 1;
            if pending[m] == 0 {
                ready.push(m as u32);
            }
        }
    }
    // Only cycle members are left waiting; skip the SCC search when there are none.
    let unfinished = (0..n).any(|i| pending[i] > 0);
    let cycles = if unfinished {
        graph.cycles()
    } else {
        Vec::new()
    };
    for cycle in cycles {
        let total: usize = cycle.iter().map(|&i| size[i as usize]).sum();
        let fte: f64 = cycle.iter().map(|&i| staff[i as usize]).sum();
        for &i in &cycle {
            size[i as usize] = total;
            staff[i as usize] = fte;
        }
    }
    (size, staff)
}

fn organogram(chart: &Chart, graph: &OrgGraph) -> Option<Organogram> {
    // Directory accounts left out are in `left_out` too; they are no eliminated post.
    let eliminated = chart
        .left_out
        .values()
        .filter(|why| *why == crate::load::organogram::ELIMINATED)
        .count();
    if chart.unplaced_staff == 0 && eliminated == 0 && chart.junior_staff.is_empty() {
        return None;
    }
    let mut extras = Organogram {
        unplaced_staff: chart.unplaced_staff,
        left_out: eliminated,
        ..Organogram::default()
    };
    for group in &chart.junior_staff {
        extras.junior.add(group.fte);
        match &group.senior_post {
            None => extras.junior_blank_post.add(group.fte),
            Some(post) if graph.index_of(post).is_some() => extras.junior_attached.add(group.fte),
            Some(_) => extras.junior_unknown_post.add(group.fte),
        }
    }
    for totals in [
        &mut extras.junior,
        &mut extras.junior_attached,
        &mut extras.junior_unknown_post,
        &mut extras.junior_blank_post,
    ] {
        totals.fte = round_fte(totals.fte);
    }
    Some(extras)
}

/// FTE sums to a millionth, so float noise (`1098.0299999999997`) does not reach the output.
fn round_fte(fte: f64) -> f64 {
    (fte * 1e6).round() / 1e6
}

/// The median of sorted values.
fn median(sorted: &[u32]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[u32], percent: usize) -> Option<u32> {
    let rank = (sorted.len() * percent).div_ceil(100);
    sorted.get(rank.max(1) - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_nearest_rank_percentile() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1, 2, 9]), Some(2.0));
        assert_eq!(median(&[1, 2, 3, 9]), Some(2.5));
        let ten: Vec<u32> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&[4], 90), Some(4));
        assert_eq!(percentile(&[], 90), None);
        let eleven: Vec<u32> = (1..=11).collect();
        assert_eq!(percentile(&eleven, 90), Some(10));
    }
}
