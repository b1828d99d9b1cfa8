//! Reading every source under `sources/` and the metadata file beside each.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde_saphyr::Spanned;

use super::METADATA_SUFFIX;
use super::files::FileRegistry;
use super::ids::is_valid_id;
use super::tree::Tree;
use super::walk::WalkedFile;
use super::yaml::{yaml_error, yaml_options};
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::{LineIndex, Location};
use crate::model::source::{
    Provenance, RawSourceMetadata, RecordedHash, Source, SourceKind, SourceMetadata, SourceStatus,
    StatusKind,
};

/// The fields a metadata file accepts, for "did you mean" help.
const METADATA_FIELDS: &[&str] = &[
    "title",
    "publisher",
    "origin",
    "url",
    "authors",
    "type",
    "published",
    "modified",
    "retrieved",
    "language",
    "reliability",
    "sha256",
    "capture",
    "notes",
    "original",
    "media-type",
    "extractor",
    "extraction",
    "final-url",
    "status",
    "redirects",
    "warc-record",
    "status-date",
    "status-reason",
    "status-notice",
];

pub struct LoadedSources {
    pub sources: BTreeMap<String, Source>,
    pub unreadable: Vec<String>,
}

/// How sources are read: where, how large, and whether captured originals are
/// extracted again (`check --re-extract`).
pub struct SourceReading<'a> {
    pub tree: &'a dyn Tree,
    pub sources_dir: &'a str,
    pub max_source_bytes: u64,
    pub re_extract: bool,
}

pub fn load_sources(
    reading: &SourceReading,
    files: &mut FileRegistry,
    problems: &mut Vec<Finding>,
) -> LoadedSources {
    let SourceReading {
        tree,
        sources_dir,
        max_source_bytes,
        ..
    } = *reading;
    let walked = tree.walk(sources_dir, Code::SourceUnreadable, problems);
    let (metadata_files, source_files): (Vec<_>, Vec<_>) = walked
        .into_iter()
        .partition(|file| file.relative.ends_with(METADATA_SUFFIX));
    let mut metadata: BTreeMap<String, WalkedFile> = metadata_files
        .into_iter()
        .map(|file| {
            (
                file.relative.trim_end_matches(METADATA_SUFFIX).to_owned(),
                file,
            )
        })
        .collect();
    let mut loaded = LoadedSources {
        sources: BTreeMap::new(),
        unreadable: Vec::new(),
    };
    let mut to_read = Vec::new();
    for (id, files_with_id) in group_by_id(source_files, problems) {
        if let [first, others @ ..] = files_with_id.as_slice()
            && !others.is_empty()
        {
            for file in &files_with_id {
                // Metadata of a duplicate is not orphaned: its source exists.
                metadata.remove(without_extension(&file.relative));
            }
            let mut finding = Finding::new(
                Code::DuplicateSourceId,
                format!(
                    "source id `{id}` names {} files, so it names none",
                    files_with_id.len()
                ),
            )
            .source(&id)
            .at(Location::file(&first.relative))
            .help("rename all but one: a source's id is its file name without the extension");
            for other in others {
                finding = finding.related("also named so", Location::file(&other.relative));
            }
            problems.push(finding);
            loaded.unreadable.push(id);
            continue;
        }
        let file = files_with_id
            .into_iter()
            .next()
            .expect("groups are never empty");
        let metadata_file = metadata.remove(without_extension(&file.relative));
        to_read.push((id, file, metadata_file));
    }
    // Sources are read and their metadata parsed on all cores, then gathered in id
    // order, so output does not depend on scheduling.
    let read: Vec<ReadSource> = to_read
        .into_par_iter()
        .map(|(id, file, metadata_file)| {
            read_source(id, file, metadata_file, max_source_bytes, reading)
        })
        .collect();
    for mut source in read {
        problems.append(&mut source.problems);
        let Some((text, digest)) = source.text else {
            loaded.unreadable.push(source.id);
            continue;
        };
        let text = files.add(&source.file.relative, text);
        if let Some((relative, metadata_text)) = source.metadata_text {
            files.add(&relative, metadata_text);
        }
        loaded.sources.insert(
            source.id.clone(),
            Source::new(
                source.id,
                source.file.relative,
                text,
                digest,
                source.metadata,
            ),
        );
    }
    for (_, orphan) in metadata {
        problems.push(
            Finding::new(Code::SourceMetadataOrphaned, format!("`{}` describes no source file", orphan.relative))
                .at(Location::file(&orphan.relative))
                .help("put the source file beside it, with the same name before `.meta.yaml`, or delete it"),
        );
    }
    loaded
}

