//! Coverage for a terminal: a per-source table, a per-claim table, and with `--uncited`
//! the paragraphs no claim uses. Header rows are bold when colour is on.

use std::io::Write;

use super::{CoverageView, percent};
use claimcheck_engine::sanitize::inline;

fn header(out: &mut dyn Write, color: bool, text: &str) -> std::io::Result<()> {
    if color {
        writeln!(out, "\x1b[1m{text}\x1b[0m")
    } else {
        writeln!(out, "{text}")
    }
}

pub fn write(view: &CoverageView, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    if !view.unverified.is_empty() {
        header(out, color, "NOT VERIFIED (shown with --allow-broken)")?;
        for pin in &view.unverified {
            writeln!(out, "  {}", inline(&super::unverified_line(pin)))?;
        }
        writeln!(out)?;
    }
    let id_width = view
        .sources
        .iter()
        .map(|row| row.coverage.id.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let origin_width = view
        .sources
        .iter()
        .map(|row| row.origin.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    header(
        out,
        color,
        &format!(
            "{:id_width$}  {:>15}  {:>6}  {:>4}  {:>6}  {:<origin_width$}  grade",
            "source", "cited chars", "share", "pins", "claims", "origin"
        ),
    )?;
    let sources = view.sources_by_share();
    for row in &sources {
        let coverage = &row.coverage;
        writeln!(
            out,
            "{:id_width$}  {:>15}  {:>6}  {:>4}  {:>6}  {:<origin_width$}  {}",
            coverage.id,
            format!("{}/{}", coverage.cited, coverage.characters),
            percent(coverage.share()),
            coverage.pins,
            coverage.claims,
            inline(&row.origin),
            row.grade.map_or("-".to_owned(), String::from)
        )?;
    }
    writeln!(out)?;
    let claim_width = view
        .claims
        .iter()
        .map(|claim| claim.id.len())
        .max()
        .unwrap_or(5)
        .max(5);
    header(
        out,
        color,
        &format!(
            "{:claim_width$}  {:>4}  {:>7}  {:>7}  {:<13}  {:<8}  from",
            "claim", "pins", "sources", "origins", "support", "ratings"
        ),
    )?;
    for claim in &view.claims {
        writeln!(
            out,
            "{:claim_width$}  {:>4}  {:>7}  {:>7}  {:<13}  {:<8}  {}",
            claim.id,
            claim.evidence,
            claim.sources.len(),
            claim.origins.len(),
            super::support(claim),
            inline(&super::ratings(claim)),
            inline(&claim.origins.join(", "))
        )?;
    }
    writeln!(
        out,
        "\n{} claims: {} corroborated by independent origins, {} single-source, {} circular",
        view.claims.len(),
        view.corroborated(),
        view.single_source(),
        view.circular()
    )?;
    if !view.judgements.is_empty() {
        header(out, color, "\nkey judgements and what they rest on")?;
    }
    for judgement in &view.judgements {
        for line in crate::report::support_tree::lines(judgement) {
            writeln!(out, "{}{}", "  ".repeat(line.depth + 1), inline(&line.text))?;
        }
    }
    for row in sources.iter().filter(|row| {
        row.uncited
            .as_ref()
            .is_some_and(|passages| !passages.is_empty())
    }) {
        let passages = row.uncited.as_deref().unwrap_or_default();
        let count = crate::report::human::plural(passages.len(), "passage");
        header(
            out,
            color,
            &format!("\nuncited in {} ({count})", row.coverage.path),
        )?;
        for passage in passages {
            let preview: String = passage.text.replace('\n', " ").chars().take(90).collect();
            let lines = if passage.first_line == passage.last_line {
                format!("{}", passage.first_line)
            } else {
                format!("{}-{}", passage.first_line, passage.last_line)
            };
            let lines = match passage.page {
                Some(page) => format!("p.{page} {lines}"),
                None => lines,
            };
            writeln!(out, "  {lines:>7}  {}", inline(&preview))?;
        }
    }
    Ok(())
}
