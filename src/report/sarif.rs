//! SARIF 2.1.0 (OASIS), with what GitHub code scanning needs: per rule short and full
//! descriptions, help and a default level; per result a relative artifact URI, a start line
//! and partial fingerprints (rule + subjects, so reordering a chart does not churn alerts).
//! Own serde structs: the subset orglint writes, checked against the OASIS schema in tests.

use super::{Emitter, ReportData};
use crate::choice::Choice;
use crate::error::InputError;
use crate::escape::escape_control;
use crate::finding::{Finding, Severity, Suppression};
use crate::rules::RuleId;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct SarifEmitter;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Key of our fingerprint in `partialFingerprints` (versioned, as GitHub recommends).
const FINGERPRINT_KEY: &str = "orglint/v1";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

/// A run stopped by input errors (exit 2) has no results and an invocation that failed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    invocations: Option<[Invocation; 1]>,
    results: Results<'a>,
    column_kind: &'static str,
    properties: RunProperties<'a>,
}

/// What the run used besides the rules: the config file (`null` for none).
#[derive(Serialize)]
struct RunProperties<'a> {
    config: Option<&'a str>,
    /// Directory entries that are no person, per kind (absent when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    left_out: Option<crate::model::LeftOutCounts>,
}

/// The results, each built only as it is written: a million findings need no second copy.
struct Results<'a> {
    emitter: &'a SarifEmitter,
    data: &'a ReportData<'a>,
    /// Per rule (by [`RuleId::index`]), its index in the driver's rule list.
    index: Vec<Option<usize>>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.data.findings.iter().filter_map(|f| {
            Some(
                self.emitter
                    .result(self.data, f, self.index[f.rule.index()]?),
            )
        }))
    }
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

#[derive(Serialize)]
struct SarifSuppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    subjects: &'a [String],
    severity: &'static str,
    /// Set when the finding has no place in the chart and the location is a stand-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    location_note: Option<&'static str>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The text under a `## heading` of a rule's explain text.
fn section(explain: &str, heading: &str) -> Option<String> {
    let start = explain.find(heading)? + heading.len();
    let rest = &explain[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let text = rest[..end].trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The descriptor of a rule.
fn rule(id: RuleId, severity: Severity) -> Rule {
    let def = id.def();
    let (name, explain, summary) = (def.name, def.explain(), def.summary());
    Rule {
        id: name,
        name,
        full_description: Text {
            text: section(&explain, "## What it checks").unwrap_or_else(|| summary.clone()),
        },
        short_description: Text { text: summary },
        help: Help {
            text: explain.clone(),
            markdown: explain,
        },
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties {
            tags: ["org-chart"],
        },
    }
}

/// Percent-encodes a path for a URI reference (RFC 3986: unreserved characters and `/` stay).
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The artifact location of a path: relative to `%SRCROOT%` (the current directory) when it
/// can be, else an absolute `file://` URI.
fn artifact(path: &str) -> ArtifactLocation {
    let relative = super::relative_path(path);
    if std::path::Path::new(&relative).is_absolute() {
        ArtifactLocation {
            uri: format!("file://{}", encode_uri_path(&relative)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encode_uri_path(&relative),
            uri_base_id: Some(SRCROOT),
        }
    }
}

const STAND_IN_NOTE: &str =
    "no place in the chart (e.g. a rulebook role nobody holds): shown on line 1 of the first input";

impl SarifEmitter {
    fn result<'a>(
        &self,
        data: &'a ReportData,
        finding: &'a Finding,
        rule_index: usize,
    ) -> SarifResult<'a> {
        let (path, line, location_note) = match finding.location {
            Some(loc) => (data.path(&loc), loc.line.max(1), None),
            // GitHub rejects results without a location: point at the first input.
            None => (data.chart.source_path(0), 1, Some(STAND_IN_NOTE)),
        };
        let mut message = escape_control(&finding.message).into_owned();
        if location_note.is_some() {
            message.push_str(" (no place in the chart; shown on line 1 of the first input)");
        }
        let suppressions = match &finding.suppression {
            Some(Suppression::Waived { reason }) => vec![SarifSuppression {
                kind: "external",
                justification: escape_control(&data.reason(reason)).into_owned(),
            }],
            _ => Vec::new(),
        };
        let baseline_state = match &finding.suppression {
            Some(Suppression::Baseline) => Some("unchanged"),
            _ if data.baseline => Some("new"),
            _ => None,
        };
        SarifResult {
            rule_id: finding.rule.name(),
            rule_index,
            level: level(finding.severity),
            message: Text { text: message },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact(path),
                    region: Region {
                        start_line: line,
                        start_column: finding.location.map(|l| l.column).filter(|&c| c > 0),
                    },
                },
            }],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, finding.fingerprint())]),
            suppressions,
            baseline_state,
            properties: ResultProperties {
                subjects: &finding.subjects,
                severity: finding.severity.name(),
                location_note,
            },
        }
    }
}

