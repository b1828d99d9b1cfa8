//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment:
//! the counts, then one table row per finding. Everything from claims and sources is
//! escaped, so a quote cannot break the table or inject markup.

use rayon::prelude::*;

use super::escape::markdown_cell;
use super::human::plural;
use super::{Reporter, Summary};
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::finding::Finding;

pub struct MarkdownReporter<'a> {
    out: &'a mut dyn std::io::Write,
    rows: Vec<String>,
}

impl<'a> MarkdownReporter<'a> {
    pub fn new(out: &'a mut dyn std::io::Write) -> Self {
        Self {
            out,
            rows: Vec::new(),
        }
    }
}

/// The table row of `finding`.
fn row(finding: &Finding) -> String {
    let location = finding
        .location
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message = format!("{message}\n{help}");
    }
    format!(
        "| {} | {} | {} | {} | {} |",
        finding.severity.name(),
        finding.code,
        markdown_cell(&location),
        markdown_cell(finding.claim.as_deref().unwrap_or("")),
        markdown_cell(&message)
    )
}

impl Reporter for MarkdownReporter<'_> {
    fn report(&mut self, findings: &[&Finding], _files: &FileRegistry) -> std::io::Result<()> {
        // On all cores, in order.
        self.rows
            .par_extend(findings.par_iter().map(|finding| row(finding)));
        Ok(())
    }

    fn finish(
        &mut self,
        _project: &Project,
        _findings: &[&Finding],
        summary: &Summary,
    ) -> std::io::Result<()> {
        writeln!(self.out, "## claimcheck\n")?;
        let scope = format!(
            "{} in {}, {} in {}",
            plural(summary.claims, "claim"),
            plural(summary.claim_files, "claim file"),
            plural(summary.pins, "pin"),
            plural(summary.sources, "source")
        );
        if self.rows.is_empty() {
            return writeln!(self.out, "No findings: {scope} verified.");
        }
        let counts = format!(
            "{}, {}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning")
        );
        writeln!(self.out, "**{counts}** in {scope}.\n")?;
        writeln!(
            self.out,
            "| severity | code | where | claim | finding |\n|---|---|---|---|---|"
        )?;
        for row in &self.rows {
            writeln!(self.out, "{row}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::markdown_cell;

    #[test]
    fn hostile_text_stays_text() {
        assert_eq!(
            markdown_cell("a | b <script>*x*</script> `c`\n[l](u)"),
            "a &#124; b &lt;script&gt;\\*x\\*&lt;/script&gt; \\`c\\`<br>\\[l\\](u)"
        );
    }
}
