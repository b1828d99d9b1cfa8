//! `--format json`: one document, `{"version":1,"findings":[...],"summary":{...}}`.
//! The version changes only when a field is removed or changes meaning.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::json_array::{ArrayElements, split_at_empty_array};
use super::json_text;
use super::{Reporter, Summary};
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::code::{Code, Severity};
use claimcheck_engine::model::finding::{Details, Finding, Fix};
use claimcheck_engine::model::location::Location;

/// Version of the JSON document's schema.
pub const JSON_VERSION: u32 = 1;

/// Findings are written as they come, after the document's head; the summary, known
/// at the end, follows them.
pub struct JsonReporter<'a> {
    out: &'a mut dyn std::io::Write,
    head_written: bool,
    findings: ArrayElements,
    shard: Option<ShardPayload>,
}

impl<'a> JsonReporter<'a> {
    pub fn new(out: &'a mut dyn std::io::Write) -> Self {
        Self {
            out,
            head_written: false,
            findings: ArrayElements::at(FINDING_INDENT),
            shard: None,
        }
    }

    /// The reporter of one shard of a partitioned run: the document also carries
    /// `shard`, what `claimcheck merge` needs.
    pub fn for_shard(out: &'a mut dyn std::io::Write, shard: ShardPayload) -> Self {
        Self {
            shard: Some(shard),
            ..Self::new(out)
        }
    }

    fn head(&mut self) -> std::io::Result<()> {
        if !self.head_written {
            // The head is the same whatever comes after the findings: an empty summary
            // and no shard (whose cache entries run to megabytes) serialize faster.
            let (head, _) = around_findings(&Summary::default(), None)?;
            self.out.write_all(head.as_bytes())?;
            self.head_written = true;
        }
        Ok(())
    }
}

/// The document with no findings, cut where they go: its head and its tail.
fn around_findings(
    summary: &Summary,
    shard: Option<&ShardPayload>,
) -> serde_json::Result<(String, String)> {
    let document = JsonDocument {
        version: JSON_VERSION,
        findings: &[],
        summary,
        shard,
    };
    let pretty = serde_json::to_string_pretty(&document)?;
    Ok(split_at_empty_array(pretty, "findings"))
}

/// How deep a finding sits in the pretty document: in `findings`.
const FINDING_INDENT: &str = "    ";

/// A finding as the document writes it, borrowed from the finding: copying its
/// strings cost more than writing them.
#[derive(Serialize, JsonSchema)]
pub(super) struct JsonFinding<'a> {
    code: Code,
    severity: Severity,
    message: &'a str,
    claim: Option<&'a str>,
    source: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    // Absent when the finding has no details: not required in the schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    details: Option<&'a Details>,
    /// The edit that repairs the finding (what `claimcheck fix` applies), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fix: Option<Fix>,
}

#[derive(Serialize, JsonSchema)]
struct JsonRelated<'a> {
    message: &'a str,
    #[serde(flatten)]
    location: JsonLocation<'a>,
}

#[derive(Serialize, JsonSchema)]
struct JsonLocation<'a> {
    file: &'a str,
    line: u32,
    column: u32,
}

impl<'a> From<&'a Location> for JsonLocation<'a> {
    fn from(location: &'a Location) -> Self {
        Self {
            file: &location.path,
            line: location.line,
            column: location.column,
        }
    }
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    version: u32,
    findings: &'a [JsonFinding<'a>; 0],
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<&'a ShardPayload>,
}

/// What a shard of a partitioned run (`check --partition K/N`) hands to `merge`: its
/// cache entries (parsed claim files, proven pins), each under the key that hashes
/// the inputs it was computed from, so `merge` uses an entry only for the very same
/// bytes, settings and build of claimcheck, and recomputes anything else.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ShardPayload {
    /// `K/N`: this document is shard K of N.
    pub partition: String,
    /// The claim files this shard checked.
    pub claim_files: Vec<String>,
    pub entries: Vec<ShardEntry>,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ShardEntry {
    /// SHA-256 key, in hex.
    pub key: String,
    /// The entry's bytes (postcard), in hex.
    pub data: String,
}

/// The JSON document's shape for the schema (the owned twin of `JsonDocument`).
#[derive(JsonSchema)]
#[schemars(title = "claimcheck check --format json, version 1")]
#[allow(dead_code)] // Describes the document for schemars; never built.
pub struct JsonDocumentSchema {
    /// Always 1 for this schema.
    #[schemars(range(min = 1, max = 1))]
    version: u32,
    findings: Vec<JsonFinding<'static>>,
    summary: Summary,
    /// Only in the output of `check --partition K/N`: what `claimcheck merge` needs.
    shard: Option<ShardPayload>,
}

/// The document's element for `finding`, borrowed from it: what `json_text` writes
/// directly, as serde_json would write it (the test oracle of `json_text`).
#[cfg(test)]
pub(super) fn json_finding(finding: &Finding) -> JsonFinding<'_> {
    let location = finding.location.as_ref();
    JsonFinding {
        code: finding.code,
        severity: finding.severity,
        message: &finding.message,
        claim: finding.claim.as_deref(),
        source: finding.source.as_deref(),
        file: location.map(|at| &*at.path),
        line: location.map(|at| at.line),
        column: location.map(|at| at.column),
        related: finding
            .related
            .iter()
            .map(|related| JsonRelated {
                message: &related.message,
                location: (&related.location).into(),
            })
            .collect(),
        help: finding.help.as_deref(),
        details: finding.details.as_deref(),
        fix: finding.fix,
    }
}

impl Reporter for JsonReporter<'_> {
    fn report(&mut self, findings: &[&Finding], _files: &FileRegistry) -> std::io::Result<()> {
        if findings.is_empty() {
            return Ok(());
        }
        self.head()?;
        self.findings
            .write_each_directly(&mut *self.out, findings, |bytes, indent, finding| {
                json_text::write_finding(bytes, indent, finding);
                Ok(())
            })
    }

    fn finish(
        &mut self,
        _project: &Project,
        _findings: &[&Finding],
        summary: &Summary,
    ) -> std::io::Result<()> {
        self.head()?;
        let (_, tail) = around_findings(summary, self.shard.as_ref())?;
        self.findings.close(&mut *self.out)?;
        self.out.write_all(tail.as_bytes())?;
        writeln!(self.out)
    }
}
