//! Check: everything `check` reports about a loaded project: the load problems, what
//! verification proves of claims, pins and sources, and the analyses' findings, under
//! the project's policy. Pure but for the cache of proven pins it is handed.

mod order;
mod policy;

pub use order::Findings;

use crate::cache::Cache;
use crate::load::Project;
use crate::model::finding::Finding;
use crate::progress::{Progress, Silent};

/// Every finding about `project`: its load problems, then what verification and the
/// analyses found, under the project's policy, ordered by file and position.
pub fn check(project: &Project) -> Vec<Finding> {
    check_cached(project, &Cache::disabled(), &Silent).into_vec()
}

/// [`check`], with pins already proven against unchanged bytes taken from `cache`;
/// pins proven are counted on `progress`.
pub fn check_cached(project: &Project, cache: &Cache, progress: &dyn Progress) -> Findings {
    // Independent: the analyses and the sources' own findings are worked out while
    // pins are proven, so no core waits for the slowest of them.
    let (mut parts, (sources, analyses)) = rayon::join(
        || crate::verify::claim_and_pin_parts(project, cache, progress),
        || {
            rayon::join(
                || crate::verify::source_findings(project, cache),
                || crate::analyze::findings(project),
            )
        },
    );
    parts.push(sources);
    parts.extend(analyses);
    policy::apply_policy(project, parts, true)
}

/// What one shard of a partitioned run (`check --partition`) can prove alone about
/// its claim files: their load problems, their claims and their pins, under the
/// project's policy. Findings across claim files (duplicate ids, conflicts, coverage,
/// unused suppressions) need every shard: `claimcheck merge` reports them.
pub fn check_shard(project: &Project, cache: &Cache, progress: &dyn Progress) -> Findings {
    let parts = crate::verify::claim_and_pin_parts(project, cache, progress);
    policy::apply_policy(project, parts, false)
}
