//! `orglint diagram`, proven by its consumers: the DOT is parsed with graphviz-rust's parser
//! and rendered by the real Graphviz (`neato -n2` for orglint's own layout, `dot` for
//! `--layout dot`); the SVG is parsed with roxmltree. Tests that need Graphviz fail instead of
//! skipping when ORGLINT_REQUIRE_TOOLS=1 (CI sets it).

use crate::support::ci_support::dot_available;
use assert_cmd::Command;
use graphviz_rust::dot_structures::{Attribute, EdgeTy, Graph, Id, Stmt, Vertex};
use orglint::choice::Choice;
use orglint::diagram::LayoutEngine;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Helpers

fn orglint() -> Command {
    let mut cmd = Command::cargo_bin("orglint").unwrap();
    // No orglint.yaml from the environment, and a fixed directory.
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = orglint().args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `orglint diagram ARGS -o -`: the DOT text (asserting success).
fn dot_of(args: &[&str]) -> String {
    let mut all = vec!["diagram"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", "-"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "orglint {all:?} failed: {}", out.stderr);
    String::from_utf8(out.stdout).unwrap()
}

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Renders DOT as orglint does (input on stdin), asserting Graphviz accepts it: positions
/// pinned by orglint's own layout are drawn by `neato -n2`, anything else is laid out by `dot`.
pub(super) fn render_svg(dot: &str) -> String {
    use std::io::Write;
    let own_layout = dot.contains(r#"layout="neato""#);
    let mut child = std::process::Command::new(if own_layout { "neato" } else { "dot" })
        .args(if own_layout { &["-n2"][..] } else { &[][..] })
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = dot.to_owned();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "dot rejected the DOT: {}\n{dot}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The DOT as graphviz-rust parses it: node statements, edges and subgraphs, flattened.
#[derive(Debug, Default)]
struct ParsedDot {
    /// Node name (decoded) → attributes (decoded), merged over all its statements.
    nodes: BTreeMap<String, BTreeMap<String, String>>,
    /// (from, to, attributes), decoded.
    edges: Vec<(String, String, BTreeMap<String, String>)>,
    /// Subgraph name (decoded, "" when anonymous) → its attributes and the nodes named in it.
    subgraphs: Vec<(String, BTreeMap<String, String>, Vec<String>)>,
}

impl ParsedDot {
    fn node(&self, name: &str) -> &BTreeMap<String, String> {
        self.nodes
            .get(name)
            .unwrap_or_else(|| panic!("no node {name:?} in {:?}", self.nodes.keys()))
    }

    fn label(&self, name: &str) -> &str {
        self.node(name)
            .get("label")
            .map(String::as_str)
            .unwrap_or("")
    }

    fn has_edge(&self, from: &str, to: &str) -> bool {
        self.edges.iter().any(|(f, t, _)| f == from && t == to)
    }

    /// Nodes other than the findings legend.
    fn chart_nodes(&self) -> BTreeSet<&str> {
        let legend: BTreeSet<&str> = self
            .subgraphs
            .iter()
            .filter(|(name, _, _)| name == "cluster_legend")
            .flat_map(|(_, _, nodes)| nodes.iter().map(String::as_str))
            .collect();
        self.nodes
            .keys()
            .map(String::as_str)
            .filter(|n| !legend.contains(n))
            .collect()
    }
}

/// Reverses orglint's quoting (`\\` → `\`, `\"` → `"`, `\n` → a line break, `\u{1b}` →
/// the character, `&amp;` → `&`) for comparison with the chart; a plain id is returned as is.
fn decode(id: &Id) -> String {
    let raw = match id {
        Id::Escaped(s) => s.as_str(),
        Id::Plain(s) | Id::Html(s) | Id::Anonymous(s) => return s.clone(),
    };
    assert!(raw.starts_with('"') && raw.ends_with('"') && raw.len() >= 2);
    let mut out = String::new();
    let mut chars = raw[1..raw.len() - 1].chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    assert_eq!(chars.next(), Some('{'), "bad escape in {raw}");
                    let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let code = u32::from_str_radix(&hex, 16).unwrap();
                    out.push(char::from_u32(code).unwrap());
                }
                Some(other) => out.push(other),
                None => panic!("dangling backslash in {raw}"),
            }
        } else {
            out.push(c);
        }
    }
    out.replace("&amp;", "&")
}

fn attrs(list: &[Attribute]) -> BTreeMap<String, String> {
    list.iter()
        .map(|Attribute(k, v)| (decode(k), decode(v)))
        .collect()
}

fn parse_dot(text: &str) -> ParsedDot {
    let graph = graphviz_rust::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let Graph::DiGraph { stmts, .. } = graph else {
        panic!("not a digraph")
    };
    let mut parsed = ParsedDot::default();
    collect(&stmts, &mut parsed, None);
    parsed
}

/// Walks statements (subgraphs nest at most two deep in orglint's output).
fn collect(stmts: &[Stmt], parsed: &mut ParsedDot, subgraph: Option<usize>) {
    for stmt in stmts {
        match stmt {
            Stmt::Node(node) => {
                let name = decode(&node.id.0);
                parsed
                    .nodes
                    .entry(name.clone())
                    .or_default()
                    .extend(attrs(&node.attributes));
                if let Some(k) = subgraph {
                    parsed.subgraphs[k].2.push(name);
                }
            }
            Stmt::Edge(edge) => {
                let EdgeTy::Pair(Vertex::N(from), Vertex::N(to)) = &edge.ty else {
                    panic!("unexpected edge {edge:?}")
                };
                parsed
                    .edges
                    .push((decode(&from.0), decode(&to.0), attrs(&edge.attributes)));
            }
            Stmt::Subgraph(sub) => {
                parsed
                    .subgraphs
                    .push((decode(&sub.id), BTreeMap::new(), Vec::new()));
                let k = parsed.subgraphs.len() - 1;
                collect(&sub.stmts, parsed, Some(k));
            }
            Stmt::Attribute(Attribute(key, value)) => {
                if let Some(k) = subgraph {
                    parsed.subgraphs[k].1.insert(decode(key), decode(value));
                }
            }
            Stmt::GAttribute(_) => {}
        }
    }
}

/// Graphviz SVG: node and edge groups, every text line, and all element names.
pub(super) struct Svg {
    pub(super) nodes: usize,
    edges: usize,
    pub(super) texts: Vec<String>,
    pub(super) elements: BTreeSet<String>,
    /// Node title (as dot names it) → y of the middle of its label (labels are centred).
    node_y: BTreeMap<String, f64>,
    /// Node titles whose outline is dashed.
    dashed: BTreeSet<String>,
}

pub(super) fn parse_svg(svg: &str) -> Svg {
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the SVG is not well-formed XML: {e}"));
    let mut out = Svg {
        nodes: 0,
        edges: 0,
        texts: Vec::new(),
        elements: BTreeSet::new(),
        node_y: BTreeMap::new(),
        dashed: BTreeSet::new(),
    };
    for el in doc.descendants().filter(|n| n.is_element()) {
        out.elements.insert(el.tag_name().name().to_owned());
        if el.tag_name().name() == "text" {
            out.texts
                .push(el.children().filter_map(|c| c.text()).collect::<String>());
        }
        if el.tag_name().name() == "g" {
            match el.attribute("class") {
                Some("node") => {
                    out.nodes += 1;
                    let title = el
                        .children()
                        .find(|c| c.has_tag_name("title"))
                        .and_then(|t| t.text())
                        .unwrap_or("")
                        .to_owned();
                    let ys: Vec<f64> = el
                        .children()
                        .filter(|c| c.has_tag_name("text"))
                        .filter_map(|t| t.attribute("y")?.parse().ok())
                        .collect();
                    if !ys.is_empty() {
                        let middle = ys.iter().sum::<f64>() / ys.len() as f64;
                        out.node_y.insert(title.clone(), middle);
                    }
                    if el
                        .descendants()
                        .any(|c| c.attribute("stroke-dasharray").is_some())
                    {
                        out.dashed.insert(title);
                    }
                }
                Some("edge") => out.edges += 1,
                _ => {}
            }
        }
    }
    out
}

