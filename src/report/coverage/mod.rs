//! Coverage reports, one module per format: what each source contributes and what
//! stands behind each claim (`claimcheck coverage`).

pub mod html;
pub mod json;
pub mod markdown;
pub mod table;

use std::collections::BTreeMap;

use claimcheck_engine::analyze::basis::SupportNode;
use claimcheck_engine::analyze::corroboration::{ClaimSupport, claim_support, origin_of};
use claimcheck_engine::analyze::coverage::{
    Passage, SourceCoverage, source_coverage, uncited_passages,
};
use claimcheck_engine::analyze::sourcing::judgement_trees;
use claimcheck_engine::load::Project;
use claimcheck_engine::model::claim::Claim;

/// Output formats of `coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// Aligned tables for a terminal.
    Human,
    /// One JSON document.
    Json,
    /// Markdown tables, for a CI job summary.
    Markdown,
    /// A static site (needs --output DIR): an index and one page per source with every
    /// cited span highlighted and linked to its claims.
    Html,
}

/// Everything a coverage report shows, computed once.
pub struct CoverageView<'a> {
    pub project: &'a Project,
    pub sources: Vec<SourceRow<'a>>,
    pub claims: Vec<ClaimSupport>,
    /// Pins shown although broken (`--allow-broken`): every format lists them as not
    /// verified.
    pub unverified: Vec<claimcheck_engine::verify::broken::BrokenPin>,
    /// The key judgements, each with its support tree down to the quotes.
    pub judgements: Vec<SupportNode>,
}

/// One source with its coverage and what its metadata says of it.
pub struct SourceRow<'a> {
    pub coverage: SourceCoverage,
    pub origin: String,
    pub publisher: Option<&'a str>,
    pub grade: Option<char>,
    /// Paragraphs no pin touches, when asked for.
    pub uncited: Option<Vec<Passage>>,
}

impl<'a> CoverageView<'a> {
    pub fn new(project: &'a Project, with_uncited: bool) -> Self {
        let mut coverage: BTreeMap<String, SourceCoverage> = source_coverage(project)
            .into_iter()
            .map(|coverage| (coverage.id.clone(), coverage))
            .collect();
        let sources = project
            .sources
            .values()
            .filter_map(|source| {
                let coverage = coverage.remove(&source.id)?;
                let metadata = source.metadata.as_ref();
                Some(SourceRow {
                    uncited: with_uncited.then(|| uncited_passages(source, &coverage.cited_spans)),
                    coverage,
                    origin: origin_of(source),
                    publisher: metadata.and_then(|metadata| metadata.publisher.as_deref()),
                    grade: metadata.and_then(|metadata| metadata.reliability),
                })
            })
            .collect();
        let claims = project
            .claims
            .iter()
            .map(|claim| claim_support(project, claim))
            .collect();
        let all: Vec<&Claim> = project.claims.iter().collect();
        Self {
            project,
            sources,
            claims,
            unverified: Vec::new(),
            judgements: judgement_trees(project, &all),
        }
    }

    pub fn single_source(&self) -> usize {
        self.claims
            .iter()
            .filter(|claim| claim.sources.len() == 1)
            .count()
    }

    pub fn circular(&self) -> usize {
        self.claims
            .iter()
            .filter(|claim| claim.sources.len() > 1 && claim.origins.len() == 1)
            .count()
    }

    pub fn corroborated(&self) -> usize {
        self.claims
            .iter()
            .filter(|claim| claim.origins.len() > 1)
            .count()
    }

    /// The sources as every coverage report lists them: the most cited share first,
    /// then by id.
    pub fn sources_by_share(&self) -> Vec<&SourceRow<'a>> {
        let mut sources: Vec<_> = self.sources.iter().collect();
        sources.sort_by(|a, b| {
            b.coverage
                .share()
                .total_cmp(&a.coverage.share())
                .then(a.coverage.id.cmp(&b.coverage.id))
        });
        sources
    }
}

/// A broken pin in words: `claim `x` cites `s` 40..88 (claims/x.yaml:6:11): span-drifted`.
pub fn unverified_line(pin: &claimcheck_engine::verify::broken::BrokenPin) -> String {
    format!(
        "claim `{}` cites `{}` {} ({}): {}",
        pin.claim, pin.source, pin.span, pin.location, pin.code
    )
}

/// What stands behind a claim, in a word or two: `unsourced`, `judgement` (no quote of
/// its own, resting on other claims), `single source`, `circular` (several sources,
/// one origin) or `corroborated`.
pub fn support(claim: &ClaimSupport) -> &'static str {
    match (claim.sources.len(), claim.origins.len()) {
        (0, _) if !claim.based_on.is_empty() => "judgement",
        (0, _) => "unsourced",
        (1, _) => "single source",
        (_, 1) => "circular",
        _ => "corroborated",
    }
}

/// `0.2534` → `25.3%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The ratings of a claim's evidence by source, `B2 C-`, or `-` when none is graded or
/// rated.
pub fn ratings(claim: &ClaimSupport) -> String {
    let ratings: Vec<&str> = claim.ratings.iter().flatten().map(String::as_str).collect();
    if ratings.is_empty() {
        "-".into()
    } else {
        ratings.join(" ")
    }
}
