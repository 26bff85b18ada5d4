//! The listing of `orglint rules`: the active rulebook's roles, responsibilities,
//! collaborations, conflicts and limits, then every rule with the severity it runs at. A
//! user's rulebook is input: its text is shown with control characters escaped.

use crate::escape::escape_control;
use crate::rulebook::{RoleDef, Rulebook};
use crate::rules::{RuleLevel, RuleLevels};
use std::io::{self, Write};

/// The rulebook and rule levels of a run, ready to list.
pub struct RulesReport<'a> {
    pub rulebook: &'a Rulebook,
    /// The levels the rules run at, by the rulebook's and the config's `severity:`.
    pub levels: &'a RuleLevels,
}

impl RulesReport<'_> {
    /// The text listing, section by section.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let rb = self.rulebook;
        writeln!(out, "Rulebook: {}\n", e(&rb.origin))?;
        writeln!(out, "Roles:")?;
        for role in &rb.roles {
            write_role(out, role)?;
        }
        write_responsibilities(out, rb)?;
        write_collaborations_and_conflicts(out, rb)?;
        writeln!(
            out,
            "\nLimits: span of control {}, chain depth {}",
            rb.limits.span_of_control, rb.limits.chain_depth
        )?;
        self.write_rules(out)
    }

    /// Every rule with the level it runs at (`off` when switched off).
    fn write_rules(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "\nRules:")?;
        for rule in crate::rules::ALL {
            let level = match self.levels.of(rule.id) {
                RuleLevel::Off | RuleLevel::Dormant => "off".to_owned(),
                RuleLevel::Set(severity) => severity.to_string(),
                RuleLevel::Declared => rule.severity.describe(),
            };
            writeln!(out, "  {:<28} {:<13} {}", rule.name, level, rule.summary())?;
        }
        Ok(())
    }
}

/// Rulebook text with its control characters escaped.
fn e(text: &str) -> String {
    escape_control(text).into_owned()
}

/// Escaped items joined by `separator`.
fn list(items: &[String], separator: &str) -> String {
    items
        .iter()
        .map(|i| e(i))
        .collect::<Vec<_>>()
        .join(separator)
}

/// A role's line, then a line for each of its aliases, duties, functions and stand-ins.
fn write_role(out: &mut dyn Write, role: &RoleDef) -> io::Result<()> {
    let required = match role.required.0 {
        Some(severity) => format!("required ({severity})"),
        None => "optional".to_owned(),
    };
    writeln!(
        out,
        "  {:<6} {} — {required}, {}, at most {} holder(s)",
        e(&role.id),
        e(role.name.as_deref().unwrap_or("")),
        reports(role),
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
    if role.stand_ins.declared() {
        writeln!(out, "         stand-ins: {}", stand_ins(role))?;
    }
    Ok(())
}

/// Where a role reports: the top of the chart, anyone, or the roles named.
fn reports(role: &RoleDef) -> String {
    if role.top {
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
    }
}

/// Who stands in for a role, in the order they are tried.
fn stand_ins(role: &RoleDef) -> String {
    let stand_ins = &role.stand_ins;
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
    ways.join("; else ")
}

/// Each duty with the roles that own it, or its collaboration.
fn write_responsibilities(out: &mut dyn Write, rb: &Rulebook) -> io::Result<()> {
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
    Ok(())
}

/// The collaborations and the conflicts, each section only when there are any.
fn write_collaborations_and_conflicts(out: &mut dyn Write, rb: &Rulebook) -> io::Result<()> {
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
    Ok(())
}
