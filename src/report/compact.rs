//! `--format compact`: one line per finding, `path:line:column: severity[code]: message`,
//! as compilers and linters print them (editors and `grep` read it), then the summary.

use std::io::Write as _;

use super::{Reporter, Summary};
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::finding::Finding;
use claimcheck_engine::sanitize::inline;

pub struct CompactReporter<'a> {
    out: &'a mut dyn std::io::Write,
}

impl<'a> CompactReporter<'a> {
    pub fn new(out: &'a mut dyn std::io::Write) -> Self {
        Self { out }
    }
}

/// The one line of a finding.
pub fn line(finding: &Finding) -> String {
    let at = finding.location.as_ref().map_or_else(
        || "-".to_owned(),
        |location| format!("{}:{}:{}", location.path, location.line, location.column),
    );
    let claim = finding
        .claim
        .as_deref()
        .map(|claim| format!(" (claim {claim})"))
        .unwrap_or_default();
    format!(
        "{}: {}[{}]: {}{}",
        inline(&at),
        finding.severity.name(),
        finding.code,
        inline(&finding.message),
        inline(&claim)
    )
}

impl Reporter for CompactReporter<'_> {
    fn report(&mut self, findings: &[&Finding], _files: &FileRegistry) -> std::io::Result<()> {
        super::batches::write_rendered(&mut *self.out, findings, |_, part, bytes| {
            part.iter()
                .try_for_each(|finding| writeln!(bytes, "{}", line(finding)))
        })
    }

    fn finish(
        &mut self,
        _project: &Project,
        _findings: &[&Finding],
        summary: &Summary,
    ) -> std::io::Result<()> {
        writeln!(self.out, "{}", summary.line())
    }
}
