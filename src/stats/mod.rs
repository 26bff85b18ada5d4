//! `orglint stats`, the org designer's report (SPEC §12): head count, vacancies, layers,
//! spans by archetype band, narrow chains, manager ratios and the org of each executive role
//! holder, computed in a few linear passes over the graph (no recursion).
//!
//! Definitions:
//! - positions: entries in the chart (a later entry reusing an id is not counted);
//!   vacancies: vacant positions; people: holders of filled positions, job sharers included.
//! - tops: positions with no manager. Depth: managers above a position, for positions under
//!   a top (those in a cycle or under an unknown manager have none: `without_depth`); the
//!   layer is depth + 1.
//! - span: §5's, from [`spans::Spans`]: direct solid-line reports, vacancies counted,
//!   assistants not, each organogram junior row one report; the filled span leaves vacant
//!   posts out. Managers are positions with a span; the others, and each junior row, are
//!   individual contributors.
//! - median: the middle value, or the mean of the two middle values; p90: the nearest-rank
//!   90th percentile (the smallest value at least 90% of values are at or below).
//! - executives: every holder of a rulebook role, and each role's stand-in, with their org
//!   (§4's Org(X) for one holder): the positions below, the layers below, the managers and
//!   individual contributors in it (subtree totals, [`subtree::Subtree`]), and the junior
//!   staff FTE there.
//! - left out: directory entries that are no person, per kind (disabled, guest, ...).
//! - organogram: reference-`0` rows (unplaced staff), left-out posts, and junior staff rows and
//!   FTE, split into those attached to a senior post, those naming a post not in the chart and
//!   those with a blank senior post.

pub mod design;
pub mod spans;
mod subtree;

use crate::graph::OrgGraph;
use crate::model::Chart;
use crate::rulebook::{RoleIndex, Rulebook};
use design::{Band, Design};
use serde::Serialize;
use spans::Spans;
use subtree::Subtree;

/// Layers listed one by one; deeper ones are summed into one row.
pub const LAYERS_LISTED: u32 = 30;
/// Narrow chains listed, longest first (all are counted).
pub const CHAINS_LISTED: usize = 20;

