//! `claimcheck schema [claims|output|coverage|diff|entities|appendix|impact]`: print a JSON
//! Schema, derived from the very types each JSON output is written from.

use schemars::Schema;

use super::{CommandError, ExitStatus, Output};
use crate::cli::{SchemaArgs, SchemaKind};
use crate::report::appendix::json::AppendixDocument;
use crate::report::coverage::json::CoverageDocument;
use crate::report::diff::json::DiffDocument;
use crate::report::entities::EntitiesDocument;
use crate::report::impact::ImpactDocument;
use crate::schema::{claim_file_schema, output_schema, schema_for, to_json};

pub fn run(args: &SchemaArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    writeln!(output.out, "{}", to_json(&schema_of(args.kind))?)?;
    Ok(ExitStatus::Success)
}

/// The schema `kind` names.
pub fn schema_of(kind: SchemaKind) -> Schema {
    match kind {
        SchemaKind::Claims => claim_file_schema(),
        SchemaKind::Output => output_schema(),
        SchemaKind::Coverage => schema_for::<CoverageDocument>(),
        SchemaKind::Diff => schema_for::<DiffDocument>(),
        SchemaKind::Entities => schema_for::<EntitiesDocument>(),
        SchemaKind::Appendix => schema_for::<AppendixDocument>(),
        SchemaKind::Impact => schema_for::<ImpactDocument>(),
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn every_schema_is_draft_07() {
        for kind in SchemaKind::value_variants() {
            let value = serde_json::to_value(schema_of(*kind)).unwrap();
            assert_eq!(
                value["$schema"], "http://json-schema.org/draft-07/schema#",
                "{kind:?}"
            );
        }
    }
}
