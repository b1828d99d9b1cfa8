//! Conflicts: claims whose facts cannot all be true (`fact-conflict`), evidence inside
//! one claim that disagrees (`evidence-disagreement`), and claims with evidence on both
//! sides (`claim-contested`). Facts are grouped by resolved subject and property, and
//! within a group by distinct value and time scope, so the work grows with the number
//! of facts, not its square. Acknowledged conflicts are notes; acknowledgements that
//! match no conflict are `acknowledgement-stale`.

use std::collections::BTreeMap;

use foldhash::{HashSet, HashSetExt};

use super::entities::EntityIndex;
use crate::load::Project;
use crate::model::claim::{Claim, Evidence};
use crate::model::code::{Code, Severity};
use crate::model::fact::{Acknowledgement, Fact, Stance};
use crate::model::finding::Finding;
use crate::model::value::{DayRange, Value};

/// A claim with a fact, and the key it is grouped under.
struct Stated<'a> {
    claim: &'a Claim,
    fact: &'a Fact,
}

pub fn findings(project: &Project) -> Vec<Finding> {
    let mut acknowledged: HashSet<(&str, Code, Option<&str>)> = HashSet::new();
    let mut findings = fact_conflicts(project, &mut acknowledged);
    for claim in &project.claims {
        findings.extend(evidence_disagreement(project, claim, &mut acknowledged));
        findings.extend(contested(claim, &mut acknowledged));
    }
    for claim in &project.claims {
        for acknowledgement in &claim.acknowledgements {
            let key = (
                claim.id.as_str(),
                acknowledgement.code,
                acknowledgement.with.as_deref(),
            );
            if !acknowledged.contains(&key) {
                findings.push(stale(claim, acknowledgement));
            }
        }
    }
    findings
}

/// The acknowledgement of `code` (with `other`) on `claim`, if there is one.
fn acknowledgement<'a>(
    claim: &'a Claim,
    code: Code,
    other: Option<&str>,
) -> Option<&'a Acknowledgement> {
    claim
        .acknowledgements
        .iter()
        .find(|entry| entry.code == code && entry.with.as_deref() == other)
}

/// `finding` as a note when acknowledged, recording which acknowledgement was used.
fn acknowledge<'a>(
    finding: Finding,
    found: &[(&'a Claim, Option<&'a str>)],
    code: Code,
    used: &mut HashSet<(&'a str, Code, Option<&'a str>)>,
) -> Finding {
    for (claim, other) in found {
        if let Some(entry) = acknowledgement(claim, code, *other) {
            used.insert((claim.id.as_str(), code, *other));
            let mut finding = finding.help(format!(
                "acknowledged in `{}`: {}",
                claim.id, entry.rationale
            ));
            finding.severity = Severity::Note;
            return finding;
        }
    }
    finding
}

/// Who says it: each cited source's publisher and date.
fn attribution(project: &Project, claim: &Claim) -> String {
    let stated = claim.fact.as_ref().map(|fact| &fact.value);
    // The sources that say what the claim says: not those refuting it, giving it as
    // context, or giving another value; all its sources if none does.
    let saying: Vec<&Evidence> = claim
        .evidence
        .iter()
        .filter(|evidence| evidence.stance == Stance::Supports)
        .filter(|evidence| match (&evidence.value, stated) {
            (Some(given), Some(stated)) => given.value.compatible(stated),
            _ => true,
        })
        .collect();
    let evidence: Vec<&Evidence> = if saying.is_empty() {
        claim.evidence.iter().collect()
    } else {
        saying
    };
    let mut sources: Vec<String> = evidence
        .iter()
        .filter_map(|evidence| project.sources.get(&evidence.source))
        .map(|source| {
            let metadata = source.metadata.as_ref();
            let publisher = metadata
                .and_then(|m| m.publisher.as_deref())
                .unwrap_or(&source.id);
            match metadata.and_then(|m| m.published.as_deref()) {
                Some(date) => format!("{publisher}, {date}"),
                None => publisher.to_owned(),
            }
        })
        .collect();
    sources.dedup();
    sources.join("; ")
}

fn scopes_overlap(a: Option<DayRange>, b: Option<DayRange>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.overlaps(b),
        _ => true,
    }
}

fn fact_conflicts<'a>(
    project: &'a Project,
    used: &mut HashSet<(&'a str, Code, Option<&'a str>)>,
) -> Vec<Finding> {
    let index = EntityIndex::new(&project.entities);
    let mut groups: BTreeMap<(String, &str), BTreeMap<String, Vec<Stated>>> = BTreeMap::new();
    for claim in &project.claims {
        let Some(fact) = &claim.fact else { continue };
        let subject = index
            .resolve(&fact.subject.name)
            .map_or_else(|| fact.subject.name.to_lowercase(), |e| e.id.clone());
        let class = format!("{}|{:?}", fact.value, fact.when);
        groups
            .entry((subject, fact.property.as_str()))
            .or_default()
            .entry(class)
            .or_default()
            .push(Stated { claim, fact });
    }
    let mut findings = Vec::new();
    for ((subject, property), classes) in &groups {
        let classes: Vec<&Vec<Stated>> = classes.values().collect();
        for (i, left) in classes.iter().enumerate() {
            for right in &classes[i + 1..] {
                let (a, b) = (&left[0].fact, &right[0].fact);
                if a.value.compatible(&b.value) || !scopes_overlap(a.when, b.when) {
                    continue;
                }
                for one in left.iter() {
                    for other in right.iter() {
                        findings.push(fact_conflict(project, subject, property, one, other, used));
                    }
                }
            }
        }
    }
    findings
}

