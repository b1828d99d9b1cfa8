//! A claim file as written: the shape serde reads, every value with its position,
//! before any value is checked (`yaml.rs` and `facts.rs` check them).

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A claim as written, before its values are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    pub(super) id: Spanned<String>,
    pub(super) statement: Spanned<String>,
    /// Absent and empty (`evidence:`) both mean no evidence yet.
    #[serde(default)]
    pub(super) evidence: Option<Vec<Spanned<RawEvidence>>>,
    /// Findings allowed on this claim, each with a reason.
    #[serde(default)]
    pub(super) allow: Vec<RawSuppression>,
    #[serde(default)]
    pub(super) entities: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) fact: Option<RawFact>,
    #[serde(default)]
    pub(super) acknowledge: Vec<RawAcknowledgement>,
    #[serde(default)]
    pub(super) confidence: Option<Spanned<String>>,
    #[serde(default, rename = "based-on")]
    pub(super) based_on: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSuppression {
    pub(super) code: Spanned<String>,
    pub(super) reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvidence {
    pub(super) source: Spanned<String>,
    pub(super) quote: Spanned<String>,
    pub(super) span: Spanned<String>,
    pub(super) sha256: Spanned<String>,
    #[serde(default)]
    pub(super) prefix: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) suffix: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) stance: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) value: Option<Spanned<serde_json::Value>>,
    #[serde(default)]
    pub(super) credibility: Option<Spanned<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFact {
    pub(super) subject: Spanned<String>,
    pub(super) property: Spanned<String>,
    pub(super) value: Spanned<serde_json::Value>,
    #[serde(default)]
    pub(super) when: Option<Spanned<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAcknowledgement {
    pub(super) code: Spanned<String>,
    #[serde(default)]
    pub(super) with: Option<Spanned<String>>,
    pub(super) rationale: Spanned<String>,
}
