//! Claims without positions: what an edit must preserve, compared before and after.

use crate::model::claim::{Claim, Evidence};
use crate::model::code::Code;
use crate::model::pinned_span::PinnedSpan;

/// A claim's content without positions, for comparing two versions of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimContent {
    pub id: String,
    pub statement: String,
    pub evidence: Vec<EvidenceContent>,
    pub allow: Vec<(Code, String)>,
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
        }
    }
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
        }
    }
}
