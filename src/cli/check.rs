//! `orglint check`: load, check, report.

use super::{exit, CommandResult, Failure, GlobalArgs, Progress, Session};
use crate::check::{check, CheckOptions};
use crate::choice::Choice;
use crate::finding::FailOn;
use crate::output::Outputs;
use crate::report::{ReportData, ReportFormat};
use crate::text::plural;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Chart files (YAML, JSON, CSV, TSV, LDIF); several are merged; `-` reads standard input
    /// [default: the config's `files:`]
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Report format on standard output
    #[arg(long, visible_alias = "output-format", value_parser = super::choice::<ReportFormat>(), default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Print the number of findings per rule instead of the findings (text, concise or json)
    #[arg(long)]
    pub statistics: bool,
    /// Also write a report to a file, as FORMAT=PATH (repeatable)
    #[arg(long, value_name = "FMT=PATH", value_parser = parse_report_target)]
    pub report: Vec<(ReportFormat, PathBuf)>,
    #[command(flatten)]
    pub filter: RuleFilter,
    /// Findings already in this baseline are reported as existing and do not fail
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the current findings as a baseline
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline, also print the existing findings in text and concise output
    #[arg(long)]
    pub show_existing: bool,
    #[command(flatten)]
    pub chart: super::ChartArgs,
    /// Print only findings (no summary or progress)
    #[arg(short, long)]
    pub quiet: bool,
}

fn parse_report_target(text: &str) -> Result<(ReportFormat, PathBuf), String> {
    let (format, path) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH, got {text:?}"))?;
    let format = ReportFormat::parse_ignoring_case(format).ok_or_else(|| {
        format!(
            "unknown report format {format:?}: expected one of {}",
            ReportFormat::names().join(", ")
        )
    })?;
    if path.is_empty() {
        return Err("the report path is empty".to_owned());
    }
    Ok((format, PathBuf::from(path)))
}

/// The flags every checking command (`check`, `diff`) shares: which rules run, and at which
/// severity the run fails.
#[derive(Args, Debug)]
pub struct RuleFilter {
    /// Fail (exit 1) on findings (for diff: new findings) at or above this severity [default: error, or the config's fail_on]
    #[arg(long, value_parser = super::choice::<FailOn>())]
    pub fail_on: Option<FailOn>,
    /// Run only these rules (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
}

impl RuleFilter {
    /// Checks that every named rule exists, suggesting the closest name otherwise.
    pub(super) fn validate(&self) -> Result<(), Failure> {
        for (flag, names) in [("--select", &self.select), ("--ignore", &self.ignore)] {
            if let Some(name) = names.iter().find(|n| crate::rules::find(n).is_none()) {
                return Err(Failure::Usage(format!(
                    "{flag}: {}",
                    crate::rules::unknown_rule_message(name)
                )));
            }
        }
        Ok(())
    }

    /// Check options from the config, the rulebook and these flags.
    pub(super) fn check_options(&self, session: &Session, global: &GlobalArgs) -> CheckOptions {
        let mut options = CheckOptions::new(session.rulebook.clone());
        options.severity = session.config.severity.clone();
        options.select = self.select.clone();
        options.ignore = self.ignore.clone();
        options.redact = global.redact;
        options
    }

    /// `--fail-on`, else the config's `fail_on`, else `error`.
    pub(super) fn fail_on(&self, session: &Session) -> FailOn {
        self.fail_on.or(session.config.fail_on).unwrap_or_default()
    }
}

/// The formats `--statistics` prints in.
const STATISTICS_FORMATS: [ReportFormat; 3] = [
    ReportFormat::Text,
    ReportFormat::Concise,
    ReportFormat::Json,
];

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> CommandResult {
    let inputs: Vec<&str> = args.files.iter().map(String::as_str).collect();
    let format = (args.format != ReportFormat::Text).then_some(args.format);
    super::report_input_error(run_check(global, args), format, &inputs)
}

