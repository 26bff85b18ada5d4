//! `orglint check`: load, check, report.

use super::{exit, CommandResult, CommonArgs, Failure, Progress, Session};
use crate::check::{check, CheckOptions};
use crate::choice::Choice;
use crate::error::InputError;
use crate::finding::FailOn;
use crate::output::{OutputError, Outputs};
use crate::report::{EmitterOptions, ReportData, ReportFormat, StoppedRun};
use crate::rules::RuleId;
use crate::text::plural;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// Also write a report to a file, as FORMAT=PATH (repeatable; PATH `-` is standard output, in place of --format)
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
    #[arg(long, value_delimiter = ',', value_name = "RULE,...", value_parser = super::shell::RuleName, hide_possible_values = true)]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...", value_parser = super::shell::RuleName, hide_possible_values = true)]
    pub ignore: Vec<String>,
}

impl RuleFilter {
    /// The rules `--select` and `--ignore` name; an unknown name is a usage error that
    /// suggests the closest rule.
    pub(super) fn picked(&self) -> Result<PickedRules, Failure> {
        let parse = |flag: &str, names: &[String]| {
            names
                .iter()
                .map(|name| RuleId::parse(name))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|unknown| Failure::Usage(format!("{flag}: {unknown}")))
        };
        Ok(PickedRules {
            select: parse("--select", &self.select)?,
            ignore: parse("--ignore", &self.ignore)?,
        })
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

pub fn run(global: &CommonArgs, args: &CheckArgs) -> CommandResult {
    run_job(global, args, Job::Check)
}

/// Runs `job` on the files and flags of `args`; on an input error, each `--report` file
/// gets the stopped run's report.
pub(super) fn run_job(global: &CommonArgs, args: &CheckArgs, job: Job) -> CommandResult {
    let mut found = InputsFound::default();
    let result = run_check(global, args, job, &mut found);
    if let Err(Failure::Input(error)) = &result {
        if let Err(failure) = write_error_reports(global, args, &found, error) {
            super::print_failure(failure);
        }
    }
    let inputs: Vec<&str> = args.files.iter().map(String::as_str).collect();
    let format = stdout_format(args);
    let format = (format != ReportFormat::Text).then_some(format);
    super::report_input_error(result, format, &inputs, global)
}

/// The files a run reads, as far as it has found them when it stops: the report of an input
/// error may replace none of them.
#[derive(Default)]
struct InputsFound {
    paths: Vec<PathBuf>,
    /// Whether the chart files are among them: a config's `files:` are known only once the
    /// config is read and its patterns are matched.
    charts: bool,
}

/// Refuses what no run can do: an unknown rule, statistics in a format that has none, two
/// reports on standard output.
fn validate(args: &CheckArgs) -> Result<PickedRules, Failure> {
    let picked = args.filter.picked()?;
    if args.statistics && !STATISTICS_FORMATS.contains(&args.format) {
        return Err(Failure::Usage(format!(
            "--statistics prints {}, not {}",
            crate::choice::alternatives(&STATISTICS_FORMATS.map(ReportFormat::name)),
            args.format.name()
        )));
    }
    let mut to_stdout = args.report.iter().filter(|(_, path)| is_stdout(path));
    let Some((first, _)) = to_stdout.next() else {
        return Ok(picked);
    };
    let other = match to_stdout.next() {
        Some((second, _)) => format!("--report {}=-", second.name()),
        None if args.format != ReportFormat::Text => format!("--format {}", args.format.name()),
        None if args.statistics => "--statistics".to_owned(),
        None => return Ok(picked),
    };
    Err(Failure::Usage(format!(
        "--report {}=- and {other} both write to standard output, which carries one report",
        first.name()
    )))
}

/// `-` as a report path: standard output.
fn is_stdout(path: &Path) -> bool {
    path == Path::new("-")
}

/// The format of the report on standard output: a `--report FMT=-` target's, else
/// `--format`'s.
fn stdout_format(args: &CheckArgs) -> ReportFormat {
    args.report
        .iter()
        .find(|(_, path)| is_stdout(path))
        .map_or(args.format, |(format, _)| *format)
}

/// The `--report` targets that are files (standard output aside).
fn report_files(args: &CheckArgs) -> impl Iterator<Item = &(ReportFormat, PathBuf)> {
    args.report.iter().filter(|(_, path)| !is_stdout(path))
}

/// The files a run reads that are known before anything is read: the chart files named,
/// the baseline, the config (`--config` or the one found) and `--rules`.
fn named_inputs(global: &CommonArgs, args: &CheckArgs) -> InputsFound {
    let named = args.files.iter().filter(|f| f.as_str() != "-");
    let paths = named
        .map(PathBuf::from)
        .chain(args.baseline.clone())
        .chain(Session::config_path(global, &args.files).ok().flatten())
        .chain(global.rules.clone())
        .collect();
    InputsFound {
        paths,
        charts: !args.files.is_empty(),
    }
}

/// What a checking run does with its files: `check` the chart, or `reconcile` it (the HR
/// record) against a directory. Everything else — flags, reports, baselines, exit codes — is
/// one pipeline.
#[derive(Clone, Copy)]
pub(super) enum Job<'a> {
    Check,
    /// `--against` files and folders.
    Reconcile {
        against: &'a [String],
    },
}

