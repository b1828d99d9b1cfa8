//! `Claim` and `Evidence`: what an analyst asserts and the pinned quotes behind it.

use super::code::Code;
use super::entity::EntityRef;
use super::fact::{Acknowledgement, EvidenceValue, Fact, Stance};
use super::judgement::{Basis, StatedConfidence};
use super::location::Location;
use super::pinned_span::PinnedSpan;

/// One claim from a claim file, with the places its parts were written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    pub id: String,
    pub statement: String,
    pub evidence: Vec<Evidence>,
    /// Findings this claim is allowed to have, each with the analyst's reason.
    pub allow: Vec<Suppression>,
    /// Entities the claim is about, by id or spelling.
    pub entities: Vec<EntityRef>,
    /// What the claim states as data, if it does.
    /// Boxed: few claims state a fact, and every claim would carry its size.
    pub fact: Option<Box<Fact>>,
    /// Conflicts the analysts reviewed, with their rationale.
    pub acknowledgements: Vec<Acknowledgement>,
    /// How confident the analyst is in the claim, if stated.
    pub confidence: Option<StatedConfidence>,
    /// The claims this one rests on (`based-on`): a judgement built on other claims.
    pub based_on: Vec<Basis>,
    /// Where the claim's `id` value is.
    pub location: Location,
    /// Where its `statement` value is.
    pub statement_location: Location,
}

/// An inline suppression: `allow: [{code, reason}]` on a claim.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    pub code: Code,
    pub reason: String,
    /// Where the `code` value is.
    pub location: Location,
}

/// One pinned quote: the exact bytes `span` of `source`, whose SHA-256 is `sha256`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub source: String,
    pub quote: String,
    pub span: PinnedSpan,
    /// Lower-case hex SHA-256 of the pinned bytes.
    pub sha256: String,
    /// Source text just before and after the span when it was pinned, to tell apart
    /// candidate places if the source changes.
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Where the evidence entry starts.
    pub location: Location,
    pub source_location: Location,
    pub quote_location: Location,
    pub span_location: Location,
    pub sha256_location: Location,
    pub prefix_location: Option<Location>,
    pub suffix_location: Option<Location>,
    /// How the evidence bears on the claim (supports unless written otherwise).
    pub stance: Stance,
    /// What this source says of the fact's value, if written.
    /// Boxed, as `Claim::fact`.
    pub value: Option<Box<EvidenceValue>>,
    /// The Admiralty credibility of the information, 1 (confirmed) to 6 (cannot be
    /// judged), if rated.
    pub credibility: Option<u8>,
}
