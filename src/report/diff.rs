//! The report of `orglint diff` (what changed between two versions of a chart, computed by
//! [`crate::diff`]) as text, JSON or Markdown. Names, titles and messages go through
//! `escape_control` in text and `escape_markdown` in Markdown; JSON is written by
//! [`super::write_json`].

use super::{CappedMarkdown, Tool};
use crate::choice::Choice;
use crate::diff::{Change, ChartDiff, Executive, Headcount, Position, Who};
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
///     config: None,
///     notes: &[],
/// };
/// let mut text = Vec::new();
/// report.write_text(&mut text, false).unwrap();
/// assert!(String::from_utf8(text).unwrap().starts_with("orglint diff acme.yaml → problems.yaml (no config)\n"));
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
    /// The config file both sides were judged by, if any: every report names it.
    pub config: Option<&'a str>,
    /// What the reader should know about the sides (`--since`: a file on one side only).
    pub notes: &'a [String],
}

/// One entry of a section: a sentence, and lines under it (a leaver's reports).
struct Item {
    line: String,
    under: Vec<String>,
    /// The id of the person (or post) it is about, for the change picture's panel.
    about: Option<String>,
}

impl Item {
    fn new(line: String) -> Item {
        Item {
            line,
            under: Vec::new(),
            about: None,
        }
    }

    fn about(self, id: &str) -> Item {
        Item {
            about: Some(id.to_owned()),
            ..self
        }
    }
}

/// A change of people or roles as the change picture's panel lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeEntry {
    /// The section it is in ("Joiners", "Moves", ...).
    pub kind: &'static str,
    /// What changed, in one line (control characters escaped).
    pub text: String,
    /// The id of the person (or post) it is about, in the new chart or among the leavers.
    pub about: Option<String>,
}

/// A kind of change with its entries, said the same way in text and Markdown.
struct Section {
    head: &'static str,
    /// Marks each entry in text: `+` joined, `-` left, `~` changed, ` ` none.
    mark: char,
    items: Vec<Item>,
}

/// Escapes names and titles for one format.
type Escape<'e> = &'e dyn Fn(&str) -> String;