/// Source files grouped by id; files whose name is no valid id become findings.
fn group_by_id(
    source_files: Vec<WalkedFile>,
    problems: &mut Vec<Finding>,
) -> BTreeMap<String, Vec<WalkedFile>> {
    let mut by_id: BTreeMap<String, Vec<WalkedFile>> = BTreeMap::new();
    for file in source_files {
        let id = stem(&file.relative);
        if is_valid_id(&id) {
            by_id.entry(id).or_default().push(file);
        } else {
            problems.push(
                Finding::new(Code::SourceUnreadable, format!("file name stem {id:?} is not a valid source id"))
                    .at(Location::file(&file.relative))
                    .help("rename the file: a letter or digit first, then letters, digits, `.`, `_`, `-` or `:`"),
            );
        }
    }
    by_id
}

/// The id of a source file: its file name up to the last `.`.
fn stem(relative: &str) -> String {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => name.to_owned(),
    }
}

/// `dir/name.txt` → `dir/name`, the prefix its metadata file `dir/name.meta.yaml` shares.
fn without_extension(relative: &str) -> &str {
    let name_start = relative.rfind('/').map_or(0, |slash| slash + 1);
    match relative[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &relative[..name_start + dot],
        _ => relative,
    }
}

/// The metadata file of a source: `sources/a.txt` → `sources/a.meta.yaml`.
pub fn metadata_path(source_path: &str) -> String {
    format!("{}{METADATA_SUFFIX}", without_extension(source_path))
}

fn read_source_text(
    tree: &dyn Tree,
    file: &WalkedFile,
    limit: u64,
    problems: &mut Vec<Finding>,
) -> Option<String> {
    let unreadable = |message: String| Finding::new(Code::SourceUnreadable, message);
    let bytes = match tree
        .read_walked(file, limit)
        .map_err(|error| error.to_string())
    {
        Ok(bytes) => bytes,
        Err(message) => {
            problems.push(unreadable(message).at(Location::file(&file.relative)));
            return None;
        }
    };
    let text = match super::utf8::text(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
            problems.push(
                unreadable(format!(
                    "invalid UTF-8 at byte {valid}: sources must be UTF-8 text"
                ))
                .at(Location::in_text(&file.relative, &prefix, valid, 0))
                .help("convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"),
            );
            return None;
        }
    };
    if let Some(nul) = memchr::memchr(0, text.as_bytes()) {
        problems.push(
            unreadable(format!(
                "NUL byte at byte {nul}: this looks like a binary file, not text"
            ))
            .at(Location::in_text(&file.relative, &text, nul, 1)),
        );
        return None;
    }
    Some(text)
}

/// One source as read on a worker thread: its text and SHA-256 (None when unreadable),
/// its metadata file's text and checked content, and the problems met.
struct ReadSource {
    id: String,
    file: WalkedFile,
    text: Option<(String, [u8; 32])>,
    metadata_text: Option<(String, String)>,
    metadata: Option<SourceMetadata>,
    problems: Vec<Finding>,
}

fn read_source(
    id: String,
    file: WalkedFile,
    metadata_file: Option<WalkedFile>,
    max_source_bytes: u64,
    reading: &SourceReading,
) -> ReadSource {
    let mut problems = Vec::new();
    let text = read_source_text(reading.tree, &file, max_source_bytes, &mut problems);
    let (metadata_text, mut metadata) = match (&text, metadata_file) {
        (Some(_), Some(meta)) => match read_metadata_text(reading.tree, &meta, &mut problems) {
            Some(metadata_text) => {
                let metadata = parse_metadata(&meta.relative, &metadata_text, &mut problems);
                (Some((meta.relative, metadata_text)), metadata)
            }
            None => (None, None),
        },
        _ => (None, None),
    };
    if let Some(provenance) = metadata.as_mut().and_then(|m| m.provenance.as_mut()) {
        super::originals::read_original(reading.tree, provenance, reading.re_extract);
    }
    ReadSource {
        id,
        file,
        text: text.map(|text| {
            let digest = crate::hash::content_digest(text.as_bytes());
            (text, digest)
        }),
        metadata_text,
        metadata,
        problems,
    }
}

