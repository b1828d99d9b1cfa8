//! Judgements built on claims: the graph of `based-on`, its unknown ids and circles,
//! the grounds a claim stands on through it (origins and grades of every supporting
//! quote below it), and the support tree the reports draw.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use schemars::JsonSchema;
use serde::Serialize;

use super::corroboration::{distinct_origins, origin_of_id};
use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::claim_graph::ClaimGraph;
use crate::model::code::Code;
use crate::model::fact::Stance;
use crate::model::finding::{Details, Finding};
use crate::model::judgement::{Confidence, rating};

/// What a claim stands on, through its own supporting quotes and everything it rests
/// on: the quotes of retracted sources count for nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grounds {
    /// Distinct origins of the supporting quotes.
    pub origins: Vec<String>,
    /// The best reliability grade among their sources (an ungraded source is F).
    pub best_grade: Option<char>,
    /// Supporting quotes, counted once per claim that cites them.
    pub quotes: usize,
}

/// The grounds of `claim`, following `based-on` down to the quotes. A claim met twice
/// on one path (a circle, reported on its own) adds nothing the second time.
pub fn grounds(project: &Project, graph: &ClaimGraph, claim: &Claim) -> Grounds {
    let mut origins = Vec::new();
    let mut grades = Vec::new();
    for evidence in graph
        .evidence_below(claim)
        .into_iter()
        .filter(|evidence| evidence.stance == Stance::Supports)
    {
        let source = project.sources.get(&evidence.source);
        if source.is_some_and(|source| source.is_retracted()) {
            continue;
        }
        origins.push(origin_of_id(project, &evidence.source));
        grades.push(source.and_then(|source| source.grade()).unwrap_or('F'));
    }
    origins.sort();
    Grounds {
        quotes: grades.len(),
        origins: distinct_origins(origins),
        best_grade: grades.into_iter().min(),
    }
}

/// `based-on` entries naming no claim, and circles of claims resting on each other.
pub fn findings(project: &Project, graph: &ClaimGraph) -> Vec<Finding> {
    // Known ids, for "did you mean": gathered only when an id is unknown.
    let ids = std::cell::OnceCell::new();
    let known = || -> &Vec<&str> {
        ids.get_or_init(|| {
            project
                .claims
                .iter()
                .map(|claim| claim.id.as_str())
                .collect()
        })
    };
    let mut findings = Vec::new();
    for claim in &project.claims {
        for basis in &claim.based_on {
            if graph.claim(&basis.claim).is_none() {
                let mut finding = Finding::new(
                    Code::BasisUnknown,
                    format!(
                        "claim `{}` rests on `{}`, which no claim has as its id",
                        claim.id, basis.claim
                    ),
                )
                .claim(&claim.id)
                .at(basis.location.clone());
                if let Some(help) = crate::suggest::nearest(&basis.claim, known()) {
                    finding = finding.help(help);
                }
                findings.push(finding);
            }
        }
    }
    findings.extend(cycles(graph, &project.claims).into_iter().map(|circle| {
        let first = graph
            .claim(&circle[0])
            .expect("circles are of known claims");
        let at = first
            .based_on
            .iter()
            .find(|basis| basis.claim == circle[1 % circle.len()])
            .map_or_else(|| first.location.clone(), |basis| basis.location.clone());
        let mut chain = circle.clone();
        chain.push(circle[0].clone());
        Finding::new(
            Code::BasisCycle,
            format!(
                "claims rest on each other in a circle: {}",
                chain
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ),
        )
        .claim(&first.id)
        .at(at)
        .details(Details::Chain { chain })
        .help("a judgement must come to rest on quotes: remove one `based-on` entry of the circle")
    }));
    findings
}

