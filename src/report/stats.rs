//! The report of `orglint stats` (SPEC §12; definitions in [`crate::stats`]) as text (aligned
//! tables), JSON, Markdown and HTML ([`super::stats_html`]). Every name and title goes
//! through `escape_control` in text and `escape_markdown` in Markdown; JSON is written by
//! [`super::write_json`].

use super::Tool;
use crate::escape::{escape_control, escape_markdown};
use crate::stats::{Executive, JuniorTotals, LayerRow, PersonRef, Ratio, Stats};
use crate::text::name_and_id;
use serde::Serialize;
use std::io::{self, Write};

/// The statistics of a chart and the files they were computed from, ready to write.
///
/// ```
/// let chart = orglint::load::load_files(&["examples/minimal.yaml".into()], &Default::default()).unwrap();
/// let rulebook = orglint::rulebook::Rulebook::builtin().unwrap();
/// let graph = orglint::graph::OrgGraph::build(&chart);
/// let design = Default::default();
/// let options = orglint::stats::StatsOptions { rulebook: &rulebook, design: &design, redact: false };
/// let stats = orglint::stats::compute(&chart, &graph, &options);
/// let mut text = Vec::new();
/// orglint::report::StatsReport { inputs: &["examples/minimal.yaml"], stats: &stats, chart_page: None, config: None }
///     .write_text(&mut text)
///     .unwrap();
/// assert!(String::from_utf8(text).unwrap().starts_with("orglint stats for examples/minimal.yaml (no config)\n"));
/// ```
pub struct StatsReport<'a> {
    /// The chart files, as given (`<stdin>` for standard input).
    pub inputs: &'a [&'a str],
    pub stats: &'a Stats,
    /// The chart page (`diagram -o PAGE.html`) the HTML report links each person into,
    /// as the HTML report's reader reaches it from the report.
    pub chart_page: Option<&'a str>,
    /// The config file in use, if any: every report names it.
    pub config: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonStats<'a> {
    tool: Tool,
    inputs: &'a [&'a str],
    /// The config file in use, `null` for none.
    config: Option<&'a str>,
    #[serde(flatten)]
    stats: &'a Stats,
}

/// A table as text cells (not yet escaped): a header row, then rows; the first `left`
/// columns are aligned left in text, the others (figures) right.
pub(super) struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub left: usize,
}

impl StatsReport<'_> {
    /// The JSON document: `tool`, `inputs` and the statistics' fields.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let report = JsonStats {
            tool: Tool::ORGLINT,
            inputs: self.inputs,
            config: self.config,
            stats: self.stats,
        };
        super::write_json(out, &report)
    }

    /// The input files, escaped, comma-separated, and the config in use:
    /// `org.csv (no config)`.
    pub(super) fn files(&self) -> String {
        let files: Vec<String> = self
            .inputs
            .iter()
            .map(|i| escape_control(i).into_owned())
            .collect();
        let config = crate::config::config_label(self.config);
        format!("{} ({})", files.join(", "), escape_control(&config))
    }

    /// The text report: the head counts, then the layers, bands, narrow chains and
    /// executives, each an aligned table or list.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let stats = self.stats;
        writeln!(out, "orglint stats for {}", self.files())?;
        for (label, value) in summary(stats) {
            writeln!(out, "  {label:<16} {value}")?;
        }
        if !stats.layers.rows.is_empty() {
            writeln!(out, "\n  layers:")?;
            write_text_table(out, &layers_table(stats))?;
        }
        if stats.span_of_control.managers > 0 {
            writeln!(out, "\n  span bands:")?;
            write_text_table(out, &bands_table(stats))?;
        }
        if stats.narrow_chains.count > 0 {
            writeln!(out, "\n  {}:", chains_heading(stats).to_lowercase())?;
            write_text_table(out, &chains_table(stats, &|p| who(p)))?;
        }
        writeln!(out)?;
        write_executives_text(out, &stats.executives)?;
        if let Some(o) = &stats.organogram {
            write_organogram_text(out, o)?;
        }
        Ok(())
    }

    /// Markdown: a summary table, then the same tables as the text report.
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let stats = self.stats;
        writeln!(out, "## orglint stats\n")?;
        writeln!(out, "{}\n", escape_markdown(&self.files()))?;
        let rows = summary(stats)
            .into_iter()
            .map(|(label, value)| vec![label.to_owned(), value])
            .collect();
        let head = vec!["measure".to_owned(), "value".to_owned()];
        write_markdown_table(
            out,
            &Table {
                head,
                rows,
                left: 2,
            },
        )?;
        let section = |out: &mut dyn Write, title: &str, table: Table| {
            writeln!(out, "\n### {title}\n")?;
            write_markdown_table(out, &table)
        };
        if !stats.layers.rows.is_empty() {
            section(out, "Layers", layers_table(stats))?;
        }
        if stats.span_of_control.managers > 0 {
            section(out, "Span bands", bands_table(stats))?;
        }
        if stats.narrow_chains.count > 0 {
            let heading = chains_heading(stats);
            section(out, &heading, chains_table(stats, &|p| who(p)))?;
        }
        if !stats.executives.is_empty() {
            section(out, "Executives", executives_table(&stats.executives))?;
        }
        if let Some(o) = &stats.organogram {
            section(out, "Organogram", organogram_table(o))?;
        }
        Ok(())
    }
}

