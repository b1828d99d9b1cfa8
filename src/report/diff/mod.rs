//! Diff reports, one module per format (`claimcheck diff`).

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;

use crate::analyze::diff::{Change, ClaimChange};

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
    }
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
