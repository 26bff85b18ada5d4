//! orglint's own chart layout (SPEC §7): the drawn boxes as a tidy tree ([`super::tidy`]),
//! with the org-chart conventions on top:
//!
//! - a manager's reports without reports of their own are stacked in columns under them, in
//!   cells of one size, joined by a line running down beside each column;
//! - an assistant without reports sits beside their manager;
//! - managers at the same depth share a row (their reports start at the same height).
//!
//! Coordinates are points with `y` growing downwards; every line is a polyline of right
//! angles from the manager's box to the report's box.

use super::tidy;

/// Horizontal gap between neighbouring subtrees.
const GAP_X: f64 = 18.0;
/// Vertical gap between a manager's row and their reports.
const GAP_Y: f64 = 36.0;
/// Vertical gap between stacked reports.
const STACK_GAP: f64 = 10.0;
/// Gap between stacked columns, where the line to each report runs.
const LANE: f64 = 24.0;
/// Gap between a manager and an assistant beside them.
const BESIDE_GAP: f64 = 24.0;

/// The [`Item::parent`] of the top of a tree.
pub const TOP: u32 = u32::MAX;

/// A box to place.
#[derive(Clone, Debug)]
pub struct Item {
    pub width: f64,
    pub height: f64,
    /// The box it hangs under (an index into the items); [`TOP`] (or any index out of range,
    /// or its own) for the top of a tree. Not an `Option`: that would make a million items
    /// 8 bytes each bigger.
    pub parent: u32,
    /// An assistant: placed beside the parent when it has nothing below it.
    pub beside: bool,
}

/// Where every box went.
#[derive(Clone, Debug, Default)]
pub struct Arranged {
    /// Centre of each box.
    pub centre: Vec<(f64, f64)>,
    /// Size of each box (stacked boxes are widened to their column's cell).
    pub size: Vec<(f64, f64)>,
    /// The line from each box's parent to it (empty for the top of a tree).
    pub route: Routes,
    /// Extent of the drawing.
    pub width: f64,
    pub height: f64,
}

/// Every box's line, in blocks of points (a list per box would be a heap block per box of a
/// million-box chart, and one growing list would be copied as it doubles): box `k`'s are the
/// `at[k].1` points from point `at[k].0`, counting block after block.
#[derive(Clone, Debug, Default)]
pub struct Routes {
    at: Vec<(u32, u32)>,
    blocks: Vec<Vec<(f64, f64)>>,
}

/// Points per block of [`Routes`] (a megabyte). A line has a few turns; one of more points
/// than this (none is) would be cut short.
const ROUTE_BLOCK: usize = 1 << 16;

impl Routes {
    fn new(boxes: usize) -> Self {
        Routes {
            at: vec![(0, 0); boxes],
            blocks: Vec::new(),
        }
    }

    /// The line to box `k` (empty for the top of a tree), or None for no such box.
    pub fn get(&self, k: usize) -> Option<&[(f64, f64)]> {
        let &(start, len) = self.at.get(k)?;
        if len == 0 {
            // A top's line may start past the last block (none at all in a chart of tops).
            return Some(&[]);
        }
        let (block, offset) = (start as usize / ROUTE_BLOCK, start as usize % ROUTE_BLOCK);
        self.blocks.get(block)?.get(offset..offset + len as usize)
    }

    /// Sets the line to box `k`: the points without repeats.
    fn set(&mut self, k: usize, points: &[(f64, f64)]) {
        let mut line: Vec<(f64, f64)> = Vec::with_capacity(points.len());
        for &p in points {
            if line.last() != Some(&p) {
                line.push(p);
            }
        }
        line.truncate(ROUTE_BLOCK);
        let fits = (self.blocks.last()).is_some_and(|b| b.len() + line.len() <= ROUTE_BLOCK);
        if !fits {
            self.blocks.push(Vec::with_capacity(ROUTE_BLOCK));
        }
        let block = self.blocks.len() - 1;
        let Some(points) = self.blocks.last_mut() else {
            return;
        };
        let start = block * ROUTE_BLOCK + points.len();
        points.extend_from_slice(&line);
        if let Some(at) = self.at.get_mut(k) {
            *at = (start as u32, line.len() as u32);
        }
    }
}

