//! `ClaimGraph`: claims by id, and the claims each rests on through `based-on`.

use std::collections::{BTreeSet, HashMap};

use super::claim::{Claim, Evidence};

/// Claims by id (the first of each id: a duplicate is reported on its own).
pub struct ClaimGraph<'a> {
    by_id: HashMap<&'a str, &'a Claim>,
}

impl<'a> ClaimGraph<'a> {
    pub fn new(claims: &'a [Claim]) -> Self {
        let mut by_id = HashMap::with_capacity(claims.len());
        for claim in claims {
            by_id.entry(claim.id.as_str()).or_insert(claim);
        }
        Self { by_id }
    }

    pub fn claim(&self, id: &str) -> Option<&'a Claim> {
        self.by_id.get(id).copied()
    }

    /// The claims `claim` rests on that exist.
    pub fn bases<'c>(&'c self, claim: &'c Claim) -> impl Iterator<Item = &'a Claim> + 'c {
        claim
            .based_on
            .iter()
            .filter_map(|basis| self.claim(&basis.claim))
    }
}

impl<'a> ClaimGraph<'a> {
    /// The evidence of `claim` and of every claim below it through `based-on`, each
    /// claim once (a circle adds nothing twice).
    pub fn evidence_below(&self, claim: &'a Claim) -> Vec<&'a Evidence> {
        let mut seen = BTreeSet::new();
        let mut evidence = Vec::new();
        let mut stack = vec![claim];
        while let Some(current) = stack.pop() {
            if seen.insert(current.id.as_str()) {
                evidence.extend(&current.evidence);
                stack.extend(self.bases(current));
            }
        }
        evidence
    }
}
