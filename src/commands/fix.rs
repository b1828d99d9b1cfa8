//! `claimcheck fix`: re-pin evidence whose text moved or changed only in typography,
//! and, with `--accept-drift`, evidence whose text drifted; in place, atomically, or
//! as a diff with `--dry-run`.

use std::collections::BTreeMap;
use std::path::Path;

use similar::TextDiff;

use super::{CommandError, ExitStatus, Output};
use crate::cli::FixArgs;
use crate::report::human::plural;
use claimcheck_engine::edit::fix_pins::{Repin, RepinPlanner, repin};
use claimcheck_engine::edit::lock::ProjectLock;
use claimcheck_engine::edit::write_project_file;
use claimcheck_engine::load::Project;
use claimcheck_engine::model::code::{Code, Severity};
use claimcheck_engine::model::finding::{Applicability, Details, Finding};
use claimcheck_engine::sanitize::inline;

pub fn run(root: &Path, args: &FixArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    // Held from reading to writing, so no other run edits the files in between.
    let _lock = if args.dry_run {
        None
    } else {
        Some(ProjectLock::acquire(root)?)
    };
    let mut project = claimcheck_engine::load::load(root)?;
    args.drift.apply(&mut project.config);
    let findings = claimcheck_engine::check::check(&project);
    let mut by_file: BTreeMap<&str, Vec<Repin>> = BTreeMap::new();
    let mut fixed: BTreeMap<Code, usize> = BTreeMap::new();
    let mut done = vec![false; findings.len()];
    let planner = RepinPlanner::new(&project, &project.claims);
    for (index, finding) in findings.iter().enumerate() {
        if let Some(repin) = fixable(&planner, finding, args) {
            let path = &*repin.evidence.location.path;
            by_file.entry(path).or_default().push(repin);
            *fixed.entry(finding.code).or_default() += 1;
            done[index] = true;
        }
    }
    for (path, repins) in &by_file {
        let text = project.files.text(path).unwrap_or_default();
        let edited = repin(path, text, repins).map_err(|error| CommandError::Edit {
            path: path.to_string(),
            error,
        })?;
        if args.dry_run {
            let diff = TextDiff::from_lines(text, &edited);
            let unified = diff
                .unified_diff()
                .header(
                    &format!("a/{}", claimcheck_engine::sanitize::inline(path)),
                    &format!("b/{}", claimcheck_engine::sanitize::inline(path)),
                )
                .to_string();
            write!(
                output.out,
                "{}",
                claimcheck_engine::sanitize::safe(&unified)
            )?;
        } else {
            write_project_file(root, path, Some(text.as_bytes()), edited.as_bytes())?;
        }
    }
    for id in &args.accept_sources {
        accept_source(root, &project, id, args.dry_run, output)?;
        for (index, finding) in findings.iter().enumerate() {
            done[index] |= finding.code == Code::SourceUnregisteredChange
                && finding.source.as_deref() == Some(id.as_str());
        }
    }
    report(
        &findings,
        &done,
        &fixed,
        by_file.len(),
        output,
        args.dry_run,
    )
}

/// The re-pin that repairs `finding`, if its typed fix may be applied under `args`:
/// always for a moved or normalized pin; with `--accept-drift` for a drifted one (and,
/// when the change touches the meaning, only if its claim is named), among the claims
/// and sources `--claim`/`--source` select.
fn fixable<'p>(planner: &RepinPlanner<'p>, finding: &Finding, args: &FixArgs) -> Option<Repin<'p>> {
    let named = |claim: &str| args.claims.iter().any(|named| named == claim);
    let claim = finding.claim.as_deref().unwrap_or_default();
    let (repin, applicability) = planner.plan(finding)?;
    let permitted = match applicability {
        Applicability::Always => true,
        Applicability::AcceptDrift => args.accept_drift,
        Applicability::AcceptDriftOfNamedClaim => args.accept_drift && named(claim),
    };
    let selected = (args.claims.is_empty() || named(claim))
        && (args.sources.is_empty() || args.sources.contains(&repin.evidence.source));
    (permitted && selected).then_some(repin)
}

