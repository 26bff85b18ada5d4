//! The interactive HTML chart (SPEC §7): one self-contained page, no network access, with the
//! boxes placed by orglint's own layout, pan and zoom, collapse and expand per manager, search
//! by name, title or id, and a findings panel whose entries centre their person.
//!
//! The page carries its data as JSON in a `<script type="application/json">`, with `<`, `>`,
//! `&`, U+2028 and U+2029 written as `\u` escapes, so no name can end the script or open a
//! comment; the page's script puts text on screen only as text nodes (`textContent`), never as
//! markup. Nothing from the chart is written into the markup itself.
//!
//! A chart of more than [`WHOLE_MAX`] boxes starts collapsed: a second, small layout of its top
//! levels (the deepest that stays within [`OVERVIEW_MAX`] boxes) is shown first, and expanding
//! a manager beyond it switches to the layout of the whole chart, of which only the expanded
//! part is put on screen. Both layouts are orglint's own ([`super::arrange`]).

use super::boxes::{tooltip_lines, Scene};
use super::{draw, DiagramOptions, Drawn, LayoutEngine, Source, UnknownRoot, Writer};
use crate::choice::Choice;
use crate::finding::Severity;
use crate::graph::ManagerLink;
use serde::Serialize;
use std::collections::HashMap;

/// Charts with at most this many boxes start fully expanded.
pub const WHOLE_MAX: usize = 1500;
/// The most boxes the first, collapsed view of a bigger chart shows (unless one level alone has more).
pub const OVERVIEW_MAX: usize = 400;
/// The most findings listed in the page's panel (the rest are counted).
pub const FINDINGS_LISTED: usize = 5000;

const STYLE: &str = include_str!("html/chart.css");
const SCRIPT: &str = include_str!("html/chart.js");

/// A box as the page's script reads it.
#[derive(Serialize)]
struct PageBox {
    /// "person", "fold" ("+N" box) or "missing" (a manager id nobody has).
    kind: &'static str,
    /// Left, top, width, height (points, `y` down).
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    /// The box it hangs under (an index into the same layout's boxes), or -1.
    up: i64,
    lines: Vec<String>,
    /// The line from `up` to this box: x, y, x, y...
    route: Vec<f64>,
    /// The person's id (people only).
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// Worst finding not waived: 0 none, 1 info, 2 warning, 3 error.
    #[serde(skip_serializing_if = "is_zero")]
    sev: u8,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tip: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    vacant: bool,
    /// The change picture: what happened to the person (`chg-joined`, `chg-moved`,
    /// `chg-left`, `chg-edited`, `chg-team`: in a team that moved), as classes.
    #[serde(skip_serializing_if = "String::is_empty")]
    chg: String,
    /// The lines drawn struck through (a leaver's name, an old title).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    struck: Vec<usize>,
    /// In the first view of a big chart: the same box in the whole chart's layout, or -1.
    #[serde(skip_serializing_if = "Option::is_none")]
    whole: Option<i64>,
}

fn is_zero(value: &u8) -> bool {
    *value == 0
}

#[derive(Serialize)]
struct PageLayout {
    width: f64,
    height: f64,
    boxes: Vec<PageBox>,
    /// Lines that are not part of the tree: `[from box, to box]` for the edge closing each
    /// reporting cycle (drawn red; `[k, k]`, a self-manager, as a loop) and each dotted line
    /// (drawn dashed grey).
    cycles: Vec<[u32; 2]>,
    dotted: Vec<[u32; 2]>,
    /// The change picture: `[old manager, moved person]`, drawn as a dotted grey arrow.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    moves: Vec<[u32; 2]>,
}

/// A change in the change picture's panel.
#[derive(Serialize)]
struct PageChange {
    kind: &'static str,
    text: String,
    /// The box (of the whole layout) of the person it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<u32>,
}

#[derive(Serialize)]
struct PageFinding {
    rule: &'static str,
    severity: &'static str,
    message: String,
    /// Boxes (of the whole layout) of the people it names.
    boxes: Vec<u32>,
    waived: bool,
}

#[derive(Serialize)]
struct PageData {
    title: String,
    /// Whether the chart was checked (`--findings`, `check --report html=`).
    checked: bool,
    redacted: bool,
    whole: PageLayout,
    #[serde(skip_serializing_if = "Option::is_none")]
    overview: Option<PageLayout>,
    findings: Vec<PageFinding>,
    /// Findings not listed (beyond [`FINDINGS_LISTED`]).
    unlisted: usize,
    /// The change picture's changes (`orglint diff -o changes.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<Vec<PageChange>>,
}

