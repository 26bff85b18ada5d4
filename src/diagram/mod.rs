//! The chart as a diagram (SPEC §7): Graphviz DOT built with graphviz-rust's structures, and
//! the interactive HTML page.
//!
//! [`build`] turns a chart into a [`Graph`]: a box per person (name, title, role badges),
//! dashed boxes for vacancies, assistants beside their manager, dashed dotted-line edges that
//! do not constrain the layout, optional department clusters, "+N" boxes for folded teams,
//! and with findings a colour per person and a legend. [`to_dot_string`] prints it;
//! [`render`] runs Graphviz for SVG, PNG or PDF.
//!
//! Where things are: which people are drawn and folded ([`layout`]); what each box shows
//! (`boxes.rs`); where boxes go ([`arrange`] on top of [`tidy`], sized by [`metrics`]); the
//! DOT statements (`dot.rs`) and their legend (`legend.rs`), all quoted by [`quote`]; running
//! Graphviz ([`render`]).
//!
//! Every id, label and attribute value goes through [`quote`]; nothing else builds DOT text.
//!
//! ```
//! use orglint::diagram::{self, DiagramOptions};
//! use orglint::graph::OrgGraph;
//! use orglint::rulebook::{RoleIndex, Rulebook};
//!
//! let chart = orglint::load::load_files(&["examples/minimal.yaml".into()], &Default::default()).unwrap();
//! let graph = OrgGraph::build(&chart);
//! let rulebook = Rulebook::builtin().unwrap();
//! let roles = RoleIndex::build(&chart, &graph, &rulebook);
//! let options = DiagramOptions { max_nodes: 500, ..DiagramOptions::default() };
//! let built = diagram::build(&chart, &graph, &roles, &rulebook, None, &options).unwrap();
//! let dot = diagram::to_dot_string(&built.graph);
//! assert!(dot.contains(r#""coo"[label="Ben Okafor\nChief Operating Officer\n[COO]""#));
//! assert!(dot.contains(r#""ceo" -> "coo""#));
//! ```

pub mod arrange;
mod boxes;
pub mod changes;
mod dot;
pub mod html;
mod legend;
pub mod metrics;
mod print;
pub mod quote;
pub mod render;
pub mod tidy;
pub mod visible;

use crate::finding::{Finding, Severity};
use crate::graph::{IdMap, OrgGraph};
use crate::hash::FastMap;
use crate::model::Chart;
use crate::rulebook::{RoleIndex, Rulebook};
use graphviz_rust::dot_structures::{Graph, Stmt};
use std::collections::{HashMap, HashSet};
use std::fmt;
use visible::Layout;

pub use render::{core_plugins, render, OutputFormat, RenderError};

/// What to group boxes by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterBy {
    /// One frame per department, labelled with its name.
    Department,
}

crate::choice::choice!(ClusterBy { Department => "department" });

/// Who places the boxes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayoutEngine {
    /// orglint's own tidy tree, with stacked reports (linear time; drawn by `neato -n2`)
    #[default]
    Tidy,
    /// Graphviz `dot`'s layered layout (slow beyond a few thousand boxes)
    Dot,
}

crate::choice::choice!(LayoutEngine { Tidy => "tidy", Dot => "dot" });

#[derive(Clone, Debug)]
pub struct DiagramOptions {
    /// Draw only this person and those below them.
    pub root: Option<String>,
    /// Levels below the root (or the top) to draw.
    pub depth: Option<u32>,
    /// Fold the leaf reports of a manager who has more than this many.
    pub collapse: Option<usize>,
    /// With the `dot` layout, above this many boxes, fold teams until under it; with any
    /// layout, the most dotted lines drawn.
    pub max_nodes: usize,
    pub layout: LayoutEngine,
    pub cluster: Option<ClusterBy>,
    /// Show ids, never names.
    pub redact: bool,
}

impl Default for DiagramOptions {
    fn default() -> Self {
        DiagramOptions {
            root: None,
            depth: None,
            collapse: None,
            max_nodes: 2000,
            layout: LayoutEngine::Tidy,
            cluster: None,
            redact: false,
        }
    }
}

/// A built diagram and what was folded to draw it.
#[derive(Clone, Debug)]
pub struct Diagram {
    pub graph: Graph,
    /// People in the drawn (sub-)chart.
    pub people: usize,
    /// People with a box of their own.
    pub shown: usize,
    /// People folded into "+N" boxes, and how many such boxes.
    pub folded: usize,
    pub boxes: usize,
    /// Whether `max_nodes` forced folding beyond what was asked.
    pub auto_collapsed: bool,
    /// Dotted lines left out to stay under `max_nodes`.
    pub dotted_omitted: usize,
}

/// `--root` names nobody in the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRoot {
    pub id: String,
    pub suggestion: Option<String>,
}