/// The labelled head counts and figures that open every format.
pub(super) fn summary(stats: &Stats) -> Vec<(&'static str, String)> {
    let depth = &stats.depth;
    let mut depth_text = format!(
        "max {}, median {}",
        or_dash(depth.max),
        or_dash(depth.median)
    );
    if depth.without_depth > 0 {
        depth_text.push_str(&format!(
            " ({} positions under no top)",
            depth.without_depth
        ));
    }
    let span = &stats.span_of_control;
    let filled = &span.filled;
    let mut rows = vec![
        ("positions", stats.positions.to_string()),
        ("people", stats.people.to_string()),
        ("vacancies", stats.vacancies.to_string()),
        ("tops", stats.tops.to_string()),
        ("depth", depth_text),
        (
            "span of control",
            format!(
                "{} managers: median {}, p90 {}, max {}",
                span.managers,
                or_dash(span.median),
                or_dash(span.p90),
                or_dash(span.max)
            ),
        ),
        (
            "filled span",
            format!(
                "median {}, p90 {}, max {} (vacant posts left out)",
                or_dash(filled.median),
                or_dash(filled.p90),
                or_dash(filled.max)
            ),
        ),
        ("ratio", ratio_text(&stats.ratio)),
        ("narrow chains", stats.narrow_chains.count.to_string()),
    ];
    if let Some(left_out) = &stats.left_out {
        rows.push(("left out", left_out.describe()));
    }
    rows
}

/// `40 managers to 92 individual contributors (2.3 each)`.
pub(super) fn ratio_text(ratio: &Ratio) -> String {
    let each = ratio
        .contributors_per_manager
        .map(|r| format!(" ({r} each)"))
        .unwrap_or_default();
    format!(
        "{} to {}{each}",
        crate::text::plural(ratio.managers as usize, "manager"),
        crate::text::plural(
            ratio.individual_contributors as usize,
            "individual contributor"
        )
    )
}

pub(super) fn chains_heading(stats: &Stats) -> String {
    let chains = &stats.narrow_chains;
    if chains.count > chains.longest.len() {
        format!(
            "Narrow chains ({}, the {} longest)",
            chains.count,
            chains.longest.len()
        )
    } else {
        format!("Narrow chains ({})", chains.count)
    }
}

/// How text and Markdown name a person: `Name (id)`, marked when vacant.
pub(super) fn who(person: &PersonRef) -> String {
    let mut who = name_and_id(person.name.as_deref(), &person.id);
    if person.vacant {
        who.push_str(" [vacant]");
    }
    who
}

