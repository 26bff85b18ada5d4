use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// References given as a name or email were matched to ids.
    ///
    /// ## What it checks
    /// HR exports often name the manager instead of giving an id (BambooHR's `Reports To`,
    /// Google Workspace's `Manager Email`). A `reports_to`, dotted-line or department-head
    /// value that is no id is matched against people's emails (case-insensitive), then their
    /// names (case-insensitive, runs of white space collapsed; `Last, First` and
    /// `First Last` match each other). A value equal to an id is always that id. One match
    /// resolves the reference; each file with such matches gets one finding that counts them
    /// and names a few. Its subject is the file's base name with each run of digits read as
    /// `#` (`org-2026-11-01.csv` → `org-#-#-#.csv`), so the finding (and its fingerprint)
    /// changes neither with every hire nor with next month's dated export. A value matching several people is
    /// `unknown-manager` (for `reports_to`) or `unknown-reference` instead.
    ///
    /// ## Why
    /// A name is a weaker key than an id: two people can share it and a marriage changes it.
    /// Saying that names were used, once per file, lets you decide whether that is fine.
    ///
    /// ## Example
    /// ```csv
    /// Employee ID,Name,Job Title,Reports To
    /// 1,Dana Whitfield,CEO,
    /// 2,Sam Ortiz,COO,Dana Whitfield
    /// ```
    ///
    /// ## How to fix
    /// Nothing, if names are what your HR system exports. To use ids, export the manager's
    /// employee id (`Supervisor EID`, `Manager ID`). Waive with `rule: reference-by-name` and
    /// the file as `subject`, or switch the rule off.
    pub const REFERENCE_BY_NAME = {
        severity: Severity::Info,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for found in &ctx.chart.name_references {
        let path = ctx.chart.source_path(found.file);
        let samples: Vec<String> = found
            .samples
            .iter()
            .map(|m| {
                let holder = crate::text::truncate(&m.holder, 80);
                let id = crate::text::truncate(&m.id, 80);
                if ctx.redact {
                    format!("the {} of {holder} is {id}", m.field)
                } else {
                    format!(
                        "{:?} → {id} ({} of {holder})",
                        crate::text::truncate(&m.value, 80),
                        m.field
                    )
                }
            })
            .collect();
        let more = if found.count > samples.len() as u64 {
            ", …"
        } else {
            ""
        };
        let plural = if found.count == 1 { "" } else { "s" };
        let at = found
            .samples
            .first()
            .map(|m| m.loc)
            .unwrap_or(crate::model::Loc {
                file: found.file,
                line: 1,
                column: 1,
            });
        out.push(
            REFERENCE_BY_NAME.finding(format!(
                    "{} reference{plural} given as a name or email matched one person each: {}{more}",
                    found.count,
                    samples.join("; ")
                ),
            )
            .subject(crate::finding::file_subject(path))
            .at(at),
        );
    }
}
