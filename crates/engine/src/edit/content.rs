//! Claims without positions: what an edit must preserve, compared before and after.

use crate::model::claim::{Claim, Evidence};
use crate::model::code::Code;
use crate::model::fact::{Acknowledgement, EvidenceValue, Fact, Stance};
use crate::model::pinned_span::PinnedSpan;

/// A claim's content without positions, for comparing two versions of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimContent {
    pub id: String,
    pub statement: String,
    pub evidence: Vec<EvidenceContent>,
    pub allow: Vec<(Code, String)>,
    /// Entities, fact and acknowledgements, written out without positions.
    pub structure: String,
}

/// An evidence entry's content without positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceContent {
    pub source: String,
    pub quote: String,
    pub span: PinnedSpan,
    pub sha256: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Stance and value, written out without positions.
    pub structure: String,
}

impl ClaimContent {
    pub fn of(claim: &Claim) -> Self {
        Self {
            id: claim.id.clone(),
            statement: claim.statement.clone(),
            evidence: claim.evidence.iter().map(EvidenceContent::of).collect(),
            allow: claim
                .allow
                .iter()
                .map(|entry| (entry.code, entry.reason.clone()))
                .collect(),
            structure: structure(
                &claim
                    .entities
                    .iter()
                    .map(|entity| entity.name.as_str())
                    .collect::<Vec<_>>(),
                claim.fact.as_deref(),
                &claim.acknowledgements,
            ),
        }
    }

    /// The content of a new claim: its entities and `evidence`, no fact yet.
    pub fn new_claim(
        id: &str,
        statement: &str,
        entities: &[String],
        evidence: EvidenceContent,
    ) -> Self {
        let entities: Vec<&str> = entities.iter().map(String::as_str).collect();
        Self {
            id: id.to_owned(),
            statement: statement.to_owned(),
            evidence: vec![evidence],
            allow: Vec::new(),
            structure: structure(&entities, None, &[]),
        }
    }
}

/// Entities, fact and acknowledgements of a claim, without positions.
fn structure(
    entities: &[&str],
    fact: Option<&Fact>,
    acknowledgements: &[Acknowledgement],
) -> String {
    let fact = fact.map(|fact| {
        format!(
            "{} {} {} {:?}",
            fact.subject.name, fact.property, fact.value, fact.when
        )
    });
    let acknowledgements: Vec<String> = acknowledgements
        .iter()
        .map(|entry| format!("{} {:?} {}", entry.code, entry.with, entry.rationale))
        .collect();
    format!("{entities:?} {fact:?} {acknowledgements:?}")
}

/// Stance and value of an evidence entry, without positions.
pub fn evidence_structure(stance: Stance, value: Option<&EvidenceValue>) -> String {
    format!(
        "{stance:?} {:?}",
        value.map(|value| value.value.to_string())
    )
}

impl EvidenceContent {
    pub fn of(evidence: &Evidence) -> Self {
        Self {
            source: evidence.source.clone(),
            quote: evidence.quote.clone(),
            span: evidence.span,
            sha256: evidence.sha256.clone(),
            prefix: evidence.prefix.clone(),
            suffix: evidence.suffix.clone(),
            structure: evidence_structure(evidence.stance, evidence.value.as_deref()),
        }
    }
}
