//! `orglint init`: writes a commented `orglint.yaml` (and, with `--rulebook`, a copy of the
//! built-in rulebook that the config then uses) in the current directory.

use super::{exit, CommandResult, Failure};
use crate::rulebook::DEFAULT_RULEBOOK;
use clap::Args;
use std::path::Path;

/// The config `init` writes: the documented sample, so the two cannot drift apart.
pub const CONFIG_TEMPLATE: &str = include_str!("../../examples/orglint.yaml");

/// The commented-out `rules:` line of the template, switched on by `--rulebook`.
const RULES_PLACEHOLDER: &str = "# rules: ./our-rulebook.yaml\n";

pub const CONFIG_FILE: &str = "orglint.yaml";
pub const RULEBOOK_FILE: &str = "rulebook.yaml";

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Also write rulebook.yaml (the built-in rulebook, to edit) and point the config at it
    #[arg(long)]
    pub rulebook: bool,
    /// Overwrite existing files
    #[arg(long)]
    pub force: bool,
    /// Do not say which files were written
    #[arg(short, long)]
    pub quiet: bool,
}

/// The config text to write.
pub fn config_text(with_rulebook: bool) -> String {
    if with_rulebook {
        CONFIG_TEMPLATE.replacen(RULES_PLACEHOLDER, &format!("rules: ./{RULEBOOK_FILE}\n"), 1)
    } else {
        CONFIG_TEMPLATE.to_owned()
    }
}

pub fn run(args: &InitArgs) -> CommandResult {
    let mut files = vec![(CONFIG_FILE, config_text(args.rulebook))];
    if args.rulebook {
        files.push((RULEBOOK_FILE, DEFAULT_RULEBOOK.to_owned()));
    }
    // Check every target first, so a refusal leaves nothing written half-way.
    if !args.force {
        // A symlink counts even when it leads nowhere: writing would follow it.
        let taken = |name: &str| std::fs::symlink_metadata(name).is_ok();
        if let Some((existing, _)) = files.iter().find(|(name, _)| taken(name)) {
            return Err(Failure::Usage(format!(
                "{existing} already exists; pass --force to overwrite it"
            )));
        }
    }
    let targets: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|(name, text)| (Path::new(name), text.as_bytes()))
        .collect();
    // Both or neither: a config pointing at a rulebook that was never written is broken.
    crate::output::Outputs::write_all(&targets)?;
    if !args.quiet {
        for (name, _) in &files {
            eprintln!("orglint: wrote {name}");
        }
    }
    Ok(exit::OK)
}
