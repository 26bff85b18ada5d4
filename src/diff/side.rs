//! One side of a comparison: a chart with its graph, role holdings and order.

use super::*;
use crate::graph::OrgGraph;
use crate::model::Person;
use crate::rulebook::RoleIndex;

/// One side of the comparison: the chart, its graph and role holdings, everyone in
/// top-down order (those no root reaches after, in file order) and what is below each.
pub(super) struct Side<'a> {
    pub(super) chart: &'a Chart,
    pub(super) graph: OrgGraph<'a>,
    pub(super) roles: RoleIndex,
    pub(super) order: Vec<u32>,
    pub(super) below: Vec<Headcount>,
}

impl<'a> Side<'a> {
    pub(super) fn new(chart: &'a Chart, options: &CheckOptions) -> Side<'a> {
        let graph = OrgGraph::build(chart);
        let roles = RoleIndex::build(chart, &graph, &options.rulebook);
        let mut order = graph.top_down.clone();
        let mut placed = vec![false; chart.people.len()];
        for &i in &order {
            placed[i as usize] = true;
        }
        order.extend((0..chart.people.len() as u32).filter(|&i| !placed[i as usize]));
        let below = headcounts(chart, &graph);
        Side {
            chart,
            graph,
            roles,
            order,
            below,
        }
    }

    pub(super) fn person(&self, i: u32) -> &'a Person {
        &self.chart.people[i as usize]
    }

    /// The person's manager as written, resolved where the chart knows them.
    pub(super) fn boss(&self, i: u32) -> Boss {
        let Some(manager) = &self.person(i).reports_to else {
            return Boss::Top;
        };
        match self.graph.index_of(&manager.id) {
            Some(m) if m != i => Boss::Person(m),
            _ => Boss::Unknown(manager.id.to_string()),
        }
    }

    /// Direct solid-line reports, assistants excluded (span as in SPEC §5).
    pub(super) fn span(&self, i: u32) -> usize {
        self.graph
            .reports(i)
            .into_iter()
            .filter(|&r| !self.person(r).assistant)
            .count()
    }

    /// The rulebook roles held by `i`'s manager, as role ids.
    pub(super) fn manager_roles(&self, i: u32, options: &CheckOptions) -> Vec<String> {
        let Some(m) = self.graph.manager(i) else {
            return Vec::new();
        };
        self.roles.person_roles[m as usize]
            .iter()
            .filter_map(|&r| options.rulebook.roles.get(r as usize))
            .map(|role| role.id.clone())
            .collect()
    }
}

/// Layers and positions (all, filled) below each person, accumulated bottom-up over the
/// top-down order (people no root reaches count nothing below them).
pub(super) fn headcounts(chart: &Chart, graph: &OrgGraph) -> Vec<Headcount> {
    let mut below = vec![Headcount::default(); chart.people.len()];
    for &i in graph.top_down.iter().rev() {
        let Some(m) = graph.manager(i) else { continue };
        let own = below[i as usize];
        let filled = usize::from(!chart.people[i as usize].vacant);
        let above = &mut below[m as usize];
        above.below += 1 + own.below;
        above.filled += filled + own.filled;
        above.layers = above.layers.max(own.layers + 1);
    }
    below
}

/// A manager as one side names them, in terms both sides share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Boss {
    Top,
    /// A person of the new chart (an old manager mapped through the matches).
    Person(u32),
    /// An old-chart person with no match: they left.
    Left(u32),
    /// A manager the chart does not hold (or the person themselves).
    Unknown(String),
}
