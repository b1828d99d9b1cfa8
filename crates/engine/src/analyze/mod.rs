//! Analyze: what the verified project adds up to, across claims and sources. Pure: a
//! loaded project in, reports and findings out.

pub mod basis;
pub mod confidence;
pub mod conflicts;
pub mod corroboration;
pub mod coverage;
pub mod diff;
pub mod entities;
pub mod impact;
pub mod retraction;
pub mod sourcing;

use crate::load::Project;
use crate::model::claim_graph::ClaimGraph;
use crate::model::finding::Finding;

/// The findings of every analysis, for `check`.
pub fn findings(project: &Project) -> Vec<Finding> {
    let mut findings = corroboration::findings(project);
    findings.extend(coverage::findings(project));
    findings.extend(entities::findings(project));
    findings.extend(conflicts::findings(project));
    // The tradecraft analyses share one index of the claims by id.
    let graph = ClaimGraph::new(&project.claims);
    findings.extend(basis::findings(project, &graph));
    findings.extend(confidence::findings(project, &graph));
    findings.extend(retraction::findings(project, &graph));
    findings
}