impl fmt::Display for UnknownRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = crate::text::truncate(&self.id, 80);
        write!(f, "--root: no person has the id {id:?}")?;
        match &self.suggestion {
            Some(s) => write!(f, " (did you mean {s:?}?)"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownRoot {}

/// Colours per worst finding: (fill, border).
fn severity_colours(severity: Option<Severity>) -> (&'static str, &'static str) {
    match severity {
        Some(Severity::Error) => ("#f8d7da", "#b03a2e"),
        Some(Severity::Warning) => ("#fff3cd", "#b9770e"),
        Some(Severity::Info) => ("#d6eaf8", "#2e86c1"),
        None => ("#ffffff", "#555555"),
    }
}

const FOLD_FILL: &str = "#eeeeee";

/// What a drawing is made of: the chart, its graph and roles, and optionally the findings of
/// a check, which colour each person by their worst finding that is not waived and add a
/// legend.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub chart: &'a Chart,
    pub graph: &'a OrgGraph<'a>,
    pub roles: &'a RoleIndex,
    pub rulebook: &'a Rulebook,
    pub findings: Option<&'a [Finding]>,
    /// What changed, for the change picture of `orglint diff -o` (SPEC §11).
    pub changes: Option<&'a changes::Changes>,
}

/// Builds the diagram. `findings` (from [`crate::check`]) colour each person by their worst
/// finding that is not waived and add a legend.
pub fn build(
    chart: &Chart,
    graph: &OrgGraph,
    roles: &RoleIndex,
    rulebook: &Rulebook,
    findings: Option<&[Finding]>,
    options: &DiagramOptions,
) -> Result<Diagram, UnknownRoot> {
    let source = Source {
        chart,
        graph,
        roles,
        rulebook,
        findings,
        changes: None,
    };
    build_from(source, options)
}

/// Builds the diagram of a [`Source`] (with findings or changes marked, if it has them).
pub fn build_from(source: Source, options: &DiagramOptions) -> Result<Diagram, UnknownRoot> {
    draw(source, options, |writer, auto_collapsed| {
        let graph = writer.write();
        let layout = writer.layout;
        Diagram {
            graph,
            people: layout.in_scope(),
            shown: layout.in_scope() - layout.folded(),
            folded: layout.folded(),
            boxes: layout.boxes.len(),
            auto_collapsed,
            dotted_omitted: writer.dotted_omitted,
        }
    })
}

/// Chooses who is drawn (`--root`, `--depth`, `--collapse`, and for `dot` `--max-nodes`) and
/// hands a writer for them to `finish`, with whether `--max-nodes` folded teams.
fn draw<R>(
    source: Source,
    options: &DiagramOptions,
    finish: impl FnOnce(&mut Writer, bool) -> R,
) -> Result<R, UnknownRoot> {
    let Source {
        chart,
        graph,
        roles,
        rulebook,
        findings,
        changes,
    } = source;
    let root = match &options.root {
        None => None,
        Some(id) => Some(graph.index_of(id).ok_or_else(|| UnknownRoot {
            id: id.clone(),
            suggestion: crate::text::did_you_mean(id, graph.by_id.keys()).map(str::to_owned),
        })?),
    };
    let mut layout = Layout::new(graph, root, options.depth);
    if let Some(limit) = options.collapse {
        layout.collapse_leaves(chart, limit);
    }
    // The own layout is linear: it draws everything; `dot` needs folding to finish.
    if let Some(changes) = changes.filter(|c| !c.whole) {
        layout.fold_unchanged(&changes.drawn_people());
    }
    let auto_collapsed = options.layout == LayoutEngine::Dot && layout.fit(options.max_nodes);
    layout.finish();
    let worst = findings.map(|f| worst_by_person(graph, f));
    let messages = findings.map(|f| Messages::by_person(graph, f));
    let mut writer = Writer {
        chart,
        graph,
        roles,
        rulebook,
        options,
        layout: &layout,
        worst: worst.as_deref(),
        messages: messages.as_ref(),
        names: NodeNames::new(&graph.by_id),
        short_names: FastMap::default(),
        box_names: Vec::new(),
        missing: Vec::new(),
        missing_names: Vec::new(),
        missing_of: Vec::new(),
        top: Vec::new(),
        clusters: Vec::new(),
        cluster_of_key: HashMap::new(),
        used: Used::default(),
        dotted_omitted: 0,
        below: None,
        page: false,
        moved_team: changes.map(|c| changes::moved_teams(c, &layout)),
        changes,
    };
    Ok(finish(&mut writer, auto_collapsed))
}

/// The diagram as DOT text, as graphviz-rust's printer writes it.
pub fn to_dot_string(graph: &Graph) -> String {
    let mut text = print::dot_text(graph);
    text.push('\n');
    text
}

/// Per person, the worst severity among the findings (not waived) naming them.
fn worst_by_person(graph: &OrgGraph, findings: &[Finding]) -> Vec<Option<Severity>> {
    let mut worst = vec![None; graph.len()];
    for finding in findings.iter().filter(|f| !f.is_waived()) {
        for subject in &finding.subjects {
            if let Some(i) = graph.index_of(subject) {
                let slot: &mut Option<Severity> = &mut worst[i as usize];
                *slot = (*slot).max(Some(finding.severity));
            }
        }
    }
    worst
}

/// Per person, the messages of the findings (not waived) naming them, in finding order, a
/// message named twice in a row once. In one list rather than a list per person (a million
/// people would be a million heap blocks): person `i`'s are `list[starts[i]..starts[i + 1]]`.
pub(super) struct Messages<'f> {
    starts: Vec<u32>,
    list: Vec<&'f str>,
}

