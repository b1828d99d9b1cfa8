//! `add`: a published artifact becomes a source. The page (a saved file, a URL, or a
//! record of a web archive) is kept as the original, its article text becomes the
//! source file pins point into, and its metadata file records what the page says of
//! itself and how it was captured.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::{CommandError, ExitStatus, Output};
use crate::cli::AddArgs;
use claimcheck_engine::capture::fetch::{FetchLimits, Fetched, fetch};
use claimcheck_engine::capture::{
    Capture, CaptureError, Extraction, FoundMetadata, MediaType, extract_document, sniff,
    suggested_id, warc,
};
use claimcheck_engine::edit::lock::ProjectLock;
use claimcheck_engine::edit::source_metadata::{AnalystFields, CapturedPaths, metadata_yaml};
use claimcheck_engine::hash::{hex, sha256};
use claimcheck_engine::load::{Project, is_valid_id, metadata_path};
use claimcheck_engine::model::source::{SourceKind, SourceMetadata};
use claimcheck_engine::sanitize::inline;

/// Where `add` keeps originals, relative to the project root.
pub const ORIGINALS_DIR: &str = "originals";

/// Largest saved page or archive read from disk.
const MAX_INPUT_BYTES: u64 = warc::MAX_WARC_BYTES;

pub fn run(root: &Path, args: &AddArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    // Held from reading the project to the last write, so no other run adds or
    // edits between.
    let _lock = ProjectLock::acquire(root)?;
    let project = claimcheck_engine::load::load(root)?;
    let existing = match &args.update {
        Some(id) => Some(super::pin::find_source(&project, id)?),
        None => None,
    };
    let existing_metadata = existing.and_then(|source| source.metadata.as_ref());
    let input = args
        .input
        .clone()
        .or_else(|| existing_metadata.and_then(recorded_url))
        .ok_or_else(|| {
            CommandError::Usage(
                "the source records no URL to capture again from: name a file or URL".into(),
            )
        })?;
    if let Some(kind) = &args.kind
        && SourceKind::from_name(kind).is_none()
    {
        let names: Vec<&str> = SourceKind::ALL.iter().map(|kind| kind.name()).collect();
        return Err(CommandError::Usage(format!(
            "--type {:?} is not one of {}",
            inline(kind),
            names.join(", ")
        )));
    }
    let mode = if args.whole_page {
        Extraction::WholePage
    } else {
        Extraction::MainText
    };
    let limits = FetchLimits {
        timeout: Duration::from_secs(args.timeout),
        max_bytes: args.max_bytes,
        ..FetchLimits::default()
    };
    let (capture, retrieved) = obtain(&input, args.url.as_deref(), mode, limits)?;
    let id = match (existing, &args.id) {
        (Some(source), _) => source.id.clone(),
        (None, Some(id)) => id.clone(),
        (None, None) => suggested_id(&capture.found, &fallback_name(&input)),
    };
    if !is_valid_id(&id) {
        return Err(CommandError::Usage(format!(
            "`{}` is not a valid source id: a letter or digit first, then letters, digits, `.`, `_`, `-` or `:`",
            inline(&id)
        )));
    }
    if existing.is_none() && project.sources.contains_key(&id) {
        return Err(CommandError::Usage(format!(
            "source `{id}` exists: capture it again with `claimcheck add --update {id} ...`, or choose another --id"
        )));
    }
    let text_path = match existing {
        Some(source) => source.path.clone(),
        None => format!("{}/{id}.txt", project.config.sources_dir),
    };
    let original_path = format!("{ORIGINALS_DIR}/{id}.{}", capture.media_type.extension());
    let analyst = analyst_fields(existing_metadata, args.kind.as_deref());
    let written = write_capture(
        &project,
        &capture,
        &text_path,
        &original_path,
        &retrieved,
        &analyst,
    )?;
    report(
        output,
        &id,
        &capture,
        &written,
        existing.map(|source| source.text.as_str()),
    )?;
    Ok(ExitStatus::Success)
}

/// The URL a source was captured (or archived) from, to capture it again.
fn recorded_url(metadata: &SourceMetadata) -> Option<String> {
    metadata
        .provenance
        .as_ref()
        .and_then(|provenance| provenance.url.clone())
        .or_else(|| metadata.url.clone())
}

