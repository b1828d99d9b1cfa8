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
    for finding in &findings {
        if let Some(repin) = fixable(&project, finding, args.accept_drift) {
            let path = &*repin.evidence.span_location.path;
            by_file.entry(path).or_default().push(repin);
            *fixed.entry(finding.code).or_default() += 1;
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
    report(&findings, &fixed, by_file.len(), args, output)
}

/// The re-pin that repairs `finding`, if fix may repair it.
fn fixable<'p>(project: &'p Project, finding: &Finding, accept_drift: bool) -> Option<Repin<'p>> {
    let found = match (finding.code, &finding.details) {
        (Code::SpanMoved, Details::Moved { found, .. }) => *found,
        (Code::SpanNormalized, Details::Relocated { found, .. }) => *found,
        (Code::SpanDrifted, Details::Relocated { found, .. }) if accept_drift => *found,
        _ => return None,
    };
    let location = finding.location.as_ref()?;
    let evidence = project
        .claims
        .iter()
        .flat_map(|claim| &claim.evidence)
        .find(|evidence| &evidence.span_location == location)?;
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

/// Pin findings that remain errors after fix.
fn is_unfixed_pin_error(finding: &Finding, accept_drift: bool) -> bool {
    let fixed_codes: &[Code] = if accept_drift {
        &[Code::SpanMoved, Code::SpanDrifted]
    } else {
        &[Code::SpanMoved]
    };
    finding.severity == Severity::Error
        && finding.code.name().starts_with("span-")
        && !fixed_codes.contains(&finding.code)
}

fn report(
    findings: &[Finding],
    fixed: &BTreeMap<Code, usize>,
    files: usize,
    args: &FixArgs,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let total: usize = fixed.values().sum();
    let kinds: Vec<String> = fixed
        .iter()
        .map(|(code, count)| format!("{count} {}", code.name().trim_start_matches("span-")))
        .collect();
    let verb = if args.dry_run {
        "would re-pin"
    } else {
        "re-pinned"
    };
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
    let left: Vec<&Finding> = findings
        .iter()
        .filter(|finding| is_unfixed_pin_error(finding, args.accept_drift))
        .collect();
    for finding in &left {
        let at = finding
            .location
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        writeln!(
            output.err,
            "left for you: {} {at}: {}",
            finding.code, finding.message
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
