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
//! part is put on screen. Both layouts are orglint's own ([`super::arrange`]). When the top
//! level alone has more than [`OVERVIEW_MAX`] boxes (a forest, say a million people whose
//! managers are all unknown), there is no second layout: the page starts with only the tops
//! of the trees shown, and the script draws at most a bounded number of boxes at once.
//!
//! The page is written as it is made ([`write_page`]): the whole chart's boxes are kept only
//! as what each is, what it hangs under and where it went, and each box's page data is made
//! as it is written, so a million boxes never exist as page data, JSON text or page text.

use super::boxes::{tooltip_lines, PageScene, SceneBox};
use super::{draw, DiagramOptions, Drawn, LayoutEngine, Source, UnknownRoot, Writer, NO_BOX};
use crate::choice::Choice;
use crate::finding::{Finding, Severity};
use crate::graph::{ManagerLink, OrgGraph};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, Write};

/// Charts with at most this many boxes start fully expanded.
pub const WHOLE_MAX: usize = 1500;
/// The most boxes the first, collapsed view of a bigger chart shows (unless one level alone has more).
pub const OVERVIEW_MAX: usize = 400;
/// The most findings listed in the page's panel (the rest are counted).
pub const FINDINGS_LISTED: usize = 5000;

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
struct PageLayout<B> {
    width: f64,
    height: f64,
    boxes: B,
    /// Lines that are not part of the tree: `[from box, to box]` for the edge closing each
    /// reporting cycle (drawn red; `[k, k]`, a self-manager, as a loop) and each dotted line
    /// (drawn dashed grey).
    cycles: Vec<[u32; 2]>,
    dotted: Vec<[u32; 2]>,
    /// The change picture: `[old manager, moved person]`, drawn as a dotted grey arrow.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    moves: Vec<[u32; 2]>,
}

impl<B> PageLayout<B> {
    fn with_boxes<C>(self, boxes: C) -> PageLayout<C> {
        PageLayout {
            width: self.width,
            height: self.height,
            boxes,
            cycles: self.cycles,
            dotted: self.dotted,
            moves: self.moves,
        }
    }
}

/// The whole chart's boxes, each made as it is written: a million boxes' page data is never
/// held at once.
struct StreamedBoxes<'s, 'w> {
    writer: RefCell<&'s mut Writer<'w>>,
    scene: &'s PageScene,
}

impl Serialize for StreamedBoxes<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut writer = self.writer.borrow_mut();
        let boxes = (0..self.scene.drawn.len()).map(|k| writer.page_box(self.scene, k, None));
        serializer.collect_seq(boxes)
    }
}

/// A change in the change picture's panel.
#[derive(Serialize)]
struct PageChange<'a> {
    kind: &'static str,
    text: &'a str,
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
struct PageData<'a, W> {
    title: String,
    /// Whether the chart was checked (`--findings`, `check --report html=`).
    checked: bool,
    redacted: bool,
    whole: W,
    #[serde(skip_serializing_if = "Option::is_none")]
    overview: Option<PageLayout<Vec<PageBox>>>,
    /// A chart too big to show whole whose top level alone is too big for a first view of
    /// its own: it starts with every manager's reports hidden.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    collapsed: bool,
    findings: Vec<PageFinding>,
    /// Findings not listed (beyond [`FINDINGS_LISTED`]).
    unlisted: usize,
    /// The change picture's changes (`orglint diff -o changes.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<Vec<PageChange<'a>>>,
}