/// The circles of `based-on` a depth-first search meets (at least one through every
/// circular part of the graph), each once, starting at its least id.
fn cycles(graph: &ClaimGraph, claims: &[Claim]) -> Vec<Vec<String>> {
    let mut circles = Vec::new();
    // Colours of a depth-first search: absent = unvisited, false = on the path, true = done.
    let mut state: HashMap<&str, bool> = HashMap::new();
    let mut ordered: Vec<&Claim> = claims
        .iter()
        .filter(|claim| !claim.based_on.is_empty())
        .collect();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    for start in ordered {
        if state.contains_key(start.id.as_str()) {
            continue;
        }
        // Iterative: a chain of thousands of judgements must not overflow the stack.
        let mut path: Vec<(&Claim, usize)> = vec![(start, 0)];
        state.insert(start.id.as_str(), false);
        while let Some((current, next)) = path.last_mut() {
            let current: &Claim = current;
            let Some(basis) = graph.bases(current).nth(*next) else {
                state.insert(current.id.as_str(), true);
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(basis.id.as_str()) {
                None => {
                    state.insert(basis.id.as_str(), false);
                    path.push((basis, 0));
                }
                Some(false) => {
                    let from = path
                        .iter()
                        .position(|(claim, _)| claim.id == basis.id)
                        .expect("a claim on the path is in it");
                    let mut circle: Vec<String> = path[from..]
                        .iter()
                        .map(|(claim, _)| claim.id.clone())
                        .collect();
                    let least = (0..circle.len())
                        .min_by(|a, b| circle[*a].cmp(&circle[*b]))
                        .unwrap_or(0);
                    circle.rotate_left(least);
                    circles.push(circle);
                }
                Some(true) => {}
            }
        }
    }
    circles.sort();
    circles.dedup();
    circles
}

/// One claim in a support tree: its quotes, and the claims it rests on below it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SupportNode {
    pub claim: String,
    pub statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    pub quotes: Vec<SupportQuote>,
    /// The claims it rests on; a claim already drawn in this tree (a shared basis, or a
    /// circle) is named with no children.
    pub based_on: Vec<SupportNode>,
    /// True for a basis naming no claim, or one already drawn in this tree.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unresolved: bool,
    /// True for a claim at the deepest level drawn, whose own bases are not drawn.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deeper: bool,
}

/// Levels of a support tree drawn: a chain of judgements a pull request commits may be
/// thousands deep, and reports must not recurse that far.
pub const MAX_TREE_DEPTH: usize = 32;

/// One quote at the bottom of a support tree.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SupportQuote {
    pub source: String,
    pub quote: String,
    pub stance: String,
    /// The two-character rating (`B2`): the source's grade and the quote's credibility.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<String>,
    /// `retracted`, `corrected` or `disputed`, when the source's metadata says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// The support tree of `claim`, down to its quotes: each claim drawn once (a basis
/// shared by several branches, or a circle, is named again without its children), and
/// no deeper than [`MAX_TREE_DEPTH`] levels, so the tree is never larger than the
/// product's claims.
pub fn support_tree(project: &Project, graph: &ClaimGraph, claim: &Claim) -> SupportNode {
    let mut drawn = HashSet::new();
    node(project, graph, claim, 1, &mut drawn)
}

fn node<'a>(
    project: &Project,
    graph: &ClaimGraph<'a>,
    claim: &'a Claim,
    depth: usize,
    drawn: &mut HashSet<&'a str>,
) -> SupportNode {
    drawn.insert(&claim.id);
    let based_on = claim
        .based_on
        .iter()
        .map(|basis| match graph.claim(&basis.claim) {
            Some(below) if !drawn.contains(below.id.as_str()) && depth < MAX_TREE_DEPTH => {
                node(project, graph, below, depth + 1, drawn)
            }
            found => SupportNode {
                claim: basis.claim.clone(),
                statement: found
                    .map(|claim| claim.statement.clone())
                    .unwrap_or_default(),
                confidence: found.and_then(|claim| Some(claim.confidence.as_ref()?.level)),
                quotes: Vec::new(),
                based_on: Vec::new(),
                unresolved: found.is_none_or(|below| drawn.contains(below.id.as_str())),
                deeper: found.is_some_and(|below| !drawn.contains(below.id.as_str())),
            },
        })
        .collect();
    SupportNode {
        claim: claim.id.clone(),
        statement: claim.statement.clone(),
        confidence: claim.confidence.as_ref().map(|stated| stated.level),
        quotes: claim
            .evidence
            .iter()
            .map(|evidence| {
                let source = project.sources.get(&evidence.source);
                SupportQuote {
                    source: evidence.source.clone(),
                    quote: evidence.quote.clone(),
                    stance: evidence.stance.name().to_owned(),
                    rating: rating(source.and_then(|s| s.grade()), evidence.credibility),
                    status: source
                        .and_then(|source| source.status())
                        .map(|status| status.kind.name().to_owned()),
                }
            })
            .collect(),
        based_on,
        unresolved: false,
        deeper: false,
    }
}
