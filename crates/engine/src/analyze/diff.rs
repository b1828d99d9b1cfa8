//! Diff: what changed in the analysis between two versions of a project — claims added,
//! removed, renamed or changed (reworded, evidence added, removed, re-pinned or re-quoted,
//! fact, stance, value, confidence, credibility or basis changed), sources added,
//! removed, changed or given a status (retracted) with the claims
//! they affect, findings introduced and resolved, and coverage moved. Pure: two loaded
//! projects and their findings in, a `ProjectDiff` out.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Serialize;
use similar::TextDiff;

use super::coverage::source_coverage;
use crate::load::Project;
use crate::model::claim::{Claim, Evidence};
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::judgement::Confidence;
use crate::model::pinned_span::PinnedSpan;
use crate::model::source::Source;
use crate::verify::word_diff::word_diff;

/// Quotes this similar (word-level) are the same quote edited, not two quotes.
const SAME_QUOTE: f32 = 0.5;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum ClaimChange {
    Added {
        id: String,
        file: String,
        statement: String,
    },
    Removed {
        id: String,
        file: String,
        statement: String,
    },
    Renamed {
        from: String,
        /// The claim's id now.
        #[serde(rename = "id")]
        to: String,
        file: String,
    },
    Changed {
        id: String,
        file: String,
        changes: Vec<Change>,
    },
}

impl ClaimChange {
    pub fn id(&self) -> &str {
        match self {
            ClaimChange::Added { id, .. }
            | ClaimChange::Removed { id, .. }
            | ClaimChange::Changed { id, .. } => id,
            ClaimChange::Renamed { to, .. } => to,
        }
    }
}

