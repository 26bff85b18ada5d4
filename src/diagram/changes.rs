//! The change picture of `orglint diff -o` (SPEC §11): the new chart drawn with the §7 layout,
//! with what changed marked on it. Leavers are put back into the chart under their old manager
//! (so they are laid out like everyone else); [`Changes`] says, per person of that chart, what
//! happened to them, which old lines to show struck through, and where each moved person
//! came from. The drawing itself is the diagram's own ([`super::draw`]), told about the
//! changes through [`super::Source::changes`].

use super::boxes::LABEL_CHARS;
use super::quote::attr;
use super::visible::Layout;
use super::{Drawn, Writer, FOLD_FILL};
use crate::diff::ChartDiff;
use crate::hash::FastMap;
use crate::model::{Chart, Ref};
use crate::report::ChangeEntry;
use graphviz_rust::dot_structures::{Attribute, Edge, EdgeTy, NodeId, Stmt, Vertex};
use std::collections::HashMap;

/// What happened to a person of the picture's chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mark {
    #[default]
    Same,
    Joined,
    /// A new manager.
    Moved,
    /// A new manager, with their team.
    TeamMoved,
    /// Gone: drawn under their old manager.
    Left,
}

/// One change as the HTML page's panel lists it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub kind: &'static str,
    pub text: String,
    /// The person of the picture's chart it is about.
    pub person: Option<u32>,
}

/// What changed, per person of the picture's chart.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    pub mark: Vec<Mark>,
    /// Lines of what a person was (old title, roles no longer held, the post's old holder),
    /// drawn struck through.
    pub was: FastMap<u32, Vec<String>>,
    /// Roles a person holds now and did not before.
    pub gained: FastMap<u32, Vec<String>>,
    /// (old manager, moved person): drawn as a dotted grey arrow.
    pub arrows: Vec<(u32, u32)>,
    pub entries: Vec<Entry>,
    /// Draw unchanged people too (`--whole`) rather than folding them.
    pub whole: bool,
}

impl Changes {
    pub fn mark(&self, i: u32) -> Mark {
        self.mark.get(i as usize).copied().unwrap_or_default()
    }

    /// Leavers hold no role any more: their badges (found from their titles) go.
    pub fn forget_leaver_roles(&self, roles: &mut crate::rulebook::RoleIndex) {
        roles
            .person_roles
            .forget(|i| self.mark.get(i) == Some(&Mark::Left));
    }

    /// Whether a title, role or holder of `i` changed.
    pub fn edited(&self, i: u32) -> bool {
        self.was.contains_key(&i) || self.gained.contains_key(&i)
    }

    /// Per person: whether anything about them changed, or a moved person's arrow starts at
    /// them (so the folding keeps them).
    pub fn drawn_people(&self) -> Vec<bool> {
        let mut changed: Vec<bool> = self.mark.iter().map(|&m| m != Mark::Same).collect();
        for &i in self.was.keys().chain(self.gained.keys()) {
            changed[i as usize] = true;
        }
        for &(from, _) in &self.arrows {
            changed[from as usize] = true;
        }
        changed
    }
}

/// The new chart with the leavers put back under their old managers, and what changed.
pub struct Picture {
    pub chart: Chart,
    pub changes: Changes,
}

/// Builds the picture of `diff` (of `old` against `new`); `entries` are the report's changes
/// ([`crate::report::DiffReport::change_entries`]).
pub fn picture(
    old: &Chart,
    new: &Chart,
    diff: &ChartDiff,
    entries: Vec<ChangeEntry>,
    whole: bool,
) -> Picture {
    let mut chart = new.clone();
    let organization = new.organization.as_deref().unwrap_or("Changes");
    chart.organization = Some(format!("{organization}: {}", headline(diff)));
    let left = add_leavers(old, new, &mut chart);
    let index = People::new(&chart);
    let mut changes = Changes {
        mark: vec![Mark::Same; chart.people.len()],
        whole,
        ..Changes::default()
    };
    for &i in &left {
        changes.mark[i as usize] = Mark::Left;
    }
    for joiner in &diff.joiners {
        index.set(&mut changes.mark, &joiner.position.who.id, Mark::Joined);
    }
    let moves = diff.moves.iter().map(|m| (&m.who.id, &m.from, Mark::Moved));
    let team_moves = (diff.team_moves.iter()).map(|t| (&t.who.id, &t.from, Mark::TeamMoved));
    for (id, from, mark) in moves.chain(team_moves) {
        let Some(i) = index.set(&mut changes.mark, id, mark) else {
            continue;
        };
        if let Some(from) = from.as_ref().and_then(|f| index.get(&f.id)) {
            changes.arrows.push((from, i));
        }
    }
    for title in &diff.title_changes {
        if let Some(i) = index.get(&title.who.id) {
            let before = title.from.as_deref().unwrap_or("(no title)");
            changes.was.entry(i).or_default().push(before.to_owned());
        }
    }
    for holder in &diff.holder_changes {
        if let Some(i) = index.get(&holder.post) {
            let before = holder.from.as_deref().unwrap_or("vacant");
            changes.was.entry(i).or_default().push(before.to_owned());
        }
    }
    role_marks(diff, &index, &mut changes);
    changes.entries = entries
        .into_iter()
        .map(|e| Entry {
            kind: e.kind,
            person: e.about.as_deref().and_then(|id| index.get(id)),
            text: e.text,
        })
        .collect();
    Picture { chart, changes }
}

