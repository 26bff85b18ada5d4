//! `html`: the interactive chart of SPEC §7 with its findings panel (`check --report
//! html=PATH`), the same page `orglint diagram -o chart.html --findings` writes.

use super::{Emitter, ReportData};
use crate::diagram::{self, DiagramOptions, Source};
use crate::graph::OrgGraph;
use crate::rulebook::RoleIndex;
use std::io::{self, Write};

pub struct HtmlEmitter;

impl Emitter for HtmlEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        let graph = OrgGraph::build(data.chart);
        let roles = RoleIndex::build(data.chart, &graph, data.rulebook);
        let source = Source {
            chart: data.chart,
            graph: &graph,
            roles: &roles,
            rulebook: data.rulebook,
            findings: Some(data.findings),
        };
        let options = DiagramOptions {
            redact: data.redact,
            ..DiagramOptions::default()
        };
        // Without `--root` every person is drawn, so there is no root to be unknown.
        let page = diagram::html::page(source, &options).map_err(io::Error::other)?;
        out.write_all(page.as_bytes())
    }
}
