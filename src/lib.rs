//! claimcheck, the command line: claims in YAML cite quotes pinned to exact byte spans
//! of source documents by SHA-256; claimcheck proves each pin still holds.
//!
//! This crate is a front end over [`claimcheck_engine`] (load, anchor, verify, analyze,
//! edit): [`cli`] parses arguments, [`commands`] call the engine for each subcommand,
//! and [`report`] renders what it returns, one module per output format.

pub mod cli;
pub mod commands;
pub mod lsp;
pub mod report;
pub mod schema;

use std::io::IsTerminal;

use cli::{Cli, ColorChoice, Command};
use commands::{CommandError, ExitStatus, Output};

/// Whether `command` writes GitHub workflow commands on purpose (`--format github`).
fn writes_workflow_commands(command: &Command) -> bool {
    use report::Format;
    match command {
        Command::Check(args) => args.report.format == Format::Github,
        Command::Merge(args) => args.report.format == Format::Github,
        Command::Conflicts(args) => args.format == Format::Github,
        Command::Diff(args) => args.format == report::diff::DiffFormat::Github,
        _ => false,
    }
}

/// Runs the command line `cli`, writing its report to `out` and notes to `err`, and
/// the progress of long phases to `progress`.
pub fn run(
    cli: &Cli,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
    progress: &dyn claimcheck_engine::progress::Progress,
) -> Result<ExitStatus, CommandError> {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    // No line of any output but workflow commands themselves may start like one.
    let mut guarded_out = report::log_guard::LogGuard::new(out);
    let mut guarded_err = report::log_guard::LogGuard::new(err);
    let out: &mut dyn std::io::Write = if writes_workflow_commands(&cli.command) {
        guarded_out.inner_mut()
    } else {
        &mut guarded_out
    };
    let mut output = Output {
        out,
        err: &mut guarded_err,
        color,
        progress,
    };
    // Commands that work outside a project.
    match &cli.command {
        Command::Init => {
            let dir = match &cli.root {
                Some(root) => root.clone(),
                None => std::env::current_dir()?,
            };
            return commands::init::run(&dir, &mut output);
        }
        Command::Schema(args) => return commands::schema::run(args, &mut output),
        Command::Completions { shell } => {
            return commands::completions::completions(*shell, &mut output);
        }
        Command::Man => return commands::completions::man(&mut output),
        Command::Lsp => unreachable!("the binary serves the protocol itself"),
        _ => {}
    }
    let root = commands::resolve_root(cli.root.as_deref())?;
    match &cli.command {
        Command::Check(args) if args.watch => commands::watch::run(&root, args, &mut output),
        Command::Check(args) => commands::check::run(&root, args, &mut output),
        Command::Merge(args) => commands::merge::run(&root, args, &mut output),
        Command::Add(args) => commands::add::run(&root, args, &mut output),
        Command::Pin(args) => commands::pin::run(&root, args, &mut output),
        Command::Fix(args) => commands::fix::run(&root, args, &mut output),
        Command::Coverage(args) => commands::coverage::run(&root, args, &mut output),
        Command::Appendix(args) => commands::appendix::run(&root, args, &mut output),
        Command::Entities(args) => commands::entities::run(&root, args, &mut output),
        Command::Conflicts(args) => commands::conflicts::run(&root, args, &mut output),
        Command::Diff(args) => commands::diff::run(&root, args, &mut output),
        Command::Impact(args) => commands::impact::run(&root, args, &mut output),
        Command::Init
        | Command::Schema(_)
        | Command::Completions { .. }
        | Command::Man
        | Command::Lsp => {
            unreachable!("handled above")
        }
    }
}
