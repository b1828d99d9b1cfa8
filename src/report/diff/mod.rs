//! Diff reports, one module per format (`claimcheck diff`).

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;

use claimcheck_engine::analyze::diff::{Change, ClaimChange, SourceChange, SourceChangeKind};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For a terminal.
    Human,
    /// For a pull-request comment: a summary table, details in collapsible sections.
    Markdown,
    Json,
    /// GitHub Actions workflow commands: introduced findings as annotations, changed
    /// claims as notices.
    Github,
}

/// The first `limit` characters of a quote, for one-line listings.
fn short(text: &str, limit: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        text
    } else {
        format!("{}…", text.chars().take(limit).collect::<String>())
    }
}

/// One change of a claim, in words.
pub fn describe(change: &Change) -> String {
    match change {
        Change::Reworded { diff } => format!("reworded: {diff}"),
        Change::MovedFile { from, to } => format!("moved from {from} to {to}"),
        Change::EvidenceAdded { source, quote } => {
            format!("evidence added from {source}: “{}”", short(quote, 80))
        }
        Change::EvidenceRemoved { source, quote } => {
            format!("evidence removed from {source}: “{}”", short(quote, 80))
        }
        Change::Repinned { source, from, to } => {
            format!("re-pinned in {source}: {from} → {to}, text unchanged")
        }
        Change::QuoteChanged { source, diff } => format!("quote from {source} changed: {diff}"),
        Change::FactChanged { from, to } => format!(
            "fact changed: {} → {}",
            from.as_deref().unwrap_or("(none)"),
            to.as_deref().unwrap_or("(none)")
        ),
        Change::StanceChanged { source, from, to } => {
            format!("stance of evidence from {source}: {from} → {to}")
        }
        Change::ValueChanged { source, from, to } => format!(
            "value of evidence from {source}: {} → {}",
            from.as_deref().unwrap_or("(none)"),
            to.as_deref().unwrap_or("(none)")
        ),
        Change::SuppressionAdded { code, reason } => {
            format!("now allows {code} (its findings are no longer reported): “{reason}”")
        }
        Change::SuppressionRemoved { code, reason } => {
            format!("no longer allows {code} (was: “{reason}”)")
        }
        Change::AcknowledgementAdded {
            code,
            with,
            rationale,
        } => format!(
            "acknowledges {code}{} (reported as a note from now on): “{rationale}”",
            with.as_deref()
                .map(|with| format!(" with {with}"))
                .unwrap_or_default()
        ),
        Change::AcknowledgementRemoved { code, with } => format!(
            "no longer acknowledges {code}{}",
            with.as_deref()
                .map(|with| format!(" with {with}"))
                .unwrap_or_default()
        ),
        Change::ConfidenceChanged { from, to } => format!(
            "confidence: {} → {}",
            from.map_or("(none)", |level| level.name()),
            to.map_or("(none)", |level| level.name())
        ),
        Change::BasisChanged { added, removed } => format!(
            "based-on: {}",
            both(("now rests on", added), ("no longer on", removed))
        ),
        Change::CredibilityChanged { source, from, to } => {
            let level =
                |level: &Option<u8>| level.map_or_else(|| "(none)".to_owned(), |n| n.to_string());
            format!(
                "credibility of evidence from {source}: {} → {}",
                level(from),
                level(to)
            )
        }
        Change::EntitiesChanged { added, removed } => {
            format!("entities: {}", both(("added", added), ("removed", removed)))
        }
    }
}

/// `added a, b; removed c`: each non-empty list after its word.
fn both(added: (&str, &[String]), removed: (&str, &[String])) -> String {
    [added, removed]
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(word, names)| format!("{word} {}", names.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Findings with the severity each shows.
fn plain(
    findings: &[claimcheck_engine::model::finding::Finding],
) -> Vec<(String, &claimcheck_engine::model::finding::Finding)> {
    findings
        .iter()
        .map(|finding| (finding.severity.name().to_owned(), finding))
        .collect()
}

/// The sections of findings, in the order a reviewer needs them: what the change
/// introduced, what it regraded (an error that became a note) and what it silenced with
/// `allow`, then what it resolved. Each finding with the severity to show.
pub fn finding_sections(
    diff: &claimcheck_engine::analyze::diff::ProjectDiff,
) -> Vec<(
    &'static str,
    Vec<(String, &claimcheck_engine::model::finding::Finding)>,
)> {
    vec![
        ("findings introduced", plain(&diff.introduced)),
        (
            "findings regraded",
            diff.regraded
                .iter()
                .map(|regraded| {
                    let to = regraded.finding.severity.name();
                    (
                        format!("{} → {to}", regraded.from.name()),
                        &regraded.finding,
                    )
                })
                .collect(),
        ),
        (
            "findings silenced by a new `allow`",
            plain(&diff.suppressed),
        ),
        ("findings resolved", plain(&diff.resolved)),
    ]
}

/// One claim's change headline: marker, what happened, where.
pub fn headline(change: &ClaimChange) -> (&'static str, String) {
    match change {
        ClaimChange::Added {
            id,
            file,
            statement,
        } => (
            "+",
            format!("added {id} ({file}): {}", short(statement, 100)),
        ),
        ClaimChange::Removed {
            id,
            file,
            statement,
        } => (
            "-",
            format!("removed {id} ({file}): {}", short(statement, 100)),
        ),
        ClaimChange::Renamed { from, to, file } => (
            "→",
            format!("renamed {from} → {to} ({file}), content unchanged"),
        ),
        ClaimChange::Changed { id, file, .. } => ("~", format!("changed {id} ({file})")),
    }
}

/// What happened to a source, in words: added, removed, content changed, or its status.
pub fn source_change(source: &SourceChange) -> String {
    let mut what = match source.kind {
        SourceChangeKind::Added => "added".to_owned(),
        SourceChangeKind::Removed => "removed".to_owned(),
        SourceChangeKind::Changed => "content changed".to_owned(),
        SourceChangeKind::StatusChanged => String::new(),
    };
    if let Some(status) = &source.status {
        if !what.is_empty() {
            what.push_str(", ");
        }
        what.push_str(&format!(
            "status: {} → {}",
            status.from.as_deref().unwrap_or("(none)"),
            status.to.as_deref().unwrap_or("(none)")
        ));
    }
    what
}
