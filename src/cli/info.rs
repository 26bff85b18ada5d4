//! Commands that describe orglint itself: `rules`, `explain`, `schema`.

use super::{exit, CommandResult, Failure, GlobalArgs, Session};
use crate::report::RulesReport;
use crate::rulebook::DEFAULT_RULEBOOK;
use clap::{Args, ValueEnum};
use std::io::Write;

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Print the built-in rulebook YAML, ready to copy and edit
    #[arg(long)]
    pub dump: bool,
    #[command(flatten)]
    pub setup: super::SetupArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule name, e.g. reporting-cycle
    pub rule: String,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which schema
    #[arg(value_enum)]
    pub which: SchemaKind,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SchemaKind {
    Org,
    Rulebook,
    Report,
}

/// The JSON Schemas, exactly as in `schemas/`.
pub fn schema_text(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Org => include_str!("../../schemas/org.schema.json"),
        SchemaKind::Rulebook => include_str!("../../schemas/rulebook.schema.json"),
        SchemaKind::Report => include_str!("../../schemas/report.schema.json"),
    }
}

pub fn schema(args: &SchemaArgs) -> CommandResult {
    std::io::stdout()
        .lock()
        .write_all(schema_text(args.which).as_bytes())?;
    Ok(exit::OK)
}

pub fn explain(args: &ExplainArgs) -> CommandResult {
    let rule = crate::rules::find(&args.rule)
        .ok_or_else(|| Failure::Usage(crate::rules::unknown_rule_message(&args.rule)))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "# {} (default: {})\n",
        rule.name,
        rule.severity.describe()
    )?;
    writeln!(out, "{}", rule.explain())?;
    Ok(exit::OK)
}

pub fn rules(global: &GlobalArgs, args: &RulesArgs) -> CommandResult {
    // Buffered: a 100,000-role rulebook is half a million lines.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.dump {
        out.write_all(DEFAULT_RULEBOOK.as_bytes())?;
        return Ok(exit::OK);
    }
    let session = Session::new(global, &[])?;
    let mut options = crate::check::CheckOptions::new(session.rulebook);
    options.severity = session.config.severity;
    RulesReport { options: &options }.write_text(&mut out)?;
    out.flush()?;
    Ok(exit::OK)
}
