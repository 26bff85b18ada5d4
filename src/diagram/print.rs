//! DOT text of a [`Graph`], byte for byte as graphviz-rust's printer writes it with its
//! default context, but into one buffer: graphviz-rust's printer builds a new `String` for
//! every id, attribute, list and statement and copies each into the next, which was most of
//! the time of writing a 100,000-person chart.
//!
//! The rare graph with a subgraph as an edge end (orglint never builds one) goes to
//! graphviz-rust's printer, whose inline layout of such edges is its own. Two malformed
//! graphs on which graphviz-rust panics (an edge chain with no ends, a port with neither name
//! nor compass point) are printed here as far as they go, without a panic.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Port, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

/// Indent of each nesting level, as graphviz-rust's default.
const INDENT_STEP: usize = 2;

/// The graph as DOT text, without a final newline (as graphviz-rust prints it).
pub fn dot_text(graph: &Graph) -> String {
    let (id, stmts, keyword) = match graph {
        Graph::Graph { id, strict, stmts } => (id, stmts, graph_keyword(*strict, false)),
        Graph::DiGraph { id, strict, stmts } => (id, stmts, graph_keyword(*strict, true)),
    };
    if stmts.iter().any(has_subgraph_end) {
        return graph.print(&mut PrinterContext::default());
    }
    let printer = Printer {
        bond: if matches!(graph, Graph::DiGraph { .. }) {
            "->"
        } else {
            "--"
        },
    };
    let mut out = String::with_capacity(estimated_len(stmts));
    out.push_str(keyword);
    out.push(' ');
    push_id(&mut out, id);
    out.push_str(" {\n");
    printer.stmts(&mut out, stmts, INDENT_STEP);
    out.push_str("\n}");
    out
}

fn graph_keyword(strict: bool, directed: bool) -> &'static str {
    match (strict, directed) {
        (true, true) => "strict digraph",
        (false, true) => "digraph",
        (true, false) => "strict graph",
        (false, false) => "graph",
    }
}

/// Whether a statement (or one nested in it) has an edge with a subgraph as an end.
fn has_subgraph_end(stmt: &Stmt) -> bool {
    // Iterative: subgraphs may nest as deep as the input makes them.
    let mut pending = vec![stmt];
    while let Some(stmt) = pending.pop() {
        match stmt {
            Stmt::Edge(edge) => {
                let subgraph = |v: &Vertex| matches!(v, Vertex::S(_));
                let found = match &edge.ty {
                    EdgeTy::Pair(a, b) => subgraph(a) || subgraph(b),
                    EdgeTy::Chain(ends) => ends.iter().any(subgraph),
                };
                if found {
                    return true;
                }
            }
            Stmt::Subgraph(sub) => pending.extend(&sub.stmts),
            _ => {}
        }
    }
    false
}

/// A rough size of the text, so the buffer grows a few times, not twenty.
fn estimated_len(stmts: &[Stmt]) -> usize {
    stmts.len().saturating_mul(96).saturating_add(256)
}

struct Printer {
    /// `->` or `--`.
    bond: &'static str,
}

impl Printer {
    /// Statements one per line at `indent`, as graphviz-rust joins them: no line break after
    /// the last.
    fn stmts(&self, out: &mut String, stmts: &[Stmt], indent: usize) {
        // Subgraphs nest: an explicit stack of (statements, next index, indent) instead of
        // recursion.
        let mut stack: Vec<(&[Stmt], usize, usize)> = vec![(stmts, 0, indent)];
        while let Some(top) = stack.last_mut() {
            let (list, next, indent) = *top;
            if next == list.len() {
                stack.pop();
                if let Some(&(_, _, outer)) = stack.last() {
                    // The end of a subgraph opened at `outer`.
                    out.push('\n');
                    push_spaces(out, outer);
                    out.push('}');
                }
                continue;
            }
            top.1 += 1;
            if next > 0 {
                out.push('\n');
            }
            push_spaces(out, indent);
            match &list[next] {
                Stmt::Node(node) => self.node(out, node),
                Stmt::Attribute(attribute) => push_attribute(out, attribute),
                Stmt::GAttribute(attributes) => {
                    let (keyword, list) = match attributes {
                        GraphAttributes::Graph(list) => ("graph", list),
                        GraphAttributes::Node(list) => ("node", list),
                        GraphAttributes::Edge(list) => ("edge", list),
                    };
                    out.push_str(keyword);
                    push_attributes(out, list);
                }
                Stmt::Edge(edge) => self.edge(out, edge),
                Stmt::Subgraph(sub) => {
                    out.push_str("subgraph ");
                    push_id(out, &sub.id);
                    out.push_str(" {\n");
                    stack.push((&sub.stmts, 0, indent + INDENT_STEP));
                }
            }
        }
    }

