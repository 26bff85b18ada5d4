//! Commands that describe orglint itself: `rules`, `explain`, `schema`.

use super::{exit, CommandResult, CommonArgs, Failure, Session};
use crate::report::RulesReport;
use crate::rulebook::DEFAULT_RULEBOOK;
use clap::Args;
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
    #[arg(value_parser = super::shell::RuleName, hide_possible_values = true)]
    pub rule: String,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which schema
    #[arg(value_parser = super::choice::<SchemaKind>())]
    pub which: SchemaKind,
}

#[derive(Clone, Copy, Debug)]
pub enum SchemaKind {
    Org,
    Rulebook,
    Report,
    Stats,
    Diff,
}

crate::choice::choice!(SchemaKind {
    Org => "org",
    Rulebook => "rulebook",
    Report => "report",
    Stats => "stats",
    Diff => "diff",
});

/// The JSON Schemas, as `schemas/` holds them: each a template whose rule-name lists are
/// filled in from the rule registry (`schemas/` is regenerated from this when a rule or a
/// template changes; a test keeps the two equal).
pub fn schema_text(kind: SchemaKind) -> String {
    let template = match kind {
        SchemaKind::Org => include_str!("schema/org.schema.json"),
        SchemaKind::Rulebook => include_str!("schema/rulebook.schema.json"),
        // These name no rule: their file is their template.
        SchemaKind::Report => include_str!("../../schemas/report.schema.json"),
        SchemaKind::Stats => include_str!("../../schemas/stats.schema.json"),
        SchemaKind::Diff => include_str!("../../schemas/diff.schema.json"),
    };
    fill_rule_names(template)
}

/// Where a template lists the rule names, as a JSON array on one line.
const RULE_NAMES: &str = r#"["@rule-names@"]"#;

/// `template` with each [`RULE_NAMES`] replaced by every rule name in registry order, one
/// a line, indented one step deeper than the line the list stands on.
fn fill_rule_names(template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 1024);
    for line in template.split_inclusive('\n') {
        let Some((before, after)) = line.split_once(RULE_NAMES) else {
            out.push_str(line);
            continue;
        };
        let indent = &before[..before.len() - before.trim_start().len()];
        let names: Vec<String> = crate::rules::ALL
            .iter()
            .map(|rule| format!("{indent}  {}", serde_json::Value::from(rule.name)))
            .collect();
        out.push_str(&format!(
            "{before}[\n{}\n{indent}]{after}",
            names.join(",\n")
        ));
    }
    out
}

pub fn schema(args: &SchemaArgs) -> CommandResult {
    std::io::stdout()
        .lock()
        .write_all(schema_text(args.which).as_bytes())?;
    Ok(exit::OK)
}

pub fn explain(args: &ExplainArgs) -> CommandResult {
    let rule = crate::rules::RuleId::parse(&args.rule)
        .map_err(Failure::Usage)?
        .def();
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

pub fn rules(global: &CommonArgs, args: &RulesArgs) -> CommandResult {
    // Buffered: a 100,000-role rulebook is half a million lines.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.dump {
        out.write_all(DEFAULT_RULEBOOK.as_bytes())?;
        return Ok(exit::OK);
    }
    let session = Session::new(global, &[])?;
    RulesReport {
        rulebook: &session.rulebook,
        levels: &session.rule_levels(),
    }
    .write_text(&mut out)?;
    out.flush()?;
    Ok(exit::OK)
}