/// A chart file in the orglint JSON format (serde_json escapes whatever the strings hold).
fn chart_json(people: &[serde_json::Value]) -> String {
    serde_json::json!({ "version": 1, "people": people }).to_string()
}

// ---------------------------------------------------------------------------------------------
// The examples

#[test]
fn examples_render_and_every_person_and_line_is_drawn() {
    let have_dot = dot_available();
    for example in ["acme.yaml", "acme.json", "minimal.yaml", "problems.yaml"] {
        let path = format!("examples/{example}");
        let chart =
            orglint::load::load_files(std::slice::from_ref(&path), &Default::default()).unwrap();
        let graph = orglint::graph::OrgGraph::build(&chart);
        // Every entry is drawn; a later entry for an id already used is named by the id primed.
        let mut active: BTreeSet<String> = BTreeSet::new();
        for person in &chart.people {
            let mut name = orglint::escape::escape_control(&person.id).into_owned();
            while active.contains(&name) {
                name.push('\'');
            }
            active.insert(name);
        }
        let solid = (0..chart.people.len() as u32)
            .filter(|&i| graph.drawn_manager(i).is_some())
            .count();
        let dotted = graph.dotted.len();
        // A person whose manager id names nobody hangs under a placeholder for that id; a
        // self-manager gets a loop.
        let graph = &graph;
        let links = |link| (0..chart.people.len()).filter(move |&i| graph.links[i] == link);
        let missing: BTreeSet<String> = links(orglint::graph::ManagerLink::Unknown)
            .map(|i| {
                format!(
                    "missing: {}",
                    chart.people[i].reports_to.as_ref().unwrap().id
                )
            })
            .collect();
        let hanging = links(orglint::graph::ManagerLink::Unknown).count();
        let loops = links(orglint::graph::ManagerLink::SelfRef).count();
        let edges = solid + dotted + hanging + loops;

        for layout in LayoutEngine::names() {
            let dot = dot_of(&[&path, "--layout", layout]);
            let parsed = parse_dot(&dot);
            let drawn: BTreeSet<String> = parsed.nodes.keys().cloned().collect();
            let expected: BTreeSet<String> = active.union(&missing).cloned().collect();
            assert_eq!(
                drawn, expected,
                "{example}: nodes are the people and missing managers"
            );
            assert_eq!(parsed.edges.len(), edges, "{example}: edges");
            if have_dot {
                let svg = parse_svg(&render_svg(&dot));
                assert_eq!(svg.nodes, expected.len(), "{example}: SVG nodes");
                assert_eq!(svg.edges, edges, "{example}: SVG edges");
            }
        }
    }
}

#[test]
fn acme_boxes_show_name_title_and_role_badges() {
    let parsed = parse_dot(&dot_of(&["examples/acme.yaml"]));
    assert_eq!(
        parsed.label("sam"),
        "Sam Ortiz\nEVP, Chief Operating Officer\n[COO]\n21 people below"
    );
    assert_eq!(
        parsed.label("lee"),
        "Lee Park\nChief Information Officer\n[CIO]\n10 people below"
    );
    assert_eq!(parsed.label("nora"), "Nora Jensen\nProcess Analyst");
    assert_eq!(
        parsed.label("grace"),
        "Grace Holloway\nVP People & Culture\n2 people below",
        "& is drawn as written"
    );
}

#[test]
fn the_committed_example_svg_is_current_enough_to_show_every_person() {
    let svg = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/acme.svg"))
        .expect("docs/acme.svg is committed");
    let parsed = parse_svg(&svg);
    let people = dot_of(&["examples/acme.yaml"]);
    assert_eq!(parsed.nodes, parse_dot(&people).nodes.len());
    assert!(parsed.texts.iter().any(|t| t == "Dana Whitfield"));
}

// ---------------------------------------------------------------------------------------------
// Hostile text

const HOSTILE: &[&str] = &[
    "quote\"inside",
    "back\\slash",
    "trailing\\",
    "a -> b",
    "x [color=red]",
    "{braces}",
    "pipe|bar",
    "<script>alert(1)</script>",
    "R&D &amp; &lt;b&gt;",
    "line\nbreak",
    "\"]; evil [label=\"x",
    "\\N \\G \\l",
    "--><!-- ]]>",
    "esc\u{1b}[31m",
];

#[test]
fn hostile_ids_names_and_titles_cannot_break_the_dot_or_the_svg() {
    let dir = tempfile::tempdir().unwrap();
    // Person k has a hostile id, name and title, and reports to person k-1; a dotted line
    // joins the last to the first.
    let mut people = Vec::new();
    for (k, text) in HOSTILE.iter().enumerate() {
        let mut person = serde_json::json!({
            "id": format!("{text}#{k}"),
            "name": text,
            "title": format!("T {text}"),
            "department": text,
        });
        if k > 0 {
            person["reports_to"] = format!("{}#{}", HOSTILE[k - 1], k - 1).into();
        }
        people.push(person);
    }
    let last = HOSTILE.len() - 1;
    people[last]["dotted_lines"] = serde_json::json!([format!("{}#0", HOSTILE[0])]);
    let path = write_file(dir.path(), "hostile.json", &chart_json(&people));
    let path = path.to_str().unwrap();

    for extra in [
        &[][..],
        &["--cluster", "department"][..],
        &["--findings"][..],
    ] {
        let mut args = vec![path];
        args.extend_from_slice(extra);
        let dot = dot_of(&args);
        let parsed = parse_dot(&dot);

        // The nodes are exactly the people (their names decode back to the ids as written,
        // so distinct ids are distinct nodes), and the edges exactly the reporting lines plus
        // the dotted one.
        let expected: BTreeSet<String> = HOSTILE
            .iter()
            .enumerate()
            .map(|(k, t)| format!("{t}#{k}"))
            .collect();
        let drawn: BTreeSet<String> = parsed.chart_nodes().into_iter().map(String::from).collect();
        assert_eq!(drawn, expected, "{extra:?}");
        assert_eq!(parsed.edges.len(), HOSTILE.len(), "{extra:?}");
        // No attribute was injected: only orglint's own keys, and no red.
        for (name, node_attrs) in &parsed.nodes {
            for (key, value) in node_attrs {
                assert!(
                    [
                        "label",
                        "style",
                        "fillcolor",
                        "color",
                        "penwidth",
                        "shape",
                        "tooltip",
                        "pos",
                        "width",
                        "height"
                    ]
                    .contains(&key.as_str()),
                    "{name:?} got attribute {key}={value}"
                );
                assert_ne!(value, "red");
            }
        }
        // Each label is the name and the title (and how many people are below), control
        // characters escaped.
        for (k, text) in HOSTILE.iter().enumerate() {
            let shown = orglint::escape::escape_control(text);
            let id = format!("{text}#{k}");
            let below = match HOSTILE.len() - 1 - k {
                0 => String::new(),
                1 => "\n1 person below".to_owned(),
                n => format!("\n{n} people below"),
            };
            assert_eq!(parsed.label(&id), format!("{shown}\nT {shown}{below}"));
        }
        if extra.contains(&"--cluster") {
            let labels: BTreeSet<&str> = parsed
                .subgraphs
                .iter()
                .filter_map(|(_, a, _)| a.get("label").map(String::as_str))
                .collect();
            for text in HOSTILE {
                assert!(
                    labels.contains(orglint::escape::escape_control(text).as_ref()),
                    "cluster label {text:?} in {labels:?}"
                );
            }
        }

        if dot_available() {
            let svg_text = render_svg(&dot);
            let svg = parse_svg(&svg_text);
            let legend = parsed.nodes.len() - parsed.chart_nodes().len();
            assert_eq!(svg.nodes, HOSTILE.len() + legend, "{extra:?}");
            assert_eq!(svg.edges, HOSTILE.len(), "{extra:?}");
            assert!(!svg.elements.contains("script"), "{extra:?}");
            assert!(!svg_text.contains("<script"), "{extra:?}");
            // The text is drawn as written: markup and entities as text, escapes visible.
            for text in HOSTILE {
                let shown = orglint::escape::escape_control(text).into_owned();
                assert!(
                    svg.texts.contains(&shown),
                    "{shown:?} not drawn as text; texts: {:?}",
                    svg.texts
                );
            }
        }
    }
}