impl DiffReport<'_> {
    /// The text report; with `quiet` (`-q`), the changes and findings only: no heading, no
    /// summary line.
    pub fn write_text(&self, out: &mut dyn Write, quiet: bool) -> io::Result<()> {
        let d = self.diff;
        let e = |s: &str| escape_control(s).into_owned();
        if !quiet {
            writeln!(
                out,
                "orglint diff {} → {} ({})",
                e(self.old_input),
                e(self.new_input),
                e(&crate::config::config_label(self.config))
            )?;
            for note in self.notes {
                writeln!(out, "note: {}", e(note))?;
            }
        }
        for section in self.sections(&e) {
            if section.items.is_empty() {
                continue;
            }
            writeln!(out, "\n{} ({}):", section.head, section.items.len())?;
            let mark = match section.mark {
                ' ' => String::new(),
                mark => format!("{mark} "),
            };
            for item in &section.items {
                writeln!(out, "  {mark}{}", item.line)?;
                for line in &item.under {
                    writeln!(out, "      {line}")?;
                }
            }
        }
        if quiet {
            return Ok(());
        }
        if d.is_empty() {
            writeln!(out, "\nNo changes.")?;
        }
        writeln!(out, "\n{}", self.summary_line())
    }

    /// Every section in the order reports list them: people, roles, shape, findings.
    fn sections(&self, e: Escape) -> Vec<Section> {
        let d = self.diff;
        let shown = |team: &Option<String>| self.detail || team.is_none();
        let section = |head, mark, items: Vec<Item>| Section { head, mark, items };
        vec![
            section(
                "Joiners",
                '+',
                d.joiners.iter().map(|j| joiner(j, e)).collect(),
            ),
            section(
                "Leavers",
                '-',
                d.leavers.iter().map(|l| leaver(l, e)).collect(),
            ),
            section(
                "New vacant posts",
                '+',
                d.new_vacancies.iter().map(|j| joiner(j, e)).collect(),
            ),
            section(
                "Vacant posts closed",
                '-',
                d.closed_vacancies.iter().map(|l| leaver(l, e)).collect(),
            ),
            section(
                "Team moves",
                '~',
                d.team_moves
                    .iter()
                    .filter(|t| shown(&t.team))
                    .map(|t| {
                        let who = format!("{} and their team of {}", e(&label(&t.who)), t.size);
                        let to = (&t.to, &t.manager_absent);
                        Item::new(moved(&who, &t.from, to, e)).about(&t.who.id)
                    })
                    .collect(),
            ),
            section(
                "Moves",
                '~',
                d.moves
                    .iter()
                    .filter(|c| shown(&c.team))
                    .map(|c| {
                        let to = (&c.to, &c.manager_absent);
                        Item::new(moved(&e(&label(&c.who)), &c.from, to, e)).about(&c.who.id)
                    })
                    .collect(),
            ),
            section(
                "Holder changes",
                '~',
                d.holder_changes
                    .iter()
                    .map(|h| {
                        let title = h
                            .title
                            .as_deref()
                            .map(|t| format!(" ({})", e(t)))
                            .unwrap_or_default();
                        let holder =
                            |x: &Option<String>| x.as_deref().map_or("vacant".to_owned(), e);
                        Item::new(format!(
                            "post {}{title}: {} → {}",
                            e(&h.post),
                            holder(&h.from),
                            holder(&h.to)
                        ))
                        .about(&h.post)
                    })
                    .collect(),
            ),
            section(
                "Title changes",
                '~',
                d.title_changes
                    .iter()
                    .filter(|c| shown(&c.team))
                    .map(|c| {
                        Item::new(format!(
                            "{}: {} → {}",
                            e(&label(&c.who)),
                            e(&or_none(&c.from, "(no title)")),
                            e(&or_none(&c.to, "(no title)"))
                        ))
                        .about(&c.who.id)
                    })
                    .collect(),
            ),
            section(
                "Role changes",
                '~',
                d.role_changes
                    .iter()
                    .map(|r| {
                        let item = Item::new(format!(
                            "{}: {} → {}",
                            e(&r.role),
                            holders(&r.from, e),
                            holders(&r.to, e)
                        ));
                        match r.to.first().or(r.from.first()) {
                            Some(holder) => item.about(&holder.who.id),
                            None => item,
                        }
                    })
                    .collect(),
            ),
            section(
                "Reporting lines",
                '~',
                d.line_changes
                    .iter()
                    .map(|l| Item::new(line_change(&l.role, &l.from, &l.to, e)))
                    .collect(),
            ),
            section("Shape", ' ', self.shape_items(e)),
            section(
                "New findings",
                ' ',
                d.new_findings
                    .iter()
                    .map(|f| Item::new(finding(self.new, f, e)))
                    .collect(),
            ),
            section(
                "Resolved findings",
                ' ',
                d.resolved_findings
                    .iter()
                    .map(|f| Item::new(finding(self.old, f, e)))
                    .collect(),
            ),
        ]
    }

    /// The changes of people and roles (what the change picture draws), one entry each, in
    /// the order reports list them; a leaver's entry says where their reports went.
    pub fn change_entries(&self) -> Vec<ChangeEntry> {
        let e = |s: &str| escape_control(s).into_owned();
        let drawn = [
            "Joiners",
            "Leavers",
            "Team moves",
            "Moves",
            "Holder changes",
            "Title changes",
            "Role changes",
            "Reporting lines",
        ];
        let mut entries = Vec::new();
        for section in self.sections(&e) {
            if !drawn.contains(&section.head) {
                continue;
            }
            for item in section.items {
                let mut text = item.line;
                if !item.under.is_empty() {
                    text = format!("{text}: {}", item.under.join("; "));
                }
                entries.push(ChangeEntry {
                    kind: section.head,
                    text,
                    about: item.about,
                });
            }
        }
        entries
    }

    /// Layers, span crossings, new and emptied managers, executives whose org changed.
    fn shape_items(&self, e: Escape) -> Vec<Item> {
        let shape = &self.diff.shape;
        let mut items = Vec::new();
        if shape.layers.0 != shape.layers.1 {
            items.push(Item::new(format!(
                "layers overall: {} → {}",
                shape.layers.0, shape.layers.1
            )));
        }
        for c in &shape.span_crossings {
            let way = if c.to > c.from { "over" } else { "back within" };
            items.push(Item::new(format!(
                "span {way} {}: {} has {} direct reports (was {})",
                shape.span_limit,
                e(&label(&c.who)),
                c.to,
                c.from
            )));
        }
        for who in &shape.new_managers {
            items.push(Item::new(format!("new manager: {}", e(&label(who)))));
        }
        for who in &shape.emptied_managers {
            items.push(Item::new(format!(
                "left with no reports: {}",
                e(&label(who))
            )));
        }
        for x in shape.executives.iter().filter(|x| x.before != x.after) {
            items.push(Item::new(executive(x, e)));
        }
        items
    }

    /// The JSON document: `tool`, the two inputs, a `summary` of counts and every change
    /// (changes inside teams that moved only with `--detail`).
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let (d, fail_on) = (self.diff, self.fail_on);
        let shown = |team: &Option<String>| self.detail || team.is_none();
        let team_moves: Vec<_> = d.team_moves.iter().filter(|t| shown(&t.team)).collect();
        let moves: Vec<_> = d.moves.iter().filter(|c| shown(&c.team)).collect();
        let title_changes: Vec<_> = d.title_changes.iter().filter(|c| shown(&c.team)).collect();
        let report = JsonDiff {
            tool: Tool::ORGLINT,
            old: self.old_input,
            new: self.new_input,
            config: self.config,
            notes: self.notes,
            summary: JsonSummary {
                old_people: d.old_people,
                new_people: d.new_people,
                joiners: d.joiners.len(),
                leavers: d.leavers.len(),
                new_vacancies: d.new_vacancies.len(),
                closed_vacancies: d.closed_vacancies.len(),
                team_moves: team_moves.len(),
                moves: moves.len(),
                holder_changes: d.holder_changes.len(),
                title_changes: title_changes.len(),
                role_changes: d.role_changes.len(),
                line_changes: d.line_changes.len(),
                new_findings: d.new_findings.len(),
                resolved_findings: d.resolved_findings.len(),
                fail_on: fail_on.name(),
                failing: d.failing(fail_on),
                failed: d.failing(fail_on) > 0,
            },
            joiners: &d.joiners,
            leavers: &d.leavers,
            new_vacancies: &d.new_vacancies,
            closed_vacancies: &d.closed_vacancies,
            team_moves,
            moves,
            holder_changes: &d.holder_changes,
            title_changes,
            role_changes: &d.role_changes,
            line_changes: &d.line_changes,
            shape: &d.shape,
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

    /// The Markdown report (a pull-request comment, `$GITHUB_STEP_SUMMARY`): the verdict and
    /// headline numbers first, then each kind of change in a `<details>` block, kept under
    /// [`MARKDOWN_LIMIT`] bytes (entries past it are counted, not written).
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let (d, fail_on) = (self.diff, self.fail_on);
        let m = |s: &str| escape_markdown(s);
        let verdict = if d.failing(fail_on) > 0 {
            "❌ new findings"
        } else {
            "✅ no new findings"
        };
        let mut out = CappedMarkdown::with_limit(
            out,
            MARKDOWN_LIMIT,
            2048,
            "a pull-request comment is limited to 65,536 characters",
        );
        out.text(&format!(
            "## orglint diff: {verdict}\n\n{} → {} ({})\n\n",
            m(self.old_input),
            m(self.new_input),
            m(&crate::config::config_label(self.config))
        ))?;
        for note in self.notes {
            out.text(&format!("> note: {}\n\n", m(note)))?;
        }
        out.text(&format!(
            "| | Count |\n|---|---:|\n| Positions | {} → {} |\n",
            d.old_people, d.new_people
        ))?;
        let sections = self.sections(&m);
        for section in &sections {
            out.text(&format!("| {} | {} |\n", section.head, section.items.len()))?;
        }
        for section in &sections {
            let rows =
                section.items.len() + section.items.iter().map(|i| i.under.len()).sum::<usize>();
            if rows == 0 {
                continue;
            }
            if out.is_full() {
                out.omit(rows);
                continue;
            }
            out.text(&format!(
                "\n<details><summary>{} ({})</summary>\n\n",
                section.head,
                section.items.len()
            ))?;
            for item in &section.items {
                out.row(&format!("- {}", item.line))?;
                for line in &item.under {
                    out.row(&format!("  - {line}"))?;
                }
            }
            out.text("\n</details>\n")?;
        }
        out.finish("line(s)")?;
        out.text(&format!("\n{}\n", self.summary_line()))
    }

    /// The counts of every kind of change, and of new findings at or above `fail_on`.
    fn summary_line(&self) -> String {
        let (d, fail_on) = (self.diff, self.fail_on);
        format!(
            "{} joiner(s), {} leaver(s), {} team move(s), {} move(s), {} title change(s), \
             {} role change(s); {} new finding(s) ({} at or above fail-on {}), {} resolved",
            d.joiners.len(),
            d.leavers.len(),
            d.team_moves
                .iter()
                .filter(|t| self.detail || t.team.is_none())
                .count(),
            d.moves
                .iter()
                .filter(|c| self.detail || c.team.is_none())
                .count(),
            d.title_changes
                .iter()
                .filter(|c| self.detail || c.team.is_none())
                .count(),
            d.role_changes.len(),
            d.new_findings.len(),
            d.failing(fail_on),
            fail_on.name(),
            d.resolved_findings.len()
        )
    }
}

