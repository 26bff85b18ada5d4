//! The chart as a Graphviz diagram (SPEC §7), built with graphviz-rust's structures.
//!
//! [`build`] turns a chart into a [`Graph`]: a box per person (name, title, role badges),
//! dashed boxes for vacancies, assistants beside their manager, dashed dotted-line edges that
//! do not constrain the layout, optional department clusters, "+N" boxes for folded teams,
//! and with findings a colour per person and a legend. [`to_dot_string`] prints it;
//! [`render`] runs Graphviz's `dot` for SVG, PNG or PDF.
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
pub mod layout;
pub mod metrics;
pub mod quote;
pub mod render;
pub mod tidy;

use crate::finding::{Finding, Severity};
use crate::graph::{ManagerLink, OrgGraph};
use crate::model::Chart;
use crate::rulebook::{RoleIndex, Rulebook};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use layout::{Layout, Place};
use quote::{attr, label_lines, quoted, quoted_lines};
use std::collections::{HashMap, HashSet};
use std::fmt;

pub use render::{render, OutputFormat, RenderError};

/// Longest name or title shown in a box, in characters.
const LABEL_CHARS: usize = 48;

/// Titles wrap at this many characters a line, on at most this many lines.
const TITLE_WIDTH: usize = 32;
const TITLE_LINES: usize = 3;

/// Longest id used as a node name as it is; longer ones are shortened (Graphviz rejects quoted
/// strings over 16 KiB).
const NODE_NAME_CHARS: usize = 200;

/// What to group boxes by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterBy {
    /// One frame per department, labelled with its name.
    Department,
}

/// Who places the boxes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutEngine {
    /// orglint's own tidy tree, with stacked reports (linear time; drawn by `neato -n2`)
    #[default]
    Tidy,
    /// Graphviz `dot`'s layered layout (slow beyond a few thousand boxes)
    Dot,
}

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
    let root = match &options.root {
        None => None,
        Some(id) => Some(graph.index_of(id).ok_or_else(|| UnknownRoot {
            id: id.clone(),
            suggestion:
                crate::text::did_you_mean(id, graph.by_id.keys().copied()).map(str::to_owned),
        })?),
    };
    let mut layout = Layout::new(graph, root, options.depth);
    if let Some(limit) = options.collapse {
        layout.collapse_leaves(chart, limit);
    }
    // The own layout is linear: it draws everything; `dot` needs folding to finish.
    let auto_collapsed = options.layout == LayoutEngine::Dot && layout.fit(options.max_nodes);
    layout.finish();
    let worst = findings.map(|f| worst_by_person(graph, f));
    let messages = findings.map(|f| messages_by_person(graph, f));
    let mut writer = Writer {
        chart,
        graph,
        roles,
        rulebook,
        options,
        layout: &layout,
        worst: worst.as_deref(),
        messages: messages.as_deref(),
        names: NodeNames::default(),
        person_names: HashMap::new(),
        box_names: Vec::new(),
        missing: Vec::new(),
        missing_of: HashMap::new(),
        top: Vec::new(),
        clusters: Vec::new(),
        cluster_of_key: HashMap::new(),
        used: Used::default(),
        dotted_omitted: 0,
    };
    let graph_out = writer.write();
    Ok(Diagram {
        graph: graph_out,
        people: layout.in_scope(),
        shown: layout.in_scope() - layout.folded(),
        folded: layout.folded(),
        boxes: layout.boxes.len(),
        auto_collapsed,
        dotted_omitted: writer.dotted_omitted,
    })
}

/// The diagram as DOT text.
pub fn to_dot_string(graph: &Graph) -> String {
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// `text` split at spaces (` `) into lines of about `width` characters (a longer word gets a line of
/// its own, shortened), at most `max_lines` of them, the last ending in `…` when text is left.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut words = text.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        let word = crate::text::truncate(word, LABEL_CHARS);
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if !current.is_empty() && !fits {
            lines.push(std::mem::take(&mut current));
            if lines.len() == max_lines {
                if let Some(last) = lines.last_mut() {
                    last.push('…');
                }
                return lines;
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
        if words.peek().is_none() {
            lines.push(std::mem::take(&mut current));
        }
    }
    lines
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

/// Per person, the messages of the findings (not waived) naming them.
fn messages_by_person<'f>(graph: &OrgGraph, findings: &'f [Finding]) -> Vec<Vec<&'f str>> {
    let mut messages = vec![Vec::new(); graph.len()];
    for finding in findings.iter().filter(|f| !f.is_waived()) {
        for subject in &finding.subjects {
            if let Some(i) = graph.index_of(subject) {
                let list: &mut Vec<&str> = &mut messages[i as usize];
                if list.last() != Some(&finding.message.as_str()) {
                    list.push(finding.message.as_str());
                }
            }
        }
    }
    messages
}