/// The HTML page for a chart. `--layout` and `--cluster` do not apply: the page always uses
/// orglint's own layout.
pub fn page(source: Source, options: &DiagramOptions) -> Result<String, UnknownRoot> {
    let options = DiagramOptions {
        layout: LayoutEngine::Tidy,
        cluster: None,
        ..options.clone()
    };
    let (whole, keys, below) = draw(source, &options, |writer, _| {
        let (layout, keys) = writer.page_layout(None);
        (layout, keys, writer.layout.people_below())
    })?;
    let overview = match overview_depth(&whole) {
        Some(depth) => {
            let options = DiagramOptions {
                depth: Some(options.depth.map_or(depth, |d| d.min(depth))),
                ..options.clone()
            };
            let (overview, _) = draw(source, &options, |writer, _| {
                // Counts of people below as in the whole chart, not only its first levels.
                writer.below = Some(below);
                writer.page_layout(Some(&keys))
            })?;
            Some(overview)
        }
        None => None,
    };
    let chart = source.chart;
    let mut box_of_person: HashMap<&str, u32> = HashMap::new();
    for (k, b) in whole.boxes.iter().enumerate() {
        if b.kind == "person" {
            if let Some(id) = keys[k].strip_prefix("p:") {
                box_of_person.entry(id).or_insert(k as u32);
            }
        }
    }
    let all = source.findings.unwrap_or(&[]);
    let findings = all
        .iter()
        .take(FINDINGS_LISTED)
        .map(|f| PageFinding {
            rule: f.rule.name(),
            severity: f.severity.name(),
            message: crate::escape::escape_control(&f.message).into_owned(),
            boxes: f
                .subjects
                .iter()
                .filter_map(|s| box_of_person.get(s.as_str()).copied())
                .collect(),
            waived: f.is_waived(),
        })
        .collect();
    let data = PageData {
        title: crate::escape::escape_control(chart.organization.as_deref().unwrap_or("Org chart"))
            .into_owned(),
        checked: source.findings.is_some(),
        redacted: options.redact,
        whole,
        overview,
        findings,
        unlisted: all.len().saturating_sub(FINDINGS_LISTED),
        changes: source.changes.map(|changes| {
            let at = |i: u32| {
                box_of_person
                    .get(chart.people[i as usize].id.as_str())
                    .copied()
            };
            (changes.entries.iter())
                .map(|e| PageChange {
                    kind: e.kind,
                    text: e.text.clone(),
                    at: e.person.and_then(at),
                })
                .collect()
        }),
    };
    // Only strings, numbers, booleans and lists: serialising cannot fail.
    let json = serde_json::to_string(&data).unwrap_or_default();
    Ok(assemble(&crate::escape::script_safe(&json)))
}

