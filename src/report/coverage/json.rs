//! Coverage as one JSON document (version 1): per source, per claim with its verdict,
//! and the summary the human table ends with.

use schemars::JsonSchema;
use serde::Serialize;

use super::CoverageView;
use claimcheck_engine::analyze::basis::SupportNode;
use claimcheck_engine::model::pinned_span::PinnedSpan;

#[derive(Serialize, JsonSchema)]
#[schemars(title = "claimcheck coverage --format json")]
pub struct CoverageDocument<'a> {
    version: u32,
    sources: Vec<Source<'a>>,
    claims: Vec<Claim<'a>>,
    /// What the human table's last line says.
    summary: Summary,
    /// Pins shown although broken (`--allow-broken`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unverified: Vec<Unverified<'a>>,
    /// The key judgements (claims resting on others that none rests on), each with its
    /// support tree down to the quotes.
    judgements: &'a [SupportNode],
}

#[derive(Serialize, JsonSchema)]
pub struct Summary {
    claims: usize,
    corroborated: usize,
    single_source: usize,
    circular: usize,
}

#[derive(Serialize, JsonSchema)]
pub struct Unverified<'a> {
    claim: &'a str,
    source: &'a str,
    span: PinnedSpan,
    code: claimcheck_engine::model::code::Code,
}

#[derive(Serialize, JsonSchema)]
pub struct Source<'a> {
    id: &'a str,
    path: &'a str,
    characters: usize,
    cited: usize,
    share: f64,
    pins: usize,
    claims: usize,
    origin: &'a str,
    publisher: Option<&'a str>,
    reliability: Option<char>,
    cited_spans: &'a [PinnedSpan],
    #[serde(skip_serializing_if = "Option::is_none")]
    uncited: Option<Vec<Passage<'a>>>,
}

#[derive(Serialize, JsonSchema)]
pub struct Passage<'a> {
    first_line: usize,
    last_line: usize,
    text: &'a str,
}

#[derive(Serialize, JsonSchema)]
pub struct Claim<'a> {
    id: &'a str,
    evidence: usize,
    sources: &'a [String],
    origins: &'a [String],
    reliability: &'a [Option<char>],
    /// The two-character rating (`B2`) of the evidence from each source, in `sources`
    /// order: its grade and the credibility the evidence states (`-` where not stated).
    ratings: &'a [Option<String>],
    /// The claims it rests on.
    based_on: &'a [String],
    /// `unsourced`, `judgement`, `single source`, `circular` or `corroborated`.
    support: &'static str,
}

pub fn write(view: &CoverageView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let document = CoverageDocument {
        version: 1,
        sources: view
            .sources
            .iter()
            .map(|row| Source {
                id: &row.coverage.id,
                path: &row.coverage.path,
                characters: row.coverage.characters,
                cited: row.coverage.cited,
                share: (row.coverage.share() * 10_000.0).round() / 10_000.0,
                pins: row.coverage.pins,
                claims: row.coverage.claims,
                origin: &row.origin,
                publisher: row.publisher,
                reliability: row.grade,
                cited_spans: &row.coverage.cited_spans,
                uncited: row.uncited.as_ref().map(|passages| {
                    passages
                        .iter()
                        .map(|passage| Passage {
                            first_line: passage.first_line,
                            last_line: passage.last_line,
                            text: &passage.text,
                        })
                        .collect()
                }),
            })
            .collect(),
        claims: view
            .claims
            .iter()
            .map(|claim| Claim {
                id: &claim.id,
                evidence: claim.evidence,
                sources: &claim.sources,
                origins: &claim.origins,
                reliability: &claim.grades,
                ratings: &claim.ratings,
                based_on: &claim.based_on,
                support: super::support(claim),
            })
            .collect(),
        summary: Summary {
            claims: view.claims.len(),
            corroborated: view.corroborated(),
            single_source: view.single_source(),
            circular: view.circular(),
        },
        unverified: view
            .unverified
            .iter()
            .map(|pin| Unverified {
                claim: &pin.claim,
                source: &pin.source,
                span: pin.span,
                code: pin.code,
            })
            .collect(),
        judgements: &view.judgements,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
