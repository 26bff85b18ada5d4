//! The policy files. `orglint.yaml`: rulebook path, fail threshold, per-rule severities,
//! waivers, CSV column and LDIF id mapping, and the chart files `check` reads when given
//! none; found by walking up from the first chart file's folder (or the current directory)
//! unless `--config` names it.

use crate::choice::Choice;
use crate::error::InputError;
use crate::finding::FailOn;
use crate::load::chart_file::{self, RawWaiver};
use crate::load::{CsvOptions, Exclusions, LdifOptions};
use crate::model::{Chart, Waiver};
use crate::rules::SeverityMap;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a config found by walking up is not to be trusted, if it is not: it belongs to
/// another user than the one running orglint (root aside, who could write it anyway), or
/// anyone may write it.
#[cfg(unix)]
fn untrusted_because(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me && meta.uid() != 0 {
        return Some(format!(
            "it belongs to another user (uid {}, you are uid {me})",
            meta.uid()
        ));
    }
    (meta.mode() & 0o002 != 0).then(|| "anyone may write to it".to_owned())
}

#[cfg(not(unix))]
fn untrusted_because(_path: &Path) -> Option<String> {
    None
}

/// Names the config file may have, in order of preference.
pub const CONFIG_NAMES: [&str; 2] = ["orglint.yaml", ".orglint.yaml"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    rules: Option<String>,
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    waivers: Vec<Spanned<RawWaiver>>,
    csv: Option<RawCsv>,
    #[serde(default)]
    files: Vec<String>,
    ldif: Option<RawLdif>,
    design: Option<crate::stats::design::RawDesign>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    reconcile: Option<RawReconcile>,
}

/// `reconcile:` (SPEC §10): the keys rows are matched by, in order, and the globs that
/// limit the directory to the record's population.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReconcile {
    #[serde(rename = "match")]
    keys: Option<Vec<Spanned<String>>>,
    scope: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLdif {
    id: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCsv {
    #[serde(default)]
    columns: BTreeMap<String, Spanned<String>>,
    root_markers: Option<Vec<String>>,
}

/// The fields a `csv.columns` mapping may set.
pub const CSV_FIELDS: [&str; 12] = [
    "id",
    "manager",
    "name",
    "title",
    "department",
    "dotted_lines",
    "roles",
    "owns",
    "vacant",
    "assistant",
    "email",
    "employee_number",
];

#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    text: String,
    /// Rulebook path, resolved against the config file's folder.
    pub rules: Option<PathBuf>,
    pub fail_on: Option<FailOn>,
    /// Per-rule severities; win over the rulebook's.
    pub severity: SeverityMap,
    raw_waivers: Vec<Spanned<RawWaiver>>,
    pub csv: CsvOptions,
    /// Glob patterns of the chart files `check` reads when given none, relative to the
    /// config file's folder.
    pub files: Vec<String>,
    pub ldif: LdifOptions,
    /// `design:`: span bands and the narrow rules' thresholds.
    pub design: crate::stats::design::Design,
    /// Directory entries that are no person: globs over id, email, name and DN, compiled.
    pub exclude: Exclusions,
    /// `reconcile:`: match keys and scope, validated.
    pub reconcile: crate::reconcile::ReconcileConfig,
}

/// One `files:` pattern of the config and what it matched.
pub struct PatternMatches {
    /// The config file, as errors name it.
    config: String,
    /// The pattern as written.
    pub pattern: String,
    /// The pattern joined to the config's folder.
    pub full: String,
    pub files: Vec<String>,
}

impl PatternMatches {
    /// The error for a pattern that matches no file.
    pub fn matches_nothing(&self) -> InputError {
        InputError::file(
            &self.config,
            format!(
                "files: {:?} matches no file (looked for {})",
                self.pattern, self.full
            ),
        )
    }
}

