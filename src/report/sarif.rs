//! `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning among
//! them): one rule per finding code, results located in the claim files with relative
//! paths under `%SRCROOT%`, related locations in the sources.

use serde_sarif::sarif::{
    ArtifactLocation, Location as SarifLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::json_array::{ArrayElements, split_at_empty_array};
use super::{Reporter, Summary};
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::code::{Code, Severity};
use claimcheck_engine::model::finding::Finding;
use claimcheck_engine::model::location::Location;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Base of every result's path, so viewers resolve them against the checkout.
const SRCROOT: &str = "%SRCROOT%";

/// Results are written as they come, between the document's head and tail.
pub struct SarifReporter<'a> {
    out: &'a mut dyn std::io::Write,
    /// The document after its `"results": [`, once the head is written.
    tail: Option<String>,
    results: ArrayElements,
}

impl<'a> SarifReporter<'a> {
    pub fn new(out: &'a mut dyn std::io::Write) -> Self {
        Self {
            out,
            tail: None,
            results: ArrayElements::at(RESULT_INDENT),
        }
    }

    /// Writes the document up to its results, the first time, keeping the rest.
    fn head(&mut self) -> std::io::Result<()> {
        if self.tail.is_none() {
            let (head, tail) =
                split_at_empty_array(serde_json::to_string_pretty(&document())?, "results");
            self.out.write_all(head.as_bytes())?;
            self.tail = Some(tail);
        }
        Ok(())
    }
}

/// The SARIF document without results: the tool and its rules.
fn document() -> Sarif {
    let driver = ToolComponent::builder()
        .name("claimcheck")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(Code::ALL.iter().map(|code| rule(*code)).collect::<Vec<_>>())
        .build();
    let run = Run::builder()
        .tool(Tool::from(driver))
        .results(Vec::new())
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build()
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Note => ResultLevel::Note,
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    }
}

fn rule(code: Code) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(code.name())
        .name(code.name())
        .short_description(
            MultiformatMessageString::builder()
                .text(code.description())
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(format!(
                    "{} See the README section `{}` of claimcheck.",
                    code.description(),
                    code.name()
                ))
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::to_value(level(code.severity())).unwrap())
                .build(),
        )
        // Code scanning filters alerts by tag: a family groups a code's kin.
        .properties(
            PropertyBag::builder()
                .tags(vec![code.family().name().to_owned()])
                .build(),
        )
        .build()
}

/// A SARIF location for one of ours: the whole file, or a region with its end.
fn location(at: &Location, files: &FileRegistry, message: Option<&str>) -> SarifLocation {
    let artifact = ArtifactLocation::builder()
        .uri(super::uri::uri_reference(&at.path))
        .uri_base_id(SRCROOT)
        .build();
    let physical = if at.offset > 0 || at.len > 0 {
        let end = files.locate(&at.path, at.range().end, 0);
        let region = Region::builder()
            .start_line(at.line as i64)
            .start_column(at.column as i64)
            .end_line(end.line as i64)
            .end_column(end.column as i64)
            .build();
        PhysicalLocation::builder()
            .artifact_location(artifact)
            .region(region)
            .build()
    } else {
        PhysicalLocation::builder()
            .artifact_location(artifact)
            .build()
    };
    match message {
        Some(text) => SarifLocation::builder()
            .physical_location(physical)
            .message(Message::from(text))
            .build(),
        None => SarifLocation::builder().physical_location(physical).build(),
    }
}

/// The result for `finding`.
fn result(finding: &Finding, files: &FileRegistry) -> SarifResult {
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text = format!("{text}\n{help}");
    }
    let rule_index = Code::ALL
        .iter()
        .position(|code| *code == finding.code)
        .unwrap_or_default();
    let locations: Vec<SarifLocation> = finding
        .location
        .iter()
        .map(|at| location(at, files, None))
        .collect();
    let related: Vec<SarifLocation> = finding
        .related
        .iter()
        .map(|related| location(&related.location, files, Some(&related.message)))
        .collect();
    let mut result = SarifResult::builder()
        .rule_id(finding.code.name())
        .rule_index(rule_index as i64)
        .level(level(finding.severity))
        .message(Message::from(text.as_str()))
        .locations(locations)
        .build();
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    result
}

impl Reporter for SarifReporter<'_> {
    fn report(&mut self, findings: &[&Finding], files: &FileRegistry) -> std::io::Result<()> {
        if findings.is_empty() {
            return Ok(());
        }
        self.head()?;
        self.results
            .write_each(&mut *self.out, findings, |finding| result(finding, files))
    }

    fn finish(
        &mut self,
        _project: &Project,
        _findings: &[&Finding],
        _summary: &Summary,
    ) -> std::io::Result<()> {
        self.head()?;
        let tail = self.tail.take().unwrap_or_default();
        self.results.close(&mut *self.out)?;
        self.out.write_all(tail.as_bytes())?;
        writeln!(self.out)
    }
}

/// How deep a result sits in the pretty document: `runs`, its run, `results`.
const RESULT_INDENT: &str = "        ";
