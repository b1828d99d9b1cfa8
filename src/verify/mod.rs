//! Verify: prove every pin against its source, and check claims and sources for what
//! makes a pin unprovable (missing sources, duplicate ids, unrecorded source changes);
//! `verify` also gathers the analyses' findings and applies the project's policy, so it
//! returns everything `check` reports. Pure: a loaded project in, findings out.

pub mod broken;
mod claims;
mod duplicates;
pub mod meaning;
mod pins;
mod policy;
mod sources;
mod statements;
pub mod word_diff;

use crate::cache::Cache;
use crate::load::Project;
use crate::model::finding::Finding;
use crate::progress::{Progress, Silent};

/// Every finding about `project`: its load problems, then what verification found,
/// ordered by file and position.
pub fn verify(project: &Project) -> Vec<Finding> {
    verify_cached(project, &Cache::disabled(), &Silent)
}

/// [`verify`], with pins already proven against unchanged bytes taken from `cache`;
/// pins proven are counted on `progress`.
pub fn verify_cached(project: &Project, cache: &Cache, progress: &dyn Progress) -> Vec<Finding> {
    let mut findings = load_claim_pin_findings(project, cache, progress);
    findings.extend(sources::check_sources(project));
    findings.extend(duplicates::check_duplicates(project));
    findings.extend(crate::analyze::findings(project));
    policy::apply_policy(project, findings, true)
}

/// What one shard of a partitioned run (`check --partition`) can prove alone about
/// its claim files: their load problems, their claims and their pins, under the
/// project's policy. Findings across claim files (duplicate ids, conflicts, coverage,
/// unused suppressions) need every shard: `claimcheck merge` reports them.
pub fn verify_shard(project: &Project, cache: &Cache, progress: &dyn Progress) -> Vec<Finding> {
    let findings = load_claim_pin_findings(project, cache, progress);
    policy::apply_policy(project, findings, false)
}

/// The load problems, and what the loaded claims and their pins show, before policy.
fn load_claim_pin_findings(
    project: &Project,
    cache: &Cache,
    progress: &dyn Progress,
) -> Vec<Finding> {
    let mut findings = project.problems.clone();
    findings.extend(claims::check_claims(&project.claims));
    findings.extend(statements::check_statements(project));
    findings.extend(pins::check_pins(project, cache, progress));
    findings
}

/// Orders findings by file, then position, then code, so output is stable.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |finding: &Finding| {
            finding
                .location
                .as_ref()
                .map(|location| (location.path.clone(), location.offset))
        };
        // Findings without a location sort last.
        (key(a).is_none(), key(a), a.code).cmp(&(key(b).is_none(), key(b), b.code))
    });
}
