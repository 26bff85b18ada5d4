//! What orglint writes: every report format checked by its consumer, input errors as
//! diagnostics, escaping, redaction, baselines and `diff`, the JSON Schemas, how output files
//! are written, and reports at scale.

mod baseline_diff;
mod ci_reports;
mod diff_since;
mod input_errors;
mod output_escaping;
mod output_files;
mod output_safety;
mod redact;
mod scale;
mod schemas;
mod stats;
mod text_report;