fn assemble(data: &str) -> String {
    let mut page = String::with_capacity(data.len() + STYLE.len() + SCRIPT.len() + 4096);
    page.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        // No request of any kind leaves the page.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
        "<meta name=\"generator\" content=\"orglint\">\n<title>Org chart</title>\n<style>\n"
    ));
    page.push_str(STYLE);
    page.push_str(concat!(
        "</style>\n</head>\n<body>\n",
        "<header id=\"bar\">\n",
        "<h1 id=\"title\">Org chart</h1>\n",
        "<form id=\"search\" role=\"search\"><input id=\"query\" type=\"search\" ",
        "placeholder=\"Search name, title or id\" aria-label=\"Search name, title or id\" ",
        "autocomplete=\"off\"><button type=\"submit\">Find</button></form>\n",
        "<span id=\"status\" role=\"status\"></span>\n",
        "<span class=\"tools\"><button id=\"zoom-in\" type=\"button\" title=\"Zoom in\">+</button>",
        "<button id=\"zoom-out\" type=\"button\" title=\"Zoom out\">\u{2212}</button>",
        "<button id=\"fit\" type=\"button\" title=\"Show everything on screen\">Fit</button>",
        "<button id=\"expand-all\" type=\"button\">Expand all</button>",
        "<button id=\"collapse-all\" type=\"button\">Collapse all</button></span>\n",
        "</header>\n<main>\n",
        "<div id=\"stage\"><svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\">",
        "<g id=\"viewport\"><g id=\"lines\"></g><g id=\"boxes\"></g></g></svg>",
        "<ol id=\"results\" hidden></ol></div>\n",
        "<aside id=\"panel\"><h2 id=\"changes-title\" hidden>Changes</h2>",
        "<ul id=\"changes\" hidden></ul>",
        "<h2 id=\"findings-title\">Findings</h2>",
        "<ul id=\"findings\"></ul>",
        "<div id=\"legend\"><h2>Legend</h2><ul>",
        "<li class=\"chg\" hidden><span class=\"swatch chg-joined\"></span>joined</li>",
        "<li class=\"chg\" hidden><span class=\"swatch chg-moved\"></span>moved: new manager</li>",
        "<li class=\"chg\" hidden><span class=\"swatch chg-team\"></span>in a team that moved with its head</li>",
        "<li class=\"chg\" hidden><span class=\"swatch chg-left\"></span><s>left</s>: under their old manager</li>",
        "<li class=\"chg\" hidden><span class=\"swatch chg-edited\"></span>title or role changed (<s>old</s> one struck)</li>",
        "<li class=\"chg\" hidden><span class=\"line-sample moved\"></span>grey dotted arrow: from the old manager</li>",
        "<li class=\"chg\" hidden><span class=\"swatch fold\"></span>+N unchanged: people with no change, folded</li>",
        "<li class=\"sev\"><span class=\"swatch sev-3\"></span>worst finding: error</li>",
        "<li class=\"sev\"><span class=\"swatch sev-2\"></span>worst finding: warning</li>",
        "<li class=\"sev\"><span class=\"swatch sev-1\"></span>worst finding: info</li>",
        "<li class=\"sev\"><span class=\"swatch\"></span>no finding</li>",
        "<li><span class=\"swatch vacant\"></span>vacant post (dashed)</li>",
        "<li class=\"sev\"><span class=\"swatch fold\"></span>+N: people folded into one box</li>",
        "<li><span class=\"swatch missing\"></span>manager id nobody has</li>",
        "<li><span class=\"line-sample\"></span>red line: closes a reporting cycle (a loop: reports to themselves)</li>",
        "<li><span class=\"line-sample dotted\"></span>grey dashed line: dotted line</li>",
        "<li><span class=\"toggle-sample\">+</span>click to show or hide a manager's reports</li>",
        "</ul></div></aside>\n</main>\n",
        "<script id=\"orglint-data\" type=\"application/json\">"
    ));
    page.push_str(data);
    page.push_str("</script>\n<script>\n");
    page.push_str(SCRIPT);
    page.push_str("</script>\n</body>\n</html>\n");
    page
}

/// For a chart too big to show whole: the depth of the first view's layout (the deepest at
/// which it has at most [`OVERVIEW_MAX`] boxes, at least the tops of the trees).
fn overview_depth(whole: &PageLayout) -> Option<u32> {
    if whole.boxes.len() <= WHOLE_MAX {
        return None;
    }
    let depths = box_depths(&whole.boxes);
    let deepest = depths.iter().copied().max().unwrap_or(0);
    let mut per_depth = vec![0usize; deepest as usize + 1];
    for &d in &depths {
        per_depth[d as usize] += 1;
    }
    let mut shown = 0;
    let mut depth = 0;
    for (d, &count) in per_depth.iter().enumerate() {
        shown += count;
        if shown > OVERVIEW_MAX {
            break;
        }
        depth = d as u32;
    }
    (depth < deepest).then_some(depth)
}

/// How deep each box hangs (tops of trees 0), without recursion.
fn box_depths(boxes: &[PageBox]) -> Vec<u32> {
    const UNKNOWN: u32 = u32::MAX;
    let mut depth = vec![UNKNOWN; boxes.len()];
    let mut path = Vec::new();
    for start in 0..boxes.len() {
        // Walk up to a box whose depth is known or to a top, then number the path downwards.
        let mut k = start;
        let mut next = 0;
        while depth[k] == UNKNOWN {
            path.push(k);
            match usize::try_from(boxes[k].up) {
                Ok(up) if up < boxes.len() && path.len() <= boxes.len() => k = up,
                _ => break,
            }
        }
        if depth[k] != UNKNOWN {
            next = depth[k] + 1;
        }
        while let Some(p) = path.pop() {
            depth[p] = next;
            next += 1;
        }
    }
    depth
}

fn severity_rank(severity: Option<Severity>) -> u8 {
    match severity {
        None => 0,
        Some(Severity::Info) => 1,
        Some(Severity::Warning) => 2,
        Some(Severity::Error) => 3,
    }
}

/// One decimal place is plenty for points on screen, and keeps the page small.
fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

