//! The project's policy over findings: per-code levels from `claimcheck.toml`, and the
//! inline suppressions (`allow`) of each claim, whose unused entries are reported.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::code::{Code, Severity};
use crate::model::finding::{Finding, FindingParts};

use super::order::Findings;

/// The findings of `parts` the project's levels and suppressions keep, in order. Input
/// errors are never changed: the input must be fixed. Unused suppressions are reported
/// only when the findings are complete (not for one shard of a partitioned run).
pub fn apply_policy(project: &Project, mut parts: FindingParts, complete: bool) -> Findings {
    // Only claims with suppressions are looked up: building a map of every claim
    // would cost more than the look-ups on a large product.
    let claims: HashMap<&str, &Claim> = project
        .claims
        .iter()
        .filter(|claim| !claim.allow.is_empty())
        .map(|claim| (claim.id.as_str(), claim))
        .collect();
    // In place, in the parts the stages gathered: what is dropped is never copied or
    // ordered. On all cores: one part after another, 120,000 findings were a serial
    // tenth of `check`.
    let used: HashSet<(&str, Code)> = parts
        .par_iter_mut()
        .flat_map_iter(|part| {
            let mut used = Vec::new();
            part.retain_mut(|finding| {
                if let Some(claim) = finding.claim.as_deref().and_then(|id| claims.get(id))
                    && claim.allow.iter().any(|entry| entry.code == finding.code)
                {
                    used.push((claim.id.as_str(), finding.code));
                    return false;
                }
                set_level(project, finding)
            });
            used
        })
        .collect();
    let mut unused_entries = Vec::new();
    if complete {
        for claim in &project.claims {
            for entry in claim
                .allow
                .iter()
                .filter(|entry| !used.contains(&(claim.id.as_str(), entry.code)))
            {
                let mut unused = Finding::new(
                    Code::SuppressionUnused,
                    format!(
                        "claim `{}` allows `{}`, but has no such finding",
                        claim.id, entry.code
                    ),
                )
                .claim(&claim.id)
                .at(entry.location.clone())
                .help("remove the entry: suppressions that match nothing hide future findings");
                if set_level(project, &mut unused) {
                    unused_entries.push(unused);
                }
            }
        }
    }
    parts.push(unused_entries);
    Findings::new(parts)
}

/// Gives the finding the level the project gives its code; false when the code is
/// allowed.
fn set_level(project: &Project, finding: &mut Finding) -> bool {
    // Input errors must be fixed; acknowledged conflicts (notes) were reviewed.
    if !finding.code.is_input_error() && finding.severity != Severity::Note {
        match project.config.severity(finding.code) {
            Some(severity) => finding.severity = severity,
            None => return false,
        }
    }
    true
}
