use super::Context;
use crate::finding::{Finding, Severity};
use crate::hash::{FastSet, LastLookup};
use crate::model::{Loc, Ref};

declare_rule! {
    /// A dotted line, department, department head or waiver subject names nothing.
    ///
    /// ## What it checks
    /// - every `dotted_lines` entry names a person: by id, or by a name or email matching
    ///   exactly one person (`reference-by-name`);
    /// - every person's `department` is the id of a declared department;
    /// - every department's `head` names a person (by id, name or email), and its `parent`
    ///   is a department;
    /// - every waiver's `subject` is a person, department, role or responsibility id.
    ///
    /// A name or email matching several people is reported with the candidates; a value
    /// naming nothing gets a did-you-mean over ids and names. The subject is whoever holds
    /// the broken reference: the person, the department, or the waiver (by its subject); the
    /// finding points at the offending entry.
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

/// What is wrong with a person reference that resolved to nobody: several people share the
/// name or email, or nobody has it (with a did-you-mean over ids and names).
fn person_problem(ctx: &Context, reference: &Ref) -> String {
    let value = ctx.reference_text(&reference.id);
    let candidates = ctx.chart.candidates(reference);
    if candidates.is_empty() {
        let suggestion = ctx
            .suggest_person(&reference.id)
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        format!("{value}, who is not in the chart{suggestion}")
    } else {
        format!(
            "{value}, which matches several people: {}",
            ctx.candidate_labels(candidates)
        )
    }
}

/// ` (did you mean X?)`, or nothing.
fn hint(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean {}?)", shown(s)))
        .unwrap_or_default()
}

fn shown(id: &str) -> std::borrow::Cow<'_, str> {
    crate::text::truncate(id, 80)
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    let departments: FastSet<&str> = ctx
        .chart
        .departments
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    // Departments are suggested by id and by name.
    let department_names: Vec<&str> = ctx
        .chart
        .departments
        .iter()
        .flat_map(|d| std::iter::once(d.id.as_str()).chain(d.name.as_deref()))
        .collect();
    let mut declared = LastLookup::new();
    for i in ctx.active_people() {
        let person = ctx.person(i);
        for dotted in &person.dotted_lines {
            if ctx.graph.index_of(&dotted.id).is_none() {
                out.push(finding(
                    &person.id,
                    place(dotted, person.loc),
                    format!(
                        "{} has a dotted line to {}",
                        ctx.label(i),
                        person_problem(ctx, dotted)
                    ),
                ));
            }
        }
        if let Some(department) = &person.department {
            if !declared.get(department.id.as_str(), |id| departments.contains(id)) {
                out.push(finding(
                    &person.id,
                    place(department, person.loc),
                    format!(
                        "{} is in department {}, which is not declared{}",
                        ctx.label(i),
                        shown(&department.id),
                        hint(ctx.suggest_among(&department.id, department_names.iter().copied()))
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
                        "department {} has head {}",
                        shown(&department.id),
                        person_problem(ctx, head)
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
                    "waiver for {} names {}, which is no person, department, role or responsibility{}",
                    shown(&waiver.rule),
                    shown(subject),
                    hint(ctx.suggest_among(
                        subject,
                        ctx.graph
                            .by_id
                            .keys()
                            .chain(departments.iter().copied())
                            .chain(rulebook.roles.iter().map(|r| r.id.as_str()))
                            .chain(rulebook.responsibilities.iter().map(|r| r.id.as_str()))
                    ))
                ),
            ));
        }
    }
}