/// What a job produced, for the reports.
pub(super) struct Produced {
    pub chart: crate::model::Chart,
    pub findings: Vec<crate::finding::Finding>,
    pub summary: crate::finding::Summary,
    pub people: usize,
    pub rules: Vec<crate::check::RuleRun>,
    pub reconcile: Option<crate::reconcile::ReconcileSummary>,
}

/// Checks and reports, gathering in `found` the files the run reads as it finds them.
fn run_check(
    global: &CommonArgs,
    args: &CheckArgs,
    job: Job,
    found: &mut InputsFound,
) -> CommandResult {
    let picked = validate(args)?;
    *found = named_inputs(global, args);
    let session = Session::new(global, &args.files)?;
    // The rulebook a config names, before the config's `files:` are looked for.
    found.paths.extend(session.input_files(&[]));
    let configured;
    let files = if args.files.is_empty() {
        configured = configured_files(&session)?;
        &configured
    } else {
        &args.files
    };
    let (files, against) = match job {
        Job::Check => (files.clone(), Vec::new()),
        Job::Reconcile { against } => (
            super::reconcile::folder_files(files)?,
            super::reconcile::folder_files(against)?,
        ),
    };
    let outputs = report_files(args).map(|(_, path)| path.as_path());
    let mut inputs = session.input_files(&files);
    inputs.extend(against.iter().map(PathBuf::from));
    found.paths.extend(inputs.iter().cloned());
    found.charts = true;
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
    let produced = match job {
        Job::Check => check_chart(global, &session, &picked, &files, baseline, &progress)?,
        Job::Reconcile { .. } => super::reconcile::produce(
            global,
            &session,
            picked.levels(&session),
            (&files, &against),
            baseline,
            &progress,
        )?,
    };
    progress.finish();
    let code = report(global, args, &session, &produced);
    // The process ends now: freeing a million people one string at a time only costs time.
    std::mem::forget(produced);
    code
}

/// `check`'s job: load the chart and run the chart's rules.
fn check_chart(
    global: &CommonArgs,
    session: &Session,
    picked: &PickedRules,
    files: &[String],
    baseline: std::collections::HashMap<String, usize>,
    progress: &Progress,
) -> Result<Produced, Failure> {
    let (chart, extra_waivers) = session.load_chart(global, files, progress)?;
    crate::load::require_people(&chart, files)?;
    progress.stage(format!(
        "checking {}",
        plural(chart.people.len(), "position")
    ));
    let mut options = picked.check_options(session, global);
    options.extra_waivers = extra_waivers;
    options.baseline = baseline;
    let outcome = check(&chart, &options);
    Ok(Produced {
        rules: options.rules_run_on(&chart),
        chart,
        findings: outcome.findings,
        summary: outcome.summary,
        people: outcome.people,
        reconcile: None,
    })
}