#[test]
fn very_long_ids_names_and_titles_still_render() {
    let dir = tempfile::tempdir().unwrap();
    // Graphviz rejects quoted strings over 16 KiB; two long ids alike in their first 20,000
    // characters must still be two nodes.
    let long_a = format!("{}a", "x".repeat(20_000));
    let long_b = format!("{}b", "x".repeat(20_000));
    let path = write_file(
        dir.path(),
        "long.json",
        &chart_json(&[
            serde_json::json!({"id": long_a, "name": "N".repeat(200_000), "title": "T".repeat(1_000_000)}),
            serde_json::json!({"id": long_b, "reports_to": long_a}),
            serde_json::json!({"id": "c", "reports_to": long_b, "dotted_lines": [long_a]}),
        ]),
    );
    for extra in [None, Some("--max-nodes=2")] {
        let mut args = vec![path.to_str().unwrap()];
        args.extend(extra);
        if extra.is_some() {
            args.extend(["--layout", "dot"]);
        }
        let dot = dot_of(&args);
        assert!(dot.len() < 10_000, "labels and names are shortened");
        let parsed = parse_dot(&dot);
        let expected = if extra.is_some() { (2, 2) } else { (3, 3) };
        assert_eq!((parsed.nodes.len(), parsed.edges.len()), expected);
        assert!(parsed.nodes.keys().all(|name| name.chars().count() < 300));
        if dot_available() {
            let svg = parse_svg(&render_svg(&dot));
            assert_eq!((svg.nodes, svg.edges), expected);
        }
    }
}

#[test]
fn redact_leaves_no_name_or_email_in_dot_or_svg() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "c.json",
        &chart_json(&[
            serde_json::json!({"id": "e1", "name": "Zelda Quixote", "title": "Chief Executive Officer", "email": "zelda@example.com"}),
            serde_json::json!({"id": "e2", "name": "Yorick Plum", "title": "COO", "reports_to": "e1", "email": "yorick@example.com"}),
        ]),
    );
    let dot = dot_of(&["--redact", path.to_str().unwrap(), "--findings"]);
    let mut outputs = vec![dot.clone()];
    if dot_available() {
        outputs.push(render_svg(&dot));
    }
    for text in outputs {
        for secret in ["Zelda", "Quixote", "Yorick", "Plum", "example.com"] {
            assert!(!text.contains(secret), "{secret} leaked:\n{text}");
        }
    }
    let parsed = parse_dot(&dot);
    assert_eq!(parsed.label("e2"), "e2\nCOO\n[COO]");
}

// ---------------------------------------------------------------------------------------------
// Features

/// A chart: ceo → (coo, cio, asst [assistant]); coo → ops1..ops5 (leaves) and mgr;
/// mgr → w1, w2; cio → vac (vacant); w2 has a dotted line to cio.
fn feature_chart(dir: &Path) -> String {
    let mut people = vec![
        serde_json::json!({"id": "ceo", "name": "Ada", "title": "Chief Executive Officer", "department": "exec"}),
        serde_json::json!({"id": "asst", "name": "Bea", "title": "Executive Assistant", "reports_to": "ceo", "assistant": true, "department": "exec"}),
        serde_json::json!({"id": "coo", "name": "Cal", "title": "Chief Operating Officer", "reports_to": "ceo", "department": "ops"}),
        serde_json::json!({"id": "cio", "name": "Dee", "title": "Chief Information Officer", "reports_to": "ceo", "department": "it"}),
        serde_json::json!({"id": "vac", "title": "Engineer", "reports_to": "cio", "vacant": true, "department": "it"}),
        serde_json::json!({"id": "mgr", "name": "Eve", "title": "Manager", "reports_to": "coo", "department": "ops"}),
        serde_json::json!({"id": "w1", "name": "Fay", "title": "Worker", "reports_to": "mgr", "department": "ops"}),
        serde_json::json!({"id": "w2", "name": "Gus", "title": "Worker", "reports_to": "mgr", "department": "ops", "dotted_lines": ["cio"]}),
    ];
    for k in 1..=5 {
        people.push(serde_json::json!({"id": format!("ops{k}"), "name": format!("Op {k}"), "title": "Operator", "reports_to": "coo", "department": "ops"}));
    }
    let text = serde_json::json!({
        "version": 1,
        "organization": "Feature Test",
        "departments": [
            {"id": "exec", "name": "Executive Office"},
            {"id": "ops", "name": "Operations"},
            {"id": "it", "name": "Information Technology"},
        ],
        "people": people,
    })
    .to_string();
    write_file(dir, "features.json", &text)
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn vacancies_are_dashed() {
    let dir = tempfile::tempdir().unwrap();
    let chart = feature_chart(dir.path());
    let dot = dot_of(&[&chart]);
    let parsed = parse_dot(&dot);
    assert!(parsed.node("vac")["style"].contains("dashed"));
    assert_eq!(parsed.label("vac"), "Vacant\nEngineer");
    assert!(!parsed.node("cio")["style"].contains("dashed"));
    if dot_available() {
        let svg = parse_svg(&render_svg(&dot));
        assert_eq!(svg.dashed, BTreeSet::from(["vac".to_owned()]));
    }
}

#[test]
fn dotted_lines_are_dashed_edges_that_do_not_constrain_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let chart = feature_chart(dir.path());
    let parsed = parse_dot(&dot_of(&[&chart]));
    let dotted: Vec<_> = parsed
        .edges
        .iter()
        .filter(|(_, _, a)| a.get("style").map(String::as_str) == Some("dashed"))
        .collect();
    assert_eq!(dotted.len(), 1);
    let (from, to, attributes) = dotted[0];
    assert_eq!((from.as_str(), to.as_str()), ("cio", "w2"));
    assert_eq!(attributes["constraint"], "false");
    // The solid line to w2 is still there and constrains as usual.
    assert!(parsed
        .edges
        .iter()
        .any(|(f, t, a)| f == "mgr" && t == "w2" && !a.contains_key("style")));
    // In the own layout the dotted line moves no box: the chart is placed as without it.
    let without = feature_chart_without_dotted_line(dir.path());
    let other = parse_dot(&dot_of(&[&without]));
    for (name, attributes) in &other.nodes {
        assert_eq!(parsed.node(name)["pos"], attributes["pos"], "{name}");
    }
}

