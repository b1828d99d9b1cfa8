//! `claimcheck pin`: find a quote in a source, pin the source's own bytes, and print the
//! evidence entry or write it into a claim.

use std::path::{Component, Path};

use super::{CommandError, ExitStatus, Output};
use crate::cli::PinArgs;
use claimcheck_engine::anchor::locate::{MAX_PLACES, longest_found_prefix, places_count};
use claimcheck_engine::anchor::normalize::folded_kinds;
use claimcheck_engine::anchor::{MatchKind, find_quote};
use claimcheck_engine::edit::lock::ProjectLock;
use claimcheck_engine::edit::{NewEvidence, add_evidence, write_project_file};
use claimcheck_engine::load::{CLAIMS_DIR, Project};
use claimcheck_engine::model::fact::Stance;
use claimcheck_engine::model::pinned_span::PinnedSpan;
use claimcheck_engine::model::source::Source;

pub fn run(root: &Path, args: &PinArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    // Writing into a claim: held from reading to writing, so no other run edits between.
    let _lock = match args.claim {
        Some(_) => Some(ProjectLock::acquire(root)?),
        None => None,
    };
    let quote = read_quote(&args.quote)?;
    let project = claimcheck_engine::load::load(root)?;
    let source = find_source(&project, &args.source)?;
    let normalized = project.config.normalization.normalize(&source.text);
    let found = find_quote(&source.text, &quote, &normalized);
    let span = match (found.spans.as_slice(), args.occurrence) {
        ([], _) => {
            not_found(&project, source, &normalized, &quote, output)?;
            return Ok(ExitStatus::Failure);
        }
        ([only], None) => *only,
        (spans, None) => {
            ambiguous(&project, source, spans, output)?;
            return Ok(ExitStatus::Failure);
        }
        (spans, Some(n)) => match n.checked_sub(1).and_then(|index| spans.get(index)) {
            Some(span) => *span,
            None => {
                return Err(CommandError::Usage(format!(
                    "--occurrence {n}: the quote occurs {} times in `{}`",
                    places_count(spans.len()),
                    source.id
                )));
            }
        },
    };
    let pinned = &source.text[span.range()];
    let mut evidence = NewEvidence::pinning(&source.id, &source.text, span);
    evidence.stance = args
        .stance
        .as_deref()
        .and_then(Stance::from_name)
        .unwrap_or_default();
    evidence.value = args.value.clone();
    let at = project.files.locate(&source.path, span.start, span.len());
    let how = match found.kind(span) {
        MatchKind::Exact => "exact match".to_owned(),
        MatchKind::Normalized => {
            let typed: Vec<_> = folded_kinds(&quote);
            let kinds: Vec<_> = folded_kinds(pinned)
                .into_iter()
                .filter(|kind| !typed.contains(kind))
                .collect();
            format!(
                "matched after normalizing {}",
                if kinds.is_empty() {
                    "white space".into()
                } else {
                    kinds.join(", ")
                }
            )
        }
    };
    let page = source
        .page_at(span.start)
        .map(|page| format!(", p. {page}"))
        .unwrap_or_default();
    writeln!(
        output.err,
        "pinned `{}` {span} ({at}{page}): {how}",
        source.id
    )?;
    if found.spans.len() > 1 {
        writeln!(
            output.err,
            "note: the quote occurs {} times; this pins occurrence {} (check reports it as quote-ambiguous)",
            found.spans.len(),
            args.occurrence.unwrap_or(1)
        )?;
    }
    match &args.claim {
        None => write!(output.out, "{}", evidence.to_yaml(0, 2))?,
        Some(claim) => write_into_claim(root, &project, claim, args, &evidence, output)?,
    }
    Ok(ExitStatus::Success)
}

fn read_quote(quote: &str) -> Result<String, CommandError> {
    if quote != "-" {
        return Ok(quote.to_owned());
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|error| {
        CommandError::Usage(format!(
            "cannot read the quote from standard input: {error}"
        ))
    })?;
    Ok(text)
}

