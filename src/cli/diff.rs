//! `orglint diff OLD NEW`: what changed between two versions of a chart, as text, JSON or
//! Markdown ([`crate::report::DiffReport`]). Exit 1 when the new chart brings findings at or
//! above `--fail-on`.

use super::{exit, CommandResult, CommonArgs, Session};
use crate::diff::diff;
use crate::model::Chart;
use crate::report::DiffReport;
use clap::Args;
use std::io::{self, Write};

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The chart before (YAML, JSON, CSV, TSV, LDIF; `-` reads standard input)
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The chart after
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Output format
    #[arg(long, value_parser = super::choice::<DiffFormat>(), default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    #[command(flatten)]
    pub filter: super::check::RuleFilter,
    #[command(flatten)]
    pub chart: super::ChartArgs,
    /// Changes and findings only: no heading, no summary line, no progress
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

crate::choice::choice!(DiffFormat {
    Text => "text",
    Json => "json",
    Markdown => "markdown",
});

pub fn run(global: &CommonArgs, args: &DiffArgs) -> CommandResult {
    let format = match args.format {
        DiffFormat::Json => Some(crate::report::ReportFormat::Json),
        DiffFormat::Markdown => Some(crate::report::ReportFormat::Markdown),
        DiffFormat::Text => None,
    };
    let inputs = [args.old.as_str(), args.new.as_str()];
    super::report_input_error(run_diff(global, args), format, &inputs)
}

fn run_diff(global: &CommonArgs, args: &DiffArgs) -> CommandResult {
    let picked = args.filter.picked()?;
    if args.old == "-" && args.new == "-" {
        return Err(super::Failure::Usage(
            "OLD and NEW cannot both be standard input (-)".to_owned(),
        ));
    }
    let session = Session::new(global, std::slice::from_ref(&args.old))?;
    let progress = super::Progress::new(global.quiet);
    // The config's waivers go with each chart (their locations index its sources).
    let load = |path: &String| -> Result<Chart, super::Failure> {
        let (mut chart, waivers) =
            session.load_chart(global, std::slice::from_ref(path), &progress)?;
        chart.waivers.extend(waivers);
        Ok(chart)
    };
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let options = picked.check_options(&session, global);
    progress.stage(format!(
        "comparing {} and {} positions",
        old.people.len(),
        new.people.len()
    ));
    let result = diff(&old, &new, &options);
    progress.finish();
    let fail_on = args.filter.fail_on(&session);
    let report = DiffReport {
        diff: &result,
        old: &old,
        new: &new,
        old_input: &args.old,
        new_input: &args.new,
        fail_on,
    };
    let mut buffer = Vec::new();
    match args.format {
        DiffFormat::Text => report.write_text(&mut buffer, global.quiet)?,
        DiffFormat::Json => report.write_json(&mut buffer)?,
        DiffFormat::Markdown => report.write_markdown(&mut buffer)?,
    }
    let mut out = io::stdout().lock();
    super::unless_pipe_closed(out.write_all(&buffer).and_then(|()| out.flush()))?;
    Ok(if result.failing(fail_on) > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    })
}