/// The label of a layer row: its number, or `31+` for the deeper row.
pub(super) fn layer_label(row: &LayerRow, deeper: bool) -> String {
    match deeper {
        true => format!("{}+", row.layer),
        false => row.layer.to_string(),
    }
}

/// Layer rows, the deeper one last, each with whether it is the deeper one.
pub(super) fn layer_rows(stats: &Stats) -> impl Iterator<Item = (&LayerRow, bool)> {
    let listed = stats.layers.rows.iter().map(|row| (row, false));
    listed.chain(stats.layers.deeper.iter().map(|row| (row, true)))
}

fn layers_table(stats: &Stats) -> Table {
    let mut head: Vec<String> = ["layer", "positions", "vacant", "managers"]
        .map(str::to_owned)
        .to_vec();
    head.extend(
        stats
            .span_of_control
            .bands
            .iter()
            .map(|b| b.band.name.clone()),
    );
    head.push("junior rows".to_owned());
    let rows = layer_rows(stats)
        .map(|(row, deeper)| {
            let mut cells = vec![
                layer_label(row, deeper),
                row.positions.to_string(),
                row.vacancies.to_string(),
                row.managers.to_string(),
            ];
            cells.extend(row.bands.iter().map(usize::to_string));
            cells.push(row.junior_rows.to_string());
            cells
        })
        .collect();
    Table {
        head,
        rows,
        left: 0,
    }
}

/// A band's spans: `3-5`, or `16+` for the open last band.
pub(super) fn band_spans(band: &crate::stats::design::Band) -> String {
    match band.max {
        Some(max) if max == band.min => max.to_string(),
        Some(max) => format!("{}-{max}", band.min),
        None => format!("{}+", band.min),
    }
}

fn bands_table(stats: &Stats) -> Table {
    let rows = stats
        .span_of_control
        .bands
        .iter()
        .map(|b| {
            vec![
                b.band.name.clone(),
                band_spans(&b.band),
                b.managers.to_string(),
            ]
        })
        .collect();
    let head = ["band", "spans", "managers"].map(str::to_owned).to_vec();
    Table {
        head,
        rows,
        left: 1,
    }
}

fn chains_table(stats: &Stats, name: &dyn Fn(&PersonRef) -> String) -> Table {
    let rows = stats
        .narrow_chains
        .longest
        .iter()
        .map(|c| vec![name(&c.top), name(&c.bottom), c.length.to_string()])
        .collect();
    let head = ["top", "bottom", "managers"].map(str::to_owned).to_vec();
    Table {
        head,
        rows,
        left: 2,
    }
}

fn executives_table(executives: &[Executive]) -> Table {
    let rows = executives
        .iter()
        .map(|e| {
            vec![
                executive_role(e),
                who(&e.person),
                e.person.title.clone().unwrap_or_default(),
                e.positions_below.to_string(),
                or_dash(e.layers_below),
                e.ratio.managers.to_string(),
                e.ratio.individual_contributors.to_string(),
                or_dash(e.ratio.contributors_per_manager),
                fte(e.staff_below_fte),
            ]
        })
        .collect();
    let head = [
        "role",
        "holder",
        "title",
        "positions below",
        "layers below",
        "managers",
        "individual contributors",
        "per manager",
        "junior FTE",
    ]
    .map(str::to_owned)
    .to_vec();
    Table {
        head,
        rows,
        left: 3,
    }
}

/// The role, with `?` for a stand-in (as the chart's badges show them).
pub(super) fn executive_role(e: &Executive) -> String {
    match e.stand_in {
        true => format!("{}?", e.role),
        false => e.role.clone(),
    }
}