fn read_metadata_text(
    tree: &dyn Tree,
    file: &WalkedFile,
    problems: &mut Vec<Finding>,
) -> Option<String> {
    let invalid = |message: String| Finding::new(Code::SourceMetadataInvalid, message);
    match tree
        .read_walked(file, 1024 * 1024)
        .map_err(|error| error.to_string())
        .map(super::utf8::text)
    {
        Ok(Ok(text)) => Some(text),
        Ok(Err(_)) => {
            problems
                .push(invalid("metadata is not UTF-8".into()).at(Location::file(&file.relative)));
            None
        }
        Err(message) => {
            problems.push(invalid(message).at(Location::file(&file.relative)));
            None
        }
    }
}

pub(super) fn parse_metadata(
    path: &str,
    text: &str,
    problems: &mut Vec<Finding>,
) -> Option<SourceMetadata> {
    let raw: RawSourceMetadata = match serde_saphyr::from_str_with_options(text, yaml_options()) {
        Ok(raw) => raw,
        Err(error) => {
            problems.push(yaml_error(
                Code::SourceMetadataInvalid,
                METADATA_FIELDS,
                path,
                text,
                &error,
            ));
            return None;
        }
    };
    let checker = MetadataChecker {
        path,
        text,
        lines: LineIndex::new(text),
    };
    checker.check(raw, problems)
}

