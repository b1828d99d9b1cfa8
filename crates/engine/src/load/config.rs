//! Project configuration: `claimcheck.toml` at the project root. Unvalidated TOML is read
//! into raw structs, then every problem is collected as a finding pointing at its line.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use serde::Deserialize;
use toml::Spanned;

use super::files::FileRegistry;
use super::tree::Tree;
use crate::anchor::normalize::Profile;
use crate::anchor::relocate::{DEFAULT_DRIFT_THRESHOLD, WHOLE_TEXT_READS};
use crate::model::claim::Claim;
use crate::model::code::{Code, Severity};
use crate::model::finding::Finding;
use crate::model::location::Location;
use crate::suggest::nearest;

/// File name of the configuration, at the project root.
pub const CONFIG_FILE: &str = "claimcheck.toml";
/// Directory of claim files, relative to the project root, unless configured otherwise.
pub const CLAIMS_DIR: &str = "claims";
/// Directory of source documents, relative to the project root, unless configured otherwise.
pub const SOURCES_DIR: &str = "sources";
/// The entity registry, relative to the project root, unless configured otherwise.
pub const ENTITIES_FILE: &str = "entities.yaml";
/// Largest source file read unless configured (`check.max-source-bytes`): news
/// articles are kilobytes; a gigabyte file is a mistake.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// A lint level for one finding code, as cargo and clippy have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported.
    Allow,
    Warn,
    Error,
}

/// The checked configuration; `Config::default()` is what a project without the file gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub claims_dir: String,
    pub sources_dir: String,
    pub entities_file: String,
    pub drift_threshold: f64,
    pub normalization: Profile,
    pub deny_warnings: bool,
    /// Largest source file read, in bytes.
    pub max_source_bytes: u64,
    /// Whole-text reads of a source one run may make for changed pins the gram index
    /// cannot narrow (`anchor::relocate::Deferred`).
    pub whole_text_reads: u64,
    pub levels: BTreeMap<Code, Level>,
    /// Share (0 to 1) of each source claims must cite, if the project sets one.
    pub min_source_coverage: Option<f64>,
    /// Worst Admiralty grade (A best, F worst) a claim's best source may have, if set.
    pub min_grade: Option<char>,
    /// What sourcing each stated confidence needs.
    pub confidence: ConfidenceRules,
}

/// What a claim's sourcing must be to bear the confidence it states (`[confidence]`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfidenceRules {
    /// Independent origins a high-confidence claim needs.
    pub high_min_origins: usize,
    /// Worst grade the best source of a high-confidence claim may have.
    pub high_min_grade: char,
    /// Worst grade the best source of a moderate-confidence claim may have.
    pub moderate_min_grade: char,
}

impl Default for ConfidenceRules {
    fn default() -> Self {
        Self {
            high_min_origins: 2,
            high_min_grade: 'B',
            moderate_min_grade: 'C',
        }
    }
}

impl ConfidenceRules {
    /// The worst grade the best source of a claim at `level` may have.
    pub fn min_grade(&self, level: crate::model::judgement::Confidence) -> Option<char> {
        use crate::model::judgement::Confidence;
        match level {
            Confidence::High => Some(self.high_min_grade),
            Confidence::Moderate => Some(self.moderate_min_grade),
            Confidence::Low => None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            claims_dir: CLAIMS_DIR.into(),
            sources_dir: SOURCES_DIR.into(),
            entities_file: ENTITIES_FILE.into(),
            drift_threshold: DEFAULT_DRIFT_THRESHOLD,
            normalization: Profile::Typing,
            deny_warnings: false,
            max_source_bytes: MAX_SOURCE_BYTES,
            whole_text_reads: WHOLE_TEXT_READS,
            levels: BTreeMap::new(),
            min_source_coverage: None,
            min_grade: None,
            confidence: ConfidenceRules::default(),
        }
    }
}