/// The source named by id, or by the path of its file.
pub(crate) fn find_source<'p>(
    project: &'p Project,
    named: &str,
) -> Result<&'p Source, CommandError> {
    let by_path = Path::new(named)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .filter(|_| named.contains('/') || named.contains('.'));
    project
        .sources
        .get(named)
        .or_else(|| by_path.and_then(|stem| project.sources.get(stem)))
        .ok_or_else(|| {
            let named = claimcheck_engine::sanitize::inline(named);
            let nearest = project
                .sources
                .keys()
                .map(|id| (strsim::jaro_winkler(id, &named), id))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let hint = match nearest {
                Some((score, id)) if score > 0.8 => format!("did you mean `{id}`?"),
                _ if project.sources.len() <= 10 => {
                    let known: Vec<_> = project.sources.keys().map(String::as_str).collect();
                    format!("sources are: {}", known.join(", "))
                }
                _ => format!(
                    "there are {} sources: `ls {}/`",
                    project.sources.len(),
                    project.config.sources_dir
                ),
            };
            CommandError::Usage(format!("no source `{named}`; {hint}"))
        })
}

fn not_found(
    project: &Project,
    source: &Source,
    normalized: &claimcheck_engine::anchor::NormalizedText,
    quote: &str,
    output: &mut Output,
) -> Result<(), CommandError> {
    writeln!(
        output.err,
        "error: the quote is not in `{}`, even after normalization",
        source.id
    )?;
    // A short common prefix ("Tw") says nothing about where the quote went wrong.
    let telling =
        longest_found_prefix(normalized, quote).filter(|(prefix, _)| prefix.chars().count() >= 12);
    if let Some((prefix, span)) = telling {
        let at = project.files.locate(&source.path, span.start, span.len());
        let quote_rest: String = normalized.profile.normalize_quote(quote)[prefix.len()..]
            .chars()
            .take(40)
            .collect();
        let source_rest: String = source.text[span.end..].chars().take(40).collect();
        writeln!(output.err, "  the quote matches up to {:?} at {at}", prefix)?;
        writeln!(output.err, "  then the quote says  {quote_rest:?}")?;
        writeln!(output.err, "  but the source says  {source_rest:?}")?;
    }
    closest_match(project, source, quote, output)
}

/// How similar a passage must be to be offered as what the analyst meant.
const CLOSEST_MATCH_SIMILARITY: f64 = 0.6;

/// The passage of `source` most like `quote` (the search that re-anchors drifted pins),
/// with its similarity, place and word diff, and the command that pins it.
fn closest_match(
    project: &Project,
    source: &Source,
    quote: &str,
    output: &mut Output,
) -> Result<(), CommandError> {
    use claimcheck_engine::anchor::relocate::{
        PinToFind, Relocation, SearchableSource, percent_similar, relocate,
    };
    use claimcheck_engine::sanitize::inline;
    let searchable = SearchableSource::new(&source.text, project.config.normalization);
    let pin = PinToFind {
        quote,
        // No span and no hash (zeros, which no text hashes to): only the approximate
        // search can answer.
        sha256: [0; 32],
        span: PinnedSpan::new(0, 0),
        prefix: None,
        suffix: None,
    };
    match relocate(&searchable, &pin, CLOSEST_MATCH_SIMILARITY) {
        Relocation::Drifted { found, similarity } => {
            let text = &source.text[found.range()];
            let at = project.files.locate(&source.path, found.start, found.len());
            writeln!(
                output.err,
                "  closest match, {}% similar, at {at} ({found}):",
                percent_similar(similarity)
            )?;
            writeln!(
                output.err,
                "    {}",
                inline(&claimcheck_engine::verify::word_diff::word_diff(
                    quote, text
                ))
            )?;
            writeln!(
                output.err,
                "  if that is the passage, pin what the source says: claimcheck pin {} {:?}",
                source.id,
                inline(text)
            )?;
        }
        Relocation::Ambiguous { candidates } => writeln!(
            output.err,
            "  {} passages are about as close; lengthen the quote",
            candidates.len()
        )?,
        _ => writeln!(
            output.err,
            "  nothing in `{}` is {:.0}% similar to it",
            source.id,
            CLOSEST_MATCH_SIMILARITY * 100.0
        )?,
    }
    Ok(())
}

