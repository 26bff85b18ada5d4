//! Which people a diagram shows, and which it folds into "+N" boxes.
//!
//! The people in scope (everyone, or `--root` and those below it, down to `--depth`) are laid
//! out as a forest: each person hangs under their manager, and people whose manager is out of
//! scope (or who sit in a reporting cycle) start a tree of their own. Folding always takes a
//! whole forest subtree, so "folded" is closed downwards: everyone below a folded person is
//! folded too. That lets every fold walk only people still shown, so auto-collapse of even a
//! million-deep chain is linear. Every walk is iterative.

use crate::graph::OrgGraph;
use crate::model::Chart;
use std::cmp::Reverse;

/// Where a person ends up in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Outside the sub-chart (`--root`, `--depth`), or a later duplicate of an id.
    Hidden,
    /// A box of their own.
    Shown,
    /// Folded into this box (an index into [`Layout::boxes`] once [`Layout::finish`] ran).
    Folded(u32),
}

/// A "+N" box standing for people folded together.
#[derive(Clone, Debug, Default)]
pub struct FoldBox {
    /// The shown person the box hangs under; `None` for the top level.
    pub parent: Option<u32>,
    /// The people folded into it, top-down.
    pub members: Vec<u32>,
    /// How many of them hang directly under `parent` (for the top-level box: how many trees).
    pub direct: usize,
}

pub struct Layout {
    pub place: Vec<Place>,
    /// People in scope, tree by tree, each tree breadth-first.
    pub order: Vec<u32>,
    /// Final boxes (filled by [`Layout::finish`]).
    pub boxes: Vec<FoldBox>,
    /// Each tree's root and its range in `order`.
    trees: Vec<(u32, usize, usize)>,
    tree_parent: Vec<Option<u32>>,
    tree_depth: Vec<u32>,
    children: Vec<Vec<u32>>,
    /// Per raw box (while folding): the person it hangs under, and the box it was merged into.
    box_parent: Vec<Option<u32>>,
    merged_into: Vec<Option<u32>>,
    /// Per shown person: the live raw box hanging under them.
    box_of: Vec<Option<u32>>,
    /// Shown people plus live boxes.
    visible: usize,
}

impl Layout {
    /// Lays out everyone in scope: the org of `root` down to `max_depth` levels below it, or
    /// without a root everyone at most `max_depth` levels below the top.
    pub fn new(graph: &OrgGraph, root: Option<u32>, max_depth: Option<u32>) -> Layout {
        let n = graph.len();
        let in_scope = match root {
            Some(root) => org_within_depth(graph, root, max_depth),
            None => (0..n as u32)
                .map(|i| match max_depth {
                    None => true,
                    Some(limit) => drawn_depth(graph, i).is_some_and(|d| d <= limit),
                })
                .collect(),
        };
        let mut layout = Layout {
            place: vec![Place::Hidden; n],
            order: Vec::new(),
            boxes: Vec::new(),
            trees: Vec::new(),
            tree_parent: vec![None; n],
            tree_depth: vec![0; n],
            children: vec![Vec::new(); n],
            box_parent: Vec::new(),
            merged_into: Vec::new(),
            box_of: vec![None; n],
            visible: 0,
        };
        let entries: Vec<u32> = match root {
            Some(root) => vec![root],
            None => (0..n as u32)
                .filter(|&i| {
                    in_scope[i as usize]
                        && !graph.drawn_manager(i).is_some_and(|m| in_scope[m as usize])
                })
                .collect(),
        };
        for entry in entries {
            layout.grow(graph, &in_scope, entry);
        }
        // What is left sits in (or under) a reporting cycle: start a tree at its first member.
        for i in 0..n as u32 {
            if in_scope[i as usize] && layout.place[i as usize] == Place::Hidden {
                layout.grow(graph, &in_scope, i);
            }
        }
        layout
    }

    /// Adds the tree of `start`: everyone in scope below it not placed yet, breadth-first.
    fn grow(&mut self, graph: &OrgGraph, in_scope: &[bool], start: u32) {
        let begin = self.order.len();
        self.place[start as usize] = Place::Shown;
        self.order.push(start);
        let mut next = begin;
        while next < self.order.len() {
            let parent = self.order[next];
            next += 1;
            for child in graph.drawn_reports(parent) {
                let c = child as usize;
                if in_scope[c] && self.place[c] == Place::Hidden {
                    self.place[c] = Place::Shown;
                    self.tree_parent[c] = Some(parent);
                    self.tree_depth[c] = self.tree_depth[parent as usize] + 1;
                    self.children[parent as usize].push(child);
                    self.order.push(child);
                }
            }
        }
        self.visible += self.order.len() - begin;
        self.trees.push((start, begin, self.order.len()));
    }