fn feature_chart_without_dotted_line(dir: &Path) -> String {
    let with = std::fs::read_to_string(feature_chart(dir)).unwrap();
    let without = with.replace(r#","dotted_lines":["cio"]"#, "");
    assert_ne!(with, without);
    write_file(dir, "features-plain.json", &without)
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn assistants_sit_beside_their_manager() {
    let dir = tempfile::tempdir().unwrap();
    let chart = feature_chart(dir.path());
    for extra in [None, Some("--cluster")] {
        let mut args = vec![chart.as_str(), "--layout", "dot"];
        if extra.is_some() {
            args.extend_from_slice(&["--cluster", "department"]);
        }
        let dot = dot_of(&args);
        let parsed = parse_dot(&dot);
        assert!(
            parsed.subgraphs.iter().any(|(_, a, nodes)| {
                a.get("rank").map(String::as_str) == Some("same")
                    && nodes.contains(&"ceo".to_owned())
                    && nodes.contains(&"asst".to_owned())
            }),
            "{extra:?}"
        );
        if dot_available() {
            let svg = parse_svg(&render_svg(&dot));
            let (asst, ceo) = (svg.node_y["asst"], svg.node_y["ceo"]);
            assert!((asst - ceo).abs() < 1.0, "same rank: {asst} vs {ceo}");
            assert!(svg.node_y["coo"] > svg.node_y["ceo"], "reports are below");
        }
    }
    // The own layout puts the assistant at the manager's height, to the right.
    let dot = dot_of(&[&chart]);
    let parsed = parse_dot(&dot);
    let (asst, ceo, coo) = (
        pos(&parsed, "asst"),
        pos(&parsed, "ceo"),
        pos(&parsed, "coo"),
    );
    assert_eq!(asst.1, ceo.1, "level with the manager");
    assert!(asst.0 > ceo.0);
    assert!(coo.1 < ceo.1, "reports below (Graphviz's y grows upwards)");
    if dot_available() {
        let svg = parse_svg(&render_svg(&dot));
        assert!((svg.node_y["asst"] - svg.node_y["ceo"]).abs() < 1.0);
    }
}

/// A pinned node's position (points, Graphviz's y upwards).
fn pos(parsed: &ParsedDot, name: &str) -> (f64, f64) {
    let text = &parsed.node(name)["pos"];
    let text = text.strip_suffix('!').expect("pinned");
    let (x, y) = text.split_once(',').unwrap();
    (x.parse().unwrap(), y.parse().unwrap())
}

#[test]
fn cluster_department_frames_each_department_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let chart = feature_chart(dir.path());
    let dot = dot_of(&[&chart, "--cluster", "department"]);
    let parsed = parse_dot(&dot);
    let clusters: BTreeMap<&str, BTreeSet<&str>> = parsed
        .subgraphs
        .iter()
        .filter(|(name, _, _)| name.starts_with("cluster"))
        .map(|(_, a, nodes)| {
            (
                a["label"].as_str(),
                nodes.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        clusters.keys().copied().collect::<Vec<_>>(),
        ["Executive Office", "Information Technology", "Operations"]
    );
    assert_eq!(
        clusters["Information Technology"],
        BTreeSet::from(["cio", "vac"])
    );
    assert!(clusters["Operations"].contains("w2"));
    if dot_available() {
        let svg_text = render_svg(&dot);
        let svg = parse_svg(&svg_text);
        assert_eq!(svg_text.matches("class=\"cluster\"").count(), 3);
        assert!(svg.texts.iter().any(|t| t == "Information Technology"));
    }
}

#[test]
fn root_and_depth_draw_a_sub_chart() {
    let dir = tempfile::tempdir().unwrap();
    let chart = feature_chart(dir.path());
    let parsed = parse_dot(&dot_of(&[&chart, "--root", "coo", "--depth", "1"]));
    let expected = BTreeSet::from(["coo", "mgr", "ops1", "ops2", "ops3", "ops4", "ops5"]);
    assert_eq!(parsed.chart_nodes(), expected);
    assert_eq!(parsed.edges.len(), 6);
    assert_eq!(parsed.label("mgr"), "Eve\nManager\n+2 not shown");

    let parsed = parse_dot(&dot_of(&[&chart, "--root", "mgr"]));
    assert_eq!(parsed.chart_nodes(), BTreeSet::from(["mgr", "w1", "w2"]));
    assert_eq!(
        parsed.edges.len(),
        2,
        "the dotted line to cio is out of the sub-chart"
    );

    let parsed = parse_dot(&dot_of(&[&chart, "--depth", "1"]));
    assert_eq!(
        parsed.chart_nodes(),
        BTreeSet::from(["ceo", "asst", "coo", "cio"])
    );

    let out = run(&["diagram", &chart, "--root", "mrg", "-o", "-"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("\"mrg\""), "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean \"mgr\""),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn collapse_folds_leaf_reports_into_one_box() {
    let dir = tempfile::tempdir().unwrap();
    let chart = feature_chart(dir.path());
    let dot = dot_of(&[&chart, "--collapse", "3"]);
    let parsed = parse_dot(&dot);
    // coo's five operators (leaves) fold; mgr (has reports) stays; mgr's two workers are not
    // more than 3.
    let nodes = parsed.chart_nodes();
    for k in 1..=5 {
        assert!(!nodes.contains(format!("ops{k}").as_str()));
    }
    assert!(nodes.contains("mgr") && nodes.contains("w1") && nodes.contains("w2"));
    let folded: Vec<&str> = nodes
        .iter()
        .copied()
        .filter(|n| parsed.label(n).starts_with('+'))
        .collect();
    assert_eq!(folded.len(), 1);
    assert_eq!(parsed.label(folded[0]), "+5 reports");
    assert!(parsed.has_edge("coo", folded[0]));
    assert_eq!(nodes.len(), 13 - 5 + 1);
    // The assistant is a leaf too, but stays beside the CEO.
    let parsed = parse_dot(&dot_of(&[&chart, "--collapse", "0"]));
    assert!(parsed.nodes.contains_key("asst"));
    assert!(!parsed.nodes.contains_key("vac"));
    if dot_available() {
        assert_eq!(parse_svg(&render_svg(&dot)).nodes, 9);
    }
}

#[test]
fn findings_colour_people_by_their_worst_finding_with_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    // a ↔ b is a reporting cycle (error); c names an unknown manager.
    let path = write_file(
        dir.path(),
        "f.json",
        &chart_json(&[
            serde_json::json!({"id": "ceo", "name": "Ada", "title": "CEO"}),
            serde_json::json!({"id": "coo", "name": "Cal", "title": "COO", "reports_to": "ceo"}),
            serde_json::json!({"id": "cio", "name": "Dee", "title": "CIO", "reports_to": "ceo"}),
            serde_json::json!({"id": "a", "name": "Ann", "reports_to": "b"}),
            serde_json::json!({"id": "b", "name": "Bob", "reports_to": "a"}),
        ]),
    );
    let path = path.to_str().unwrap();
    let report = run(&["check", path, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let mut worst: BTreeMap<String, &str> = BTreeMap::new();
    let rank = |s: &str| ["info", "warning", "error"].iter().position(|x| *x == s);
    for finding in report["findings"].as_array().unwrap() {
        let severity = finding["severity"].as_str().unwrap();
        for subject in finding["subjects"].as_array().unwrap() {
            let slot = worst
                .entry(subject.as_str().unwrap().to_owned())
                .or_insert(severity);
            if rank(severity) > rank(slot) {
                *slot = severity;
            }
        }
    }
    assert_eq!(worst.get("a"), Some(&"error"), "the chart has the cycle");

    let dot = dot_of(&[path, "--findings"]);
    let parsed = parse_dot(&dot);
    let legend = parsed
        .subgraphs
        .iter()
        .find(|(name, _, _)| name == "cluster_legend")
        .expect("a legend");
    let legend_fill: BTreeMap<&str, &str> = legend
        .2
        .iter()
        .filter_map(|n| Some((parsed.label(n), parsed.node(n).get("fillcolor")?.as_str())))
        .collect();
    let legend_labels: BTreeSet<&str> = legend.2.iter().map(|n| parsed.label(n)).collect();
    assert_eq!(
        legend_labels,
        BTreeSet::from([
            "worst finding: error",
            "worst finding: warning",
            "worst finding: info",
            "no finding",
            "red line: closes a reporting cycle",
        ]),
        "the severities, and the red line the cycle uses"
    );
    for person in ["ceo", "coo", "cio", "a", "b"] {
        let expected = match worst.get(person) {
            Some(severity) => format!("worst finding: {severity}"),
            None => "no finding".to_owned(),
        };
        let expected = expected.as_str();
        assert_eq!(
            parsed.node(person)["fillcolor"],
            legend_fill[expected],
            "{person} should look like {expected}"
        );
    }
    // Without --findings: no legend, no colours.
    let plain = parse_dot(&dot_of(&[path]));
    assert!(plain
        .subgraphs
        .iter()
        .all(|(n, _, _)| n != "cluster_legend"));
    assert!(!plain.node("a").contains_key("fillcolor"));
    // Every box has a tooltip listing its findings' messages.
    let cycle_message = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "reporting-cycle")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(parsed.node("a")["tooltip"].contains(cycle_message));
    assert_eq!(parsed.node("cio")["tooltip"], "no finding");
    if dot_available() {
        let svg_text = render_svg(&dot);
        let svg = parse_svg(&svg_text);
        assert_eq!(svg.nodes, 5 + legend_labels.len());
        assert!(svg.texts.iter().any(|t| t == "worst finding: error"));
        let doc = roxmltree::Document::parse_with_options(
            &svg_text,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let tooltip_of_a = doc
            .descendants()
            .find(|n| {
                n.attribute("class") == Some("node")
                    && n.children()
                        .any(|c| c.has_tag_name("title") && c.text() == Some("a"))
            })
            .and_then(|g| {
                g.descendants()
                    .find_map(|c| c.attribute(("http://www.w3.org/1999/xlink", "title")))
            })
            .expect("a tooltip on a's box");
        assert!(tooltip_of_a.contains(cycle_message), "{tooltip_of_a}");
    }
}

#[test]
fn max_nodes_folds_the_deepest_widest_teams_first_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // ceo → a, b; a → a1, a2, a3; a1 → x1..x4: 10 people, deepest team under a1.
    let mut people = vec![
        serde_json::json!({"id": "ceo"}),
        serde_json::json!({"id": "a", "reports_to": "ceo"}),
        serde_json::json!({"id": "b", "reports_to": "ceo"}),
    ];
    for k in 1..=3 {
        people.push(serde_json::json!({"id": format!("a{k}"), "reports_to": "a"}));
    }
    for k in 1..=4 {
        people.push(serde_json::json!({"id": format!("x{k}"), "reports_to": "a1"}));
    }
    let path = write_file(dir.path(), "m.json", &chart_json(&people));
    let path = path.to_str().unwrap();

    let out = run(&[
        "diagram",
        path,
        "--layout",
        "dot",
        "--max-nodes",
        "8",
        "-o",
        "-",
    ]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("collapsed 4 people into 1 box to stay under --max-nodes 8"),
        "{}",
        out.stderr
    );
    let parsed = parse_dot(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(parsed.nodes.len(), 7);
    assert_eq!(parsed.label("+a1"), "+4 reports");
    assert!(parsed.has_edge("a1", "+a1"));

    let out = run(&[
        "diagram",
        path,
        "--layout",
        "dot",
        "--max-nodes",
        "5",
        "-o",
        "-",
    ]);
    assert!(
        out.stderr
            .contains("collapsed 7 people into 1 box to stay under --max-nodes 5"),
        "{}",
        out.stderr
    );
    let parsed = parse_dot(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        parsed.chart_nodes(),
        BTreeSet::from(["ceo", "a", "b", "+a"])
    );
    assert_eq!(parsed.label("+a"), "+7 people\n3 direct reports");

    // The own layout draws everything, whatever the limit.
    let out = run(&["diagram", path, "--max-nodes", "5", "-o", "-"]);
    assert_eq!(out.stderr, "");
    assert_eq!(
        parse_dot(&String::from_utf8(out.stdout).unwrap())
            .nodes
            .len(),
        10
    );

    // Under the limit: nothing folded, nothing said.
    let out = run(&["diagram", path, "--layout", "dot", "-o", "-"]);
    assert_eq!(out.stderr, "");
    assert_eq!(
        parse_dot(&String::from_utf8(out.stdout).unwrap())
            .nodes
            .len(),
        10
    );
}

#[test]
fn a_20000_person_chart_renders_to_svg_after_auto_collapse() {
    let have_dot = dot_available();
    let dir = tempfile::tempdir().unwrap();
    // A six-way tree, written as the YAML a generator would: one flow entry per line.
    let mut yaml = String::from("version: 1\npeople:\n");
    yaml.push_str("  - {id: p0, name: Person 0, title: Chief Executive Officer}\n");
    for i in 1..20_000 {
        yaml.push_str(&format!(
            "  - {{id: p{i}, name: Person {i}, title: Staff, reports_to: p{}, department: d{}}}\n",
            (i - 1) / 6,
            i % 30
        ));
    }
    let chart = write_file(dir.path(), "big.yaml", &yaml);
    let format = if have_dot { "big.svg" } else { "big.dot" };
    let out_path = dir.path().join(format);
    let out = run(&[
        "diagram",
        chart.to_str().unwrap(),
        "--findings",
        "--layout",
        "dot",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // "collapsed N people into B boxes to stay under --max-nodes 2000"
    let message = out
        .stderr
        .lines()
        .find(|l| l.contains("collapsed"))
        .unwrap();
    let numbers: Vec<usize> = message
        .split_whitespace()
        .filter_map(|w| w.replace(',', "").parse().ok())
        .collect();
    let (folded, boxes, limit) = (numbers[0], numbers[1], numbers[2]);
    assert_eq!(limit, 2000);
    let shown = 20_000 - folded;
    assert!(shown + boxes <= 2000 && shown + boxes > 1900, "{message}");
    if have_dot {
        let svg = parse_svg(&std::fs::read_to_string(&out_path).unwrap());
        assert_eq!(
            svg.nodes,
            shown + boxes + 5,
            "people, boxes and the legend (4 colours, folded boxes)"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Output

#[test]
fn output_format_comes_from_the_extension_or_format() {
    if !dot_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    for (name, extra, magic) in [
        ("a.svg", None, &b"<?xml"[..]),
        ("a.png", None, &b"\x89PNG"[..]),
        ("a.pdf", None, &b"%PDF"[..]),
        ("a.gv", None, &b"digraph"[..]),
        ("picture", Some("png"), &b"\x89PNG"[..]),
    ] {
        let target = out(name);
        let mut args = vec!["diagram", "examples/minimal.yaml", "-o", &target];
        if let Some(format) = extra {
            args.extend_from_slice(&["--format", format]);
        }
        let result = run(&args);
        assert_eq!(result.code, 0, "{name}: {}", result.stderr);
        let bytes = std::fs::read(&target).unwrap();
        assert!(bytes.starts_with(magic), "{name}");
    }
    // `-o -` with --format svg writes SVG to standard output.
    let result = run(&[
        "diagram",
        "examples/minimal.yaml",
        "-o",
        "-",
        "--format",
        "svg",
    ]);
    assert_eq!(
        parse_svg(&String::from_utf8(result.stdout).unwrap()).nodes,
        3
    );
    // No temporary files left beside the outputs.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn dash_output_writes_dot_to_stdout() {
    let out = run(&["diagram", "examples/minimal.yaml", "-o", "-"]);
    assert_eq!(out.code, 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("digraph \"orglint\" {"), "{text}");
    assert_eq!(parse_dot(&text).nodes.len(), 3);
}

#[test]
fn unknown_extension_or_unwritable_output_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("chart.jpeg");
    let out = run(&[
        "diagram",
        "examples/minimal.yaml",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--format"), "{}", out.stderr);
    assert!(!target.exists());

    let target = dir.path().join("missing-dir").join("chart.dot");
    let out = run(&[
        "diagram",
        "examples/minimal.yaml",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot write"), "{}", out.stderr);
}

#[test]
fn without_dot_svg_exits_2_with_how_to_install_it_but_dot_output_works() {
    let dir = tempfile::tempdir().unwrap();
    let empty_path = tempfile::tempdir().unwrap();
    let svg = dir.path().join("chart.svg");
    let output = orglint()
        .env("PATH", empty_path.path())
        .args(["diagram", "examples/acme.yaml", "-o", svg.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("apt-get install graphviz"), "{stderr}");
    assert!(stderr.contains("brew install graphviz"), "{stderr}");
    assert!(stderr.contains(".dot"), "{stderr}");
    assert!(!svg.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    let dot = dir.path().join("chart.dot");
    let output = orglint()
        .env("PATH", empty_path.path())
        .args(["diagram", "examples/acme.yaml", "-o", dot.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    parse_dot(&std::fs::read_to_string(&dot).unwrap());
}

// ---------------------------------------------------------------------------------------------
// Real data

const ORGANOGRAMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/uk-organogram/");

#[test]
fn real_organograms_draw_every_post_and_every_resolved_reporting_line() {
    let have_dot = dot_available();
    // From the data README: posts, and posts with a manager in the file (posts − tops − posts
    // reporting to a missing or Eliminated reference).
    let cases: [(&[&str], usize, usize); 5] = [
        (
            &["department_for_transport-2011-09-30-senior.csv"],
            114,
            114 - 1,
        ),
        (
            &[
                "department_for_transport-2011-09-30-senior.csv",
                "department_for_transport-2011-09-30-junior.csv",
            ],
            114,
            114 - 1,
        ),
        (
            &["department_of_education-2011-09-30-senior.csv"],
            121,
            121 - 1 - 8,
        ),
        (
            &["300913-HMRC-Organogram-Final-senior.csv"],
            325,
            325 - 1 - 4,
        ),
        // One post is listed twice: both rows are drawn.
        (&["300913-DWP.xls-senior.csv"], 226, 225),
    ];
    for (files, posts, lines) in cases {
        let paths: Vec<String> = files.iter().map(|f| format!("{ORGANOGRAMS}{f}")).collect();
        for extra in [&["--cluster", "department"][..], &[]] {
            let mut args: Vec<&str> = paths.iter().map(String::as_str).collect();
            args.push("--findings");
            args.extend_from_slice(extra);
            let dot = dot_of(&args);
            let parsed = parse_dot(&dot);
            // Posts reporting to a reference nobody has hang under a placeholder for it.
            let placeholders = parsed
                .chart_nodes()
                .iter()
                .filter(|n| n.starts_with("missing: "))
                .count();
            let hanging = parsed
                .edges
                .iter()
                .filter(|(from, _, _)| from.starts_with("missing: "))
                .count();
            assert_eq!(
                parsed.chart_nodes().len() - placeholders,
                posts,
                "{files:?}"
            );
            assert_eq!(parsed.edges.len() - hanging, lines, "{files:?}");
            assert!(hanging >= placeholders);
            if have_dot {
                let svg = parse_svg(&render_svg(&dot));
                assert_eq!(
                    svg.nodes,
                    parsed.nodes.len(),
                    "{files:?}: boxes and the legend"
                );
                assert_eq!(svg.edges, parsed.edges.len(), "{files:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The own layout

/// Every box of the DOT as (name, centre, size) in points (Graphviz's y upwards).
type PlacedBox = (String, (f64, f64), (f64, f64));

fn boxes(parsed: &ParsedDot) -> Vec<PlacedBox> {
    parsed
        .nodes
        .keys()
        .map(|name| {
            let node = parsed.node(name);
            let inches = |key: &str| node[key].parse::<f64>().unwrap() * 72.0;
            (
                name.clone(),
                pos(parsed, name),
                (inches("width"), inches("height")),
            )
        })
        .collect()
}

fn assert_no_overlap(parsed: &ParsedDot, what: &str) {
    let all = boxes(parsed);
    for (k, (a, (ax, ay), (aw, ah))) in all.iter().enumerate() {
        for (b, (bx, by), (bw, bh)) in &all[k + 1..] {
            let apart =
                (ax - bx).abs() * 2.0 >= aw + bw - 0.5 || (ay - by).abs() * 2.0 >= ah + bh - 0.5;
            assert!(apart, "{what}: {a:?} and {b:?} overlap");
        }
    }
}

/// Width ÷ height of the boxes' bounding box.
fn aspect(parsed: &ParsedDot) -> f64 {
    let all = boxes(parsed);
    let left = all
        .iter()
        .map(|(_, c, s)| c.0 - s.0 / 2.0)
        .fold(f64::MAX, f64::min);
    let right = all
        .iter()
        .map(|(_, c, s)| c.0 + s.0 / 2.0)
        .fold(f64::MIN, f64::max);
    let bottom = all
        .iter()
        .map(|(_, c, s)| c.1 - s.1 / 2.0)
        .fold(f64::MAX, f64::min);
    let top = all
        .iter()
        .map(|(_, c, s)| c.1 + s.1 / 2.0)
        .fold(f64::MIN, f64::max);
    (right - left) / (top - bottom)
}

#[test]
fn the_own_layout_pins_every_box_apart_and_routes_every_reporting_line() {
    let have_dot = dot_available();
    let dir = tempfile::tempdir().unwrap();
    let features = feature_chart(dir.path());
    for chart in [
        "examples/acme.yaml",
        "examples/problems.yaml",
        features.as_str(),
    ] {
        let dot = dot_of(&[chart, "--findings"]);
        assert!(dot.contains(r#"layout="neato""#), "drawn by neato -n2");
        let parsed = parse_dot(&dot);
        for (name, node) in &parsed.nodes {
            assert!(node["pos"].ends_with('!'), "{chart}: {name} is pinned");
        }
        assert_no_overlap(&parsed, chart);
        // Lines between boxes carry their route; only dotted lines (drawn straight) and the
        // red loops of self-managers are left to Graphviz.
        for (from, to, attributes) in &parsed.edges {
            let dashed = attributes.get("style").is_some_and(|s| s == "dashed");
            let red = attributes.get("color").is_some_and(|c| c == "#c0392b");
            let self_loop = red && from == to;
            if !(dashed || self_loop) {
                assert!(
                    attributes.contains_key("pos"),
                    "{chart}: {from} -> {to} routed"
                );
            }
        }
        if have_dot {
            let svg = parse_svg(&render_svg(&dot));
            assert_eq!(svg.nodes, parsed.nodes.len(), "{chart}");
            assert_eq!(svg.edges, parsed.edges.len(), "{chart}");
        }
    }
}

#[test]
fn leaf_reports_are_stacked_under_their_manager() {
    let dir = tempfile::tempdir().unwrap();
    // A manager with twelve reports who have none of their own, and one who has.
    let mut people = vec![
        serde_json::json!({"id": "boss", "name": "Boss", "title": "Director"}),
        serde_json::json!({"id": "lead", "name": "Lead", "title": "Team Lead", "reports_to": "boss"}),
        serde_json::json!({"id": "dev", "name": "Dev", "title": "Developer", "reports_to": "lead"}),
    ];
    for k in 1..=12 {
        people.push(serde_json::json!({"id": format!("leaf{k}"), "name": format!("Leaf {k}"), "title": "Analyst", "reports_to": "boss"}));
    }
    let path = write_file(dir.path(), "stack.json", &chart_json(&people));
    let parsed = parse_dot(&dot_of(&[path.to_str().unwrap()]));
    let leaves: Vec<(f64, f64)> = (1..=12)
        .map(|k| pos(&parsed, &format!("leaf{k}")))
        .collect();
    let columns: BTreeSet<i64> = leaves.iter().map(|p| p.0.round() as i64).collect();
    let rows: BTreeSet<i64> = leaves.iter().map(|p| p.1.round() as i64).collect();
    assert_eq!((columns.len(), rows.len()), (2, 6), "two columns of six");
    let boss = pos(&parsed, "boss");
    assert!(leaves.iter().all(|p| p.1 < boss.1), "below the manager");
    assert!(
        aspect(&parsed) < 2.0,
        "page-like, not a strip: {}",
        aspect(&parsed)
    );
    assert_no_overlap(&parsed, "stack");
    // The line to each stacked report ends at the side of its box, at its middle.
    for k in 1..=12 {
        let name = format!("leaf{k}");
        let (_, _, attributes) = parsed
            .edges
            .iter()
            .find(|(f, t, _)| f == "boss" && *t == name)
            .unwrap();
        let last = attributes["pos"].rsplit(' ').next().unwrap().to_owned();
        let (x, y) = last.split_once(',').unwrap();
        let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
        let centre = pos(&parsed, &name);
        let half = parsed.node(&name)["width"].parse::<f64>().unwrap() * 36.0;
        assert!((y - centre.1).abs() < 0.2, "{name}");
        assert!(((x - centre.0).abs() - half).abs() < 0.5, "{name}");
    }
}

#[test]
fn the_dft_organogram_is_drawn_at_most_3_to_1() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/uk-organogram/department_for_transport-2011-09-30-senior.csv"
    );
    let dot = dot_of(&[path]);
    let parsed = parse_dot(&dot);
    assert_eq!(parsed.nodes.len(), 114);
    let ratio = aspect(&parsed);
    assert!((1.0..=3.0).contains(&ratio), "{ratio}:1");
    assert_no_overlap(&parsed, "DfT");
    if dot_available() {
        let svg = render_svg(&dot);
        let doc = roxmltree::Document::parse_with_options(
            &svg,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let size = |key: &str| -> f64 {
            doc.root_element()
                .attribute(key)
                .unwrap()
                .trim_end_matches("pt")
                .parse()
                .unwrap()
        };
        let ratio = size("width") / size("height");
        assert!((1.0..=3.0).contains(&ratio), "SVG {ratio}:1");
    }
}

#[test]
fn unknown_managers_cycles_and_self_managers_are_drawn_in_red() {
    let have_dot = dot_available();
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "p.json",
        &chart_json(&[
            serde_json::json!({"id": "ceo", "name": "Ada"}),
            serde_json::json!({"id": "x", "name": "Xia", "reports_to": "ghost"}),
            serde_json::json!({"id": "x2", "name": "Xan", "reports_to": "ghost"}),
            serde_json::json!({"id": "y", "name": "Yul", "reports_to": "y"}),
            serde_json::json!({"id": "a", "name": "Ann", "reports_to": "c"}),
            serde_json::json!({"id": "b", "name": "Bob", "reports_to": "a"}),
            serde_json::json!({"id": "c", "name": "Cid", "reports_to": "b"}),
        ]),
    );
    let red = |a: &BTreeMap<String, String>| a.get("color").is_some_and(|c| c == "#c0392b");
    for layout in LayoutEngine::names() {
        let dot = dot_of(&[path.to_str().unwrap(), "--layout", layout]);
        let parsed = parse_dot(&dot);
        // One placeholder for the missing id, both people under it, in red.
        let placeholder = parsed.node("missing: ghost");
        assert_eq!(placeholder["label"], "Unknown manager\nghost");
        assert!(placeholder["style"].contains("dashed") && red(placeholder));
        for person in ["x", "x2"] {
            assert!(parsed
                .edges
                .iter()
                .any(|(f, t, a)| f == "missing: ghost" && t == person && red(a)));
        }
        // The self-manager has a red loop; the cycle a → b → c has one red edge, closing it.
        assert!(parsed
            .edges
            .iter()
            .any(|(f, t, a)| f == "y" && t == "y" && red(a)));
        let cycle: Vec<_> = parsed
            .edges
            .iter()
            .filter(|(f, t, _)| {
                ["a", "b", "c"].contains(&f.as_str()) && ["a", "b", "c"].contains(&t.as_str())
            })
            .collect();
        assert_eq!(cycle.len(), 3, "{layout}");
        assert_eq!(
            cycle.iter().filter(|(_, _, a)| red(a)).count(),
            1,
            "{layout}"
        );
        if have_dot {
            let svg = render_svg(&dot);
            assert_eq!(parse_svg(&svg).edges, parsed.edges.len());
            assert!(svg.contains("Unknown manager"));
            assert!(svg.contains(r##"stroke="#c0392b""##));
        }
    }
}

#[test]
fn dotted_lines_drawn_are_bounded_by_max_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let mut people = vec![
        serde_json::json!({"id": "ceo"}),
        serde_json::json!({"id": "cfo", "reports_to": "ceo"}),
    ];
    for k in 0..6 {
        people.push(serde_json::json!({"id": format!("p{k}"), "reports_to": "ceo", "dotted_lines": ["cfo"]}));
    }
    let path = write_file(dir.path(), "d.json", &chart_json(&people));
    let out = run(&[
        "diagram",
        path.to_str().unwrap(),
        "--max-nodes",
        "4",
        "-o",
        "-",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let parsed = parse_dot(&String::from_utf8(out.stdout).unwrap());
    let dashed = parsed
        .edges
        .iter()
        .filter(|(_, _, a)| a.get("style").is_some_and(|s| s == "dashed"))
        .count();
    assert_eq!(dashed, 4);
    assert_eq!(parsed.nodes.len(), 8, "every box is still drawn");
    assert!(
        out.stderr
            .contains("left out 2 dotted lines to stay under --max-nodes 4"),
        "{}",
        out.stderr
    );
}

#[test]
fn graphviz_is_stopped_at_the_timeout_with_exit_2_and_a_hint() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    // Stand-ins for Graphviz that never finish.
    for program in ["neato", "dot"] {
        let script = bin.join(program);
        std::fs::write(&script, "#!/bin/sh\nexec sleep 600\n").unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for layout in LayoutEngine::names() {
        let target = dir.path().join("chart.svg");
        let output = orglint()
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .args([
                "diagram",
                "examples/acme.yaml",
                "--timeout",
                "1",
                "--layout",
                layout,
            ])
            .args(["-o", target.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("did not finish within 1 s"), "{stderr}");
        assert!(stderr.contains("--timeout"), "{stderr}");
        assert!(!target.exists());
    }
}

/// A folder of stand-ins for Graphviz's programs, each running `script`.
fn fake_graphviz(dir: &std::path::Path, script: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for program in ["neato", "dot"] {
        let path = bin.join(program);
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

#[test]
fn the_timeout_holds_for_every_process_graphviz_starts() {
    let dir = tempfile::tempdir().unwrap();
    // Wrappers that exit at once, leaving a child that holds their output open; the plugin
    // probes (`dot -v`, `dot -c`) are such wrappers too.
    let bin = fake_graphviz(dir.path(), "#!/bin/sh\nsleep 600 &\nexit 0\n");
    for format in ["svg", "png"] {
        let target = dir.path().join(format!("chart.{format}"));
        let started = std::time::Instant::now();
        let output = orglint()
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .args(["diagram", "examples/acme.yaml", "--timeout", "1", "-o"])
            .arg(&target)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("did not finish within 1 s"), "{stderr}");
        // Not 600 s (the lingering child), nor 1 s plus 5 s for each probe.
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(4),
            "{format}: {took:?}"
        );
        assert!(!target.exists());
    }
}

#[test]
fn sigterm_while_graphviz_draws_leaves_no_plugin_folder() {
    let dir = tempfile::tempdir().unwrap();
    let libdir = dir.path().join("lib");
    std::fs::create_dir(&libdir).unwrap();
    std::fs::write(libdir.join("libgvplugin_core.so.6"), "").unwrap();
    // `dot -v` names the plugin folder, `dot -c` configures it, `neato` draws for ever.
    let script = format!(
        "#!/bin/sh\ncase \"$1\" in\n  -v) echo 'libdir = \"{}\"' >&2 ;;\n  -c) touch \"$GVBINDIR/config6\" ;;\n  *) echo $$ > '{}'; exec sleep 600 ;;\nesac\n",
        libdir.display(),
        dir.path().join("neato.pid").display()
    );
    let bin = fake_graphviz(dir.path(), &script);
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("orglint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("TMPDIR", &tmp)
        .args(["diagram", "examples/acme.yaml", "-o"])
        .arg(dir.path().join("chart.svg"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::fs::read_dir(&tmp).unwrap().next().is_none() {
        assert!(
            started.elapsed().as_secs() < 30,
            "no plugin folder was made"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Drawing: neato has started.
    while !dir.path().join("neato.pid").exists() {
        assert!(started.elapsed().as_secs() < 30, "neato did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: signals the child this test started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(libc::SIGTERM)
    );
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    // Graphviz was stopped with it, not left drawing for nobody.
    let neato: i32 = std::fs::read_to_string(dir.path().join("neato.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let stopping = std::time::Instant::now();
    // SAFETY: signal 0 only asks whether the process exists.
    while unsafe { libc::kill(neato, 0) } == 0 {
        assert!(stopping.elapsed().as_secs() < 10, "neato still runs");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_20000_person_chart_is_drawn_whole_by_the_own_layout() {
    let have_dot = dot_available();
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from("version: 1\npeople:\n  - {id: p0, name: Person 0}\n");
    for i in 1..20_000 {
        yaml.push_str(&format!(
            "  - {{id: p{i}, name: Person {i}, title: Staff, reports_to: p{}}}\n",
            (i - 1) / 6
        ));
    }
    let chart = write_file(dir.path(), "big.yaml", &yaml);
    let target = dir
        .path()
        .join(if have_dot { "big.svg" } else { "big.dot" });
    let out = run(&[
        "diagram",
        chart.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("collapsed"), "{}", out.stderr);
    let text = std::fs::read_to_string(&target).unwrap();
    if have_dot {
        let svg = parse_svg(&text);
        assert_eq!((svg.nodes, svg.edges), (20_000, 19_999));
    } else {
        assert_eq!(parse_dot(&text).nodes.len(), 20_000);
    }
}

#[test]
fn own_layout_svg_is_drawn_with_graphviz_core_plugins_only() {
    if !dot_available() {
        return;
    }
    // The folder orglint points GVBINDIR at holds the core renderers and the neato layout,
    // and no pango: label text is then measured from Graphviz's built-in metrics.
    let folder = orglint::diagram::core_plugins(
        std::time::Instant::now() + std::time::Duration::from_secs(60),
    )
    .expect("Graphviz's plugins are found");
    let names: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("libgvplugin_core.")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("libgvplugin_neato_layout.")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.starts_with("config")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("pango")), "{names:?}");
    // Drawn so, the SVG is the one Graphviz gives with those plugins alone.
    let dir = tempfile::tempdir().unwrap();
    let dot_path = dir.path().join("acme.dot");
    let svg_path = dir.path().join("acme.svg");
    for out in [&dot_path, &svg_path] {
        let status = Command::cargo_bin("orglint")
            .unwrap()
            .args([
                "diagram",
                "-q",
                concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme.yaml"),
                "-o",
            ])
            .arg(out)
            .output()
            .unwrap()
            .status;
        assert!(status.success());
    }
    let by_hand = std::process::Command::new("neato")
        .args(["-n2", "-Tsvg"])
        .arg(&dot_path)
        .env("GVBINDIR", folder.path())
        .output()
        .unwrap();
    assert!(by_hand.status.success());
    let svg = std::fs::read(&svg_path).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&svg),
        String::from_utf8_lossy(&by_hand.stdout)
    );
}

/// A second entry for an id already used is a row of the input like any other: `stats`
/// counts it, so every drawing shows it, under the manager its row names, with a node name
/// of its own.
#[test]
fn a_second_person_with_a_repeated_id_is_drawn_under_their_manager() {
    let dir = tempfile::tempdir().unwrap();
    let chart = write_file(
        dir.path(),
        "org.yaml",
        "version: 1\npeople:\n  - {id: ceo, name: Ana Boss, title: CEO}\n  \
         - {id: e1, name: Ben One, title: COO, reports_to: ceo}\n  \
         - {id: e1, name: Cy Two, title: Engineer, reports_to: ceo}\n",
    );
    let chart = chart.to_str().unwrap();
    for layout in [&[][..], &["--layout", "dot"][..]] {
        let mut args = vec![chart];
        args.extend_from_slice(layout);
        let dot = dot_of(&args);
        let parsed = parse_dot(&dot);
        let second = parsed
            .nodes
            .iter()
            .find(|(_, attrs)| attrs.get("label").is_some_and(|l| l.starts_with("Cy Two")))
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| panic!("Cy Two is not drawn: {dot}"));
        assert_ne!(second, "e1");
        assert!(parsed.has_edge("ceo", &second), "{dot}");
        assert!(parsed.label("e1").starts_with("Ben One"), "{dot}");
        let svg = parse_svg(&render_svg(&dot));
        assert!(svg.texts.iter().any(|t| t == "Cy Two"), "{:?}", svg.texts);
    }
}
