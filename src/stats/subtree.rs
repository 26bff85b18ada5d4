//! Totals over each position's subtree (itself and everyone below on solid lines), summed
//! bottom-up in one pass: leaves first, each finished position adds its totals to its
//! manager (Kahn's order). No recursion: a 1,000,000-deep chain is one loop.

use super::spans::Spans;
use crate::graph::{ManagerLink, OrgGraph};
use crate::model::Chart;

pub struct Subtree {
    /// Positions in the subtree, the position itself included.
    pub size: Vec<usize>,
    /// Junior staff FTE in the subtree, the position's own junior rows included.
    pub staff: Vec<f64>,
    /// Managers in the subtree (positions with a span), the position itself included.
    pub managers: Vec<u64>,
    /// Individual contributors in the subtree: positions without reports, and each junior
    /// row (one a row, as in the spans).
    pub contributors: Vec<u64>,
    /// Layers below the position (junior rows are a layer); `None` for the members of a
    /// reporting cycle, whose subtree has no bottom-up order.
    pub layers_below: Vec<Option<u32>>,
}

impl Subtree {
    pub fn totals(chart: &Chart, graph: &OrgGraph, spans: &Spans) -> Subtree {
        let n = graph.len();
        let mut totals = Subtree {
            size: vec![1; n],
            staff: chart.people.iter().map(|p| p.staff_below).collect(),
            managers: (0..n).map(|i| u64::from(spans.span[i] > 0)).collect(),
            contributors: (0..n)
                .map(|i| u64::from(spans.span[i] == 0) + u64::from(spans.junior_rows[i]))
                .collect(),
            layers_below: (0..n)
                .map(|i| Some(u32::from(spans.junior_rows[i] > 0)))
                .collect(),
        };
        let mut pending: Vec<usize> = (0..n as u32).map(|i| graph.report_count(i)).collect();
        let mut ready: Vec<u32> = (0..n as u32)
            .filter(|&i| graph.is_active(i) && pending[i as usize] == 0)
            .collect();
        while let Some(i) = ready.pop() {
            if let ManagerLink::Manager(m) = graph.links[i as usize] {
                totals.add_to_manager(i as usize, m as usize);
                pending[m as usize] -= 1;
                if pending[m as usize] == 0 {
                    ready.push(m);
                }
            }
        }
        // Only cycle members are left waiting; skip the SCC search when there are none.
        if pending.iter().any(|&p| p > 0) {
            totals.share_cycles(graph);
        }
        totals
    }

    fn add_to_manager(&mut self, i: usize, m: usize) {
        self.size[m] += self.size[i];
        self.staff[m] += self.staff[i];
        self.managers[m] += self.managers[i];
        self.contributors[m] += self.contributors[i];
        let below = self.layers_below[i].map(|l| l + 1);
        self.layers_below[m] = self.layers_below[m].max(below);
    }

    /// Everything hanging off a cycle is below every member of it: each member gets its
    /// cycle's totals.
    fn share_cycles(&mut self, graph: &OrgGraph) {
        for cycle in graph.cycles() {
            let sum = |values: &[u64]| cycle.iter().map(|&i| values[i as usize]).sum::<u64>();
            let size: usize = cycle.iter().map(|&i| self.size[i as usize]).sum();
            let staff: f64 = cycle.iter().map(|&i| self.staff[i as usize]).sum();
            let (managers, contributors) = (sum(&self.managers), sum(&self.contributors));
            for &i in &cycle {
                let i = i as usize;
                self.size[i] = size;
                self.staff[i] = staff;
                self.managers[i] = managers;
                self.contributors[i] = contributors;
                self.layers_below[i] = None;
            }
        }
    }
}
