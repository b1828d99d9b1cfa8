//! `ClaimGraph`: claims by id, and the claims each rests on through `based-on`.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt};

use super::claim::{Claim, Evidence};

/// The most claims whose evidence a judgement's grounds and statement support take in:
/// far past any real judgement, and a bound on the work a chain of thousands of
/// judgements that a pull request commits can cause (beyond it, less is counted: a
/// judgement can only look less supported, never more).
pub const MAX_CLAIMS_BELOW: usize = 256;

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
    /// The evidence of `claim` and of the claims below it through `based-on`, each
    /// claim once (a circle adds nothing twice), nearest first, from at most
    /// [`MAX_CLAIMS_BELOW`] claims.
    pub fn evidence_below(&self, claim: &'a Claim) -> Vec<&'a Evidence> {
        let mut seen = BTreeSet::new();
        let mut evidence = Vec::new();
        let mut queue = std::collections::VecDeque::from([claim]);
        while let Some(current) = queue.pop_front() {
            if seen.len() == MAX_CLAIMS_BELOW {
                break;
            }
            if seen.insert(current.id.as_str()) {
                evidence.extend(&current.evidence);
                queue.extend(self.bases(current));
            }
        }
        evidence
    }
}
