use super::Context;
use crate::finding::{Finding, Severity};

declare_rule! {
    /// A paged directory export was checked without all its pages (`--allow-partial`).
    ///
    /// ## What it checks
    /// Microsoft Graph and SCIM hand out a directory a page at a time. Without every page a
    /// run is an input error (exit 2); `--allow-partial` checks the pages given instead, and
    /// this rule says so in every report, once per export: its subject is the file that shows
    /// the gap (base name, digit runs read as `#`), at the key that shows it
    /// (`@odata.nextLink`, `@odata.count`, `totalResults`), and the message says what is
    /// missing.
    ///
    /// ## Why
    /// A check of part of a directory passes what it never saw. Said only on standard error,
    /// a CI job's reports would show a clean pass.
    ///
    /// ## Example
    /// `orglint check users-page-1.json --allow-partial`, where the page ends with
    /// `"@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=..."` and the
    /// next page is not given.
    ///
    /// ## How to fix
    /// Export every page (`Get-MgUser -All`, or follow `@odata.nextLink` until there is none;
    /// SCIM: request until `startIndex` passes `totalResults`) and give the pages together.
    pub const PARTIAL_EXPORT = {
        severity: Severity::Warning,
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (at, missing) in &ctx.chart.partial_exports {
        let path = ctx.chart.source_path(at.file);
        out.push(
            PARTIAL_EXPORT
                .finding(format!(
                    "a partial export was checked as given (--allow-partial): {missing}"
                ))
                .subject(crate::finding::file_subject(path))
                .at(*at),
        );
    }
}
