//! Verify: prove every pin against its source, and check claims and sources for what
//! makes a pin unprovable (missing sources, duplicate ids, unrecorded source changes).
//! Pure: a loaded project in, findings out (`check` adds the analyses and the policy).

pub mod broken;
mod claims;
mod duplicates;
pub mod meaning;
mod pins;
mod quote_counts;
mod sources;
mod statements;
pub mod word_diff;

use crate::cache::{Cache, Key};
use crate::load::Project;
use crate::model::finding::{Finding, FindingParts};
use crate::progress::Progress;

/// The load problems, and what the loaded claims and their pins show, before policy,
/// in the parts they are gathered in: the load problems and the claims' own, the
/// statements', the pins'.
pub fn claim_and_pin_parts(
    project: &Project,
    cache: &Cache,
    progress: &dyn Progress,
) -> FindingParts {
    // Independent: statements are read while pins are proven.
    let ((findings, statements), pins) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut findings = project.problems.clone();
                    findings.extend(claims::check_claims(&project.claims));
                    findings
                },
                || statements::check_statements(project),
            )
        },
        || pins::check_pins(project, cache, progress),
    );
    let mut parts = vec![findings];
    parts.extend(statements);
    parts.push(pins);
    parts
}

/// The key of a cache entry of `kind` computed from all of the project's sources:
/// their ids and bytes (BLAKE3 digests).
fn key_over_sources(kind: &str, project: &Project) -> Key {
    project
        .sources
        .iter()
        .fold(Cache::key(kind), |key, (id, source)| {
            key.part(id.as_bytes()).part(&source.digest)
        })
        .finish()
}

/// What the sources themselves show: metadata, recorded hashes, duplicates.
pub fn source_findings(project: &Project, cache: &Cache) -> Vec<Finding> {
    let mut findings = sources::check_sources(project, cache);
    findings.extend(duplicates::check_duplicates(project, cache));
    findings
}
