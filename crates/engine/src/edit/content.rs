//! Claims without positions: what an edit must preserve, compared before and after.
//! Each model type is taken apart field by field, with no `..`: a field added to the
//! model does not compile here until the comparison covers it.

use crate::model::claim::{Claim, Evidence, Suppression};
use crate::model::code::Code;
use crate::model::entity::EntityRef;
use crate::model::fact::{Acknowledgement, EvidenceValue, Fact, Stance};
use crate::model::judgement::{Basis, Confidence, StatedConfidence};
use crate::model::pinned_span::PinnedSpan;
use crate::model::value::{DayRange, Value};

/// A claim's content without positions, for comparing two versions of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimContent {
    pub id: String,
    pub statement: String,
    pub evidence: Vec<EvidenceContent>,
    pub allow: Vec<(Code, String)>,
    pub entities: Vec<String>,
    pub fact: Option<FactContent>,
    pub acknowledgements: Vec<(Code, Option<String>, String)>,
    pub confidence: Option<Confidence>,
    pub based_on: Vec<String>,
}

/// A fact without the position of its value.
#[derive(Debug, Clone, PartialEq)]
pub struct FactContent {
    pub subject: String,
    pub property: String,
    pub value: Value,
    pub when: Option<DayRange>,
}

/// An evidence entry's content without positions.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceContent {
    pub source: String,
    pub quote: String,
    pub span: PinnedSpan,
    pub sha256: [u8; 32],
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub stance: Stance,
    pub value: Option<Value>,
    pub credibility: Option<u8>,
}

impl ClaimContent {
    pub fn of(claim: &Claim) -> Self {
        let Claim {
            id,
            statement,
            evidence,
            allow,
            entities,
            fact,
            acknowledgements,
            confidence,
            based_on,
            location: _,
            statement_place: _,
            statement_reading: _,
            estimative: _,
        } = claim;
        Self {
            id: id.clone(),
            statement: statement.clone(),
            evidence: evidence.iter().map(EvidenceContent::of).collect(),
            allow: allow
                .iter()
                .map(
                    |Suppression {
                         code,
                         reason,
                         location: _,
                     }| (*code, reason.clone()),
                )
                .collect(),
            entities: entities
                .iter()
                .map(|EntityRef { name, location: _ }| name.clone())
                .collect(),
            fact: fact.as_deref().map(FactContent::of),
            acknowledgements: acknowledgements
                .iter()
                .map(
                    |Acknowledgement {
                         code,
                         with,
                         rationale,
                         location: _,
                     }| (*code, with.clone(), rationale.clone()),
                )
                .collect(),
            confidence: confidence
                .as_ref()
                .map(|StatedConfidence { level, location: _ }| *level),
            based_on: based_on
                .iter()
                .map(|Basis { claim, location: _ }| claim.clone())
                .collect(),
        }
    }

    /// The content of a new claim: its entities and `evidence`, nothing else yet.
    pub fn new_claim(
        id: &str,
        statement: &str,
        entities: &[String],
        evidence: EvidenceContent,
    ) -> Self {
        Self {
            id: id.to_owned(),
            statement: statement.to_owned(),
            evidence: vec![evidence],
            allow: Vec::new(),
            entities: entities.to_vec(),
            fact: None,
            acknowledgements: Vec::new(),
            confidence: None,
            based_on: Vec::new(),
        }
    }
}

impl FactContent {
    fn of(fact: &Fact) -> Self {
        let Fact {
            subject,
            property,
            value,
            value_location: _,
            when,
        } = fact;
        Self {
            subject: subject.name.clone(),
            property: property.clone(),
            value: value.clone(),
            when: *when,
        }
    }
}

impl EvidenceContent {
    pub fn of(evidence: &Evidence) -> Self {
        let Evidence {
            source,
            quote,
            span,
            sha256,
            prefix,
            suffix,
            location: _,
            source_place: _,
            quote_place: _,
            span_place: _,
            sha256_place: _,
            prefix_place: _,
            suffix_place: _,
            stance,
            value,
            credibility,
            quote_reading: _,
        } = evidence;
        Self {
            source: source.clone(),
            quote: quote.clone(),
            span: *span,
            sha256: *sha256,
            prefix: prefix.clone(),
            suffix: suffix.clone(),
            stance: *stance,
            value: value
                .as_deref()
                .map(|EvidenceValue { value, location: _ }| value.clone()),
            credibility: *credibility,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_claim_file;

    const PIN: &str = "    span: 0..3\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n";

    fn contents(text: &str) -> Vec<ClaimContent> {
        let (claims, problems) = parse_claim_file("claims/c.yaml", text);
        assert!(problems.is_empty(), "{problems:?}");
        claims.iter().map(ClaimContent::of).collect()
    }

    #[test]
    fn positions_do_not_count_and_every_field_does() {
        let full = format!(
            "- id: a\n  statement: S\n  confidence: high\n  based-on: [b]\n  evidence:\n  - source: s\n    quote: abc\n{PIN}    credibility: 2\n- id: b\n  statement: T\n  evidence:\n  - source: s\n    quote: abc\n{PIN}"
        );
        let moved = format!("# a comment moves every position\n\n{full}");
        assert_eq!(contents(&full), contents(&moved));
        for lost in [
            "  confidence: high\n",
            "  based-on: [b]\n",
            "    credibility: 2\n",
        ] {
            let edited = full.replacen(lost, "", 1);
            assert_ne!(contents(&full), contents(&edited), "{lost:?}");
        }
    }
}
