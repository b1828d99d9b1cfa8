//! Report: rendering findings for people and tools, one module per output format, all
//! behind the `Reporter` trait. Formats that need the whole run write at `finish`.

pub mod human;
pub mod json;

use serde::Serialize;

use crate::load::FileRegistry;
use crate::model::code::Severity;
use crate::model::finding::Finding;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics pointing into the claim files, for people.
    Human,
    /// One JSON document, for tools (schema version 1).
    Json,
}

/// What a run covered and found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub claims: usize,
    pub pins: usize,
    pub sources: usize,
    pub claim_files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn count(&mut self, finding: &Finding) {
        match finding.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
}

/// A sink for findings in one output format.
pub trait Reporter {
    fn report(&mut self, finding: &Finding, files: &FileRegistry) -> std::io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> std::io::Result<()>;
}

/// The reporter for `format`, writing to `out`.
pub fn reporter<'a>(
    format: Format,
    out: &'a mut dyn std::io::Write,
    color: bool,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Human => Box::new(human::HumanReporter::new(out, color)),
        Format::Json => Box::new(json::JsonReporter::new(out)),
    }
}