/// A slot of the tidy tree: one box (with its assistants beside it), a stack of boxes, or a
/// grid of small teams.
enum Slot {
    /// The invisible node that holds the trees of a forest side by side.
    Forest,
    Single {
        item: u32,
        beside: Box<[u32]>,
    },
    /// Boxed: a slot per box of a million-box chart, each as big as its biggest kind (24
    /// bytes: boxed slices and a `u32` count keep the others as small).
    Stack(Box<Stack>),
    /// Teams of one level (a manager and the reports stacked under them), and the parent's
    /// own stacked reports, wrapped into rows so a wide level keeps a page-like shape.
    Grid {
        members: Box<[Member]>,
        per_row: u32,
    },
}

// A million-box chart has a slot and an item per box: keep each small.
const _: () = assert!(std::mem::size_of::<Slot>() <= 24 && std::mem::size_of::<Item>() <= 24);

/// Boxes stacked in columns, filled column by column, in cells of one size.
struct Stack {
    items: Vec<u32>,
    columns: usize,
    rows: usize,
    cell: (f64, f64),
}

/// One team in a grid: a manager with their reports stacked below, or a bare stack.
struct Member {
    head: Option<u32>,
    stack: Option<Stack>,
}

impl Slot {
    /// The item lines to this slot's contents start from.
    fn anchor(&self) -> Option<u32> {
        match self {
            Slot::Single { item, .. } => Some(*item),
            _ => None,
        }
    }
}

/// Lays the items out as an org chart, in time and memory linear in their number, without
/// recursion (a million-deep chain is fine):
///
/// 1. Each item's reports are gathered; an item whose parent is missing, out of range or
///    itself is the top of a tree.
/// 2. The items are grouped into *slots*, breadth-first under an invisible forest slot. A
///    person's reports that have reports of their own get a slot each; those without are
///    stacked into one slot (columns of equal cells) placed in the middle of the managers' slots,
///    or get a slot of their own when alone; assistants without reports go in their
///    manager's slot, beside the box. When two or more of a person's reports are managers whose
///    reports are all leaves, those teams (and the person's own leaves, as a bare stack in
///    the middle) become one grid slot, wrapped into about √n per row so that a wide level
///    keeps a page-like shape.
/// 3. Each slot is measured; the slots with children at one depth take the height of the
///    tallest of them, so managers at the same depth share a row.
/// 4. The slots are laid out as a tidy tree ([`tidy::Tree::layout`]: van der Ploeg's
///    linear-time layout for boxes of different sizes, SPEC §7): every slot directly below its
///    parent, subtrees as close as their contours allow, parents centred over their children.
/// 5. The boxes are placed in their slots, each with a right-angled line from its manager's
///    box: down to halfway through the gap above the slot, across, then down to the box (for
///    a stack, down the lane beside its column; for later rows of a grid, by a trunk down the
///    grid's left).
pub fn arrange(items: Vec<Item>) -> Arranged {
    let (below, tops) = reports_of(&items);
    let Slots {
        slots,
        parent,
        children,
    } = Slots::build(&items, &below, &tops);
    // Freed as soon as they are done with: on a million-box chart each is tens of megabytes.
    // From here on only the boxes' sizes are read (`out.size`: a stacked box is widened to
    // its cell as it is placed, and a stacked box's size is not read again).
    drop((below, tops));
    let size: Vec<(f64, f64)> = items.iter().map(|i| (i.width, i.height)).collect();
    drop(items);
    let extent: Vec<(f64, f64)> = slots.iter().map(|slot| slot_extent(&size, slot)).collect();
    let tree = tidy_tree(&parent, children, &extent);
    drop(extent);
    let placed = tree.layout();
    // Only the widths are read from here on: the children lists (a list per slot) go now.
    let tidy::Tree {
        width,
        height,
        children,
    } = tree;
    drop((height, children));
    let mut out = Arranged {
        centre: vec![(0.0, 0.0); size.len()],
        route: Routes::new(size.len()),
        size,
        width: 0.0,
        height: 0.0,
    };
    for (s, slot) in slots.iter().enumerate() {
        let top = placed.y[s];
        // Lines from the manager drop to halfway down the gap above this slot.
        let turn = top - GAP_Y / 2.0;
        let approach = parent[s].and_then(|p| slots[p as usize].anchor()).map(|p| {
            let (x, y) = out.centre[p as usize];
            vec![(x, y + out.size[p as usize].1 / 2.0), (x, turn)]
        });
        let at = SlotPlace {
            centre_x: placed.x[s] + width[s] / 2.0,
            top,
            turn,
            approach,
        };
        place_slot(&mut out, slot, &at);
    }
    for (k, &(x, y)) in out.centre.iter().enumerate() {
        out.width = out.width.max(x + out.size[k].0 / 2.0);
        out.height = out.height.max(y + out.size[k].1 / 2.0);
    }
    out
}

