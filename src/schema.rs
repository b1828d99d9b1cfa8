//! JSON Schemas (draft-07, which yaml-language-server supports): of claim files, for
//! editors that complete and validate claims, and of the `--format json` document.
//!
//! The claim-file structs here describe the format; the loader's raw structs read it.
//! `tests/consumers.rs` validates every claim file of the repository against this schema,
//! and a unit test below keeps the two field lists equal.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde::Serialize;

use claimcheck_engine::model::code::Code;

/// A claim file: a list of claims.
#[derive(JsonSchema)]
#[schemars(title = "claimcheck claim file", extend("additionalItems" = false))]
#[allow(dead_code)] // Describes the format for schemars; never built.
pub struct ClaimFile(Vec<ClaimSchema>);

/// What an analyst asserts, with the pinned quotes behind it.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ClaimSchema {
    /// Unique across all claim files: a letter or digit, then letters, digits, `.`, `_`, `-` or `:`.
    // \p{L} is what the loader accepts, but Python's and JavaScript's validators lack it.
    #[schemars(regex(pattern = r"^[A-Za-z0-9\u00C0-\uFFFF][A-Za-z0-9\u00C0-\uFFFF._:-]*$"))]
    id: String,
    /// The assertion.
    #[schemars(length(min = 1))]
    statement: String,
    /// Pinned quotes supporting the claim.
    #[serde(default)]
    evidence: Option<Vec<EvidenceSchema>>,
    /// Findings allowed on this claim, each with a reason.
    #[serde(default)]
    allow: Option<Vec<SuppressionSchema>>,
    /// Entities the claim is about: ids or any spelling in the entity registry.
    #[serde(default)]
    entities: Option<Vec<String>>,
    /// What the claim states as data.
    #[serde(default)]
    fact: Option<FactSchema>,
    /// Conflicts the analysts reviewed, each with a rationale.
    #[serde(default)]
    acknowledge: Option<Vec<AcknowledgementSchema>>,
    /// How confident the analysts are in the claim (ICD 203): low, moderate or high.
    #[serde(default)]
    confidence: Option<ConfidenceSchema>,
    /// Ids of the claims this judgement rests on.
    #[serde(default, rename = "based-on")]
    based_on: Option<Vec<String>>,
}

/// An analyst's confidence in a claim.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum ConfidenceSchema {
    Low,
    Moderate,
    High,
}

/// `subject`'s `property` is `value` (during `when`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct FactSchema {
    /// An entity id or spelling.
    subject: String,
    /// killed, wounded, troop-count, count, date, start-date, end-date, status,
    /// perpetrator, location, confirmed, or any other name (compared as text).
    property: String,
    /// A number or range (2-3), a date at its precision, text, or true/false.
    value: ScalarSchema,
    /// The time the fact holds: a date or a range of dates.
    #[serde(default)]
    when: Option<ScalarSchema>,
}

/// A YAML scalar.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ScalarSchema {
    Number(f64),
    Text(String),
    Flag(bool),
}

/// How a piece of evidence bears on its claim.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum StanceSchema {
    Supports,
    Refutes,
    Context,
}

/// A reviewed conflict.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AcknowledgementSchema {
    /// fact-conflict, evidence-disagreement or claim-contested.
    code: Code,
    /// The other claim of a fact-conflict.
    #[serde(default)]
    with: Option<String>,
    /// Why the conflict stands: reviewers read it.
    #[schemars(length(min = 1))]
    rationale: String,
}

/// A quote pinned to an exact byte span of a source.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct EvidenceSchema {
    /// Id of the source: its file name under `sources/` without the extension.
    source: String,
    /// The pinned text, exactly as in the source.
    quote: String,
    /// `start..end`: byte offsets into the source file, end exclusive.
    #[schemars(regex(pattern = r"^[0-9]+\.\.[0-9]+$"))]
    span: String,
    /// Lower-case hex SHA-256 of the bytes `start..end`.
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    sha256: String,
    /// Up to 32 characters of source text before the span when it was pinned.
    #[serde(default)]
    prefix: Option<String>,
    /// Up to 32 characters of source text after the span when it was pinned.
    #[serde(default)]
    suffix: Option<String>,
    /// supports (default), refutes or context.
    #[serde(default)]
    stance: Option<StanceSchema>,
    /// What this source says of the claim's fact value.
    #[serde(default)]
    value: Option<ScalarSchema>,
    /// Admiralty credibility of the information: 1 confirmed by other sources, 2
    /// probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.
    #[serde(default)]
    #[schemars(range(min = 1, max = 6))]
    credibility: Option<u8>,
}

/// An inline suppression.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SuppressionSchema {
    /// The finding code allowed on this claim.
    code: Code,
    /// Why the finding does not apply: reviewers read it.
    #[schemars(length(min = 1))]
    reason: String,
}

/// The schema of claim files.
pub fn claim_file_schema() -> Schema {
    schema_for::<ClaimFile>()
}

/// The schema of the `--format json` document of `check`, `merge` and `conflicts`.
pub fn output_schema() -> Schema {
    schema_for::<crate::report::json::JsonDocumentSchema>()
}

/// The draft-07 schema of `T`.
pub fn schema_for<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// A schema as pretty JSON.
pub fn to_json<T: Serialize>(schema: &T) -> serde_json::Result<String> {
    serde_json::to_string_pretty(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_names_exactly_the_fields_the_loader_reads() {
        let schema = serde_json::to_value(claim_file_schema()).unwrap();
        let definitions = &schema["definitions"];
        let mut fields: Vec<String> = [
            "ClaimSchema",
            "EvidenceSchema",
            "SuppressionSchema",
            "FactSchema",
            "AcknowledgementSchema",
        ]
        .iter()
        .flat_map(|name| {
            definitions[name]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
        })
        .collect();
        fields.sort();
        fields.dedup();
        let mut loaded: Vec<String> = claimcheck_engine::load::CLAIM_FIELDS
            .iter()
            .map(|field| field.to_string())
            .collect();
        loaded.sort();
        assert_eq!(fields, loaded);
    }
}
