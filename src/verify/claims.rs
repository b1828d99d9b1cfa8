//! Claim-level checks: unique ids, and evidence behind every claim.

use std::collections::HashMap;

use crate::model::claim::Claim;
use crate::model::code::Code;
use crate::model::finding::Finding;

pub fn check_claims(claims: &[Claim]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut first_by_id: HashMap<&str, &Claim> = HashMap::new();
    for claim in claims {
        if let Some(first) = first_by_id.get(claim.id.as_str()) {
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
        } else {
            first_by_id.insert(&claim.id, claim);
        }
        if claim.evidence.is_empty() {
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
