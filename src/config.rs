//! The policy files. `orglint.yaml`: rulebook path, fail threshold, per-rule severities,
//! waivers and CSV column mapping, found by walking up from the current directory unless
//! `--config` names it. Rulebook files are read here too: both name rules in `severity:`, so
//! reading them sits above the rule registry, while `rulebook` (the model rules read) sits
//! below it.

use crate::error::InputError;
use crate::finding::{FailOn, Level};
use crate::load::chart_file::{self, RawWaiver};
use crate::load::{CsvOptions, LdifOptions};
use crate::model::{Chart, Waiver};
use crate::rulebook::{RawRulebook, Rulebook, DEFAULT_RULEBOOK};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    ldif: Option<RawLdif>,
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
    columns: BTreeMap<String, String>,
    root_markers: Option<Vec<String>>,
}

/// The fields a `csv.columns` mapping may set.
pub const CSV_FIELDS: [&str; 11] = [
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
];

#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    text: String,
    /// Rulebook path, resolved against the config file's folder.
    pub rules: Option<PathBuf>,
    pub fail_on: Option<FailOn>,
    pub severity: BTreeMap<String, Level>,
    raw_waivers: Vec<Spanned<RawWaiver>>,
    pub csv: CsvOptions,
    pub ldif: LdifOptions,
}

impl Config {
    /// The nearest `orglint.yaml` or `.orglint.yaml` in `start` or a folder above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start.ancestors().find_map(|dir| {
            CONFIG_NAMES
                .iter()
                .map(|name| dir.join(name))
                .find(|candidate| candidate.is_file())
        })
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
            let base = path.parent().unwrap_or(Path::new("."));
            config.rules = Some(base.join(rules));
        }
        Ok(config)
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
                        "invalid fail_on {:?}: expected error, warning, info or never",
                        value.value
                    ),
                )
            })?),
        };
        let severity = severity_levels(raw.severity, display)?;
        let csv = match raw.csv {
            None => CsvOptions::default(),
            Some(csv) => {
                for field in csv.columns.keys() {
                    if !CSV_FIELDS.contains(&field.as_str()) {
                        return Err(InputError::file(
                            display,
                            format!(
                                "csv.columns: unknown field {field:?}: expected one of {}",
                                CSV_FIELDS.join(", ")
                            ),
                        ));
                    }
                }
                CsvOptions {
                    columns: csv.columns,
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
        Ok(Config {
            path: None,
            text: text.to_owned(),
            rules: raw.rules.map(PathBuf::from),
            fail_on,
            severity,
            raw_waivers: raw.waivers,
            csv,
            ldif,
        })
    }

    /// The config's waivers, registering the config file as a source of `chart` so that each
    /// waiver keeps its file and line.
    pub fn waivers(&self, chart: &mut Chart) -> Result<Vec<Waiver>, InputError> {
        if self.raw_waivers.is_empty() {
            return Ok(Vec::new());
        }
        let display = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "orglint.yaml".to_owned());
        let file = chart.add_source(&display, self.text.clone());
        self.raw_waivers
            .iter()
            .map(|raw| chart_file::waiver(file, &display, raw.clone()))
            .collect()
    }
}

impl Rulebook {
    /// The built-in COO/CIO rulebook.
    pub fn builtin() -> Result<Rulebook, InputError> {
        Rulebook::parse(DEFAULT_RULEBOOK, "<built-in>")
    }

    /// Reads a rulebook file.
    pub fn load(path: &str) -> Result<Rulebook, InputError> {
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::file(path, format!("cannot read rulebook: {e}")))?;
        let text = crate::decode::decode_utf8(&bytes, path)?;
        Rulebook::parse(&text, path)
    }

    /// Parses and validates rulebook YAML: every role, duty and rule it names must exist.
    pub fn parse(text: &str, origin: &str) -> Result<Rulebook, InputError> {
        let mut raw: RawRulebook = crate::decode::parse_yaml(text, origin)?;
        let severity = severity_levels(std::mem::take(&mut raw.severity), origin)?;
        Rulebook::from_raw(raw, origin, severity)
    }
}

/// A `severity:` map (config or rulebook): every key a rule of the registry, every value a
/// level.
fn severity_levels(
    raw: BTreeMap<String, Spanned<String>>,
    display: &str,
) -> Result<BTreeMap<String, Level>, InputError> {
    let mut severity = BTreeMap::new();
    for (rule, level) in raw {
        let (line, column) = (
            level.referenced.line() as u32,
            level.referenced.column() as u32,
        );
        if crate::rules::find(&rule).is_none() {
            return Err(InputError::new(
                display,
                line,
                0,
                crate::rules::unknown_rule_message(&rule),
            ));
        }
        let parsed = Level::parse(&level.value).ok_or_else(|| {
            InputError::new(
                display,
                line,
                column,
                format!(
                    "invalid severity {:?} for {rule}: expected error, warning, info or off",
                    level.value
                ),
            )
        })?;
        severity.insert(rule, parsed);
    }
    Ok(severity)
}