/// Node names in use: people by their id, made-up boxes by a name no person uses.
#[derive(Default)]
struct NodeNames {
    used: HashSet<String>,
}

impl NodeNames {
    fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    /// `wanted`, or `wanted` with primes added until nobody uses it.
    fn fresh(&mut self, wanted: String) -> String {
        let mut name = wanted;
        while self.used.contains(&name) {
            name.push('\'');
        }
        self.used.insert(name.clone());
        name
    }
}

/// A box in the drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Drawn {
    Person(u32),
    /// A "+N" box (index into the layout's boxes).
    Fold(u32),
    /// The red box standing for a manager id nobody in the chart has.
    Missing(u32),
}

/// A manager id nobody has, and the shown people who report to it.
struct MissingManager {
    id: String,
    name: String,
}

struct Writer<'a> {
    chart: &'a Chart,
    graph: &'a OrgGraph<'a>,
    roles: &'a RoleIndex,
    rulebook: &'a Rulebook,
    options: &'a DiagramOptions,
    layout: &'a Layout,
    worst: Option<&'a [Option<Severity>]>,
    /// Per person, the messages of their findings (for tooltips).
    messages: Option<&'a [Vec<&'a str>]>,
    names: NodeNames,
    /// Node names of shown people (their id, unless very long).
    person_names: HashMap<u32, String>,
    box_names: Vec<String>,
    missing: Vec<MissingManager>,
    /// Per shown person whose manager is missing: the index into `missing`.
    missing_of: HashMap<u32, u32>,
    /// Statements outside any cluster.
    top: Vec<Stmt>,
    /// Department clusters: label and statements.
    clusters: Vec<(String, Vec<Stmt>)>,
    cluster_of_key: HashMap<&'a str, usize>,
    /// What the drawing uses, for the legend.
    used: Used,
    dotted_omitted: usize,
}

/// Styles the drawing uses, each explained by the legend.
#[derive(Default)]
struct Used {
    vacant: bool,
    folded: bool,
    missing: bool,
    dotted: bool,
    cycle: bool,
}

/// Lines of a box label are this tall, and boxes have this much room around the text.
const LINE_HEIGHT: f64 = 12.0;
const PAD_X: f64 = 8.0;
const PAD_Y: f64 = 5.0;
const FONT_SIZE: f64 = 10.0;
/// Margin around the own layout's drawing, in points.
const MARGIN: f64 = 8.0;
const RED: &str = "#c0392b";

