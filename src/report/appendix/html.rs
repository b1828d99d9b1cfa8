//! The appendix as a standalone HTML page, through maud's auto-escaping templates.

use std::collections::BTreeSet;

use maud::{Markup, html};

use super::markdown::{confidence, describe};
use super::sourcing::{overview, tree_lines};
use super::{Appendix, SHORT_HASH, lines, unverified_label};
use crate::report::escape::Html;
use crate::report::html::nested;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}q{font-style:italic}";

pub fn render(appendix: &Appendix) -> String {
    // A basis outside the claims selected has no anchor to link to.
    let shown: BTreeSet<&str> = appendix
        .claims
        .iter()
        .map(|entry| entry.claim.id.as_str())
        .collect();
    let body = html! {
        h1 { "Source appendix" }
        h2 { "Sources" }
        ol {
            @for entry in &appendix.sources {
                li id=(format!("source-{}", entry.number)) value=(entry.number) {
                    (Html(&describe(entry).join(". "))) ". File "
                    code { (Html(&entry.source.path)) } ", SHA-256 "
                    code { (&entry.sha256[..SHORT_HASH]) } "."
                    ul {
                        @for passage in &entry.passages {
                            li {
                                @if let Some(label) = unverified_label(passage) {
                                    strong class="unverified" { (Html(&label)) } " "
                                }
                                (lines(passage)) ": " q { (Html(passage.text.trim())) }
                                " — " (Html(&passage.claims.join(", ")))
                            }
                        }
                    }
                }
            }
        }
        h2 { "Claims" }
        ul {
            @for entry in &appendix.claims {
                li id=(format!("claim-{}", entry.claim.id)) {
                    strong { (Html(&entry.claim.id)) }
                    (Html(&confidence(entry.claim))) ": " (Html(&entry.claim.statement))
                    @for number in &entry.notes {
                        " " a href=(format!("#source-{number}")) {
                            "[" (number)
                            @if let Some(rating) = entry.ratings.get(number) { ": " (Html(rating)) }
                            "]"
                        }
                    }
                    @if !entry.claim.based_on.is_empty() {
                        " — rests on: "
                        @for (index, basis) in entry.claim.based_on.iter().enumerate() {
                            @if index > 0 { ", " }
                            @if shown.contains(basis.claim.as_str()) {
                                a href=(format!("#claim-{}", basis.claim)) { (Html(&basis.claim)) }
                            } @else {
                                (Html(&basis.claim))
                            }
                        }
                    }
                }
            }
        }
        (sourcing(appendix))
    };
    crate::report::html::page("Source appendix", STYLE, body)
}

/// The sourcing summary section, each support tree as nested lists.
fn sourcing(appendix: &Appendix) -> Markup {
    html! {
        h2 { "Sourcing summary" }
        ul {
            @for line in overview(&appendix.sourcing) {
                li { (Html(&line)) }
            }
        }
        @if !appendix.sourcing.judgements.is_empty() {
            h3 { "Key judgements and what they rest on" }
        }
        @for judgement in &appendix.sourcing.judgements {
            (nested(&tree_lines(appendix, judgement), |(line, _)| line.depth, &|(line, note)| html! {
                (Html(&line.text))
                @if let Some(number) = note {
                    " " a href=(format!("#source-{number}")) { "[" (number) "]" }
                }
            }))
        }
    }
}
