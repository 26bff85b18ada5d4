//! The `orglint` command line: argument definitions and dispatch. Each command's work lives
//! in its own file; `main.rs` only calls [`main`].

mod check;
mod diagram;
mod diff;
mod info;
mod init;
mod progress;
mod reconcile;
mod session;
mod shell;
mod since;
mod stats;

use crate::choice::Choice;
use crate::load::InputFormat;
use crate::report::{EmitterOptions, ReportFormat};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

pub use diff::DiffFormat;
pub use progress::Progress;
pub use session::Session;
pub use stats::StatsFormat;

/// Exit codes for every command.
pub mod exit {
    /// Nothing at or above `--fail-on`.
    pub const OK: i32 = 0;
    /// Findings at or above `--fail-on` (for `diff`: new findings).
    pub const FINDINGS: i32 = 1;
    /// Unusable input, config, rulebook or arguments.
    pub const INPUT: i32 = 2;
}

#[derive(Parser, Debug)]
#[command(
    name = "orglint",
    version,
    about = "Check org charts against executive responsibility and reporting-line rules",
    long_about = None,
    after_help = "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 unusable input, config or arguments."
)]
pub struct Cli {
    /// When to use colour
    #[arg(long, global = true, value_parser = choice::<ColorChoice>(), default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the rulebook and the config come from (every command that reads them).
#[derive(Args, Debug, Clone, Default)]
pub struct SetupArgs {
    /// Rulebook file (default: the built-in COO/CIO rulebook)
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Config file (default: the nearest orglint.yaml or .orglint.yaml upwards from the first chart file)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// How the commands that read charts read and show them.
#[derive(Args, Debug, Clone, Default)]
pub struct ChartArgs {
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Print ids, never names or emails
    #[arg(long)]
    pub redact: bool,
    /// Format of the input files (default: from the extension; standard input is sniffed)
    #[arg(long, value_parser = choice::<InputFormat>(), value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Check a paged export (Microsoft Graph, SCIM) that lacks pages, with a warning, instead of refusing it
    #[arg(long)]
    pub allow_partial: bool,
}

/// What a command was asked, whichever of these flags it takes (the others keep their
/// defaults).
#[derive(Debug, Clone, Default)]
pub struct CommonArgs {
    pub rules: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub redact: bool,
    pub color: ColorChoice,
    pub quiet: bool,
    pub input_format: Option<InputFormat>,
    pub allow_partial: bool,
}

impl CommonArgs {
    fn new(color: ColorChoice, chart: &ChartArgs, quiet: bool) -> CommonArgs {
        CommonArgs {
            rules: chart.setup.rules.clone(),
            config: chart.setup.config.clone(),
            redact: chart.redact,
            color,
            quiet,
            input_format: chart.input_format,
            allow_partial: chart.allow_partial,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

crate::choice::choice!(ColorChoice {
    Auto => "auto",
    Always => "always",
    Never => "never",
});

impl ColorChoice {
    /// Whether to colour standard output.
    pub fn for_stdout(self) -> bool {
        self.decide(std::io::stdout().is_terminal(), |name| {
            std::env::var_os(name)
        })
    }

    /// `--color always|never` wins; with `auto`, `FORCE_COLOR` or `CLICOLOR_FORCE` turn
    /// colour on, then `NO_COLOR` turns it off, else a terminal gets colour. Set and empty
    /// means unset for all three, and `0` too for the two forcing ones (as their
    /// conventions say).
    pub fn decide(self, terminal: bool, env: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        let forced = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
            ColorChoice::Auto if set("NO_COLOR") => false,
            ColorChoice::Auto => terminal,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load, check and report (the main job)
    Check(check::CheckArgs),
    /// Draw the chart as Graphviz DOT, SVG, PNG or PDF, or as an interactive HTML page
    Diagram(diagram::DiagramArgs),
    /// List the active rulebook's roles, duties and every rule with its severity
    Rules(info::RulesArgs),
    /// Explain what a rule checks, why, an example, and how to fix or waive it
    Explain(info::ExplainArgs),
    /// Print a JSON Schema (org, rulebook or report)
    Schema(info::SchemaArgs),
    /// Spans and layers: layers, spans by band, narrow chains, manager ratios per executive
    Stats(stats::StatsArgs),
    /// Write a commented orglint.yaml (with --rulebook, also the built-in rulebook to edit)
    Init(init::InitArgs),
    /// Show joiners, leavers, moves, title and role changes, and findings new and resolved
    Diff(diff::DiffArgs),
    /// Match the HR record against the directory: missing, orphan and disabled accounts
    #[command(mut_arg("files", |arg| arg
        .value_name("RECORD")
        .required(true)
        .help("The HR system of record (any chart format); several are merged; a folder means the chart files directly in it")))]
    Reconcile(reconcile::ReconcileArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff) on standard output
    Manpage,
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    // Before any thread starts: an interrupted run leaves no temporary file behind.
    crate::output::remove_temporaries_on_signals();
    // clap prints its own usage errors and help before `--color` is parsed: tell it first.
    let parsed = Cli::command()
        .color(color_for_clap(std::env::args_os().skip(1)))
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::INPUT
            } else {
                exit::OK
            };
            let _ = e.print();
            return code;
        }
    };
    let color = cli.color;
    let setup = |setup: &SetupArgs| CommonArgs {
        rules: setup.rules.clone(),
        config: setup.config.clone(),
        color,
        ..CommonArgs::default()
    };
    let result = match &cli.command {
        Command::Check(args) => check::run(&CommonArgs::new(color, &args.chart, args.quiet), args),
        Command::Diagram(args) => {
            diagram::run(&CommonArgs::new(color, &args.chart, args.quiet), args)
        }
        Command::Rules(args) => info::rules(&setup(&args.setup), args),
        Command::Explain(args) => info::explain(args),
        Command::Schema(args) => info::schema(args),
        Command::Stats(args) => stats::run(&CommonArgs::new(color, &args.chart, args.quiet), args),
        Command::Init(args) => init::run(args),
        Command::Diff(args) => diff::run(&CommonArgs::new(color, &args.chart, args.quiet), args),
        Command::Reconcile(args) => {
            let check = &args.check;
            reconcile::run(&CommonArgs::new(color, &check.chart, check.quiet), args)
        }
        Command::Completions(args) => shell::completions(args),
        Command::Manpage => shell::manpage(),
    };
    match result {
        Ok(code) => code,
        Err(failure) => print_failure(failure),
    }
}

