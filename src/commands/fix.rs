//! `claimcheck fix`: re-pin evidence whose text moved or changed only in typography,
//! and, with `--accept-drift`, evidence whose text drifted; in place, atomically, or
//! as a diff with `--dry-run`.

use std::collections::BTreeMap;
use std::path::Path;

use similar::TextDiff;

use super::{CommandError, ExitStatus, Output};
use crate::cli::FixArgs;
use crate::edit::fix_pins::{Repin, repin};
use crate::edit::lock::ProjectLock;
use crate::edit::{NewEvidence, write_project_file};
use crate::load::Project;
use crate::model::code::{Code, Severity};
use crate::model::finding::{Details, Finding};
use crate::model::pinned_span::PinnedSpan;
use crate::report::human::plural;
use crate::sanitize::inline;

pub fn run(root: &Path, args: &FixArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    // Held from reading to writing, so no other run edits the files in between.
    let _lock = if args.dry_run {
        None
    } else {
        Some(ProjectLock::acquire(root)?)
    };
    let mut project = crate::load::load(root)?;
    args.drift.apply(&mut project.config);
    let findings = crate::verify::verify(&project);
    let mut by_file: BTreeMap<&str, Vec<Repin>> = BTreeMap::new();
    let mut fixed: BTreeMap<Code, usize> = BTreeMap::new();
    let mut done = vec![false; findings.len()];
    for (index, finding) in findings.iter().enumerate() {
        if let Some(repin) = fixable(&project, finding, args) {
            let path = &*repin.evidence.span_location.path;
            by_file.entry(path).or_default().push(repin);
            *fixed.entry(finding.code).or_default() += 1;
            done[index] = true;
        }
    }
    for (path, repins) in &by_file {
        let text = project.files.text(path).unwrap_or_default();
        let edited = repin(path, text, repins)
            .map_err(|error| CommandError::Usage(format!("cannot fix `{path}`: {error}")))?;
        if args.dry_run {
            let diff = TextDiff::from_lines(text, &edited);
            let unified = diff
                .unified_diff()
                .header(
                    &format!("a/{}", crate::sanitize::inline(path)),
                    &format!("b/{}", crate::sanitize::inline(path)),
                )
                .to_string();
            write!(output.out, "{}", crate::sanitize::safe(&unified))?;
        } else {
            write_project_file(root, path, Some(text.as_bytes()), edited.as_bytes())?;
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

/// The re-pin that repairs `finding`, if fix may repair it: a moved or normalized pin,
/// a drifted one with `--accept-drift` (and, when the change touches the meaning, only
/// if its claim is named), among the claims and sources `--claim`/`--source` select.
fn fixable<'p>(project: &'p Project, finding: &Finding, args: &FixArgs) -> Option<Repin<'p>> {
    let named = |claim: &str| args.claims.iter().any(|named| named == claim);
    let claim = finding.claim.as_deref().unwrap_or_default();
    let found = match (finding.code, &finding.details) {
        (Code::SpanMoved, Details::Moved { found, .. }) => *found,
        (Code::SpanNormalized, Details::Relocated { found, .. }) => *found,
        (Code::SpanDrifted, Details::Relocated { found, changes, .. })
            if args.accept_drift && (changes.is_empty() || named(claim)) =>
        {
            *found
        }
        _ => return None,
    };
    let location = finding.location.as_ref()?;
    let evidence = project
        .claims
        .iter()
        .flat_map(|claim| &claim.evidence)
        .find(|evidence| &evidence.span_location == location)?;
    let selected = (args.claims.is_empty() || named(claim))
        && (args.sources.is_empty() || args.sources.contains(&evidence.source));
    if !selected {
        return None;
    }
    let source = project.sources.get(&evidence.source)?;
    Some(Repin {
        evidence,
        new: NewEvidence::pinning(
            &source.id,
            &source.text,
            PinnedSpan::new(found.start, found.end),
        ),
    })
}

/// Why a pin error is left, beyond its message: a change of meaning needs its claim named.
fn why_left(finding: &Finding) -> String {
    match (&finding.details, &finding.claim) {
        (Details::Relocated { changes, .. }, Some(claim))
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
            !**done && finding.severity == Severity::Error && finding.code.breaks_pin()
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