/// One change to a claim, as data: front ends word it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    Reworded {
        diff: String,
    },
    MovedFile {
        from: String,
        to: String,
    },
    EvidenceAdded {
        source: String,
        quote: String,
    },
    EvidenceRemoved {
        source: String,
        quote: String,
    },
    /// The same quote pinned at another place: the text did not change.
    Repinned {
        source: String,
        from: PinnedSpan,
        to: PinnedSpan,
    },
    QuoteChanged {
        source: String,
        diff: String,
    },
    FactChanged {
        from: Option<String>,
        to: Option<String>,
    },
    StanceChanged {
        source: String,
        from: String,
        to: String,
    },
    ValueChanged {
        source: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// An `allow` entry: a finding of `code` on this claim is no longer reported.
    SuppressionAdded {
        code: Code,
        reason: String,
    },
    SuppressionRemoved {
        code: Code,
        reason: String,
    },
    /// An `acknowledge` entry: a conflict of `code` is reported as a note.
    AcknowledgementAdded {
        code: Code,
        with: Option<String>,
        rationale: String,
    },
    AcknowledgementRemoved {
        code: Code,
        with: Option<String>,
    },
    EntitiesChanged {
        added: Vec<String>,
        removed: Vec<String>,
    },
    ConfidenceChanged {
        from: Option<Confidence>,
        to: Option<Confidence>,
    },
    /// Claims added to or removed from `based-on`.
    BasisChanged {
        added: Vec<String>,
        removed: Vec<String>,
    },
    CredibilityChanged {
        source: String,
        from: Option<u8>,
        to: Option<u8>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceChangeKind {
    Added,
    Removed,
    Changed,
    /// The same text, with another `status` (retracted, corrected, disputed) in its
    /// metadata.
    StatusChanged,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SourceChange {
    pub id: String,
    #[serde(rename = "change")]
    pub kind: SourceChangeKind,
    /// Claims citing it (in the new version; in the old one for a removed source).
    pub citing: Vec<String>,
    /// Its status before and after, when that changed (`retracted on 2021-03-05: …`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusChange>,
}

/// A source's `status` before and after, each as `<status> on <date>: <reason>`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StatusChange {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CoverageChange {
    pub source: String,
    pub before: f64,
    pub after: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectDiff {
    pub claims: Vec<ClaimChange>,
    pub sources: Vec<SourceChange>,
    pub introduced: Vec<Finding>,
    /// Findings in both versions at another severity (an acknowledged conflict: an
    /// error became a note), as the new version reports them.
    pub regraded: Vec<Regraded>,
    /// Findings the new version no longer reports because a claim now `allow`s them:
    /// not resolved, only silenced.
    pub suppressed: Vec<Finding>,
    pub resolved: Vec<Finding>,
    pub coverage: Vec<CoverageChange>,
}

/// A finding whose severity changed between the versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Regraded {
    pub finding: Finding,
    pub from: crate::model::code::Severity,
}

impl ProjectDiff {
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
            && self.sources.is_empty()
            && self.introduced.is_empty()
            && self.regraded.is_empty()
            && self.suppressed.is_empty()
            && self.resolved.is_empty()
            && self.coverage.is_empty()
    }

    pub fn count(&self, matches: impl Fn(&ClaimChange) -> bool) -> usize {
        self.claims.iter().filter(|change| matches(change)).count()
    }
}

/// Compares two versions of a project, with the findings `check` gives each.
pub fn diff(
    base: &Project,
    base_findings: &[Finding],
    head: &Project,
    head_findings: &[Finding],
) -> ProjectDiff {
    let (introduced, resolved) = finding_changes(base_findings, head_findings);
    let (suppressed, resolved) = resolved
        .into_iter()
        .partition(|finding| suppressed_in(head, finding));
    ProjectDiff {
        claims: claim_changes(base, head),
        sources: source_changes(base, head),
        introduced,
        regraded: regraded(base_findings, head_findings),
        suppressed,
        resolved,
        coverage: coverage_changes(base, head),
    }
}

/// What two claims say, whatever their ids.
fn content(claim: &Claim) -> (String, Vec<(String, String)>) {
    let mut evidence: Vec<(String, String)> = claim
        .evidence
        .iter()
        .map(|evidence| (evidence.source.clone(), evidence.quote.clone()))
        .collect();
    evidence.sort();
    (claim.statement.clone(), evidence)
}

fn claim_changes(base: &Project, head: &Project) -> Vec<ClaimChange> {
    let before: BTreeMap<&str, &Claim> = base
        .claims
        .iter()
        .map(|claim| (claim.id.as_str(), claim))
        .collect();
    let after: BTreeMap<&str, &Claim> = head
        .claims
        .iter()
        .map(|claim| (claim.id.as_str(), claim))
        .collect();
    let mut added: Vec<&Claim> = head
        .claims
        .iter()
        .filter(|claim| !before.contains_key(claim.id.as_str()))
        .collect();
    let mut changes = Vec::new();
    for claim in &base.claims {
        match after.get(claim.id.as_str()) {
            Some(new) => {
                let found = claim_content_changes(claim, new);
                if !found.is_empty() {
                    changes.push(ClaimChange::Changed {
                        id: new.id.clone(),
                        file: new.location.path.to_string(),
                        changes: found,
                    });
                }
            }
            None => match added.iter().position(|new| content(new) == content(claim)) {
                Some(index) => {
                    let new = added.remove(index);
                    changes.push(ClaimChange::Renamed {
                        from: claim.id.clone(),
                        to: new.id.clone(),
                        file: new.location.path.to_string(),
                    });
                }
                None => changes.push(ClaimChange::Removed {
                    id: claim.id.clone(),
                    file: claim.location.path.to_string(),
                    statement: claim.statement.clone(),
                }),
            },
        }
    }
    changes.extend(added.into_iter().map(|claim| ClaimChange::Added {
        id: claim.id.clone(),
        file: claim.location.path.to_string(),
        statement: claim.statement.clone(),
    }));
    changes.sort_by(|a, b| a.id().cmp(b.id()));
    changes
}

fn claim_content_changes(old: &Claim, new: &Claim) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.statement != new.statement {
        changes.push(Change::Reworded {
            diff: word_diff(&old.statement, &new.statement),
        });
    }
    if old.location.path != new.location.path {
        changes.push(Change::MovedFile {
            from: old.location.path.to_string(),
            to: new.location.path.to_string(),
        });
    }
    let fact = |claim: &Claim| {
        claim.fact.as_ref().map(|fact| {
            let when = fact
                .when
                .map(|when| format!(" during {}", crate::model::value::Value::Date(when)))
                .unwrap_or_default();
            format!(
                "{} of {} = {}{when}",
                fact.property, fact.subject.name, fact.value
            )
        })
    };
    if fact(old) != fact(new) {
        changes.push(Change::FactChanged {
            from: fact(old),
            to: fact(new),
        });
    }
    changes.extend(evidence_changes(&old.evidence, &new.evidence));
    changes.extend(judgement_changes(old, new));
    changes
}

