//! Commands that describe orglint itself: `rules`, `explain`, `schema`.

use super::{exit, CommandResult, Failure, GlobalArgs, Session};
use crate::escape::escape_control;
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
}

crate::choice::choice!(SchemaKind {
    Org => "org",
    Rulebook => "rulebook",
    Report => "report",
});

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
    let rb = &session.rulebook;
    // A user's rulebook is input: its text is shown with control characters escaped.
    let e = |text: &str| escape_control(text).into_owned();
    let list = |items: &[String], separator: &str| {
        items
            .iter()
            .map(|i| e(i))
            .collect::<Vec<_>>()
            .join(separator)
    };
    let mut options = crate::check::CheckOptions::new(rb.clone());
    options.severity = session.config.severity.clone();
    writeln!(out, "Rulebook: {}\n", e(&rb.origin))?;
    writeln!(out, "Roles:")?;
    for role in &rb.roles {
        let required = match role.required.0 {
            Some(severity) => format!("required ({severity})"),
            None => "optional".to_owned(),
        };
        let reports = if role.top {
            "top of the chart".to_owned()
        } else if role.reports_to.is_empty() {
            "reports to anyone".to_owned()
        } else {
            let mut text = format!("reports to {}", list(&role.reports_to, " or "));
            if !role.tolerated_reports_to.is_empty() {
                text.push_str(&format!(
                    " (tolerated: {})",
                    list(&role.tolerated_reports_to, ", ")
                ));
            }
            text
        };
        writeln!(
            out,
            "  {:<6} {} — {required}, {reports}, at most {} holder(s)",
            e(&role.id),
            e(role.name.as_deref().unwrap_or("")),
            role.max_holders
        )?;
        if !role.aliases.is_empty() {
            writeln!(out, "         aliases: {}", list(&role.aliases, ", "))?;
        }
        if !role.responsibilities.is_empty() {
            writeln!(
                out,
                "         accountable for: {}",
                list(&role.responsibilities, ", ")
            )?;
        }
        if !role.functions.is_empty() {
            writeln!(out, "         functions: {}", list(&role.functions, ", "))?;
        }
        let stand_ins = &role.stand_ins;
        if stand_ins.declared() {
            let mut ways = Vec::new();
            if !stand_ins.titles.is_empty() {
                ways.push(format!("titles {}", list(&stand_ins.titles, ", ")));
            }
            if !stand_ins.functions.is_empty() {
                ways.push(format!(
                    "the head of a {} department",
                    list(&stand_ins.functions, ", ")
                ));
            }
            if stand_ins.single_top {
                ways.push("the single top of the chart".to_owned());
            }
            writeln!(out, "         stand-ins: {}", ways.join("; else "))?;
        }
    }
    writeln!(out, "\nResponsibilities:")?;
    // Duty → the roles that own it, in rulebook order: one pass, not roles × duties.
    let mut owners: std::collections::HashMap<&str, Vec<String>> = Default::default();
    for role in &rb.roles {
        for duty in &role.responsibilities {
            owners.entry(duty.as_str()).or_default().push(e(&role.id));
        }
    }
    for duty in &rb.responsibilities {
        let owner = owners.remove(duty.id.as_str()).unwrap_or_default();
        let owner = match rb.collaboration(&duty.id) {
            Some(c) => format!("collaboration of {}", list(&c.roles, " + ")),
            None if owner.is_empty() => "no role".to_owned(),
            None => owner.join(", "),
        };
        writeln!(
            out,
            "  {:<26} {} — {owner}",
            e(&duty.id),
            e(duty.name.as_deref().unwrap_or(""))
        )?;
    }
    if !rb.collaborations.is_empty() {
        writeln!(out, "\nCollaborations:")?;
        for collaboration in &rb.collaborations {
            writeln!(
                out,
                "  {:<26} needs {}",
                e(&collaboration.responsibility),
                list(&collaboration.roles, " + ")
            )?;
        }
    }
    if !rb.conflicts.is_empty() {
        writeln!(out, "\nConflicts:")?;
        for conflict in &rb.conflicts {
            writeln!(
                out,
                "  {} ({}){}",
                list(&conflict.roles, " + "),
                conflict.severity,
                conflict
                    .reason
                    .as_deref()
                    .map(|r| format!(": {}", e(r)))
                    .unwrap_or_default()
            )?;
        }
    }
    writeln!(
        out,
        "\nLimits: span of control {}, chain depth {}",
        rb.limits.span_of_control, rb.limits.chain_depth
    )?;
    writeln!(out, "\nRules:")?;
    for rule in crate::rules::ALL {
        let level = match options.level_of(rule.name) {
            None => "off".to_owned(),
            Some(Some(severity)) => severity.to_string(),
            Some(None) => rule.severity.describe(),
        };
        writeln!(out, "  {:<28} {:<13} {}", rule.name, level, rule.summary())?;
    }
    out.flush()?;
    Ok(exit::OK)
}