    /// People in scope.
    pub fn in_scope(&self) -> usize {
        self.order.len()
    }

    /// Shown people plus boxes.
    pub fn visible(&self) -> usize {
        self.visible
    }

    fn new_box(&mut self, parent: Option<u32>) -> u32 {
        let b = self.box_parent.len() as u32;
        self.box_parent.push(parent);
        self.merged_into.push(None);
        if let Some(p) = parent {
            self.box_of[p as usize] = Some(b);
        }
        b
    }

    /// `--collapse N`: a manager with more than `limit` reports who have no reports of their
    /// own gets those folded into one box. Assistants stay beside their manager.
    pub fn collapse_leaves(&mut self, chart: &Chart, limit: usize) {
        for k in 0..self.order.len() {
            let manager = self.order[k];
            if self.place[manager as usize] != Place::Shown {
                continue;
            }
            let leaves: Vec<u32> = self.children[manager as usize]
                .iter()
                .copied()
                .filter(|&c| {
                    self.children[c as usize].is_empty()
                        && self.place[c as usize] == Place::Shown
                        && !chart.people[c as usize].assistant
                })
                .collect();
            if leaves.len() > limit {
                let b = self.new_box(Some(manager));
                for &c in &leaves {
                    self.place[c as usize] = Place::Folded(b);
                }
                self.visible = self.visible + 1 - leaves.len();
            }
        }
    }

    /// The change picture: keeps the `changed` people and those above them, and folds the
    /// rest, each kept manager's other reports (with everyone below them) into one box, and
    /// trees with no change into one top-level box. A lone person without reports stays as
    /// they are: a box for them is no smaller than a "+1" box.
    pub fn fold_unchanged(&mut self, changed: &[bool]) {
        let mut kept = vec![false; self.place.len()];
        for &i in self.order.iter().filter(|&&i| changed[i as usize]) {
            // Each walk up stops at someone kept already: linear in all.
            let mut at = Some(i);
            while let Some(x) = at.filter(|&x| !kept[x as usize]) {
                kept[x as usize] = true;
                at = self.tree_parent[x as usize];
            }
        }
        let kept_tops: Vec<(u32, bool)> = self
            .trees
            .iter()
            .map(|&(root, _, _)| (root, kept[root as usize]))
            .collect();
        for k in 0..self.order.len() {
            let manager = self.order[k];
            if kept[manager as usize] && self.place[manager as usize] == Place::Shown {
                let others: Vec<u32> = self.children[manager as usize]
                    .iter()
                    .copied()
                    .filter(|&c| !kept[c as usize] && self.place[c as usize] == Place::Shown)
                    .collect();
                self.fold_group(Some(manager), &others);
            }
        }
        let unchanged_tops: Vec<u32> = kept_tops
            .into_iter()
            .filter(|&(_, kept)| !kept)
            .map(|(root, _)| root)
            .collect();
        self.fold_group(None, &unchanged_tops);
    }

    /// Folds `tops` and everyone below them into one box under `parent` (or at the top),
    /// unless that is one person without reports.
    fn fold_group(&mut self, parent: Option<u32>, tops: &[u32]) {
        let mut people = Vec::new();
        let mut boxes = Vec::new();
        for &top in tops {
            let (below, their_boxes) = self.shown_below(top);
            people.push(top);
            people.extend(below);
            boxes.extend(their_boxes);
        }
        let before = people.len() + boxes.len();
        if before <= 1 {
            return;
        }
        let b = self.new_box(parent);
        self.absorb(b, &people, &boxes);
        self.visible = self.visible + 1 - before;
    }

    /// Folds until at most `max` boxes are left: whole teams, the deepest and then the widest
    /// first; if that is not enough, whole trees (the smallest) into one top-level box.
    /// Returns whether anything was folded.
    pub fn fit(&mut self, max: usize) -> bool {
        if self.visible <= max {
            return false;
        }
        let mut managers: Vec<u32> = self
            .order
            .iter()
            .copied()
            .filter(|&m| !self.children[m as usize].is_empty())
            .collect();
        managers.sort_by_key(|&m| {
            (
                Reverse(self.tree_depth[m as usize]),
                Reverse(self.children[m as usize].len()),
                m,
            )
        });
        for m in managers {
            if self.visible <= max {
                break;
            }
            if self.place[m as usize] == Place::Shown {
                self.fold_below(m);
            }
        }
        if self.visible > max {
            self.fold_trees(max);
        }
        true
    }