/// Each item's reports, in item order, and the tops of the trees.
fn reports_of(items: &[Item]) -> (Vec<Vec<u32>>, Vec<u32>) {
    let n = items.len();
    let mut below: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut tops = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let p = item.parent as usize;
        match below.get_mut(p) {
            Some(reports) if p != k => reports.push(k as u32),
            _ => tops.push(k as u32),
        }
    }
    (below, tops)
}

/// The slots breadth-first: slot 0 is the forest; each slot's children follow it.
struct Slots {
    slots: Vec<Slot>,
    parent: Vec<Option<u32>>,
    children: tidy::Children,
}

/// A person's reports, sorted by how they are drawn.
struct Reports {
    /// Assistants without reports, beside the person's box.
    beside: Vec<u32>,
    /// Reports without reports, stacked.
    leaves: Vec<u32>,
    /// Reports with reports: a slot each, or a grid of their teams.
    managers: Vec<u32>,
}

impl Slots {
    fn build(items: &[Item], below: &[Vec<u32>], tops: &[u32]) -> Slots {
        // At most a slot per item and the forest's: reserved, so a million slots are not
        // copied as the lists grow.
        let most = items.len() + 1;
        let mut tree = Slots {
            slots: Vec::with_capacity(most),
            parent: Vec::with_capacity(most),
            children: tidy::Children::with_capacity(most),
        };
        tree.slots.push(Slot::Forest);
        tree.parent.push(None);
        // Breadth-first, a slot's children are the slots added while it is the one looked at.
        let mut next = 0;
        while next < tree.slots.len() {
            let reports: &[u32] = match &tree.slots[next] {
                Slot::Forest => tops,
                Slot::Single { item, .. } => &below[*item as usize],
                Slot::Stack(_) | Slot::Grid { .. } => &[],
            };
            let is_person = matches!(tree.slots[next], Slot::Single { .. });
            let sorted = sort_reports(items, below, reports, is_person);
            let kids = report_slots(items, below, sorted.managers, sorted.leaves, is_person);
            if let Slot::Single { beside: mine, .. } = &mut tree.slots[next] {
                *mine = sorted.beside.into_boxed_slice();
            }
            let first = tree.slots.len() as u32;
            for kid in kids {
                tree.slots.push(kid);
                tree.parent.push(Some(next as u32));
            }
            tree.children.push_node(first..tree.slots.len() as u32);
            next += 1;
        }
        tree
    }
}

/// Whether an item has no reports.
fn is_leaf(below: &[Vec<u32>], k: u32) -> bool {
    below[k as usize].is_empty()
}

/// Whether a team's reports are all leaves (a "shallow" manager).
fn is_shallow(below: &[Vec<u32>], k: u32) -> bool {
    !is_leaf(below, k) && below[k as usize].iter().all(|&c| is_leaf(below, c))
}

/// Sorts the reports of a slot (of a person, or of the forest: tops have no one to sit
/// beside).
fn sort_reports(items: &[Item], below: &[Vec<u32>], reports: &[u32], is_person: bool) -> Reports {
    let mut sorted = Reports {
        beside: Vec::new(),
        leaves: Vec::new(),
        managers: Vec::new(),
    };
    for &r in reports {
        if !is_leaf(below, r) {
            sorted.managers.push(r);
        } else if is_person && items[r as usize].beside {
            sorted.beside.push(r);
        } else {
            sorted.leaves.push(r);
        }
    }
    sorted
}

