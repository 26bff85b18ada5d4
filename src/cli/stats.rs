//! `orglint stats`: spans and layers, the org designer's report (SPEC §12; definitions in
//! [`crate::stats`], rendered by [`crate::report::StatsReport`]).

use super::{exit, CommandResult, CommonArgs, Session};
use crate::graph::OrgGraph;
use crate::report::StatsReport;
use crate::stats::{compute, StatsOptions};
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
    /// With `--format html`: link each person into this chart page (`orglint diagram -o
    /// PAGE.html`), as reached from where the report is opened (beside it: its file name)
    #[arg(long = "chart", value_name = "PATH")]
    pub chart_page: Option<String>,
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
    Markdown,
    Html,
}

crate::choice::choice!(StatsFormat {
    Text => "text",
    Json => "json",
    Markdown => "markdown",
    Html => "html",
});

pub fn run(global: &CommonArgs, args: &StatsArgs) -> CommandResult {
    let inputs: Vec<&str> = args.files.iter().map(String::as_str).collect();
    let format = match args.format {
        StatsFormat::Json => Some(crate::report::ReportFormat::Json),
        StatsFormat::Markdown => Some(crate::report::ReportFormat::Markdown),
        StatsFormat::Text | StatsFormat::Html => None,
    };
    super::report_input_error(run_stats(global, args), format, &inputs, global)
}

fn run_stats(global: &CommonArgs, args: &StatsArgs) -> CommandResult {
    if args.chart_page.is_some() && args.format != StatsFormat::Html {
        return Err(super::Failure::Usage(
            "--chart links the HTML report into a chart page: use it with --format html".to_owned(),
        ));
    }
    let session = Session::new(global, &args.files)?;
    let progress = super::Progress::new(global.quiet);
    let (chart, _) = session.load_chart(global, &args.files, &progress)?;
    crate::load::require_people(&chart, &args.files)?;
    progress.stage(format!(
        "counting {}",
        crate::text::plural(chart.people.len(), "position")
    ));
    let graph = OrgGraph::build(&chart);
    let options = StatsOptions {
        rulebook: &session.rulebook,
        design: &session.config.design,
        redact: global.redact,
    };
    let stats = compute(&chart, &graph, &options);
    progress.finish();
    // The chart files only (the config file, registered for its waivers, is no input here).
    let inputs: Vec<&str> = args
        .files
        .iter()
        .map(|f| if f == "-" { "<stdin>" } else { f.as_str() })
        .collect();
    let config = session.config.shown_path();
    let report = StatsReport {
        inputs: &inputs,
        stats: &stats,
        chart_page: args.chart_page.as_deref(),
        config: config.as_deref(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        StatsFormat::Json => report.write_json(&mut out)?,
        StatsFormat::Text => report.write_text(&mut out)?,
        StatsFormat::Markdown => report.write_markdown(&mut out)?,
        StatsFormat::Html => report.write_html(&mut out)?,
    }
    out.flush()?;
    Ok(exit::OK)
}
