//! What an analyst judges of a claim: how confident they are (`confidence`), which
//! other claims it rests on (`based-on`), and how credible each quote's information is
//! (`credibility`, the Admiralty 1–6 scale).

use super::location::Location;

/// An analyst's confidence in a claim, as ICD 203 has it: low, moderate or high.
/// Ordered: low < moderate < high.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    Moderate,
    High,
}

impl Confidence {
    pub const ALL: &'static [Confidence] =
        &[Confidence::Low, Confidence::Moderate, Confidence::High];
    pub const NAMES: &'static [&'static str] = &["low", "moderate", "high"];

    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Moderate => "moderate",
            Confidence::High => "high",
        }
    }

    pub fn from_name(name: &str) -> Option<Confidence> {
        Self::ALL.iter().copied().find(|level| level.name() == name)
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A claim's `confidence:` and where it is written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StatedConfidence {
    pub level: Confidence,
    pub location: Location,
}

/// One entry of a claim's `based-on:`: the id of a claim it rests on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Basis {
    pub claim: String,
    pub location: Location,
}

/// The Admiralty information-credibility scale, 1 (confirmed by other sources) to 6
/// (truth cannot be judged).
pub const CREDIBILITY_MEANINGS: [&str; 6] = [
    "confirmed by other sources",
    "probably true",
    "possibly true",
    "doubtful",
    "improbable",
    "truth cannot be judged",
];

/// The familiar two-character rating: the source's reliability grade (A–F) and the
/// information's credibility (1–6), `B2`; a part not stated is `-` (`B-`, `-2`).
pub fn rating(grade: Option<char>, credibility: Option<u8>) -> Option<String> {
    if grade.is_none() && credibility.is_none() {
        return None;
    }
    let grade = grade.unwrap_or('-');
    let credibility = credibility.map_or_else(|| "-".to_owned(), |level| level.to_string());
    Some(format!("{grade}{credibility}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_levels_are_ordered_and_named() {
        assert!(Confidence::Low < Confidence::Moderate && Confidence::Moderate < Confidence::High);
        for (level, name) in Confidence::ALL.iter().zip(Confidence::NAMES) {
            assert_eq!(level.name(), *name);
            assert_eq!(Confidence::from_name(name), Some(*level));
        }
        assert_eq!(Confidence::from_name("certain"), None);
    }

    #[test]
    fn ratings_show_both_parts_or_a_dash() {
        assert_eq!(rating(Some('B'), Some(2)).as_deref(), Some("B2"));
        assert_eq!(rating(Some('F'), None).as_deref(), Some("F-"));
        assert_eq!(rating(None, Some(6)).as_deref(), Some("-6"));
        assert_eq!(rating(None, None), None);
    }
}
