//! Tidy layout of a tree of boxes of different sizes in linear time: van der Ploeg, "Drawing
//! non-layered tidy trees in linear time" (Software: Practice and Experience, 2014), the
//! algorithm behind d3-flextree.
//!
//! Every box sits directly below its parent (`y` = parent's `y` + parent's height), children
//! keep their order, a parent is centred over its first and last child, and subtrees are
//! pushed apart only as far as their contours need, with the slack spread evenly over the
//! subtrees between. The paper's two recursive walks are done here over a breadth-first order
//! (children after their parent): the first walk in reverse, the second forwards, so a
//! 1,000,000-deep chain needs no call stack.

/// The tree to lay out: node 0 is the root; sizes already include the gaps wanted around
/// each box (a box's width plus the horizontal gap, its height plus the vertical gap).
pub struct Tree {
    pub width: Vec<f64>,
    pub height: Vec<f64>,
    /// Children of each node, in order.
    pub children: Children,
}

/// Every node's children in one list (a list per node would be a heap block per box of a
/// million-box chart): node `v`'s are `list[starts[v]..starts[v + 1]]`.
#[derive(Default)]
pub struct Children {
    starts: Vec<u32>,
    list: Vec<u32>,
}

impl Children {
    /// Room for `nodes` nodes and their children (a tree has one fewer child than nodes).
    pub fn with_capacity(nodes: usize) -> Self {
        Children {
            starts: Vec::with_capacity(nodes + 1),
            list: Vec::with_capacity(nodes),
        }
    }

    /// Adds the next node, with these children.
    pub fn push_node(&mut self, children: impl IntoIterator<Item = u32>) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.list.extend(children);
        self.starts.push(self.list.len() as u32);
    }

    /// The children of node `v`, in order (none for a node not added).
    pub fn of(&self, v: usize) -> &[u32] {
        match (self.starts.get(v), self.starts.get(v + 1)) {
            (Some(&start), Some(&end)) => {
                (self.list.get(start as usize..end as usize)).unwrap_or_default()
            }
            _ => &[],
        }
    }
}

/// Where each node went: `x` is the left edge of its slot, `y` its top.
pub struct Placement {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
}

const NONE: u32 = u32::MAX;

/// Per-node working state of the paper's algorithm.
struct Work {
    prelim: Vec<f64>,
    modifier: Vec<f64>,
    shift: Vec<f64>,
    change: Vec<f64>,
    contours: Contours,
}

/// What only the first walk reads: freed before the second (on a million-box chart each
/// list is megabytes).
struct Contours {
    /// Threads: the next node on the left / right contour when a node has no children.
    thread_left: Vec<u32>,
    thread_right: Vec<u32>,
    /// Extreme (lowest) left and right nodes of each subtree, and the sum of modifiers on
    /// the way to them.
    extreme_left: Vec<u32>,
    extreme_right: Vec<u32>,
    sum_left: Vec<f64>,
    sum_right: Vec<f64>,
}

impl Tree {
    /// Lays the tree out. Nodes unreachable from the root keep `x = y = 0`.
    pub fn layout(&self) -> Placement {
        let n = self.width.len();
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut y = vec![0.0; n];
        if n > 0 {
            order.push(0);
        }
        let mut next = 0;
        while next < order.len() {
            let v = order[next] as usize;
            next += 1;
            for &c in self.children.of(v) {
                y[c as usize] = y[v] + self.height[v];
                order.push(c);
            }
        }
        let mut work = Work {
            prelim: vec![0.0; n],
            modifier: vec![0.0; n],
            shift: vec![0.0; n],
            change: vec![0.0; n],
            contours: Contours {
                thread_left: vec![NONE; n],
                thread_right: vec![NONE; n],
                extreme_left: vec![NONE; n],
                extreme_right: vec![NONE; n],
                sum_left: vec![0.0; n],
                sum_right: vec![0.0; n],
            },
        };
        for &v in order.iter().rev() {
            self.first_walk(&mut work, &y, v as usize);
        }
        let Work {
            prelim,
            mut modifier,
            mut shift,
            mut change,
            contours,
        } = work;
        drop(contours);
        // Each node's `prelim` is read only at its own turn, so it becomes its `x` in place.
        let mut x = prelim;
        let mut modsum = vec![0.0; n];
        for &v in &order {
            let v = v as usize;
            // `modsum` holds the modifiers of the ancestors; the node's own is added here,
            // after its parent's `add_child_spacing` settled it.
            let sum = modsum[v] + modifier[v];
            x[v] += sum;
            self.add_child_spacing(&mut modifier, &mut shift, &mut change, v);
            for &c in self.children.of(v) {
                modsum[c as usize] = sum;
            }
        }
        let left = x.iter().copied().fold(f64::INFINITY, f64::min);
        if left.is_finite() {
            for value in &mut x {
                *value -= left;
            }
        }
        Placement { x, y }
    }

    fn bottom(&self, y: &[f64], v: u32) -> f64 {
        y[v as usize] + self.height[v as usize]
    }