fn ambiguous(
    project: &Project,
    source: &Source,
    spans: &[PinnedSpan],
    output: &mut Output,
) -> Result<(), CommandError> {
    writeln!(
        output.err,
        "error: the quote occurs {} times in `{}`:",
        places_count(spans.len()),
        source.id
    )?;
    for (index, span) in spans.iter().take(MAX_PLACES).enumerate() {
        let at = project.files.locate(&source.path, span.start, span.len());
        let line_start = source.text[..span.start]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        let context: String = source.text[line_start..]
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(70)
            .collect();
        writeln!(output.err, "  {}: {span} at {at}: {context:?}", index + 1)?;
    }
    writeln!(
        output.err,
        "lengthen the quote until it is unique, or choose one with --occurrence N"
    )?;
    Ok(())
}

fn write_into_claim(
    root: &Path,
    project: &Project,
    claim_id: &str,
    args: &PinArgs,
    evidence: &NewEvidence,
    output: &mut Output,
) -> Result<(), CommandError> {
    let existing = project.claims.iter().find(|claim| claim.id == claim_id);
    let path = match (existing, &args.file) {
        (Some(claim), Some(file)) if Path::new(&*claim.location.path) != file.as_path() => {
            return Err(CommandError::Usage(format!(
                "claim `{claim_id}` is in `{}`, not `{}`",
                claim.location.path,
                file.display()
            )));
        }
        (Some(claim), _) => claim.location.path.to_string(),
        (None, Some(file)) => claim_file_path(file)?,
        (None, None) => {
            return Err(CommandError::Usage(format!(
                "claim `{claim_id}` does not exist yet: give --statement and --file to create it"
            )));
        }
    };
    if let Some(claim) = existing {
        if let Some(statement) = args
            .statement
            .as_deref()
            .filter(|statement| *statement != claim.statement)
        {
            return Err(CommandError::Usage(format!(
                "claim `{claim_id}` already has another statement; edit `{}` to change it (given: {statement:?})",
                claim.location.path
            )));
        }
        if claim
            .evidence
            .iter()
            .any(|pin| pin.source == evidence.source && pin.span == evidence.span)
        {
            writeln!(
                output.err,
                "claim `{claim_id}` already cites {} {}: nothing to do",
                evidence.source, evidence.span
            )?;
            return Ok(());
        }
    }
    let original = project.files.text(&path);
    let edited = add_evidence(
        &path,
        original.unwrap_or(""),
        claim_id,
        args.statement.as_deref(),
        &args.entities,
        evidence,
    )
    .map_err(|error| CommandError::Edit {
        path: path.clone(),
        error,
    })?;
    write_project_file(root, &path, original.map(str::as_bytes), edited.as_bytes())?;
    let verb = if existing.is_some() {
        "added to"
    } else {
        "created"
    };
    writeln!(output.err, "{verb} claim `{claim_id}` in {path}")?;
    Ok(())
}

/// A `--file` path as a project-relative claim file path under `claims/`.
fn claim_file_path(file: &Path) -> Result<String, CommandError> {
    let components: Option<Vec<&str>> = file
        .components()
        .map(|component| match component {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    match components {
        // A hidden file or directory is one check never reads.
        Some(parts)
            if parts.len() >= 2
                && !parts.iter().any(|part| part.starts_with('.'))
                && parts[0] == CLAIMS_DIR
                && (file
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")) =>
        {
            Ok(parts.join("/"))
        }
        _ => Err(CommandError::Usage(format!(
            "--file `{}` must be a `.yaml` file under `{CLAIMS_DIR}/`, relative to the project root, with no `..` and no hidden (`.`) part",
            file.display()
        ))),
    }
}
