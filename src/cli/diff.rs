//! `orglint diff OLD NEW` (each a file or a folder) or `--old F... --new F...`: what changed between two versions of a chart, as text, JSON or
//! Markdown ([`crate::report::DiffReport`]). Exit 1 when the new chart brings findings at or
//! above `--fail-on`.

use super::{exit, CommandResult, CommonArgs, Failure, Session};
use crate::diff::diff;
use crate::error::InputError;
use crate::load::InputFormat;
use crate::model::Chart;
use crate::report::DiffReport;
use clap::Args;
use std::io::{self, Write};
use std::path::Path;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The chart before: a file (YAML, JSON, CSV, TSV, LDIF; `-` reads standard input) or a
    /// folder (the chart files directly in it, in name order)
    #[arg(value_name = "OLD", required_unless_present_any = ["old_files", "new_files"], requires = "new")]
    pub old: Option<String>,
    /// The chart after (a file or a folder)
    #[arg(value_name = "NEW")]
    pub new: Option<String>,
    /// The files of the chart before (instead of OLD)
    #[arg(long = "old", value_name = "FILE", num_args = 1.., conflicts_with = "old", requires = "new_files")]
    pub old_files: Vec<String>,
    /// The files of the chart after (instead of NEW)
    #[arg(long = "new", value_name = "FILE", num_args = 1.., conflicts_with = "new", requires = "old_files")]
    pub new_files: Vec<String>,
    /// Also list the changes inside a team that moved as a whole (titles, moves within it)
    #[arg(long)]
    pub detail: bool,
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
    /// Also draw the new chart with the changes marked (.dot/.gv, .svg, .png, .pdf, .html; `-`
    /// writes DOT to standard output instead of the report)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<String>,
    /// With --output, draw everyone: do not fold unchanged people into "+N unchanged" boxes
    #[arg(long, requires = "output")]
    pub whole: bool,
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
    let sides = match Sides::of(args) {
        Ok(sides) => sides,
        Err(failure) => return super::report_input_error(Err(failure), format, &[], global),
    };
    let inputs: Vec<&str> = sides
        .old
        .iter()
        .chain(&sides.new)
        .map(String::as_str)
        .collect();
    super::report_input_error(run_diff(global, args, &sides), format, &inputs, global)
}

/// The files of each side, and each side as headings name it (the path given, or the files
/// joined with commas).
struct Sides {
    old: Vec<String>,
    new: Vec<String>,
    old_label: String,
    new_label: String,
}

impl Sides {
    fn of(args: &DiffArgs) -> Result<Sides, Failure> {
        let side = |given: &Option<String>, files: &[String]| -> Result<_, Failure> {
            match given {
                Some(path) => Ok((side_files(path)?, path.clone())),
                None => Ok((files.to_vec(), files.join(", "))),
            }
        };
        let (old, old_label) = side(&args.old, &args.old_files)?;
        let (new, new_label) = side(&args.new, &args.new_files)?;
        if old.iter().chain(&new).filter(|f| *f == "-").count() > 1 {
            return Err(Failure::Usage(
                "OLD and NEW cannot both be standard input (-)".to_owned(),
            ));
        }
        Ok(Sides {
            old,
            new,
            old_label,
            new_label,
        })
    }
}

/// A side given as one path: the file itself, or a folder's chart files (those whose
/// extension names an input format) directly in it, in name order.
fn side_files(path: &str) -> Result<Vec<String>, Failure> {
    let folder = Path::new(path);
    if path == "-" || !folder.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .map_err(|e| InputError::file(path, format!("cannot read the folder: {e}")))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .map(|p| p.display().to_string())
        .filter(|p| InputFormat::from_path(p).is_some())
        .collect();
    if files.is_empty() {
        return Err(InputError::file(path, "the folder holds no chart files").into());
    }
    files.sort_unstable();
    Ok(files)
}

fn run_diff(global: &CommonArgs, args: &DiffArgs, sides: &Sides) -> CommandResult {
    let picked = args.filter.picked()?;
    let session = Session::new(global, &sides.old)?;
    let picture = match &args.output {
        Some(output) => Some(super::diagram::ChangePicture::new(
            output,
            args.whole,
            &session,
            sides.old.iter().chain(&sides.new),
        )?),
        None => None,
    };
    let progress = super::Progress::new(global.quiet);
    // The config's waivers go with each chart (their locations index its sources).
    let load = |files: &[String]| -> Result<Chart, super::Failure> {
        let (mut chart, waivers) = session.load_chart(global, files, &progress)?;
        chart.waivers.extend(waivers);
        Ok(chart)
    };
    let old = load(&sides.old)?;
    let new = load(&sides.new)?;
    let options = picked.check_options(&session, global);
    progress.stage(format!(
        "comparing {} and {} positions",
        old.people.len(),
        new.people.len()
    ));
    let result = diff(&old, &new, &options);
    progress.finish();
    let fail_on = args.filter.fail_on(&session);
    let config = session.config.shown_path();
    let report = DiffReport {
        diff: &result,
        old: &old,
        new: &new,
        old_input: &sides.old_label,
        new_input: &sides.new_label,
        fail_on,
        detail: args.detail,
        config: config.as_deref(),
    };
    if let Some(picture) = picture {
        let drawn = picture.write(&report, &session, global)?;
        if drawn == super::diagram::Drawn::OnStdout {
            return Ok(verdict(&result, fail_on));
        }
    }
    let mut buffer = Vec::new();
    match args.format {
        DiffFormat::Text => report.write_text(&mut buffer, global.quiet)?,
        DiffFormat::Json => report.write_json(&mut buffer)?,
        DiffFormat::Markdown => report.write_markdown(&mut buffer)?,
    }
    let mut out = io::stdout().lock();
    super::unless_pipe_closed(out.write_all(&buffer).and_then(|()| out.flush()))?;
    Ok(verdict(&result, fail_on))
}

/// Exit 1 for new findings at or above `--fail-on`.
fn verdict(result: &crate::diff::ChartDiff, fail_on: crate::finding::FailOn) -> i32 {
    if result.failing(fail_on) > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
