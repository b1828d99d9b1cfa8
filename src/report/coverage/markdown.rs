//! Coverage as Markdown tables, for a CI job summary.

use super::{CoverageView, percent};
use crate::report::escape::markdown_cell;

pub fn write(view: &CoverageView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "## claimcheck coverage\n")?;
    if !view.unverified.is_empty() {
        writeln!(out, "**NOT VERIFIED** (shown with `--allow-broken`):\n")?;
        for pin in &view.unverified {
            writeln!(out, "- {}", markdown_cell(&super::unverified_line(pin)))?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "| source | cited | share | pins | claims | origin | grade |\n|---|---:|---:|---:|---:|---|---|"
    )?;
    for row in view.sources_by_share() {
        let coverage = &row.coverage;
        writeln!(
            out,
            "| {} | {}/{} | {} | {} | {} | {} | {} |",
            markdown_cell(&coverage.id),
            coverage.cited,
            coverage.characters,
            percent(coverage.share()),
            coverage.pins,
            coverage.claims,
            markdown_cell(&row.origin),
            row.grade.map_or("-".to_owned(), String::from)
        )?;
    }
    writeln!(
        out,
        "\n**{} claims**: {} corroborated by independent origins, {} single-source, {} circular.\n",
        view.claims.len(),
        view.corroborated(),
        view.single_source(),
        view.circular()
    )?;
    writeln!(
        out,
        "| claim | pins | sources | origins | ratings |\n|---|---:|---:|---|---|"
    )?;
    for claim in &view.claims {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            markdown_cell(&claim.id),
            claim.evidence,
            claim.sources.len(),
            markdown_cell(&claim.origins.join(", ")),
            markdown_cell(&super::ratings(claim))
        )?;
    }
    if !view.judgements.is_empty() {
        writeln!(out, "\n### Key judgements and what they rest on\n")?;
    }
    for judgement in &view.judgements {
        for line in crate::report::support_tree::lines(judgement) {
            writeln!(
                out,
                "{}- {}",
                "  ".repeat(line.depth),
                markdown_cell(&line.text)
            )?;
        }
    }
    Ok(())
}
