//! A claim says what its quotes say, in what can be checked mechanically: every number
//! and every month its statement states is in at least one of its quotes (same value:
//! `five` and `5`, `1,400` and `1400`); a count given as the claim's fact value is in
//! one of its quotes; a count given as an evidence value is in that evidence's quote.
//! Otherwise `statement-unsupported` names the term and what the quotes say instead.
//!
//! A quote is dated by its source: the year and month of a cited source's `published`
//! date support a statement's year and month when that quote names no year or month
//! itself ("rockets hit Camp Taji on Wednesday", in an article of 12
//! March 2020, supports "in March 2020", not "on 11 March").

use std::borrow::Cow;

use rayon::prelude::*;

use crate::load::Project;
use crate::model::claim::{Claim, Evidence};
use crate::model::claim_graph::ClaimGraph;
use crate::model::code::Code;
use crate::model::finding::{Finding, FindingParts, parts_of};
use crate::model::location::Location;
use crate::model::stated::{Reading, stated_numbers};
use crate::model::value::Value;

/// The findings of every claim whose statement or values its quotes do not support. A
/// judgement's quotes include those of the claims it rests on (`based-on`), all the
/// way down.
pub fn check_statements(project: &Project) -> FindingParts {
    // Most products have no judgements: then a claim's quotes are its own.
    let graph = project
        .claims
        .iter()
        .any(|claim| !claim.based_on.is_empty())
        .then(|| ClaimGraph::new(&project.claims));
    // Every statement is read against its quotes: claims on all cores, in order.
    parts_of(
        project
            .claims
            .par_iter()
            // A product that allows the code should not pay for reading every statement.
            .filter(|claim| project.config.checks_statement_of(claim))
            .flat_map_iter(|claim| {
                check_claim(project, claim, || match &graph {
                    Some(graph) if !claim.based_on.is_empty() => graph.evidence_below(claim),
                    _ => claim.evidence.iter().collect(),
                })
            }),
    )
}

/// The year and month (0 if not recorded) a source was published, if recorded.
fn publication_date(project: &Project, source: &str) -> Option<(f64, u32)> {
    let published = project
        .sources
        .get(source)?
        .metadata
        .as_ref()?
        .published
        .as_deref()?;
    let mut parts = published.split('-');
    let year: f64 = parts.next()?.parse().ok()?;
    let month: u32 = parts
        .next()
        .and_then(|month| month.parse().ok())
        .unwrap_or(0);
    Some((year, month))
}

