use super::Context;
use crate::finding::{Finding, Severity};
use crate::model::{Loc, Ref};
use std::collections::HashSet;

declare_rule! {
    /// A dotted line, department, department head or waiver subject names nothing.
    ///
    /// ## What it checks
    /// - every `dotted_lines` entry is the id of a person;
    /// - every person's `department` is the id of a declared department;
    /// - every department's `head` is a person, and its `parent` a department;
    /// - every waiver's `subject` is a person, department, role or responsibility id.
    ///
    /// The subject is whoever holds the broken reference: the person, the department, or the
    /// waiver (by its subject).
    ///
    /// ## Why
    /// A broken reference is silently ignored by everything else: a matrix line that is not
    /// drawn, a department with no members, a waiver that waives nothing.
    ///
    /// ## Example
    /// ```yaml
    /// - {id: lee, dotted_lines: [sam-o]}   # the COO's id is `sam`
    /// ```
    ///
    /// ## How to fix
    /// Correct the id, or declare the missing department. Waive with
    /// `rule: unknown-reference` and the referring id.
    pub const UNKNOWN_REFERENCE = {
        name: "unknown-reference",
        severity: Severity::Error,
        check: Some(check),
    };
}

fn finding(subject: &str, at: Loc, message: String) -> Finding {
    UNKNOWN_REFERENCE.finding(message).subject(subject).at(at)
}

/// The reference's own position when the loader knew it, else its owner's.
fn place(reference: &Ref, owner: Loc) -> Loc {
    if reference.loc.line > 0 {
        reference.loc
    } else {
        owner
    }
}

fn shown(id: &str) -> std::borrow::Cow<'_, str> {
    crate::text::truncate(id, 80)
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let departments: HashSet<&str> = ctx
        .chart
        .departments
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    for i in ctx.active_people() {
        let person = ctx.person(i);
        for dotted in &person.dotted_lines {
            if ctx.graph.index_of(&dotted.id).is_none() {
                out.push(finding(
                    &person.id,
                    place(dotted, person.loc),
                    format!(
                        "{} has a dotted line to {}, who is not in the chart",
                        ctx.label(i),
                        shown(&dotted.id)
                    ),
                ));
            }
        }
        if let Some(department) = &person.department {
            if !departments.contains(department.id.as_str()) {
                out.push(finding(
                    &person.id,
                    place(department, person.loc),
                    format!(
                        "{} is in department {}, which is not declared",
                        ctx.label(i),
                        shown(&department.id)
                    ),
                ));
            }
        }
    }
    for department in &ctx.chart.departments {
        if let Some(head) = &department.head {
            if ctx.graph.index_of(&head.id).is_none() {
                out.push(finding(
                    &department.id,
                    place(head, department.loc),
                    format!(
                        "department {} has head {}, who is not in the chart",
                        shown(&department.id),
                        shown(&head.id)
                    ),
                ));
            }
        }
        if let Some(parent) = &department.parent {
            if !departments.contains(parent.id.as_str()) {
                out.push(finding(
                    &department.id,
                    place(parent, department.loc),
                    format!(
                        "department {} has parent {}, which is not declared",
                        shown(&department.id),
                        shown(&parent.id)
                    ),
                ));
            }
        }
    }
    let rulebook = ctx.rulebook;
    for waiver in ctx.waivers {
        let subject = waiver.subject.as_str();
        let known = ctx.graph.index_of(subject).is_some()
            || departments.contains(subject)
            || rulebook.role(subject).is_some()
            || rulebook.responsibility(subject).is_some();
        if !known {
            out.push(finding(
                subject,
                waiver.loc,
                format!(
                    "waiver for {} names {}, which is no person, department, role or responsibility",
                    shown(&waiver.rule),
                    shown(subject)
                ),
            ));
        }
    }
}