/// The HTML page for a chart (see [`write_page`]).
pub fn page(source: Source, options: &DiagramOptions) -> Result<String, UnknownRoot> {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail, and every byte written is UTF-8.
    let _ = write_page(source, options, &mut bytes)?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Writes the HTML page for a chart to `out` as it is made: each box of the whole chart is
/// made as it is written, and the page's data is escaped for its script element on the way.
/// `--layout` and `--cluster` do not apply: the page always uses orglint's own layout.
pub fn write_page(
    source: Source,
    options: &DiagramOptions,
    out: &mut dyn Write,
) -> Result<io::Result<()>, UnknownRoot> {
    let options = DiagramOptions {
        layout: LayoutEngine::Tidy,
        cluster: None,
        ..options.clone()
    };
    draw(source, &options, |writer, _| {
        writer.page = true;
        let scene = writer.page_scene();
        let people = BoxIndex::people(source.chart.people.len(), &scene.drawn);
        let overview = match overview_depth(&scene.parents) {
            Some(depth) => {
                let whole = writer.box_index(&scene.drawn, people.clone());
                let below = writer.layout.people_below();
                Some(overview(source, &options, depth, below, &whole)?)
            }
            None => None,
        };
        let all = source.findings.unwrap_or(&[]);
        let chart = source.chart;
        let changes = source.changes.map(|changes| {
            (changes.entries.iter())
                .map(|e| PageChange {
                    kind: e.kind,
                    text: &e.text,
                    at: e.person.and_then(|i| people.of(i)),
                })
                .collect()
        });
        let title = chart.organization.as_deref().unwrap_or("Org chart");
        let lines = writer.page_layout(&scene, &people, ());
        let data = PageData {
            title: crate::escape::escape_control(title).into_owned(),
            checked: source.findings.is_some(),
            redacted: options.redact,
            collapsed: overview.is_none() && scene.drawn.len() > WHOLE_MAX,
            overview,
            findings: page_findings(source.graph, all, &people),
            unlisted: all.len().saturating_sub(FINDINGS_LISTED),
            changes,
            whole: lines.with_boxes(StreamedBoxes {
                writer: RefCell::new(writer),
                scene: &scene,
            }),
        };
        Ok(write_assembled(out, &data))
    })?
}

/// The page up to its data.
const PAGE_HEAD: &str = concat!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        // No request of any kind leaves the page.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
        "<meta name=\"generator\" content=\"orglint\">\n<title>Org chart</title>\n<style>\n",
    include_str!("html/chart.css"),
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
);

/// The page around its data, the data written as JSON made safe inside its script element,
/// straight to `out`.
fn write_assembled<T: Serialize>(out: &mut dyn Write, data: &T) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(PAGE_HEAD.as_bytes())?;
    crate::escape::write_json_script_safe(&mut out, data).map_err(io::Error::from)?;
    out.write_all(b"</script>\n<script>\n")?;
    out.write_all(SCRIPT.as_bytes())?;
    out.write_all(b"</script>\n</body>\n</html>\n")?;
    out.flush()
}

/// The small layout of a big chart's first levels (down to `depth`), each box saying which
/// box of the whole chart (`whole`) it is.
fn overview(
    source: Source,
    options: &DiagramOptions,
    depth: u32,
    below: Vec<u32>,
    whole: &BoxIndex,
) -> Result<PageLayout<Vec<PageBox>>, UnknownRoot> {
    let options = DiagramOptions {
        depth: Some(options.depth.map_or(depth, |d| d.min(depth))),
        ..options.clone()
    };
    draw(source, &options, |writer, _| {
        // Counts of people below as in the whole chart, not only its first levels.
        writer.below = Some(below);
        writer.page = true;
        let scene = writer.page_scene();
        let people = BoxIndex::people(source.chart.people.len(), &scene.drawn);
        let boxes = (0..scene.drawn.len())
            .map(|k| writer.page_box(&scene, k, Some(whole)))
            .collect();
        writer.page_layout(&scene, &people, boxes)
    })
}

/// The first [`FINDINGS_LISTED`] findings, each naming the boxes of its people.
fn page_findings(graph: &OrgGraph, all: &[Finding], people: &BoxIndex) -> Vec<PageFinding> {
    all.iter()
        .take(FINDINGS_LISTED)
        .map(|f| PageFinding {
            rule: f.rule.name(),
            severity: f.severity.name(),
            message: crate::escape::escape_control(&f.message).into_owned(),
            boxes: (f.subjects.iter())
                .filter_map(|s| people.of(graph.index_of(s)?))
                .collect(),
            waived: f.is_waived(),
        })
        .collect()
}