/// The slots under a person (or the forest): one grid of shallow teams, or a slot per
/// manager with the leaves stacked in the middle.
fn report_slots(
    items: &[Item],
    below: &[Vec<u32>],
    managers: Vec<u32>,
    leaves: Vec<u32>,
    is_person: bool,
) -> Vec<Slot> {
    let mut kids: Vec<Slot> = Vec::new();
    if is_person && managers.len() >= 2 && managers.iter().all(|&m| is_shallow(below, m)) {
        let mut members: Vec<Member> = managers
            .iter()
            .map(|&m| Member {
                head: Some(m),
                stack: Some(stack(items, below[m as usize].clone())),
            })
            .collect();
        if !leaves.is_empty() {
            members.insert(
                members.len() / 2,
                Member {
                    head: None,
                    stack: Some(stack(items, leaves)),
                },
            );
        }
        let per_row = (members.len() as f64).sqrt().ceil() as u32;
        kids.push(Slot::Grid {
            members: members.into_boxed_slice(),
            per_row,
        });
    } else {
        kids.extend(managers.iter().map(|&m| Slot::Single {
            item: m,
            beside: Box::default(),
        }));
        if leaves.len() == 1 {
            kids.push(Slot::Single {
                item: leaves[0],
                beside: Box::default(),
            });
        } else if leaves.len() > 1 {
            kids.insert(kids.len() / 2, Slot::Stack(Box::new(stack(items, leaves))));
        }
    }
    kids
}

/// A slot's width and height.
fn slot_extent(size: &[(f64, f64)], slot: &Slot) -> (f64, f64) {
    match slot {
        Slot::Forest => (0.0, 0.0),
        Slot::Single { item, beside } => {
            let (own_width, own_height) = size[*item as usize];
            if beside.is_empty() {
                (own_width, own_height)
            } else {
                let width = beside
                    .iter()
                    .map(|&a| size[a as usize].0)
                    .fold(0.0, f64::max);
                let height: f64 = beside.iter().map(|&a| size[a as usize].1).sum::<f64>()
                    + STACK_GAP * (beside.len() - 1) as f64;
                // Symmetric, so the manager stays centred over their reports.
                (
                    own_width + 2.0 * (BESIDE_GAP + width),
                    own_height.max(height),
                )
            }
        }
        Slot::Stack(stack) => stack.extent(),
        Slot::Grid { members, per_row } => grid_extent(size, members, *per_row as usize).0,
    }
}

/// The slots as the tidy tree lays them out: each slot's extent with the gaps around it; a
/// slot with children as tall as the tallest such slot at its depth (managers at the same
/// depth share a row).
fn tidy_tree(
    parent: &[Option<u32>],
    children: tidy::Children,
    extent: &[(f64, f64)],
) -> tidy::Tree {
    let count = parent.len();
    let mut depth = vec![0u32; count];
    for s in 1..count {
        if let Some(p) = parent[s] {
            depth[s] = depth[p as usize] + 1;
        }
    }
    let depth = |s: usize| depth[s] as usize;
    let mut row_height: Vec<f64> = Vec::new();
    for s in 0..count {
        if !children.of(s).is_empty() {
            if row_height.len() <= depth(s) {
                row_height.resize(depth(s) + 1, 0.0);
            }
            row_height[depth(s)] = row_height[depth(s)].max(extent[s].1);
        }
    }
    tidy::Tree {
        width: (0..count)
            .map(|s| if s == 0 { 0.0 } else { extent[s].0 + GAP_X })
            .collect(),
        height: (0..count)
            .map(|s| match (s, children.of(s).is_empty()) {
                (0, _) => 0.0,
                (_, true) => extent[s].1 + GAP_Y,
                (_, false) => row_height[depth(s)] + GAP_Y,
            })
            .collect(),
        children,
    }
}