impl Writer<'_> {
    /// The scene as the page's script reads it, and a key per box that names the same box in
    /// another layout of the chart. With `whole` (the keys of the whole chart's boxes), each
    /// box also says which box of the whole chart it is.
    fn page_layout(&mut self, whole: Option<&[String]>) -> (PageLayout, Vec<String>) {
        let Scene {
            boxes,
            parents,
            arranged,
        } = self.scene();
        let arranged = arranged.unwrap_or_default();
        let index: Option<HashMap<&str, i64>> = whole.map(|keys| {
            keys.iter()
                .enumerate()
                .map(|(k, key)| (key.as_str(), k as i64))
                .collect()
        });
        let mut keys = Vec::with_capacity(boxes.len());
        let mut box_of: HashMap<u32, u32> = HashMap::new();
        let mut out = Vec::with_capacity(boxes.len());
        for (k, b) in boxes.into_iter().enumerate() {
            let chg = self.change_classes(b.drawn);
            let people = &self.chart.people;
            let (kind, key, id, sev, tip, vacant) = match b.drawn {
                Drawn::Person(i) => {
                    box_of.insert(i, k as u32);
                    let person = &people[i as usize];
                    let sev = self.worst.and_then(|w| w[i as usize]);
                    let tip = self
                        .messages
                        .map(|m| {
                            tooltip_lines(&m[i as usize])
                                .iter()
                                .map(|t| crate::escape::escape_control(t).into_owned())
                                .collect()
                        })
                        .unwrap_or_default();
                    (
                        "person",
                        format!("p:{}", self.person_name(i)),
                        Some(crate::escape::escape_control(&person.id).into_owned()),
                        sev,
                        tip,
                        person.vacant,
                    )
                }
                Drawn::Fold(f) => {
                    let fold = &self.layout.boxes[f as usize];
                    let sev = self
                        .worst
                        .and_then(|w| fold.members.iter().filter_map(|&i| w[i as usize]).max());
                    let parent = fold.parent.map(|p| people[p as usize].id.as_str());
                    (
                        "fold",
                        format!("f:{}", parent.unwrap_or("")),
                        None,
                        sev,
                        Vec::new(),
                        false,
                    )
                }
                Drawn::Missing(m) => (
                    "missing",
                    // The node name: unique, and free of what --redact withholds.
                    format!("m:{}", self.missing[m as usize].name),
                    None,
                    None,
                    Vec::new(),
                    false,
                ),
            };
            let (cx, cy) = arranged.centre.get(k).copied().unwrap_or_default();
            let (w, h) = arranged.size.get(k).copied().unwrap_or_default();
            let route = arranged
                .route
                .get(k)
                .map(|r| r.iter().flat_map(|&(x, y)| [round(x), round(y)]).collect())
                .unwrap_or_default();
            let whole = index
                .as_ref()
                .map(|index| index.get(key.as_str()).copied().unwrap_or(-1));
            out.push(PageBox {
                kind,
                x: round(cx - w / 2.0),
                y: round(cy - h / 2.0),
                w: round(w),
                h: round(h),
                up: parents[k].map_or(-1, i64::from),
                lines: b
                    .lines
                    .iter()
                    .map(|l| crate::escape::escape_control(l).into_owned())
                    .collect(),
                route,
                id,
                sev: severity_rank(sev),
                tip,
                vacant,
                chg,
                struck: b.struck,
                whole,
            });
            keys.push(key);
        }
        let (cycles, dotted) = self.page_links(&box_of);
        let moves = (self.changes.iter())
            .flat_map(|c| &c.arrows)
            .filter_map(|(from, to)| Some([*box_of.get(from)?, *box_of.get(to)?]))
            .collect();
        let layout = PageLayout {
            width: round(arranged.width),
            height: round(arranged.height),
            boxes: out,
            cycles,
            dotted,
            moves,
        };
        (layout, keys)
    }

    /// The edges closing reporting cycles among the boxes, and the dotted lines between them
    /// (at most `--max-nodes`, as in DOT). `box_of` gives each drawn person's box.
    fn page_links(&self, box_of: &HashMap<u32, u32>) -> (Vec<[u32; 2]>, Vec<[u32; 2]>) {
        let mut cycles = Vec::new();
        for (&i, &k) in box_of {
            // The top of a drawn tree whose manager is drawn too closes a cycle; a
            // self-manager closes one on itself (drawn as a loop).
            if self.layout.tree_parent(i).is_some() {
                continue;
            }
            if self.graph.links[i as usize] == ManagerLink::SelfRef {
                cycles.push([k, k]);
            } else if let Some(&from) = self.graph.drawn_manager(i).and_then(|m| box_of.get(&m)) {
                cycles.push([from, k]);
            }
        }
        cycles.sort_unstable();
        let mut dotted: Vec<[u32; 2]> = self
            .graph
            .dotted
            .iter()
            .filter_map(|&(person, target)| Some([*box_of.get(&target)?, *box_of.get(&person)?]))
            .filter(|[from, to]| from != to)
            .collect();
        dotted.sort_unstable();
        dotted.dedup();
        dotted.truncate(self.options.max_nodes);
        (cycles, dotted)
    }
}