/// The picture's title after the organisation: `2 joined, 3 left, 2 moved, 1 title or role
/// changed` (the kinds there are).
fn headline(diff: &ChartDiff) -> String {
    let edited = diff.title_changes.len() + diff.role_changes.len() + diff.holder_changes.len();
    let parts: Vec<String> = [
        (diff.joiners.len(), "joined"),
        (diff.leavers.len(), "left"),
        (diff.moves.len() + diff.team_moves.len(), "moved"),
        (edited, "title or role changed"),
    ]
    .into_iter()
    .filter(|&(count, _)| count > 0)
    .map(|(count, what)| format!("{count} {what}"))
    .collect();
    match parts.is_empty() {
        true => "no change".to_owned(),
        false => parts.join(", "),
    }
}

/// Roles held now and not before (`now [COO]`), and held before and not now (struck).
fn role_marks(diff: &ChartDiff, index: &People, changes: &mut Changes) {
    for role in &diff.role_changes {
        let ids = |list: &[crate::diff::Position]| -> Vec<String> {
            list.iter().map(|p| p.who.id.clone()).collect()
        };
        let (before, after) = (ids(&role.from), ids(&role.to));
        for id in after.iter().filter(|id| !before.contains(id)) {
            if let Some(i) = index.get(id) {
                changes.gained.entry(i).or_default().push(role.role.clone());
            }
        }
        for id in before.iter().filter(|id| !after.contains(id)) {
            if let Some(i) = index.get(id) {
                changes
                    .was
                    .entry(i)
                    .or_default()
                    .push(format!("[{}]", role.role));
            }
        }
    }
}

/// Appends each leaver (an old person with no match) to `chart`, reporting to their old
/// manager as the picture names them: the manager's match in the new chart, or the old
/// manager themselves when they left too. Returns the leavers' indices in `chart`.
fn add_leavers(old: &Chart, new: &Chart, chart: &mut Chart) -> Vec<u32> {
    let matched = crate::diff::matched(old, new);
    let mut old_index: HashMap<&str, u32> = HashMap::new();
    for (j, person) in old.people.iter().enumerate() {
        old_index.entry(person.id.as_str()).or_insert(j as u32);
    }
    let mut left = Vec::new();
    for (j, person) in old.people.iter().enumerate() {
        if matched[j].is_some() {
            continue;
        }
        let mut leaver = person.clone();
        // Only the solid line is drawn: a leaver's roles and other lines are gone.
        leaver.roles = None;
        leaver.dotted_lines = Default::default();
        leaver.owns = Default::default();
        leaver.assistant = false;
        if let Some(manager) = &mut leaver.reports_to {
            let now = old_index
                .get(manager.id.as_str())
                .and_then(|&m| matched[m as usize]);
            if let Some(m) = now {
                *manager = Ref::new(new.people[m as usize].id.clone(), manager.loc);
            }
        }
        left.push(chart.people.len() as u32);
        chart.people.push(leaver);
    }
    left
}

/// People of the picture's chart by id: the new chart's first, then the leavers (whose ids
/// the diff names with their old ids).
struct People {
    by_id: HashMap<crate::model::Text, u32>,
}

impl People {
    fn new(chart: &Chart) -> People {
        let mut by_id = HashMap::with_capacity(chart.people.len());
        // The first with an id wins: a new person's over a leaver's old one (who come after
        // them; one id on both is possible only with duplicates).
        for (i, person) in chart.people.iter().enumerate() {
            by_id.entry(person.id.clone()).or_insert(i as u32);
        }
        People { by_id }
    }