    /// The paper's `firstWalk` for one node whose children are all done.
    fn first_walk(&self, w: &mut Work, y: &[f64], v: usize) {
        let children = self.children.of(v);
        let Some(&first) = children.first() else {
            w.contours.extreme_left[v] = v as u32;
            w.contours.extreme_right[v] = v as u32;
            w.contours.sum_left[v] = 0.0;
            w.contours.sum_right[v] = 0.0;
            return;
        };
        // Left siblings still visible below the new subtree: (lowest y, index), newest last.
        let mut visible: Vec<(f64, usize)> = Vec::new();
        update_visible(
            &mut visible,
            self.bottom(y, w.contours.extreme_left[first as usize]),
            0,
        );
        for (i, &child) in children.iter().enumerate().skip(1) {
            let low = self.bottom(y, w.contours.extreme_right[child as usize]);
            self.separate(w, y, v, i, &mut visible);
            update_visible(&mut visible, low, i);
        }
        // Centre the parent over its first and last child.
        let last = children[children.len() - 1] as usize;
        let first = first as usize;
        w.prelim[v] = (w.prelim[first]
            + w.modifier[first]
            + w.modifier[last]
            + w.prelim[last]
            + self.width[last])
            / 2.0
            - self.width[v] / 2.0;
        w.contours.extreme_left[v] = w.contours.extreme_left[first];
        w.contours.sum_left[v] = w.contours.sum_left[first];
        w.contours.extreme_right[v] = w.contours.extreme_right[last];
        w.contours.sum_right[v] = w.contours.sum_right[last];
    }

    /// Pushes child `i` of `v` right until it clears its left siblings.
    fn separate(
        &self,
        w: &mut Work,
        y: &[f64],
        v: usize,
        i: usize,
        visible: &mut Vec<(f64, usize)>,
    ) {
        let children = self.children.of(v);
        let mut sr = children[i - 1];
        let mut sum_sr = w.modifier[sr as usize];
        let mut cl = children[i];
        let mut sum_cl = w.modifier[cl as usize];
        while sr != NONE && cl != NONE {
            if visible.len() > 1 && self.bottom(y, sr) > visible[visible.len() - 1].0 {
                visible.pop();
            }
            let distance = (sum_sr + w.prelim[sr as usize] + self.width[sr as usize])
                - (sum_cl + w.prelim[cl as usize]);
            if distance > 0.0 {
                sum_cl += distance;
                let sibling = visible.last().map_or(i - 1, |&(_, index)| index);
                self.move_subtree(w, v, i, sibling, distance);
            }
            let (sy, cy) = (self.bottom(y, sr), self.bottom(y, cl));
            if sy <= cy {
                sr = self.next_right_contour(w, sr);
                if sr != NONE {
                    sum_sr += w.modifier[sr as usize];
                }
            }
            if sy >= cy {
                cl = self.next_left_contour(w, cl);
                if cl != NONE {
                    sum_cl += w.modifier[cl as usize];
                }
            }
        }
        if sr == NONE && cl != NONE {
            // The new subtree is deeper than its left siblings: thread their left contour on.
            let first = children[0] as usize;
            let li = w.contours.extreme_left[first] as usize;
            w.contours.thread_left[li] = cl;
            let diff = (sum_cl - w.modifier[cl as usize]) - w.contours.sum_left[first];
            w.modifier[li] += diff;
            w.prelim[li] -= diff;
            let current = children[i] as usize;
            w.contours.extreme_left[first] = w.contours.extreme_left[current];
            w.contours.sum_left[first] = w.contours.sum_left[current];
        } else if sr != NONE && cl == NONE {
            // The left siblings are deeper: thread the new subtree's right contour on.
            let current = children[i] as usize;
            let ri = w.contours.extreme_right[current] as usize;
            w.contours.thread_right[ri] = sr;
            let diff = (sum_sr - w.modifier[sr as usize]) - w.contours.sum_right[current];
            w.modifier[ri] += diff;
            w.prelim[ri] -= diff;
            let previous = children[i - 1] as usize;
            w.contours.extreme_right[current] = w.contours.extreme_right[previous];
            w.contours.sum_right[current] = w.contours.sum_right[previous];
        }
    }

    fn move_subtree(&self, w: &mut Work, v: usize, i: usize, sibling: usize, distance: f64) {
        let children = self.children.of(v);
        let moved = children[i] as usize;
        w.modifier[moved] += distance;
        w.contours.sum_left[moved] += distance;
        w.contours.sum_right[moved] += distance;
        // Spread the move over the subtrees between `sibling` and `i`.
        if sibling + 1 != i {
            let between = (i - sibling) as f64;
            w.shift[children[sibling + 1] as usize] += distance / between;
            w.shift[moved] -= distance / between;
            w.change[moved] -= distance - distance / between;
        }
    }

    fn next_left_contour(&self, w: &Work, v: u32) -> u32 {
        match self.children.of(v as usize).first() {
            Some(&c) => c,
            None => w.contours.thread_left[v as usize],
        }
    }

