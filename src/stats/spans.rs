//! Span of control, the one definition every rule and report uses (SPEC §5, §12): a
//! position's direct solid-line reports, vacant posts counted, assistants not, and each
//! organogram junior row under it one report. Narrow chains are read off the same spans.

use crate::graph::OrgGraph;
use crate::model::Chart;

/// No single report, or a single report that is a junior row rather than a position.
const NO_POSITION: u32 = u32::MAX;

/// Per position, its span and what the narrow-span and narrow-chain designs need.
pub struct Spans {
    /// Direct reports: positions (vacant ones included, assistants not) and junior rows.
    pub span: Vec<u32>,
    /// The same without vacant posts: the reports someone actually manages.
    pub filled: Vec<u32>,
    /// Junior rows under each position (included in `span` and `filled`).
    pub junior_rows: Vec<u32>,
    /// For a span of one: that report when it is a position.
    only_report: Vec<u32>,
}

/// A maximal chain of managers who each have exactly one report, the next of the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NarrowChain {
    /// The first manager of the chain (whose own manager has more reports, or none).
    pub top: u32,
    /// The last manager of the chain: their one report is no single-report manager.
    pub bottom: u32,
    /// Managers in the chain, two or more.
    pub length: u32,
}

impl Spans {
    /// Every position's span, in one pass over the people and one over the junior rows.
    pub fn of(chart: &Chart, graph: &OrgGraph) -> Spans {
        let n = graph.len();
        let mut spans = Spans {
            span: vec![0; n],
            filled: vec![0; n],
            junior_rows: vec![0; n],
            only_report: vec![NO_POSITION; n],
        };
        for (i, person) in chart.people.iter().enumerate() {
            if person.assistant {
                continue;
            }
            if let Some(m) = graph.manager(i as u32) {
                let m = m as usize;
                spans.span[m] += 1;
                spans.filled[m] += u32::from(!person.vacant);
                spans.only_report[m] = i as u32;
            }
        }
        for group in &chart.junior_staff {
            let post = group.senior_post.as_deref().and_then(|p| graph.index_of(p));
            if let Some(m) = post {
                let m = m as usize;
                spans.span[m] += 1;
                spans.filled[m] += 1;
                spans.junior_rows[m] += 1;
                spans.only_report[m] = NO_POSITION;
            }
        }
        spans
    }

    /// Whether position `i` manages anyone.
    pub fn is_manager(&self, i: u32) -> bool {
        self.span[i as usize] > 0
    }

    /// The one report of `i` when `i` has exactly one and it is a position.
    fn single_report(&self, i: u32) -> Option<u32> {
        let only = self.only_report[i as usize];
        (self.span[i as usize] == 1 && only != NO_POSITION).then_some(only)
    }

    /// Whether `i` has exactly one report, a position that manages exactly one, too: the
    /// link from one manager of a narrow chain to the next.
    fn links_down(&self, i: u32) -> Option<u32> {
        self.single_report(i)
            .filter(|&r| self.span[r as usize] == 1)
    }

    /// Per position, how many of its reports (positions, not junior rows) are managers.
    pub fn reports_managing(&self, graph: &OrgGraph) -> Vec<u32> {
        let mut count = vec![0u32; self.span.len()];
        for (i, &span) in self.span.iter().enumerate() {
            if span > 0 {
                if let Some(m) = graph.manager(i as u32) {
                    count[m as usize] += 1;
                }
            }
        }
        count
    }

    /// The managers of `chain`, top first.
    pub fn members(&self, chain: &NarrowChain) -> Vec<u32> {
        let mut members = vec![chain.top];
        let mut last = chain.top;
        while last != chain.bottom {
            match self.single_report(last) {
                Some(next) if members.len() < chain.length as usize => {
                    members.push(next);
                    last = next;
                }
                _ => break,
            }
        }
        members
    }

    /// Every maximal narrow chain, by top in file order. Each position is walked at most
    /// once, from the top of its chain down (no recursion; a chain cannot close on itself,
    /// since its top's manager would then be a member with one report).
    pub fn narrow_chains(&self, graph: &OrgGraph) -> Vec<NarrowChain> {
        let mut chains = Vec::new();
        for top in 0..self.span.len() as u32 {
            if self.span[top as usize] != 1 {
                continue;
            }
            let continues_above = graph
                .manager(top)
                .is_some_and(|m| self.single_report(m) == Some(top));
            if continues_above {
                continue;
            }
            let (mut bottom, mut length) = (top, 1u32);
            while let Some(next) = self.links_down(bottom) {
                if length as usize > self.span.len() {
                    break; // Cannot happen (see above); stops a walk all the same.
                }
                bottom = next;
                length += 1;
            }
            if length >= 2 {
                chains.push(NarrowChain {
                    top,
                    bottom,
                    length,
                });
            }
        }
        chains
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(yaml: &str) -> Chart {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.yaml");
        std::fs::write(&path, yaml).unwrap();
        crate::load::load_files(&[path.display().to_string()], &Default::default()).unwrap()
    }

    #[test]
    fn spans_count_vacancies_not_assistants_and_chains_are_maximal() {
        // a → b → c → d → {e, f}; g → h; a's assistant; h vacant.
        let chart = chart(
            "people:\n- {id: a}\n- {id: b, reports_to: a}\n- {id: c, reports_to: b}\n\
             - {id: d, reports_to: c}\n- {id: e, reports_to: d}\n- {id: f, reports_to: d}\n\
             - {id: x, reports_to: a, assistant: true}\n- {id: g}\n\
             - {id: h, reports_to: g, vacant: true}\n",
        );
        let graph = OrgGraph::build(&chart);
        let spans = Spans::of(&chart, &graph);
        assert_eq!(spans.span, [1, 1, 1, 2, 0, 0, 0, 1, 0]);
        assert_eq!(spans.filled, [1, 1, 1, 2, 0, 0, 0, 0, 0]);
        let chains = spans.narrow_chains(&graph);
        // a, b, c have one report each; c's is d, who has two: a chain of three, a to c.
        // g's one report manages nobody: no chain.
        assert_eq!(
            chains,
            [NarrowChain {
                top: 0,
                bottom: 2,
                length: 3
            }]
        );
        assert_eq!(spans.members(&chains[0]), [0, 1, 2]);
        assert_eq!(spans.reports_managing(&graph), [1, 1, 1, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn a_cycle_of_single_reports_is_no_chain_and_ends() {
        let chart = chart("people:\n- {id: a, reports_to: b}\n- {id: b, reports_to: a}\n");
        let graph = OrgGraph::build(&chart);
        assert!(Spans::of(&chart, &graph).narrow_chains(&graph).is_empty());
    }
}