    /// The shown people strictly below `top`, and the live boxes under `top` or under them.
    fn shown_below(&self, top: u32) -> (Vec<u32>, Vec<u32>) {
        let mut people = Vec::new();
        let mut boxes = Vec::new();
        let mut stack = vec![top];
        while let Some(x) = stack.pop() {
            boxes.extend(self.box_of[x as usize]);
            for &c in &self.children[x as usize] {
                if self.place[c as usize] == Place::Shown {
                    people.push(c);
                    stack.push(c);
                }
            }
        }
        (people, boxes)
    }

    /// Folds everyone below `manager` into one box under them (merging boxes already there).
    fn fold_below(&mut self, manager: u32) {
        let (people, boxes) = self.shown_below(manager);
        let before = people.len() + boxes.len();
        if before <= 1 {
            return;
        }
        let b = self.new_box(Some(manager));
        self.absorb(b, &people, &boxes);
        self.visible = self.visible + 1 - before;
    }

    /// Keeps the largest trees that fit in `max` boxes (with one to spare) and folds the rest
    /// into one top-level box.
    fn fold_trees(&mut self, max: usize) {
        let mut trees = self.trees.clone();
        trees.sort_by_key(|&(root, begin, end)| (Reverse(end - begin), root));
        let mut kept = 0;
        let mut top = None;
        for (root, _, _) in trees {
            let (mut people, boxes) = self.shown_below(root);
            let size = 1 + people.len() + boxes.len();
            if top.is_none() && kept + size < max {
                kept += size;
                continue;
            }
            let b = *top.get_or_insert_with(|| self.new_box(None));
            people.push(root);
            self.absorb(b, &people, &boxes);
        }
        self.visible = kept + usize::from(top.is_some());
    }

    fn absorb(&mut self, b: u32, people: &[u32], boxes: &[u32]) {
        for &x in people {
            self.place[x as usize] = Place::Folded(b);
            self.box_of[x as usize] = None;
        }
        for &old in boxes {
            if old != b {
                self.merged_into[old as usize] = Some(b);
            }
        }
    }

    /// The box `b` was finally merged into (iterative find with path compression).
    fn final_box(&mut self, b: u32) -> u32 {
        let mut last = b;
        while let Some(next) = self.merged_into[last as usize] {
            last = next;
        }
        let mut current = b;
        while let Some(next) = self.merged_into[current as usize] {
            self.merged_into[current as usize] = Some(last);
            current = next;
        }
        last
    }

    /// Numbers the surviving boxes and lists their members. Called once, after any folding
    /// ([`Self::collapse_leaves`], [`Self::fold_unchanged`], [`Self::fit`]): their lists are
    /// freed.
    pub fn finish(&mut self) {
        let mut number: Vec<Option<u32>> = vec![None; self.box_parent.len()];
        for k in 0..self.order.len() {
            let x = self.order[k];
            let Place::Folded(raw) = self.place[x as usize] else {
                continue;
            };
            let root_box = self.final_box(raw);
            let index = match number[root_box as usize] {
                Some(index) => index,
                None => {
                    self.boxes.push(FoldBox {
                        parent: self.box_parent[root_box as usize],
                        ..FoldBox::default()
                    });
                    let index = (self.boxes.len() - 1) as u32;
                    number[root_box as usize] = Some(index);
                    index
                }
            };
            self.place[x as usize] = Place::Folded(index);
            let fold = &mut self.boxes[index as usize];
            fold.members.push(x);
            if self.tree_parent[x as usize] == fold.parent {
                fold.direct += 1;
            }
        }
        // The folding is done: what only it reads goes now, before the boxes are laid out
        // (for a million people, tens of megabytes).
        self.children = Vec::new();
        self.trees = Vec::new();
        self.tree_depth = Vec::new();
        self.box_parent = Vec::new();
        self.merged_into = Vec::new();
        self.box_of = Vec::new();
    }

    /// The person `i` hangs under in the drawn forest (`None` at the top of a tree).
    pub fn tree_parent(&self, i: u32) -> Option<u32> {
        self.tree_parent[i as usize]
    }

    /// Per person, how many people in scope are below them.
    pub fn people_below(&self) -> Vec<u32> {
        let mut below = vec![0u32; self.place.len()];
        for &i in self.order.iter().rev() {
            if let Some(p) = self.tree_parent[i as usize] {
                below[p as usize] += below[i as usize] + 1;
            }
        }
        below
    }

    /// People folded into boxes.
    pub fn folded(&self) -> usize {
        self.boxes.iter().map(|b| b.members.len()).sum()
    }
}