/// Changes of what a claim says about its own findings (`allow`, `acknowledge`) and of
/// what it is about (`entities`): a reviewer must see each, since they change verdicts.
fn judgement_changes(old: &Claim, new: &Claim) -> Vec<Change> {
    let mut changes = Vec::new();
    let allows = |claim: &Claim| -> BTreeSet<(Code, String)> {
        claim
            .allow
            .iter()
            .map(|allow| (allow.code, allow.reason.clone()))
            .collect()
    };
    let (before, after) = (allows(old), allows(new));
    for (code, reason) in after.difference(&before) {
        changes.push(Change::SuppressionAdded {
            code: *code,
            reason: reason.clone(),
        });
    }
    for (code, reason) in before.difference(&after) {
        changes.push(Change::SuppressionRemoved {
            code: *code,
            reason: reason.clone(),
        });
    }
    let acknowledged = |claim: &Claim| -> BTreeMap<(Code, Option<String>), String> {
        claim
            .acknowledgements
            .iter()
            .map(|ack| ((ack.code, ack.with.clone()), ack.rationale.clone()))
            .collect()
    };
    let (before, after) = (acknowledged(old), acknowledged(new));
    for ((code, with), rationale) in &after {
        if before.get(&(*code, with.clone())) != Some(rationale) {
            changes.push(Change::AcknowledgementAdded {
                code: *code,
                with: with.clone(),
                rationale: rationale.clone(),
            });
        }
    }
    for (code, with) in before.keys() {
        if !after.contains_key(&(*code, with.clone())) {
            changes.push(Change::AcknowledgementRemoved {
                code: *code,
                with: with.clone(),
            });
        }
    }
    let entities = |claim: &Claim| -> Vec<String> {
        claim
            .entities
            .iter()
            .map(|entity| entity.name.clone())
            .collect()
    };
    if let Some((added, removed)) = set_change(entities(old), entities(new)) {
        changes.push(Change::EntitiesChanged { added, removed });
    }
    changes.extend(confidence_and_basis(old, new));
    changes
}

/// What is in `new` and not in `old`, and the other way round, unless they hold the
/// same names.
fn set_change(
    old: impl IntoIterator<Item = String>,
    new: impl IntoIterator<Item = String>,
) -> Option<(Vec<String>, Vec<String>)> {
    let (before, after): (BTreeSet<String>, BTreeSet<String>) =
        (old.into_iter().collect(), new.into_iter().collect());
    (before != after).then(|| {
        (
            after.difference(&before).cloned().collect(),
            before.difference(&after).cloned().collect(),
        )
    })
}

/// Changes of the analyst's confidence and of the claims a judgement rests on.
fn confidence_and_basis(old: &Claim, new: &Claim) -> Vec<Change> {
    let mut changes = Vec::new();
    let level = |claim: &Claim| claim.confidence.as_ref().map(|stated| stated.level);
    if level(old) != level(new) {
        changes.push(Change::ConfidenceChanged {
            from: level(old),
            to: level(new),
        });
    }
    let bases = |claim: &Claim| -> Vec<String> {
        claim
            .based_on
            .iter()
            .map(|basis| basis.claim.clone())
            .collect()
    };
    if let Some((added, removed)) = set_change(bases(old), bases(new)) {
        changes.push(Change::BasisChanged { added, removed });
    }
    changes
}

fn evidence_changes(old: &[Evidence], new: &[Evidence]) -> Vec<Change> {
    let mut unmatched_old: Vec<&Evidence> = old.iter().collect();
    let mut unmatched_new: Vec<&Evidence> = Vec::new();
    let mut pairs: Vec<(&Evidence, &Evidence)> = Vec::new();
    // Same source and quote: the same evidence, perhaps re-pinned.
    for evidence in new {
        match unmatched_old
            .iter()
            .position(|o| o.source == evidence.source && o.quote == evidence.quote)
        {
            Some(index) => pairs.push((unmatched_old.remove(index), evidence)),
            None => unmatched_new.push(evidence),
        }
    }
    let mut changes = Vec::new();
    for (old, new) in &pairs {
        if old.span != new.span {
            changes.push(Change::Repinned {
                source: new.source.clone(),
                from: old.span,
                to: new.span,
            });
        }
        changes.extend(stance_and_value(old, new));
    }
    // Same source and a similar quote: the quote was edited.
    let mut added = Vec::new();
    for evidence in unmatched_new {
        let similar = unmatched_old.iter().position(|o| {
            o.source == evidence.source
                && TextDiff::from_words(&o.quote, &evidence.quote).ratio() >= SAME_QUOTE
        });
        match similar {
            Some(index) => {
                let old = unmatched_old.remove(index);
                changes.push(Change::QuoteChanged {
                    source: evidence.source.clone(),
                    diff: word_diff(&old.quote, &evidence.quote),
                });
                changes.extend(stance_and_value(old, evidence));
            }
            None => added.push(evidence),
        }
    }
    changes.extend(added.into_iter().map(|e| Change::EvidenceAdded {
        source: e.source.clone(),
        quote: e.quote.clone(),
    }));
    changes.extend(unmatched_old.into_iter().map(|e| Change::EvidenceRemoved {
        source: e.source.clone(),
        quote: e.quote.clone(),
    }));
    changes
}

