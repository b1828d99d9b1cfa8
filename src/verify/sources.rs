//! Source-level checks: metadata present, and the file unchanged since it was recorded.

use crate::hash::hex;
use crate::load::{Project, metadata_path};
use crate::model::code::Code;
use crate::model::finding::{Details, Finding};
use crate::model::location::Location;

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
