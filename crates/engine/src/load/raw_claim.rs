//! A claim file as written: the shape serde reads, every value with its position,
//! before any value is checked (`yaml.rs` and `facts.rs` check them).

use serde::Deserialize;
use serde::Deserializer;
use serde_saphyr::Spanned;

/// The field names a claim and an evidence entry accept, for "did you mean" help.
pub const CLAIM_FIELDS: &[&str] = &[
    "id",
    "statement",
    "evidence",
    "allow",
    "entities",
    "fact",
    "acknowledge",
    "source",
    "quote",
    "span",
    "sha256",
    "prefix",
    "suffix",
    "stance",
    "value",
    "code",
    "reason",
    "subject",
    "property",
    "when",
    "with",
    "rationale",
    "confidence",
    "based-on",
    "credibility",
];

/// A value with the bytes it was read from: what the checks locate their findings
/// with. Both readers fill it: the full YAML parser (through serde-saphyr's `Spanned`,
/// which other code cannot construct) and the fast path of `fast_yaml.rs`.
#[derive(Debug, Clone)]
pub(super) struct At<T> {
    pub(super) value: T,
    pub(super) offset: usize,
    pub(super) len: usize,
    /// The line (from 1) and column of `offset`, where the reader noted them; `line`
    /// is 0 where it did not, and they are looked up. The pinned layout's reader knows
    /// where each value it reads is: looking them up was a tenth of reading a
    /// 1,000-claim file.
    pub(super) line: u32,
    pub(super) column: u32,
}

/// Two values are equal when they are the same value at the same bytes: `line` and
/// `column` only say where one reader found `offset`, which is the same either way
/// (`fast_yaml`'s tests hold each noted place to the text's).
impl<T: PartialEq> PartialEq for At<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value && self.offset == other.offset && self.len == other.len
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        Ok(At {
            value: spanned.value,
            offset: span.byte_offset().unwrap_or(0) as usize,
            len: span.byte_len().unwrap_or(0) as usize,
            line: 0,
            column: 0,
        })
    }
}

/// A claim as written, before its values are checked.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    pub(super) id: At<String>,
    pub(super) statement: At<String>,
    /// Absent and empty (`evidence:`) both mean no evidence yet.
    #[serde(default)]
    pub(super) evidence: Option<Vec<At<RawEvidence>>>,
    /// Findings allowed on this claim, each with a reason.
    #[serde(default)]
    pub(super) allow: Vec<RawSuppression>,
    #[serde(default)]
    pub(super) entities: Vec<At<String>>,
    /// Boxed: few claims state a fact, and every claim is moved several times on its
    /// way from the reader (a fact inline made a claim 416 bytes, not 248).
    #[serde(default)]
    pub(super) fact: Option<Box<RawFact>>,
    #[serde(default)]
    pub(super) acknowledge: Vec<RawAcknowledgement>,
    #[serde(default)]
    pub(super) confidence: Option<At<String>>,
    #[serde(default, rename = "based-on")]
    pub(super) based_on: Vec<At<String>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSuppression {
    pub(super) code: At<String>,
    pub(super) reason: At<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvidence {
    pub(super) source: At<String>,
    pub(super) quote: At<String>,
    pub(super) span: At<String>,
    pub(super) sha256: At<String>,
    #[serde(default)]
    pub(super) prefix: Option<At<String>>,
    #[serde(default)]
    pub(super) suffix: Option<At<String>>,
    #[serde(default)]
    pub(super) stance: Option<At<String>>,
    #[serde(default)]
    pub(super) value: Option<At<serde_json::Value>>,
    #[serde(default)]
    pub(super) credibility: Option<At<serde_json::Value>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFact {
    pub(super) subject: At<String>,
    pub(super) property: At<String>,
    pub(super) value: At<serde_json::Value>,
    #[serde(default)]
    pub(super) when: Option<At<serde_json::Value>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAcknowledgement {
    pub(super) code: At<String>,
    #[serde(default)]
    pub(super) with: Option<At<String>>,
    pub(super) rationale: At<String>,
}
