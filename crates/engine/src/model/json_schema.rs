//! JSON Schemas of the model's own scalar types, as they are written in claim files
//! and JSON output: a code or severity by name, a span as `start..end`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::code::{Code, Severity};
use super::pinned_span::PinnedSpan;

impl JsonSchema for Code {
    fn schema_name() -> Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Code::ALL.iter().map(|code| code.name()).collect();
        object(
            serde_json::json!({ "type": "string", "enum": names, "description": "A claimcheck finding code." }),
        )
    }
}

impl JsonSchema for Severity {
    fn schema_name() -> Cow<'static, str> {
        "Severity".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Severity::ALL
            .iter()
            .map(|severity| severity.name())
            .collect();
        object(serde_json::json!({ "type": "string", "enum": names }))
    }
}

impl JsonSchema for PinnedSpan {
    fn schema_name() -> Cow<'static, str> {
        "PinnedSpan".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object(serde_json::json!({ "type": "string", "pattern": r"^[0-9]+\.\.[0-9]+$" }))
    }
}

fn object(value: serde_json::Value) -> Schema {
    match value {
        serde_json::Value::Object(map) => Schema::from(map),
        _ => Schema::default(),
    }
}