/// Where the tidy tree put a slot: its centre line and top, and the line from its parent's
/// box (`None` when no line reaches it), which ends at the height `turn`.
struct SlotPlace {
    centre_x: f64,
    top: f64,
    turn: f64,
    approach: Option<Vec<(f64, f64)>>,
}

/// Places the boxes of one slot.
fn place_slot(out: &mut Arranged, slot: &Slot, at: &SlotPlace) {
    match slot {
        Slot::Forest => {}
        Slot::Single { item, beside } => {
            place_head(out, *item, at.centre_x, at.top, at.approach.as_deref());
            place_beside(out, *item, beside);
        }
        Slot::Stack(stack) => place_stack(out, stack, at.centre_x, at.top, at.approach.as_deref()),
        Slot::Grid { members, per_row } => place_grid(out, members, *per_row as usize, at),
    }
}

/// Places a grid row by row, each team's head with its stack below it; later rows hang
/// from a line in the gap above them, fed by a trunk on the left.
fn place_grid(out: &mut Arranged, members: &[Member], per_row: usize, at: &SlotPlace) {
    let ((width, _), rows) = grid_extent(&out.size, members, per_row);
    let lane = trunk_lane(members.len(), per_row);
    let left = at.centre_x - width / 2.0 + lane;
    let trunk = left - LANE / 2.0;
    let mut row_top = at.top;
    for (r, (row, height)) in members.chunks(per_row).zip(rows).enumerate() {
        let feed = at.approach.as_ref().map(|a| {
            let mut path = a.clone();
            if r > 0 {
                let line = row_top - GAP_Y / 2.0;
                path.extend([(trunk, at.turn), (trunk, line)]);
            }
            path
        });
        let band = head_band(&out.size, row);
        let mut x = left;
        for member in row {
            let (mw, _) = member_extent(&out.size, member, band);
            place_member(out, member, x + mw / 2.0, row_top, band, feed.as_deref());
            x += mw + GAP_X;
        }
        row_top += height + GAP_Y;
    }
}

/// Places one team of a grid row centred at `x`: its head at the row's top with its stack
/// `band` below, or a bare stack at the row's top.
fn place_member(
    out: &mut Arranged,
    member: &Member,
    x: f64,
    row_top: f64,
    band: f64,
    feed: Option<&[(f64, f64)]>,
) {
    match member.head {
        Some(head) => {
            place_head(out, head, x, row_top, feed);
            if let Some(stack) = &member.stack {
                let (hx, hy) = out.centre[head as usize];
                let bottom = hy + out.size[head as usize].1 / 2.0;
                let stack_top = row_top + band + GAP_Y;
                let from = [(hx, bottom), (hx, stack_top - GAP_Y / 2.0)];
                place_stack(out, stack, x, stack_top, Some(&from));
            }
        }
        None => {
            if let Some(stack) = &member.stack {
                place_stack(out, stack, x, row_top, feed);
            }
        }
    }
}

/// Puts a box with its top at `top`, centred at `x`, with its line from `approach` (which
/// ends on the horizontal line the box hangs from).
fn place_head(out: &mut Arranged, item: u32, x: f64, top: f64, approach: Option<&[(f64, f64)]>) {
    let k = item as usize;
    out.centre[k] = (x, top + out.size[k].1 / 2.0);
    if let Some(path) = approach {
        let line = path.last().map_or(top, |p| p.1);
        let mut route = path.to_vec();
        route.extend([(x, line), (x, top)]);
        out.route.set(k, &route);
    }
}

