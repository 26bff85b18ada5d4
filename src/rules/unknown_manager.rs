use super::{Chosen, Context, SeverityChoice};
use crate::finding::{Finding, Severity};
use crate::graph::ManagerLink;
use crate::model::Loc;
use std::collections::HashMap;

declare_rule! {
    /// A person's `reports_to` names nobody in the chart.
    ///
    /// ## What it checks
    /// Each `reports_to` must name a person in one of the chart's files: by id, or by a name
    /// or email that matches exactly one person (`reference-by-name`). A name or email
    /// matching several people is reported here with the candidates; a value matching
    /// nobody gets a did-you-mean over ids and names. A person whose manager is unknown is
    /// not treated as a top of the chart. The finding points at the `reports_to` value (the
    /// manager cell in CSV). A manager who was left out (a disabled account, a guest, an
    /// eliminated post) is one finding for all their reports, which
    /// says why and counts them; its subjects are the reports.
    ///
    /// UK organogram junior rows are checked too: rows naming a senior post that is not in
    /// the chart are one error per named post (with the rows and their FTE, at the first
    /// such row; a post that was eliminated says so), and rows with a blank senior post are
    /// one **warning** per file with their count and FTE.
    ///
    /// ## Why
    /// A dangling manager cuts the person, and everyone below them, off from the chart: their
    /// depth, their executive and their department placement cannot be worked out. In HR
    /// exports it usually means a leaver's id was not updated, or a post was eliminated.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: pat, name: Pat Lee, reports_to: ghost}   # nobody has id `ghost`
    /// ```
    ///
    /// ## How to fix
    /// Point `reports_to` at the right manager, add the missing person, or leave it empty if
    /// the person is at the top. Waive with `rule: unknown-manager` and the person's id.
    pub const UNKNOWN_MANAGER = {
        severity_by: SeverityChoice::PerPlacement {
            wrong: Severity::Error,
            tolerated: Severity::Warning,
        },
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    // Reports of each manager who was left out, in the order first met: one finding each.
    let mut left_out: Vec<(&str, Vec<u32>)> = Vec::new();
    let mut left_out_index: HashMap<&str, usize> = HashMap::new();
    for (i, link) in ctx.graph.links.iter().enumerate() {
        if *link != ManagerLink::Unknown {
            continue;
        }
        let person = ctx.person(i as u32);
        let Some(manager) = &person.reports_to else {
            continue;
        };
        let outside = ctx.chart.outside_references.get(manager.id.as_str());
        let value = ctx.reference_text(&manager.id);
        let candidates = ctx.chart.candidates(manager);
        let message = if let Some(note) = outside.filter(|_| candidates.is_empty()) {
            format!("{} reports to {value}, {note}", ctx.label(i as u32))
        } else if !candidates.is_empty() {
            format!(
                "{} reports to {value}, which matches several people: {}",
                ctx.label(i as u32),
                ctx.candidate_labels(candidates)
            )
        } else if ctx.chart.left_out.contains_key(manager.id.as_str()) {
            let k = *left_out_index.entry(&manager.id).or_insert_with(|| {
                left_out.push((&manager.id, Vec::new()));
                left_out.len() - 1
            });
            left_out[k].1.push(i as u32);
            continue;
        } else {
            let hint = ctx
                .suggest_person(&manager.id)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            format!(
                "{} reports to {value}, who is not in the chart{hint}",
                ctx.label(i as u32)
            )
        };
        out.push(
            UNKNOWN_MANAGER
                .finding(message)
                .subject(&person.id)
                .at(ctx.reports_to_loc(i as u32)),
        );
    }
    for (manager, reports) in left_out {
        out.extend(left_out_manager(ctx, manager, &reports));
    }
    junior_rows(ctx, out);
}

/// The one finding for a manager who was left out (a disabled account, a guest, an
/// eliminated post): its reports are the subjects, and the message says why and how many.
fn left_out_manager(ctx: &Context, manager: &str, reports: &[u32]) -> Option<Finding> {
    let first = *reports.first()?;
    let value = ctx.reference_text(manager);
    let reason = ctx.chart.left_out.get(manager).map_or("", String::as_str);
    let message = match reports {
        [_] => format!(
            "{} reports to {value}, which was {reason}",
            ctx.label(first)
        ),
        _ => format!(
            "{} people report to {value}, which was {reason}: {}",
            reports.len(),
            ctx.labels(reports, 5)
        ),
    };
    let finding = UNKNOWN_MANAGER
        .finding(message)
        .subjects(reports.iter().map(|&i| ctx.person(i).id.as_str()))
        .at(ctx.reports_to_loc(first));
    Some(finding)
}

/// Organogram junior rows (SPEC §3): one error per senior post they name that is not in the
/// chart, with the rows and FTE, at the first such row; one warning per file for rows with a
/// blank senior post.
fn junior_rows(ctx: &Context, out: &mut Vec<Finding>) {
    #[derive(Default)]
    struct Group {
        rows: u64,
        fte: f64,
        at: Option<Loc>,
    }
    let mut named: Vec<(&str, Group)> = Vec::new();
    let mut named_index: HashMap<&str, usize> = HashMap::new();
    let mut blank: Vec<(u32, Group)> = Vec::new();
    for row in &ctx.chart.junior_staff {
        let group = match row.senior_post.as_deref() {
            Some(post) if ctx.graph.index_of(post).is_some() => continue,
            Some(post) => {
                let k = *named_index.entry(post).or_insert_with(|| {
                    named.push((post, Group::default()));
                    named.len() - 1
                });
                &mut named[k].1
            }
            None => {
                let k = match blank.iter().position(|(file, _)| *file == row.loc.file) {
                    Some(k) => k,
                    None => {
                        blank.push((row.loc.file, Group::default()));
                        blank.len() - 1
                    }
                };
                &mut blank[k].1
            }
        };
        group.rows += 1;
        group.fte += row.fte;
        group.at.get_or_insert(row.loc);
    }
    let rows = |n: u64| {
        if n == 1 {
            "1 junior row".to_owned()
        } else {
            format!("{n} junior rows")
        }
    };
    for (post, group) in named {
        let why = match ctx.chart.left_out.get(post) {
            Some(reason) => format!("which was {reason}"),
            None => "which is not in the chart".to_owned(),
        };
        let mut finding = UNKNOWN_MANAGER
            .finding(format!(
                "{} ({} FTE) report to senior post {:?}, {why}",
                rows(group.rows),
                fte(group.fte),
                crate::text::truncate(post, 80)
            ))
            .subject(post);
        if let Some(at) = group.at {
            finding = finding.at(at);
        }
        out.push(finding);
    }
    for (file, group) in blank {
        // A blank post may be a data-entry slip rather than a missing manager.
        let mut finding = UNKNOWN_MANAGER
            .finding_as(
                Chosen::Tolerated,
                format!(
                    "{} ({} FTE) name no senior post",
                    rows(group.rows),
                    fte(group.fte)
                ),
            )
            .subject(crate::finding::file_subject(ctx.chart.source_path(file)));
        if let Some(at) = group.at {
            finding = finding.at(at);
        }
        out.push(finding);
    }
}

/// An FTE total as people write it: `3`, `2.5`, `0.75`.
fn fte(total: f64) -> String {
    let rounded = (total * 100.0).round() / 100.0;
    format!("{rounded}")
}