fn fact_conflict<'a>(
    project: &Project,
    subject: &str,
    property: &str,
    one: &Stated<'a>,
    other: &Stated<'a>,
    used: &mut HashSet<(&'a str, Code, Option<&'a str>)>,
) -> Finding {
    let message = format!(
        "claims `{}` and `{}` disagree about `{property}` of `{subject}`: {} ({}) against {} ({})",
        one.claim.id,
        other.claim.id,
        one.fact.value,
        attribution(project, one.claim),
        other.fact.value,
        attribution(project, other.claim)
    );
    let finding = Finding::new(Code::FactConflict, message)
        .claim(&one.claim.id)
        .at(one.fact.value_location.clone())
        .related(format!("`{}` says {}", other.claim.id, other.fact.value), other.fact.value_location.clone())
        .help(format!(
            "if both stand after review, acknowledge it on one claim: `acknowledge: [{{code: fact-conflict, with: {}, rationale: ...}}]`",
            other.claim.id
        ));
    let parties = [
        (one.claim, Some(other.claim.id.as_str())),
        (other.claim, Some(one.claim.id.as_str())),
    ];
    acknowledge(finding, &parties, Code::FactConflict, used)
}

fn evidence_disagreement<'a>(
    project: &Project,
    claim: &'a Claim,
    used: &mut HashSet<(&'a str, Code, Option<&'a str>)>,
) -> Option<Finding> {
    let fact = claim.fact.as_ref()?;
    let mut said: Vec<(&Value, String, &crate::model::location::Location)> = vec![(
        &fact.value,
        "the claim's fact".to_owned(),
        &fact.value_location,
    )];
    for evidence in claim
        .evidence
        .iter()
        .filter(|evidence| evidence.stance != Stance::Refutes)
    {
        if let Some(value) = &evidence.value {
            let who = project
                .sources
                .get(&evidence.source)
                .and_then(|source| source.metadata.as_ref()?.publisher.clone())
                .unwrap_or_else(|| evidence.source.clone());
            said.push((&value.value, who, &value.location));
        }
    }
    let (first, second) = said.iter().enumerate().find_map(|(i, a)| {
        said[i + 1..]
            .iter()
            .find(|b| !a.0.compatible(b.0))
            .map(|b| (a, b))
    })?;
    let finding = Finding::new(
        Code::EvidenceDisagreement,
        format!(
            "the evidence of claim `{}` disagrees about `{}`: {} ({}) against {} ({})",
            claim.id, fact.property, first.0, first.1, second.0, second.1
        ),
    )
    .claim(&claim.id)
    .at(second.2.clone())
    .related(format!("{} says {}", first.1, first.0), first.2.clone())
    .help("correct the value, or acknowledge the disagreement with a rationale: `acknowledge: [{code: evidence-disagreement, rationale: ...}]`");
    Some(acknowledge(
        finding,
        &[(claim, None)],
        Code::EvidenceDisagreement,
        used,
    ))
}

fn contested<'a>(
    claim: &'a Claim,
    used: &mut HashSet<(&'a str, Code, Option<&'a str>)>,
) -> Option<Finding> {
    // Counted, not tallied in a map: every claim is asked, and a map per claim was
    // most of this analysis on 50,000 claims.
    let count = |stance| {
        claim
            .evidence
            .iter()
            .filter(|evidence| evidence.stance == stance)
            .count()
    };
    let (supporting, refuting) = (count(Stance::Supports), count(Stance::Refutes));
    if supporting == 0 || refuting == 0 {
        return None;
    }
    let finding = Finding::new(
        Code::ClaimContested,
        format!(
            "claim `{}` has {supporting} supporting and {refuting} refuting {}",
            claim.id,
            if refuting == 1 { "piece of evidence" } else { "pieces of evidence" }
        ),
    )
    .claim(&claim.id)
    .at(claim.location.clone())
    .help("say in the statement how the evidence weighs, and acknowledge it: `acknowledge: [{code: claim-contested, rationale: ...}]`");
    Some(acknowledge(
        finding,
        &[(claim, None)],
        Code::ClaimContested,
        used,
    ))
}

fn stale(claim: &Claim, acknowledgement: &Acknowledgement) -> Finding {
    let what = match &acknowledgement.with {
        Some(other) => format!("a {} with `{other}`", acknowledgement.code),
        None => format!("a {}", acknowledgement.code),
    };
    Finding::new(
        Code::AcknowledgementStale,
        format!(
            "claim `{}` acknowledges {what}, which no longer exists",
            claim.id
        ),
    )
    .claim(&claim.id)
    .at(acknowledgement.location.clone())
    .help("remove the acknowledgement: it would hide the next, different conflict")
}
