//! Claim-level checks: unique ids, and evidence (or claims it rests on) behind every
//! claim.

use crate::model::claim::Claim;
use crate::model::code::Code;
use crate::model::finding::Finding;

pub fn check_claims(claims: &[Claim]) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Sorting the ids (stably, so each id's first claim comes first) finds duplicates
    // with no hashing of every id of a large product.
    let mut by_id: Vec<&Claim> = claims.iter().collect();
    by_id.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in by_id.chunk_by(|a, b| a.id == b.id) {
        let (first, others) = pair.split_first().expect("chunks are never empty");
        for claim in others {
            findings.push(
                Finding::new(
                    Code::DuplicateClaimId,
                    format!("claim id `{}` is used twice", claim.id),
                )
                .claim(&claim.id)
                .at(claim.location.clone())
                .related("first used here", first.location.clone())
                .help("give one of the claims another id; ids are unique across all claim files"),
            );
        }
    }
    for claim in claims {
        // A judgement resting on other claims (`based-on`) needs no quote of its own.
        if claim.evidence.is_empty() && claim.based_on.is_empty() {
            findings.push(
                Finding::new(
                    Code::ClaimUnsourced,
                    format!("claim `{}` cites no evidence", claim.id),
                )
                .claim(&claim.id)
                .at(claim.location.clone())
                .help(format!(
                    "pin a quote for it: claimcheck pin SOURCE \"QUOTE\" --claim {}",
                    claim.id
                )),
            );
        }
    }
    findings
}
