//! The opening the two directory exports (Microsoft Graph, SCIM) share: the JSON read into
//! user objects with their positions, and the file added to the chart. Which of them a file
//! is, is [`super::json_source`]'s to say.

use super::{Departments, Exclusions, FunctionTable};
use crate::decode::{check_json_syntax, parse_yaml};
use crate::error::InputError;
use crate::model::{Chart, SourceId};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// A directory export (Microsoft Graph, SCIM) being read into a chart: its name, the file as
/// a source of the chart, and the departments its values are interned into.
pub(super) struct DirectoryExport<'a> {
    pub display: &'a str,
    pub file: SourceId,
    pub functions: &'a FunctionTable,
    pub departments: Departments,
    /// The config's `exclude:` list.
    pub exclusions: &'a Exclusions,
}

/// The opening of a directory export's loader: the JSON syntax checked (the YAML parser,
/// kept for its positions, would also take trailing commas and comments), the user objects
/// read with their positions — a bare array of them, else what `enveloped` takes out of the
/// top-level object — and the file added to the chart.
pub(super) fn json_users<'a, T: for<'de> Deserialize<'de>>(
    chart: &mut Chart,
    display: &'a str,
    text: &str,
    functions: &'a FunctionTable,
    exclusions: &'a Exclusions,
    enveloped: impl FnOnce() -> Result<Vec<Spanned<T>>, InputError>,
) -> Result<(Vec<Spanned<T>>, DirectoryExport<'a>), InputError> {
    check_json_syntax(text, display)?;
    let users = if text.trim_start().starts_with('[') {
        parse_yaml(text, display)?
    } else {
        enveloped()?
    };
    let export = DirectoryExport {
        display,
        file: chart.add_source(display, super::kept_text(text)),
        functions,
        departments: Departments::new(chart),
        exclusions,
    };
    Ok((users, export))
}
