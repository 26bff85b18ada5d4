//! The report of `orglint diff` (what changed between two versions of a chart, computed by
//! [`crate::diff`]) as text, JSON or Markdown. Names, titles and messages go through
//! `escape_control` in text and `escape_markdown` in Markdown; JSON is written by
//! [`super::write_json`].

use super::{CappedMarkdown, Tool};
use crate::choice::Choice;
use crate::diff::{Change, ChartDiff, Position, Who};
use crate::escape::{escape_control, escape_markdown};
use crate::finding::{FailOn, Finding};
use crate::model::Chart;
use serde::Serialize;
use std::io::{self, Write};

/// A chart diff with what it takes to show it: both charts (for the paths of finding
/// locations), the two inputs as given, and the `--fail-on` threshold of the verdict.
///
/// ```
/// use orglint::{check::CheckOptions, load::load_files, rulebook::Rulebook};
/// let old = load_files(&["examples/acme.yaml".into()], &Default::default()).unwrap();
/// let new = load_files(&["examples/problems.yaml".into()], &Default::default()).unwrap();
/// let options = CheckOptions::new(Rulebook::builtin().unwrap());
/// let diff = orglint::diff::diff(&old, &new, &options);
/// let report = orglint::report::DiffReport {
///     diff: &diff,
///     old: &old,
///     new: &new,
///     old_input: "acme.yaml",
///     new_input: "problems.yaml",
///     fail_on: Default::default(),
///     detail: false,
/// };
/// let mut text = Vec::new();
/// report.write_text(&mut text, false).unwrap();
/// assert!(String::from_utf8(text).unwrap().starts_with("orglint diff acme.yaml → problems.yaml\n"));
/// ```
pub struct DiffReport<'a> {
    pub diff: &'a ChartDiff,
    /// The chart before, where resolved findings are.
    pub old: &'a Chart,
    /// The chart after, where new findings are.
    pub new: &'a Chart,
    /// The inputs as given (`-` for standard input), as headings name them.
    pub old_input: &'a str,
    pub new_input: &'a str,
    /// New findings at or above this fail the diff.
    pub fail_on: FailOn,
    /// List the changes inside teams that moved as a whole (`--detail`).
    pub detail: bool,
}