    fn next_right_contour(&self, w: &Work, v: u32) -> u32 {
        match self.children.of(v as usize).last() {
            Some(&c) => c,
            None => w.contours.thread_right[v as usize],
        }
    }

    /// Turns the shifts and changes of `v`'s children into modifiers.
    fn add_child_spacing(
        &self,
        modifier: &mut [f64],
        shift: &mut [f64],
        change: &mut [f64],
        v: usize,
    ) {
        let mut d = 0.0;
        let mut delta = 0.0;
        for &c in self.children.of(v) {
            let c = c as usize;
            d += shift[c];
            delta += d + change[c];
            modifier[c] += delta;
        }
    }
}

/// The paper's `updateIYL`: drops siblings hidden by the new subtree, then adds it.
fn update_visible(visible: &mut Vec<(f64, usize)>, low: f64, index: usize) {
    while visible.last().is_some_and(|&(y, _)| low >= y) {
        visible.pop();
    }
    visible.push((low, index));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(width: Vec<f64>, height: Vec<f64>, parent: &[usize]) -> Tree {
        let mut lists = vec![Vec::new(); width.len()];
        for (c, &p) in parent.iter().enumerate() {
            lists[p].push(c as u32 + 1);
        }
        let mut children = Children::default();
        for list in lists {
            children.push_node(list);
        }
        Tree {
            width,
            height,
            children,
        }
    }

    /// No two boxes overlap (boxes are the slots minus nothing: sizes include the gaps).
    fn assert_no_overlap(t: &Tree, p: &Placement) {
        let n = t.width.len();
        for a in 0..n {
            for b in a + 1..n {
                let apart_x =
                    p.x[a] + t.width[a] <= p.x[b] + 1e-6 || p.x[b] + t.width[b] <= p.x[a] + 1e-6;
                let apart_y =
                    p.y[a] + t.height[a] <= p.y[b] + 1e-6 || p.y[b] + t.height[b] <= p.y[a] + 1e-6;
                assert!(apart_x || apart_y, "{a} and {b} overlap");
            }
        }
    }

    #[test]
    fn parents_are_centred_over_their_children_and_nothing_overlaps() {
        // 0 → 1, 2, 3; 1 → 4, 5; 3 → 6 (wide).
        let t = tree(
            vec![10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 40.0],
            vec![5.0; 7],
            &[0, 0, 0, 1, 1, 3],
        );
        let p = t.layout();
        assert_no_overlap(&t, &p);
        let centre = |v: usize| p.x[v] + t.width[v] / 2.0;
        assert!((centre(0) - (centre(1) + centre(3)) / 2.0).abs() < 1e-9);
        assert!((centre(1) - (centre(4) + centre(5)) / 2.0).abs() < 1e-9);
        assert!((centre(3) - centre(6)).abs() < 1e-9);
        assert_eq!(p.y[4], 10.0);
        assert_eq!(p.x.iter().copied().fold(f64::INFINITY, f64::min), 0.0);
    }

    #[test]
    fn small_subtrees_between_big_ones_are_spaced_evenly() {
        // 0 → 1, 2, 3, 4; 1 and 4 have wide children; 2 and 3 are leaves.
        let t = tree(
            vec![10.0, 10.0, 10.0, 10.0, 10.0, 100.0, 100.0],
            vec![5.0; 7],
            &[0, 0, 0, 0, 1, 4],
        );
        let p = t.layout();
        assert_no_overlap(&t, &p);
        let gap_12 = p.x[2] - p.x[1];
        let gap_23 = p.x[3] - p.x[2];
        let gap_34 = p.x[4] - p.x[3];
        assert!((gap_12 - gap_23).abs() < 1e-9 && (gap_23 - gap_34).abs() < 1e-9);
    }

    #[test]
    fn boxes_of_different_heights_tuck_under_each_other() {
        // 0 → 1 (tall leaf), 2 (short, with a wide child that may slide under 1's level).
        let t = tree(
            vec![10.0, 10.0, 10.0, 30.0, 10.0],
            vec![5.0, 50.0, 5.0, 5.0, 5.0],
            &[0, 0, 2, 3],
        );
        let p = t.layout();
        assert_no_overlap(&t, &p);
        assert_eq!(p.y[3], 10.0);
    }

    #[test]
    fn random_trees_never_overlap() {
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..50 {
            let n = 2 + next() % 60;
            let parent: Vec<usize> = (1..n).map(|c| next() % c).collect();
            let width = (0..n).map(|_| 5.0 + (next() % 40) as f64).collect();
            let height = (0..n).map(|_| 5.0 + (next() % 20) as f64).collect();
            let t = tree(width, height, &parent);
            let p = t.layout();
            assert_no_overlap(&t, &p);
        }
    }

    #[test]
    fn a_million_deep_chain_needs_no_stack() {
        let n = 1_000_000;
        let parent: Vec<usize> = (0..n - 1).collect();
        let t = tree(vec![10.0; n], vec![5.0; n], &parent);
        let p = t.layout();
        assert_eq!(p.y[n - 1], 5.0 * (n - 1) as f64);
        assert!(p.x.iter().all(|&x| x == 0.0));
    }
}
