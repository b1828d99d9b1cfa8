//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment:
//! the counts, then one table row per finding. Everything from claims and sources is
//! escaped, so a quote cannot break the table or inject markup.

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

/// Text safe inside a Markdown table cell: markup characters are backslash-escaped or
/// written as HTML entities, and line breaks become `<br>`.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // Bidi controls would reorder what the reader sees.
            c if c.is_control() || claimcheck_engine::sanitize::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

impl Reporter for MarkdownReporter<'_> {
    fn report(&mut self, finding: &Finding, _files: &FileRegistry) -> std::io::Result<()> {
        let location = finding
            .location
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message = format!("{message}\n{help}");
        }
        self.rows.push(format!(
            "| {} | {} | {} | {} | {} |",
            finding.severity.name(),
            finding.code,
            escape_cell(&location),
            escape_cell(finding.claim.as_deref().unwrap_or("")),
            escape_cell(&message)
        ));
        Ok(())
    }

    fn finish(
        &mut self,
        _project: &Project,
        _findings: &[Finding],
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
    use super::escape_cell;

    #[test]
    fn hostile_text_stays_text() {
        assert_eq!(
            escape_cell("a | b <script>*x*</script> `c`\n[l](u)"),
            "a &#124; b &lt;script&gt;\\*x\\*&lt;/script&gt; \\`c\\`<br>\\[l\\](u)"
        );
    }
}
