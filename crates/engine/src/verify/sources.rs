//! Source-level checks: metadata present, and the file unchanged since it was recorded.

use crate::hash::hex;
use crate::load::{Project, metadata_path};
use crate::model::code::Code;
use crate::model::finding::{Details, Finding};
use crate::model::location::Location;
use crate::model::source::{Provenance, Source};
use crate::sanitize::inline;

pub fn check_sources(project: &Project) -> Vec<Finding> {
    let mut findings = Vec::new();
    for source in project.sources.values() {
        let Some(metadata) = &source.metadata else {
            let metadata_path = metadata_path(&source.path);
            // Metadata that exists but is invalid is already reported as such.
            let invalid = project.problems.iter().any(|problem| {
                problem
                    .location
                    .as_ref()
                    .is_some_and(|location| *location.path == *metadata_path)
            });
            if !invalid {
                findings.push(
                    Finding::new(
                        Code::SourceNoMetadata,
                        format!("source `{}` has no metadata", source.id),
                    )
                    .source(&source.id)
                    .at(Location::file(&source.path))
                    .help(format!(
                        "create `{}` with its title, publisher, origin, url, published, retrieved, \
                             reliability and `sha256: {}`",
                        metadata_path,
                        hex(&source.digest)
                    )),
                );
            }
            continue;
        };
        if let Some(provenance) = &metadata.provenance {
            findings.extend(check_original(source, provenance));
        }
        let Some(recorded) = &metadata.sha256 else {
            continue;
        };
        let actual = hex(&source.digest);
        if recorded.hex != actual {
            findings.push(
                Finding::new(
                    Code::SourceUnregisteredChange,
                    format!("source `{}` changed since its SHA-256 was recorded", source.id),
                )
                .source(&source.id)
                .at(recorded.location.clone())
                .related("the changed file", Location::file(&source.path))
                .help(format!(
                    "if the new capture is intended, record `sha256: {actual}` and re-pin the quotes that moved"
                ))
                .details(Details::Hash { recorded: recorded.hex.clone(), actual }),
            );
        }
    }
    findings
}

/// A captured source's original: there, unchanged, and (when extracted again) giving
/// the source's text.
fn check_original(source: &Source, provenance: &Provenance) -> Option<Finding> {
    let original = || Location::file(&provenance.original);
    let digest = match &provenance.actual {
        Ok(digest) => digest,
        Err(reason) => {
            return Some(
                Finding::new(
                    Code::SourceOriginalMissing,
                    format!("the original of source `{}` cannot be read: {}", source.id, inline(reason)),
                )
                .source(&source.id)
                .at(provenance.location.clone())
                .help("restore the original (git checkout), or capture the page again with `claimcheck add --update`"),
            );
        }
    };
    let actual = hex(digest);
    if actual != provenance.recorded.hex {
        return Some(
            Finding::new(
                Code::SourceOriginalChanged,
                format!(
                    "the original of source `{}` changed since it was captured",
                    source.id
                ),
            )
            .source(&source.id)
            .at(provenance.recorded.location.clone())
            .related("the changed original", original())
            .help("restore the original, or capture the page again with `claimcheck add --update`")
            .details(Details::Hash {
                recorded: provenance.recorded.hex.clone(),
                actual,
            }),
        );
    }
    let again = provenance.re_extracted.as_ref()?;
    let same_extractor =
        provenance.extractor.as_deref() == again.as_ref().ok().map(|again| again.extractor);
    let differs = |text: String| {
        let code = if same_extractor {
            Code::SourceExtractionDiffers
        } else {
            Code::SourceExtractorChanged
        };
        Finding::new(code, text)
            .source(&source.id)
            .at(Location::file(&source.path))
            .related("extracted from", original())
    };
    match again {
        Err(reason) => Some(differs(format!(
            "the original of source `{}` no longer extracts: {}",
            source.id,
            inline(reason)
        ))),
        Ok(again) if again.digest != source.digest => Some(if same_extractor {
            differs(format!(
                "extracting the original of source `{}` again gives a different text than the source file",
                source.id
            ))
            .help("the source file was edited after capture: restore it (git checkout), or capture again with `claimcheck add --update`")
        } else {
            differs(format!(
                "source `{}` was extracted by {}; {} gives a different text from the same original",
                source.id,
                inline(provenance.extractor.as_deref().unwrap_or("an unnamed extractor")),
                again.extractor
            ))
            .help("pins still point into the recorded text; `claimcheck add --update` would capture with this version")
        }),
        Ok(_) => None,
    }
}
