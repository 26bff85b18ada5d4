//! `orglint stats`: head count, vacancies, depth, span of control, head count under each
//! executive (definitions in [`crate::stats`]).

use super::{exit, CommandResult, GlobalArgs, Session};
use crate::graph::OrgGraph;
use crate::stats::{compute, JuniorTotals, Stats};
use crate::text::escape_control;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// Chart files (YAML, JSON, CSV, TSV, SCIM); several are merged; `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
    #[command(flatten)]
    pub chart: super::ChartArgs,
    /// No progress on standard error
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
}

#[derive(Serialize)]
struct JsonStats<'a> {
    tool: crate::report::Tool,
    inputs: Vec<&'a str>,
    #[serde(flatten)]
    stats: &'a Stats,
}

pub fn run(global: &GlobalArgs, args: &StatsArgs) -> CommandResult {
    let inputs: Vec<&str> = args.files.iter().map(String::as_str).collect();
    let format = match args.format {
        StatsFormat::Json => Some(crate::report::ReportFormat::Json),
        StatsFormat::Text => None,
    };
    super::report_input_error(run_stats(global, args), format, &inputs)
}

fn run_stats(global: &GlobalArgs, args: &StatsArgs) -> CommandResult {
    let session = Session::new(global, &args.files)?;
    let progress = super::Progress::new(global.quiet);
    let (chart, _) = session.load_chart(global, &args.files, &progress)?;
    crate::load::require_people(&chart, &args.files)?;
    progress.stage(format!(
        "counting {}",
        crate::text::plural(chart.people.len(), "position")
    ));
    let graph = OrgGraph::build(&chart);
    let stats = compute(&chart, &graph, &session.rulebook, global.redact);
    progress.finish();
    // The chart files only (the config file, registered for its waivers, is no input here).
    let inputs: Vec<&str> = args
        .files
        .iter()
        .map(|f| if f == "-" { "<stdin>" } else { f.as_str() })
        .collect();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        StatsFormat::Json => {
            let report = JsonStats {
                tool: crate::report::Tool::ORGLINT,
                inputs,
                stats: &stats,
            };
            crate::report::write_json(&mut out, &report)?;
        }
        StatsFormat::Text => write_text(&mut out, &inputs, &stats)?,
    }
    out.flush()?;
    Ok(exit::OK)
}

fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

fn fte(value: f64) -> String {
    let rounded = format!("{value:.2}");
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

fn write_text(out: &mut dyn Write, inputs: &[&str], stats: &Stats) -> io::Result<()> {
    let files: Vec<String> = inputs
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
            let mut who = escape_control(&e.id).into_owned();
            if let Some(name) = &e.name {
                who = format!("{} ({who})", escape_control(name));
            }
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