/// Stacks assistants beside their manager, joined to the manager's side.
fn place_beside(out: &mut Arranged, item: u32, beside: &[u32]) {
    let (centre_x, middle) = out.centre[item as usize];
    let (width, height) = out.size[item as usize];
    let top = middle - height / 2.0;
    let column = beside
        .iter()
        .map(|&a| out.size[a as usize].0)
        .fold(0.0, f64::max);
    let lane = centre_x + width / 2.0 + BESIDE_GAP / 2.0;
    let total = beside.iter().map(|&a| out.size[a as usize].1).sum::<f64>()
        + STACK_GAP * beside.len().saturating_sub(1) as f64;
    // Level with the manager's middle when they fit beside the box, else from its top.
    let mut y = if total <= height {
        middle - total / 2.0
    } else {
        top
    };
    for &a in beside {
        let a = a as usize;
        let (aw, ah) = out.size[a];
        let x = centre_x + width / 2.0 + BESIDE_GAP + column / 2.0;
        out.centre[a] = (x, y + ah / 2.0);
        out.route.set(
            a,
            &[
                (centre_x + width / 2.0, middle),
                (lane, middle),
                (lane, y + ah / 2.0),
                (x - aw / 2.0, y + ah / 2.0),
            ],
        );
        y += ah + STACK_GAP;
    }
}

/// Puts a stack with its top at `top`, centred at `centre_x`; each box's line follows
/// `approach` to its horizontal line, then runs down the lane beside the box's column.
fn place_stack(
    out: &mut Arranged,
    stack: &Stack,
    centre_x: f64,
    top: f64,
    approach: Option<&[(f64, f64)]>,
) {
    let (block_width, _) = stack.extent();
    let lane_left = if stack.columns == 1 { LANE } else { 0.0 };
    let left = centre_x - block_width / 2.0 + lane_left;
    let cell = stack.cell;
    for (j, &item) in stack.items.iter().enumerate() {
        let k = item as usize;
        let (column, row) = (j / stack.rows, j % stack.rows);
        let cell_left = left + column as f64 * (cell.0 + LANE);
        let y = top + row as f64 * (cell.1 + STACK_GAP) + cell.1 / 2.0;
        out.centre[k] = (cell_left + cell.0 / 2.0, y);
        out.size[k] = cell;
        // Pairs of columns share the lane between them; a lone column uses the lane on its
        // left.
        let (lane, side) = if column % 2 == 0 && column + 1 < stack.columns {
            (cell_left + cell.0 + LANE / 2.0, cell_left + cell.0)
        } else {
            (cell_left - LANE / 2.0, cell_left)
        };
        if let Some(path) = approach {
            let line = path.last().map_or(top, |p| p.1);
            let mut route = path.to_vec();
            route.extend([(lane, line), (lane, y), (side, y)]);
            out.route.set(k, &route);
        }
    }
}

/// A stack of boxes: about four times as many rows as columns (boxes are wide), so it is
/// about as tall as wide.
fn stack(items: &[Item], leaves: Vec<u32>) -> Stack {
    let count = leaves.len();
    let columns = ((count as f64 / 4.0).sqrt().round() as usize).max(1);
    let rows = count.div_ceil(columns);
    let cell = leaves.iter().fold((0.0, 0.0), |(w, h), &k| {
        let item = &items[k as usize];
        (f64::max(w, item.width), f64::max(h, item.height))
    });
    Stack {
        items: leaves,
        columns,
        rows,
        cell,
    }
}

impl Stack {
    fn extent(&self) -> (f64, f64) {
        let lane_left = if self.columns == 1 { LANE } else { 0.0 };
        (
            lane_left + self.columns as f64 * self.cell.0 + (self.columns - 1) as f64 * LANE,
            self.rows as f64 * self.cell.1 + (self.rows.saturating_sub(1)) as f64 * STACK_GAP,
        )
    }
}

/// The height of the tallest head in a grid row: every stack of the row starts below it, so
/// the reports of one row start level.
fn head_band(size: &[(f64, f64)], row: &[Member]) -> f64 {
    row.iter()
        .filter_map(|m| m.head)
        .map(|h| size[h as usize].1)
        .fold(0.0, f64::max)
}

/// A member's extent when its stack starts `band` below the row's top.
fn member_extent(size: &[(f64, f64)], member: &Member, band: f64) -> (f64, f64) {
    let stack = member.stack.as_ref().map(Stack::extent);
    match (member.head, stack) {
        (Some(head), Some((sw, sh))) => (size[head as usize].0.max(sw), band + GAP_Y + sh),
        (Some(head), None) => size[head as usize],
        (None, Some(extent)) => extent,
        (None, None) => (0.0, 0.0),
    }
}