/// The size of a box holding these lines (points).
fn box_size(lines: &[String]) -> (f64, f64) {
    let widest = lines
        .iter()
        .map(|l| metrics::text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    // Graphviz draws with whichever sans font is installed (often DejaVu Sans, about a tenth
    // wider than Helvetica): leave room for it.
    (
        (widest * 1.12 + 2.0 * PAD_X).max(40.0),
        lines.len().max(1) as f64 * LINE_HEIGHT + 2.0 * PAD_Y,
    )
}

/// A number of points as Graphviz wants it.
fn points(value: f64) -> String {
    format!("{:.1}", value)
}

impl<'a> Writer<'a> {
    fn own_layout(&self) -> bool {
        self.options.layout == LayoutEngine::Tidy
    }

    fn write(&mut self) -> Graph {
        let layout = self.layout;
        // People are named by their id; the rare very long id by a shortened, unique form.
        let shown: Vec<u32> = layout
            .order
            .iter()
            .copied()
            .filter(|&i| layout.place[i as usize] == Place::Shown)
            .collect();
        let mut long_ids = Vec::new();
        for &i in &shown {
            let id = &self.chart.people[i as usize].id;
            if id.chars().nth(NODE_NAME_CHARS).is_none() {
                self.names.reserve(id);
                self.person_names.insert(i, id.clone());
            } else {
                long_ids.push(i);
            }
        }
        for i in long_ids {
            let id = &self.chart.people[i as usize].id;
            let mut short: String = id.chars().take(NODE_NAME_CHARS).collect();
            short.push('…');
            let name = self.names.fresh(short);
            self.person_names.insert(i, name);
        }
        for fold in &layout.boxes {
            let wanted = match fold.parent {
                Some(p) => format!("+{}", self.person_name(p)),
                None => "+more".to_owned(),
            };
            let name = self.names.fresh(wanted);
            self.box_names.push(name);
        }
        self.find_missing_managers(&shown);

        let mut drawn: Vec<Drawn> = shown.iter().map(|&i| Drawn::Person(i)).collect();
        drawn.extend((0..layout.boxes.len() as u32).map(Drawn::Fold));
        drawn.extend((0..self.missing.len() as u32).map(Drawn::Missing));
        let below = layout.people_below();
        let mut nodes: Vec<(Option<usize>, Node, (f64, f64))> = Vec::with_capacity(drawn.len());
        for &d in &drawn {
            let (lines, attributes) = match d {
                Drawn::Person(i) => self.person_box(i, below[i as usize]),
                Drawn::Fold(b) => self.fold_box(&layout.boxes[b as usize]),
                Drawn::Missing(m) => self.missing_box(m),
            };
            let size = box_size(&lines);
            let mut all = vec![label_lines(&lines)];
            all.extend(attributes);
            let cluster = match d {
                Drawn::Person(i) => self.person_cluster(i),
                Drawn::Fold(b) => self.box_cluster(&layout.boxes[b as usize]),
                Drawn::Missing(_) => None,
            };
            nodes.push((
                cluster,
                Node::new(NodeId(self.drawn_id(d), None), all),
                size,
            ));
        }
        let parents = self.drawn_parents(&drawn);
        let mut arranged = None;
        let mut extent = (0.0, 0.0);
        if self.own_layout() {
            let items: Vec<arrange::Item> = drawn
                .iter()
                .zip(&nodes)
                .zip(&parents)
                .map(|((&d, (_, _, size)), &parent)| arrange::Item {
                    width: size.0,
                    height: size.1,
                    parent,
                    beside: matches!(d, Drawn::Person(i) if self.chart.people[i as usize].assistant),
                })
                .collect();
            let placed = arrange::arrange(&items);
            extent = (placed.width, placed.height);
            for (k, (_, node, _)) in nodes.iter_mut().enumerate() {
                let (x, y) = placed.centre[k];
                let (w, h) = placed.size[k];
                node.attributes.push(attr("pos", &self.pin(extent, x, y)));
                node.attributes
                    .push(attr("width", &format!("{:.3}", w / 72.0)));
                node.attributes
                    .push(attr("height", &format!("{:.3}", h / 72.0)));
            }
            arranged = Some(placed);
        }
        for (cluster, node, _) in nodes {
            self.push(cluster, Stmt::Node(node));
        }
        if !self.own_layout() {
            self.assistant_ranks();
        }
        let edges = self.edges(&drawn, &parents, arranged.as_ref(), extent);
        let mut stmts = self.graph_attributes();
        for (k, (label, body)) in std::mem::take(&mut self.clusters).into_iter().enumerate() {
            let mut cluster = vec![Stmt::Attribute(attr("label", &label))];
            cluster.extend(body);
            stmts.push(Stmt::Subgraph(Subgraph {
                id: quoted(&format!("cluster_{k}")),
                stmts: cluster,
            }));
        }
        stmts.append(&mut self.top);
        stmts.extend(edges);
        if self.worst.is_some() {
            stmts.push(self.legend(extent));
        }
        Graph::DiGraph {
            id: quoted("orglint"),
            strict: false,
            stmts,
        }
    }

    /// A pinned position for the own layout: Graphviz's `y` grows upwards.
    fn pin(&self, extent: (f64, f64), x: f64, y: f64) -> String {
        format!("{},{}!", points(x + MARGIN), points(extent.1 - y + MARGIN))
    }

    /// Groups the shown people whose manager id names nobody, by that id.
    fn find_missing_managers(&mut self, shown: &[u32]) {
        let mut index: HashMap<&str, u32> = HashMap::new();
        for &i in shown {
            if self.layout.tree_parent(i).is_some()
                || self.graph.links[i as usize] != ManagerLink::Unknown
            {
                continue;
            }
            let Some(missing) = self.chart.people[i as usize].reports_to.as_ref() else {
                continue;
            };
            let m = *index.entry(missing.id.as_str()).or_insert_with(|| {
                let short = crate::text::truncate(&missing.id, NODE_NAME_CHARS);
                let name = self.names.fresh(format!("missing: {short}"));
                self.missing.push(MissingManager {
                    id: missing.id.clone(),
                    name,
                });
                (self.missing.len() - 1) as u32
            });
            self.missing_of.insert(i, m);
        }
        self.used.missing = !self.missing.is_empty();
    }

    fn drawn_id(&self, d: Drawn) -> Id {
        quoted(match d {
            Drawn::Person(i) => self.person_name(i),
            Drawn::Fold(b) => &self.box_names[b as usize],
            Drawn::Missing(m) => &self.missing[m as usize].name,
        })
    }

    /// The box each box hangs under (an index into `drawn`).
    fn drawn_parents(&self, drawn: &[Drawn]) -> Vec<Option<u32>> {
        let mut person_item: HashMap<u32, u32> = HashMap::new();
        let mut missing_item: HashMap<u32, u32> = HashMap::new();
        for (k, &d) in drawn.iter().enumerate() {
            match d {
                Drawn::Person(i) => {
                    person_item.insert(i, k as u32);
                }
                Drawn::Missing(m) => {
                    missing_item.insert(m, k as u32);
                }
                Drawn::Fold(_) => {}
            }
        }
        drawn
            .iter()
            .map(|&d| match d {
                Drawn::Person(i) => match self.layout.tree_parent(i) {
                    Some(p) => person_item.get(&p).copied(),
                    None => self
                        .missing_of
                        .get(&i)
                        .and_then(|m| missing_item.get(m).copied()),
                },
                Drawn::Fold(b) => self.layout.boxes[b as usize]
                    .parent
                    .and_then(|p| person_item.get(&p).copied()),
                Drawn::Missing(_) => None,
            })
            .collect()
    }

    fn graph_attributes(&self) -> Vec<Stmt> {
        let mut graph = vec![attr("fontname", "Helvetica")];
        if self.own_layout() {
            // Positions are orglint's own: `neato -n2` only draws them. `inputscale` makes
            // plain `neato`/`dot -Kneato` read the same points.
            graph.extend([
                attr("layout", "neato"),
                attr("inputscale", "72"),
                attr("notranslate", "true"),
                attr("splines", "line"),
                attr("outputorder", "edgesfirst"),
            ]);
        } else {
            graph.extend([
                attr("rankdir", "TB"),
                attr("nodesep", "0.25"),
                attr("ranksep", "0.5"),
            ]);
        }
        if let Some(organization) = &self.chart.organization {
            graph.push(attr(
                "label",
                &crate::text::truncate(organization, LABEL_CHARS * 2),
            ));
            graph.push(attr("labelloc", "t"));
        }
        let mut node = vec![
            attr("shape", "box"),
            attr("style", "rounded,filled"),
            attr("fillcolor", "#ffffff"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
        ];
        let mut edge = vec![attr("arrowsize", "0.6"), attr("color", "#666666")];
        if self.own_layout() {
            node.push(attr("fixedsize", "true"));
            edge.push(attr("arrowhead", "none"));
        }
        vec![
            Stmt::GAttribute(GraphAttributes::Graph(graph)),
            Stmt::GAttribute(GraphAttributes::Node(node)),
            Stmt::GAttribute(GraphAttributes::Edge(edge)),
        ]
    }

    fn push(&mut self, cluster: Option<usize>, stmt: Stmt) {
        match cluster {
            Some(k) => self.clusters[k].1.push(stmt),
            None => self.top.push(stmt),
        }
    }

    /// The cluster of a department id, created on first use.
    fn cluster_for(&mut self, department: &'a str) -> Option<usize> {
        self.options.cluster?;
        if let Some(&k) = self.cluster_of_key.get(department) {
            return Some(k);
        }
        let label = self
            .chart
            .departments
            .iter()
            .find(|d| d.id == department)
            .and_then(|d| d.name.as_deref())
            .filter(|name| !name.is_empty())
            .unwrap_or(department);
        self.clusters.push((
            crate::text::truncate(label, LABEL_CHARS * 2).into_owned(),
            Vec::new(),
        ));
        let k = self.clusters.len() - 1;
        self.cluster_of_key.insert(department, k);
        Some(k)
    }

    fn person_cluster(&mut self, i: u32) -> Option<usize> {
        let department = self.chart.people[i as usize].department.as_ref()?;
        self.cluster_for(department.id.as_str())
    }

    /// A box goes into a cluster when all its people are in that department.
    fn box_cluster(&mut self, fold: &layout::FoldBox) -> Option<usize> {
        let chart = self.chart;
        let department = |i: &u32| chart.people[*i as usize].department.as_ref().map(|d| &d.id);
        let first = department(fold.members.first()?)?;
        if fold.members.iter().all(|i| department(i) == Some(first)) {
            self.cluster_for(first.as_str())
        } else {
            None
        }
    }

    /// The node name of a shown person.
    fn person_name(&self, i: u32) -> &str {
        self.person_names.get(&i).map(String::as_str).unwrap_or("")
    }

    fn node_id(&self, i: u32) -> Option<Id> {
        match self.layout.place[i as usize] {
            Place::Shown => Some(quoted(self.person_name(i))),
            Place::Folded(b) => Some(quoted(&self.box_names[b as usize])),
            Place::Hidden => None,
        }
    }

    /// A person's label lines and the attributes of their box.
    fn person_box(&mut self, i: u32, below: u32) -> (Vec<String>, Vec<Attribute>) {
        let person = &self.chart.people[i as usize];
        let id = person.id.as_str();
        let mut lines: Vec<String> = Vec::new();
        let first = if self.options.redact {
            if person.vacant {
                format!("{id} (vacant)")
            } else {
                id.to_owned()
            }
        } else if person.vacant {
            "Vacant".to_owned()
        } else {
            match person.display_name() {
                Some(name) => std::iter::once(name)
                    .chain(person.job_share_names.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" / "),
                None => id.to_owned(),
            }
        };
        lines.push(crate::text::truncate(&first, LABEL_CHARS).into_owned());
        if let Some(title) = person.title.as_deref().filter(|t| !t.trim().is_empty()) {
            // Control characters stay visible (`\n`) rather than becoming line breaks.
            let title = crate::text::escape_control(title);
            lines.extend(wrap(&title, TITLE_WIDTH, TITLE_LINES));
        }
        let badges: Vec<String> = self.roles.person_roles[i as usize]
            .iter()
            .filter_map(|&r| self.rulebook.roles.get(r as usize))
            .map(|role| format!("[{}]", role.id))
            .collect();
        if !badges.is_empty() {
            lines.push(badges.join(" "));
        }
        if below > 0 {
            lines.push(people_below(below));
        }
        let hidden = self
            .graph
            .reports(i)
            .into_iter()
            .filter(|&c| self.layout.place[c as usize] == Place::Hidden)
            .count();
        if hidden > 0 {
            lines.push(format!("+{hidden} not shown"));
        }
        let mut style = String::from("rounded,filled");
        if person.vacant {
            style.push_str(",dashed");
            self.used.vacant = true;
        }
        let mut attributes = vec![attr("style", &style)];
        if let Some(worst) = self.worst {
            let (fill, border) = severity_colours(worst[i as usize]);
            attributes.push(attr("fillcolor", fill));
            attributes.push(attr("color", border));
            if worst[i as usize].is_some() {
                attributes.push(attr("penwidth", "2"));
            }
        }
        if let Some(messages) = self.messages {
            attributes.push(tooltip(&messages[i as usize]));
        }
        (lines, attributes)
    }

    fn fold_box(&mut self, fold: &layout::FoldBox) -> (Vec<String>, Vec<Attribute>) {
        self.used.folded = true;
        let people = &self.chart.people;
        let count = fold.members.len();
        let mut lines = Vec::new();
        if fold.parent.is_none() {
            lines.push(format!("+{count} more people"));
        } else if fold.direct == count {
            lines.push(format!("+{count} reports"));
        } else {
            lines.push(format!("+{count} people"));
            lines.push(format!("{} direct reports", fold.direct));
        }
        let vacant = fold
            .members
            .iter()
            .filter(|&&i| people[i as usize].vacant)
            .count();
        if vacant > 0 {
            lines.push(format!("{vacant} vacant"));
        }
        let mut attributes = vec![
            attr("shape", "folder"),
            attr("style", "filled"),
            attr("fillcolor", FOLD_FILL),
        ];
        if let Some(worst) = self.worst {
            let severity = fold.members.iter().filter_map(|&i| worst[i as usize]).max();
            if severity.is_some() {
                let (fill, border) = severity_colours(severity);
                attributes.push(attr("fillcolor", fill));
                attributes.push(attr("color", border));
                attributes.push(attr("penwidth", "2"));
            }
        }
        if let Some(messages) = self.messages {
            let all: Vec<&str> = fold
                .members
                .iter()
                .flat_map(|&i| messages[i as usize].iter().copied())
                .collect();
            attributes.push(tooltip(&all));
        }
        (lines, attributes)
    }

    fn missing_box(&self, m: u32) -> (Vec<String>, Vec<Attribute>) {
        let id = crate::text::truncate(&self.missing[m as usize].id, LABEL_CHARS).into_owned();
        let lines = vec!["Unknown manager".to_owned(), id];
        let attributes = vec![
            attr("style", "rounded,dashed"),
            attr("color", RED),
            attr("fontcolor", RED),
            attr("penwidth", "2"),
        ];
        (lines, attributes)
    }

    /// Puts each assistant on their manager's rank, beside them rather than below.
    fn assistant_ranks(&mut self) {
        let layout = self.layout;
        let mut groups: Vec<(u32, Vec<u32>)> = Vec::new();
        let mut group_of: HashMap<u32, usize> = HashMap::new();
        for &i in &layout.order {
            let person = &self.chart.people[i as usize];
            let Some(manager) = self.graph.manager(i) else {
                continue;
            };
            if !person.assistant
                || layout.place[i as usize] != Place::Shown
                || layout.place[manager as usize] != Place::Shown
            {
                continue;
            }
            let k = *group_of.entry(manager).or_insert_with(|| {
                groups.push((manager, Vec::new()));
                groups.len() - 1
            });
            groups[k].1.push(i);
        }
        for (manager, assistants) in groups {
            // A rank constraint across two clusters confuses dot: keep same-cluster pairs only.
            let cluster = self.person_cluster(manager);
            let members: Vec<u32> = std::iter::once(manager)
                .chain(
                    assistants
                        .into_iter()
                        .filter(|&a| self.person_cluster(a) == cluster),
                )
                .collect();
            if members.len() < 2 {
                continue;
            }
            let mut stmts = vec![Stmt::Attribute(attr("rank", "same"))];
            for m in members {
                let id = quoted(self.person_name(m));
                stmts.push(Stmt::Node(Node::new(NodeId(id, None), Vec::new())));
            }
            let rank = Stmt::Subgraph(Subgraph {
                id: Id::Anonymous(String::new()),
                stmts,
            });
            self.push(cluster, rank);
        }
    }

    /// Solid edges from each box to the boxes hanging under it (routed by the own layout), a
    /// red edge closing each reporting cycle, a red loop on each self-manager, and dashed
    /// dotted-line edges (at most `max_nodes` of them).
    fn edges(
        &mut self,
        drawn: &[Drawn],
        parents: &[Option<u32>],
        arranged: Option<&arrange::Arranged>,
        extent: (f64, f64),
    ) -> Vec<Stmt> {
        let mut item_of: HashMap<u32, usize> = HashMap::new();
        for (k, &d) in drawn.iter().enumerate() {
            if let Drawn::Person(i) = d {
                item_of.insert(i, k);
            }
        }
        let mut edges = Vec::new();
        let edge = |from: Id, to: Id, attributes: Vec<Attribute>| {
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(NodeId(from, None)), Vertex::N(NodeId(to, None))),
                attributes,
            })
        };
        for (k, &d) in drawn.iter().enumerate() {
            let Some(p) = parents[k] else { continue };
            let mut attributes = Vec::new();
            if let Some(route) = arranged
                .and_then(|a| a.route.get(k))
                .filter(|r| r.len() >= 2)
            {
                attributes.push(attr("pos", &self.spline(route, None, extent)));
            }
            if matches!(drawn[p as usize], Drawn::Missing(_)) {
                attributes.push(attr("color", RED));
                attributes.push(attr("penwidth", "2"));
            }
            edges.push(edge(
                self.drawn_id(drawn[p as usize]),
                self.drawn_id(d),
                attributes,
            ));
        }
        let red = |extra: Option<Attribute>| {
            let mut attributes = vec![attr("color", RED), attr("penwidth", "2")];
            attributes.extend(extra);
            attributes
        };
        for &d in drawn {
            let Drawn::Person(i) = d else { continue };
            if self.graph.links[i as usize] == ManagerLink::SelfRef {
                self.used.cycle = true;
                edges.push(edge(self.drawn_id(d), self.drawn_id(d), red(None)));
            } else if self.layout.tree_parent(i).is_none() {
                // The top of a tree with a manager in the drawing: the edge closing a cycle.
                let Some(manager) = self.graph.manager(i) else {
                    continue;
                };
                if let Some(from) = self.node_id(manager) {
                    self.used.cycle = true;
                    let loose = (!self.own_layout()).then(|| attr("constraint", "false"));
                    let mut attributes = red(loose);
                    let ends = (item_of.get(&manager), item_of.get(&i));
                    if let (Some(a), (Some(&m), Some(&t))) = (arranged, ends) {
                        // Around the right of the boxes, so it is not drawn over the tree's
                        // own lines.
                        let ((mx, my), (mw, _)) = (a.centre[m], a.size[m]);
                        let ((tx, ty), (tw, _)) = (a.centre[t], a.size[t]);
                        let side = f64::max(mx + mw / 2.0, tx + tw / 2.0) + 14.0;
                        let end = (tx + tw / 2.0, ty);
                        let route = [
                            (mx + mw / 2.0, my),
                            (side, my),
                            (side, ty),
                            (end.0 + 7.0, ty),
                        ];
                        attributes.push(attr("pos", &self.spline(&route, Some(end), extent)));
                        attributes.push(attr("arrowhead", "normal"));
                    }
                    edges.push(edge(from, self.drawn_id(d), attributes));
                }
            }
        }
        let mut seen: HashSet<(Id, Id)> = HashSet::new();
        let mut drawn_dotted = 0;
        for &(person, target) in &self.graph.dotted {
            if person == target {
                continue;
            }
            let (Some(from), Some(to)) = (self.node_id(target), self.node_id(person)) else {
                continue;
            };
            if from == to || !seen.insert((from.clone(), to.clone())) {
                continue;
            }
            if drawn_dotted >= self.options.max_nodes {
                self.dotted_omitted += 1;
                continue;
            }
            drawn_dotted += 1;
            self.used.dotted = true;
            let mut attributes = vec![
                attr("style", "dashed"),
                attr("constraint", "false"),
                attr("color", "#888888"),
            ];
            if self.own_layout() {
                attributes.push(attr("arrowhead", "normal"));
            }
            edges.push(edge(from, to, attributes));
        }
        edges
    }

    /// A polyline as a Graphviz spline: each straight segment a cubic Bézier whose control
    /// points are its ends.
    /// With `arrow`, an arrowhead from the route's end to that point.
    fn spline(
        &self,
        route: &[(f64, f64)],
        arrow: Option<(f64, f64)>,
        extent: (f64, f64),
    ) -> String {
        let at = |(x, y): (f64, f64)| {
            format!("{},{}", points(x + MARGIN), points(extent.1 - y + MARGIN))
        };
        let mut out = match arrow {
            Some(tip) => format!("e,{} ", at(tip)),
            None => String::new(),
        };
        out.push_str(&at(route[0]));
        for pair in route.windows(2) {
            let (a, b) = (at(pair[0]), at(pair[1]));
            out.push_str(&format!(" {a} {b} {b}"));
        }
        out
    }

    /// A frame explaining each colour, box and line style the drawing uses.
    fn legend(&mut self, extent: (f64, f64)) -> Stmt {
        let mut stmts = vec![
            Stmt::Attribute(attr("label", "Legend")),
            Stmt::Attribute(attr("rank", "same")),
        ];
        let mut entries: Vec<(String, Vec<Attribute>)> = Vec::new();
        for (severity, text) in [
            (Some(Severity::Error), "error"),
            (Some(Severity::Warning), "warning"),
            (Some(Severity::Info), "info"),
            (None, "no finding"),
        ] {
            let (fill, border) = severity_colours(severity);
            let text = if severity.is_some() {
                format!("worst finding: {text}")
            } else {
                text.to_owned()
            };
            entries.push((text, vec![attr("fillcolor", fill), attr("color", border)]));
        }
        if self.used.vacant {
            entries.push((
                "vacant post (dashed box)".to_owned(),
                vec![attr("style", "rounded,filled,dashed")],
            ));
        }
        if self.used.folded {
            entries.push((
                "+N: people folded into one box".to_owned(),
                vec![
                    attr("shape", "folder"),
                    attr("style", "filled"),
                    attr("fillcolor", FOLD_FILL),
                ],
            ));
        }
        if self.used.missing {
            entries.push((
                "manager id nobody has".to_owned(),
                vec![
                    attr("style", "rounded,dashed"),
                    attr("color", RED),
                    attr("fontcolor", RED),
                ],
            ));
        }
        if self.used.dotted {
            entries.push((
                "grey dashed arrow: dotted line".to_owned(),
                vec![attr("shape", "plaintext"), attr("style", "")],
            ));
        }
        if self.used.cycle {
            entries.push((
                "red line: closes a reporting cycle".to_owned(),
                vec![
                    attr("shape", "plaintext"),
                    attr("style", ""),
                    attr("fontcolor", RED),
                ],
            ));
        }
        let own = self.own_layout();
        if !own {
            // dot lays a same-rank group out right to left: listed in reverse, it reads
            // error, warning, info, none, then the styles.
            entries.reverse();
        }
        let mut y = 0.0;
        for (text, mut attributes) in entries {
            let name = self.names.fresh(format!("legend: {text}"));
            let lines = [text];
            if own {
                let (w, h) = box_size(&lines);
                let x = extent.0 + 40.0 + w / 2.0;
                attributes.push(attr("pos", &self.pin(extent, x, y + h / 2.0)));
                attributes.push(attr("width", &format!("{:.3}", w / 72.0)));
                attributes.push(attr("height", &format!("{:.3}", h / 72.0)));
                y += h + 6.0;
            }
            attributes.insert(0, label_lines(&lines));
            stmts.push(Stmt::Node(Node::new(
                NodeId(quoted(&name), None),
                attributes,
            )));
        }
        Stmt::Subgraph(Subgraph {
            id: quoted("cluster_legend"),
            stmts,
        })
    }
}

