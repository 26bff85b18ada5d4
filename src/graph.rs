//! The chart as a graph: person `i` is `chart.people[i]`, with solid lines manager → report
//! kept as each manager's reports in one array, plus one id → index map. Every walk here is iterative: a
//! 1,000,000-deep reporting chain must not touch the call stack.

use crate::hash::{hash_str, LastLookup};
use crate::model::{Chart, Person};

/// How a person's `reports_to` resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManagerLink {
    /// No manager: top of the chart.
    Top,
    /// Reports to this person index.
    Manager(u32),
    /// Names nobody in the chart.
    Unknown,
    /// Names the person themselves.
    SelfRef,
    /// The person is a second entry for an id already used; it takes no part in the graph.
    Shadowed,
}

/// Id → index of the first person with that id. A table of person indexes, the ids read
/// from the chart: four bytes a slot, where a map keyed by `&str` takes twenty-four (50 MB at
/// a million people). Hashed with foldhash rather than SipHash: a million ids are hashed
/// several times per check, and its per-process random seed still keeps crafted ids from
/// colliding on purpose.
pub struct IdMap<'a> {
    people: &'a [Person],
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl<'a> IdMap<'a> {
    /// Every person's id (the first person with an id keeps it), and whether each person
    /// is the first with their id.
    fn build(people: &'a [Person]) -> (IdMap<'a>, Vec<bool>) {
        let mut map = IdMap::empty(people);
        let first = (0..people.len() as u32)
            .map(|i| map.insert_first(i))
            .collect();
        (map, first)
    }

    /// Every person's id, the first person with an id keeping it.
    pub fn of(people: &'a [Person]) -> IdMap<'a> {
        let mut map = IdMap::empty(people);
        (0..people.len() as u32).for_each(|i| _ = map.insert_first(i));
        map
    }

    fn empty(people: &'a [Person]) -> IdMap<'a> {
        IdMap {
            people,
            table: hashbrown::HashTable::with_capacity(people.len()),
            hasher: Default::default(),
        }
    }

    fn id(&self, i: u32) -> &'a str {
        self.people[i as usize].id.as_str()
    }

    /// Adds person `i` unless an earlier person has their id; whether it was added.
    fn insert_first(&mut self, i: u32) -> bool {
        let IdMap {
            people,
            table,
            hasher,
        } = self;
        let id = people[i as usize].id.as_str();
        let hash_of = |&j: &u32| hash_str(hasher, people[j as usize].id.as_str());
        let same = |&j: &u32| people[j as usize].id == id;
        match table.entry(hash_str(hasher, id), same, hash_of) {
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(i);
                true
            }
            hashbrown::hash_table::Entry::Occupied(_) => false,
        }
    }

    /// The index of the first person with this id.
    pub fn get(&self, id: &str) -> Option<&u32> {
        let hash = hash_str(&self.hasher, id);
        self.table.find(hash, |&j| self.id(j) == id)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Every id, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.table.iter().map(|&j| self.id(j))
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

pub struct OrgGraph<'a> {
    /// Solid reporting lines, manager → report: person `i`'s direct reports, in file order,
    /// are `reports[report_starts[i]..report_starts[i + 1]]` (8 bytes a person in all).
    report_starts: Vec<u32>,
    reports: Vec<u32>,
    /// Id → index of the first person with that id.
    pub by_id: IdMap<'a>,
    /// One entry per person.
    pub links: Vec<ManagerLink>,
    /// Managers → resolved dotted-line targets, (person, target) pairs.
    pub dotted: Vec<(u32, u32)>,
    /// People with no manager (duplicates excluded), in file order.
    pub roots: Vec<u32>,
    /// Managers above each person, counted from a root; `None` when no root is above them
    /// (in or under a cycle, or under an unknown manager).
    pub depth: Vec<Option<u32>>,
    /// People in breadth-first order from the roots (parents before children).
    pub top_down: Vec<u32>,
    /// (manager, person) for each shadowed person (a later entry for an id already used)
    /// whose manager id names someone, sorted: they take no part in the graph, but a drawing
    /// shows each row ([`OrgGraph::drawn_reports`]).
    shadowed_under: Vec<(u32, u32)>,
    /// The same pairs as (person, manager), sorted by person.
    shadowed_manager: Vec<(u32, u32)>,
}

impl<'a> OrgGraph<'a> {
    pub fn build(chart: &'a Chart) -> OrgGraph<'a> {
        let n = chart.people.len();
        // Later people with an id already used are shadowed.
        let (by_id, first) = IdMap::build(&chart.people);
        let mut links = Vec::with_capacity(n);
        let mut roots = Vec::new();
        let mut dotted = Vec::new();
        let mut shadowed_under = Vec::new();
        let mut managers = LastLookup::new();
        for (i, person) in chart.people.iter().enumerate() {
            let i = i as u32;
            let link = if !first[i as usize] {
                let manager = person
                    .reports_to
                    .as_ref()
                    .and_then(|m| by_id.get(m.id.as_str()));
                if let Some(&j) = manager.filter(|&&j| chart.people[j as usize].id != person.id) {
                    shadowed_under.push((j, i));
                }
                ManagerLink::Shadowed
            } else {
                match &person.reports_to {
                    None => ManagerLink::Top,
                    // Person `i` is the first with their id, so their own id finds `i`.
                    Some(m) => match managers.get(m.id.as_str(), |id| by_id.get(id).copied()) {
                        Some(j) if j == i => ManagerLink::SelfRef,
                        Some(j) => ManagerLink::Manager(j),
                        None => ManagerLink::Unknown,
                    },
                }
            };
            if link == ManagerLink::Top {
                roots.push(i);
            }
            if link != ManagerLink::Shadowed {
                for d in &person.dotted_lines {
                    if let Some(&j) = by_id.get(d.id.as_str()) {
                        dotted.push((i, j));
                    }
                }
            }
            links.push(link);
        }
        let (report_starts, reports) = reports_by_manager(&links);
        let mut org = OrgGraph {
            report_starts,
            reports,
            by_id,
            links,
            dotted,
            roots,
            depth: vec![None; n],
            top_down: Vec::with_capacity(n),
            shadowed_manager: shadowed_under.iter().map(|&(m, p)| (p, m)).collect(),
            shadowed_under,
        };
        // Built in person order; reports are looked up by manager.
        org.shadowed_under.sort_unstable();
        org.compute_depths();
        org
    }

    fn compute_depths(&mut self) {
        for &root in &self.roots {
            self.depth[root as usize] = Some(0);
            self.top_down.push(root);
        }
        let mut next = 0;
        while next < self.top_down.len() {
            let parent = self.top_down[next] as usize;
            next += 1;
            let below = self.depth[parent].map(|d| d + 1);
            // The reports read in place: the fields written are others.
            let from = self.report_starts[parent] as usize;
            let to = self.report_starts[parent + 1] as usize;
            for &child in &self.reports[from..to] {
                self.depth[child as usize] = below;
                self.top_down.push(child);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// Whether person `i` takes part in the chart (is not a shadowed duplicate id).
    pub fn is_active(&self, i: u32) -> bool {
        self.links[i as usize] != ManagerLink::Shadowed
    }

    /// Index of the person with this id.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The resolved solid-line manager of `i`.
    pub fn manager(&self, i: u32) -> Option<u32> {
        match self.links[i as usize] {
            ManagerLink::Manager(j) => Some(j),
            _ => None,
        }
    }

    /// The manager a drawing hangs `i` under: the solid-line manager, or for a shadowed
    /// duplicate the person its manager id names.
    pub fn drawn_manager(&self, i: u32) -> Option<u32> {
        self.manager(i).or_else(|| match self.links[i as usize] {
            ManagerLink::Shadowed => self
                .shadowed_manager
                .binary_search_by_key(&i, |&(person, _)| person)
                .ok()
                .map(|at| self.shadowed_manager[at].1),
            _ => None,
        })
    }

    /// Whom a drawing hangs under `i`: the direct reports, then shadowed duplicates whose
    /// manager id names `i`, in file order.
    pub fn drawn_reports(&self, i: u32) -> Vec<u32> {
        let mut reports = self.reports(i);
        let from = self.shadowed_under.partition_point(|&(m, _)| m < i);
        let shadowed = self.shadowed_under[from..]
            .iter()
            .take_while(|&&(m, _)| m == i);
        reports.extend(shadowed.map(|&(_, person)| person));
        reports
    }

    /// Direct solid-line reports of `i`, in file order.
    pub fn reports(&self, i: u32) -> Vec<u32> {
        let mut reports = Vec::new();
        self.reports_into(i, &mut reports);
        reports
    }

    /// [`reports`](Self::reports) into a buffer that is cleared first.
    pub fn reports_into(&self, i: u32, reports: &mut Vec<u32>) {
        reports.clear();
        reports.extend_from_slice(self.reports_of(i));
    }

    /// Direct solid-line reports of `i`, in file order, without a copy.
    pub fn reports_of(&self, i: u32) -> &[u32] {
        let from = self.report_starts[i as usize] as usize;
        let to = self.report_starts[i as usize + 1] as usize;
        &self.reports[from..to]
    }

    /// Number of direct solid-line reports of `i`.
    pub fn report_count(&self, i: u32) -> usize {
        self.reports_of(i).len()
    }

    /// `i` and everyone below it on solid lines (iterative; terminates on cycles).
    pub fn subtree(&self, i: u32) -> Vec<u32> {
        let mut seen = vec![false; self.len()];
        let mut out = vec![i];
        seen[i as usize] = true;
        let mut next = 0;
        while next < out.len() {
            let parent = out[next];
            next += 1;
            // Latest report first, the order this walk has always listed them in.
            for &child in self.reports_of(parent).iter().rev() {
                if !std::mem::replace(&mut seen[child as usize], true) {
                    out.push(child);
                }
            }
        }
        out
    }

    /// Marks every person inside the org of any of `heads` (them and everyone below).
    pub fn org_mask(&self, heads: &[u32]) -> Vec<bool> {
        let mut mask = vec![false; self.len()];
        let mut stack: Vec<u32> = heads.to_vec();
        while let Some(p) = stack.pop() {
            if std::mem::replace(&mut mask[p as usize], true) {
                continue;
            }
            stack.extend_from_slice(self.reports_of(p));
        }
        mask
    }

    /// The chain of managers above `i`, nearest first (stops at a repeat, so cycles end).
    pub fn managers_above(&self, i: u32) -> Vec<u32> {
        let mut chain = Vec::new();
        let mut seen = std::collections::HashSet::new();
        seen.insert(i);
        let mut current = i;
        while let Some(m) = self.manager(current) {
            if !seen.insert(m) {
                break;
            }
            chain.push(m);
            current = m;
        }
        chain
    }

    /// Reporting cycles, each as its members in reporting order (a reports to b reports to
    /// c ...), starting from the member that comes first in the files, sorted. Everyone has
    /// at most one manager, so walking up from each person until someone is met again finds
    /// every cycle, once, with no recursion.
    pub fn cycles(&self) -> Vec<Vec<u32>> {
        // Everyone in a cycle is out of reach of every root; when all are reached (the usual
        // case) there is no cycle to look for.
        let unreached = |i: usize| self.depth[i].is_none() && self.is_active(i as u32);
        if !(0..self.len()).any(unreached) {
            return Vec::new();
        }
        // Per person: 0 not walked yet, 1 on the current walk, 2 walked.
        let mut state = vec![0u8; self.len()];
        let mut walk = Vec::new();
        let mut cycles = Vec::new();
        for start in (0..self.len()).filter(|&i| unreached(i)) {
            walk.clear();
            let mut current = Some(start as u32);
            while let Some(p) = current.filter(|&p| state[p as usize] == 0) {
                state[p as usize] = 1;
                walk.push(p);
                current = self.manager(p);
            }
            if let Some(met) = current.filter(|&p| state[p as usize] == 1) {
                let at = walk.iter().position(|&p| p == met).unwrap_or(0);
                cycles.push(self.cycle_from_first(&walk[at..]));
            }
            for &p in &walk {
                state[p as usize] = 2;
            }
        }
        cycles.sort_unstable();
        cycles
    }

    /// The members of one cycle in reporting order from the one first in the files.
    fn cycle_from_first(&self, members: &[u32]) -> Vec<u32> {
        let first = members.iter().copied().min().unwrap_or(0);
        let mut path = Vec::with_capacity(members.len());
        let mut current = first;
        while path.len() < members.len() {
            path.push(current);
            match self.manager(current) {
                Some(m) => current = m,
                None => break,
            }
        }
        path
    }
}

/// Each manager's direct reports in file order, as (starts, reports) with person `i`'s at
/// `reports[starts[i]..starts[i + 1]]`.
fn reports_by_manager(links: &[ManagerLink]) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; links.len() + 1];
    for link in links {
        if let ManagerLink::Manager(m) = *link {
            starts[m as usize + 1] += 1;
        }
    }
    let mut total = 0;
    for start in &mut starts {
        total += *start;
        *start = total;
    }
    let mut next = starts.clone();
    let mut reports = vec![0u32; starts[links.len()] as usize];
    for (i, link) in links.iter().enumerate() {
        if let ManagerLink::Manager(m) = *link {
            reports[next[m as usize] as usize] = i as u32;
            next[m as usize] += 1;
        }
    }
    (starts, reports)
}
