//! `orglint completions SHELL` and `orglint manpage`: what a shell or `man` needs, generated
//! from the same argument definitions the parser uses, so they cannot drift apart.

use super::{exit, Cli, CommandResult};
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn completions(args: &CompletionsArgs) -> CommandResult {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "orglint", &mut script);
    super::unless_pipe_closed(std::io::stdout().lock().write_all(&script))?;
    Ok(exit::OK)
}

pub fn manpage() -> CommandResult {
    let page = man_page()?;
    super::unless_pipe_closed(std::io::stdout().lock().write_all(&page))?;
    Ok(exit::OK)
}

/// One page for the whole tool: clap_mangen's page of `orglint` refers to `orglint-check(1)`
/// and the like, which nothing installs, so each command gets a section of this page instead,
/// with its synopsis, description and every flag.
fn man_page() -> std::io::Result<Vec<u8>> {
    let cli = Cli::command();
    let man = clap_mangen::Man::new(cli.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        writeln!(
            page,
            ".SH \"ORGLINT {}\"",
            command.get_name().to_uppercase()
        )?;
        page.extend(command_section(command)?);
    }
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// A command's synopsis, description and options, as subsections.
fn command_section(command: &clap::Command) -> std::io::Result<Vec<u8>> {
    let full_name = format!("orglint {}", command.get_name());
    let named = command
        .clone()
        .display_name(full_name.clone())
        .bin_name(full_name);
    let man = clap_mangen::Man::new(named);
    let mut section = Vec::new();
    man.render_synopsis_section(&mut section)?;
    man.render_description_section(&mut section)?;
    man.render_options_section(&mut section)?;
    // Each part is a subsection of the command's section.
    let text = String::from_utf8_lossy(&section).replace("\n.SH ", "\n.SS ");
    let text = text
        .strip_prefix(".SH ")
        .map_or(text.clone(), |rest| format!(".SS {rest}"));
    Ok(text.into_bytes())
}

/// A rule name on the command line: taken as written (an unknown name is refused later, with
/// a did-you-mean), while shell completion offers every rule's name.
#[derive(Clone, Copy, Debug)]
pub struct RuleName;

impl clap::builder::TypedValueParser for RuleName {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let rules = crate::rules::ALL.iter();
        Some(Box::new(rules.map(|rule| {
            clap::builder::PossibleValue::new(rule.name).help(rule.summary())
        })))
    }
}
