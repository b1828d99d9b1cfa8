//! `claimcheck schema [claims|output]`: print a JSON Schema.

use super::{CommandError, ExitStatus, Output};
use crate::cli::{SchemaArgs, SchemaKind};
use crate::schema::{claim_file_schema, output_schema, to_json};

pub fn run(args: &SchemaArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let schema = match args.kind {
        SchemaKind::Claims => claim_file_schema(),
        SchemaKind::Output => output_schema(),
    };
    writeln!(output.out, "{}", to_json(&schema))?;
    Ok(ExitStatus::Success)
}
