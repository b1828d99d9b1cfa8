//! Corroboration: how many independent origins stand behind each claim. Two sources
//! carrying the same wire copy (metadata `origin`, e.g. AFP) or from the same publisher
//! are one origin: citing both is circular reporting, not corroboration.

use std::collections::BTreeSet;

use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::source::Source;

/// What stands behind one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSupport {
    pub id: String,
    pub evidence: usize,
    /// Distinct source ids cited.
    pub sources: Vec<String>,
    /// Distinct origins of those sources.
    pub origins: Vec<String>,
    /// Reliability grade of each source, in `sources` order (None: ungraded).
    pub grades: Vec<Option<char>>,
    /// The two-character rating (`B2`) of each source's evidence, in `sources` order:
    /// its grade and the best credibility the claim's evidence from it states.
    pub ratings: Vec<Option<String>>,
    /// The claims it rests on (`based-on`).
    pub based_on: Vec<String>,
}

/// The origin of a source: its wire service, else its publisher, else its id.
pub fn origin_of(source: &Source) -> String {
    let metadata = source.metadata.as_ref();
    metadata
        .and_then(|metadata| {
            metadata
                .origin
                .clone()
                .or_else(|| metadata.publisher.clone())
        })
        .unwrap_or_else(|| source.id.clone())
}

/// Origins in order, each once: they compare without case ("AFP" and "afp" are one
/// agency).
pub fn distinct_origins(origins: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut distinct: Vec<String> = Vec::new();
    for origin in origins {
        if !distinct
            .iter()
            .any(|seen| seen.eq_ignore_ascii_case(&origin))
        {
            distinct.push(origin);
        }
    }
    distinct
}

/// The origin of the source `id`; a missing or unreadable source is its own origin.
pub fn origin_of_id(project: &Project, id: &str) -> String {
    project
        .sources
        .get(id)
        .map_or_else(|| id.to_owned(), origin_of)
}

/// The support of one claim.
pub fn claim_support(project: &Project, claim: &Claim) -> ClaimSupport {
    let sources: BTreeSet<&str> = claim
        .evidence
        .iter()
        .map(|evidence| evidence.source.as_str())
        .collect();
    // A source that is missing or unreadable is its own origin: nothing says otherwise.
    let origins: BTreeSet<String> = sources.iter().map(|id| origin_of_id(project, id)).collect();
    ClaimSupport {
        id: claim.id.clone(),
        evidence: claim.evidence.len(),
        sources: sources.iter().map(|id| id.to_string()).collect(),
        origins: distinct_origins(origins),
        grades: sources
            .iter()
            .map(|id| project.sources.get(*id).and_then(|source| source.grade()))
            .collect(),
        ratings: sources
            .iter()
            .map(|id| {
                let credibility = claim
                    .evidence
                    .iter()
                    .filter(|evidence| evidence.source == *id)
                    .filter_map(|evidence| evidence.credibility)
                    .min();
                let grade = project.sources.get(*id).and_then(|source| source.grade());
                crate::model::judgement::rating(grade, credibility)
            })
            .collect(),
        based_on: claim
            .based_on
            .iter()
            .map(|basis| basis.claim.clone())
            .collect(),
    }
}

/// Claims resting on one source, on one origin through several sources, or (when the
/// project sets a minimum grade) only on sources graded below it.
pub fn findings(project: &Project) -> Vec<Finding> {
    let mut findings = Vec::new();
    for claim in project
        .claims
        .iter()
        .filter(|claim| !claim.evidence.is_empty())
    {
        // A large product that allows a code should not pay for a finding per claim
        // that the policy drops.
        let reported = |code| project.config.reports(code, claim);
        let single = claim
            .evidence
            .iter()
            .all(|evidence| evidence.source == claim.evidence[0].source);
        let weakness_checked =
            project.config.min_grade.is_some() && reported(Code::ClaimWeaklySourced);
        let count_checked = if single {
            reported(Code::ClaimSingleSource)
        } else {
            reported(Code::ClaimCircular)
        };
        if !(count_checked || weakness_checked) {
            continue;
        }
        let support = claim_support(project, claim);
        let at = claim.location.clone();
        if support.sources.len() == 1 {
            findings.push(
                Finding::new(Code::ClaimSingleSource, format!("claim `{}` rests on one source", claim.id))
                    .claim(&claim.id)
                    .source(&support.sources[0])
                    .at(at.clone())
                    .help("corroborate it from an independent source, or say in the statement that it is single-source"),
            );
        } else if support.origins.len() == 1 {
            findings.push(
                Finding::new(
                    Code::ClaimCircular,
                    format!(
                        "claim `{}` cites {} sources, all from one origin ({}): circular reporting",
                        claim.id,
                        support.sources.len(),
                        support.origins[0]
                    ),
                )
                .claim(&claim.id)
                .at(at.clone())
                .help("copies of one report are not independent corroboration; find a source of another origin"),
            );
        }
        if let Some(minimum) = project.config.min_grade {
            // An ungraded source cannot be judged: it counts as F.
            let best = support
                .grades
                .iter()
                .map(|grade| grade.unwrap_or('F'))
                .min()
                .unwrap_or('F');
            if best > minimum {
                findings.push(
                    Finding::new(
                        Code::ClaimWeaklySourced,
                        format!("claim `{}` rests only on sources graded below {minimum} (best: {best})", claim.id),
                    )
                    .claim(&claim.id)
                    .at(at),
                );
            }
        }
    }
    findings
}