fn organogram_table(o: &crate::stats::Organogram) -> Table {
    let totals = |t: &JuniorTotals| format!("{} rows, {} FTE", t.rows, fte(t.fte));
    let rows = [
        ("unplaced staff (reference 0)", o.unplaced_staff.to_string()),
        ("left out (eliminated)", o.left_out.to_string()),
        ("junior staff", totals(&o.junior)),
        ("under a senior post", totals(&o.junior_attached)),
        ("under a post not in chart", totals(&o.junior_unknown_post)),
        ("with no senior post (blank)", totals(&o.junior_blank_post)),
    ]
    .into_iter()
    .map(|(label, value)| vec![label.to_owned(), value])
    .collect();
    let head = vec!["organogram".to_owned(), "count".to_owned()];
    Table {
        head,
        rows,
        left: 2,
    }
}

/// A table with columns padded to their widest cell, indented under its heading.
fn write_text_table(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    let escaped = |row: &[String]| -> Vec<String> {
        row.iter().map(|c| escape_control(c).into_owned()).collect()
    };
    let head = escaped(&table.head);
    let rows: Vec<Vec<String>> = table.rows.iter().map(|r| escaped(r)).collect();
    let mut widths: Vec<usize> = head.iter().map(|c| c.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&head).chain(&rows) {
        let mut line = String::from("   ");
        for (k, (cell, &width)) in row.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(width - cell.chars().count());
            match k < table.left {
                true => line.push_str(&format!(" {cell}{pad} ")),
                false => line.push_str(&format!(" {pad}{cell} ")),
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn write_markdown_table(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| escape_markdown(c)).collect();
        format!("| {} |", cells.join(" | "))
    };
    writeln!(out, "{}", line(&table.head))?;
    let rule: Vec<&str> = (0..table.head.len())
        .map(|k| if k < table.left { "---" } else { "---:" })
        .collect();
    writeln!(out, "|{}|", rule.join("|"))?;
    for row in &table.rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// One line per executive role holder or stand-in: their org's size, depth and ratio.
fn write_executives_text(out: &mut dyn Write, executives: &[Executive]) -> io::Result<()> {
    if executives.is_empty() {
        return writeln!(out, "  executives       none hold a rulebook role");
    }
    writeln!(out, "  executives (their org):")?;
    for e in executives {
        let mut who = escape_control(&who(&e.person)).into_owned();
        if e.stand_in {
            who.push_str(" [stand-in]");
        }
        if let Some(title) = &e.person.title {
            who = format!("{who}, {}", escape_control(title));
        }
        let role = escape_control(&e.role);
        let layers = match e.layers_below {
            Some(layers) => crate::text::plural(layers as usize, "layer"),
            None => "in a reporting cycle".to_owned(),
        };
        write!(
            out,
            "    {role:<5} {who}: {} below, {layers}, {}",
            crate::text::plural(e.positions_below, "position"),
            ratio_text(&e.ratio)
        )?;
        if e.staff_below_fte > 0.0 {
            write!(out, " (+{} junior FTE)", fte(e.staff_below_fte))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn write_organogram_text(out: &mut dyn Write, o: &crate::stats::Organogram) -> io::Result<()> {
    let totals = |t: &JuniorTotals| format!("{} rows, {} FTE", t.rows, fte(t.fte));
    writeln!(out, "  organogram:")?;
    writeln!(
        out,
        "    unplaced staff (reference 0)   {}",
        o.unplaced_staff
    )?;
    writeln!(out, "    left out (eliminated)          {}", o.left_out)?;
    if o.junior.rows > 0 {
        for (label, t) in [
            ("junior staff", &o.junior),
            ("  under a senior post", &o.junior_attached),
            ("  under a post not in chart", &o.junior_unknown_post),
            ("  with no senior post (blank)", &o.junior_blank_post),
        ] {
            writeln!(out, "    {label:<31}{}", totals(t))?;
        }
    }
    Ok(())
}

pub(super) fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// An FTE figure to two decimals at most, without trailing zeros (`2.5`, `3`).
pub(super) fn fte(value: f64) -> String {
    let rounded = format!("{value:.2}");
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}
