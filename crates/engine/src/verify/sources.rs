//! Source-level checks: metadata present, and the file unchanged since it was recorded.

use rayon::prelude::*;

use crate::cache::{Cache, Key};
use crate::hash::hex;
use crate::load::{Project, metadata_path};
use crate::model::code::Code;
use crate::model::finding::{Details, Finding};
use crate::model::location::Location;
use crate::model::source::{Provenance, RecordedHash, Source};
use crate::sanitize::inline;

/// What each source's metadata and recorded hash show, in source order, on all
/// cores: a source's SHA-256 is worked out here, where its metadata records one (or
/// its missing metadata's help gives one), unless `cache` remembers it.
pub fn check_sources(project: &Project, cache: &Cache) -> Vec<Finding> {
    let key = cache.is_enabled().then(|| sha256s_key(project));
    let recalled = key.map_or_else(Vec::new, |key| recall_sha256s(project, cache, key));
    let findings = check_each(project);
    if let Some(key) = key {
        remember_sha256s(project, cache, key, &recalled);
    }
    findings
}

fn check_each(project: &Project) -> Vec<Finding> {
    project
        .sources
        .par_iter()
        .flat_map_iter(|(_, source)| match &source.metadata {
            None => no_metadata(project, source).into_iter().collect::<Vec<_>>(),
            Some(metadata) => {
                let original = metadata
                    .provenance
                    .as_ref()
                    .and_then(|provenance| check_original(source, provenance));
                let changed = metadata
                    .sha256
                    .as_ref()
                    .and_then(|recorded| unregistered_change(source, recorded));
                original.into_iter().chain(changed).collect()
            }
        })
        .collect()
}

/// SHA-256s of sources by their BLAKE3 digests, as the cache keeps them.
type Sha256s = Vec<([u8; 32], [u8; 32])>;

/// The key of the SHA-256s the source checks worked out for the project's sources as
/// they are now: a warm run whose sources did not change hashes none of them again.
/// A product whose metadata records each source's SHA-256, as `add` writes it, had
/// every source hashed on every run.
fn sha256s_key(project: &Project) -> Key {
    super::key_over_sources("source-sha256s", project)
}

/// Gives each source the SHA-256 the cache remembers for its digest; what it recalled.
fn recall_sha256s(project: &Project, cache: &Cache, key: Key) -> Sha256s {
    let recalled: Sha256s = cache.get(key).unwrap_or_default();
    let by_digest: foldhash::HashMap<&[u8; 32], &[u8; 32]> = recalled
        .iter()
        .map(|(digest, sha256)| (digest, sha256))
        .collect();
    for source in project.sources.values() {
        if let Some(sha256) = by_digest.get(&source.digest) {
            source.recall_sha256(**sha256);
        }
    }
    recalled
}

/// Stores the SHA-256s known now under `key`, when they are not those `recalled`.
fn remember_sha256s(project: &Project, cache: &Cache, key: Key, recalled: &Sha256s) {
    let mut known: Sha256s = project
        .sources
        .values()
        .filter_map(|source| Some((source.digest, source.known_sha256()?)))
        .collect();
    known.sort_unstable();
    known.dedup();
    if known != *recalled {
        cache.put(key, &known);
    }
}

/// `source-no-metadata` for `source`, unless the project allows it (its help hashes
/// the source) or the metadata exists and is reported as invalid.
fn no_metadata(project: &Project, source: &Source) -> Option<Finding> {
    project.config.severity(Code::SourceNoMetadata)?;
    let metadata_path = metadata_path(&source.path);
    let invalid = project.problems.iter().any(|problem| {
        problem
            .location
            .as_ref()
            .is_some_and(|location| *location.path == *metadata_path)
    });
    (!invalid).then(|| {
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
            hex(&source.sha256())
        ))
    })
}

