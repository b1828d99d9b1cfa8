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
use crate::model::finding::{Finding, joined};

/// The findings of every analysis, for `check`.
pub fn findings(project: &Project) -> Vec<Finding> {
    // The tradecraft analyses share one index of the claims by id.
    let graph = ClaimGraph::new(&project.claims);
    let graph = &graph;
    // Independent of one another: run side by side, gathered in this order.
    let analyses: [&(dyn Fn() -> Vec<Finding> + Sync); 7] = [
        &|| corroboration::findings(project),
        &|| coverage::findings(project),
        &|| entities::findings(project),
        &|| conflicts::findings(project),
        &|| basis::findings(project, graph),
        &|| confidence::findings(project, graph),
        &|| retraction::findings(project, graph),
    ];
    joined(
        analyses
            .par_iter()
            .map(|analysis| analysis())
            .collect::<Vec<_>>(),
    )
}