/// What names the same box in two layouts of one chart: its person, the person whose
/// reports it folds, or the manager id nobody has.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum BoxKey<'a> {
    Fold(Option<u32>),
    Missing(&'a str),
}

/// Where each person's box, and (for the first view's links to the whole chart) each fold and
/// unknown manager's box, is among a layout's boxes.
#[derive(Clone)]
struct BoxIndex<'a> {
    person: Vec<u32>,
    others: HashMap<BoxKey<'a>, u32>,
}

impl BoxIndex<'_> {
    /// The boxes of the people among `drawn`, by person (of a chart of `count` people).
    fn people(count: usize, drawn: &[Drawn]) -> Self {
        let mut person = vec![NO_BOX; count];
        for (k, &d) in drawn.iter().enumerate() {
            if let Drawn::Person(i) = d {
                person[i as usize] = k as u32;
            }
        }
        BoxIndex {
            person,
            others: HashMap::new(),
        }
    }

    /// The box of person `i`, if drawn.
    fn of(&self, i: u32) -> Option<u32> {
        self.person
            .get(i as usize)
            .copied()
            .filter(|&k| k != NO_BOX)
    }
}

/// For a chart too big to show whole: the depth of the first view's layout (the deepest at
/// which it has at most [`OVERVIEW_MAX`] boxes). None when the chart is small enough to
/// show whole, or when its top level alone has more boxes than that: then the page starts
/// with only the tops of the trees shown, in the whole chart's layout.
fn overview_depth(parents: &[Option<u32>]) -> Option<u32> {
    if parents.len() <= WHOLE_MAX {
        return None;
    }
    let depths = box_depths(parents);
    let deepest = depths.iter().copied().max().unwrap_or(0);
    let mut per_depth = vec![0usize; deepest as usize + 1];
    for &d in &depths {
        per_depth[d as usize] += 1;
    }
    let mut shown = 0;
    let mut depth = None;
    for (d, &count) in per_depth.iter().enumerate() {
        shown += count;
        if shown > OVERVIEW_MAX {
            break;
        }
        depth = Some(d as u32);
    }
    depth.filter(|&d| d < deepest)
}

