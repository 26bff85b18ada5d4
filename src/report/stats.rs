//! The report of `orglint stats` (head count, vacancies, depth, span of control, head count
//! under each executive; definitions in [`crate::stats`]) as text or JSON. Every name and
//! title goes through `escape_control` in text; JSON is written by [`super::write_json`].

use super::Tool;
use crate::escape::escape_control;
use crate::stats::{JuniorTotals, Stats};
use crate::text::name_and_id;
use serde::Serialize;
use std::io::{self, Write};

/// The statistics of a chart and the files they were computed from, ready to write.
///
/// ```
/// let chart = orglint::load::load_files(&["examples/minimal.yaml".into()], &Default::default()).unwrap();
/// let rulebook = orglint::rulebook::Rulebook::builtin().unwrap();
/// let graph = orglint::graph::OrgGraph::build(&chart);
/// let stats = orglint::stats::compute(&chart, &graph, &rulebook, false);
/// let mut text = Vec::new();
/// orglint::report::StatsReport { inputs: &["examples/minimal.yaml"], stats: &stats }
///     .write_text(&mut text)
///     .unwrap();
/// assert!(String::from_utf8(text).unwrap().starts_with("orglint stats for examples/minimal.yaml\n"));
/// ```
pub struct StatsReport<'a> {
    /// The chart files, as given (`<stdin>` for standard input).
    pub inputs: &'a [&'a str],
    pub stats: &'a Stats,
}

#[derive(Serialize)]
struct JsonStats<'a> {
    tool: Tool,
    inputs: &'a [&'a str],
    #[serde(flatten)]
    stats: &'a Stats,
}

impl StatsReport<'_> {
    /// The JSON document: `tool`, `inputs` and the statistics' fields.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let report = JsonStats {
            tool: Tool::ORGLINT,
            inputs: self.inputs,
            stats: self.stats,
        };
        super::write_json(out, &report)
    }

    /// The text report: one labelled line per measure, one per executive.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let stats = self.stats;
        let files: Vec<String> = self
            .inputs
            .iter()
            .map(|i| escape_control(i).into_owned())
            .collect();
        writeln!(out, "orglint stats for {}", files.join(", "))?;
        writeln!(out, "  positions        {}", stats.positions)?;
        writeln!(out, "  people           {}", stats.people)?;
        writeln!(out, "  vacancies        {}", stats.vacancies)?;
        writeln!(out, "  tops             {}", stats.tops)?;
        let depth = &stats.depth;
        write!(
            out,
            "  depth            max {}, median {}",
            or_dash(depth.max),
            or_dash(depth.median)
        )?;
        if depth.without_depth > 0 {
            write!(out, " ({} positions under no top)", depth.without_depth)?;
        }
        writeln!(out)?;
        let span = &stats.span_of_control;
        writeln!(
            out,
            "  span of control  {} managers: median {}, p90 {}, max {}",
            span.managers,
            or_dash(span.median),
            or_dash(span.p90),
            or_dash(span.max)
        )?;
        if stats.executives.is_empty() {
            writeln!(out, "  executives       none hold a rulebook role")?;
        } else {
            writeln!(out, "  executives (positions below):")?;
            for e in &stats.executives {
                let mut who = escape_control(&name_and_id(e.name.as_deref(), &e.id)).into_owned();
                if e.vacant {
                    who.push_str(" [vacant]");
                }
                if let Some(title) = &e.title {
                    who = format!("{who}, {}", escape_control(title));
                }
                let role = escape_control(&e.role);
                write!(out, "    {role:<5} {who}: {}", e.positions_below)?;
                if e.staff_below_fte > 0.0 {
                    write!(out, " (+{} junior FTE)", fte(e.staff_below_fte))?;
                }
                writeln!(out)?;
            }
        }
        if let Some(left_out) = &stats.left_out {
            writeln!(out, "  left out         {}", left_out.describe())?;
        }
        if let Some(o) = &stats.organogram {
            let totals = |t: &JuniorTotals| format!("{} rows, {} FTE", t.rows, fte(t.fte));
            writeln!(out, "  organogram:")?;
            writeln!(
                out,
                "    unplaced staff (reference 0)   {}",
                o.unplaced_staff
            )?;
            writeln!(out, "    left out (eliminated)          {}", o.left_out)?;
            if o.junior.rows > 0 {
                writeln!(
                    out,
                    "    junior staff                   {}",
                    totals(&o.junior)
                )?;
                writeln!(
                    out,
                    "      under a senior post          {}",
                    totals(&o.junior_attached)
                )?;
                writeln!(
                    out,
                    "      under a post not in chart    {}",
                    totals(&o.junior_unknown_post)
                )?;
                writeln!(
                    out,
                    "      with no senior post (blank)  {}",
                    totals(&o.junior_blank_post)
                )?;
            }
        }
        Ok(())
    }
}

fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// An FTE figure to two decimals at most, without trailing zeros (`2.5`, `3`).
fn fte(value: f64) -> String {
    let rounded = format!("{value:.2}");
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}
