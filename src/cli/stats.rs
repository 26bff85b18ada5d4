//! `orglint stats`: head count, vacancies, depth, span of control, head count under each
//! executive (definitions in [`crate::stats`], rendered by [`crate::report::StatsReport`]).

use super::{exit, CommandResult, CommonArgs, Session};
use crate::graph::OrgGraph;
use crate::report::StatsReport;
use crate::stats::compute;
use clap::Args;
use std::io::{self, Write};

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// Chart files (YAML, JSON, CSV, TSV, LDIF); several are merged; `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Output format
    #[arg(long, value_parser = super::choice::<StatsFormat>(), default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
    #[command(flatten)]
    pub chart: super::ChartArgs,
    /// No progress on standard error
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsFormat {
    Text,
    Json,
}

crate::choice::choice!(StatsFormat { Text => "text", Json => "json" });

pub fn run(global: &CommonArgs, args: &StatsArgs) -> CommandResult {
    let inputs: Vec<&str> = args.files.iter().map(String::as_str).collect();
    let format = match args.format {
        StatsFormat::Json => Some(crate::report::ReportFormat::Json),
        StatsFormat::Text => None,
    };
    super::report_input_error(run_stats(global, args), format, &inputs)
}

fn run_stats(global: &CommonArgs, args: &StatsArgs) -> CommandResult {
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
    let report = StatsReport {
        inputs: &inputs,
        stats: &stats,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        StatsFormat::Json => report.write_json(&mut out)?,
        StatsFormat::Text => report.write_text(&mut out)?,
    }
    out.flush()?;
    Ok(exit::OK)
}
