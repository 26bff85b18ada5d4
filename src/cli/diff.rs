//! `orglint diff OLD NEW` (each a file or a folder), `--old F... --new F...` or `--since REF
//! [FILE...]` ([`super::since`]): what changed between two versions of a chart, as text, JSON or
//! Markdown ([`crate::report::DiffReport`]). Exit 1 when the new chart brings findings at or
//! above `--fail-on`.

use super::{exit, CommandResult, CommonArgs, Failure, Session};
use crate::diff::{diff_matched, Matches};
use crate::error::InputError;
use crate::load::InputFormat;
use crate::report::DiffReport;
use clap::Args;
use std::io::{self, Write};
use std::path::Path;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// OLD and NEW: the chart before and after, each a file (YAML, JSON, CSV, TSV, LDIF; `-`
    /// reads standard input) or a folder (the chart files directly in it, in name order).
    /// With --since: the chart files to compare (default: the config's `files:`)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// The files of the chart before (instead of OLD)
    #[arg(long = "old", value_name = "FILE", num_args = 1.., conflicts_with_all = ["paths", "since"], requires = "new_files")]
    pub old_files: Vec<String>,
    /// The files of the chart after (instead of NEW)
    #[arg(long = "new", value_name = "FILE", num_args = 1.., conflicts_with_all = ["paths", "since"], requires = "old_files")]
    pub new_files: Vec<String>,
    /// Compare the chart files as they were at git revision REF (a branch, tag or commit)
    /// with the working tree; both are judged by the working tree's config and rulebook
    #[arg(long, value_name = "REF")]
    pub since: Option<String>,
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
    let mut inputs: Vec<String> = args.paths.clone();
    let result = Sides::of(global, args).and_then(|(sides, session)| {
        inputs = sides.inputs();
        run_diff(global, args, sides, &session)
    });
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    super::report_input_error(result, format, &inputs, global)
}

/// The chart before: files to read, or files read already (their copies at a revision).
enum Before {
    Files(Vec<String>),
    Read(Vec<(String, Vec<u8>)>),
}

/// The files of each side, each side as headings name it (the path given, or the files
/// joined with commas), and notes about them.
struct Sides {
    old: Before,
    new: Vec<String>,
    old_label: String,
    new_label: String,
    notes: Vec<String>,
}

impl Sides {
    /// The sides asked for, and the session (config, rulebook) that judges both: the one
    /// found from the old files, or from the working tree's with `--since`.
    fn of(global: &CommonArgs, args: &DiffArgs) -> Result<(Sides, Session), Failure> {
        if let Some(rev) = &args.since {
            let session = Session::new(global, &args.paths)?;
            let found = super::since::sides(rev, &args.paths, &session.config)?;
            let sides = Sides {
                old: Before::Read(found.old),
                new: found.new,
                old_label: found.old_label,
                new_label: found.new_label,
                notes: found.notes,
            };
            return Ok((sides, session));
        }
        let side = |path: &String| -> Result<_, Failure> { Ok((side_files(path)?, path.clone())) };
        let ((old, old_label), (new, new_label)) = match args.paths.as_slice() {
            [] if !args.old_files.is_empty() => (
                (args.old_files.clone(), args.old_files.join(", ")),
                (args.new_files.clone(), args.new_files.join(", ")),
            ),
            [old, new] => (side(old)?, side(new)?),
            _ => {
                return Err(Failure::Usage(
                    "diff compares two charts: give OLD and NEW, --old FILE... --new FILE..., \
                     or --since REF [FILE...]"
                        .to_owned(),
                ))
            }
        };
        if old.iter().chain(&new).filter(|f| *f == "-").count() > 1 {
            return Err(Failure::Usage(
                "OLD and NEW cannot both be standard input (-)".to_owned(),
            ));
        }
        let session = Session::new(global, &old)?;
        let sides = Sides {
            old: Before::Files(old),
            new,
            old_label,
            new_label,
            notes: Vec::new(),
        };
        Ok((sides, session))
    }

    /// Every file the run reads, as error reports list them.
    fn inputs(&self) -> Vec<String> {
        let old = match &self.old {
            Before::Files(files) => files.clone(),
            Before::Read(read) => read.iter().map(|(name, _)| name.clone()).collect(),
        };
        let mut inputs = old;
        inputs.extend(
            self.new
                .iter()
                .filter(|f| !inputs.contains(f))
                .cloned()
                .collect::<Vec<_>>(),
        );
        inputs
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

fn run_diff(
    global: &CommonArgs,
    args: &DiffArgs,
    sides: Sides,
    session: &Session,
) -> CommandResult {
    let picked = args.filter.picked()?;
    let old_files: &[String] = match &sides.old {
        Before::Files(files) => files,
        Before::Read(_) => &[],
    };
    let picture = match &args.output {
        Some(output) => Some(super::diagram::ChangePicture::new(
            output,
            args.whole,
            session,
            old_files.iter().chain(&sides.new),
        )?),
        None => None,
    };
    let progress = super::Progress::new(global.quiet);
    // As written: people are matched on their real ids and emails, and `--redact` gives
    // both sides their pseudonyms together afterwards.
    // The two sides load side by side: on two cores, the wall time of one.
    let (old_loaded, new_loaded) = std::thread::scope(|scope| {
        let progress = &progress;
        let old_side = sides.old;
        let before = scope.spawn(move || match old_side {
            Before::Files(files) => session.load_chart_as_written(global, &files, progress),
            Before::Read(read) => session.load_blobs_as_written(global, read, progress),
        });
        let after = session.load_chart_as_written(global, &sides.new, progress);
        let before = before.join().unwrap_or_else(|_| {
            Err(Failure::Usage(
                "loading the chart before stopped".to_owned(),
            ))
        });
        (before, after)
    });
    let (mut old, mut old_waivers) = old_loaded?;
    let (mut new, mut new_waivers) = new_loaded?;
    progress.stage(format!(
        "comparing {} and {} positions",
        old.people.len(),
        new.people.len()
    ));
    let matches = Matches::build(&old, &new);
    if global.redact {
        crate::redact::pseudonymize_together(
            &mut [(&mut old, &mut old_waivers), (&mut new, &mut new_waivers)],
            crate::redact::PseudonymLength::Short,
        );
    }
    // The config's waivers go with each chart (their locations index its sources).
    old.waivers.extend(old_waivers);
    new.waivers.extend(new_waivers);
    let options = picked.check_options(session, global);
    let result = diff_matched(&old, &new, matches, &options);
    progress.finish();
    if global.quiet && args.format == DiffFormat::Text {
        for note in &sides.notes {
            eprintln!("orglint: note: {}", crate::escape::escape_control(note));
        }
    }
    let fail_on = args.filter.fail_on(session);
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
        notes: &sides.notes,
    };
    if let Some(picture) = picture {
        let drawn = picture.write(&report, session, global)?;
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
