//! `orglint reconcile RECORD... --against DIR...` (SPEC §10): `check`'s flags, reports and
//! exit codes; only the job differs (see [`super::check::Job`]).

use super::check::{CheckArgs, Job, Produced};
use super::{CommandResult, CommonArgs, Failure, Progress, Session};
use crate::reconcile::{reconcile, ReconcileOptions};
use crate::rules::{Command, RuleLevels};
use clap::Args;

// `--rules` (a rulebook) is `check`'s: reconcile runs no responsibility rules, so its help,
// manpage and completions leave the flag out and `run` refuses it.
#[derive(Args, Debug)]
#[command(mut_arg("rules", |flag| flag.hide(true)))]
pub struct ReconcileArgs {
    /// The directory's export: LDIF, Microsoft Graph pages, SCIM, Google Workspace CSV, a
    /// directory CSV; a folder means the chart files directly in it (repeatable)
    #[arg(long, value_name = "DIR", required = true)]
    pub against: Vec<String>,
    #[command(flatten)]
    pub check: CheckArgs,
}

pub fn run(global: &CommonArgs, args: &ReconcileArgs) -> CommandResult {
    if global.rules.is_some() {
        return Err(Failure::Usage(
            "reconcile takes no --rules: a rulebook describes responsibilities, which reconcile \
             does not check (set its rules' severity under `severity:` in the config)"
                .to_owned(),
        ));
    }
    let job = Job::Reconcile {
        against: &args.against,
    };
    super::check::run_job(global, &args.check, job)
}

/// The files an argument list names: a folder stands for the chart files directly in it
/// (those with a chart format's extension), in name order.
pub(super) fn folder_files(arguments: &[String]) -> Result<Vec<String>, Failure> {
    let mut files = Vec::new();
    for argument in arguments {
        let path = std::path::Path::new(argument);
        if !path.is_dir() {
            files.push(argument.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|e| {
            crate::error::InputError::file(argument, format!("cannot read folder: {e}"))
        })?;
        let mut inside: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.is_file())
            .map(|p| p.to_string_lossy().into_owned())
            .filter(|p| crate::load::InputFormat::from_path(p).is_some())
            .collect();
        if inside.is_empty() {
            return Err(crate::error::InputError::file(
                argument,
                "the folder holds no chart file (.yaml, .json, .csv, .tsv, .ldif, .ldf)",
            )
            .into());
        }
        inside.sort();
        files.extend(inside);
    }
    Ok(files)
}

/// Loads the record and the directory, reconciles them, and hands the record's chart (with
/// the directory's files after its own, for the locations of directory entries) to the
/// reports.
pub(super) fn produce(
    global: &CommonArgs,
    session: &Session,
    levels: RuleLevels,
    (records, against): (&[String], &[String]),
    baseline: std::collections::HashMap<String, usize>,
    progress: &Progress,
) -> Result<Produced, Failure> {
    // The directory is read first: reading it (its text, and every account kept) is the
    // run's peak of memory, best reached before the record is in memory too. What is said
    // and which error wins stay as if the record came first.
    let directory = session
        .load_accounts_unsaid(global, against, progress)
        .map(|mut directory| {
            crate::reconcile::drop_people_kept_as_accounts(&mut directory);
            directory
        });
    let mut record = session.load_side(global, records, progress, true)?;
    crate::load::require_people(&record, records)?;
    let directory = session.said(global, directory, progress)?;
    let mut waivers: Vec<crate::model::Waiver> = record.waivers.clone();
    waivers.extend(session.config.waivers(&mut record)?);
    progress.stage("reconciling".to_owned());
    let levels = levels.for_command(Command::Reconcile);
    let mut options = ReconcileOptions::new(levels.clone());
    options.config = session.config.reconcile.clone();
    options.waivers = waivers;
    options.baseline = baseline;
    options.redact = global.redact;
    let file_offset = record.sources.len() as u32;
    let outcome = reconcile(&record, &directory, &options, file_offset);
    record.sources.extend(directory.sources.iter().cloned());
    if global.redact {
        // Matching is done: from here on the chart is only shown, with the pseudonyms the
        // findings use.
        let whole = crate::redact::PseudonymLength::Whole;
        crate::redact::pseudonymize_as(&mut record, &mut [], whole);
    }
    let rules = crate::rules::ALL
        .iter()
        .filter_map(|&rule| {
            let severity = levels.severity(rule.id)?;
            Some(crate::check::RuleRun { rule, severity })
        })
        .collect();
    let people = record.people.iter().filter(|p| !p.vacant).count();
    Ok(Produced {
        summary: crate::finding::Summary::of(&outcome.findings),
        findings: outcome.findings,
        people,
        rules,
        reconcile: Some(outcome.summary),
        chart: record,
    })
}
