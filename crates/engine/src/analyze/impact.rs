//! Impact: everything that depends on a source or a claim, for the moment an article
//! is withdrawn or a claim dropped. A claim depends on a source it cites and on a claim
//! it rests on (`based-on`), directly or through other claims; each dependent says
//! whether it still stands without what is removed.

use std::collections::{BTreeSet, HashMap, VecDeque};

use schemars::JsonSchema;
use serde::Serialize;

use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::claim_graph::ClaimGraph;
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
    pub line: u32,
    pub statement: String,
    /// Claim ids from this claim down to the target (its id last), along a shortest
    /// way through `based-on`; for a way longer than [`MAX_WAY`] ids, its first
    /// [`MAX_WAY`] (`depth` says how far the target is).
    pub path: Vec<String>,
    /// Steps from this claim to the target: 1 when it cites or rests on it itself.
    pub depth: usize,
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
        .filter_map(|(id, way)| {
            let claim = graph.claim(&id)?;
            Some(Dependent {
                claim: id,
                file: claim.location.path.to_string(),
                line: claim.location.line,
                statement: claim.statement.clone(),
                direct: way.depth == 1,
                stands: standing.stands(claim),
                path: way.path,
                depth: way.depth,
            })
        })
        .collect();
    dependents.sort_by(|a, b| (a.depth, &a.claim).cmp(&(b.depth, &b.claim)));
    Impact {
        target: target.clone(),
        dependents,
    }
}

/// The most claim ids a way down to a target lists: a chain of thousands of
/// judgements would otherwise give each its own thousands-long way.
pub const MAX_WAY: usize = 16;

/// How a claim reaches a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Way {
    /// Claim ids from the claim down to the target (its id last), at most
    /// [`MAX_WAY`] of them.
    pub path: Vec<String>,
    /// Steps from the claim to the target.
    pub depth: usize,
}

impl Way {
    /// The way in words, `` `a` → `b` → `target` ``, with `…` for steps not listed.
    pub fn in_words(&self, target: &str) -> String {
        let mut steps: Vec<String> = self.path.iter().map(|id| format!("`{id}`")).collect();
        if self.path.len() <= self.depth {
            steps.push(format!("… ({} more)", self.depth + 1 - self.path.len()));
            steps.push(format!("`{target}`"));
        }
        steps.join(" → ")
    }
}

