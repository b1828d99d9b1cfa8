//! Structured facts on claims: subject, property, value and time scope; the stance and
//! value of each piece of evidence; and acknowledgements of reviewed conflicts.

use super::code::Code;
use super::entity::EntityRef;
use super::location::Location;
use super::value::{DayRange, Value};

/// What a claim states as data: `subject`'s `property` is `value` (during `when`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fact {
    pub subject: EntityRef,
    pub property: String,
    pub value: Value,
    /// Where the value is written.
    pub value_location: Location,
    pub when: Option<DayRange>,
}

/// How a piece of evidence bears on its claim.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Stance {
    #[default]
    Supports,
    Refutes,
    Context,
}

impl Stance {
    pub const NAMES: &'static [&'static str] = &["supports", "refutes", "context"];

    pub fn name(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Refutes => "refutes",
            Stance::Context => "context",
        }
    }

    pub fn from_name(name: &str) -> Option<Stance> {
        match name {
            "supports" => Some(Stance::Supports),
            "refutes" => Some(Stance::Refutes),
            "context" => Some(Stance::Context),
            _ => None,
        }
    }
}

/// What one source says of the fact's value, when sources disagree inside one claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EvidenceValue {
    pub value: Value,
    pub location: Location,
}

/// A conflict the analysts reviewed: reported as a note, not an error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Acknowledgement {
    pub code: Code,
    /// The other claim of a `fact-conflict`.
    pub with: Option<String>,
    pub rationale: String,
    pub location: Location,
}
