//! What each box of a drawing shows (name, title, badges, counts; "+N" folds; placeholders
//! for unknown managers), what it hangs under, and where orglint's own layout puts it: the
//! [`Scene`] that the DOT writer (`dot.rs`) and the HTML page ([`super::html`]) both draw.

use super::quote::{attr, quoted_lines};
use super::visible::{self, Place};
use super::{
    arrange, changes, metrics, severity_colours, Drawn, FastMap, Writer, FOLD_FILL, NO_BOX, RED,
};
use crate::graph::ManagerLink;
use graphviz_rust::dot_structures::{Attribute, Id};

/// Longest name or title shown in a box, in characters.
pub(super) const LABEL_CHARS: usize = 48;

/// Titles wrap at this many characters a line, on at most this many lines.
pub(super) const TITLE_WIDTH: usize = 32;
pub(super) const TITLE_LINES: usize = 3;

/// Longest id used as a node name as it is; longer ones are shortened (Graphviz rejects quoted
/// strings over 16 KiB).
pub(super) const NODE_NAME_CHARS: usize = 200;

/// Lines of a box label are this tall, and boxes have this much room around the text.
const LINE_HEIGHT: f64 = 12.0;
const PAD_X: f64 = 8.0;
const PAD_Y: f64 = 5.0;
const FONT_SIZE: f64 = 10.0;

