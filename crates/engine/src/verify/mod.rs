//! Verify: prove every pin against its source, and check claims and sources for what
//! makes a pin unprovable (missing sources, duplicate ids, unrecorded source changes).
//! Pure: a loaded project in, findings out (`check` adds the analyses and the policy).

pub mod broken;
mod claims;
mod duplicates;
pub mod meaning;
mod pins;
mod sources;
mod statements;
pub mod word_diff;

use crate::cache::Cache;
use crate::load::Project;
use crate::model::finding::{Finding, joined};
use crate::progress::Progress;

/// The load problems, and what the loaded claims and their pins show, before policy.
pub fn claim_and_pin_findings(
    project: &Project,
    cache: &Cache,
    progress: &dyn Progress,
) -> Vec<Finding> {
    joined(claim_and_pin_parts(project, cache, progress))
}

/// [`claim_and_pin_findings`] in the parts it is gathered from, in order: the load
/// problems and the claims' own, the statements', the pins'.
pub fn claim_and_pin_parts(
    project: &Project,
    cache: &Cache,
    progress: &dyn Progress,
) -> [Vec<Finding>; 3] {
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
    [findings, statements, pins]
}

/// What the sources themselves show: metadata, recorded hashes, duplicates.
pub fn source_findings(project: &Project, cache: &Cache) -> Vec<Finding> {
    let mut findings = sources::check_sources(project);
    findings.extend(duplicates::check_duplicates(project, cache));
    findings
}