/// Records the current SHA-256 of source `id` in its metadata, replacing only the
/// recorded value, after showing what changed since the committed version (when git
/// has the version whose hash was recorded).
fn accept_source(
    root: &Path,
    project: &Project,
    id: &str,
    dry_run: bool,
    output: &mut Output,
) -> Result<(), CommandError> {
    let source = project.sources.get(id).ok_or_else(|| {
        CommandError::Usage(format!("--accept-source `{}`: no such source", inline(id)))
    })?;
    let metadata = source.metadata.as_ref().ok_or_else(|| {
        CommandError::Usage(format!(
            "--accept-source `{id}`: the source has no metadata file to record a hash in"
        ))
    })?;
    let recorded = metadata.sha256.as_ref().ok_or_else(|| {
        CommandError::Usage(format!(
            "--accept-source `{id}`: its metadata records no `sha256` (add `sha256: {}`)",
            claimcheck_engine::hash::hex(&source.sha256())
        ))
    })?;
    let actual = claimcheck_engine::hash::hex(&source.sha256());
    if recorded.hex == actual {
        writeln!(output.err, "source `{id}`: its SHA-256 is already recorded")?;
        return Ok(());
    }
    let text = project.files.text(&metadata.path).unwrap_or_default();
    let range = recorded.location.range();
    if text.get(range.clone()) != Some(recorded.hex.as_str()) {
        return Err(CommandError::Usage(format!(
            "--accept-source `{id}`: write `sha256: {actual}` in {} by hand (the recorded value is not a plain scalar)",
            metadata.path
        )));
    }
    match claimcheck_engine::load::revision::committed_file(root, &source.path) {
        Some(old) if claimcheck_engine::hash::sha256_hex(&old) == recorded.hex => {
            let old = String::from_utf8_lossy(&old);
            writeln!(output.err, "source `{id}` changed since it was committed:")?;
            for passage in
                claimcheck_engine::verify::word_diff::changed_passages(&old, &source.text, 6)
            {
                writeln!(output.err, "  {}", inline(&passage))?;
            }
        }
        _ => writeln!(
            output.err,
            "source `{id}` changed (its recorded version is not in git's HEAD, so the change cannot be shown)"
        )?,
    }
    let edited = format!("{}{actual}{}", &text[..range.start], &text[range.end..]);
    if dry_run {
        writeln!(
            output.err,
            "would record `sha256: {actual}` in {}",
            metadata.path
        )?;
    } else {
        write_project_file(
            root,
            &metadata.path,
            Some(text.as_bytes()),
            edited.as_bytes(),
        )?;
        writeln!(
            output.err,
            "recorded `sha256: {actual}` in {}",
            metadata.path
        )?;
    }
    Ok(())
}

/// Why a pin error is left, beyond its message: a change of meaning needs its claim named.
fn why_left(finding: &Finding) -> String {
    match (finding.details.as_deref(), &finding.claim) {
        (Some(Details::Relocated { changes, .. }), Some(claim))
            if finding.code == Code::SpanDrifted && !changes.is_empty() =>
        {
            format!(
                " (the change touches the meaning: {}; check the claim, then accept it by name: \
                 `claimcheck fix --accept-drift --claim {claim}`)",
                changes.join("; ")
            )
        }
        _ => String::new(),
    }
}

fn report(
    findings: &[Finding],
    done: &[bool],
    fixed: &BTreeMap<Code, usize>,
    files: usize,
    output: &mut Output,
    dry_run: bool,
) -> Result<ExitStatus, CommandError> {
    let total: usize = fixed.values().sum();
    let kinds: Vec<String> = fixed
        .iter()
        .map(|(code, count)| format!("{count} {}", code.name().trim_start_matches("span-")))
        .collect();
    let verb = if dry_run { "would re-pin" } else { "re-pinned" };
    if total == 0 {
        writeln!(output.err, "nothing to re-pin")?;
    } else {
        let (entries, files) = (plural(total, "pin"), plural(files, "claim file"));
        writeln!(
            output.err,
            "{verb} {entries} in {files}: {}",
            kinds.join(", ")
        )?;
    }
    // Pin errors this run did not repair, whatever the reason.
    let left: Vec<&Finding> = findings
        .iter()
        .zip(done)
        .filter(|(finding, done)| {
            !**done
                && finding.severity == Severity::Error
                && (finding.code.breaks_pin() || finding.code == Code::SourceUnregisteredChange)
        })
        .map(|(finding, _)| finding)
        .collect();
    for finding in &left {
        let at = finding
            .location
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        writeln!(
            output.err,
            "left for you: {} {}: {}{}",
            finding.code,
            inline(&at),
            inline(&finding.message),
            inline(&why_left(finding))
        )?;
    }
    if findings.iter().any(|finding| finding.code.is_input_error()) {
        return Ok(ExitStatus::InputError);
    }
    Ok(if left.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