    fn get(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    fn set(&self, marks: &mut [Mark], id: &str, mark: Mark) -> Option<u32> {
        let i = self.get(id)?;
        marks[i as usize] = mark;
        Some(i)
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing the changes

/// Fill and border of joiners, moved people, the rest of a moved team, and leavers; the border
/// of a changed title or role.
const JOINED: (&str, &str) = ("#d5f5e3", "#1e8449");
const MOVED: (&str, &str) = ("#fad7a0", "#ca6f1e");
const TEAM: (&str, &str) = ("#fdf2e3", "#ca6f1e");
const LEFT: (&str, &str) = ("#e5e5e5", "#9a9a9a");
const LEFT_TEXT: &str = "#7b7b7b";
const EDITED: &str = "#2e6fb4";
const ARROW: &str = "#8c8c8c";

/// Which change marks a drawing uses, for the legend.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct UsedMarks {
    joined: bool,
    moved: bool,
    team: bool,
    left: bool,
    edited: bool,
    pub(super) arrow: bool,
    unchanged: bool,
}

/// Per person: whether they are in a team that moved (its head included), top-down over the
/// drawn forest.
pub(super) fn moved_teams(changes: &Changes, layout: &Layout) -> Vec<bool> {
    let mut team = vec![false; layout.place.len()];
    for &i in &layout.order {
        team[i as usize] = changes.mark(i) == Mark::TeamMoved
            || layout
                .tree_parent(i)
                .is_some_and(|p| team[p as usize] && changes.mark(i) != Mark::Left);
    }
    team
}

/// Per person, how many people in scope are below them, leavers not counted (they are drawn
/// where they were, but are gone).
pub(super) fn people_below(changes: &Changes, layout: &Layout) -> Vec<u32> {
    let mut below = vec![0u32; layout.place.len()];
    for &i in layout.order.iter().rev() {
        if let Some(p) = layout.tree_parent(i) {
            let own = u32::from(changes.mark(i) != Mark::Left);
            below[p as usize] += below[i as usize] + own;
        }
    }
    below
}

/// `lines` with the `struck` ones struck through (a combining long stroke after each
/// character: plain DOT labels have no strike-through).
pub(super) fn struck_lines(lines: &[String], struck: &[usize]) -> Vec<String> {
    lines
        .iter()
        .enumerate()
        .map(|(k, line)| match struck.contains(&k) {
            true => line.chars().flat_map(|c| [c, '\u{336}']).collect(),
            false => line.clone(),
        })
        .collect()
}

impl Writer<'_> {
    fn in_moved_team(&self, i: u32) -> bool {
        self.moved_team.as_ref().is_some_and(|t| t[i as usize])
    }

    /// Whether everyone folded into box `b` is in a team that moved.
    fn moved_with_team(&self, b: u32) -> bool {
        let fold = &self.layout.boxes[b as usize];
        fold.members.iter().all(|&m| self.in_moved_team(m))
    }

    /// Colours a box by what happened to its person (or team), adds the lines of what they
    /// were, and returns which lines are struck through.
    pub(super) fn mark_change(
        &mut self,
        changes: &Changes,
        drawn: Drawn,
        lines: &mut Vec<String>,
        attributes: &mut Vec<Attribute>,
    ) -> Vec<usize> {
        let i = match drawn {
            Drawn::Person(i) => i,
            Drawn::Fold(b) => {
                let fold = &self.layout.boxes[b as usize];
                let team = self.moved_with_team(b);
                let head = match team {
                    true => format!("+{} moved with the team", fold.members.len()),
                    false => format!("+{} unchanged", fold.members.len()),
                };
                let vacant = lines.iter().find(|l| l.ends_with(" vacant")).cloned();
                *lines = std::iter::once(head).chain(vacant).collect();
                self.used.changes.unchanged = true;
                if team {
                    self.used.changes.team = true;
                    colour(attributes, TEAM, None);
                }
                return Vec::new();
            }
            Drawn::Missing(_) => return Vec::new(),
        };
        let mut struck = Vec::new();
        let in_team = self.in_moved_team(i);
        let used = &mut self.used.changes;
        match changes.mark(i) {
            Mark::Joined => {
                used.joined = true;
                colour(attributes, JOINED, None);
            }
            Mark::Moved | Mark::TeamMoved => {
                used.moved = true;
                colour(attributes, MOVED, None);
            }
            Mark::Left => {
                used.left = true;
                colour(attributes, LEFT, Some(LEFT_TEXT));
                struck.push(0);
            }
            Mark::Same if in_team => {
                used.team = true;
                colour(attributes, TEAM, None);
                attributes.push(attr("penwidth", "1"));
            }
            Mark::Same => {}
        }
        if changes.edited(i) {
            used.edited = true;
            if changes.mark(i) == Mark::Same {
                attributes.push(attr("color", EDITED));
                attributes.push(attr("penwidth", "2"));
            }
            for role in changes.gained.get(&i).into_iter().flatten() {
                lines.push(format!("now [{}]", truncate(role)));
            }
            for was in changes.was.get(&i).into_iter().flatten() {
                struck.push(lines.len());
                lines.push(truncate(&crate::escape::escape_control(was)));
            }
        }
        struck
    }

    /// What happened to a box's person as the HTML page's classes (see [`Self::mark_change`]).
    pub(super) fn change_classes(&self, drawn: Drawn) -> String {
        let Some(changes) = self.changes else {
            return String::new();
        };
        let i = match drawn {
            Drawn::Person(i) => i,
            Drawn::Fold(b) => {
                let team = self.moved_with_team(b);
                return if team { "chg-team" } else { "" }.to_owned();
            }
            Drawn::Missing(_) => return String::new(),
        };
        let mark = match changes.mark(i) {
            Mark::Joined => "chg-joined",
            Mark::Moved | Mark::TeamMoved => "chg-moved",
            Mark::Left => "chg-left",
            Mark::Same if self.in_moved_team(i) => "chg-team",
            Mark::Same => "",
        };
        match (changes.edited(i), mark) {
            (false, mark) => mark.to_owned(),
            (true, "") => "chg-edited".to_owned(),
            (true, mark) => format!("{mark} chg-edited"),
        }
    }

    /// A dotted grey arrow from each moved person's old manager to them; whether there is one.
    pub(super) fn change_arrows(&self, changes: &Changes, edges: &mut Vec<Stmt>) -> bool {
        let mut any = false;
        for &(from, to) in &changes.arrows {
            let (Some(from), Some(to)) = (self.node_id(from), self.node_id(to)) else {
                continue;
            };
            any = true;
            edges.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(NodeId(from, None)), Vertex::N(NodeId(to, None))),
                attributes: vec![
                    attr("style", "dotted"),
                    attr("color", ARROW),
                    attr("penwidth", "1.6"),
                    attr("constraint", "false"),
                    attr("arrowhead", "normal"),
                    attr("arrowsize", "0.8"),
                ],
            }));
        }
        any
    }

    /// The legend's entries for the change marks the drawing uses.
    pub(super) fn change_legend(&self) -> Vec<(String, Vec<Attribute>)> {
        let used = self.used.changes;
        let entry = |text: &str, (fill, border): (&str, &str), font: Option<&str>| {
            let mut attributes = vec![attr("fillcolor", fill), attr("color", border)];
            attributes.extend(font.map(|f| attr("fontcolor", f)));
            (text.to_owned(), attributes)
        };
        let mut entries = Vec::new();
        if used.joined {
            entries.push(entry("joined", JOINED, None));
        }
        if used.moved {
            entries.push(entry("moved: new manager", MOVED, None));
        }
        if used.team {
            entries.push(entry("in a team that moved with its head", TEAM, None));
        }
        if used.left {
            let left = struck_lines(&["left".to_owned()], &[0]);
            entries.push(entry(
                &format!("{}: under their old manager", left[0]),
                LEFT,
                Some(LEFT_TEXT),
            ));
        }
        if used.edited {
            let was = struck_lines(&["old".to_owned()], &[0]);
            entries.push(entry(
                &format!("title or role changed ({} one struck)", was[0]),
                ("#ffffff", EDITED),
                None,
            ));
        }
        if used.arrow {
            entries.push((
                "grey dotted arrow: from the old manager".to_owned(),
                vec![attr("shape", "plaintext"), attr("style", "")],
            ));
        }
        if used.unchanged {
            entries.push((
                "+N unchanged: people with no change, folded".to_owned(),
                vec![
                    attr("shape", "folder"),
                    attr("style", "filled"),
                    attr("fillcolor", FOLD_FILL),
                ],
            ));
        }
        entries
    }
}

fn truncate(text: &str) -> String {
    crate::text::truncate(text, LABEL_CHARS).into_owned()
}

/// Fills and borders a box (and colours its text).
fn colour(attributes: &mut Vec<Attribute>, (fill, border): (&str, &str), font: Option<&str>) {
    attributes.push(attr("fillcolor", fill));
    attributes.push(attr("color", border));
    attributes.push(attr("penwidth", "2"));
    attributes.extend(font.map(|f| attr("fontcolor", f)));
}
