//! The rules and the rulebook: each rule's fixtures, how rules share a chart, title matching,
//! limits, waivers, severities and selection, the library's `check`, and checks at scale.

mod check_library;
mod examples;
mod fixtures;
mod limits_and_waiver_dates;
mod rule_interplay;
mod rulebook_cli;
mod scale;
mod severity_and_selection;
mod stand_ins_and_accountability;
mod title_matching;