/// How deep each box hangs (tops of trees 0), without recursion.
fn box_depths(parents: &[Option<u32>]) -> Vec<u32> {
    const UNKNOWN: u32 = u32::MAX;
    let mut depth = vec![UNKNOWN; parents.len()];
    let mut path = Vec::new();
    for start in 0..parents.len() {
        // Walk up to a box whose depth is known or to a top, then number the path downwards.
        let mut k = start;
        let mut next = 0;
        while depth[k] == UNKNOWN {
            path.push(k);
            match parents[k].map(|up| up as usize) {
                Some(up) if up < parents.len() && path.len() <= parents.len() => k = up,
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

impl<'a> Writer<'a> {
    /// `people` ([`BoxIndex::people`] of the same boxes) with the boxes of folds and unknown
    /// managers added.
    fn box_index(&self, drawn: &[Drawn], people: BoxIndex<'a>) -> BoxIndex<'a> {
        let mut index = people;
        for (k, &d) in drawn.iter().enumerate() {
            let key = match d {
                Drawn::Person(_) => continue,
                Drawn::Fold(f) => BoxKey::Fold(self.layout.boxes[f as usize].parent),
                Drawn::Missing(m) => BoxKey::Missing(self.missing_id(m)),
            };
            index.others.insert(key, k as u32);
        }
        index
    }

    /// The scene's layout as the page's script reads it, with its boxes (`people`: where each
    /// person's box is).
    fn page_layout<B>(&self, scene: &PageScene, people: &BoxIndex, boxes: B) -> PageLayout<B> {
        let (cycles, dotted) = self.page_links(&scene.drawn, people);
        let moves = (self.changes.iter())
            .flat_map(|c| &c.arrows)
            .filter_map(|&(from, to)| Some([people.of(from)?, people.of(to)?]))
            .collect();
        PageLayout {
            width: round(scene.arranged.width),
            height: round(scene.arranged.height),
            boxes,
            cycles,
            dotted,
            moves,
        }
    }

    /// Box `k` of the scene as the page's script reads it. With `whole` (the whole chart's
    /// boxes), the box also says which box of the whole chart it is.
    fn page_box(&mut self, scene: &PageScene, k: usize, whole: Option<&BoxIndex>) -> PageBox {
        let drawn = scene.drawn[k];
        let SceneBox { lines, struck, .. } = self.scene_box(drawn, &scene.below);
        let chg = self.change_classes(drawn);
        let people = &self.chart.people;
        let (kind, id, sev, tip, vacant, key) = match drawn {
            Drawn::Person(i) => {
                let person = &people[i as usize];
                let sev = self.worst.and_then(|w| w[i as usize]);
                let tip = self
                    .messages
                    .map(|m| {
                        tooltip_lines(m.of(i))
                            .iter()
                            .map(|t| crate::escape::escape_control(t).into_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                let id = Some(crate::escape::escape_control(&person.id).into_owned());
                ("person", id, sev, tip, person.vacant, None)
            }
            Drawn::Fold(f) => {
                let fold = &self.layout.boxes[f as usize];
                let sev = self
                    .worst
                    .and_then(|w| fold.members.iter().filter_map(|&i| w[i as usize]).max());
                let key = BoxKey::Fold(fold.parent);
                ("fold", None, sev, Vec::new(), false, Some(key))
            }
            Drawn::Missing(m) => {
                let key = BoxKey::Missing(self.missing_id(m));
                ("missing", None, None, Vec::new(), false, Some(key))
            }
        };
        let whole = whole.map(|index| {
            let found = match (drawn, key) {
                (Drawn::Person(i), _) => index.of(i),
                (_, Some(key)) => index.others.get(&key).copied(),
                _ => None,
            };
            found.map_or(-1, i64::from)
        });
        let arranged = &scene.arranged;
        let (cx, cy) = arranged.centre.get(k).copied().unwrap_or_default();
        let (w, h) = arranged.size.get(k).copied().unwrap_or_default();
        let route = (arranged.route.get(k))
            .map(|r| r.iter().flat_map(|&(x, y)| [round(x), round(y)]).collect())
            .unwrap_or_default();
        PageBox {
            kind,
            x: round(cx - w / 2.0),
            y: round(cy - h / 2.0),
            w: round(w),
            h: round(h),
            up: scene.parents[k].map_or(-1, i64::from),
            lines: (lines.iter())
                .map(|l| crate::escape::escape_control(l).into_owned())
                .collect(),
            route,
            id,
            sev: severity_rank(sev),
            tip,
            vacant,
            chg,
            struck,
            whole,
        }
    }

    /// The edges closing reporting cycles among the boxes, and the dotted lines between them
    /// (at most `--max-nodes`, as in DOT). `people` gives each drawn person's box.
    fn page_links(&self, drawn: &[Drawn], people: &BoxIndex) -> (Vec<[u32; 2]>, Vec<[u32; 2]>) {
        let mut cycles = Vec::new();
        for (k, &d) in drawn.iter().enumerate() {
            let (Drawn::Person(i), k) = (d, k as u32) else {
                continue;
            };
            // The top of a drawn tree whose manager is drawn too closes a cycle; a
            // self-manager closes one on itself (drawn as a loop).
            if self.layout.tree_parent(i).is_some() {
                continue;
            }
            if self.graph.links[i as usize] == ManagerLink::SelfRef {
                cycles.push([k, k]);
            } else if let Some(from) = self.graph.drawn_manager(i).and_then(|m| people.of(m)) {
                cycles.push([from, k]);
            }
        }
        cycles.sort_unstable();
        let mut dotted: Vec<[u32; 2]> = self
            .graph
            .dotted
            .iter()
            .filter_map(|&(person, target)| Some([people.of(target)?, people.of(person)?]))
            .filter(|[from, to]| from != to)
            .collect();
        dotted.sort_unstable();
        dotted.dedup();
        dotted.truncate(self.options.max_nodes);
        (cycles, dotted)
    }
}
