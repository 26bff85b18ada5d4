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

pub mod layout;
pub mod quote;
pub mod render;

use crate::finding::{Finding, Severity};
use crate::graph::OrgGraph;
use crate::model::Chart;
use crate::rulebook::{RoleIndex, Rulebook};
use graphviz_rust::dot_structures::{
    Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use layout::{Layout, Place};
use quote::{attr, label_lines, node_name, quoted};
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

#[derive(Clone, Debug)]
pub struct DiagramOptions {
    /// Draw only this person and those below them.
    pub root: Option<String>,
    /// Levels below the root (or the top) to draw.
    pub depth: Option<u32>,
    /// Fold the leaf reports of a manager who has more than this many.
    pub collapse: Option<usize>,
    /// Above this many boxes, fold teams until under it.
    pub max_nodes: usize,
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
    let auto_collapsed = layout.fit(options.max_nodes);
    layout.finish();
    let worst = findings.map(|f| worst_by_person(graph, f));
    let mut writer = Writer {
        chart,
        graph,
        roles,
        rulebook,
        options,
        layout: &layout,
        worst: worst.as_deref(),
        names: NodeNames::default(),
        person_names: HashMap::new(),
        box_names: Vec::new(),
        top: Vec::new(),
        clusters: Vec::new(),
        cluster_of_key: HashMap::new(),
    };
    let graph_out = writer.write();
    Ok(Diagram {
        graph: graph_out,
        people: layout.in_scope(),
        shown: layout.in_scope() - layout.folded(),
        folded: layout.folded(),
        boxes: layout.boxes.len(),
        auto_collapsed,
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

struct Writer<'a> {
    chart: &'a Chart,
    graph: &'a OrgGraph<'a>,
    roles: &'a RoleIndex,
    rulebook: &'a Rulebook,
    options: &'a DiagramOptions,
    layout: &'a Layout,
    worst: Option<&'a [Option<Severity>]>,
    names: NodeNames,
    /// Node names of shown people (their id, unless very long).
    person_names: HashMap<u32, String>,
    box_names: Vec<String>,
    /// Statements outside any cluster.
    top: Vec<Stmt>,
    /// Department clusters: label and statements.
    clusters: Vec<(String, Vec<Stmt>)>,
    cluster_of_key: HashMap<&'a str, usize>,
}

impl<'a> Writer<'a> {
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
        for i in shown {
            let node = self.person_node(i);
            let cluster = self.person_cluster(i);
            self.push(cluster, Stmt::Node(node));
        }
        for (b, fold) in layout.boxes.iter().enumerate() {
            let node = self.box_node(b, fold);
            let cluster = self.box_cluster(fold);
            self.push(cluster, Stmt::Node(node));
        }
        self.assistant_ranks();
        let edges = self.edges();
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
            stmts.push(self.legend());
        }
        Graph::DiGraph {
            id: quoted("orglint"),
            strict: false,
            stmts,
        }
    }

    fn graph_attributes(&self) -> Vec<Stmt> {
        let mut graph = vec![
            attr("rankdir", "TB"),
            attr("fontname", "Helvetica"),
            attr("nodesep", "0.25"),
            attr("ranksep", "0.5"),
        ];
        if let Some(organization) = &self.chart.organization {
            graph.push(attr(
                "label",
                &crate::text::truncate(organization, LABEL_CHARS * 2),
            ));
            graph.push(attr("labelloc", "t"));
        }
        vec![
            Stmt::GAttribute(GraphAttributes::Graph(graph)),
            Stmt::GAttribute(GraphAttributes::Node(vec![
                attr("shape", "box"),
                attr("style", "rounded,filled"),
                attr("fillcolor", "#ffffff"),
                attr("fontname", "Helvetica"),
                attr("fontsize", "10"),
            ])),
            Stmt::GAttribute(GraphAttributes::Edge(vec![
                attr("arrowsize", "0.6"),
                attr("color", "#666666"),
            ])),
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
            Place::Shown => Some(node_name(self.person_name(i))),
            Place::Folded(b) => Some(node_name(&self.box_names[b as usize])),
            Place::Hidden => None,
        }
    }

    fn person_node(&self, i: u32) -> Node {
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
        }
        let mut attributes = vec![label_lines(&lines), attr("style", &style)];
        if let Some(worst) = self.worst {
            let (fill, border) = severity_colours(worst[i as usize]);
            attributes.push(attr("fillcolor", fill));
            attributes.push(attr("color", border));
            if worst[i as usize].is_some() {
                attributes.push(attr("penwidth", "2"));
            }
        }
        Node::new(NodeId(node_name(self.person_name(i)), None), attributes)
    }

    fn box_node(&self, b: usize, fold: &layout::FoldBox) -> Node {
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
            label_lines(&lines),
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
        Node::new(NodeId(node_name(&self.box_names[b]), None), attributes)
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
                let id = node_name(self.person_name(m));
                stmts.push(Stmt::Node(Node::new(NodeId(id, None), Vec::new())));
            }
            let rank = Stmt::Subgraph(Subgraph {
                id: Id::Anonymous(String::new()),
                stmts,
            });
            self.push(cluster, rank);
        }
    }

    /// Solid edges manager → report and dashed dotted-line edges, between the boxes the
    /// people ended up in (once per pair of boxes).
    fn edges(&self) -> Vec<Stmt> {
        let layout = self.layout;
        let mut seen: HashSet<(Id, Id, bool)> = HashSet::new();
        let mut edges = Vec::new();
        let mut add = |from: Option<Id>, to: Option<Id>, dotted: bool| {
            let (Some(from), Some(to)) = (from, to) else {
                return;
            };
            if from == to || !seen.insert((from.clone(), to.clone(), dotted)) {
                return;
            }
            let attributes = if dotted {
                vec![
                    attr("style", "dashed"),
                    attr("constraint", "false"),
                    attr("color", "#888888"),
                ]
            } else {
                Vec::new()
            };
            edges.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(NodeId(from, None)), Vertex::N(NodeId(to, None))),
                attributes,
            }));
        };
        for &i in &layout.order {
            if let Some(manager) = self.graph.manager(i) {
                add(self.node_id(manager), self.node_id(i), false);
            }
        }
        for &(person, target) in &self.graph.dotted {
            if person != target {
                add(self.node_id(target), self.node_id(person), true);
            }
        }
        edges
    }

    /// A frame showing what each colour means.
    fn legend(&mut self) -> Stmt {
        let mut stmts = vec![
            Stmt::Attribute(attr("label", "Worst finding")),
            Stmt::Attribute(attr("rank", "same")),
        ];
        // dot lays a same-rank group out right to left: listed mildest first, it reads
        // error, warning, info, none.
        let entries = [
            (None, "no finding"),
            (Some(Severity::Info), "info"),
            (Some(Severity::Warning), "warning"),
            (Some(Severity::Error), "error"),
        ];
        for (severity, text) in entries {
            let (fill, border) = severity_colours(severity);
            let name = self.names.fresh(format!("legend: {text}"));
            stmts.push(Stmt::Node(Node::new(
                NodeId(node_name(&name), None),
                vec![
                    attr("label", text),
                    attr("fillcolor", fill),
                    attr("color", border),
                ],
            )));
        }
        Stmt::Subgraph(Subgraph {
            id: quoted("cluster_legend"),
            stmts,
        })
    }
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
