//! Which pins a run found broken: a pin is broken when a finding says its span no
//! longer holds the quoted text (moved, drifted, orphaned...), its quote no longer says
//! what the span says, or its source is missing. Reports that publish passages
//! (`appendix`, `coverage`) refuse to show a broken one as if it were proven.

use std::collections::HashMap;

use crate::load::Project;
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;
use crate::model::pinned_span::PinnedSpan;

/// A pin a finding says is broken.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenPin {
    pub claim: String,
    pub source: String,
    pub span: PinnedSpan,
    pub code: Code,
    /// Where the finding points (in the claim file).
    pub location: Location,
}

/// The pins of `project` that `findings` (a run's, after its policy) say are broken,
/// in the order of the findings; a pin with several such findings is listed once.
pub fn broken_pins(project: &Project, findings: &[Finding]) -> Vec<BrokenPin> {
    let mut evidence_at: HashMap<(&str, u32), (&str, &str, PinnedSpan)> = HashMap::new();
    for claim in &project.claims {
        for evidence in &claim.evidence {
            for offset in [
                evidence.location.offset,
                evidence.source_place.offset,
                evidence.quote_place.offset,
                evidence.span_place.offset,
                evidence.sha256_place.offset,
            ] {
                evidence_at.insert(
                    (&*evidence.location.path, offset),
                    (&claim.id, &evidence.source, evidence.span),
                );
            }
        }
    }
    let mut broken: Vec<BrokenPin> = Vec::new();
    for finding in findings.iter().filter(|finding| finding.code.breaks_pin()) {
        let Some(location) = &finding.location else {
            continue;
        };
        let Some(&(claim, source, span)) = evidence_at.get(&(&*location.path, location.offset))
        else {
            continue;
        };
        if !broken
            .iter()
            .any(|pin| pin.claim == claim && pin.source == source && pin.span == span)
        {
            broken.push(BrokenPin {
                claim: claim.to_owned(),
                source: source.to_owned(),
                span,
                code: finding.code,
                location: location.clone(),
            });
        }
    }
    broken
}
