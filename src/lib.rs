//! orglint checks organization charts against executive responsibility and reporting-line
//! rules (by default the COO/CIO rules) and reports gaps, overlaps and structural defects.
//!
//! Library first: [`load`] reads charts into the [`model`], [`check`] runs the [`rules`] of a
//! [`rulebook`], [`report`] writes the findings. The `orglint` binary is a thin [`cli`].
//!
//! ```
//! let chart = orglint::load::load_files(&["examples/minimal.yaml".into()], &Default::default()).unwrap();
//! let options = orglint::check::CheckOptions::new(orglint::rulebook::Rulebook::builtin().unwrap());
//! let outcome = orglint::check::check(&chart, &options);
//! assert_eq!(outcome.summary.error, 0);
//! ```

pub mod baseline;
pub mod check;
pub mod choice;
pub mod cli;
pub mod config;
pub mod decode;
pub mod diagram;
pub mod diff;
pub mod error;
pub mod escape;
pub mod finding;
pub mod graph;
mod hash;
pub mod load;
pub mod model;
pub mod output;
pub mod reconcile;
pub mod record;
pub mod redact;
pub mod report;
pub mod rule_id;
pub mod rulebook;
pub mod rules;
pub mod stats;
pub mod text;