/// Markdown diffs stay under this many bytes (so under as many characters): a GitHub
/// pull-request comment takes 65,536 characters.
pub const MARKDOWN_LIMIT: usize = 60_000;

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

/// `under Name (id)`, or `at the top`.
fn or_top(manager: &Option<Who>, e: Escape, top: &str, word: &str) -> String {
    match manager {
        Some(who) => format!("{word} {}", e(&label(who))),
        None => top.to_owned(),
    }
}

/// `Who moved from A to B` (or from or to the top), and why B is nobody in the new chart
/// when they are not (as [`under`] says it).
fn moved(
    who: &str,
    from: &Option<Who>,
    (to, absent): (&Option<Who>, &Option<String>),
    e: Escape,
) -> String {
    format!(
        "{who} moved {} {}",
        or_top(from, e, "from the top", "from"),
        absent_said(or_top(to, e, "to the top", "to"), absent, e)
    )
}

/// `Name (id), Title under Manager (id)`.
fn joiner(j: &crate::diff::Joiner, e: Escape) -> Item {
    let title = j.position.title.as_deref().map(|t| format!(", {}", e(t)));
    Item::new(format!(
        "{}{} {}",
        e(&label(&j.position.who)),
        title.unwrap_or_default(),
        under(&j.manager, &j.manager_absent, e)
    ))
    .about(&j.position.who.id)
}

