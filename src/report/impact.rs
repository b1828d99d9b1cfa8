//! The impact list (`claimcheck impact`): what depends on a source or claim, as a human
//! list, one JSON document (version 1) or a Markdown table.

use schemars::JsonSchema;
use serde::Serialize;

use super::human::plural;
use crate::report::escape::markdown_cell;
use claimcheck_engine::analyze::impact::{Dependent, Impact, Target};
use claimcheck_engine::load::Project;
use claimcheck_engine::sanitize::inline;

/// What depends on one source or claim.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "claimcheck impact --format json")]
pub struct ImpactDocument {
    pub version: u32,
    pub target: Target,
    /// For a source whose metadata gives one: `retracted`, `corrected` or `disputed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub dependents: Vec<Dependent>,
    pub summary: ImpactSummary,
}

#[derive(Serialize, JsonSchema)]
pub struct ImpactSummary {
    pub dependents: usize,
    /// Claims citing or resting on the target itself.
    pub direct: usize,
    /// Claims with no support left without the target.
    pub falling: usize,
}

pub fn document(project: &Project, impact: Impact) -> ImpactDocument {
    let status = match &impact.target {
        Target::Source(id) => project
            .sources
            .get(id)
            .and_then(|source| source.status())
            .map(|status| format!("{} on {}", status.kind.name(), status.date)),
        Target::Claim(_) => None,
    };
    ImpactDocument {
        version: 1,
        summary: ImpactSummary {
            dependents: impact.dependents.len(),
            direct: impact.dependents.iter().filter(|d| d.direct).count(),
            falling: impact.dependents.iter().filter(|d| !d.stands).count(),
        },
        target: impact.target,
        status,
        dependents: impact.dependents,
    }
}

pub fn write_json(document: &ImpactDocument, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, document)?;
    writeln!(out)
}

/// "source `id`, retracted on DATE", with `quote` around the id and each part made
/// safe by `escape`.
fn heading(document: &ImpactDocument, quote: &str, escape: fn(&str) -> String) -> String {
    let (kind, id) = match &document.target {
        Target::Source(id) => ("source", id),
        Target::Claim(id) => ("claim", id),
    };
    let status = document
        .status
        .as_deref()
        .map(|status| format!(", {}", escape(status)))
        .unwrap_or_default();
    format!("{kind} {quote}{}{quote}{status}", escape(id))
}

/// How a dependent reaches the target: "cites it", "rests on it", or the way down.
fn way(document: &ImpactDocument, dependent: &Dependent) -> String {
    match (&document.target, dependent.direct) {
        (Target::Source(_), true) => "cites it".into(),
        (Target::Claim(_), true) => "rests on it".into(),
        _ if dependent.path.len() > dependent.depth => format!(
            "through {}",
            dependent.path[1..dependent.path.len() - 1].join(" → ")
        ),
        // A way longer than the path lists.
        _ => format!(
            "through {} → … ({} more)",
            dependent.path[1..].join(" → "),
            dependent.depth + 1 - dependent.path.len()
        ),
    }
}

/// `1 claim depends`, `3 claims depend`.
fn depend(count: usize) -> String {
    let verb = if count == 1 { "depends" } else { "depend" };
    format!("{} {verb}", plural(count, "claim"))
}

fn verdict(dependent: &Dependent) -> &'static str {
    if dependent.stands {
        "still stands"
    } else {
        "falls"
    }
}

pub fn write_human(document: &ImpactDocument, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let summary = &document.summary;
    if document.dependents.is_empty() {
        return writeln!(
            out,
            "{}: nothing depends on it",
            heading(document, "`", |text| inline(text).into_owned())
        );
    }
    writeln!(
        out,
        "{}: {} on it, {} directly; without it {} would fall",
        heading(document, "`", |text| inline(text).into_owned()),
        depend(summary.dependents),
        summary.direct,
        summary.falling
    )?;
    for dependent in &document.dependents {
        writeln!(
            out,
            "  {:<12} {} ({}:{}) {}",
            verdict(dependent),
            inline(&dependent.claim),
            inline(&dependent.file),
            dependent.line,
            inline(&way(document, dependent))
        )?;
        writeln!(out, "               {}", inline(&dependent.statement))?;
    }
    Ok(())
}

pub fn write_markdown(
    document: &ImpactDocument,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let summary = &document.summary;
    writeln!(
        out,
        "### Impact of {}\n",
        heading(document, "", markdown_cell)
    )?;
    if document.dependents.is_empty() {
        return writeln!(out, "Nothing depends on it.");
    }
    writeln!(
        out,
        "{} on it, {} directly; without it {} would fall.\n",
        depend(summary.dependents),
        summary.direct,
        summary.falling
    )?;
    writeln!(out, "| Claim | Statement | Depends | Without it |")?;
    writeln!(out, "|---|---|---|---|")?;
    for dependent in &document.dependents {
        writeln!(
            out,
            "| {} ({}:{}) | {} | {} | {} |",
            markdown_cell(&dependent.claim),
            markdown_cell(&dependent.file),
            dependent.line,
            markdown_cell(&dependent.statement),
            markdown_cell(&way(document, dependent)),
            verdict(dependent)
        )?;
    }
    Ok(())
}
