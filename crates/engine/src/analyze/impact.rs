//! Impact: everything that depends on a source or a claim, for the moment an article
//! is withdrawn or a claim dropped. A claim depends on a source it cites and on a claim
//! it rests on (`based-on`), directly or through other claims; each dependent says
//! whether it still stands without what is removed.

use std::collections::{BTreeSet, HashMap, VecDeque};

use schemars::JsonSchema;
use serde::Serialize;

use super::basis::ClaimGraph;
use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::fact::Stance;

/// What is taken away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Target {
    Source(String),
    Claim(String),
}

impl Target {
    pub fn id(&self) -> &str {
        match self {
            Target::Source(id) | Target::Claim(id) => id,
        }
    }
}

/// Everything that depends on a target.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Impact {
    pub target: Target,
    /// Nearest first (claims citing or resting on the target directly), then by id.
    pub dependents: Vec<Dependent>,
}

/// One claim that depends on the target.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Dependent {
    pub claim: String,
    pub file: String,
    pub line: usize,
    pub statement: String,
    /// Claim ids from this claim down to the target (its id last), along a shortest
    /// way through `based-on`.
    pub path: Vec<String>,
    /// Whether it cites or rests on the target itself.
    pub direct: bool,
    /// Whether it still has support without the target: a supporting quote of
    /// another source, or a claim it rests on that still stands.
    pub stands: bool,
}

/// Everything in `project` that depends on `target`.
pub fn impact(project: &Project, target: &Target) -> Impact {
    let graph = ClaimGraph::new(&project.claims);
    let reached = dependents(&project.claims, target);
    let removed = Removed::from_target(target);
    let mut standing = Standing::new(&graph, &removed);
    let mut dependents: Vec<Dependent> = reached
        .into_iter()
        .filter_map(|(id, path)| {
            let claim = graph.claim(&id)?;
            Some(Dependent {
                claim: id,
                file: claim.location.path.to_string(),
                line: claim.location.line,
                statement: claim.statement.clone(),
                direct: path.len() == 2,
                stands: standing.stands(claim),
                path,
            })
        })
        .collect();
    dependents.sort_by(|a, b| (a.path.len(), &a.claim).cmp(&(b.path.len(), &b.claim)));
    Impact {
        target: target.clone(),
        dependents,
    }
}

/// The claims depending on `target`, each with a shortest path from it down to the
/// target (breadth first over the reversed `based-on` edges).
pub fn dependents(claims: &[Claim], target: &Target) -> HashMap<String, Vec<String>> {
    let mut resting_on: HashMap<&str, Vec<&str>> = HashMap::new();
    for claim in claims {
        for basis in &claim.based_on {
            resting_on
                .entry(basis.claim.as_str())
                .or_default()
                .push(claim.id.as_str());
        }
    }
    let direct: BTreeSet<&str> = match target {
        Target::Source(source) => claims
            .iter()
            .filter(|claim| claim.evidence.iter().any(|evidence| &evidence.source == source))
            .map(|claim| claim.id.as_str())
            .collect(),
        Target::Claim(id) => resting_on
            .get(id.as_str())
            .into_iter()
            .flatten()
            .copied()
            .collect(),
    };
    let mut paths: HashMap<String, Vec<String>> = HashMap::new();
    let mut queue = VecDeque::new();
    for id in direct {
        if matches!(target, Target::Claim(target) if target == id) {
            continue;
        }
        paths.insert(id.to_owned(), vec![id.to_owned(), target.id().to_owned()]);
        queue.push_back(id);
    }
    while let Some(id) = queue.pop_front() {
        let below = paths[id].clone();
        for &above in resting_on.get(id).into_iter().flatten() {
            let is_target = matches!(target, Target::Claim(target) if target == above);
            if is_target || paths.contains_key(above) {
                continue;
            }
            let mut path = vec![above.to_owned()];
            path.extend(below.iter().cloned());
            paths.insert(above.to_owned(), path);
            queue.push_back(above);
        }
    }
    paths
}

/// What is taken away when asking whether a claim still stands.
#[derive(Debug, Default)]
pub struct Removed {
    pub sources: BTreeSet<String>,
    pub claims: BTreeSet<String>,
}

impl Removed {
    pub fn from_target(target: &Target) -> Self {
        let mut removed = Removed::default();
        match target {
            Target::Source(id) => removed.sources.insert(id.clone()),
            Target::Claim(id) => removed.claims.insert(id.clone()),
        };
        removed
    }
}

/// Whether claims still stand with some sources and claims removed, remembered per
/// claim.
pub struct Standing<'g, 'a> {
    graph: &'g ClaimGraph<'a>,
    removed: &'g Removed,
    /// `None` while a claim is being decided: a circle back to it adds no support.
    known: HashMap<String, Option<bool>>,
}

impl<'g, 'a> Standing<'g, 'a> {
    pub fn new(graph: &'g ClaimGraph<'a>, removed: &'g Removed) -> Self {
        Self {
            graph,
            removed,
            known: HashMap::new(),
        }
    }

    /// True when `claim` keeps a supporting quote of a source not removed, or rests on
    /// a claim that still stands. Depth first without recursion: a chain of thousands
    /// of judgements must not overflow the stack.
    pub fn stands(&mut self, claim: &'a Claim) -> bool {
        if let Some(known) = self.decided(claim) {
            return known;
        }
        let mut stack: Vec<(&'a Claim, usize)> = vec![(claim, 0)];
        self.known.insert(claim.id.clone(), None);
        while let Some((current, next)) = stack.last_mut() {
            let current: &'a Claim = current;
            let Some(basis) = self.graph.bases(current).nth(*next) else {
                // No basis stands: neither does the claim waiting on them.
                self.known.insert(current.id.clone(), Some(false));
                stack.pop();
                continue;
            };
            *next += 1;
            match self.decided(basis) {
                None => {
                    self.known.insert(basis.id.clone(), None);
                    stack.push((basis, 0));
                }
                Some(true) => {
                    // One basis standing holds up every claim waiting on it.
                    for (holding, _) in stack.drain(..) {
                        self.known.insert(holding.id.clone(), Some(true));
                    }
                }
                Some(false) => {}
            }
        }
        self.known.get(&claim.id) == Some(&Some(true))
    }

    /// What is already known of `claim`: removed or quoted, decided before, or being
    /// decided (a circle back to it adds no support).
    fn decided(&mut self, claim: &Claim) -> Option<bool> {
        if self.removed.claims.contains(&claim.id) {
            return Some(false);
        }
        if let Some(known) = self.known.get(&claim.id) {
            return Some(known.unwrap_or(false));
        }
        let quoted = claim.evidence.iter().any(|evidence| {
            evidence.stance == Stance::Supports && !self.removed.sources.contains(&evidence.source)
        });
        quoted.then(|| {
            self.known.insert(claim.id.clone(), Some(true));
            true
        })
    }
}
