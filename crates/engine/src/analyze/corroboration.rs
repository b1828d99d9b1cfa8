//! Corroboration: how many independent origins stand behind each claim. Two sources
//! carrying the same wire copy (metadata `origin`, e.g. AFP) or from the same publisher
//! are one origin: citing both is circular reporting, not corroboration.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::code::Code;
use crate::model::finding::{Finding, FindingParts, parts_of};
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
/// project sets a minimum grade) only on sources graded below it; claim by claim on
/// all cores, in claim order.
pub fn findings(project: &Project) -> FindingParts {
    parts_of(
        project
            .claims
            .par_iter()
            .filter(|claim| !claim.evidence.is_empty())
            .flat_map_iter(|claim| claim_findings(project, claim).into_iter().flatten()),
    )
}

/// The findings of one claim with evidence. Only what a reported code needs is
/// computed: most claims of a large product are single-source, and building their
/// whole support (sets, origins, ratings) was most of this analysis.
fn claim_findings(project: &Project, claim: &Claim) -> [Option<Finding>; 2] {
    // A large product that allows a code should not pay for a finding per claim that
    // the policy drops.
    let reported = |code| project.config.reports(code, claim);
    let first = &claim.evidence[0].source;
    let single = claim
        .evidence
        .iter()
        .all(|evidence| evidence.source == *first);
    let counted = if single {
        reported(Code::ClaimSingleSource).then(|| single_source(claim, first))
    } else if reported(Code::ClaimCircular) {
        circular(project, claim)
    } else {
        None
    };
    let weak = project
        .config
        .min_grade
        .filter(|_| reported(Code::ClaimWeaklySourced))
        .and_then(|minimum| weakly_sourced(project, claim, minimum));
    [counted, weak]
}

fn single_source(claim: &Claim, source: &str) -> Finding {
    Finding::new(Code::ClaimSingleSource, format!("claim `{}` rests on one source", claim.id))
        .claim(&claim.id)
        .source(source)
        .at(claim.location.clone())
        .help("corroborate it from an independent source, or say in the statement that it is single-source")
}

/// A claim citing several sources, all of one origin.
fn circular(project: &Project, claim: &Claim) -> Option<Finding> {
    let support = claim_support(project, claim);
    (support.origins.len() == 1).then(|| {
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
        .at(claim.location.clone())
        .help("copies of one report are not independent corroboration; find a source of another origin")
    })
}

/// A claim whose best source is graded below `minimum`. An ungraded source cannot be
/// judged: it counts as F.
fn weakly_sourced(project: &Project, claim: &Claim, minimum: char) -> Option<Finding> {
    let best = claim
        .evidence
        .iter()
        .map(|evidence| {
            project
                .sources
                .get(&evidence.source)
                .and_then(|source| source.grade())
                .unwrap_or('F')
        })
        .min()
        .unwrap_or('F');
    (best > minimum).then(|| {
        Finding::new(
            Code::ClaimWeaklySourced,
            format!(
                "claim `{}` rests only on sources graded below {minimum} (best: {best})",
                claim.id
            ),
        )
        .claim(&claim.id)
        .at(claim.location.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::config::Level;

    /// The CLI case's product: a claim from two copies of one AFP report, one
    /// corroborated by a second origin, one citing a single source twice.
    fn project() -> Project {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/cmd/check-corroboration.in");
        crate::load::load(&root).expect("the fixture loads")
    }

    fn codes(project: &Project) -> Vec<(Code, String)> {
        findings(project)
            .into_iter()
            .flatten()
            .map(|finding| (finding.code, finding.claim.expect("on a claim")))
            .collect()
    }

    #[test]
    fn each_claim_is_judged_by_its_distinct_sources_and_origins() {
        let mut project = project();
        let found = vec![
            (Code::ClaimCircular, "wounded-circular".to_owned()),
            (Code::ClaimSingleSource, "hangar".to_owned()),
        ];
        assert_eq!(codes(&project), found);
        // The AFP copies are graded B and C, `own` is not (it counts as F): a claim
        // is judged by its best source.
        project.config.min_grade = Some('B');
        assert_eq!(
            codes(&project),
            vec![
                found[0].clone(),
                found[1].clone(),
                (Code::ClaimWeaklySourced, "hangar".to_owned()),
            ]
        );
    }

    #[test]
    fn a_code_the_policy_allows_is_not_looked_for() {
        let mut project = project();
        project.config.min_grade = Some('B');
        for code in [
            Code::ClaimCircular,
            Code::ClaimSingleSource,
            Code::ClaimWeaklySourced,
        ] {
            project.config.levels.insert(code, Level::Allow);
        }
        assert_eq!(codes(&project), vec![]);
    }
}