/// The capture of `input` and the date it was retrieved.
fn obtain(
    input: &str,
    archived_url: Option<&str>,
    mode: Extraction,
    limits: FetchLimits,
) -> Result<(Capture, String), CommandError> {
    if input.starts_with("http://") || input.starts_with("https://") {
        if archived_url.is_some() {
            return Err(CommandError::Usage(
                "--url chooses a page in a web archive; a URL is fetched as is".into(),
            ));
        }
        let (bytes, fetched, charset) = fetch(input, limits)?;
        let media = MediaType::from_content_type(&fetched.content_type).unwrap_or(MediaType::Html);
        let extracted = extract_document(&bytes, media, charset.as_deref(), mode)?;
        return Ok((
            capture(extracted, bytes, media, Some(fetched), None),
            today(),
        ));
    }
    let path = Path::new(input);
    let bytes = claimcheck_engine::safe_fs::read_bytes(
        path,
        MAX_INPUT_BYTES,
        claimcheck_engine::safe_fs::Links::Follow,
    )?;
    let shown = || inline(input).into_owned();
    let is_gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let media = if is_gzip {
        Some(MediaType::WarcRecord)
    } else {
        sniff(&bytes)
    };
    if archived_url.is_some() && media != Some(MediaType::WarcRecord) {
        return Err(CommandError::Usage(
            "--url chooses a page in a web archive, and this is no web archive".into(),
        ));
    }
    match media {
        Some(MediaType::WarcRecord) => {
            let archive = warc::decompress(bytes)?;
            if sniff(&archive) != Some(MediaType::WarcRecord) {
                return Err(CaptureError::Unsupported {
                    what: shown(),
                    media: "compressed, but not a web archive".into(),
                }
                .into());
            }
            let response = warc::find_response(&archive, archived_url)?;
            let Some(media) = MediaType::from_content_type(&response.content_type) else {
                let media =
                    inline(response.content_type.split(';').next().unwrap_or("")).into_owned();
                return Err(CaptureError::Unsupported {
                    what: inline(&response.target_uri).into_owned(),
                    media,
                }
                .into());
            };
            let charset = claimcheck_engine::capture::charset_of(&response.content_type);
            let extracted = extract_document(&response.body, media, charset, mode)?;
            let retrieved = response
                .date
                .as_deref()
                .and_then(claimcheck_engine::capture::partial_date)
                .unwrap_or_else(today);
            let fetched = Fetched {
                requested: response.target_uri.clone(),
                final_url: response.target_uri.clone(),
                status: response.status,
                content_type: response.content_type.clone(),
                redirects: Vec::new(),
            };
            let record_id = response.record_id.clone();
            Ok((
                capture(
                    extracted,
                    response.record,
                    MediaType::WarcRecord,
                    Some(fetched),
                    record_id,
                ),
                retrieved,
            ))
        }
        Some(media) => {
            let extracted = extract_document(&bytes, media, None, mode)?;
            // A saved page was retrieved when it was saved.
            let saved = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            Ok((
                capture(extracted, bytes, media, None, None),
                saved.map(date_of).unwrap_or_else(today),
            ))
        }
        None => Err(CaptureError::Unsupported {
            what: shown(),
            media: "neither a web page, a PDF nor a web archive".into(),
        }
        .into()),
    }
}

fn capture(
    (text, found, extraction): (String, FoundMetadata, Extraction),
    original: Vec<u8>,
    media_type: MediaType,
    fetched: Option<Fetched>,
    warc_record: Option<String>,
) -> Capture {
    Capture {
        text,
        original,
        media_type,
        found,
        extraction,
        fetched,
        warc_record,
    }
}

/// The analyst's own fields of the source being captured again, and the --type given.
fn analyst_fields(existing: Option<&SourceMetadata>, kind: Option<&str>) -> AnalystFields {
    AnalystFields {
        origin: existing.and_then(|m| m.origin.clone()),
        reliability: existing.and_then(|m| m.reliability).map(String::from),
        kind: kind
            .map(str::to_owned)
            .or_else(|| existing.and_then(|m| m.kind).map(|k| k.name().to_owned())),
        notes: existing.and_then(|m| m.notes.clone()),
    }
}

struct Written {
    text_path: String,
    original_path: String,
    metadata_path: String,
    original_sha256: String,
}

