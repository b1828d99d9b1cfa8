//! Report: rendering findings for people and tools, one module per output format, all
//! behind the `Reporter` trait. Formats that need the whole run write at `finish`.

pub mod appendix;
pub mod batches;
pub mod compact;
pub mod coverage;
pub mod diff;
pub mod entities;
pub mod escape;
pub mod excerpt;
pub mod github;
pub mod html;
pub mod human;
pub mod impact;
pub mod json;
pub mod json_array;
pub mod json_text;
pub mod junit;
pub mod log_guard;
pub mod markdown;
pub mod sarif;
pub mod support_tree;
pub mod uri;

use serde::Serialize;

use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::code::Severity;
use claimcheck_engine::model::finding::Finding;
use human::plural;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics pointing into the claim files, for people.
    Human,
    /// One JSON document, for tools (schema version 1: `claimcheck schema output`).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML: one test case per claim.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A Markdown summary, for $GITHUB_STEP_SUMMARY or a pull-request comment.
    Markdown,
    /// One line per finding: `path:line:column: severity[code]: message`.
    Compact,
}

/// How much of each finding the human format shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Errors only, then the summary.
    Quiet,
    /// Errors in full; a code with many warnings or notes as one block listing them.
    #[default]
    Normal,
    /// Every finding in full.
    Verbose,
}

/// How a run's findings are shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub color: bool,
    pub detail: Detail,
}

/// What a run covered and found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    pub claims: usize,
    pub pins: usize,
    pub sources: usize,
    pub claim_files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Acknowledged conflicts, reported for the record.
    pub notes: usize,
}

impl Summary {
    /// The counts of what `project` holds, with no findings counted yet.
    pub fn of(project: &Project) -> Self {
        Self {
            claims: project.claims.len(),
            pins: project
                .claims
                .iter()
                .map(|claim| claim.evidence.len())
                .sum(),
            sources: project.sources.len(),
            claim_files: project.claim_files.len(),
            ..Self::default()
        }
    }

    /// `checked 42 claims in 4 claim files: 66 pins in 5 sources: 0 errors, 32 warnings`.
    pub fn line(&self) -> String {
        format!(
            "checked {} in {}: {} in {}: {}, {}",
            plural(self.claims, "claim"),
            plural(self.claim_files, "claim file"),
            plural(self.pins, "pin"),
            plural(self.sources, "source"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
        )
    }

    pub fn count(&mut self, finding: &Finding) {
        match finding.severity {
            Severity::Note => self.notes += 1,
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
}

/// A sink for findings in one output format.
pub trait Reporter {
    /// Reports the run's findings, in order. A format whose findings render apart from
    /// one another renders them on all cores.
    fn report(&mut self, findings: &[&Finding], files: &FileRegistry) -> std::io::Result<()>;
    /// Called once after every finding, with the whole run.
    fn finish(
        &mut self,
        project: &Project,
        findings: &[&Finding],
        summary: &Summary,
    ) -> std::io::Result<()>;
}

/// Renders `findings` about `project` in `format` to `out`, and counts them.
pub fn render(
    format: Format,
    out: &mut dyn std::io::Write,
    options: RenderOptions,
    project: &Project,
    findings: &[&Finding],
) -> std::io::Result<Summary> {
    render_with(&mut *reporter(format, out, options), project, findings)
}

/// Renders `findings` about `project` with `reporter`; returns the counts.
pub fn render_with(
    reporter: &mut dyn Reporter,
    project: &Project,
    findings: &[&Finding],
) -> std::io::Result<Summary> {
    let mut summary = Summary::of(project);
    for finding in findings {
        summary.count(finding);
    }
    reporter.report(findings, &project.files)?;
    reporter.finish(project, findings, &summary)?;
    Ok(summary)
}

/// The reporter for `format`, writing to `out`.
pub fn reporter<'a>(
    format: Format,
    out: &'a mut dyn std::io::Write,
    options: RenderOptions,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Human => Box::new(human::HumanReporter::new(out, options)),
        Format::Compact => Box::new(compact::CompactReporter::new(out)),
        Format::Json => Box::new(json::JsonReporter::new(out)),
        Format::Sarif => Box::new(sarif::SarifReporter::new(out)),
        Format::Junit => Box::new(junit::JunitReporter::new(out)),
        Format::Github => Box::new(github::GithubReporter::new(out)),
        Format::Markdown => Box::new(markdown::MarkdownReporter::new(out)),
    }
}
