//! The DOT statements of a drawing: graph, node and edge attributes, department frames,
//! assistants' ranks for `dot`, pinned positions and routed lines for `neato -n2`, edges for
//! reporting lines, cycles and dotted lines. Every value goes through [`super::quote`].

use super::boxes::SceneBox;
use super::boxes::LABEL_CHARS;
use super::quote::{attr, attr_owned, label_lines, node_name, quoted};
use super::visible::{self, Place};
use super::{arrange, Drawn, FastMap, Writer, RED};
use crate::graph::ManagerLink;
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use std::collections::{HashMap, HashSet};

/// Margin around the own layout's drawing, in points.
pub(super) const MARGIN: f64 = 8.0;

/// `value` with `places` decimals (at most 6), as `{:.N}` would print it.
pub(super) fn decimal(value: f64, places: u32) -> String {
    let mut out = String::with_capacity(12);
    push_decimal(&mut out, value, places);
    out
}

/// Appends a point of the own layout as Graphviz reads it (`x,y` in points, one decimal,
/// `y` growing upwards, inside the drawing's margin).
fn push_point(out: &mut String, extent: (f64, f64), (x, y): (f64, f64)) {
    push_decimal(out, x + MARGIN, 1);
    out.push(',');
    push_decimal(out, extent.1 - y + MARGIN, 1);
}

/// Appends `value` with `places` decimals (at most 6) without the float formatting
/// machinery: a 100,000-person chart writes millions of these.
fn push_decimal(out: &mut String, value: f64, places: u32) {
    let places = places.min(6);
    let scale = 10u64.pow(places);
    let scaled = (value * scale as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        out.push_str(&format!("{:.*}", places as usize, value));
        return;
    }
    if scaled < 0.0 {
        out.push('-');
    }
    let scaled = scaled.abs() as u64;
    let (whole, fraction) = (scaled / scale, scaled % scale);
    push_digits(out, whole, 1);
    if places > 0 {
        out.push('.');
        push_digits(out, fraction, places as usize);
    }
}

