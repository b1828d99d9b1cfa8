//! Commands: each subcommand wires load → anchor/verify → report for one job.

pub mod add;
pub mod appendix;
pub mod check;
pub mod completions;
pub mod conflicts;
pub mod coverage;
pub mod diff;
pub mod entities;
pub mod fix;
pub mod impact;
pub mod init;
pub mod merge;
pub mod pin;
pub mod schema;
pub mod watch;

use std::path::{Path, PathBuf};

/// How a command ended, as the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at error level.
    Success = 0,
    /// Error-level findings (check), or the quote could not be pinned (pin).
    Failure = 1,
    /// The run could not proceed: bad arguments or unreadable, malformed input.
    InputError = 2,
}

/// Writers for a command's report (stdout) and its notes (stderr), and where long
/// phases report their progress.
pub struct Output<'a> {
    pub out: &'a mut dyn std::io::Write,
    pub err: &'a mut dyn std::io::Write,
    pub color: bool,
    pub progress: &'a dyn claimcheck_engine::progress::Progress,
}

/// What stops a command before it can report anything.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CommandError {
    #[error(
        "no claimcheck project here: neither `{0}` nor any directory above it holds `claimcheck.toml` or `claims/`"
    )]
    #[diagnostic(
        code(no_project),
        help(
            "run claimcheck inside a project, name one with --root DIR, or create one with `claimcheck init`"
        )
    )]
    NoProject(PathBuf),
    #[error("`{0}` is not a claimcheck project: it has neither `claimcheck.toml` nor `claims/`")]
    #[diagnostic(
        code(no_project),
        help("create `claims/` and `sources/` in it, or name another directory")
    )]
    NotAProject(PathBuf),
    #[error(transparent)]
    #[diagnostic(code(load))]
    Load(#[from] claimcheck_engine::load::LoadError),
    #[error("{0}")]
    #[diagnostic(code(usage))]
    Usage(String),
    #[error(transparent)]
    #[diagnostic(code(file))]
    File(#[from] claimcheck_engine::safe_fs::FsError),
    #[error("cannot edit `{path}`")]
    #[diagnostic(code(edit))]
    Edit {
        path: String,
        #[source]
        error: claimcheck_engine::edit::EditError,
    },
    #[error(transparent)]
    #[diagnostic(code(revision))]
    Revision(#[from] claimcheck_engine::load::revision::RevisionError),
    #[error(transparent)]
    #[diagnostic(code(cache))]
    Cache(#[from] claimcheck_engine::cache::CacheError),
    #[error(transparent)]
    #[diagnostic(code(lock))]
    Lock(#[from] claimcheck_engine::edit::lock::LockError),
    #[error(transparent)]
    #[diagnostic(code(capture))]
    Capture(#[from] claimcheck_engine::capture::CaptureError),
    #[error("cannot write output: {0}")]
    #[diagnostic(code(output))]
    Output(#[from] std::io::Error),
    #[error("cannot write JSON: {0}")]
    #[diagnostic(code(output))]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    #[diagnostic(code(lsp))]
    Lsp(#[from] crate::lsp::LspError),
}

/// Says why `command` will not publish: the broken pins it would show, one a line.
pub fn refuse_broken(
    command: &str,
    broken: &[claimcheck_engine::verify::broken::BrokenPin],
    output: &mut Output,
) -> std::io::Result<()> {
    writeln!(
        output.err,
        "{command}: not published: {} pin{} it would show {} broken; fix them (`claimcheck check` \
         says how) or pass --allow-broken to mark each as not verified",
        broken.len(),
        if broken.len() == 1 { "" } else { "s" },
        if broken.len() == 1 { "is" } else { "are" },
    )?;
    list_broken(broken, output)
}

/// Says which pins a report published with `--allow-broken` marks as not verified.
pub fn note_broken(
    broken: &[claimcheck_engine::verify::broken::BrokenPin],
    output: &mut Output,
) -> std::io::Result<()> {
    writeln!(
        output.err,
        "warning: {} pin{} not verified (--allow-broken):",
        broken.len(),
        if broken.len() == 1 { "" } else { "s" }
    )?;
    list_broken(broken, output)
}

fn list_broken(
    broken: &[claimcheck_engine::verify::broken::BrokenPin],
    output: &mut Output,
) -> std::io::Result<()> {
    use claimcheck_engine::sanitize::inline;
    for pin in broken {
        writeln!(
            output.err,
            "  {}: claim `{}` cites `{}` {}: {}",
            inline(&pin.location.to_string()),
            inline(&pin.claim),
            inline(&pin.source),
            pin.span,
            pin.code
        )?;
    }
    Ok(())
}

/// `otherwise`, unless the project had input that could not be read (exit status 2).
pub fn project_status(
    project: &claimcheck_engine::load::Project,
    otherwise: ExitStatus,
) -> ExitStatus {
    if project
        .problems
        .iter()
        .any(|problem| problem.code.is_input_error())
    {
        ExitStatus::InputError
    } else {
        otherwise
    }
}

/// The project root: `--root` as given, else the nearest directory holding `claims/`.
pub fn resolve_root(root: Option<&Path>) -> Result<PathBuf, CommandError> {
    if let Some(root) = root {
        if !claimcheck_engine::load::is_project(root) {
            return Err(CommandError::NotAProject(root.to_owned()));
        }
        return Ok(root.canonicalize()?);
    }
    let here = std::env::current_dir()?;
    let root = claimcheck_engine::load::find_root(&here).ok_or(CommandError::NoProject(here))?;
    Ok(root.canonicalize()?)
}