/// "1 person below", "12 people below".
fn people_below(count: u32) -> String {
    if count == 1 {
        "1 person below".to_owned()
    } else {
        format!("{count} people below")
    }
}

/// Most messages a tooltip lists, and the longest one shown whole.
const TOOLTIP_MESSAGES: usize = 10;
const TOOLTIP_CHARS: usize = 300;

/// A tooltip (SVG `<title>` of the box's link) listing findings' messages, one per line.
fn tooltip(messages: &[&str]) -> Attribute {
    let mut lines: Vec<String> = messages
        .iter()
        .take(TOOLTIP_MESSAGES)
        .map(|m| crate::text::truncate(m, TOOLTIP_CHARS).into_owned())
        .collect();
    if messages.len() > TOOLTIP_MESSAGES {
        lines.push(format!("and {} more", messages.len() - TOOLTIP_MESSAGES));
    }
    if lines.is_empty() {
        lines.push("no finding".to_owned());
    }
    Attribute(
        Id::Plain("tooltip".to_owned()),
        quoted_lines(lines.iter().map(String::as_str)),
    )
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn titles_wrap_at_spaces_and_end_with_an_ellipsis_when_cut() {
        assert_eq!(
            wrap("Chief Operating Officer", 32, 3),
            ["Chief Operating Officer"]
        );
        assert_eq!(
            wrap(
                "Deputy Director, Strategic Roads and Network Performance",
                32,
                3
            ),
            [
                "Deputy Director, Strategic Roads",
                "and Network Performance"
            ]
        );
        assert_eq!(
            wrap("a b c d e f", 3, 2),
            ["a b", "c d…"],
            "cut after two lines"
        );
        assert_eq!(wrap("   ", 32, 3), Vec::<String>::new());
        let long = "x".repeat(100);
        let wrapped = wrap(&long, 32, 3);
        assert_eq!(wrapped.len(), 1);
        assert!(wrapped[0].chars().count() < 70, "{wrapped:?}");
    }
}