/// Appends `n` in decimal, with leading zeros up to `width` digits.
fn push_digits(out: &mut String, mut n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    while n > 0 || len < width {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    out.extend(digits[..len].iter().rev().map(|&d| d as char));
}

/// The lines of a drawing, and which of the styles the legend explains they use.
#[derive(Default)]
pub(super) struct Edges {
    pub stmts: Vec<Stmt>,
    /// A red edge closes a cycle or loops on a self-manager.
    pub cycle: bool,
    pub dotted: bool,
    /// A dotted grey arrow from a moved person's old manager (the change picture).
    pub moved: bool,
    /// Dotted lines left out to stay under `max_nodes`.
    pub dotted_omitted: usize,
}

impl<'a> Writer<'a> {
    /// The diagram as Graphviz statements.
    pub(super) fn write(&mut self) -> Graph {
        let scene = self.scene();
        let extent = scene
            .arranged
            .as_ref()
            .map_or((0.0, 0.0), |a| (a.width, a.height));
        let drawn: Vec<Drawn> = scene.boxes.iter().map(|b| b.drawn).collect();
        // Boxes and lines are independent statements: on a big chart each is a few hundred
        // milliseconds of building strings, so they are built side by side.
        let writer = &*self;
        let arranged = scene.arranged.as_ref();
        let edges = || writer.edges(&drawn, &scene.parents, arranged, extent);
        let (nodes, edges) = std::thread::scope(|scope| {
            // Without a second thread (a process limit), the lines wait for the boxes.
            let lines = std::thread::Builder::new().spawn_scoped(scope, edges).ok();
            let nodes: Vec<(Option<usize>, Stmt)> = scene
                .boxes
                .into_iter()
                .enumerate()
                .map(|(k, b)| (b.cluster, writer.node(b, k, arranged, extent)))
                .collect();
            let edges = match lines {
                Some(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => edges(),
            };
            (nodes, edges)
        });
        for (cluster, node) in nodes {
            self.push(cluster, node);
        }
        if !self.own_layout() {
            self.assistant_ranks();
        }
        self.used.cycle |= edges.cycle;
        self.used.dotted |= edges.dotted;
        self.used.changes.arrow |= edges.moved;
        self.dotted_omitted += edges.dotted_omitted;
        let edges = edges.stmts;
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
        if self.worst.is_some() || self.changes.is_some() {
            stmts.push(self.legend(extent));
        }
        Graph::DiGraph {
            id: quoted("orglint"),
            strict: false,
            stmts,
        }
    }

    /// The statement of box `k` of the scene.
    fn node(
        &self,
        b: SceneBox,
        k: usize,
        arranged: Option<&arrange::Arranged>,
        extent: (f64, f64),
    ) -> Stmt {
        let mut attributes = Vec::with_capacity(b.attributes.len() + 4);
        attributes.push(match b.struck.is_empty() {
            true => label_lines(&b.lines),
            false => label_lines(&super::changes::struck_lines(&b.lines, &b.struck)),
        });
        attributes.extend(b.attributes);
        if let Some(placed) = arranged {
            let (x, y) = placed.centre[k];
            let (w, h) = placed.size[k];
            attributes.push(attr_owned("pos", self.pin(extent, x, y)));
            attributes.push(attr_owned("width", decimal(w / 72.0, 3)));
            attributes.push(attr_owned("height", decimal(h / 72.0, 3)));
        }
        Stmt::Node(Node::new(NodeId(self.drawn_id(b.drawn), None), attributes))
    }

    /// A pinned position for the own layout: Graphviz's `y` grows upwards.
    pub(super) fn pin(&self, extent: (f64, f64), x: f64, y: f64) -> String {
        let mut out = String::with_capacity(24);
        push_point(&mut out, extent, (x, y));
        out.push('!');
        out
    }

    pub(super) fn drawn_id(&self, d: Drawn) -> Id {
        node_name(match d {
            Drawn::Person(i) => self.person_name(i),
            Drawn::Fold(b) => &self.box_names[b as usize],
            Drawn::Missing(m) => self
                .missing_names
                .get(m as usize)
                .map_or("", String::as_str),
        })
    }

    pub(super) fn graph_attributes(&self) -> Vec<Stmt> {
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

    pub(super) fn push(&mut self, cluster: Option<usize>, stmt: Stmt) {
        match cluster {
            Some(k) => self.clusters[k].1.push(stmt),
            None => self.top.push(stmt),
        }
    }

    /// The cluster of a department id, created on first use.
    pub(super) fn cluster_for(&mut self, department: &'a str) -> Option<usize> {
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

    pub(super) fn person_cluster(&mut self, i: u32) -> Option<usize> {
        let department = self.chart.people[i as usize].department.as_ref()?;
        self.cluster_for(department.id.as_str())
    }

    /// A box goes into a cluster when all its people are in that department.
    pub(super) fn box_cluster(&mut self, fold: &visible::FoldBox) -> Option<usize> {
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
    pub(super) fn person_name(&self, i: u32) -> &str {
        if self.layout.place[i as usize] != Place::Shown {
            return "";
        }
        match self.short_names.get(&i) {
            Some(name) => name,
            None => &self.chart.people[i as usize].id,
        }
    }

    pub(super) fn node_id(&self, i: u32) -> Option<Id> {
        match self.layout.place[i as usize] {
            Place::Shown => Some(node_name(self.person_name(i))),
            Place::Folded(b) => Some(node_name(&self.box_names[b as usize])),
            Place::Hidden => None,
        }
    }

    /// Puts each assistant on their manager's rank, beside them rather than below.
    pub(super) fn assistant_ranks(&mut self) {
        let layout = self.layout;
        let mut groups: Vec<(u32, Vec<u32>)> = Vec::new();
        let mut group_of: HashMap<u32, usize> = HashMap::new();
        for &i in &layout.order {
            let person = &self.chart.people[i as usize];
            let Some(manager) = self.graph.drawn_manager(i) else {
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

    /// Solid edges from each box to the boxes hanging under it (routed by the own layout), a
    /// red edge closing each reporting cycle, a red loop on each self-manager, and dashed
    /// dotted-line edges (at most `max_nodes` of them).
    pub(super) fn edges(
        &self,
        drawn: &[Drawn],
        parents: &[Option<u32>],
        arranged: Option<&arrange::Arranged>,
        extent: (f64, f64),
    ) -> Edges {
        let mut notes = Edges::default();
        let mut item_of: FastMap<u32, usize> = FastMap::default();
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
                attributes.push(attr_owned("pos", self.spline(route, None, extent)));
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
                notes.cycle = true;
                edges.push(edge(self.drawn_id(d), self.drawn_id(d), red(None)));
            } else if self.layout.tree_parent(i).is_none() {
                // The top of a tree with a manager in the drawing: the edge closing a cycle.
                let Some(manager) = self.graph.drawn_manager(i) else {
                    continue;
                };
                if let Some(from) = self.node_id(manager) {
                    notes.cycle = true;
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
                        attributes.push(attr_owned("pos", self.spline(&route, Some(end), extent)));
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
                notes.dotted_omitted += 1;
                continue;
            }
            drawn_dotted += 1;
            notes.dotted = true;
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
        if let Some(changes) = self.changes {
            notes.moved = self.change_arrows(changes, &mut edges);
        }
        notes.stmts = edges;
        notes
    }

    /// A polyline as a Graphviz spline: each straight segment a cubic Bézier whose control
    /// points are its ends.
    /// With `arrow`, an arrowhead from the route's end to that point.
    pub(super) fn spline(
        &self,
        route: &[(f64, f64)],
        arrow: Option<(f64, f64)>,
        extent: (f64, f64),
    ) -> String {
        let mut out = String::with_capacity(24 + route.len() * 48);
        if let Some(tip) = arrow {
            out.push_str("e,");
            push_point(&mut out, extent, tip);
            out.push(' ');
        }
        push_point(&mut out, extent, route[0]);
        for pair in route.windows(2) {
            // The segment's control points are its ends: start, start, end, end.
            for point in [pair[0], pair[1], pair[1]] {
                out.push(' ');
                push_point(&mut out, extent, point);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimal_prints_as_the_format_macro_does() {
        for value in [
            0.0,
            0.04,
            0.05,
            0.15,
            1.25,
            -0.04,
            -3.96,
            12.3456,
            1234.5,
            72.0,
            1e7 + 0.3,
        ] {
            for places in [0, 1, 3] {
                let expected = format!("{:.*}", places as usize, value);
                let got = decimal(value, places);
                // Ties may round either way; the value printed must be the nearer or equal.
                let diff = (got.parse::<f64>().unwrap() - expected.parse::<f64>().unwrap()).abs();
                assert!(
                    diff <= 10f64.powi(-(places as i32)) + 1e-9,
                    "{value} {places}: {got} vs {expected}"
                );
                assert_eq!(got.contains('.'), places > 0, "{got}");
            }
        }
        assert_eq!(decimal(-0.04, 1), "0.0");
        assert_eq!(decimal(12.345, 1), "12.3");
        assert_eq!(decimal(2.5, 3), "2.500");
        assert_eq!(decimal(-7.25, 1), "-7.3");
    }
}