struct MetadataChecker<'a> {
    path: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl MetadataChecker<'_> {
    fn location(&self, value: &Spanned<String>) -> Location {
        let span = value.referenced.span();
        let offset = span.byte_offset().unwrap_or(0) as usize;
        self.lines.locate(
            &Arc::from(self.path),
            self.text,
            offset,
            span.byte_len().unwrap_or(0) as usize,
        )
    }

    fn check(&self, raw: RawSourceMetadata, problems: &mut Vec<Finding>) -> Option<SourceMetadata> {
        let before = problems.len();
        let problems = std::cell::RefCell::new(problems);
        let problem = |value: &Spanned<String>, message: String| {
            problems
                .borrow_mut()
                .push(Finding::new(Code::SourceMetadataInvalid, message).at(self.location(value)));
        };
        for date in [&raw.published, &raw.modified, &raw.retrieved]
            .into_iter()
            .flatten()
        {
            if !is_partial_date(&date.value) {
                problem(
                    date,
                    format!("date {:?} is not YYYY, YYYY-MM or YYYY-MM-DD", date.value),
                );
            }
        }
        let reliability = raw.reliability.as_ref().and_then(|grade| {
            let letter = grade.value.trim();
            match letter.chars().next() {
                Some(c @ 'A'..='F') if letter.len() == 1 => Some(c),
                _ => {
                    problem(
                        grade,
                        format!("reliability {letter:?} is not an Admiralty grade A to F"),
                    );
                    None
                }
            }
        });
        let kind = raw.kind.as_ref().and_then(|kind| {
            let found = SourceKind::from_name(kind.value.trim());
            if found.is_none() {
                let names: Vec<&str> = SourceKind::ALL.iter().map(|kind| kind.name()).collect();
                problem(
                    kind,
                    format!("type {:?} is not one of {}", kind.value, names.join(", ")),
                );
            }
            found
        });
        let recorded_hash = |hash: &Spanned<String>| {
            let hex = hash.value.trim().to_ascii_lowercase();
            if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                Some(RecordedHash {
                    hex,
                    location: self.location(hash),
                })
            } else {
                problem(
                    hash,
                    format!("sha256 {:?} is not 64 hexadecimal digits", hash.value),
                );
                None
            }
        };
        let sha256 = raw.sha256.as_ref().and_then(recorded_hash);
        let provenance = raw.capture.as_ref().and_then(|capture| {
            let recorded = recorded_hash(&capture.sha256)?;
            let original = capture.original.value.trim();
            if !is_plain_relative_path(original) {
                problem(
                    &capture.original,
                    format!("original {original:?} is not a relative path inside the project"),
                );
                return None;
            }
            if let Some(extraction) = &capture.extraction
                && crate::capture::Extraction::from_name(&extraction.value).is_none()
            {
                problem(extraction, format!("extraction {:?} is not main-text or whole-page", extraction.value));
                return None;
            }
            if let Some(media) = &capture.media_type
                && crate::capture::MediaType::from_name(&media.value).is_none()
            {
                problem(media, format!("media-type {:?} is not one claimcheck extracts (text/html, application/warc)", media.value));
                return None;
            }
            Some(Provenance {
                original: original.to_owned(),
                location: self.location(&capture.original),
                recorded,
                extractor: capture.extractor.clone(),
                extraction: capture.extraction.as_ref().map(|e| e.value.clone()),
                url: capture.url.clone(),
                media_type: capture.media_type.as_ref().map(|m| m.value.clone()),
                actual: Err("not read".into()),
                re_extracted: None,
            })
        });
        let status = self.status(&raw, &problem);
        (problems.borrow().len() == before).then(|| SourceMetadata {
            path: self.path.to_owned(),
            title: raw.title,
            publisher: raw.publisher,
            origin: raw.origin,
            url: raw.url,
            authors: raw.authors.unwrap_or_default(),
            kind,
            published: raw.published.map(|date| date.value),
            modified: raw.modified.map(|date| date.value),
            retrieved: raw.retrieved.map(|date| date.value),
            language: raw.language,
            reliability,
            sha256,
            provenance,
            notes: raw.notes,
            status,
        })
    }

    /// `status:` with the date and reason it needs; `status-*` keys need a `status`.
    fn status(
        &self,
        raw: &RawSourceMetadata,
        problem: &dyn Fn(&Spanned<String>, String),
    ) -> Option<SourceStatus> {
        let Some(status) = &raw.status else {
            for orphan in [&raw.status_date, &raw.status_reason].into_iter().flatten() {
                problem(
                    orphan,
                    "a status date or reason needs `status:` (retracted, corrected or disputed)"
                        .into(),
                );
            }
            return None;
        };
        let Some(kind) = StatusKind::from_name(status.value.trim()) else {
            problem(
                status,
                format!(
                    "status {:?} is not retracted, corrected or disputed",
                    status.value
                ),
            );
            return None;
        };
        let date = match &raw.status_date {
            Some(date) if is_partial_date(&date.value) => date.value.clone(),
            Some(date) => {
                problem(
                    date,
                    format!("date {:?} is not YYYY, YYYY-MM or YYYY-MM-DD", date.value),
                );
                return None;
            }
            None => {
                problem(
                    status,
                    format!(
                        "a {} source needs `status-date:`, when it was {}",
                        kind.name(),
                        kind.name()
                    ),
                );
                return None;
            }
        };
        let reason = match &raw.status_reason {
            Some(reason) if !reason.value.trim().is_empty() => reason.value.trim().to_owned(),
            _ => {
                problem(
                    status,
                    format!(
                        "a {} source needs `status-reason:`: readers of the product are told why",
                        kind.name()
                    ),
                );
                return None;
            }
        };
        Some(SourceStatus {
            kind,
            date,
            reason,
            notice: raw.status_notice.clone(),
            location: self.location(status),
        })
    }
}

/// `a/b.html`: no `..`, no root, no empty or `.` parts.
fn is_plain_relative_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a month 01–12 and a day 01–31.
fn is_partial_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        part.len() == len
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.parse().is_ok_and(|n| range.contains(&n))
    };
    !parts.is_empty()
        && parts.len() <= 3
        && number(parts[0], 4, 0..=9999)
        && parts.get(1).is_none_or(|month| number(month, 2, 1..=12))
        && parts.get(2).is_none_or(|day| number(day, 2, 1..=31))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_metadata_prefixes_come_from_file_names() {
        assert_eq!(stem("sources/afp-2021.txt"), "afp-2021");
        assert_eq!(stem("sources/sub/notes"), "notes");
        assert_eq!(without_extension("sources/sub/a.b.txt"), "sources/sub/a.b");
        assert_eq!(without_extension("sources/plain"), "sources/plain");
    }

    #[test]
    fn partial_dates() {
        for good in ["2021", "2021-02", "2021-02-24"] {
            assert!(is_partial_date(good), "{good}");
        }
        for bad in [
            "21",
            "2021-13",
            "2021-2-24",
            "2021-02-32",
            "24 February 2021",
            "",
        ] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }
}
