//! `Code`: the stable kebab-case name of every kind of finding, with its meaning.

use serde::Serialize;

/// How much a finding matters. Errors fail `check` (exit 1); warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Reported for the record (an acknowledged conflict); never fails a run.
    Note,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: &'static [Severity] = &[Severity::Note, Severity::Warning, Severity::Error];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a kind of finding is about. Commands and reports select findings by family
/// (`fix` repairs pins, `conflicts` lists conflicts) rather than by lists of codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// The project's layout and `claimcheck.toml`.
    Project,
    /// A claim file, a claim's id, statement or evidence list.
    Claim,
    /// One pin: whether its span still holds the quoted text.
    Pin,
    /// A source file, its metadata, its original.
    Source,
    /// Whether a claim's sources are independent and reliable enough.
    Sourcing,
    /// How much of each source the claims cite.
    Coverage,
    /// The entity registry and the names claims use.
    Entity,
    /// Claims or evidence that disagree, and acknowledgements of it.
    Conflict,
    /// The project's own suppressions.
    Policy,
    /// Confidence, estimative language, and the claims a judgement rests on.
    Judgement,
}

impl Family {
    pub const ALL: &'static [Family] = &[
        Family::Project,
        Family::Claim,
        Family::Pin,
        Family::Source,
        Family::Sourcing,
        Family::Coverage,
        Family::Entity,
        Family::Conflict,
        Family::Policy,
        Family::Judgement,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Project => "project",
            Family::Claim => "claim",
            Family::Pin => "pin",
            Family::Source => "source",
            Family::Sourcing => "sourcing",
            Family::Coverage => "coverage",
            Family::Entity => "entity",
            Family::Conflict => "conflict",
            Family::Policy => "policy",
            Family::Judgement => "judgement",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $family:ident, $severity:ident, $input:literal, $about:literal;)*) => {
        /// Every finding claimcheck can report. Names are stable: tools and
        /// configuration refer to them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the finding is about, for tools that treat a kind of finding alike.
            pub fn family(self) -> Family {
                match self { $(Code::$variant => Family::$family,)* }
            }

            /// True when the finding means the input could not be read as claimcheck
            /// files at all: the run could not fully proceed (exit status 2).
            pub fn is_input_error(self) -> bool {
                match self { $(Code::$variant => $input,)* }
            }

            /// One sentence saying what the finding means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $about,)* }
            }
        }
    };
}

