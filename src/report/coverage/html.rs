//! Coverage as a static site: `index.html` with the per-source and per-claim tables and a
//! coverage bar per source, and `sources/<id>.html` with the source's text, every cited
//! span highlighted, its claims named on hover and linked on click. Offline (no external
//! assets, no scripts); built with maud's templates, which escape every text from
//! sources and claims.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use maud::html;

use super::{CoverageView, SourceRow, percent};
use crate::report::escape::Html;
use crate::report::html::{nested, page};
use crate::report::support_tree;
use claimcheck_engine::safe_fs::{FsError, write_output_file};

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0}th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
td.n{text-align:right}.bar{width:10em;height:.8em;background:#eee;display:inline-block}.bar span{display:block;height:100%;background:#4a7}\
pre.source{white-space:pre-wrap;font:14px/1.6 Georgia,serif;background:#fafafa;padding:1em;border:1px solid #eee}\
mark.cited{background:#fd6}mark.cited a{color:inherit;text-decoration:none}mark.cited:hover{background:#fb3}tr:target{background:#ffd}";

/// Anchor id of a claim on the index page.
fn claim_anchor(id: &str) -> String {
    format!("claim-{id}")
}

/// The file name of a source's page (ids are file-name safe).
fn source_page(id: &str) -> String {
    format!("sources/{id}.html")
}

/// Writes the site into `dir`; returns the files written.
/// Links planted inside `dir` are replaced, never written through.
pub fn write_site(view: &CoverageView, dir: &Path) -> Result<Vec<PathBuf>, FsError> {
    let mut written = vec![write_output_file(
        dir,
        Path::new("index.html"),
        index(view).as_bytes(),
    )?];
    for row in &view.sources {
        let page = source_page(&row.coverage.id);
        written.push(write_output_file(
            dir,
            Path::new(&page),
            source(view, row).as_bytes(),
        )?);
    }
    Ok(written)
}

fn index(view: &CoverageView) -> String {
    let body = html! {
        h1 { "Coverage and corroboration" }
        @if !view.unverified.is_empty() {
            h2 class="unverified" { "Not verified" }
            p { "Shown with " code { "--allow-broken" } ": these pins no longer prove their quotes." }
            ul {
                @for pin in &view.unverified {
                    li { (Html(&super::unverified_line(pin))) }
                }
            }
        }
        h2 { "Sources" }
        table {
            tr {
                th { "source" } th { "cited" } th { "share" } th {} th { "pins" }
                th { "claims" } th { "origin" } th { "grade" }
            }
            @for row in view.sources_by_share() {
                @let coverage = &row.coverage;
                tr {
                    td { a href=(source_page(&coverage.id)) { (Html(&coverage.id)) } }
                    td.n { (coverage.cited) "/" (coverage.characters) }
                    td.n { (percent(coverage.share())) }
                    td { div.bar { span style=(format!("width:{:.1}%", coverage.share() * 100.0)) {} } }
                    td.n { (coverage.pins) }
                    td.n { (coverage.claims) }
                    td { (Html(&row.origin)) }
                    td { (row.grade.map_or("-".to_owned(), String::from)) }
                }
            }
        }
        h2 { "Claims" }
        p {
            (view.claims.len()) " claims: " (view.corroborated()) " corroborated by independent origins, "
            (view.single_source()) " single-source, " (view.circular()) " circular."
        }
        table {
            tr {
                th { "claim" } th { "statement" } th { "sources" } th { "origins" }
                th { "ratings" } th { "support" }
            }
            @for (claim, support) in view.project.claims.iter().zip(&view.claims) {
                tr id=(claim_anchor(&claim.id)) {
                    td { (Html(&claim.id)) }
                    td { (Html(&claim.statement)) }
                    td {
                        @for (index, id) in support.sources.iter().enumerate() {
                            @if index > 0 { br; }
                            a href=(source_page(id)) { (Html(id)) }
                        }
                    }
                    td { (Html(&support.origins.join(", "))) }
                    td { (Html(&super::ratings(support))) }
                    td { (super::support(support)) }
                }
            }
        }
        @if !view.judgements.is_empty() {
            h2 { "Key judgements and what they rest on" }
            // A quote links to its source's page.
            @for judgement in &view.judgements {
                (nested(&support_tree::lines(judgement), |line| line.depth, &|line| html! {
                    @match &line.source {
                        Some(source) => a href=(source_page(source)) { (Html(&line.text)) },
                        None => (Html(&line.text)),
                    }
                }))
            }
        }
    };
    page("claimcheck coverage", STYLE, body)
}

fn source(view: &CoverageView, row: &SourceRow) -> String {
    let Some(source) = view.project.sources.get(&row.coverage.id) else {
        return page(&row.coverage.id, STYLE, html! {});
    };
    // Every pin of this source, with its claim.
    let pins: Vec<(
        std::ops::Range<usize>,
        &claimcheck_engine::model::claim::Claim,
    )> = view
        .project
        .claims
        .iter()
        .flat_map(|claim| claim.evidence.iter().map(move |evidence| (evidence, claim)))
        .filter(|(evidence, _)| {
            evidence.source == source.id && source.text.get(evidence.span.range()).is_some()
        })
        .map(|(evidence, claim)| (evidence.span.range(), claim))
        .collect();
    let mut boundaries: BTreeSet<usize> = BTreeSet::from([0, source.text.len()]);
    for (range, _) in &pins {
        boundaries.insert(range.start);
        boundaries.insert(range.end);
    }
    let boundaries: Vec<usize> = boundaries.into_iter().collect();
    // The text in segments between span boundaries, each with the claims citing it.
    let segments: Vec<(&str, Vec<&claimcheck_engine::model::claim::Claim>)> = boundaries
        .windows(2)
        .map(|pair| {
            let (start, end) = (pair[0], pair[1]);
            let claims = pins
                .iter()
                .filter(|(range, _)| range.start <= start && end <= range.end)
                .map(|(_, claim)| *claim)
                .collect();
            (&source.text[start..end], claims)
        })
        .collect();
    let metadata = source.metadata.as_ref();
    let title = metadata
        .and_then(|metadata| metadata.title.as_deref())
        .unwrap_or(&source.id);
    let body = html! {
        p { a href="../index.html" { "← coverage" } }
        h1 { (Html(title)) }
        p {
            (Html(&source.path)) " · " (Html(row.publisher.unwrap_or("publisher unknown")))
            " · cited " (row.coverage.cited) " of " (row.coverage.characters) " characters ("
            (percent(row.coverage.share())) ") by " (row.coverage.pins) " pins of "
            (row.coverage.claims) " claims"
        }
        pre.source {
            @for (segment, claims) in &segments {
                @match claims.first() {
                    None => (Html(segment)),
                    Some(first) => {
                        @let ids: Vec<&str> = claims.iter().map(|claim| claim.id.as_str()).collect();
                        @let titles: Vec<String> = claims.iter().map(|claim| format!("{}: {}", claim.id, claim.statement)).collect();
                        mark.cited data-claims=(Html(&ids.join(" "))) title=(Html(&titles.join("\n"))) {
                            a href=(format!("../index.html#{}", claim_anchor(&first.id))) { (Html(segment)) }
                        }
                    }
                }
            }
        }
    };
    page(title, STYLE, body)
}