impl DiffReport<'_> {
    /// The text report; with `quiet` (`-q`), the changes and findings only: no heading, no
    /// summary line.
    pub fn write_text(&self, out: &mut dyn Write, quiet: bool) -> io::Result<()> {
        let d = self.diff;
        let e = |s: &str| escape_control(s).into_owned();
        if !quiet {
            writeln!(
                out,
                "orglint diff {} → {}",
                e(self.old_input),
                e(self.new_input)
            )?;
        }
        let positions = |out: &mut dyn Write, head: &str, mark: char, list: &[Position]| {
            if list.is_empty() {
                return Ok(());
            }
            writeln!(out, "\n{head} ({}):", list.len())?;
            for p in list {
                let vacant = if p.vacant { " [vacant]" } else { "" };
                writeln!(
                    out,
                    "  {mark} {}{vacant}: {}",
                    e(&label(&p.who)),
                    e(&or_none(&p.title, "(no title)"))
                )?;
            }
            io::Result::Ok(())
        };
        positions(out, "Joiners", '+', &d.joiners)?;
        positions(out, "Leavers", '-', &d.leavers)?;
        let changes =
            |out: &mut dyn Write, head: &str, none: &str, list: &[Change<Option<String>>]| {
                if list.is_empty() {
                    return Ok(());
                }
                writeln!(out, "\n{head} ({}):", list.len())?;
                for c in list {
                    writeln!(
                        out,
                        "  ~ {}: {} → {}",
                        e(&label(&c.who)),
                        e(&or_none(&c.from, none)),
                        e(&or_none(&c.to, none))
                    )?;
                }
                io::Result::Ok(())
            };
        changes(out, "Moves (manager changed)", "(top)", &d.moves)?;
        changes(out, "Title changes", "(no title)", &d.title_changes)?;
        if !d.role_changes.is_empty() {
            writeln!(out, "\nRole changes ({}):", d.role_changes.len())?;
            for r in &d.role_changes {
                let mut parts: Vec<String> = r.added.iter().map(|x| format!("+{}", e(x))).collect();
                parts.extend(r.removed.iter().map(|x| format!("-{}", e(x))));
                writeln!(out, "  ~ {}: {}", e(&label(&r.who)), parts.join(" "))?;
            }
        }
        let findings = |out: &mut dyn Write, head: &str, chart: &Chart, list: &[Finding]| {
            if list.is_empty() {
                return Ok(());
            }
            writeln!(out, "\n{head} ({}):", list.len())?;
            for f in list {
                let at = place(chart, f)
                    .map(|(p, l)| format!("{}:{l}: ", e(&p)))
                    .unwrap_or_default();
                let waived = if f.is_waived() { " (waived)" } else { "" };
                writeln!(
                    out,
                    "  {at}{}[{}]{waived}: {}",
                    f.severity,
                    f.rule,
                    e(&f.message)
                )?;
            }
            io::Result::Ok(())
        };
        findings(out, "New findings", self.new, &d.new_findings)?;
        findings(out, "Resolved findings", self.old, &d.resolved_findings)?;
        if quiet {
            return Ok(());
        }
        if d.is_empty() {
            writeln!(out, "\nNo changes.")?;
        }
        writeln!(out, "\n{}", self.summary_line())
    }

    /// The JSON document: `tool`, the two inputs, a `summary` of counts and every change.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let (d, fail_on) = (self.diff, self.fail_on);
        let report = JsonDiff {
            tool: Tool::ORGLINT,
            old: self.old_input,
            new: self.new_input,
            summary: JsonSummary {
                old_people: d.old_people,
                new_people: d.new_people,
                joiners: d.joiners.len(),
                leavers: d.leavers.len(),
                moves: d.moves.len(),
                title_changes: d.title_changes.len(),
                role_changes: d.role_changes.len(),
                new_findings: d.new_findings.len(),
                resolved_findings: d.resolved_findings.len(),
                fail_on: fail_on.name(),
                failing: d.failing(fail_on),
                failed: d.failing(fail_on) > 0,
            },
            joiners: d.joiners.iter().map(json_position).collect(),
            leavers: d.leavers.iter().map(json_position).collect(),
            moves: d.moves.iter().map(json_change).collect(),
            title_changes: d.title_changes.iter().map(json_change).collect(),
            role_changes: d
                .role_changes
                .iter()
                .map(|r| JsonRoles {
                    who: JsonWho::of(&r.who),
                    added: &r.added,
                    removed: &r.removed,
                })
                .collect(),
            new_findings: d
                .new_findings
                .iter()
                .map(|f| json_finding(self.new, f))
                .collect(),
            resolved_findings: d
                .resolved_findings
                .iter()
                .map(|f| json_finding(self.old, f))
                .collect(),
        };
        super::write_json(out, &report)
    }

    /// The Markdown report (for `$GITHUB_STEP_SUMMARY` and pull-request comments): a verdict,
    /// a table of counts and a table per kind of change, kept under GitHub's 1 MiB
    /// ([`CappedMarkdown`]).
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let (d, fail_on) = (self.diff, self.fail_on);
        let m = |s: &str| escape_markdown(s);
        let verdict = if d.failing(fail_on) > 0 {
            "❌ new findings"
        } else {
            "✅ no new findings"
        };
        // A million joiners would be a 50 MB table: GitHub takes 1 MiB.
        let mut out = CappedMarkdown::new(out);
        out.text(&format!(
            "## orglint diff: {verdict}\n\n{} → {}\n\n",
            m(self.old_input),
            m(self.new_input)
        ))?;
        out.text("| Change | Count |\n|---|---:|\n")?;
        for (label, count) in [
            ("Joiners", d.joiners.len()),
            ("Leavers", d.leavers.len()),
            ("Moves", d.moves.len()),
            ("Title changes", d.title_changes.len()),
            ("Role changes", d.role_changes.len()),
            ("New findings", d.new_findings.len()),
            ("Resolved findings", d.resolved_findings.len()),
        ] {
            out.text(&format!("| {label} | {count} |\n"))?;
        }
        let mut section = |head: &str,
                           columns: &str,
                           rows: &mut dyn ExactSizeIterator<Item = String>|
         -> io::Result<()> {
            if rows.len() == 0 {
                return Ok(());
            }
            if out.is_full() {
                out.omit(rows.len());
                return Ok(());
            }
            let separator = vec!["---"; columns.matches('|').count() - 1].join("|");
            out.text(&format!("\n### {head}\n\n{columns}\n|{separator}|\n"))?;
            for row in rows {
                out.row(&row)?;
            }
            Ok(())
        };
        let position_row = |p: &Position| {
            format!(
                "| {} | {} |",
                m(&label(&p.who)),
                m(&or_none(&p.title, if p.vacant { "(vacant)" } else { "" }))
            )
        };
        let change_row = |c: &Change<Option<String>>, none: &str| {
            format!(
                "| {} | {} | {} |",
                m(&label(&c.who)),
                m(&or_none(&c.from, none)),
                m(&or_none(&c.to, none))
            )
        };
        let finding_row = |chart: &Chart, f: &Finding| {
            let at = place(chart, f)
                .map(|(p, l)| format!("{}\\:{l}", m(&p)))
                .unwrap_or_else(|| "—".to_owned());
            let severity = if f.is_waived() {
                format!("waived ({})", f.severity)
            } else {
                f.severity.to_string()
            };
            format!("| {severity} | `{}` | {at} | {} |", f.rule, m(&f.message))
        };
        section(
            "Joiners",
            "| Person | Title |",
            &mut d.joiners.iter().map(position_row),
        )?;
        section(
            "Leavers",
            "| Person | Title |",
            &mut d.leavers.iter().map(position_row),
        )?;
        section(
            "Moves",
            "| Person | Manager before | Manager after |",
            &mut d.moves.iter().map(|c| change_row(c, "(top)")),
        )?;
        section(
            "Title changes",
            "| Person | Before | After |",
            &mut d.title_changes.iter().map(|c| change_row(c, "(no title)")),
        )?;
        section(
            "Role changes",
            "| Person | Added | Removed |",
            &mut d.role_changes.iter().map(|r| {
                format!(
                    "| {} | {} | {} |",
                    m(&label(&r.who)),
                    m(&r.added.join(", ")),
                    m(&r.removed.join(", "))
                )
            }),
        )?;
        section(
            "New findings",
            "| Severity | Rule | Location | Message |",
            &mut d.new_findings.iter().map(|f| finding_row(self.new, f)),
        )?;
        section(
            "Resolved findings",
            "| Severity | Rule | Location | Message |",
            &mut d.resolved_findings.iter().map(|f| finding_row(self.old, f)),
        )?;
        out.finish("row(s)")?;
        out.text(&format!("\n{}\n", self.summary_line()))
    }

    /// The counts of every kind of change, and of new findings at or above `fail_on`.
    fn summary_line(&self) -> String {
        let (d, fail_on) = (self.diff, self.fail_on);
        format!(
            "{} joiner(s), {} leaver(s), {} move(s), {} title change(s), {} role change(s); \
             {} new finding(s) ({} at or above fail-on {}), {} resolved",
            d.joiners.len(),
            d.leavers.len(),
            d.moves.len(),
            d.title_changes.len(),
            d.role_changes.len(),
            d.new_findings.len(),
            d.failing(fail_on),
            fail_on.name(),
            d.resolved_findings.len()
        )
    }
}