/// `root` and everyone below it at most `max_depth` levels down.
/// Managers above `i` as drawn: a shadowed duplicate sits one below the person its manager
/// id names.
fn drawn_depth(graph: &OrgGraph, i: u32) -> Option<u32> {
    match graph.is_active(i) {
        true => graph.depth[i as usize],
        false => graph
            .drawn_manager(i)
            .and_then(|m| graph.depth[m as usize])
            .map(|d| d + 1),
    }
}

fn org_within_depth(graph: &OrgGraph, root: u32, max_depth: Option<u32>) -> Vec<bool> {
    let mut in_scope = vec![false; graph.len()];
    in_scope[root as usize] = true;
    let mut level = vec![root];
    let mut depth = 0;
    while !level.is_empty() && max_depth.is_none_or(|limit| depth < limit) {
        let mut below = Vec::new();
        for &p in &level {
            for c in graph.drawn_reports(p) {
                if !std::mem::replace(&mut in_scope[c as usize], true) {
                    below.push(c);
                }
            }
        }
        level = below;
        depth += 1;
    }
    in_scope
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Loc, Person, Ref};

    /// A chart where person `i` reports to `manager(i)`.
    fn chart(n: usize, manager: impl Fn(usize) -> Option<usize>) -> Chart {
        let people = (0..n)
            .map(|i| Person {
                reports_to: manager(i).map(|m| Ref::new(format!("p{m}"), Loc::default())),
                ..Person::new(format!("p{i}"), Loc::default())
            })
            .collect();
        Chart {
            people,
            ..Chart::default()
        }
    }

    fn counts(layout: &Layout) -> (usize, usize) {
        let shown = layout.place.iter().filter(|p| **p == Place::Shown).count();
        (shown, layout.boxes.len())
    }

    #[test]
    fn a_deep_chain_folds_from_the_bottom_without_recursion() {
        let chart = chart(200_000, |i| i.checked_sub(1));
        let graph = OrgGraph::build(&chart);
        let mut layout = Layout::new(&graph, None, None);
        assert!(layout.fit(2000));
        layout.finish();
        let (shown, boxes) = counts(&layout);
        assert_eq!((shown, boxes), (1999, 1));
        assert_eq!(layout.place[1998], Place::Shown);
        assert_eq!(layout.boxes[0].parent, Some(1998));
        assert_eq!(layout.boxes[0].members.len(), 200_000 - 1999);
        assert_eq!(layout.boxes[0].direct, 1);
    }

    #[test]
    fn people_in_a_cycle_are_laid_out_once() {
        let chart = chart(4, |i| Some((i + 1) % 4));
        let graph = OrgGraph::build(&chart);
        let layout = Layout::new(&graph, None, None);
        assert_eq!(layout.order.len(), 4);
        assert_eq!(layout.visible(), 4);
    }

    #[test]
    fn many_separate_trees_fold_into_one_top_level_box() {
        // 3000 pairs (a manager and one report) and one big tree of 50.
        let chart = chart(6050, |i| match i {
            0..6000 => (i % 2 == 1).then(|| i - 1),
            6000 => None,
            _ => Some(6000),
        });
        let graph = OrgGraph::build(&chart);
        let mut layout = Layout::new(&graph, None, None);
        assert!(layout.fit(100));
        assert!(layout.visible() <= 100);
        layout.finish();
        let (shown, boxes) = counts(&layout);
        assert!(shown + boxes <= 100, "{shown} + {boxes}");
        // The big tree is kept (folded under its head); the rest is one top-level box.
        assert_eq!(layout.place[6000], Place::Shown);
        let top: Vec<&FoldBox> = layout.boxes.iter().filter(|b| b.parent.is_none()).collect();
        assert_eq!(top.len(), 1);
        let big = layout
            .boxes
            .iter()
            .find(|b| b.parent == Some(6000))
            .unwrap();
        assert_eq!(big.members.len(), 49);
        assert_eq!(shown + big.members.len() + top[0].members.len(), 6050);
    }

    #[test]
    fn collapse_then_fit_merges_boxes() {
        // 0 → 1..=10; 1 → 11..=20.
        let chart = chart(21, |i| match i {
            0 => None,
            1..=10 => Some(0),
            _ => Some(1),
        });
        let graph = OrgGraph::build(&chart);
        let mut layout = Layout::new(&graph, None, None);
        layout.collapse_leaves(&chart, 3);
        // 1's ten leaves fold; 0's nine leaves (2..=10) fold: 0, 1 and two boxes.
        assert_eq!(layout.visible(), 4);
        assert!(layout.fit(2));
        layout.finish();
        assert_eq!(counts(&layout), (1, 1));
        assert_eq!(layout.boxes[0].members.len(), 20);
        assert_eq!(layout.boxes[0].direct, 10);
    }
}
