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

use rayon::prelude::*;

use crate::load::Project;
use crate::model::claim_graph::ClaimGraph;
use crate::model::finding::FindingParts;

/// The findings of every analysis, for `check`, in parts.
pub fn findings(project: &Project) -> FindingParts {
    // The tradecraft analyses share one index of the claims by id.
    let graph = ClaimGraph::new(&project.claims);
    let graph = &graph;
    // Independent of one another: run side by side, gathered in this order.
    let analyses: [&(dyn Fn() -> FindingParts + Sync); 7] = [
        &|| corroboration::findings(project),
        &|| vec![coverage::findings(project)],
        &|| vec![entities::findings(project)],
        &|| vec![conflicts::findings(project)],
        &|| vec![basis::findings(project, graph)],
        &|| confidence::findings(project, graph),
        &|| vec![retraction::findings(project, graph)],
    ];
    analyses
        .par_iter()
        .flat_map_iter(|analysis| analysis())
        .collect()
}