/// The claims depending on `target`, each with a shortest way from it down to the
/// target (breadth first over the reversed `based-on` edges, remembering for each
/// claim only the next step, so a deep chain costs memory linear in its length).
pub fn dependents(claims: &[Claim], target: &Target) -> HashMap<String, Way> {
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
            .filter(|claim| {
                claim
                    .evidence
                    .iter()
                    .any(|evidence| &evidence.source == source)
            })
            .map(|claim| claim.id.as_str())
            .collect(),
        Target::Claim(id) => resting_on
            .get(id.as_str())
            .into_iter()
            .flatten()
            .copied()
            .collect(),
    };
    let is_target = |id: &str| matches!(target, Target::Claim(target) if target == id);
    // For each claim reached: the next step down toward the target, and the depth.
    let mut next: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut queue = VecDeque::new();
    for id in direct.into_iter().filter(|id| !is_target(id)) {
        next.insert(id, (target.id(), 1));
        queue.push_back(id);
    }
    while let Some(id) = queue.pop_front() {
        let depth = next[id].1;
        for &above in resting_on.get(id).into_iter().flatten() {
            if is_target(above) || next.contains_key(above) {
                continue;
            }
            next.insert(above, (id, depth + 1));
            queue.push_back(above);
        }
    }
    next.iter()
        .map(|(&id, &(_, depth))| {
            let mut path = vec![id.to_owned()];
            let mut at = id;
            while path.len() < MAX_WAY {
                let Some(&(below, _)) = next.get(at) else {
                    break;
                };
                path.push(below.to_owned());
                if below == target.id() && path.len() == depth + 1 {
                    break;
                }
                at = below;
            }
            (id.to_owned(), Way { path, depth })
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::model::claim::Evidence;
    use crate::model::judgement::Basis;
    use crate::model::location::Location;
    use crate::model::pinned_span::PinnedSpan;

    /// A claim `c{index}` citing sources `s{n}` with a stance, resting on claims `c{n}`.
    fn claim(index: usize, quotes: &[(usize, bool)], bases: &[usize]) -> Claim {
        let at = Location::file("claims/c.yaml");
        Claim {
            id: format!("c{index}"),
            statement: "S".into(),
            evidence: quotes
                .iter()
                .map(|&(source, supports)| Evidence {
                    source: format!("s{source}"),
                    quote: "q".into(),
                    span: PinnedSpan::new(0, 1),
                    sha256: [0; 32],
                    prefix: None,
                    suffix: None,
                    location: at.clone(),
                    source_place: at.place(),
                    quote_place: at.place(),
                    span_place: at.place(),
                    sha256_place: at.place(),
                    prefix_place: None,
                    suffix_place: None,
                    stance: if supports {
                        Stance::Supports
                    } else {
                        Stance::Refutes
                    },
                    value: None,
                    credibility: None,
                    quote_reading: None,
                })
                .collect(),
            allow: Vec::new(),
            entities: Vec::new(),
            fact: None,
            acknowledgements: Vec::new(),
            confidence: None,
            based_on: bases
                .iter()
                .map(|basis| Basis {
                    claim: format!("c{basis}"),
                    location: at.clone(),
                })
                .collect(),
            statement_place: at.place(),
            location: at,
            statement_reading: None,
            estimative: None,
        }
    }

    type Shape = Vec<(Vec<(usize, bool)>, Vec<usize>)>;

    /// Up to 12 claims over 4 sources; bases may name any of 14 ids (two unknown), so
    /// circles, self-references and unknown ids all occur.
    fn shapes() -> impl Strategy<Value = Shape> {
        prop::collection::vec(
            (
                prop::collection::vec((0..4usize, any::<bool>()), 0..3),
                prop::collection::vec(0..14usize, 0..3),
            ),
            1..12,
        )
    }

    fn build(shape: &Shape) -> Vec<Claim> {
        shape
            .iter()
            .enumerate()
            .map(|(index, (quotes, bases))| claim(index, quotes, bases))
            .collect()
    }

    /// The claims depending on `target` with their shortest distance, by a fixed point
    /// over the whole graph (no breadth-first search, no reversed edges): a depth is
    /// lowered whenever a shorter way turns up, as a claim listed before one of its
    /// bases may first be reached through a longer way.
    fn reachable(claims: &[Claim], target: &Target) -> BTreeMap<String, usize> {
        let mut reached = BTreeMap::new();
        for claim in claims {
            let direct = match target {
                Target::Source(id) => claim.evidence.iter().any(|e| &e.source == id),
                Target::Claim(id) => claim.based_on.iter().any(|b| &b.claim == id),
            };
            if direct {
                reached.insert(claim.id.clone(), 1);
            }
        }
        loop {
            let mut lowered = false;
            for claim in claims {
                let through_bases = claim
                    .based_on
                    .iter()
                    .filter_map(|basis| reached.get(&basis.claim))
                    .min()
                    .map(|depth| depth + 1);
                if let Some(depth) = through_bases
                    && reached.get(&claim.id).is_none_or(|&known| depth < known)
                {
                    reached.insert(claim.id.clone(), depth);
                    lowered = true;
                }
            }
            if !lowered {
                break;
            }
        }
        if let Target::Claim(id) = target {
            reached.remove(id);
        }
        reached
    }

    proptest! {
        #[test]
        fn impact_lists_exactly_the_claims_reachable_through_evidence_and_bases(
            shape in shapes(),
            pick_source in any::<bool>(),
            pick in 0..12usize,
        ) {
            let claims = build(&shape);
            let target = if pick_source {
                Target::Source(format!("s{}", pick % 4))
            } else {
                Target::Claim(format!("c{}", pick % claims.len()))
            };
            let found = dependents(&claims, &target);
            let expected = reachable(&claims, &target);
            let listed: BTreeSet<&String> = found.keys().collect();
            let wanted: BTreeSet<&String> = expected.keys().collect();
            prop_assert_eq!(listed, wanted);
            let by_id: BTreeMap<&str, &Claim> =
                claims.iter().map(|claim| (claim.id.as_str(), claim)).collect();
            for (id, way) in &found {
                // A shortest way, from the claim down to the target.
                let path = &way.path;
                prop_assert_eq!(way.depth, expected[id]);
                prop_assert_eq!(path.len(), (expected[id] + 1).min(MAX_WAY));
                prop_assert_eq!(&path[0], id);
                if path.len() == way.depth + 1 {
                    prop_assert_eq!(path.last().unwrap().as_str(), target.id());
                }
                for step in path.windows(2).take(way.depth.min(path.len() - 1).saturating_sub(1)) {
                    prop_assert!(by_id[step[0].as_str()].based_on.iter().any(|b| b.claim == step[1]));
                }
            }
        }

        #[test]
        fn a_claim_stands_when_a_quote_or_a_standing_basis_remains(
            shape in shapes(),
            removed_source in 0..4usize,
        ) {
            // Bases only below: no circles, so "stands" has one meaning.
            let shape: Shape = shape
                .into_iter()
                .enumerate()
                .map(|(index, (quotes, bases))| {
                    let bases = bases.into_iter().filter(|basis| *basis < index).collect();
                    (quotes, bases)
                })
                .collect();
            let claims = build(&shape);
            let removed = Removed::from_target(&Target::Source(format!("s{removed_source}")));
            let graph = ClaimGraph::new(&claims);
            let mut standing = Standing::new(&graph, &removed);
            let mut expected: Vec<bool> = Vec::new();
            for (index, (quotes, bases)) in shape.iter().enumerate() {
                let quoted = quotes.iter().any(|(source, supports)| *supports && *source != removed_source);
                let held = bases.iter().any(|basis| expected[*basis]);
                expected.push(quoted || held);
                prop_assert_eq!(standing.stands(&claims[index]), expected[index], "claim c{}", index);
            }
            // Asked top down, the remembered answers must agree too.
            let mut top_down = Standing::new(&graph, &removed);
            for index in (0..claims.len()).rev() {
                prop_assert_eq!(top_down.stands(&claims[index]), expected[index], "claim c{}", index);
            }
        }
    }
}
