//! The legend of a drawing with findings: a frame explaining each colour, box and line style
//! the drawing uses.

use super::boxes::box_size;
use super::dot::decimal;
use super::quote::{attr, attr_owned, label_lines, node_name, quoted};
use super::{severity_colours, Writer, FOLD_FILL, RED};
use crate::choice::Choice;
use crate::finding::Severity;
use graphviz_rust::dot_structures::{Attribute, Node, NodeId, Stmt, Subgraph};

impl Writer<'_> {
    /// A frame explaining each colour, box and line style the drawing uses.
    pub(super) fn legend(&mut self, extent: (f64, f64)) -> Stmt {
        let mut stmts = vec![
            Stmt::Attribute(attr("label", "Legend")),
            Stmt::Attribute(attr("rank", "same")),
        ];
        let mut entries: Vec<(String, Vec<Attribute>)> = Vec::new();
        // Most severe first; the change picture has no findings, but marks of its own.
        let severities = Severity::ALL.iter().rev().copied().map(Some).chain([None]);
        let severities = severities.filter(|_| self.worst.is_some());
        if self.changes.is_some() {
            entries.extend(self.change_legend());
        }
        for severity in severities {
            let (fill, border) = severity_colours(severity);
            let text = match severity {
                Some(severity) => format!("worst finding: {severity}"),
                None => "no finding".to_owned(),
            };
            entries.push((text, vec![attr("fillcolor", fill), attr("color", border)]));
        }
        if self.used.vacant {
            entries.push((
                "vacant post (dashed box)".to_owned(),
                vec![attr("style", "rounded,filled,dashed")],
            ));
        }
        // The change picture says what its folded boxes hold itself.
        if self.used.folded && self.changes.is_none() {
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
                attributes.push(attr_owned("pos", self.pin(extent, x, y + h / 2.0)));
                attributes.push(attr_owned("width", decimal(w / 72.0, 3)));
                attributes.push(attr_owned("height", decimal(h / 72.0, 3)));
                y += h + 6.0;
            }
            attributes.insert(0, label_lines(&lines));
            stmts.push(Stmt::Node(Node::new(
                NodeId(node_name(&name), None),
                attributes,
            )));
        }
        Stmt::Subgraph(Subgraph {
            id: quoted("cluster_legend"),
            stmts,
        })
    }
}