    fn node(&self, out: &mut String, node: &Node) {
        push_node_id(out, &node.id);
        push_attributes(out, &node.attributes);
    }

    fn edge(&self, out: &mut String, edge: &Edge) {
        match &edge.ty {
            EdgeTy::Pair(from, to) => {
                push_vertex(out, from);
                out.push(' ');
                out.push_str(self.bond);
                out.push(' ');
                push_vertex(out, to);
                if !edge.attributes.is_empty() {
                    out.push(' ');
                }
            }
            EdgeTy::Chain(ends) => {
                for (k, end) in ends.iter().enumerate() {
                    if k > 0 {
                        out.push(' ');
                        out.push_str(self.bond);
                        out.push(' ');
                    }
                    push_vertex(out, end);
                }
            }
        }
        push_attributes(out, &edge.attributes);
    }
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn push_id(out: &mut String, id: &Id) {
    match id {
        Id::Html(text) | Id::Escaped(text) | Id::Plain(text) => out.push_str(text),
        Id::Anonymous(_) => {}
    }
}

fn push_node_id(out: &mut String, NodeId(id, port): &NodeId) {
    push_id(out, id);
    match port {
        Some(Port(Some(name), Some(compass))) => {
            out.push(':');
            push_id(out, name);
            out.push(':');
            out.push_str(compass);
        }
        Some(Port(None, Some(compass))) => {
            out.push(':');
            out.push_str(compass);
        }
        Some(Port(Some(name), None)) => {
            out.push(':');
            push_id(out, name);
        }
        Some(Port(None, None)) | None => {}
    }
}

fn push_vertex(out: &mut String, vertex: &Vertex) {
    match vertex {
        Vertex::N(id) => push_node_id(out, id),
        // Not reached from `dot_text`: graphs with subgraph ends go whole to graphviz-rust
        // (`has_subgraph_end`), whose layout of them depends on its printing state. Printed as
        // graphviz-rust prints a lone subgraph, so no graph can make this panic.
        Vertex::S(subgraph) => out.push_str(&subgraph.print(&mut PrinterContext::default())),
    }
}

fn push_attribute(out: &mut String, Attribute(key, value): &Attribute) {
    push_id(out, key);
    out.push('=');
    push_id(out, value);
}

/// `[a=1 b=2]`, or nothing for no attributes.
fn push_attributes(out: &mut String, attributes: &[Attribute]) {
    if attributes.is_empty() {
        return;
    }
    out.push('[');
    for (k, attribute) in attributes.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        push_attribute(out, attribute);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use graphviz_rust::dot_structures::Subgraph;

    fn id(text: &str) -> Id {
        Id::Plain(text.to_owned())
    }

    fn node(name: &str, attributes: Vec<Attribute>) -> Stmt {
        Stmt::Node(Node::new(NodeId(id(name), None), attributes))
    }

    fn pair(a: &str, b: &str, attributes: Vec<Attribute>) -> Stmt {
        Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(id(a), None)),
                Vertex::N(NodeId(id(b), None)),
            ),
            attributes,
        })
    }

    fn same_as_graphviz_rust(graph: &Graph) {
        assert_eq!(
            dot_text(graph),
            graph.print(&mut PrinterContext::default()),
            "{graph:?}"
        );
    }

    #[test]
    fn prints_every_statement_kind_as_graphviz_rust_does() {
        let a = |k: &str, v: &str| Attribute(id(k), id(v));
        let long = "x".repeat(100);
        let inner = Subgraph {
            id: Id::Anonymous(String::new()),
            stmts: vec![Stmt::Attribute(a("rank", "same")), node("a", vec![])],
        };
        let outer = Subgraph {
            id: id("cluster_0"),
            stmts: vec![
                Stmt::Attribute(a("label", "\"Ops\"")),
                node("b", vec![a("shape", "box"), a("label", "\"B\"")]),
                Stmt::Subgraph(inner),
                Stmt::Subgraph(Subgraph {
                    id: id("empty"),
                    stmts: vec![],
                }),
            ],
        };
        let stmts = vec![
            Stmt::GAttribute(GraphAttributes::Graph(vec![a("layout", "neato")])),
            Stmt::GAttribute(GraphAttributes::Node(vec![])),
            Stmt::GAttribute(GraphAttributes::Edge(vec![a("color", "red"), a("x", "1")])),
            Stmt::Subgraph(outer),
            node(&long, vec![a("pos", &long)]),
            pair("a", "b", vec![]),
            pair("a", &long, vec![a("style", "dashed"), a("pos", &long)]),
            Stmt::Edge(Edge {
                ty: EdgeTy::Chain(vec![
                    Vertex::N(NodeId(id("a"), Some(Port(Some(id("p")), Some("n".into()))))),
                    Vertex::N(NodeId(id("b"), Some(Port(None, Some("s".into()))))),
                    Vertex::N(NodeId(id("c"), Some(Port(Some(id("q")), None)))),
                ]),
                attributes: vec![a("w", "2")],
            }),
        ];
        for strict in [false, true] {
            same_as_graphviz_rust(&Graph::DiGraph {
                id: id("orglint"),
                strict,
                stmts: stmts.clone(),
            });
            same_as_graphviz_rust(&Graph::Graph {
                id: id("g"),
                strict,
                stmts: stmts.clone(),
            });
        }
        same_as_graphviz_rust(&Graph::DiGraph {
            id: Id::Anonymous(String::new()),
            strict: false,
            stmts: vec![],
        });
    }

    #[test]
    fn a_subgraph_as_an_edge_end_is_left_to_graphviz_rust() {
        let sub = Subgraph {
            id: id("s"),
            stmts: vec![node("x", vec![]), node("y", vec![])],
        };
        let graph = Graph::DiGraph {
            id: id("g"),
            strict: false,
            stmts: vec![Stmt::Subgraph(Subgraph {
                id: id("cluster"),
                stmts: vec![Stmt::Edge(Edge {
                    ty: EdgeTy::Pair(Vertex::N(NodeId(id("a"), None)), Vertex::S(sub)),
                    attributes: vec![],
                })],
            })],
        };
        same_as_graphviz_rust(&graph);
    }

    #[test]
    fn deep_subgraphs_need_no_deep_stack() {
        let mut sub = Subgraph {
            id: id("s"),
            stmts: vec![node("x", vec![])],
        };
        // Deep enough for a recursive printer to need far more stack than a test thread has
        // (each level's indent makes the text grow with the square of the depth).
        for _ in 0..3_000 {
            sub = Subgraph {
                id: id("s"),
                stmts: vec![Stmt::Subgraph(sub)],
            };
        }
        let graph = Graph::DiGraph {
            id: id("g"),
            strict: false,
            stmts: vec![Stmt::Subgraph(sub)],
        };
        let text = dot_text(&graph);
        assert_eq!(text.matches('{').count(), 3_002);
        // The graph's statements are indented 2, each of the 3,001 subgraphs adds 2.
        let innermost = format!("\n{}x\n", " ".repeat(2 + 3_001 * 2));
        assert!(text.contains(&innermost));
        assert!(
            text.ends_with("\n    }\n  }\n}"),
            "{}",
            &text[text.len() - 20..]
        );
    }
}