/// `under Name (id)`, `at the top`, or the truth about a manager who is nobody in the new
/// chart: `under x (id), who is not in the chart`, `under x (id), which was a disabled
/// account: no manager in the chart`.
fn under(manager: &Option<Who>, absent: &Option<String>, e: Escape) -> String {
    absent_said(or_top(manager, e, "at the top", "under"), absent, e)
}

/// `placed` (`under x (id)`, `to x (id)`), and why that manager is nobody in the new chart.
fn absent_said(placed: String, absent: &Option<String>, e: Escape) -> String {
    match absent.as_deref() {
        None => placed,
        Some(crate::diff::Absent::NOT_IN_CHART) => format!("{placed}, who is not in the chart"),
        Some(why) => format!("{placed}, which was {}: no manager in the chart", e(why)),
    }
}

fn leaver(l: &crate::diff::Leaver, e: Escape) -> Item {
    let title = l.position.title.as_deref().map(|t| format!(", {}", e(t)));
    let reports = l
        .reports
        .iter()
        .map(|r| {
            let team = match r.team {
                0 => String::new(),
                n => format!(" with their team of {n}"),
            };
            match r.left {
                true => format!("{} left too", e(&label(&r.who))),
                false => format!(
                    "{}{team} now {}",
                    e(&label(&r.who)),
                    under(&r.manager, &r.manager_absent, e)
                ),
            }
        })
        .collect();
    Item {
        line: format!(
            "{}{}",
            e(&label(&l.position.who)),
            title.unwrap_or_default()
        ),
        under: reports,
        about: Some(l.position.who.id.to_string()),
    }
}

