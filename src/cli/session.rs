//! What every chart command sets up first: the config file and the rulebook.

use super::{CommonArgs, Failure, Progress};
use crate::config::{tidy_path, Config};
use crate::load::{load_files, LoadOptions};
use crate::model::{Chart, Waiver};
use crate::rulebook::Rulebook;
use crate::rules::RuleLevels;
use std::path::{Path, PathBuf};

pub struct Session {
    pub config: Config,
    pub rulebook: Rulebook,
    /// The rulebook file read (none for the built-in one).
    pub rules_path: Option<PathBuf>,
}

impl Session {
    /// Finds and reads the config, then the rulebook (`--rules` wins over the config's).
    /// Without `--config`, the config is the nearest one walking up from the first chart
    /// file's folder (from the current directory when there is none, or it is `-`).
    pub fn new(global: &CommonArgs, files: &[String]) -> Result<Session, Failure> {
        let config = match Session::config_path(global, files)? {
            Some(path) => Config::load(&path)?,
            None => Config::default(),
        };
        let rules_path = global.rules.clone().or_else(|| config.rules.clone());
        let rulebook = match &rules_path {
            Some(path) => Rulebook::load(&path.display().to_string())?,
            None => Rulebook::builtin()?,
        };
        Ok(Session {
            config,
            rulebook,
            rules_path,
        })
    }

    /// Which rules run at which severity by the rulebook's and the config's `severity:`
    /// (before `--select` and `--ignore`).
    pub fn rule_levels(&self) -> RuleLevels {
        RuleLevels::new(&self.rulebook.severity, &self.config.severity)
    }

    /// The config file a run on `files` reads, if any: `--config`, else the nearest one
    /// found walking up (see [`Session::new`]); one found that way that someone else could
    /// have planted is an error ([`Config::discover`]).
    pub fn config_path(
        global: &CommonArgs,
        files: &[String],
    ) -> Result<Option<PathBuf>, crate::error::InputError> {
        if let Some(path) = &global.config {
            return Ok(Some(path.clone()));
        }
        let Ok(cwd) = std::env::current_dir() else {
            return Ok(None);
        };
        let start = match files.first().map(Path::new) {
            Some(first) if first != Path::new("-") => {
                cwd.join(first.parent().unwrap_or(Path::new("")))
            }
            _ => cwd,
        };
        Ok(Config::discover(&start)?.map(|found| tidy_path(&found)))
    }

    /// Every file this run reads: the chart files (`-`, standard input, included), the config
    /// and the rulebook. No output may replace one of them.
    pub fn input_files(&self, files: &[String]) -> Vec<PathBuf> {
        files
            .iter()
            .map(PathBuf::from)
            .chain(self.config.path.clone())
            .chain(self.rules_path.clone())
            .collect()
    }

    /// Loads and merges the chart files, with the config's waivers attached, saying so on
    /// `progress` (a spinner on a terminal, for big files); under `--redact`, personal ids
    /// are pseudonyms.
    pub fn load_chart(
        &self,
        global: &CommonArgs,
        files: &[String],
        progress: &Progress,
    ) -> Result<(Chart, Vec<Waiver>), Failure> {
        let (mut chart, mut waivers) = self.load_chart_as_written(global, files, progress)?;
        if global.redact {
            crate::redact::pseudonymize(&mut chart, &mut waivers);
        }
        Ok((chart, waivers))
    }

    /// [`Session::load_chart`] without the pseudonyms of `--redact` (errors still withhold
    /// values): `diff` matches people by their real ids and emails, then pseudonymizes both
    /// sides at once.
    pub fn load_chart_as_written(
        &self,
        global: &CommonArgs,
        files: &[String],
        progress: &Progress,
    ) -> Result<(Chart, Vec<Waiver>), Failure> {
        let mut chart = self.load_side(global, files, progress, false)?;
        let waivers = self.config.waivers(&mut chart)?;
        Ok((chart, waivers))
    }

