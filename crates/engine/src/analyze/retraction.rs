//! Retractions and their reach: every claim citing a source whose metadata says it
//! was retracted (or corrected, or disputed), and every judgement resting on such a
//! claim through `based-on`, with the path and whether it still stands.

use super::impact::{Removed, Standing, Target, Way, dependents};
use crate::load::Project;
use crate::model::claim_graph::ClaimGraph;
use crate::model::code::Code;
use crate::model::finding::{Details, Finding};
use crate::model::source::{Source, StatusKind};

pub fn findings(project: &Project) -> Vec<Finding> {
    let flagged: Vec<&Source> = project
        .sources
        .values()
        .filter(|source| source.status().is_some())
        .collect();
    if flagged.is_empty() {
        return Vec::new();
    }
    let graph = ClaimGraph::new(&project.claims);
    let removed = Removed {
        sources: flagged
            .iter()
            .filter(|source| source.is_retracted())
            .map(|source| source.id.clone())
            .collect(),
        claims: Default::default(),
    };
    let mut standing = Standing::new(&graph, &removed);
    let mut findings = Vec::new();
    for source in flagged {
        let status = source.status().expect("flagged sources have a status");
        let notice = status
            .notice
            .as_deref()
            .map(|url| format!(" (notice: {url})"))
            .unwrap_or_default();
        for claim in &project.claims {
            for evidence in claim.evidence.iter().filter(|e| e.source == source.id) {
                let finding = match status.kind {
                    StatusKind::Retracted => {
                        let stands = if standing.stands(claim) {
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
        if status.kind == StatusKind::Retracted {
            findings.extend(judgements_resting_on(
                project,
                &graph,
                &mut standing,
                source,
            ));
        }
    }
    findings
}

/// Judgements reaching a claim that cites the retracted `source` through `based-on`.
fn judgements_resting_on<'a>(
    project: &'a Project,
    graph: &ClaimGraph<'a>,
    standing: &mut Standing<'_, 'a>,
    source: &Source,
) -> Vec<Finding> {
    let mut reached: Vec<(String, Way)> =
        dependents(&project.claims, &Target::Source(source.id.clone()))
            .into_iter()
            .filter(|(_, way)| way.depth > 1)
            .collect();
    reached.sort_by(|a, b| a.0.cmp(&b.0));
    reached
        .into_iter()
        .filter_map(|(id, way)| {
            let claim = graph.claim(&id)?;
            let basis = &way.path[1];
            let at = claim
                .based_on
                .iter()
                .find(|entry| &entry.claim == basis)
                .map_or_else(|| claim.location.clone(), |entry| entry.location.clone());
            let stands = if standing.stands(claim) {
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
                .claim(&id)
                .source(&source.id)
                .at(at)
                .details(Details::Chain { chain: way.path })
                .help("review the judgement: restate it on the claims that still stand, or withdraw it"),
            )
        })
        .collect()
}