/// A role's holders: their names, `vacant` for a vacant post, `nobody` for none.
fn holders(list: &[Position], e: Escape) -> String {
    if list.is_empty() {
        return "nobody".to_owned();
    }
    let names: Vec<String> = list
        .iter()
        .map(|p| match p.vacant {
            true => "vacant".to_owned(),
            false => e(&label(&p.who)),
        })
        .collect();
    names.join(", ")
}

/// `CIO now reports to the CFO (was the CEO)`.
fn line_change(role: &str, from: &[String], to: &[String], e: Escape) -> String {
    let the = |roles: &[String]| {
        let names: Vec<String> = roles.iter().map(|r| format!("the {}", e(r))).collect();
        names.join(" and ")
    };
    match (from.is_empty(), to.is_empty()) {
        (_, true) => format!("{} no longer reports to {}", e(role), the(from)),
        (true, false) => format!("{} now reports to {}", e(role), the(to)),
        (false, false) => format!("{} now reports to {} (was {})", e(role), the(to), the(from)),
    }
}

/// `COO Sam Ortiz (sam): 21 → 25 below (filled 20 → 24), layers 3 → 4`.
fn executive(x: &Executive, e: Escape) -> String {
    let count = |h: Option<Headcount>, f: fn(Headcount) -> String| h.map_or("—".to_owned(), f);
    format!(
        "{} {}: {} → {} below (filled {} → {}), layers below {} → {}",
        e(&x.role),
        e(&label(&x.who)),
        count(x.before, |h| h.below.to_string()),
        count(x.after, |h| h.below.to_string()),
        count(x.before, |h| h.filled.to_string()),
        count(x.after, |h| h.filled.to_string()),
        count(x.before, |h| h.layers.to_string()),
        count(x.after, |h| h.layers.to_string()),
    )
}

fn finding(chart: &Chart, f: &Finding, e: Escape) -> String {
    let at = place(chart, f)
        .map(|(p, l)| format!("{}:{l}: ", e(&p)))
        .unwrap_or_default();
    let waived = if f.is_waived() { " (waived)" } else { "" };
    format!("{at}{}[{}]{waived}: {}", f.severity, f.rule, e(&f.message))
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    tool: Tool,
    old: &'a str,
    new: &'a str,
    /// The config file in use, `null` for none.
    config: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    summary: JsonSummary,
    joiners: &'a [crate::diff::Joiner],
    leavers: &'a [crate::diff::Leaver],
    new_vacancies: &'a [crate::diff::Joiner],
    closed_vacancies: &'a [crate::diff::Leaver],
    team_moves: Vec<&'a crate::diff::TeamMove>,
    moves: Vec<&'a crate::diff::Move>,
    holder_changes: &'a [crate::diff::HolderChange],
    title_changes: Vec<&'a Change<Option<String>>>,
    role_changes: &'a [crate::diff::RoleChange],
    line_changes: &'a [crate::diff::LineChange],
    shape: &'a crate::diff::Shape,
    new_findings: Vec<JsonFinding<'a>>,
    resolved_findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    old_people: usize,
    new_people: usize,
    joiners: usize,
    leavers: usize,
    new_vacancies: usize,
    closed_vacancies: usize,
    team_moves: usize,
    moves: usize,
    holder_changes: usize,
    title_changes: usize,
    role_changes: usize,
    line_changes: usize,
    new_findings: usize,
    resolved_findings: usize,
    fail_on: &'static str,
    failing: usize,
    failed: bool,
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