    /// [`Session::load_chart_as_written`] for files already read (`diff --since`: their
    /// copies at a git revision), each its name and content.
    pub fn load_blobs_as_written(
        &self,
        global: &CommonArgs,
        blobs: Vec<(String, Vec<u8>)>,
        progress: &Progress,
    ) -> Result<(Chart, Vec<Waiver>), Failure> {
        progress.stage(format!("loading {} file(s) at the revision", blobs.len()));
        let loaded = crate::load::load_blobs(blobs, &self.load_options(global, false));
        let mut chart = self.said(global, loaded, progress)?;
        let waivers = self.config.waivers(&mut chart)?;
        Ok((chart, waivers))
    }

    /// Loads and merges the files of one side as given, without waivers or pseudonyms
    /// (`reconcile` matches on the real values), keeping what only `reconcile` reads when
    /// `keep_reconcile_data`.
    pub fn load_side(
        &self,
        global: &CommonArgs,
        files: &[String],
        progress: &Progress,
        keep_reconcile_data: bool,
    ) -> Result<Chart, Failure> {
        let loaded = self.load_side_unsaid(global, files, progress, keep_reconcile_data);
        self.said(global, loaded, progress)
    }

    /// [`Session::load_side`] without saying anything yet: [`Session::said`] does, when the
    /// caller is ready to.
    pub fn load_side_unsaid(
        &self,
        global: &CommonArgs,
        files: &[String],
        progress: &Progress,
        keep_reconcile_data: bool,
    ) -> Result<Chart, crate::error::InputError> {
        let options = self.load_options(global, keep_reconcile_data);
        Self::load_staged(files, progress, &options)
    }

    /// Loads the files, saying which on the progress line.
    fn load_staged(
        files: &[String],
        progress: &Progress,
        options: &LoadOptions,
    ) -> Result<Chart, crate::error::InputError> {
        progress.stage(match files {
            [one] => format!("loading {one}"),
            files => format!("loading {} files", files.len()),
        });
        load_files(files, options)
    }

    /// `reconcile`'s directory, not yet said: its entries kept as accounts, its people
    /// built only where they are needed ([`crate::load::LoadOptions::accounts_only`]; when
    /// loading finds them needed, the files are read again whole).
    pub fn load_accounts_unsaid(
        &self,
        global: &CommonArgs,
        files: &[String],
        progress: &Progress,
    ) -> Result<Chart, crate::error::InputError> {
        // Standard input is read once: a second reading would find it empty.
        if files.iter().any(|f| f == "-") {
            return self.load_side_unsaid(global, files, progress, true);
        }
        let options = LoadOptions {
            accounts_only: true,
            ..self.load_options(global, true)
        };
        let chart = Self::load_staged(files, progress, &options)?;
        match crate::record::people_needed(&chart) {
            true => load_files(files, &self.load_options(global, true)),
            false => Ok(chart),
        }
    }

    fn load_options(&self, global: &CommonArgs, keep_reconcile_data: bool) -> LoadOptions {
        LoadOptions {
            input_format: global.input_format,
            csv: self.config.csv.clone(),
            ldif: self.config.ldif.clone(),
            exclude: self.config.exclude.clone(),
            functions: Some(self.rulebook.functions.clone()),
            role_titles: Some(self.rulebook.role_titles()),
            redact: global.redact,
            allow_partial: global.allow_partial,
            keep_reconcile_data,
            accounts_only: false,
            today: None,
        }
    }

    /// A loaded chart with its loading notes said (an input error's values withheld under
    /// `--redact`).
    pub fn said(
        &self,
        global: &CommonArgs,
        loaded: Result<Chart, crate::error::InputError>,
        progress: &Progress,
    ) -> Result<Chart, Failure> {
        let chart = loaded.map_err(|error| match global.redact {
            true => crate::redact::input_error(error),
            false => error,
        })?;
        // Warnings (a partial export let through) are said even under --quiet: the run
        // checked less than the directory.
        for note in &chart.load_notes {
            if note.warning || !global.quiet {
                progress.say(&format!("orglint: {note}"));
            }
        }
        Ok(chart)
    }
}
