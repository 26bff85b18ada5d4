use super::Context;
use crate::finding::{Finding, Severity};
use crate::model::{Chart, Loc};
use crate::rule_id::RuleId;

declare_rule! {
    /// Nobody in the chart has a title or roles, so the role rules did not run.
    ///
    /// ## What it checks
    /// Roles are found from titles (through the rulebook's aliases) or from explicit `roles`.
    /// When no person of the whole chart has either, every role would look missing, and the
    /// single top of the chart would stand in for the CEO: findings about a chart orglint
    /// could not read. So the rules about roles and their duties (`stand-in-role`,
    /// `missing-role`, `vacant-role`, `duplicate-role`, `role-conflict`, `reporting-line`,
    /// `unowned-responsibility`, `misplaced-responsibility`, `incomplete-collaboration`,
    /// `misplaced-department`) do not run, and each file with people but no title gets one
    /// warning. Its subject is the file's base name with each run of digits read as `#`. The
    /// message names the file's columns that no field reads and whose values match a role
    /// alias or stand-in title (`CEO`, `Head of IT`, ...): most likely the titles, under a
    /// header orglint does not know.
    ///
    /// ## Why
    /// A CSV whose titles sit in a column called `Role` used to load without titles and
    /// report "no one holds CIO" and a CEO stand-in, and pass: a wrong pass.
    ///
    /// ## Example
    /// ```csv
    /// Staff Code,Name,Role,Boss
    /// 1,Dana Whitfield,Chief Executive Officer,
    /// 2,Lee Park,Chief Information Officer,1
    /// ```
    /// with `csv: {columns: {id: Staff Code, manager: Boss}}` in `orglint.yaml`.
    ///
    /// ## How to fix
    /// Map the column that holds the titles in `orglint.yaml`
    /// (`csv: {columns: {title: Role}}`), or rename its header to `Title` or `Job Title`.
    /// For a chart file, give people a `title` or `roles`. For a directory export, ask for the
    /// title too: LDIF `title` among the exported attributes, Graph `jobTitle` in `$select`. A chart that really has no titles
    /// (a structure-only check) can switch the rule off.
    pub const UNREAD_TITLES = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

/// The rules that read roles or the duties that follow from them: they do not run on a
/// chart without titles (their findings would be about nothing the chart says).
pub const NEED_TITLES: [RuleId; 10] = [
    RuleId::STAND_IN_ROLE,
    RuleId::MISSING_ROLE,
    RuleId::VACANT_ROLE,
    RuleId::DUPLICATE_ROLE,
    RuleId::ROLE_CONFLICT,
    RuleId::REPORTING_LINE,
    RuleId::UNOWNED_RESPONSIBILITY,
    RuleId::MISPLACED_RESPONSIBILITY,
    RuleId::INCOMPLETE_COLLABORATION,
    RuleId::MISPLACED_DEPARTMENT,
];

/// Whether someone in the chart has a title or an explicit `roles` list.
pub fn has_titles(chart: &Chart) -> bool {
    chart
        .people
        .iter()
        .any(|p| p.roles.is_some() || p.title.as_deref().is_some_and(|t| !t.trim().is_empty()))
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    if has_titles(ctx.chart) {
        return;
    }
    let mut with_people = vec![false; ctx.chart.sources.len()];
    for person in &ctx.chart.people {
        if let Some(seen) = with_people.get_mut(person.loc.file as usize) {
            *seen = true;
        }
    }
    for (file, source) in ctx.chart.sources.iter().enumerate() {
        if !with_people[file] {
            continue;
        }
        let holding: Vec<_> = source
            .ignored_columns
            .iter()
            .flatten()
            .filter(|c| c.holds_titles)
            .collect();
        let advice = match holding.as_slice() {
            [one] => format!(
                "column {:?}, which no field reads, holds role titles: map it with csv.columns.title in orglint.yaml (or name its header Title)",
                crate::text::truncate(&one.name, 60)
            ),
            [_, _, ..] => {
                let names: Vec<String> = holding
                    .iter()
                    .take(5)
                    .map(|c| format!("{:?}", crate::text::truncate(&c.name, 60)))
                    .collect();
                let more = match holding.len() - names.len() {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                format!(
                    "columns {}{more}, which no field reads, hold role titles: map the one with the titles with csv.columns.title in orglint.yaml",
                    names.join(", ")
                )
            }
            [] if source.ignored_columns.is_some() => {
                "add a title column (Title, Job Title) or map one with csv.columns.title in orglint.yaml".to_owned()
            }
            [] => no_title_advice(&source.path).to_owned(),
        };
        let at = holding.first().map_or(
            Loc {
                file: file as u32,
                line: 1,
                column: 1,
            },
            |c| c.loc,
        );
        out.push(
            UNREAD_TITLES
                .finding(format!(
                    "no one in this file has a title or roles, so the role rules did not run: {advice}"
                ))
                .subject(crate::finding::file_subject(&source.path))
                .at(at),
        );
    }
}

/// What to do about a file without titles or a column that holds them, by what it is: a
/// directory export lacks the attribute because it was not asked for.
fn no_title_advice(path: &str) -> &'static str {
    let extension = std::path::Path::new(path)
        .extension()
        .map(|e| e.to_ascii_lowercase());
    match extension.as_ref().and_then(|e| e.to_str()) {
        Some("ldif" | "ldf") => {
            "export the title attribute too (list it among ldapsearch's attributes, or ldifde -l)"
        }
        Some("json") => {
            "give people a title or roles (a Microsoft Graph export: add jobTitle to $select; SCIM: title)"
        }
        _ => "give people a title or roles",
    }
}