#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub positions: usize,
    pub people: u64,
    pub vacancies: usize,
    pub tops: usize,
    pub depth: Depth,
    pub span_of_control: SpanOfControl,
    pub layers: Layers,
    pub ratio: Ratio,
    pub narrow_chains: NarrowChains,
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
pub struct SpanOfControl {
    pub managers: usize,
    pub median: Option<f64>,
    pub p90: Option<u32>,
    pub max: Option<u32>,
    /// The same managers' spans without vacant posts.
    pub filled: SpanFigures,
    /// Managers per band, narrowest band first.
    pub bands: Vec<BandCount>,
    /// Managers per span, for each span some manager has, ascending.
    pub histogram: Vec<SpanCount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SpanFigures {
    pub median: Option<f64>,
    pub p90: Option<u32>,
    pub max: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BandCount {
    #[serde(flatten)]
    pub band: Band,
    pub managers: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct SpanCount {
    pub span: u32,
    pub managers: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Layers {
    /// Layers 1 to [`LAYERS_LISTED`], as deep as the chart goes.
    pub rows: Vec<LayerRow>,
    /// Every layer below the listed ones, summed (its `layer` is the first of them).
    pub deeper: Option<LayerRow>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LayerRow {
    pub layer: u32,
    pub positions: usize,
    pub vacancies: usize,
    pub managers: usize,
    /// Managers per span band, in the bands' order.
    pub bands: Vec<usize>,
    /// Organogram junior rows, a layer below their senior post.
    pub junior_rows: u64,
}

/// Managers to individual contributors.
#[derive(Clone, Debug, Serialize)]
pub struct Ratio {
    pub managers: u64,
    pub individual_contributors: u64,
    /// Individual contributors per manager, to two decimals; `None` with no manager.
    pub contributors_per_manager: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NarrowChains {
    /// Every maximal chain of two or more single-report managers.
    pub count: usize,
    /// The [`CHAINS_LISTED`] longest, longest first (ties in file order).
    pub longest: Vec<Chain>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Chain {
    pub length: u32,
    pub top: PersonRef,
    pub bottom: PersonRef,
}

/// A position as reports name it.
#[derive(Clone, Debug, Serialize)]
pub struct PersonRef {
    pub id: String,
    /// `None` when unnamed, withheld or redacted.
    pub name: Option<String>,
    /// `None` when untitled (titles stay under `--redact`, as in every report).
    pub title: Option<String>,
    pub vacant: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Executive {
    pub role: String,
    #[serde(flatten)]
    pub person: PersonRef,
    /// Stands in for the role (no one holds it in post; SPEC §4).
    pub stand_in: bool,
    /// Positions below on solid lines.
    pub positions_below: usize,
    /// Layers below (junior rows are one); `None` in a reporting cycle.
    pub layers_below: Option<u32>,
    /// Managers and individual contributors in their org, themselves included.
    pub ratio: Ratio,
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

/// What [`compute`] reads besides the chart.
pub struct StatsOptions<'a> {
    pub rulebook: &'a Rulebook,
    pub design: &'a Design,
    /// Leave names out (titles stay).
    pub redact: bool,
}

/// Computes the statistics.
pub fn compute(chart: &Chart, graph: &OrgGraph, options: &StatsOptions) -> Stats {
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
    drop(depths);

    let spans = Spans::of(chart, graph);
    let subtree = Subtree::totals(chart, graph, &spans);
    let refer = |i: u32| person_ref(chart, i, options.redact);
    let chains = spans.narrow_chains(graph);
    let (managers, contributors) = active.iter().fold((0, 0), |(m, c), &i| {
        let i = i as usize;
        let junior = u64::from(spans.junior_rows[i]);
        match spans.span[i] {
            0 => (m, c + 1 + junior),
            _ => (m + 1, c + junior),
        }
    });
    Stats {
        positions: active.len(),
        people,
        vacancies,
        tops: graph.roots.len(),
        depth,
        span_of_control: span_of_control(&spans, options.design),
        layers: layers(chart, graph, &spans, options.design),
        ratio: ratio(managers, contributors),
        narrow_chains: narrow_chains(chains, &refer),
        executives: executives(chart, graph, options.rulebook, &subtree, &refer),
        organogram: organogram(chart, graph),
        left_out: Some(chart.left_out_counts).filter(|counts| counts.total() > 0),
    }
}

fn person_ref(chart: &Chart, i: u32, redact: bool) -> PersonRef {
    let p = &chart.people[i as usize];
    PersonRef {
        id: p.id.to_string(),
        name: p.display_name().filter(|_| !redact).map(str::to_owned),
        title: p.title.as_ref().map(ToString::to_string),
        vacant: p.vacant,
    }
}

fn ratio(managers: u64, contributors: u64) -> Ratio {
    Ratio {
        managers,
        individual_contributors: contributors,
        contributors_per_manager: (managers > 0)
            .then(|| (contributors as f64 / managers as f64 * 100.0).round() / 100.0),
    }
}

/// Median, p90 and max of the managers' spans and filled spans; managers per band and per
/// span.
fn span_of_control(spans: &Spans, design: &Design) -> SpanOfControl {
    let managed: Vec<usize> = (0..spans.span.len())
        .filter(|&i| spans.span[i] > 0)
        .collect();
    let mut span: Vec<u32> = managed.iter().map(|&i| spans.span[i]).collect();
    let mut filled: Vec<u32> = managed.iter().map(|&i| spans.filled[i]).collect();
    span.sort_unstable();
    filled.sort_unstable();
    let mut bands: Vec<BandCount> = design
        .bands
        .iter()
        .map(|band| BandCount {
            band: band.clone(),
            managers: 0,
        })
        .collect();
    let mut histogram: Vec<SpanCount> = Vec::new();
    for &s in &span {
        bands[design.band_of(s)].managers += 1;
        match histogram.last_mut() {
            Some(last) if last.span == s => last.managers += 1,
            _ => histogram.push(SpanCount {
                span: s,
                managers: 1,
            }),
        }
    }
    SpanOfControl {
        managers: span.len(),
        median: median(&span),
        p90: percentile(&span, 90),
        max: span.last().copied(),
        filled: SpanFigures {
            median: median(&filled),
            p90: percentile(&filled, 90),
            max: filled.last().copied(),
        },
        bands,
        histogram,
    }
}

/// Positions, vacancies, managers (per band) and junior rows per layer, the layers past
/// [`LAYERS_LISTED`] summed into one row.
fn layers(chart: &Chart, graph: &OrgGraph, spans: &Spans, design: &Design) -> Layers {
    let mut rows: Vec<LayerRow> = Vec::new();
    let bands = design.bands.len();
    for (i, depth) in graph.depth.iter().enumerate() {
        let Some(depth) = depth else { continue };
        let layer = depth.saturating_add(1);
        let span = spans.span[i];
        let this = layer_row(&mut rows, layer, bands);
        this.positions += 1;
        this.vacancies += usize::from(chart.people[i].vacant);
        if span > 0 {
            this.managers += 1;
            this.bands[design.band_of(span)] += 1;
        }
        if spans.junior_rows[i] > 0 {
            layer_row(&mut rows, layer.saturating_add(1), bands).junior_rows +=
                u64::from(spans.junior_rows[i]);
        }
    }
    let deeper = (rows.len() > LAYERS_LISTED as usize).then(|| rows.remove(rows.len() - 1));
    Layers { rows, deeper }
}

/// The row of `layer` (the last row for every layer past [`LAYERS_LISTED`]), adding rows
/// down to it as needed.
fn layer_row(rows: &mut Vec<LayerRow>, layer: u32, bands: usize) -> &mut LayerRow {
    let at = layer.min(LAYERS_LISTED + 1) as usize - 1;
    while rows.len() <= at {
        rows.push(LayerRow {
            layer: rows.len() as u32 + 1,
            bands: vec![0; bands],
            ..LayerRow::default()
        });
    }
    &mut rows[at]
}

/// The count of narrow chains and the longest, longest first, ties in file order.
fn narrow_chains(
    mut chains: Vec<spans::NarrowChain>,
    refer: &dyn Fn(u32) -> PersonRef,
) -> NarrowChains {
    let count = chains.len();
    chains.sort_by_key(|c| (std::cmp::Reverse(c.length), c.top));
    let longest = chains
        .iter()
        .take(CHAINS_LISTED)
        .map(|c| Chain {
            length: c.length,
            top: refer(c.top),
            bottom: refer(c.bottom),
        })
        .collect();
    NarrowChains { count, longest }
}

/// Every holder of a rulebook role, then the role's stand-in, with the totals of their org.
fn executives(
    chart: &Chart,
    graph: &OrgGraph,
    rulebook: &Rulebook,
    subtree: &Subtree,
    refer: &dyn Fn(u32) -> PersonRef,
) -> Vec<Executive> {
    let roles = RoleIndex::build(chart, graph, rulebook);
    let defs = crate::rules::definitions::Definitions::build(chart, graph, rulebook, &roles);
    let mut executives = Vec::new();
    for (r, role) in rulebook.roles.iter().enumerate() {
        let stand_in = defs.stand_in[r].map(|s| (s.person, true));
        let holders = roles.holders[r].iter().map(|&i| (i, false));
        for (i, stand_in) in holders.chain(stand_in) {
            let at = i as usize;
            executives.push(Executive {
                role: role.id.clone(),
                person: refer(i),
                stand_in,
                positions_below: subtree.size[at].saturating_sub(1),
                layers_below: subtree.layers_below[at],
                ratio: ratio(subtree.managers[at], subtree.contributors[at]),
                staff_below_fte: round_fte(subtree.staff[at]),
            });
        }
    }
    executives
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