/// The findings of `claim`, whose quotes `evidence` gives when there is something to
/// look for in them.
fn check_claim<'a>(
    project: &Project,
    claim: &Claim,
    evidence: impl FnOnce() -> Vec<&'a Evidence>,
) -> Vec<Finding> {
    // Each text's words were read once, when its file was parsed. Most statements
    // state no figure and most claims give no count: nothing to look for in their
    // quotes.
    let statement = claim.statement_states();
    if !claim.quotes_are_read_for(&statement) {
        return Vec::new();
    }
    let evidence = evidence();
    let said: Vec<Said> = evidence.iter().map(|evidence| Said::of(evidence)).collect();
    let quoted_numbers: Vec<f64> = said
        .iter()
        .flat_map(|said| &said.reading.numbers)
        .map(|number| number.value)
        .collect();
    // Each source's date is looked up once (by id, among all sources), and only for a
    // claim that states a figure or month its quotes do not: most claims' do.
    let published = std::cell::OnceCell::new();
    let published = || {
        published.get_or_init(|| {
            evidence
                .iter()
                .map(|evidence| publication_date(project, &evidence.source))
                .collect::<Vec<_>>()
        })
    };
    // A year: a quote that states one (a number from 1900 to 2099) says which; one that
    // states none is dated by its source.
    let dated_year = |value: f64| {
        published().iter().zip(&said).any(|(published, said)| {
            published.is_some_and(|(year, _)| year == value)
                && !said
                    .reading
                    .numbers
                    .iter()
                    .any(|number| (1900.0..2100.0).contains(&number.value))
        })
    };
    // Likewise a month: a quote that names one says which.
    let quoted_month = |month: u32| {
        published().iter().zip(&said).any(|(published, said)| {
            if said.reading.months.is_empty() {
                published.is_some_and(|(_, dated)| dated == month)
            } else {
                said.reading.months.iter().any(|named| named.value == month)
            }
        })
    };
    let mut missing: Vec<&str> = statement
        .numbers
        .iter()
        .filter(|number| !quoted_numbers.contains(&number.value) && !dated_year(number.value))
        .map(|number| number.written(&claim.statement))
        .collect();
    missing.extend(
        statement
            .months
            .iter()
            .filter(|month| !quoted_month(month.value))
            .map(|month| month.written(&claim.statement)),
    );
    let mut findings = Vec::new();
    if !missing.is_empty() {
        findings.push(unsupported(
            claim,
            format!(
                "the statement says {} but none of its quotes does",
                quoted_list(missing)
            ),
            claim.location.clone(),
            &said,
        ));
    }
    let fact_missing = claim.fact.as_ref().and_then(|fact| {
        count_missing(project, &fact.value, &fact.value_location, &quoted_numbers)
            .map(|missing| (fact, missing))
    });
    if let Some((fact, missing)) = fact_missing {
        findings.push(unsupported(
            claim,
            format!("the fact's value {missing} is in none of the claim's quotes"),
            fact.value_location.clone(),
            &said,
        ));
    }
    for evidence in &claim.evidence {
        let Some(value) = &evidence.value else {
            continue;
        };
        let in_quote = Said::of(evidence);
        let numbers: Vec<f64> = in_quote
            .reading
            .numbers
            .iter()
            .map(|number| number.value)
            .collect();
        if let Some(missing) = count_missing(project, &value.value, &value.location, &numbers) {
            findings.push(unsupported(
                claim,
                format!(
                    "the evidence's value {missing} is not in its quote from `{}`",
                    evidence.source
                ),
                value.location.clone(),
                std::slice::from_ref(&in_quote),
            ));
        }
    }
    findings
}

/// The figure of a count value that `numbers` lacks, as written in the claim file at
/// `at` (`about 40,000` is checked for 40,000, not for the range it stands for).
fn count_missing(
    project: &Project,
    value: &Value,
    at: &Location,
    numbers: &[f64],
) -> Option<String> {
    let Value::Count { low, high } = value else {
        return None;
    };
    let written = project
        .files
        .text(&at.path)
        .and_then(|text| text.get(at.range()));
    match written {
        Some(written) => stated_numbers(written)
            .into_iter()
            .find(|number| !numbers.contains(&number.value))
            .map(|number| number.written.to_owned()),
        None => [*low, *high]
            .into_iter()
            .filter(|bound| bound.is_finite())
            .find(|bound| !numbers.contains(bound))
            .map(|bound| format!("{bound}")),
    }
}

/// `terms`, each in curly quotes, separated by commas: built in one string, as a claim
/// that states figures its quotes lack is reported on every run.
fn quoted_list<'t>(terms: impl IntoIterator<Item = &'t str>) -> String {
    let mut list = String::new();
    for term in terms {
        if !list.is_empty() {
            list.push_str(", ");
        }
        list.push('“');
        list.push_str(term);
        list.push('”');
    }
    list
}

/// What a quote states, with the quote, where each term is written.
struct Said<'e> {
    reading: Cow<'e, Reading>,
    quote: &'e str,
}

impl<'e> Said<'e> {
    fn of(evidence: &'e Evidence) -> Self {
        Self {
            reading: evidence.quote_states(),
            quote: &evidence.quote,
        }
    }
}

/// `quotes`: what each of the claim's quotes states.
fn unsupported(claim: &Claim, message: String, at: Location, quotes: &[Said]) -> Finding {
    let said = quoted_list(quotes.iter().flat_map(|said| {
        let reading = &said.reading;
        let numbers = reading.numbers.iter().map(|n| n.written(said.quote));
        numbers.chain(reading.months.iter().map(|month| month.written(said.quote)))
    }));
    let instead = if said.is_empty() {
        "its quotes state no number or month".to_owned()
    } else {
        format!("its quotes say {said}")
    };
    Finding::new(Code::StatementUnsupported, message)
        .claim(&claim.id)
        .at(at)
        .help(format!(
            "{instead}; correct the claim, cite a quote that says it, or, for a figure the \
             analyst derived (2 + 1 = 3), `allow` this code with the reason"
        ))
}