/// Writes the reports of what a job produced; the exit code.
fn report(
    global: &CommonArgs,
    args: &CheckArgs,
    session: &Session,
    produced: &Produced,
) -> CommandResult {
    let config = session.config.shown_path();
    let data = ReportData {
        chart: &produced.chart,
        findings: &produced.findings,
        errors: &[],
        summary: produced.summary,
        people: produced.people,
        fail_on: args.filter.fail_on(session),
        rulebook: &session.rulebook,
        redact: global.redact,
        rules: produced.rules.clone(),
        baseline: args.baseline.is_some(),
        config: config.as_deref(),
        reconcile: produced.reconcile.as_ref(),
    };
    write_files(global, args, &data)?;
    let code = if data.fails() {
        exit::FINDINGS
    } else {
        exit::OK
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let emitter = stdout_format(args).emitter(EmitterOptions {
        color: global.color.for_stdout(),
        quiet: global.quiet,
        show_existing: args.show_existing,
        statistics: args.statistics,
    });
    super::unless_pipe_closed(emitter.emit(&data, &mut out).and_then(|()| out.flush()))?;
    Ok(code)
}

/// The report files and the baseline, all complete or none at all (standard output comes
/// after them).
fn write_files(global: &CommonArgs, args: &CheckArgs, data: &ReportData) -> Result<(), Failure> {
    let mut outputs = Outputs::new();
    write_reports(report_files(args), data, &mut outputs)?;
    let mut baseline_written = None;
    if let Some(path) = &args.write_baseline {
        let file = outputs.open(path)?;
        let count = crate::baseline::write(data.findings, file).map_err(|e| file.error(e))?;
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
    Ok(())
}

/// Writes each `--report` file into `outputs`. Each report is written straight into its
/// file as it is produced (a million findings in four formats are never held as text in
/// memory).
fn write_reports<'a>(
    targets: impl IntoIterator<Item = &'a (ReportFormat, PathBuf)>,
    data: &ReportData,
    outputs: &mut Outputs,
) -> Result<(), OutputError> {
    for (format, path) in targets {
        let file = outputs.open(path)?;
        format
            .emitter(EmitterOptions::default())
            .emit(data, file)
            .map_err(|e| file.error(e))?;
    }
    Ok(())
}

/// On an input error, each `--report` file gets its format's report of the stopped run,
/// all or none as reports are: a file left from an earlier run would pass for this run's
/// results. None may be a file the run reads (those `found`, and the file in error). A run
/// stopped before it knew its chart files (a broken config's `files:`) writes only to
/// targets that are new or hold an earlier orglint report: any other could be a chart.
fn write_error_reports(
    global: &CommonArgs,
    args: &CheckArgs,
    found: &InputsFound,
    error: &InputError,
) -> Result<(), Failure> {
    let (targets, kept): (Vec<_>, Vec<_>) = report_files(args)
        .partition(|(_, path)| found.charts || crate::output::new_or_own_report(path));
    for (_, path) in kept {
        eprintln!(
            "orglint: {} left as it was: the chart files are not known, and it could be one",
            crate::escape::escape_control(&path.display().to_string())
        );
    }
    if targets.is_empty() {
        return Ok(());
    }
    crate::output::check_targets(
        targets.iter().map(|(_, path)| path.as_path()),
        found
            .paths
            .iter()
            .map(PathBuf::as_path)
            .chain([Path::new(&error.file)]),
    )?;
    let inputs: Vec<&str> = args.files.iter().map(String::as_str).collect();
    let stopped = StoppedRun::new(&inputs, super::config_in_use(global, &args.files));
    let mut outputs = Outputs::new();
    write_reports(
        targets,
        &stopped.data(std::slice::from_ref(error)),
        &mut outputs,
    )?;
    Ok(outputs.commit()?)
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

/// The rules `--select` and `--ignore` name, parsed.
pub(super) struct PickedRules {
    select: Vec<RuleId>,
    ignore: Vec<RuleId>,
}

impl PickedRules {
    /// Which rules run at which severity: the config's and rulebook's, then these flags.
    pub(super) fn levels(&self, session: &Session) -> crate::rules::RuleLevels {
        session
            .rule_levels()
            .select(&self.select)
            .ignore(&self.ignore)
    }

    /// Check options from the config, the rulebook and these flags.
    pub(super) fn check_options(&self, session: &Session, global: &CommonArgs) -> CheckOptions {
        let mut options = CheckOptions::new(session.rulebook.clone());
        options.levels = self.levels(session);
        options.redact = global.redact;
        options.design = session.config.design.clone();
        options
    }
}