/// Writes the original, then the text, then the metadata that names both, each
/// atomically; a new source's files must not exist, a re-captured source's files
/// must not have changed since they were read.
fn write_capture(
    project: &Project,
    capture: &Capture,
    text_path: &str,
    original_path: &str,
    retrieved: &str,
    analyst: &AnalystFields,
) -> Result<Written, CommandError> {
    let root = &project.root;
    let metadata_path = metadata_path(text_path);
    let current = |relative: &str| -> Result<Option<Vec<u8>>, CommandError> {
        Ok(claimcheck_engine::safe_fs::read_project_file(
            root,
            relative,
            MAX_INPUT_BYTES,
        )?)
    };
    let original_sha256 = hex(&sha256(&capture.original));
    let text_sha256 = hex(&sha256(capture.text.as_bytes()));
    let metadata = metadata_yaml(
        capture,
        &text_sha256,
        &original_sha256,
        retrieved,
        &CapturedPaths {
            original: original_path,
        },
        analyst,
    );
    for (relative, content) in [
        (original_path, capture.original.as_slice()),
        (text_path, capture.text.as_bytes()),
        (metadata_path.as_str(), metadata.as_bytes()),
    ] {
        let before = current(relative)?;
        claimcheck_engine::safe_fs::write_project_file(root, relative, before.as_deref(), content)?;
    }
    Ok(Written {
        text_path: text_path.to_owned(),
        original_path: original_path.to_owned(),
        metadata_path,
        original_sha256,
    })
}

fn report(
    output: &mut Output,
    id: &str,
    capture: &Capture,
    written: &Written,
    old_text: Option<&str>,
) -> std::io::Result<()> {
    let lines = capture.text.lines().count();
    let words = capture.text.split_whitespace().count();
    let verb = if old_text.is_some() {
        "captured again"
    } else {
        "added"
    };
    let out = &mut output.out;
    writeln!(
        out,
        "{verb} source `{id}` ({}, {lines} lines, {words} words)",
        capture.extraction.name()
    )?;
    writeln!(out, "  text      {}", inline(&written.text_path))?;
    writeln!(
        out,
        "  original  {} (sha256 {})",
        inline(&written.original_path),
        &written.original_sha256[..12]
    )?;
    writeln!(out, "  metadata  {}", inline(&written.metadata_path))?;
    if let Some(fetched) = &capture.fetched {
        for redirect in &fetched.redirects {
            writeln!(out, "  redirected via {}", inline(redirect))?;
        }
        writeln!(
            out,
            "  from      {} (HTTP {})",
            inline(&fetched.final_url),
            fetched.status
        )?;
    }
    let found = &capture.found;
    let present = [
        ("title", found.title.as_deref()),
        ("publisher", found.publisher.as_deref()),
        ("published", found.published.as_deref()),
        ("modified", found.modified.as_deref()),
        ("url", found.canonical_url.as_deref()),
        ("language", found.language.as_deref()),
    ];
    for (name, value) in present
        .iter()
        .filter_map(|(name, value)| value.map(|value| (name, value)))
    {
        writeln!(out, "  {name:<10}{}", inline(value))?;
    }
    if !found.authors.is_empty() {
        let authors: Vec<_> = found
            .authors
            .iter()
            .map(|a| inline(a).into_owned())
            .collect();
        writeln!(out, "  {:<10}{}", "authors", authors.join("; "))?;
    }
    let missing: Vec<&str> = present
        .iter()
        .filter(|(_, value)| value.is_none())
        .map(|(name, _)| *name)
        .chain(found.authors.is_empty().then_some("authors"))
        .collect();
    if !missing.is_empty() {
        writeln!(
            out,
            "  the page does not say: {} (add them to the metadata if you know them)",
            missing.join(", ")
        )?;
    }
    if let Some(old) = old_text {
        let passages =
            claimcheck_engine::verify::word_diff::changed_passages(old, &capture.text, 6);
        if passages.is_empty() {
            writeln!(out, "the text is unchanged")?;
        } else {
            writeln!(out, "the text changed in {} places:", passages.len())?;
            for passage in &passages {
                writeln!(out, "  {}", inline(passage))?;
            }
            writeln!(
                out,
                "next: `claimcheck check` shows the pins this moved or broke; `claimcheck fix` re-pins the moved ones"
            )?;
        }
    } else {
        writeln!(
            out,
            "next: grade the source's reliability (A-F) in {}, then pin quotes with `claimcheck pin`",
            inline(&written.metadata_path)
        )?;
    }
    Ok(())
}

/// The name a source is called by when its page says too little: the file's name, or
/// the URL's last path segment.
fn fallback_name(input: &str) -> String {
    let trimmed = input.trim_end_matches('/');
    let last = trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed);
    let last = last.split(['?', '#']).next().unwrap_or(last);
    last.trim_end_matches(".gz")
        .trim_end_matches(".warc")
        .trim_end_matches(".html")
        .trim_end_matches(".htm")
        .to_owned()
}

fn today() -> String {
    date_of(SystemTime::now())
}

fn date_of(time: SystemTime) -> String {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    claimcheck_engine::model::value::civil((seconds / 86_400) as i64)
}
