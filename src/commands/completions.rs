//! `claimcheck completions SHELL` and `claimcheck man`: a shell's completion script and
//! the manual page, both generated from the same clap definitions as the command line.

use clap::CommandFactory as _;

use super::{CommandError, ExitStatus, Output};
use crate::cli::Cli;

pub fn completions(
    shell: clap_complete::Shell,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    // Into memory first: the generator panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "claimcheck", &mut script);
    output.out.write_all(&script)?;
    Ok(ExitStatus::Success)
}

pub fn man(output: &mut Output) -> Result<ExitStatus, CommandError> {
    clap_mangen::Man::new(Cli::command()).render(output.out)?;
    Ok(ExitStatus::Success)
}
