//! `html`: the interactive chart of SPEC §7 with its findings panel (`check --report
//! html=PATH`), the same page `orglint diagram -o chart.html --findings` writes; for a run
//! stopped by input errors, a small page listing them.

use super::{Emitter, ReportData};
use crate::diagram::{self, DiagramOptions, Source};
use crate::escape::escape_html;
use crate::graph::OrgGraph;
use crate::rulebook::RoleIndex;
use std::io::{self, Write};

pub struct HtmlEmitter;

impl Emitter for HtmlEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        if data.stopped() {
            return out.write_all(input_error_page(data).as_bytes());
        }
        let graph = OrgGraph::build(data.chart);
        let roles = RoleIndex::build(data.chart, &graph, data.rulebook);
        let source = Source {
            chart: data.chart,
            graph: &graph,
            roles: &roles,
            rulebook: data.rulebook,
            findings: Some(data.findings),
            changes: None,
        };
        let options = DiagramOptions {
            redact: data.redact,
            ..DiagramOptions::default()
        };
        // Without `--root` every person is drawn, so there is no root to be unknown.
        diagram::html::write_page(source, &options, out).map_err(io::Error::other)?
    }
}

/// A small offline page saying that nothing was checked, and why.
fn input_error_page(data: &ReportData) -> String {
    let files: Vec<String> = data.inputs().iter().map(|p| escape_html(p)).collect();
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n\
         <title>orglint: input error</title>\n</head>\n<body>\n<h1>orglint: input error</h1>\n",
    );
    page.push_str(&format!(
        "<p>Nothing was checked: the input could not be read ({}).</p>\n<ul>\n",
        files.join(", ")
    ));
    for error in data.errors {
        page.push_str(&format!(
            "<li class=\"input-error\">{}</li>\n",
            escape_html(&error.to_string())
        ));
    }
    page.push_str("</ul>\n</body>\n</html>\n");
    page
}