impl Config {
    /// The severity `code` has in this project, or `None` when it is allowed.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.levels.get(&code) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
            None => Some(code.severity()),
        }
    }

    /// False when a finding with `code` on `claim` would be dropped by the policy
    /// anyway; a claim's own `allow` entry counts as reported, so that it is used.
    pub fn reports(&self, code: Code, claim: &Claim) -> bool {
        self.severity(code).is_some() || claim.allow.iter().any(|entry| entry.code == code)
    }

    /// Whether `claim`'s statement is checked against its quotes: it cites something
    /// and `statement-unsupported` is reported for it. Loading reads ahead exactly
    /// the claims the check will read, so both ask here.
    pub fn checks_statement_of(&self, claim: &Claim) -> bool {
        (!claim.evidence.is_empty() || !claim.based_on.is_empty())
            && self.reports(Code::StatementUnsupported, claim)
    }

    /// The estimative code checked on `claim`, if it is reported: without a stated
    /// confidence its terms need one, with one they must not exceed it.
    pub fn estimative_code_for(&self, claim: &Claim) -> Option<Code> {
        let code = match claim.confidence {
            None => Code::EstimativeWithoutConfidence,
            Some(_) => Code::EstimativeMismatch,
        };
        self.reports(code, claim).then_some(code)
    }

    /// Which of the codes the two gates above ask about the project reports, one byte
    /// each: what loading reads ahead depends on them, so a cached claim file is
    /// keyed by them too.
    pub fn read_ahead_policy(&self) -> [u8; 3] {
        [
            Code::StatementUnsupported,
            Code::EstimativeWithoutConfidence,
            Code::EstimativeMismatch,
        ]
        .map(|code| u8::from(self.severity(code).is_some()))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    paths: RawPaths,
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    coverage: RawCoverage,
    #[serde(default)]
    confidence: RawConfidence,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfidence {
    high_min_origins: Option<Spanned<i64>>,
    high_min_grade: Option<Spanned<String>>,
    moderate_min_grade: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCoverage {
    min_source_coverage: Option<Spanned<f64>>,
    min_grade: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPaths {
    claims: Option<Spanned<String>>,
    sources: Option<Spanned<String>>,
    entities: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCheck {
    drift_threshold: Option<Spanned<f64>>,
    normalization: Option<Spanned<String>>,
    deny_warnings: Option<bool>,
    max_source_bytes: Option<Spanned<i64>>,
    whole_text_reads: Option<Spanned<i64>>,
}

/// Every key the file accepts, for "did you mean" help.
const KEYS: &[&str] = &[
    "paths",
    "check",
    "severity",
    "claims",
    "sources",
    "entities",
    "drift-threshold",
    "normalization",
    "deny-warnings",
    "max-source-bytes",
    "whole-text-reads",
    "coverage",
    "min-source-coverage",
    "min-grade",
    "confidence",
    "high-min-origins",
    "high-min-grade",
    "moderate-min-grade",
];

/// A configuration file is a few dozen lines; anything past this is not one.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads `claimcheck.toml` of `tree` if it exists. Problems are returned as findings
/// (with the defaults standing in for what was wrong); the file's text goes into `files`.
pub fn load_config(tree: &dyn Tree, files: &mut FileRegistry) -> (Config, Vec<Finding>) {
    let problem = |message: String| {
        let finding = Finding::new(Code::ConfigInvalid, message).at(Location::file(CONFIG_FILE));
        (Config::default(), vec![finding])
    };
    let text = match tree.read(CONFIG_FILE, MAX_CONFIG_BYTES) {
        Ok(None) => return (Config::default(), Vec::new()),
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return problem(format!("{CONFIG_FILE} is not UTF-8")),
        },
        Err(error) => return problem(error.to_string()),
    };
    parse_config(text, files)
}

/// The configuration in `text` (the content of `claimcheck.toml`), which goes into `files`.
pub fn parse_config(text: String, files: &mut FileRegistry) -> (Config, Vec<Finding>) {
    files.add(CONFIG_FILE, text.clone());
    let at = |span: std::ops::Range<usize>| files.locate(CONFIG_FILE, span.start, span.len());
    let raw: RawConfig = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(error) => {
            let location = error.span().map_or_else(|| Location::file(CONFIG_FILE), at);
            let message = error.message().to_owned();
            let mut finding = Finding::new(Code::ConfigInvalid, message.clone()).at(location);
            if let Some(help) = suggest_key(&message) {
                finding = finding.help(help);
            }
            return (Config::default(), vec![finding]);
        }
    };
    let mut problems = Vec::new();
    let config = validate(raw, &mut |span, message: String, help: Option<String>| {
        let mut finding = Finding::new(Code::ConfigInvalid, message).at(at(span));
        if let Some(help) = help {
            finding = finding.help(help);
        }
        problems.push(finding);
    });
    (config, problems)
}

type Report<'a> = dyn FnMut(std::ops::Range<usize>, String, Option<String>) + 'a;

fn validate(raw: RawConfig, report: &mut Report) -> Config {
    let mut config = Config::default();
    for (value, target) in [
        (raw.paths.claims, &mut config.claims_dir),
        (raw.paths.sources, &mut config.sources_dir),
        (raw.paths.entities, &mut config.entities_file),
    ]
    .into_iter()
    .filter_map(|(value, target)| value.map(|value| (value, target)))
    {
        match relative_dir(value.get_ref()) {
            Some(dir) => *target = dir,
            None => report(
                value.span(),
                format!("path `{}` must be inside the project", value.get_ref()),
                Some("write it relative to the project root, without `..`".into()),
            ),
        }
    }
    if let Some(threshold) = raw.check.drift_threshold {
        if (0.0..=1.0).contains(threshold.get_ref()) {
            config.drift_threshold = *threshold.get_ref();
        } else {
            report(
                threshold.span(),
                "drift-threshold must be between 0 and 1".into(),
                None,
            );
        }
    }
    if let Some(profile) = raw.check.normalization {
        match Profile::from_name(profile.get_ref()) {
            Some(parsed) => config.normalization = parsed,
            None => report(
                profile.span(),
                format!("unknown normalization profile `{}`", profile.get_ref()),
                Some(format!("profiles: {}", Profile::NAMES.join(", "))),
            ),
        }
    }
    config.deny_warnings = raw.check.deny_warnings.unwrap_or(false);
    if let Some(limit) = raw.check.max_source_bytes {
        match u64::try_from(*limit.get_ref()) {
            // Offsets into sources are kept as 32 bits (normalization maps, line
            // indexes): 1 GiB keeps far from that limit.
            Ok(bytes) if bytes > 0 && bytes <= 1 << 30 => config.max_source_bytes = bytes,
            _ => report(
                limit.span(),
                "max-source-bytes must be a positive number of bytes, at most 1073741824 (1 GiB)"
                    .into(),
                None,
            ),
        }
    }
    if let Some(reads) = raw.check.whole_text_reads {
        match u64::try_from(*reads.get_ref()) {
            // Only lowered: a pull request can edit this file, and raising it is what
            // would let its pins cost pins × source size again.
            Ok(reads) if reads <= WHOLE_TEXT_READS => config.whole_text_reads = reads,
            _ => report(
                reads.span(),
                format!("whole-text-reads must be a number of reads from 0 to {WHOLE_TEXT_READS}"),
                None,
            ),
        }
    }
    if let Some(share) = raw.coverage.min_source_coverage {
        if (0.0..=1.0).contains(share.get_ref()) {
            config.min_source_coverage = Some(*share.get_ref());
        } else {
            report(
                share.span(),
                "min-source-coverage must be between 0 and 1".into(),
                None,
            );
        }
    }
    if let Some(grade) = raw.coverage.min_grade {
        config.min_grade = admiralty_grade(&grade, "min-grade", report);
    }
    validate_confidence(raw.confidence, &mut config.confidence, report);
    for (code, level) in raw.severity {
        let Some(parsed_code) = Code::ALL
            .iter()
            .copied()
            .find(|known| known.name() == code.get_ref())
        else {
            let names: Vec<&str> = Code::ALL.iter().map(|code| code.name()).collect();
            report(
                code.span(),
                format!("unknown finding code `{}`", code.get_ref()),
                nearest(code.get_ref(), &names),
            );
            continue;
        };
        if parsed_code.is_input_error() {
            report(
                code.span(),
                format!(
                    "`{}` means the input cannot be read; its level cannot change",
                    code.get_ref()
                ),
                None,
            );
            continue;
        }
        let parsed_level = match level.get_ref().as_str() {
            "allow" => Level::Allow,
            "warn" => Level::Warn,
            "error" => Level::Error,
            other => {
                report(
                    level.span(),
                    format!("level `{other}` is not `allow`, `warn` or `error`"),
                    None,
                );
                continue;
            }
        };
        config.levels.insert(parsed_code, parsed_level);
    }
    config
}

fn validate_confidence(raw: RawConfidence, rules: &mut ConfidenceRules, report: &mut Report) {
    if let Some(origins) = raw.high_min_origins {
        match usize::try_from(*origins.get_ref()) {
            Ok(count @ 1..=100) => rules.high_min_origins = count,
            _ => report(
                origins.span(),
                "high-min-origins must be a number of origins from 1 to 100".into(),
                None,
            ),
        }
    }
    for (grade, key, target) in [
        (
            raw.high_min_grade,
            "high-min-grade",
            &mut rules.high_min_grade,
        ),
        (
            raw.moderate_min_grade,
            "moderate-min-grade",
            &mut rules.moderate_min_grade,
        ),
    ] {
        if let Some(letter) = grade.and_then(|grade| admiralty_grade(&grade, key, report)) {
            *target = letter;
        }
    }
}

/// An Admiralty reliability grade, A to F, or a problem reported under `key`.
fn admiralty_grade(grade: &Spanned<String>, key: &str, report: &mut Report) -> Option<char> {
    match grade.get_ref().as_str() {
        letter @ ("A" | "B" | "C" | "D" | "E" | "F") => letter.chars().next(),
        other => {
            report(
                grade.span(),
                format!("{key} `{other}` is not an Admiralty grade A to F"),
                None,
            );
            None
        }
    }
}

/// `dir` as a `/`-separated relative path that stays inside the project.
fn relative_dir(dir: &str) -> Option<String> {
    let parts: Option<Vec<&str>> = Path::new(dir)
        .components()
        .map(|component| match component {
            Component::Normal(part) => part.to_str(),
            Component::CurDir => Some("."),
            _ => None,
        })
        .collect();
    let parts: Vec<&str> = parts?.into_iter().filter(|part| *part != ".").collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn suggest_key(message: &str) -> Option<String> {
    let unknown = message.split('`').nth(1)?;
    message
        .starts_with("unknown field")
        .then(|| nearest(unknown, KEYS))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Config, Vec<Finding>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        load_config(
            &super::super::tree::DiskTree::new(dir.path().to_owned()),
            &mut FileRegistry::default(),
        )
    }

    #[test]
    fn no_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load_config(
                &super::super::tree::DiskTree::new(dir.path().to_owned()),
                &mut FileRegistry::default()
            ),
            (Config::default(), Vec::new())
        );
    }

    #[test]
    fn reads_every_setting() {
        let (config, problems) = load(
            "[paths]\nclaims = \"analysis/claims\"\nsources = \"./docs\"\n[check]\ndrift-threshold = 0.9\n\
             normalization = \"exact\"\ndeny-warnings = true\n[severity]\nquote-ambiguous = \"error\"\n\
             source-no-metadata = \"allow\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.claims_dir, "analysis/claims");
        assert_eq!(config.sources_dir, "docs");
        assert_eq!(config.drift_threshold, 0.9);
        assert_eq!(config.normalization, Profile::Exact);
        assert!(config.deny_warnings);
        assert_eq!(config.severity(Code::QuoteAmbiguous), Some(Severity::Error));
        assert_eq!(config.severity(Code::SourceNoMetadata), None);
    }

    #[test]
    fn every_problem_points_at_its_line() {
        let (_, problems) = load(
            "[paths]\nclaims = \"../elsewhere\"\n[check]\ndrift-threshold = 2.0\n[severity]\nquote-ambigous = \"error\"\n\
             claim-file-invalid = \"allow\"\nspan-moved = \"loud\"\n",
        );
        let lines: Vec<u32> = problems
            .iter()
            .map(|p| p.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, vec![2, 4, 7, 6, 8]);
        assert_eq!(
            problems[3].help.as_deref(),
            Some("did you mean `quote-ambiguous`?")
        );
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let (_, problems) = load("[check]\ndrift-treshold = 0.5\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.as_ref().unwrap().line, 2);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `drift-threshold`?")
        );
    }
}