impl<'f> Messages<'f> {
    fn by_person(graph: &OrgGraph, findings: &'f [Finding]) -> Self {
        let mut pairs: Vec<(u32, &'f str)> = Vec::new();
        for finding in findings.iter().filter(|f| !f.is_waived()) {
            for subject in &finding.subjects {
                if let Some(i) = graph.index_of(subject) {
                    pairs.push((i, finding.message.as_str()));
                }
            }
        }
        // Stable: each person's messages stay in finding order.
        pairs.sort_by_key(|&(i, _)| i);
        pairs.dedup();
        let mut starts = vec![0u32; graph.len() + 1];
        for &(i, _) in &pairs {
            starts[i as usize + 1] += 1;
        }
        for i in 0..graph.len() {
            starts[i + 1] += starts[i];
        }
        // A new list, not `pairs`' block reused: that stays as big as the pairs were.
        let list = pairs.iter().map(|&(_, message)| message).collect();
        Messages { starts, list }
    }

    /// The messages naming person `i`.
    pub(super) fn of(&self, i: u32) -> &[&'f str] {
        let at = |i: usize| self.starts.get(i).map_or(0, |&s| s as usize);
        self.list
            .get(at(i as usize)..at(i as usize + 1))
            .unwrap_or_default()
    }
}

/// No box: an empty slot of a per-person list of boxes.
pub(super) const NO_BOX: u32 = u32::MAX;

/// Node names in use: people by their id, made-up boxes by a name no person's id is and no
/// other made-up box has.
pub(super) struct NodeNames<'a> {
    /// Every person's id (a superset of the people drawn, so no copy of them is needed).
    ids: &'a IdMap<'a>,
    made_up: HashSet<String>,
}

impl<'a> NodeNames<'a> {
    fn new(ids: &'a IdMap<'a>) -> Self {
        NodeNames {
            ids,
            made_up: HashSet::new(),
        }
    }

    /// `wanted`, or `wanted` with primes added until nobody uses it.
    fn fresh(&mut self, wanted: String) -> String {
        let mut name = wanted;
        while self.ids.contains_key(name.as_str()) || self.made_up.contains(&name) {
            name.push('\'');
        }
        self.made_up.insert(name.clone());
        name
    }
}

/// A box in the drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Drawn {
    Person(u32),
    /// A "+N" box (index into the layout's boxes).
    Fold(u32),
    /// The red box standing for a manager id nobody in the chart has.
    Missing(u32),
}

pub(super) struct Writer<'a> {
    chart: &'a Chart,
    graph: &'a OrgGraph<'a>,
    roles: &'a RoleIndex,
    rulebook: &'a Rulebook,
    options: &'a DiagramOptions,
    layout: &'a Layout,
    worst: Option<&'a [Option<Severity>]>,
    /// Per person, the messages of their findings (for tooltips).
    messages: Option<&'a Messages<'a>>,
    names: NodeNames<'a>,
    /// Node names of the shown people whose id is too long to be one; the others are named
    /// by their id.
    short_names: FastMap<u32, String>,
    box_names: Vec<String>,
    /// Manager ids nobody has, each drawn as a placeholder box: a person whose manager it is
    /// (the id, as outputs may show it, is [`Chart::reference_shown`] of theirs: withheld
    /// under --redact when it is personal data).
    missing: Vec<u32>,
    /// Their node names, unique in the drawing (none on the HTML page, which needs none:
    /// a million unknown managers would be a million empty names).
    missing_names: Vec<String>,
    /// Per person: the index into `missing` of their manager, if missing and drawn ([`NO_BOX`] if not).
    missing_of: Vec<u32>,
    /// Statements outside any cluster.
    top: Vec<Stmt>,
    /// Department clusters: label and statements.
    clusters: Vec<(String, Vec<Stmt>)>,
    cluster_of_key: HashMap<&'a str, usize>,
    /// What the drawing uses, for the legend.
    used: Used,
    dotted_omitted: usize,
    /// How many people are below each person, when they are to be counted in a bigger chart
    /// than this drawing's (the first view of a big HTML chart).
    below: Option<Vec<u32>>,
    /// Drawing the HTML page: boxes need no node names, and their DOT styles are not kept.
    page: bool,
    /// The change picture's changes, and per person whether they are in a team that moved.
    changes: Option<&'a changes::Changes>,
    moved_team: Option<Vec<bool>>,
}

/// Styles the drawing uses, each explained by the legend.
#[derive(Default)]
pub(super) struct Used {
    vacant: bool,
    folded: bool,
    missing: bool,
    dotted: bool,
    cycle: bool,
    /// The change picture's marks.
    changes: changes::UsedMarks,
}

/// Border and text of problem boxes and lines.
const RED: &str = "#c0392b";

impl Writer<'_> {
    fn own_layout(&self) -> bool {
        self.options.layout == LayoutEngine::Tidy
    }
}
