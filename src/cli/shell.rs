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
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    super::unless_pipe_closed(std::io::stdout().lock().write_all(&page))?;
    Ok(exit::OK)
}
