//! Parsing the structured parts of a claim: its entities, its fact, the stance and value
//! of its evidence, and its acknowledgements, each problem a finding at its value.

use super::raw_claim::At;

use super::raw_claim::{RawAcknowledgement, RawFact};
use super::yaml::Checker;
use crate::model::code::Code;
use crate::model::entity::EntityRef;
use crate::model::fact::{Acknowledgement, EvidenceValue, Fact, Stance};
use crate::model::finding::Finding;
use crate::model::value::{Value, ValueKind, kind_of, parse_date_range};

/// The codes an acknowledgement may name.
const ACKNOWLEDGEABLE: &[Code] = &[
    Code::FactConflict,
    Code::EvidenceDisagreement,
    Code::ClaimContested,
];

/// A YAML scalar as the text it was written as.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        serde_json::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

impl Checker<'_> {
    fn problem<T>(&self, at: &At<T>, message: String, problems: &mut Vec<Finding>) {
        problems.push(Finding::new(Code::ClaimFileInvalid, message).at(self.location(at)));
    }

    pub(super) fn entities(&self, raw: Vec<At<String>>) -> Vec<EntityRef> {
        raw.into_iter()
            .map(|name| EntityRef {
                location: self.location(&name),
                name: name.value,
            })
            .collect()
    }

    /// A value of `kind`, or a problem saying what was expected.
    fn value(
        &self,
        kind: ValueKind,
        raw: &At<serde_json::Value>,
        problems: &mut Vec<Finding>,
    ) -> Option<Value> {
        let parsed = scalar_text(&raw.value).and_then(|text| Value::parse(kind, &text));
        if parsed.is_none() {
            self.problem(
                raw,
                format!("value {} is not {}", raw.value, kind.description()),
                problems,
            );
        }
        parsed
    }

    pub(super) fn fact(&self, raw: RawFact, problems: &mut Vec<Finding>) -> Option<Fact> {
        let kind = kind_of(&raw.property.value);
        let value = self.value(kind, &raw.value, problems);
        let when = raw.when.as_ref().and_then(|when| {
            let parsed = scalar_text(&when.value).and_then(|text| parse_date_range(&text));
            if parsed.is_none() {
                self.problem(
                    when,
                    format!("`when` {} is not a date or a range of dates", when.value),
                    problems,
                );
            }
            parsed
        });
        if raw.when.is_some() && when.is_none() {
            return None;
        }
        Some(Fact {
            subject: EntityRef {
                location: self.location(&raw.subject),
                name: raw.subject.value,
            },
            property: raw.property.value,
            value_location: self.location(&raw.value),
            value: value?,
            when,
        })
    }

    pub(super) fn stance(&self, raw: Option<At<String>>, problems: &mut Vec<Finding>) -> Stance {
        let Some(raw) = raw else {
            return Stance::default();
        };
        Stance::from_name(&raw.value).unwrap_or_else(|| {
            let message = format!(
                "stance `{}` is not one of {}",
                raw.value,
                Stance::NAMES.join(", ")
            );
            self.problem(&raw, message, problems);
            Stance::default()
        })
    }

    /// An evidence entry's own value, read as the claim's fact property's type.
    pub(super) fn evidence_value(
        &self,
        raw: Option<At<serde_json::Value>>,
        fact: Option<&Fact>,
        problems: &mut Vec<Finding>,
    ) -> Option<EvidenceValue> {
        let raw = raw?;
        let Some(fact) = fact else {
            self.problem(
                &raw,
                "an evidence value needs a `fact` on its claim to say what it is".into(),
                problems,
            );
            return None;
        };
        let value = self.value(kind_of(&fact.property), &raw, problems)?;
        Some(EvidenceValue {
            value,
            location: self.location(&raw),
        })
    }

    pub(super) fn acknowledgement(
        &self,
        raw: RawAcknowledgement,
        problems: &mut Vec<Finding>,
    ) -> Option<Acknowledgement> {
        let code = ACKNOWLEDGEABLE
            .iter()
            .copied()
            .find(|code| code.name() == raw.code.value);
        if code.is_none() {
            let names: Vec<&str> = ACKNOWLEDGEABLE.iter().map(|code| code.name()).collect();
            self.problem(
                &raw.code,
                format!(
                    "`{}` cannot be acknowledged; conflicts are: {}",
                    raw.code.value,
                    names.join(", ")
                ),
                problems,
            );
        }
        if raw.rationale.value.trim().is_empty() {
            self.problem(
                &raw.rationale,
                "an acknowledgement needs a rationale".into(),
                problems,
            );
            return None;
        }
        if code == Some(Code::FactConflict) && raw.with.is_none() {
            self.problem(
                &raw.code,
                "a fact-conflict acknowledgement names the other claim: `with: CLAIM-ID`".into(),
                problems,
            );
            return None;
        }
        Some(Acknowledgement {
            code: code?,
            with: raw.with.map(|with| with.value),
            rationale: raw.rationale.value,
            location: self.location(&raw.code),
        })
    }
}