fn stance_and_value(old: &Evidence, new: &Evidence) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.stance != new.stance {
        changes.push(Change::StanceChanged {
            source: new.source.clone(),
            from: format!("{:?}", old.stance).to_lowercase(),
            to: format!("{:?}", new.stance).to_lowercase(),
        });
    }
    if old.credibility != new.credibility {
        changes.push(Change::CredibilityChanged {
            source: new.source.clone(),
            from: old.credibility,
            to: new.credibility,
        });
    }
    let value = |evidence: &Evidence| evidence.value.as_ref().map(|value| value.value.to_string());
    if value(old) != value(new) {
        changes.push(Change::ValueChanged {
            source: new.source.clone(),
            from: value(old),
            to: value(new),
        });
    }
    changes
}

fn citing(project: &Project, source: &str) -> Vec<String> {
    let citing: BTreeSet<&str> = project
        .claims
        .iter()
        .filter(|claim| {
            claim
                .evidence
                .iter()
                .any(|evidence| evidence.source == source)
        })
        .map(|claim| claim.id.as_str())
        .collect();
    citing.into_iter().map(str::to_owned).collect()
}

fn source_changes(base: &Project, head: &Project) -> Vec<SourceChange> {
    let ids: BTreeSet<&String> = base.sources.keys().chain(head.sources.keys()).collect();
    ids.into_iter()
        .filter_map(|id| {
            let (old, new) = (base.sources.get(id), head.sources.get(id));
            let status = |source: Option<&Source>| {
                source.and_then(|source| source.status()).map(|status| {
                    format!(
                        "{} on {}: {}",
                        status.kind.name(),
                        status.date,
                        status.reason.trim_end_matches('.')
                    )
                })
            };
            let (from, to) = (status(old), status(new));
            let status = (from != to).then_some(StatusChange { from, to });
            let kind = match (old, new) {
                (None, Some(_)) => SourceChangeKind::Added,
                (Some(_), None) => SourceChangeKind::Removed,
                (Some(old), Some(new)) if old.digest != new.digest => SourceChangeKind::Changed,
                _ if status.is_some() => SourceChangeKind::StatusChanged,
                _ => return None,
            };
            let citing = citing(
                if kind == SourceChangeKind::Removed {
                    base
                } else {
                    head
                },
                id,
            );
            Some(SourceChange {
                id: id.clone(),
                kind,
                citing,
                status,
            })
        })
        .collect()
}

/// What identifies a finding across versions: not its position, which edits move.
fn finding_key(finding: &Finding) -> (Code, Option<String>, Option<String>, String) {
    let detail = if finding.code == Code::FactConflict {
        finding.message.clone()
    } else {
        String::new()
    };
    (
        finding.code,
        finding.claim.clone(),
        finding.source.clone(),
        detail,
    )
}

fn finding_changes(base: &[Finding], head: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let before: BTreeSet<_> = base.iter().map(finding_key).collect();
    let after: BTreeSet<_> = head.iter().map(finding_key).collect();
    let introduced = head
        .iter()
        .filter(|finding| !before.contains(&finding_key(finding)))
        .cloned()
        .collect();
    let resolved = base
        .iter()
        .filter(|finding| !after.contains(&finding_key(finding)))
        .cloned()
        .collect();
    (introduced, resolved)
}

/// Findings of both versions (by the same key) whose severity changed.
fn regraded(base: &[Finding], head: &[Finding]) -> Vec<Regraded> {
    let before: BTreeMap<_, _> = base
        .iter()
        .map(|finding| (finding_key(finding), finding.severity))
        .collect();
    head.iter()
        .filter_map(|finding| {
            let from = *before.get(&finding_key(finding))?;
            (from != finding.severity).then(|| Regraded {
                finding: finding.clone(),
                from,
            })
        })
        .collect()
}

/// Whether `finding` (of the old version) is gone only because its claim now allows it.
fn suppressed_in(head: &Project, finding: &Finding) -> bool {
    let Some(claim) = &finding.claim else {
        return false;
    };
    head.claims
        .iter()
        .filter(|new| &new.id == claim)
        .any(|new| new.allow.iter().any(|allow| allow.code == finding.code))
}

fn coverage_changes(base: &Project, head: &Project) -> Vec<CoverageChange> {
    let before: BTreeMap<String, f64> = source_coverage(base)
        .into_iter()
        .map(|coverage| (coverage.id.clone(), coverage.share()))
        .collect();
    source_coverage(head)
        .into_iter()
        .filter_map(|coverage| {
            let before = *before.get(&coverage.id)?;
            let after = coverage.share();
            // Less than a tenth of a percentage point is not a change a reviewer needs.
            ((after - before).abs() >= 0.001).then_some(CoverageChange {
                source: coverage.id,
                before,
                after,
            })
        })
        .collect()
}
