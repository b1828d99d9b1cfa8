//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=…,line=…,col=…,title=…::message`), escaped as the runner expects.

use std::io::Write as _;

use super::escape::{workflow_data, workflow_property};
use super::{Reporter, Summary};
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::code::Severity;
use claimcheck_engine::model::finding::Finding;
use claimcheck_engine::sanitize::inline;

pub struct GithubReporter<'a> {
    out: &'a mut dyn std::io::Write,
}

impl<'a> GithubReporter<'a> {
    pub fn new(out: &'a mut dyn std::io::Write) -> Self {
        Self { out }
    }
}

/// The workflow command for one finding.
pub fn annotation(finding: &Finding, files: &FileRegistry) -> String {
    let command = match finding.severity {
        Severity::Note => "notice",
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    if let Some(location) = &finding.location {
        properties.push(format!(
            "file={}",
            workflow_property(&inline(&location.path))
        ));
        if location.offset > 0 || location.len > 0 {
            let end = files.locate(&location.path, location.range().end, 0);
            properties.push(format!("line={}", location.line));
            properties.push(format!("col={}", location.column));
            properties.push(format!("endLine={}", end.line));
            if end.line == location.line {
                properties.push(format!("endColumn={}", end.column));
            }
        }
    }
    properties.push(format!(
        "title={}",
        workflow_property(&format!("claimcheck {}", finding.code))
    ));
    // Each part is one line of its own; the runner shows the escaped line break between.
    let mut message = inline(&finding.message).into_owned();
    if let Some(claim) = &finding.claim {
        message = format!("{message} (claim {})", inline(claim));
    }
    // A help may have lines of its own (each made one line by whoever wrote it).
    for line in finding.help.iter().flat_map(|help| help.lines()) {
        message = format!("{message}\n{}", inline(line));
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        workflow_data(&message)
    )
}

impl Reporter for GithubReporter<'_> {
    fn report(&mut self, findings: &[&Finding], files: &FileRegistry) -> std::io::Result<()> {
        super::batches::write_rendered(&mut *self.out, findings, |_, part, bytes| {
            part.iter()
                .try_for_each(|finding| writeln!(bytes, "{}", annotation(finding, files)))
        })
    }

    fn finish(
        &mut self,
        _project: &Project,
        _findings: &[&Finding],
        summary: &Summary,
    ) -> std::io::Result<()> {
        writeln!(
            self.out,
            "::notice title=claimcheck::{}",
            workflow_data(&summary.line())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimcheck_engine::model::code::Code;
    use claimcheck_engine::model::location::Location;

    #[test]
    fn a_hostile_message_cannot_end_the_command_early() {
        let mut files = FileRegistry::default();
        let text = "- id: a\n  statement: S\n";
        files.add("claims/a,b:c.yaml", text.into());
        let finding = Finding::new(Code::ClaimUnsourced, "50% of\n::error::fake, with: colons")
            .claim("a")
            .at(Location::in_text("claims/a,b:c.yaml", text, 6, 1));
        let line = annotation(&finding, &files);
        assert_eq!(
            line,
            "::error file=claims/a%2Cb%3Ac.yaml,line=1,col=7,endLine=1,endColumn=8,title=claimcheck claim-unsourced\
             ::50%25 of\u{FFFD}::error::fake, with: colons (claim a)"
        );
        assert_eq!(line.lines().count(), 1);
    }
}