/// `Name (id)`, or the id alone when there is no name (or under `--redact`).
fn label(who: &Who) -> String {
    crate::text::name_and_id(who.name.as_deref(), &who.id)
}

fn or_none(value: &Option<String>, none: &str) -> String {
    value.clone().unwrap_or_else(|| none.to_owned())
}

fn place(chart: &Chart, finding: &Finding) -> Option<(String, u32)> {
    finding
        .location
        .map(|loc| (chart.source_path(loc.file).to_owned(), loc.line))
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    tool: Tool,
    old: &'a str,
    new: &'a str,
    summary: JsonSummary,
    joiners: Vec<JsonPosition<'a>>,
    leavers: Vec<JsonPosition<'a>>,
    moves: Vec<JsonChange<'a>>,
    title_changes: Vec<JsonChange<'a>>,
    role_changes: Vec<JsonRoles<'a>>,
    new_findings: Vec<JsonFinding<'a>>,
    resolved_findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    old_people: usize,
    new_people: usize,
    joiners: usize,
    leavers: usize,
    moves: usize,
    title_changes: usize,
    role_changes: usize,
    new_findings: usize,
    resolved_findings: usize,
    fail_on: &'static str,
    failing: usize,
    failed: bool,
}

/// A person as every list of the diff names them: `id`, and `name` unless there is none
/// (or `--redact`).
#[derive(Serialize)]
struct JsonWho<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

impl<'a> JsonWho<'a> {
    fn of(who: &'a Who) -> JsonWho<'a> {
        JsonWho {
            id: &who.id,
            name: who.name.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonPosition<'a> {
    #[serde(flatten)]
    who: JsonWho<'a>,
    title: Option<&'a str>,
    vacant: bool,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(flatten)]
    who: JsonWho<'a>,
    from: Option<&'a str>,
    to: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRoles<'a> {
    #[serde(flatten)]
    who: JsonWho<'a>,
    added: &'a [String],
    removed: &'a [String],
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    subjects: &'a [String],
    location: Option<JsonLocation>,
    waived: bool,
    fingerprint: String,
}

#[derive(Serialize)]
struct JsonLocation {
    file: String,
    line: u32,
}

fn json_position(p: &Position) -> JsonPosition<'_> {
    JsonPosition {
        who: JsonWho::of(&p.who),
        title: p.title.as_deref(),
        vacant: p.vacant,
    }
}

fn json_change(c: &Change<Option<String>>) -> JsonChange<'_> {
    JsonChange {
        who: JsonWho::of(&c.who),
        from: c.from.as_deref(),
        to: c.to.as_deref(),
    }
}

fn json_finding<'a>(chart: &Chart, f: &'a Finding) -> JsonFinding<'a> {
    JsonFinding {
        rule: f.rule.name(),
        severity: f.severity.name(),
        message: &f.message,
        subjects: &f.subjects,
        location: place(chart, f).map(|(file, line)| JsonLocation { file, line }),
        waived: f.is_waived(),
        fingerprint: f.fingerprint(),
    }
}
