//! Retractions and their reach: every claim citing a source whose metadata says it
//! was retracted (or corrected, or disputed), and every judgement resting on such a
//! claim through `based-on`, with the path and whether it still stands.

use std::collections::HashMap;

use super::impact::{Removed, Standing, Target, Way, dependents};
use crate::load::Project;
use crate::model::claim_graph::ClaimGraph;
use crate::model::code::Code;
use crate::model::finding::{Details, Finding};
use crate::model::source::{Source, StatusKind};

/// A retracted source and every claim it reaches (citing it, or resting on a claim
/// that does): each claim's shortest way down, and whether it still stands without
/// every retracted source.
pub struct Reach<'a> {
    pub source: &'a Source,
    pub claims: HashMap<String, (Way, bool)>,
}

/// The reach of each retracted source, in id order.
pub fn retracted_reach<'a>(project: &'a Project, graph: &ClaimGraph<'a>) -> Vec<Reach<'a>> {
    let retracted: Vec<&Source> = project
        .sources
        .values()
        .filter(|source| source.is_retracted())
        .collect();
    let removed = Removed {
        sources: retracted.iter().map(|source| source.id.clone()).collect(),
        claims: Default::default(),
    };
    let mut standing = Standing::new(graph, &removed);
    retracted
        .into_iter()
        .map(|source| Reach {
            source,
            claims: dependents(&project.claims, &Target::Source(source.id.clone()))
                .into_iter()
                .filter_map(|(id, way)| {
                    let stands = standing.stands(graph.claim(&id)?);
                    Some((id, (way, stands)))
                })
                .collect(),
        })
        .collect()
}

pub fn findings(project: &Project, graph: &ClaimGraph) -> Vec<Finding> {
    if project
        .sources
        .values()
        .all(|source| source.status().is_none())
    {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for reach in retracted_reach(project, graph) {
        let stands = |claim: &str| reach.claims.get(claim).is_some_and(|(_, stands)| *stands);
        findings.extend(cited(project, reach.source, stands));
        findings.extend(judgements_resting_on(graph, &reach));
    }
    for source in project
        .sources
        .values()
        .filter(|source| source.status().is_some() && !source.is_retracted())
    {
        findings.extend(cited(project, source, |_| false));
    }
    findings
}

/// A finding on every evidence entry citing `source`, retracted (saying whether the
/// claim still `stands`), corrected or disputed.
fn cited(project: &Project, source: &Source, stands: impl Fn(&str) -> bool) -> Vec<Finding> {
    let status = source
        .status()
        .expect("only sources with a status are cited here");
    let notice = status
        .notice
        .as_deref()
        .map(|url| format!(" (notice: {url})"))
        .unwrap_or_default();
    let mut findings = Vec::new();
    for claim in &project.claims {
        for evidence in claim.evidence.iter().filter(|e| e.source == source.id) {
            let finding = match status.kind {
                StatusKind::Retracted => {
                    let stands = if stands(&claim.id) {
                        "its other support still stands"
                    } else {
                        "nothing else supports it"
                    };
                    Finding::new(
                        Code::EvidenceRetracted,
                        format!(
                            "claim `{}` cites `{}`, retracted on {}: {}; {stands}",
                            claim.id,
                            source.id,
                            status.date,
                            status.reason.trim_end_matches('.')
                        ),
                    )
                    .help(format!(
                        "remove this evidence, or replace it with a source that stands{notice}"
                    ))
                }
                kind => Finding::new(
                    Code::EvidenceChallenged,
                    format!(
                        "claim `{}` cites `{}`, {} on {}: {}",
                        claim.id,
                        source.id,
                        kind.name(),
                        status.date,
                        status.reason.trim_end_matches('.')
                    ),
                )
                .help(format!(
                    "check the pinned passage against the notice{notice}"
                )),
            };
            findings.push(
                finding
                    .claim(&claim.id)
                    .source(&source.id)
                    .at(evidence.location.clone())
                    .related(
                        format!("`{}` is marked {} here", source.id, status.kind.name()),
                        status.location.clone(),
                    ),
            );
        }
    }
    findings
}

/// Judgements reaching a claim that cites the retracted source through `based-on`.
fn judgements_resting_on(graph: &ClaimGraph, reach: &Reach) -> Vec<Finding> {
    let source = reach.source;
    let mut reached: Vec<(&String, &(Way, bool))> = reach
        .claims
        .iter()
        .filter(|(_, (way, _))| way.depth > 1)
        .collect();
    reached.sort_by(|a, b| a.0.cmp(b.0));
    reached
        .into_iter()
        .filter_map(|(id, (way, stands))| {
            let claim = graph.claim(id)?;
            let basis = &way.path[1];
            let at = claim
                .based_on
                .iter()
                .find(|entry| &entry.claim == basis)
                .map_or_else(|| claim.location.clone(), |entry| entry.location.clone());
            let stands = if *stands {
                "it still stands on its other support"
            } else {
                "nothing else holds it up"
            };
            let words = way.in_words(&source.id);
            Some(
                Finding::new(
                    Code::BasisRetracted,
                    format!(
                        "judgement `{id}` rests on the retracted source `{}`: {words}; {stands}",
                        source.id
                    ),
                )
                .claim(id)
                .source(&source.id)
                .at(at)
                .details(Details::Chain {
                    chain: way.path.clone(),
                })
                .help("review the judgement: restate it on the claims that still stand, or withdraw it"),
            )
        })
        .collect()
}
