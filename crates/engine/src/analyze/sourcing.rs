//! The sourcing summary of a product, as ICD 206 asks of one: its sources by grade and
//! type, its claims by confidence, its key judgements with what they rest on, and the
//! claims that depend on one origin or on a retracted source.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Serialize;

use super::basis::{SupportNode, grounds, support_tree};
use super::retraction::retracted_reach;
use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::claim_graph::ClaimGraph;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SourcingSummary {
    /// Sources cited, by reliability grade (`A`–`F`, or `ungraded`).
    pub sources_by_grade: BTreeMap<String, usize>,
    /// Sources cited, by type (`article`, `report`, … or `untyped`).
    pub sources_by_type: BTreeMap<String, usize>,
    /// Claims by stated confidence (`high`, `moderate`, `low`, or `not stated`).
    pub claims_by_confidence: BTreeMap<String, usize>,
    /// Key judgements (claims resting on others that no claim rests on), each with its
    /// support tree down to the quotes.
    pub judgements: Vec<SupportNode>,
    /// Claims whose supporting quotes, through everything they rest on, come from one
    /// origin.
    pub single_origin: Vec<String>,
    /// Claims depending on a retracted source, directly or through other claims.
    pub retracted: Vec<RetractedDependency>,
}

/// A claim that depends on a retracted source.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RetractedDependency {
    pub claim: String,
    pub source: String,
    /// From the claim down to the source (its first ids, for a long way).
    pub path: Vec<String>,
    /// Whether it keeps support without every retracted source.
    pub stands: bool,
}

/// The key judgements of `claims`: those resting on other claims that none of `claims`
/// rests on, in order.
pub fn key_judgements<'a>(claims: &[&'a Claim]) -> Vec<&'a Claim> {
    let bases: BTreeSet<&str> = claims
        .iter()
        .flat_map(|claim| &claim.based_on)
        .map(|basis| basis.claim.as_str())
        .collect();
    claims
        .iter()
        .copied()
        .filter(|claim| !claim.based_on.is_empty() && !bases.contains(claim.id.as_str()))
        .collect()
}

/// The support trees of the key judgements among `claims`.
pub fn judgement_trees(project: &Project, claims: &[&Claim]) -> Vec<SupportNode> {
    trees(project, &ClaimGraph::new(&project.claims), claims)
}

fn trees(project: &Project, graph: &ClaimGraph, claims: &[&Claim]) -> Vec<SupportNode> {
    key_judgements(claims)
        .into_iter()
        .map(|claim| support_tree(project, graph, claim))
        .collect()
}

/// The summary of `claims` (all of a product's, or those an appendix selects).
pub fn summary(project: &Project, claims: &[&Claim]) -> SourcingSummary {
    let graph = ClaimGraph::new(&project.claims);
    let cited: BTreeSet<&str> = claims
        .iter()
        .flat_map(|claim| &claim.evidence)
        .map(|evidence| evidence.source.as_str())
        .collect();
    let mut sources_by_grade = BTreeMap::new();
    let mut sources_by_type = BTreeMap::new();
    for source in cited.iter().filter_map(|id| project.sources.get(*id)) {
        let grade = source.grade().map_or("ungraded".into(), String::from);
        *sources_by_grade.entry(grade).or_insert(0) += 1;
        let kind = source
            .metadata
            .as_ref()
            .and_then(|metadata| metadata.kind)
            .map_or("untyped", |kind| kind.name());
        *sources_by_type.entry(kind.to_owned()).or_insert(0) += 1;
    }
    let mut claims_by_confidence = BTreeMap::new();
    for claim in claims {
        let level = claim
            .confidence
            .as_ref()
            .map_or("not stated", |stated| stated.level.name());
        *claims_by_confidence.entry(level.to_owned()).or_insert(0) += 1;
    }
    let single_origin = claims
        .iter()
        .filter(|claim| grounds(project, &graph, claim).origins.len() == 1)
        .map(|claim| claim.id.clone())
        .collect();
    SourcingSummary {
        sources_by_grade,
        sources_by_type,
        claims_by_confidence,
        judgements: trees(project, &graph, claims),
        single_origin,
        retracted: retracted(project, &graph, claims),
    }
}

fn retracted(project: &Project, graph: &ClaimGraph, claims: &[&Claim]) -> Vec<RetractedDependency> {
    let mut found = Vec::new();
    for reach in retracted_reach(project, graph) {
        for claim in claims {
            if let Some((way, stands)) = reach.claims.get(&claim.id) {
                found.push(RetractedDependency {
                    claim: claim.id.clone(),
                    source: reach.source.id.clone(),
                    path: way.path.clone(),
                    stands: *stands,
                });
            }
        }
    }
    found
}
