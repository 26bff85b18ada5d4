//! The HTML report of `orglint stats`: one offline page (no script, no remote resource) with
//! the figures, a layers × span bands table shaded by count, a span histogram, the narrow
//! chains and the executives' orgs. Every value from the input goes through `escape_html`.
//! With a chart page (`diagram -o chart.html`), each person links into it at `#focus=ID`,
//! which the chart page centres and highlights.

use super::stats::{
    band_spans, chains_heading, executive_role, fte, layer_label, layer_rows, or_dash, ratio_text,
    summary, who, StatsReport,
};
use crate::escape::escape_html;
use crate::stats::{PersonRef, Stats};
use std::io::{self, Write};

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}\
table{border-collapse:collapse;margin:.5em 0 1.5em}\
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}\
th:first-child,td.text{text-align:left}\
.bar{display:inline-block;height:.9em;background:#4a7fb5;vertical-align:middle}\
caption{text-align:left;font-weight:bold;padding:.3em 0}";

impl StatsReport<'_> {
    /// The HTML page.
    pub fn write_html(&self, out: &mut dyn Write) -> io::Result<()> {
        let stats = self.stats;
        let files = escape_html(&self.files());
        writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>")?;
        writeln!(out, "<meta charset=\"utf-8\">")?;
        writeln!(out, "<title>Spans and layers — {files}</title>")?;
        writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>")?;
        writeln!(out, "<h1>Spans and layers</h1>\n<p>{files}</p>")?;
        writeln!(out, "<table id=\"summary\">")?;
        for (label, value) in summary(stats) {
            let value = escape_html(&value);
            writeln!(
                out,
                "<tr><th>{label}</th><td class=\"text\">{value}</td></tr>"
            )?;
        }
        writeln!(out, "</table>")?;
        write_layers(out, stats)?;
        write_histogram(out, stats)?;
        self.write_chains(out)?;
        self.write_executives(out)?;
        writeln!(out, "</body>\n</html>")
    }

    /// A person's name and id, a link into the chart page when there is one.
    fn person(&self, person: &PersonRef) -> String {
        let text = escape_html(&who(person));
        match self.chart_page {
            Some(page) => format!(
                "<a href=\"{}#focus={}\">{text}</a>",
                escape_html(&url_encode(page, b"/")),
                escape_html(&url_encode(&person.id, b""))
            ),
            None => text,
        }
    }

    fn write_chains(&self, out: &mut dyn Write) -> io::Result<()> {
        let chains = &self.stats.narrow_chains;
        if chains.count == 0 {
            return Ok(());
        }
        writeln!(out, "<table id=\"chains\">")?;
        writeln!(out, "<caption>{}</caption>", chains_heading(self.stats))?;
        writeln!(out, "<tr><th>managers</th><th>top</th><th>bottom</th></tr>")?;
        for chain in &chains.longest {
            writeln!(
                out,
                "<tr><td>{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
                chain.length,
                self.person(&chain.top),
                self.person(&chain.bottom)
            )?;
        }
        writeln!(out, "</table>")
    }

    fn write_executives(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.stats.executives.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "<table id=\"executives\">\n<caption>Executives</caption>"
        )?;
        writeln!(
            out,
            "<tr><th>role</th><th>holder</th><th>title</th><th>positions below</th>\
             <th>layers below</th><th>managers : individual contributors</th>\
             <th>junior FTE</th></tr>"
        )?;
        for e in &self.stats.executives {
            writeln!(
                out,
                "<tr><td class=\"text\">{}</td><td class=\"text\">{}</td>\
                 <td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape_html(&executive_role(e)),
                self.person(&e.person),
                escape_html(e.person.title.as_deref().unwrap_or("")),
                e.positions_below,
                or_dash(e.layers_below),
                escape_html(&ratio_text(&e.ratio)),
                fte(e.staff_below_fte)
            )?;
        }
        writeln!(out, "</table>")
    }
}

/// Layers down, span bands across: managers per cell, shaded by count (darkest for the
/// largest cell of the table).
fn write_layers(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    if stats.layers.rows.is_empty() {
        return Ok(());
    }
    let bands = &stats.span_of_control.bands;
    let most = layer_rows(stats)
        .flat_map(|(row, _)| row.bands.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    writeln!(out, "<table id=\"layers\">")?;
    writeln!(out, "<caption>Managers by layer and span band</caption>")?;
    write!(
        out,
        "<tr><th>layer</th><th>positions</th><th>vacant</th><th>managers</th>"
    )?;
    for band in bands {
        let spans = band_spans(&band.band);
        write!(out, "<th>{} ({spans})</th>", escape_html(&band.band.name))?;
    }
    writeln!(out, "<th>junior rows</th></tr>")?;
    for (row, deeper) in layer_rows(stats) {
        write!(
            out,
            "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td>",
            layer_label(row, deeper),
            row.positions,
            row.vacancies,
            row.managers
        )?;
        for &count in &row.bands {
            // Light to dark blue; text turns white on the darkest cells.
            let share = count as f64 / most as f64;
            let colour = if share > 0.6 { "#fff" } else { "#222" };
            write!(
                out,
                "<td class=\"band\" data-count=\"{count}\" \
                 style=\"background:rgba(31,94,160,{:.2});color:{colour}\">{count}</td>",
                share * 0.9
            )?;
        }
        writeln!(out, "<td>{}</td></tr>", row.junior_rows)?;
    }
    writeln!(out, "</table>")
}

/// One bar per span some manager has, as long as the count of managers with it.
fn write_histogram(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    let histogram = &stats.span_of_control.histogram;
    let Some(most) = histogram.iter().map(|h| h.managers).max() else {
        return Ok(());
    };
    writeln!(out, "<table id=\"histogram\">")?;
    writeln!(out, "<caption>Managers by span</caption>")?;
    writeln!(out, "<tr><th>span</th><th>managers</th><th></th></tr>")?;
    for bar in histogram {
        let width = (bar.managers as f64 / most as f64 * 300.0).max(1.0);
        writeln!(
            out,
            "<tr><th>{}</th><td>{}</td><td class=\"text\">\
             <span class=\"bar\" style=\"width:{width:.0}px\"></span></td></tr>",
            bar.span, bar.managers
        )?;
    }
    writeln!(out, "</table>")
}

/// `text` percent-encoded for a URL, every byte but ASCII letters, digits, `-._~` and
/// those in `keep`: an id in `#focus=` reads back as itself (the page reads its address as
/// form data), and a chart path stays a relative path.
fn url_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_and_paths_are_percent_encoded() {
        assert_eq!(
            super::url_encode("a b&c=d+é", b""),
            "a%20b%26c%3Dd%2B%C3%A9"
        );
        assert_eq!(
            super::url_encode("out/chart page.html", b"/"),
            "out/chart%20page.html"
        );
    }
}