impl Config {
    /// The nearest `orglint.yaml` or `.orglint.yaml` in `start` or a folder above it. One
    /// that someone else could have planted (see [`untrusted_because`]) is an error: a
    /// `/tmp/orglint.yaml` setting `fail_on: never` or `files:` must not steer a run that
    /// did not name it.
    pub fn discover(start: &Path) -> Result<Option<PathBuf>, InputError> {
        let found = start.ancestors().find_map(|dir| {
            CONFIG_NAMES
                .iter()
                .map(|name| dir.join(name))
                .find(|candidate| candidate.is_file())
        });
        match found {
            Some(path) => match untrusted_because(&path) {
                Some(why) => Err(InputError::file(
                    path.display().to_string(),
                    format!(
                        "this config was found by walking up from the chart, but {why}, so \
                         it is not used: it could have been planted there (git refuses a \
                         repository owned by someone else for the same reason). Pass \
                         `--config {}` to use it",
                        path.display()
                    ),
                )),
                None => Ok(Some(path)),
            },
            None => Ok(None),
        }
    }

    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, InputError> {
        let display = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::file(&display, format!("cannot read config: {e}")))?;
        let text = crate::decode::decode_utf8(&bytes, &display)?;
        let mut config = Config::parse(&text, &display)?;
        config.path = Some(path.to_path_buf());
        if let Some(rules) = &config.rules {
            config.rules = Some(tidy_path(&config.folder().join(rules)));
        }
        Ok(config)
    }

    /// The folder relative paths in the config are resolved against.
    pub fn folder(&self) -> PathBuf {
        let parent = self.path.as_deref().and_then(Path::parent);
        match parent {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The config file's path as reports show it, when there is one.
    pub fn shown_path(&self) -> Option<String> {
        self.path.as_ref().map(|path| path.display().to_string())
    }

    /// The chart files of the config's `files:` globs, sorted, each pattern's matches in
    /// order. A pattern that matches nothing is an error: a chart that silently drops out
    /// of CI would pass for ever.
    pub fn chart_files(&self) -> Result<Vec<String>, InputError> {
        let mut files = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for found in self.pattern_matches()? {
            if found.files.is_empty() {
                return Err(found.matches_nothing());
            }
            files.extend(found.files.into_iter().filter(|f| seen.insert(f.clone())));
        }
        Ok(files)
    }

    /// Each `files:` pattern with the files it matches in the working tree (sorted, maybe
    /// none), the config and its rulebook left out.
    pub fn pattern_matches(&self) -> Result<Vec<PatternMatches>, InputError> {
        let display = self.display_path();
        let folder = self.folder();
        // The config and its rulebook are no chart, though `*.yaml` matches them.
        let policy_files: Vec<(u64, u64)> = [self.path.as_deref(), self.rules.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(crate::output::file_key)
            .collect();
        let is_policy =
            |path: &Path| crate::output::file_key(path).is_some_and(|k| policy_files.contains(&k));
        let mut found = Vec::new();
        for pattern in &self.files {
            let full = tidy_path(&folder.join(pattern));
            let full = full.to_string_lossy().into_owned();
            let invalid = |e: &dyn std::fmt::Display| {
                InputError::file(&display, format!("files: invalid pattern {pattern:?}: {e}"))
            };
            let mut files: Vec<String> = glob::glob(&full)
                .map_err(|e| invalid(&e))?
                .filter_map(Result::ok)
                .filter(|path| path.is_file() && !is_policy(path))
                .map(|path| path.to_string_lossy().into_owned())
                .collect();
            files.sort();
            found.push(PatternMatches {
                config: display.clone(),
                pattern: pattern.clone(),
                full,
                files,
            });
        }
        Ok(found)
    }

    fn display_path(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "orglint.yaml".to_owned())
    }

    pub fn parse(text: &str, display: &str) -> Result<Config, InputError> {
        let raw: RawConfig = crate::decode::parse_yaml(text, display)?;
        let at = |s: &Spanned<String>| (s.referenced.line() as u32, s.referenced.column() as u32);
        let fail_on = match raw.fail_on {
            None => None,
            Some(value) => Some(FailOn::parse(&value.value).ok_or_else(|| {
                let (line, column) = at(&value);
                InputError::new(
                    display,
                    line,
                    column,
                    format!(
                        "invalid fail_on {:?}: expected {}",
                        value.value,
                        FailOn::alternatives()
                    ),
                )
            })?),
        };
        let severity = SeverityMap::parse(raw.severity, display)?;
        let csv = match raw.csv {
            None => CsvOptions::default(),
            Some(csv) => {
                for (field, column) in &csv.columns {
                    if !CSV_FIELDS.contains(&field.as_str()) {
                        // The key stands on the line of its value (`nmae: Full Name`).
                        let hint = crate::text::did_you_mean(field, CSV_FIELDS)
                            .map(|close| format!(" (did you mean `{close}`?)"))
                            .unwrap_or_default();
                        return Err(InputError::new(
                            display,
                            column.referenced.line() as u32,
                            0,
                            format!(
                                "csv.columns: unknown field `{}`{hint}: expected one of {}",
                                crate::text::truncate(field, 80),
                                CSV_FIELDS.join(", ")
                            ),
                        ));
                    }
                }
                CsvOptions {
                    columns: csv
                        .columns
                        .into_iter()
                        .map(|(field, column)| (field, column.value))
                        .collect(),
                    root_markers: csv.root_markers,
                }
            }
        };
        let ldif = match raw.ldif.and_then(|l| l.id) {
            None => LdifOptions::default(),
            Some(id) => {
                let valid = !id.value.is_empty()
                    && id
                        .value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if !valid {
                    let (line, column) = at(&id);
                    return Err(InputError::new(
                        display,
                        line,
                        column,
                        format!(
                            "invalid ldif.id {:?}: expected an attribute name such as {}",
                            id.value,
                            crate::load::ldif::DEFAULT_ID_ATTRIBUTES.join(", ")
                        ),
                    ));
                }
                LdifOptions { id: Some(id.value) }
            }
        };
        let design = match raw.design {
            None => Default::default(),
            Some(design) => design.validate(display)?,
        };
        let exclude = exclusions(&raw.exclude, display, "exclude")?;
        let reconcile = match raw.reconcile {
            None => Default::default(),
            Some(reconcile) => reconcile_config(reconcile, display)?,
        };
        Ok(Config {
            reconcile,
            path: None,
            design,
            text: text.to_owned(),
            rules: raw.rules.map(PathBuf::from),
            fail_on,
            severity,
            raw_waivers: raw.waivers,
            csv,
            files: raw.files,
            ldif,
            exclude,
        })
    }

    /// The config's waivers, registering the config file as a source of `chart` so that each
    /// waiver keeps its file and line.
    pub fn waivers(&self, chart: &mut Chart) -> Result<Vec<Waiver>, InputError> {
        if self.raw_waivers.is_empty() {
            return Ok(Vec::new());
        }
        let display = self.display_path();
        let file = chart.add_source(&display, self.text.clone());
        self.raw_waivers
            .iter()
            .map(|raw| chart_file::waiver(file, &display, raw.clone()))
            .collect()
    }
}

/// `reconcile:` validated: known keys, each once, at least one; scope globs compiled.
fn reconcile_config(
    raw: RawReconcile,
    display: &str,
) -> Result<crate::reconcile::ReconcileConfig, InputError> {
    use crate::reconcile::MatchKey;
    let mut config = crate::reconcile::ReconcileConfig::default();
    if let Some(keys) = raw.keys {
        let at = |s: &Spanned<String>, message: String| {
            InputError::new(
                display,
                s.referenced.line() as u32,
                s.referenced.column() as u32,
                message,
            )
        };
        config.keys.clear();
        for key in &keys {
            let parsed = MatchKey::parse(&key.value).ok_or_else(|| {
                let shown = crate::text::truncate(&key.value, 80);
                at(
                    key,
                    format!(
                        "reconcile.match: unknown key {shown:?}: expected {}",
                        MatchKey::alternatives()
                    ),
                )
            })?;
            if config.keys.contains(&parsed) {
                return Err(at(
                    key,
                    format!("reconcile.match: {} is listed twice", key.value),
                ));
            }
            config.keys.push(parsed);
        }
        if config.keys.is_empty() {
            return Err(InputError::file(
                display,
                format!(
                    "reconcile.match: is empty: list at least one of {}",
                    MatchKey::alternatives()
                ),
            ));
        }
    }
    if let Some(scope) = raw.scope {
        config.scope = Some(exclusions(&scope, display, "reconcile.scope")?);
    }
    Ok(config)
}

/// The `exclude:` (or `reconcile.scope:`) patterns compiled; an invalid one is an error at
/// its line.
fn exclusions(
    patterns: &[Spanned<String>],
    display: &str,
    section: &str,
) -> Result<Exclusions, InputError> {
    let texts: Vec<String> = patterns.iter().map(|p| p.value.clone()).collect();
    Exclusions::new(&texts).map_err(|(index, why)| {
        let pattern = &patterns[index];
        InputError::new(
            display,
            pattern.referenced.line() as u32,
            pattern.referenced.column() as u32,
            format!(
                "{section}: invalid pattern {:?}: {why} (expected a glob such as `svc-*` or `*OU=Service Accounts*`)",
                crate::text::truncate(&pattern.value, 80)
            ),
        )
    })
}

/// `path` without `.` components, and relative to the current directory when it lies inside
/// it: `/home/me/org/./rulebook.yaml` run from `/home/me` is `org/rulebook.yaml`.
pub fn tidy_path(path: &Path) -> PathBuf {
    let tidy: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    let relative = std::env::current_dir()
        .ok()
        .filter(|_| tidy.is_absolute())
        .and_then(|cwd| tidy.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|rest| !rest.as_os_str().is_empty());
    match relative {
        Some(rest) => rest,
        None if tidy.as_os_str().is_empty() => PathBuf::from("."),
        None => tidy,
    }
}

/// How summaries name the config in use (its path as [`Config::shown_path`] gives it):
/// `config orglint.yaml`, or `no config`.
pub fn config_label(path: Option<&str>) -> String {
    match path {
        Some(path) => format!("config {path}"),
        None => "no config".to_owned(),
    }
}