/// `source-unregistered-change` when `source`'s text no longer has the SHA-256 its
/// metadata records.
fn unregistered_change(source: &Source, recorded: &RecordedHash) -> Option<Finding> {
    let actual = hex(&source.sha256());
    (recorded.hex != actual).then(|| {
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
        .details(Details::Hash {
            recorded: recorded.hex.clone(),
            actual,
        })
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A project of three sources: one whose metadata records its SHA-256 (`recorded`),
    /// one whose metadata records none (`unrecorded`) and one without metadata (`bare`),
    /// with `toml` as its configuration.
    fn project(toml: &str) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sources")).unwrap();
        std::fs::create_dir_all(root.join("claims")).unwrap();
        std::fs::write(root.join("claimcheck.toml"), toml).unwrap();
        for id in ["recorded", "unrecorded", "bare"] {
            std::fs::write(
                root.join(format!("sources/{id}.txt")),
                "The base was hit.\n",
            )
            .unwrap();
        }
        let digest = crate::hash::sha256_hex(b"The base was hit, again.\n");
        std::fs::write(
            root.join("sources/recorded.meta.yaml"),
            format!("title: T\nsha256: {digest}\n"),
        )
        .unwrap();
        std::fs::write(root.join("sources/unrecorded.meta.yaml"), "title: T\n").unwrap();
        let project = crate::load::load(root).unwrap();
        (dir, project)
    }

    #[test]
    fn only_sources_whose_sha256_is_asked_for_are_hashed() {
        let (_dir, project) = project("");
        let findings = check_sources(&project, &Cache::disabled());
        let codes: Vec<(Code, Option<&str>)> = findings
            .iter()
            .map(|finding| (finding.code, finding.source.as_deref()))
            .collect();
        assert_eq!(
            codes,
            [
                (Code::SourceNoMetadata, Some("bare")),
                (Code::SourceUnregisteredChange, Some("recorded")),
            ]
        );
        let actual = crate::hash::sha256_hex(b"The base was hit.\n");
        assert!(findings.iter().all(|finding| {
            finding
                .help
                .as_deref()
                .is_some_and(|help| help.contains(&actual))
        }));
        let known = |id: &str| project.sources[id].known_sha256().is_some();
        assert!(known("recorded") && known("bare") && !known("unrecorded"));
    }

    #[test]
    fn an_allowed_missing_metadata_hashes_nothing() {
        let (_dir, project) = project("[severity]\nsource-no-metadata = \"allow\"\n");
        let findings = check_sources(&project, &Cache::disabled());
        assert_eq!(findings.len(), 1);
        assert!(project.sources["bare"].known_sha256().is_none());
    }

    #[test]
    fn a_warm_run_recalls_the_sha256s_of_unchanged_sources() {
        let (dir, _) = project("");
        let root = dir.path().canonicalize().unwrap();
        // Bytes of its own, which no check hashes: recalled by digest, it stays unknown.
        std::fs::write(root.join("sources/unrecorded.txt"), "Unrecorded.\n").unwrap();
        let project = crate::load::load(&root).unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        // Each run opens the cache, and saves what it stored for the next.
        let open = || Cache::open(&root, Some(cache_dir.path())).unwrap();
        let cache = open();
        let helps = |findings: Vec<Finding>| -> Vec<Option<String>> {
            findings
                .into_iter()
                .map(|finding| finding.help.map(String::from))
                .collect()
        };
        let cold = helps(check_sources(&project, &cache));
        cache.save();
        let cache = open();
        let known = |project: &Project, id: &str| project.sources[id].known_sha256();

        let again = crate::load::load(&root).unwrap();
        recall_sha256s(&again, &cache, sha256s_key(&again));
        let actual = crate::hash::sha256(b"The base was hit.\n");
        assert_eq!(known(&again, "recorded"), Some(actual));
        assert_eq!(known(&again, "bare"), Some(actual));
        assert_eq!(known(&again, "unrecorded"), None);
        assert_eq!(helps(check_sources(&again, &cache)), cold);

        // A source changed since: nothing recalled, its new bytes hashed.
        std::fs::write(root.join("sources/bare.txt"), "The base was not hit.\n").unwrap();
        let changed = crate::load::load(&root).unwrap();
        recall_sha256s(&changed, &cache, sha256s_key(&changed));
        assert!(
            changed
                .sources
                .values()
                .all(|source| source.known_sha256().is_none())
        );
        let findings = check_sources(&changed, &cache);
        let fresh = crate::hash::sha256_hex(b"The base was not hit.\n");
        assert!(findings.iter().any(|finding| {
            finding.code == Code::SourceNoMetadata
                && finding
                    .help
                    .as_deref()
                    .is_some_and(|help| help.contains(&fresh))
        }));
    }

    #[test]
    fn a_source_is_identified_by_blake3_and_recorded_by_sha256() {
        let (_dir, project) = project("");
        let source = &project.sources["bare"];
        assert_eq!(
            source.digest,
            crate::hash::content_digest(source.text.as_bytes())
        );
        assert_eq!(source.sha256(), crate::hash::sha256(source.text.as_bytes()));
        assert_ne!(source.digest, source.sha256());
    }
}
