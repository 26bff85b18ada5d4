//! Reading charts: YAML, JSON, CSV/TSV, HR exports, organograms, directory sources, references
//! by name, fidelity, loader limits and hostile input.

mod accounts;
mod csv_input;
mod directory_sources;
mod exports_as_written;
mod hostile;
mod hr_data;
mod input_fidelity;
mod loader_limits;
mod reconcile_data;
mod references_by_name;
mod unread_columns;