impl Emitter for SarifEmitter {
    fn emit(&self, data: &ReportData, out: &mut dyn Write) -> io::Result<()> {
        // Rules that ran, plus any rule a finding names that is not among them, in table order.
        let mut rules: Vec<(RuleId, Severity)> =
            data.rules.iter().map(|r| (r.rule.id, r.severity)).collect();
        for finding in data.findings {
            if !rules.iter().any(|&(id, _)| id == finding.rule) {
                rules.push((finding.rule, finding.rule.def().default_severity));
            }
        }
        rules.sort_by_key(|&(id, _)| id.index());
        let mut index = vec![None; RuleId::COUNT];
        for (position, &(id, _)) in rules.iter().enumerate() {
            index[id.index()] = Some(position);
        }
        let results = Results {
            emitter: self,
            data,
            index,
        };
        let log = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "orglint",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        rules: rules.iter().map(|&(id, sev)| rule(id, sev)).collect(),
                    },
                },
                invocations: match data.stopped() {
                    true => Some([failed_invocation(data.errors)]),
                    false => ignored_columns_invocation(data).map(|i| [i]),
                },
                results,
                column_kind: "unicodeCodePoints",
                properties: RunProperties {
                    config: data.config,
                    left_out: Some(data.chart.left_out_counts).filter(|c| c.total() > 0),
                },
            }],
        };
        let mut out = io::BufWriter::new(out);
        super::write_json(&mut out, &log)?;
        out.flush()
    }
}

/// The invocation of a run that input errors stopped, each error a
/// `toolExecutionNotifications` entry at its file, line and column.
fn failed_invocation(errors: &[InputError]) -> Invocation {
    let notifications = errors
        .iter()
        .map(|e| Notification {
            level: "error",
            message: Text {
                text: escape_control(&e.message).into_owned(),
            },
            locations: vec![NotificationLocation {
                physical_location: NotificationPlace {
                    artifact_location: artifact(&e.file),
                    region: (e.line > 0).then_some(NotificationRegion {
                        start_line: e.line,
                        start_column: (e.column > 0).then_some(e.column),
                    }),
                },
            }],
        })
        .collect();
    Invocation {
        execution_successful: false,
        tool_execution_notifications: notifications,
    }
}

/// The invocation of a checked run with CSV/TSV columns no field reads: a `note` per file
/// naming them (SARIF has no other place for what was not read), else none.
fn ignored_columns_invocation(data: &ReportData) -> Option<Invocation> {
    let notifications: Vec<Notification> = data
        .ignored_columns()
        .map(|(path, columns)| Notification {
            level: "note",
            message: Text {
                text: format!("ignored columns: {}", escape_control(&columns)),
            },
            locations: vec![NotificationLocation {
                physical_location: NotificationPlace {
                    artifact_location: artifact(path),
                    region: None,
                },
            }],
        })
        .collect();
    (!notifications.is_empty()).then_some(Invocation {
        execution_successful: true,
        tool_execution_notifications: notifications,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<NotificationLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: NotificationPlace,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationPlace {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<NotificationRegion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationRegion {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(
            encode_uri_path("hr/org chart#1.yaml"),
            "hr/org%20chart%231.yaml"
        );
        assert_eq!(encode_uri_path("ö.yaml"), "%C3%B6.yaml");
        let a = artifact("./charts/org.yaml");
        assert_eq!(a.uri, "charts/org.yaml");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
    }

    #[test]
    fn full_description_is_the_what_it_checks_section() {
        let text = "One line.\n\n## What it checks\nThe thing.\n\n## Why\nBecause.";
        assert_eq!(
            section(text, "## What it checks").as_deref(),
            Some("The thing.")
        );
        assert_eq!(section(text, "## Missing"), None);
    }
}
