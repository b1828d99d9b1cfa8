//! Confidence and estimative language: whether the confidence a claim states is one
//! its sourcing can bear (ICD 203 and 206), whether its statement's probability words
//! agree with it, and whether a quote rated "confirmed by other sources" is.

use rayon::prelude::*;

use super::basis::{Grounds, grounds};
use super::corroboration::claim_support;
use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::claim_graph::ClaimGraph;
use crate::model::code::Code;
use crate::model::fact::Stance;
use crate::model::finding::{Finding, FindingParts, parts_of};
use crate::model::judgement::Confidence;

pub fn findings(project: &Project, graph: &ClaimGraph) -> FindingParts {
    // Every claim's statement is read: claims on all cores, in order.
    parts_of(
        project
            .claims
            .par_iter()
            .flat_map_iter(|claim| claim_findings(project, graph, claim)),
    )
}

/// The confidence findings of one claim.
fn claim_findings(project: &Project, graph: &ClaimGraph, claim: &Claim) -> Vec<Finding> {
    let mut findings = estimative(project, claim);
    if let Some(stated) = &claim.confidence
        && project.config.reports(Code::ConfidenceUnsupported, claim)
    {
        let reasons = unsupported(
            project,
            claim,
            stated.level,
            &grounds(project, graph, claim),
        );
        if !reasons.is_empty() {
            findings.push(
                Finding::new(
                    Code::ConfidenceUnsupported,
                    format!(
                        "claim `{}` states {} confidence, but {}",
                        claim.id,
                        stated.level,
                        reasons.join("; ")
                    ),
                )
                .claim(&claim.id)
                .at(stated.location.clone())
                .help("lower the confidence, or add independent, better-graded sources"),
            );
        }
    }
    findings.extend(exceeds_basis(graph, claim));
    findings.extend(credibility(project, claim));
    findings
}

/// Why the sourcing of `claim` cannot bear `level`, each as a clause.
fn unsupported(
    project: &Project,
    claim: &Claim,
    level: Confidence,
    grounds: &Grounds,
) -> Vec<String> {
    if grounds.quotes == 0 {
        return vec!["no quote supports it (retracted sources count for nothing)".into()];
    }
    let rules = &project.config.confidence;
    let mut reasons = Vec::new();
    if level == Confidence::High && grounds.origins.len() < rules.high_min_origins {
        reasons.push(format!(
            "it rests on {} independent origin{} ({}), and high confidence needs {}",
            grounds.origins.len(),
            if grounds.origins.len() == 1 { "" } else { "s" },
            grounds.origins.join(", "),
            rules.high_min_origins
        ));
    }
    if let (Some(minimum), Some(best)) = (rules.min_grade(level), grounds.best_grade)
        && best > minimum
    {
        reasons.push(format!(
            "its best source is graded {best}, and {level} confidence needs {minimum} or better"
        ));
    }
    if level == Confidence::High
        && claim
            .evidence
            .iter()
            .any(|evidence| evidence.stance == Stance::Refutes)
    {
        reasons.push("its own evidence is contested (a quote refutes it)".into());
    }
    reasons
}

/// A statement's probability words against its stated confidence. A product that
/// allows the code a claim would get does not pay for reading its statement.
fn estimative(project: &Project, claim: &Claim) -> Vec<Finding> {
    // The same gate decided whether loading read the terms ahead.
    if project.config.estimative_code_for(claim).is_none() {
        return Vec::new();
    }
    let at = claim.statement_location();
    match &claim.confidence {
        None => claim
            .estimative_terms()
            .first()
            .map(|term| {
                Finding::new(
                    Code::EstimativeWithoutConfidence,
                    format!(
                        "claim `{}` says \"{}\" (a probability of {}–{}%) but states no confidence",
                        claim.id,
                        term.words,
                        term.band.percent().0,
                        term.band.percent().1
                    ),
                )
                .claim(&claim.id)
                .at(at.clone())
                .help("add `confidence: low | moderate | high`: how sure the analysts are is not how likely the event is")
            })
            .into_iter()
            .collect(),
        Some(stated) => claim
            .estimative_terms()
            .iter()
            .filter(|term| term.band.least_confidence() > stated.level)
            .map(|term| {
                Finding::new(
                    Code::EstimativeMismatch,
                    format!(
                        "claim `{}` says \"{}\" ({}–{}%) with {} confidence: that near-certainty needs {} confidence",
                        claim.id,
                        term.words,
                        term.band.percent().0,
                        term.band.percent().1,
                        stated.level,
                        term.band.least_confidence()
                    ),
                )
                .claim(&claim.id)
                .at(at.clone())
                .related("confidence stated here", stated.location.clone())
                .help("soften the word (\"likely\", \"unlikely\") or raise the confidence the sourcing can bear")
            })
            .collect(),
    }
}

/// A judgement more confident than everything it rests on that states a confidence.
fn exceeds_basis(graph: &ClaimGraph, claim: &Claim) -> Option<Finding> {
    let stated = claim.confidence.as_ref()?;
    let levels: Vec<Confidence> = graph
        .bases(claim)
        .filter_map(|basis| Some(basis.confidence.as_ref()?.level))
        .collect();
    let highest = levels.iter().copied().max()?;
    (highest < stated.level).then(|| {
        let unstated = graph.bases(claim).count() - levels.len();
        let mut message = format!(
            "claim `{}` states {} confidence, but the claims it rests on state at most {highest}",
            claim.id, stated.level
        );
        if unstated > 0 {
            message.push_str(&format!(" ({unstated} state none)"));
        }
        Finding::new(Code::ConfidenceExceedsBasis, message)
            .claim(&claim.id)
            .at(stated.location.clone())
            .help("a judgement is no surer than its bases: lower its confidence, or add evidence of its own")
    })
}

/// Credibility 1 ("confirmed by other sources") on a claim with one origin.
fn credibility(project: &Project, claim: &Claim) -> Vec<Finding> {
    let rated: Vec<_> = claim
        .evidence
        .iter()
        .filter(|evidence| evidence.credibility == Some(1))
        .collect();
    if rated.is_empty() {
        return Vec::new();
    }
    let support = claim_support(project, claim);
    if support.origins.len() >= 2 {
        return Vec::new();
    }
    rated
        .into_iter()
        .map(|evidence| {
            Finding::new(
                Code::CredibilityUncorroborated,
                format!(
                    "evidence from `{}` is rated credibility 1 (confirmed by other sources), but claim `{}` has one origin ({})",
                    evidence.source,
                    claim.id,
                    support.origins.join(", ")
                ),
            )
            .claim(&claim.id)
            .source(&evidence.source)
            .at(evidence.location.clone())
            .help("cite the confirming source in this claim, or rate it 2 (probably true)")
        })
        .collect()
}
