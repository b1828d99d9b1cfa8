//! `claimcheck init`: scaffold a project (configuration, `claims/`, `sources/` with a
//! pinned example, a GitHub workflow). Refuses to overwrite anything: if any file it
//! would write exists, it writes none.

use std::path::Path;

use super::{CommandError, ExitStatus, Output};
use claimcheck_engine::edit::{NewEvidence, add_evidence, write_project_file};
use claimcheck_engine::hash::sha256_hex;
use claimcheck_engine::model::pinned_span::PinnedSpan;

const EXAMPLE_SOURCE: &str = include_str!("example.txt");
const WORKFLOW: &str = include_str!("workflow.yml");
const CONFIG: &str = include_str!("claimcheck.toml");
const EXAMPLE_QUOTE: &str = "grain exports reached 1.2 million tonnes in February";

/// The files `init` writes, relative to the project directory, with their content.
fn scaffold() -> Vec<(&'static str, String)> {
    let start = EXAMPLE_SOURCE.find(EXAMPLE_QUOTE).unwrap_or_default();
    let evidence = NewEvidence::pinning(
        "example",
        EXAMPLE_SOURCE,
        PinnedSpan::new(start, start + EXAMPLE_QUOTE.len()),
    );
    let header = "# Claims: each cites quotes pinned to exact byte spans of files under sources/.\n\
                  # Add one with: claimcheck pin SOURCE \"QUOTE\" --claim ID --statement TEXT --file claims/FILE.yaml\n";
    let claims = add_evidence(
        "claims/example.yaml",
        header,
        "example-grain-exports-record",
        Some("Grain exports hit a post-reopening monthly record in February 2026 (example claim)."),
        &[],
        &evidence,
    )
    .unwrap_or_default();
    let metadata = format!(
        "title: Harbour authority reports record grain exports (example)\npublisher: Example Wire\n\
         published: 2026-03-12\nreliability: F\nsha256: {}\nnotes: An invented example; replace it with a real source.\n",
        sha256_hex(EXAMPLE_SOURCE.as_bytes())
    );
    vec![
        ("claimcheck.toml", CONFIG.to_owned()),
        ("claims/example.yaml", claims),
        ("sources/example.txt", EXAMPLE_SOURCE.to_owned()),
        ("sources/example.meta.yaml", metadata),
        (
            ".github/workflows/claimcheck.yml",
            WORKFLOW.replace("CLAIMCHECK_VERSION", env!("CARGO_PKG_VERSION")),
        ),
    ]
}

pub fn run(dir: &Path, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let files = scaffold();
    // A dangling link counts as existing: writing there would create its target.
    let existing: Vec<&str> = files
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| std::fs::symlink_metadata(dir.join(path)).is_ok())
        .collect();
    if !existing.is_empty() {
        return Err(CommandError::Usage(format!(
            "{} already {} in `{}`; init writes nothing over existing files",
            existing.join(", "),
            if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            },
            dir.display()
        )));
    }
    let root = dir.canonicalize()?;
    let mut written = Vec::new();
    for (path, content) in &files {
        match write_project_file(&root, path, None, content.as_bytes()) {
            Ok(target) => written.push(target),
            Err(error) => {
                // All or nothing: what this run created goes again.
                for target in written {
                    let _ = std::fs::remove_file(target);
                }
                return Err(error.into());
            }
        }
    }
    for (path, _) in &files {
        writeln!(output.err, "created {path}")?;
    }
    ignore_lock(&root, output)?;
    writeln!(
        output.err,
        "next: put your sources in sources/, pin quotes with `claimcheck pin`, and run `claimcheck check`"
    )?;
    Ok(ExitStatus::Success)
}

/// Keeps the lock file `pin` and `fix` hold out of commits: `.gitignore` gains the line
/// if it lacks it (every other byte kept), or is created with it.
fn ignore_lock(root: &Path, output: &mut Output) -> Result<(), CommandError> {
    use claimcheck_engine::edit::lock::LOCK_FILE;
    let existing = claimcheck_engine::safe_fs::read_project_file(root, ".gitignore", 1 << 20)?;
    let text = existing.as_deref().map(String::from_utf8_lossy);
    if text
        .as_deref()
        .is_some_and(|text| text.lines().any(|line| line.trim() == LOCK_FILE))
    {
        return Ok(());
    }
    let mut content = text.as_deref().unwrap_or_default().to_owned();
    if !content.is_empty() && !content.ends_with('\n') {
        content.push('\n');
    }
    content.push_str(&format!(
        "# claimcheck's lock, held while pin and fix edit claim files\n{LOCK_FILE}\n"
    ));
    write_project_file(root, ".gitignore", existing.as_deref(), content.as_bytes())?;
    let verb = if existing.is_some() {
        "added the lock to"
    } else {
        "created"
    };
    writeln!(output.err, "{verb} .gitignore")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_claim_is_pinned() {
        let files = scaffold();
        let claims = &files
            .iter()
            .find(|(path, _)| *path == "claims/example.yaml")
            .unwrap()
            .1;
        let (parsed, problems) =
            claimcheck_engine::load::parse_claim_file("claims/example.yaml", claims);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(parsed[0].evidence[0].quote, EXAMPLE_QUOTE);
    }
}