/// A grid's extent (with the trunk's lane on the left) and the height of each row.
fn grid_extent(size: &[(f64, f64)], members: &[Member], per_row: usize) -> ((f64, f64), Vec<f64>) {
    let mut width: f64 = 0.0;
    let mut rows = Vec::new();
    for row in members.chunks(per_row.max(1)) {
        let band = head_band(size, row);
        let extents: Vec<(f64, f64)> = row.iter().map(|m| member_extent(size, m, band)).collect();
        let row_width: f64 =
            extents.iter().map(|e| e.0).sum::<f64>() + GAP_X * (row.len() - 1) as f64;
        width = width.max(row_width);
        rows.push(extents.iter().map(|e| e.1).fold(0.0, f64::max));
    }
    let height = rows.iter().sum::<f64>() + GAP_Y * rows.len().saturating_sub(1) as f64;
    ((trunk_lane(members.len(), per_row) + width, height), rows)
}

/// The lane on a grid's left for the trunk that feeds its later rows: a grid of one row has
/// none, so its manager stays centred over it.
fn trunk_lane(members: usize, per_row: usize) -> f64 {
    if members > per_row.max(1) {
        LANE
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(parent: Option<u32>) -> Item {
        Item {
            width: 100.0,
            height: 40.0,
            parent: parent.unwrap_or(TOP),
            beside: false,
        }
    }

    fn overlaps(a: &Arranged, i: usize, j: usize) -> bool {
        let ((xi, yi), (wi, hi)) = (a.centre[i], a.size[i]);
        let ((xj, yj), (wj, hj)) = (a.centre[j], a.size[j]);
        (xi - xj).abs() * 2.0 < wi + wj && (yi - yj).abs() * 2.0 < hi + hj
    }

    #[test]
    fn leaf_reports_stack_in_columns_under_their_manager() {
        // 0 → 1..=20, all leaves: two columns of ten.
        let mut items = vec![item(None)];
        items.extend((1..=20).map(|_| item(Some(0))));
        let a = arrange(items);
        let xs: std::collections::BTreeSet<i64> =
            (1..=20).map(|k| a.centre[k].0.round() as i64).collect();
        assert_eq!(xs.len(), 2, "two columns");
        assert!(a.width < 3.0 * 100.0, "narrow: {}", a.width);
        for k in 1..=20 {
            assert!(a.centre[k].1 > a.centre[0].1);
            // Each line starts under the manager and ends at the side of the report.
            let route = a.route.get(k).unwrap_or_default();
            assert_eq!(route[0], (a.centre[0].0, a.centre[0].1 + 20.0));
            let end = route[route.len() - 1];
            assert!((end.1 - a.centre[k].1).abs() < 1e-9);
            assert!(((end.0 - a.centre[k].0).abs() - 50.0).abs() < 1e-9);
        }
        for i in 0..21 {
            for j in i + 1..21 {
                assert!(!overlaps(&a, i, j), "{i} {j}");
            }
        }
    }

    #[test]
    fn assistants_sit_beside_and_managers_share_a_row() {
        // 0 → 1 (assistant), 2, 3; 2 → 4; 3 → 5 (taller box).
        let mut items: Vec<Item> = vec![item(None), item(Some(0)), item(Some(0)), item(Some(0))];
        items[1].beside = true;
        items[3].height = 80.0;
        items.push(item(Some(2)));
        items.push(item(Some(3)));
        let a = arrange(items);
        assert_eq!(a.centre[1].1, a.centre[0].1, "assistant beside the manager");
        assert!(a.centre[1].0 > a.centre[0].0);
        assert_eq!(
            a.centre[4].1, a.centre[5].1,
            "reports of one row start level"
        );
        let middle = (a.centre[2].0 + a.centre[3].0) / 2.0;
        assert!((a.centre[0].0 - middle).abs() < 1e-9, "manager centred");
        for i in 0..6 {
            for j in i + 1..6 {
                assert!(!overlaps(&a, i, j), "{i} {j}");
            }
        }
    }
}