fn run_check(global: &GlobalArgs, args: &CheckArgs) -> CommandResult {
    args.filter.validate()?;
    if args.statistics && !STATISTICS_FORMATS.contains(&args.format) {
        return Err(Failure::Usage(format!(
            "--statistics prints {}, not {}",
            crate::choice::alternatives(&STATISTICS_FORMATS.map(ReportFormat::name)),
            args.format.name()
        )));
    }
    let session = Session::new(global, &args.files)?;
    let configured;
    let files = if args.files.is_empty() {
        configured = configured_files(&session)?;
        &configured
    } else {
        &args.files
    };
    let outputs = args.report.iter().map(|(_, path)| path.as_path());
    let inputs = session.input_files(files);
    crate::output::check_targets(
        outputs.chain(args.write_baseline.as_deref()),
        inputs
            .iter()
            .map(PathBuf::as_path)
            .chain(args.baseline.as_deref()),
    )?;
    let baseline = match &args.baseline {
        Some(path) => crate::baseline::read(path)?,
        None => Default::default(),
    };
    let progress = Progress::new(global.quiet);
    let (chart, extra_waivers) = session.load_chart(global, files, &progress)?;
    crate::load::require_people(&chart, files)?;
    progress.stage(format!(
        "checking {}",
        plural(chart.people.len(), "position")
    ));
    let mut options = args.filter.check_options(&session, global);
    options.extra_waivers = extra_waivers;
    options.baseline = baseline;
    let outcome = check(&chart, &options);
    progress.finish();
    let config = session.config.label();
    let data = ReportData {
        chart: &chart,
        findings: &outcome.findings,
        summary: outcome.summary,
        people: outcome.people,
        fail_on: args.filter.fail_on(&session),
        rulebook: &session.rulebook,
        redact: global.redact,
        rules: options.rules_run(),
        baseline: args.baseline.is_some(),
        config: &config,
    };
    // Files first, all complete or none at all; then standard output. Each report is
    // written straight into its file as it is produced (a million findings in four formats
    // are never held as text in memory).
    let mut outputs = Outputs::new();
    for (format, path) in &args.report {
        let file = outputs.open(path)?;
        format
            .emitter(false)
            .emit(&data, file)
            .map_err(|e| file.error(e))?;
    }
    let mut baseline_written = None;
    if let Some(path) = &args.write_baseline {
        let file = outputs.open(path)?;
        let count = crate::baseline::write(&outcome.findings, file).map_err(|e| file.error(e))?;
        baseline_written = Some((path, count));
    }
    outputs.commit()?;
    if let Some((path, count)) = baseline_written {
        if !global.quiet {
            eprintln!(
                "orglint: wrote {} with {}",
                crate::escape::escape_control(&path.display().to_string()),
                plural(count, "finding")
            );
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = global.color.for_stdout();
    let emitter: Box<dyn crate::report::Emitter> = match args.format {
        _ if args.statistics => Box::new(crate::report::StatisticsEmitter {
            json: args.format == ReportFormat::Json,
            quiet: global.quiet,
        }),
        ReportFormat::Text | ReportFormat::Concise => Box::new(crate::report::TextEmitter {
            color,
            quiet: global.quiet,
            concise: args.format == ReportFormat::Concise,
            show_existing: args.show_existing,
        }),
        ReportFormat::Github => Box::new(crate::report::GithubEmitter {
            quiet: global.quiet,
        }),
        format => format.emitter(color),
    };
    let code = if data.fails() {
        exit::FINDINGS
    } else {
        exit::OK
    };
    super::unless_pipe_closed(emitter.emit(&data, &mut out).and_then(|()| out.flush()))?;
    // The process ends now: freeing a million people one string at a time only costs time.
    std::mem::forget(chart);
    std::mem::forget(outcome);
    Ok(code)
}

/// The chart files of the config's `files:`, for `check` given no FILE; what to do when
/// there are none.
fn configured_files(session: &Session) -> Result<Vec<String>, Failure> {
    let config = &session.config;
    if config.files.is_empty() {
        let whose = match &config.path {
            Some(path) => format!("{} has no `files:` list", path.display()),
            None => "no orglint.yaml was found here or above".to_owned(),
        };
        return Err(Failure::Usage(format!(
            "no chart to check: {whose}; name the chart files (orglint check org.yaml) or list \
             them in orglint.yaml as `files: [\"org/*.yaml\"]`"
        )));
    }
    Ok(config.chart_files()?)
}