/// The size of a box holding these lines (points).
pub(super) fn box_size(lines: &[String]) -> (f64, f64) {
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

/// One box of a drawing.
pub(super) struct SceneBox {
    pub drawn: Drawn,
    /// The lines of its label.
    pub lines: Vec<String>,
    /// Its DOT style (the label not included).
    pub attributes: Vec<Attribute>,
    /// The department frame it goes in (`--cluster`).
    pub cluster: Option<usize>,
    /// The lines drawn struck through (the change picture: a leaver's name, an old title).
    pub struck: Vec<usize>,
}

/// The boxes of the HTML page ([`Writer::page_scene`]).
pub(super) struct PageScene {
    pub drawn: Vec<Drawn>,
    /// The box each box hangs under (an index into `drawn`).
    pub parents: Vec<Option<u32>>,
    pub arranged: arrange::Arranged,
    /// How many people are below each person, as the boxes count them.
    pub below: Vec<u32>,
}

/// The boxes of a drawing, what each hangs under, and where the own layout put them.
pub(super) struct Scene {
    pub boxes: Vec<SceneBox>,
    /// The box each box hangs under (an index into `boxes`).
    pub parents: Vec<Option<u32>>,
    /// Positions and line routes, for the own layout (`--layout tidy`).
    pub arranged: Option<arrange::Arranged>,
}

impl<'a> Writer<'a> {
    /// Names every box, labels and styles it, and with the own layout places it.
    pub(super) fn scene(&mut self) -> Scene {
        let drawn = self.drawn_boxes();
        let below = self.below_counts();
        let boxes: Vec<SceneBox> = drawn.iter().map(|&d| self.scene_box(d, &below)).collect();
        let parents = self.drawn_parents(&drawn);
        let arranged = self.own_layout().then(|| {
            let sizes = boxes.iter().map(|b| box_size(&b.lines));
            self.arrange(&drawn, &parents, sizes)
        });
        Scene {
            boxes,
            parents,
            arranged,
        }
    }

    /// The boxes of the HTML page, placed: only what each box is, what it hangs under and
    /// where it went are kept, as a million boxes' labels would be most of the memory; each
    /// label is made again ([`Self::scene_box`]) as the box is written.
    pub(super) fn page_scene(&mut self) -> PageScene {
        let drawn = self.drawn_boxes();
        let below = self.below_counts();
        let parents = self.drawn_parents(&drawn);
        let sizes: Vec<(f64, f64)> = (drawn.iter())
            .map(|&d| box_size(&self.scene_box(d, &below).lines))
            .collect();
        let arranged = self.arrange(&drawn, &parents, sizes.into_iter());
        PageScene {
            drawn,
            parents,
            arranged,
            below,
        }
    }

    /// Every box of the drawing in order (people, "+N" folds, unknown managers), each named
    /// unless this is the HTML page (which needs no node names).
    fn drawn_boxes(&mut self) -> Vec<Drawn> {
        let layout = self.layout;
        let shown: Vec<u32> = layout
            .order
            .iter()
            .copied()
            .filter(|&i| layout.place[i as usize] == Place::Shown)
            .collect();
        if !self.page {
            self.name_boxes(&shown);
        }
        self.find_missing_managers(&shown);
        let mut drawn: Vec<Drawn> = shown.iter().map(|&i| Drawn::Person(i)).collect();
        drawn.extend((0..layout.boxes.len() as u32).map(Drawn::Fold));
        drawn.extend((0..self.missing.len() as u32).map(Drawn::Missing));
        drawn
    }

    /// People are named by their id; the rare very long id by a shortened, unique form; a
    /// later entry for an id already used gets a name of its own (the id primed).
    fn name_boxes(&mut self, shown: &[u32]) {
        for &i in shown {
            let id = &self.chart.people[i as usize].id;
            if id.len() > NODE_NAME_CHARS && id.chars().nth(NODE_NAME_CHARS).is_some() {
                let mut short: String = id.chars().take(NODE_NAME_CHARS).collect();
                short.push('…');
                let name = self.names.fresh(short);
                self.short_names.insert(i, name);
            } else if !self.graph.is_active(i) {
                let name = self.names.fresh(id.to_string());
                self.short_names.insert(i, name);
            }
        }
        for fold in &self.layout.boxes {
            let wanted = match fold.parent {
                Some(p) => format!("+{}", self.person_name(p)),
                None => "+more".to_owned(),
            };
            let name = self.names.fresh(wanted);
            self.box_names.push(name);
        }
    }

    /// How many people are below each person, as the boxes count them.
    fn below_counts(&mut self) -> Vec<u32> {
        match (self.below.take(), self.changes) {
            (Some(below), _) => below,
            (None, Some(changes)) => changes::people_below(changes, self.layout),
            (None, None) => self.layout.people_below(),
        }
    }

    /// What box `d` shows and how it is styled (`below`: [`Self::below_counts`]).
    pub(super) fn scene_box(&mut self, d: Drawn, below: &[u32]) -> SceneBox {
        let layout = self.layout;
        let (mut lines, mut attributes) = match d {
            Drawn::Person(i) => self.person_box(i, below[i as usize]),
            Drawn::Fold(b) => self.fold_box(&layout.boxes[b as usize]),
            Drawn::Missing(m) => self.missing_box(m),
        };
        let struck = match self.changes {
            Some(changes) => self.mark_change(changes, d, &mut lines, &mut attributes),
            None => Vec::new(),
        };
        let cluster = match d {
            Drawn::Person(i) => self.person_cluster(i),
            Drawn::Fold(b) => self.box_cluster(&layout.boxes[b as usize]),
            Drawn::Missing(_) => None,
        };
        SceneBox {
            drawn: d,
            lines,
            attributes,
            cluster,
            struck,
        }
    }

    /// Places the boxes with the own layout, given each box's size.
    fn arrange(
        &self,
        drawn: &[Drawn],
        parents: &[Option<u32>],
        sizes: impl Iterator<Item = (f64, f64)>,
    ) -> arrange::Arranged {
        let items: Vec<arrange::Item> = (drawn.iter().zip(parents).zip(sizes))
            .map(|((&d, &parent), (width, height))| arrange::Item {
                width,
                height,
                parent: parent.unwrap_or(arrange::TOP),
                beside: matches!(d, Drawn::Person(i) if self.chart.people[i as usize].assistant),
            })
            .collect();
        arrange::arrange(items)
    }

    /// Groups the shown people whose manager id names nobody, by that id.
    fn find_missing_managers(&mut self, shown: &[u32]) {
        let mut index: FastMap<&str, u32> = FastMap::default();
        self.missing_of = vec![NO_BOX; self.chart.people.len()];
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
                if !self.page {
                    let shown = self.chart.reference_shown(&missing.id, self.options.redact);
                    let short = crate::text::truncate(&shown, NODE_NAME_CHARS);
                    let name = self.names.fresh(format!("missing: {short}"));
                    self.missing_names.push(name);
                }
                self.missing.push(i);
                (self.missing.len() - 1) as u32
            });
            self.missing_of[i as usize] = m;
        }
        self.used.missing = !self.missing.is_empty();
    }

    /// The manager id nobody has that unknown-manager box `m` stands for.
    pub(super) fn missing_id(&self, m: u32) -> &'a str {
        let chart: &'a crate::model::Chart = self.chart;
        let by = &chart.people[self.missing[m as usize] as usize];
        by.reports_to.as_ref().map_or("", |r| r.id.as_str())
    }

    /// The box each box hangs under (an index into `drawn`).
    fn drawn_parents(&self, drawn: &[Drawn]) -> Vec<Option<u32>> {
        const NONE: u32 = NO_BOX;
        // Indexed by person and by unknown manager: a million boxes are a million lookups.
        let mut person_item = vec![NONE; self.chart.people.len()];
        let mut missing_item = vec![NONE; self.missing.len()];
        for (k, &d) in drawn.iter().enumerate() {
            match d {
                Drawn::Person(i) => person_item[i as usize] = k as u32,
                Drawn::Missing(m) => missing_item[m as usize] = k as u32,
                Drawn::Fold(_) => {}
            }
        }
        let found = |item: u32| (item != NONE).then_some(item);
        let person = |p: u32| person_item.get(p as usize).copied().and_then(found);
        drawn
            .iter()
            .map(|&d| match d {
                Drawn::Person(i) => match self.layout.tree_parent(i) {
                    Some(p) => person(p),
                    None => (self.missing_of.get(i as usize))
                        .and_then(|&m| missing_item.get(m as usize).copied())
                        .and_then(found),
                },
                Drawn::Fold(b) => self.layout.boxes[b as usize].parent.and_then(person),
                Drawn::Missing(_) => None,
            })
            .collect()
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
            let title = crate::escape::escape_control(title);
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
            attributes.push(tooltip(messages.of(i)));
        }
        (lines, attributes)
    }

    fn fold_box(&mut self, fold: &visible::FoldBox) -> (Vec<String>, Vec<Attribute>) {
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
                .flat_map(|&i| messages.of(i).iter().copied())
                .collect();
            attributes.push(tooltip(&all));
        }
        (lines, attributes)
    }

    fn missing_box(&self, m: u32) -> (Vec<String>, Vec<Attribute>) {
        let shown = self
            .chart
            .reference_shown(self.missing_id(m), self.options.redact);
        let id = crate::text::truncate(&shown, LABEL_CHARS).into_owned();
        let lines = vec!["Unknown manager".to_owned(), id];
        let attributes = vec![
            attr("style", "rounded,dashed"),
            attr("color", RED),
            attr("fontcolor", RED),
            attr("penwidth", "2"),
        ];
        (lines, attributes)
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
pub(super) fn tooltip(messages: &[&str]) -> Attribute {
    let mut lines = tooltip_lines(messages);
    if lines.is_empty() {
        lines.push("no finding".to_owned());
    }
    Attribute(
        Id::Plain("tooltip".to_owned()),
        quoted_lines(lines.iter().map(String::as_str)),
    )
}

/// The lines of a box's tooltip (in SVG and HTML): its findings' messages, at most
/// [`TOOLTIP_MESSAGES`] of them, each shortened, and how many more there are.
pub(super) fn tooltip_lines(messages: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = messages
        .iter()
        .take(TOOLTIP_MESSAGES)
        .map(|m| crate::text::truncate(m, TOOLTIP_CHARS).into_owned())
        .collect();
    if messages.len() > TOOLTIP_MESSAGES {
        lines.push(format!("and {} more", messages.len() - TOOLTIP_MESSAGES));
    }
    lines
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