codes! {
    ConfigInvalid = "config-invalid", Project, Error, true,
        "`claimcheck.toml` is not valid TOML or has an unknown key or a bad value.";
    EntitiesInvalid = "entities-invalid", Entity, Error, true,
        "The entity registry is not valid YAML, or has a bad id, a duplicate id or an unknown kind.";
    ClaimFileInvalid = "claim-file-invalid", Claim, Error, true,
        "A claim file is not valid YAML or does not follow the claim format.";
    SourceMetadataInvalid = "source-metadata-invalid", Source, Error, true,
        "A source's metadata file is not valid YAML or does not follow the metadata format.";
    SourceUnreadable = "source-unreadable", Source, Error, true,
        "A source file cannot be read as UTF-8 text (binary, invalid UTF-8, too large or unreadable).";
    PathOutsideRoot = "path-outside-root", Project, Error, true,
        "A file or symbolic link under `claims/` or `sources/` leads outside the project root.";
    DuplicateSourceId = "duplicate-source-id", Source, Error, true,
        "Two source files have the same file stem, so the id names neither.";
    DuplicateClaimId = "duplicate-claim-id", Claim, Error, false,
        "Two claims have the same id.";
    ClaimUnsourced = "claim-unsourced", Claim, Error, false,
        "A claim has no evidence.";
    SourceMissing = "source-missing", Pin, Error, false,
        "Evidence cites a source id that no file under `sources/` has.";
    SpanOutOfRange = "span-out-of-range", Pin, Error, false,
        "A pinned span ends past the end of its source.";
    SpanSplitsCharacter = "span-splits-character", Pin, Error, false,
        "A pinned span starts or ends inside a multi-byte UTF-8 character.";
    SpanMoved = "span-moved", Pin, Error, false,
        "The pinned bytes no longer sit at the span but are intact elsewhere in the source.";
    SpanNormalized = "span-normalized", Pin, Warning, false,
        "The pinned text is in the source only after normalization (quote marks, dashes, spaces, Unicode forms); `fix` re-pins it.";
    SpanDrifted = "span-drifted", Pin, Error, false,
        "The pinned text changed; its best approximate match is similar enough to show, and `fix --accept-drift` re-pins it.";
    SpanAmbiguous = "span-ambiguous", Pin, Error, false,
        "The pinned text could now be at several places that fit about equally well, or changed and found only in other surroundings than it was pinned in: it is not moved anywhere.";
    SpanOrphaned = "span-orphaned", Pin, Error, false,
        "The pinned text is gone: no place in the source matches it well enough.";
    QuoteMismatch = "quote-mismatch", Pin, Error, false,
        "The span is intact but the claim file's quote no longer says what the span says.";
    StatementUnsupported = "statement-unsupported", Claim, Warning, false,
        "A number or month in a claim's statement, or a count in its fact or evidence value, is in none of the quotes it cites.";
    QuoteAmbiguous = "quote-ambiguous", Pin, Warning, false,
        "The quoted text occurs more than once in its source, so it alone cannot tell which occurrence is meant.";
    SourceUnregisteredChange = "source-unregistered-change", Source, Error, false,
        "A source file's SHA-256 differs from the one recorded in its metadata.";
    SourceOriginalMissing = "source-original-missing", Source, Error, false,
        "A captured source's original (the page or archive record its text was extracted from) cannot be read.";
    SourceOriginalChanged = "source-original-changed", Source, Error, false,
        "A captured source's original differs from the one whose SHA-256 was recorded when it was captured.";
    SourceExtractionDiffers = "source-extraction-differs", Source, Error, false,
        "Extracting a captured source's original again (`check --re-extract`) gives a different text than the source file.";
    SourceExtractorChanged = "source-extractor-changed", Source, Note, false,
        "A captured source's original, extracted by this version's extractor, gives a different text than the one recorded: pins still point into the recorded text.";
    SourceDuplicate = "source-duplicate", Source, Warning, false,
        "Two sources have the same text, byte for byte or word for word: one capture saved twice.";
    SourceNoMetadata = "source-no-metadata", Source, Warning, false,
        "A source has no metadata file, so readers cannot tell where it came from.";
    SourceMetadataOrphaned = "source-metadata-orphaned", Source, Warning, false,
        "A metadata file has no source file beside it.";
    ClaimSingleSource = "claim-single-source", Sourcing, Warning, false,
        "A claim's evidence all comes from one source.";
    ClaimCircular = "claim-circular", Sourcing, Warning, false,
        "A claim cites several sources that all carry one origin (the same wire copy or publisher): circular reporting.";
    ClaimWeaklySourced = "claim-weakly-sourced", Sourcing, Warning, false,
        "A claim rests only on sources graded below the project's minimum reliability grade.";
    SourceUncited = "source-uncited", Coverage, Warning, false,
        "No claim cites a source.";
    SourceLowCoverage = "source-low-coverage", Coverage, Warning, false,
        "Claims cite less of a source than the project's minimum share.";
    EntityUnknown = "entity-unknown", Entity, Error, false,
        "A claim names an entity that is neither an id nor a spelling in the entity registry.";
    FactConflict = "fact-conflict", Conflict, Error, false,
        "Two claims state incompatible values for the same subject and property at overlapping times.";
    EvidenceDisagreement = "evidence-disagreement", Conflict, Error, false,
        "Evidence inside one claim gives values that cannot all be true.";
    ClaimContested = "claim-contested", Conflict, Warning, false,
        "A claim has both supporting and refuting evidence.";
    AcknowledgementStale = "acknowledgement-stale", Conflict, Warning, false,
        "An acknowledged conflict no longer exists.";
    CredibilityUncorroborated = "credibility-uncorroborated", Sourcing, Warning, false,
        "Evidence is rated credibility 1 (confirmed by other sources), but its claim has no second independent origin.";
    EvidenceRetracted = "evidence-retracted", Sourcing, Error, false,
        "A claim cites a source whose metadata says it was retracted.";
    EvidenceChallenged = "evidence-challenged", Sourcing, Warning, false,
        "A claim cites a source whose metadata says it was corrected or is disputed: the pinned passage needs checking against the notice.";
    BasisRetracted = "basis-retracted", Sourcing, Error, false,
        "A judgement rests, directly or through other claims, on a claim citing a retracted source.";
    ConfidenceUnsupported = "confidence-unsupported", Judgement, Warning, false,
        "A claim states more confidence than its sourcing bears: high confidence on one origin or contested evidence, sources graded below the level's minimum, or no supporting evidence at all.";
    ConfidenceExceedsBasis = "confidence-exceeds-basis", Judgement, Warning, false,
        "A judgement states higher confidence than any claim it rests on.";
    EstimativeMismatch = "estimative-mismatch", Judgement, Warning, false,
        "A statement's estimative word (\"almost certainly\", \"very likely\") claims more certainty than the confidence the claim states.";
    EstimativeWithoutConfidence = "estimative-without-confidence", Judgement, Warning, false,
        "A statement uses an estimative probability word but the claim states no confidence.";
    BasisUnknown = "basis-unknown", Judgement, Error, false,
        "A claim's `based-on` names a claim id that no claim has.";
    BasisCycle = "basis-cycle", Judgement, Error, false,
        "Claims rest on each other in a circle through `based-on`.";
    SuppressionUnused = "suppression-unused", Policy, Warning, false,
        "A claim's `allow` entry suppresses a code that the claim does not have.";
}

impl Code {
    /// Whether a finding of this code is a disagreement between claims or their
    /// evidence: what `conflicts` lists and `diff --fail-on conflicts` means.
    pub fn is_conflict(self) -> bool {
        self.family() == Family::Conflict && self != Code::AcknowledgementStale
    }

    /// Whether a finding of this code means its pin no longer proves its quote: the
    /// span does not hold the quoted text, the quote says something else, or the source
    /// is gone. A quote that merely occurs twice still proves what it says.
    pub fn breaks_pin(self) -> bool {
        self.family() == Family::Pin && self != Code::QuoteAmbiguous
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.name() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown code `{name}`")))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_and_kebab_case() {
        let names: BTreeSet<_> = Code::ALL.iter().map(|code| code.name()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for name in names {
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name}"
            );
        }
    }

    #[test]
    fn every_family_has_codes() {
        for family in Family::ALL {
            assert!(
                Code::ALL.iter().any(|code| code.family() == *family),
                "{family:?}"
            );
        }
    }

    #[test]
    fn input_errors_are_errors() {
        for code in Code::ALL.iter().filter(|code| code.is_input_error()) {
            assert_eq!(code.severity(), Severity::Error, "{code}");
        }
    }
}
