//! The diff as one JSON document (version 2: each claim's changes are typed objects,
//! `{"kind": "reworded", "diff": ...}`, where version 1 had English sentences).

use schemars::JsonSchema;
use serde::Serialize;

use claimcheck_engine::analyze::diff::{ClaimChange, CoverageChange, ProjectDiff, SourceChange};
use claimcheck_engine::model::code::{Code, Severity};
use claimcheck_engine::model::finding::Finding;

/// Version of the diff document's schema.
pub const DIFF_JSON_VERSION: u32 = 2;

/// What changed in the analysis between two versions of a project.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "claimcheck diff --format json")]
pub struct DiffDocument<'a> {
    pub version: u32,
    /// The base version's name (a git revision or a directory).
    pub base: &'a str,
    pub head: &'a str,
    pub claims: &'a [ClaimChange],
    pub sources: &'a [SourceChange],
    /// Findings of the head version that the base did not have.
    pub introduced: Vec<DiffFinding<'a>>,
    /// Findings in both versions at another severity, with the severity they had.
    pub regraded: Vec<DiffFinding<'a>>,
    /// Findings no longer reported because a claim now `allow`s them.
    pub suppressed: Vec<DiffFinding<'a>>,
    /// Findings of the base version that the head no longer has.
    pub resolved: Vec<DiffFinding<'a>>,
    pub coverage: &'a [CoverageChange],
}

/// A finding as the diff reports it.
#[derive(Serialize, JsonSchema)]
pub struct DiffFinding<'a> {
    pub code: Code,
    pub severity: Severity,
    pub message: &'a str,
    pub claim: Option<&'a str>,
    pub source: Option<&'a str>,
    /// The severity the base version gave it (regraded findings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Severity>,
}

impl<'a> DiffFinding<'a> {
    fn of(finding: &'a Finding, from: Option<Severity>) -> Self {
        Self {
            code: finding.code,
            severity: finding.severity,
            message: &finding.message,
            claim: finding.claim.as_deref(),
            source: finding.source.as_deref(),
            from,
        }
    }
}

fn plain(findings: &[Finding]) -> Vec<DiffFinding<'_>> {
    findings
        .iter()
        .map(|finding| DiffFinding::of(finding, None))
        .collect()
}

pub fn render(diff: &ProjectDiff, base: &str, head: &str) -> serde_json::Result<String> {
    let document = DiffDocument {
        version: DIFF_JSON_VERSION,
        base,
        head,
        claims: &diff.claims,
        sources: &diff.sources,
        introduced: plain(&diff.introduced),
        regraded: diff
            .regraded
            .iter()
            .map(|regraded| DiffFinding::of(&regraded.finding, Some(regraded.from)))
            .collect(),
        suppressed: plain(&diff.suppressed),
        resolved: plain(&diff.resolved),
        coverage: &diff.coverage,
    };
    Ok(serde_json::to_string_pretty(&document)? + "\n")
}