/// Says on standard error why a command failed; the exit code that goes with it.
fn print_failure(failure: Failure) -> i32 {
    match failure {
        Failure::Input(e) => {
            let _ = emit_input_error(
                &e,
                &[],
                None,
                ReportFormat::Text,
                &mut std::io::stderr().lock(),
            );
            exit::INPUT
        }
        Failure::Usage(message) => {
            eprintln!(
                "orglint: error: {}",
                crate::escape::escape_control(&message)
            );
            exit::INPUT
        }
        // A closed pipe (`orglint check ... | head`) is not an error worth a word.
        Failure::Io(e) if crate::report::is_pipe_closed(&e) => exit::OK,
        Failure::Io(e) => {
            eprintln!("orglint: error: {e}");
            exit::INPUT
        }
    }
}

/// A value parser for a library [`Choice`]: clap lists and completes its names, and the
/// library's types stay free of clap.
pub(crate) fn choice<T: Choice>() -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(T::names())
        .map(|name| T::parse(&name).unwrap_or(T::ALL[0]))
}

/// The `--color` the arguments ask for, for clap's own messages (`auto` when none is
/// given or the value is not one of ours; clap then reports it).
fn color_for_clap(args: impl Iterator<Item = std::ffi::OsString>) -> clap::ColorChoice {
    let mut asked = None;
    let mut args = args.map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--color" {
            asked = args.next();
        } else if let Some(value) = arg.strip_prefix("--color=") {
            asked = Some(value.to_owned());
        }
    }
    match asked.as_deref().and_then(ColorChoice::parse) {
        Some(ColorChoice::Always) => clap::ColorChoice::Always,
        Some(ColorChoice::Never) => clap::ColorChoice::Never,
        Some(ColorChoice::Auto) | None => clap::ColorChoice::Auto,
    }
}

/// Passes on a write error unless it is a closed pipe (`orglint check ... | head`): the
/// reader has gone, but the findings still decide the exit code.
fn unless_pipe_closed(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if crate::report::is_pipe_closed(&e) => Ok(()),
        other => other,
    }
}

/// Input errors through the report layer: besides standard error (where [`main`] prints
/// every error), an input error goes to standard output in the command's report `format`
/// (`None` for text), so CI shows it where it shows findings.
fn report_input_error(
    result: CommandResult,
    format: Option<ReportFormat>,
    inputs: &[&str],
    global: &CommonArgs,
) -> CommandResult {
    if let (Err(Failure::Input(error)), Some(format)) = (&result, format) {
        let mut out = std::io::stdout().lock();
        let charts: Vec<String> = inputs.iter().map(|i| i.to_string()).collect();
        let config = config_in_use(global, &charts);
        let written = emit_input_error(error, inputs, config, format, &mut out);
        unless_pipe_closed(written)?;
    }
    result
}

/// Writes the report in `format` of a run that `error` stopped; `inputs` are the files the
/// run was given. Plain, without colour, as on standard error.
fn emit_input_error(
    error: &crate::error::InputError,
    inputs: &[&str],
    config: Option<String>,
    format: ReportFormat,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let stopped = crate::report::StoppedRun::new(inputs, config);
    let data = stopped.data(std::slice::from_ref(error));
    format
        .emitter(EmitterOptions::default())
        .emit(&data, out)
        .and_then(|()| out.flush())
}

/// The config a run on `files` uses (or was reading when it stopped), as reports name it.
fn config_in_use(global: &CommonArgs, files: &[String]) -> Option<String> {
    let path = Session::config_path(global, files).ok().flatten()?;
    Some(path.display().to_string())
}

/// Why a command could not do its job (all exit 2).
#[derive(Debug)]
pub enum Failure {
    Input(crate::error::InputError),
    Usage(String),
    Io(std::io::Error),
}

impl From<crate::error::InputError> for Failure {
    fn from(e: crate::error::InputError) -> Self {
        Failure::Input(e)
    }
}

impl From<crate::output::OutputError> for Failure {
    fn from(e: crate::output::OutputError) -> Self {
        Failure::Usage(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

pub type CommandResult = Result<i32, Failure>;
