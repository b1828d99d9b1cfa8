//! Coverage as a static site: `index.html` with the per-source and per-claim tables and a
//! coverage bar per source, and `sources/<id>.html` with the source's text, every cited
//! span highlighted, its claims named on hover and linked on click. Offline (no external
//! assets, no scripts), and every text from sources and claims is escaped.

use claimcheck_engine::safe_fs::{FsError, write_output_file};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{CoverageView, SourceRow, percent};

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0}th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
td.n{text-align:right}.bar{width:10em;height:.8em;background:#eee;display:inline-block}.bar span{display:block;height:100%;background:#4a7}\
pre.source{white-space:pre-wrap;font:14px/1.6 Georgia,serif;background:#fafafa;padding:1em;border:1px solid #eee}\
mark.cited{background:#fd6}mark.cited a{color:inherit;text-decoration:none}mark.cited:hover{background:#fb3}tr:target{background:#ffd}";

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (terminal escapes in a captured page) and bidi controls
            // (which would reorder the text a reviewer reads) are shown, not obeyed.
            c if (c.is_control() && !matches!(c, '\n' | '\t'))
                || claimcheck_engine::sanitize::is_bidi_control(c) =>
            {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape_html(title)
    )
}

/// Anchor id of a claim on the index page.
fn claim_anchor(id: &str) -> String {
    format!("claim-{}", escape_html(id))
}

/// The file name of a source's page (ids are file-name safe).
fn source_page(id: &str) -> String {
    format!("sources/{id}.html")
}

/// Writes the site into `dir`; returns the files written.
/// Links planted inside `dir` are replaced, never written through.
pub fn write_site(view: &CoverageView, dir: &Path) -> Result<Vec<PathBuf>, FsError> {
    let mut written = vec![write_output_file(
        dir,
        Path::new("index.html"),
        index(view).as_bytes(),
    )?];
    for row in &view.sources {
        let page = source_page(&row.coverage.id);
        written.push(write_output_file(
            dir,
            Path::new(&page),
            source(view, row).as_bytes(),
        )?);
    }
    Ok(written)
}

fn index(view: &CoverageView) -> String {
    let mut body = String::from("<h1>Coverage and corroboration</h1>\n");
    if !view.unverified.is_empty() {
        body.push_str("<h2 class=\"unverified\">Not verified</h2>\n<p>Shown with <code>--allow-broken</code>: these pins no longer prove their quotes.</p>\n<ul>\n");
        for pin in &view.unverified {
            let _ = writeln!(
                body,
                "<li>{}</li>",
                escape_html(&super::unverified_line(pin))
            );
        }
        body.push_str("</ul>\n");
    }
    body.push_str("<h2>Sources</h2>\n<table>\n");
    body.push_str("<tr><th>source</th><th>cited</th><th>share</th><th></th><th>pins</th><th>claims</th><th>origin</th><th>grade</th></tr>\n");
    for row in view.sources_by_share() {
        let coverage = &row.coverage;
        let _ = writeln!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td class=\"n\">{}/{}</td><td class=\"n\">{}</td>\
             <td><div class=\"bar\"><span style=\"width:{:.1}%\"></span></div></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&source_page(&coverage.id)),
            escape_html(&coverage.id),
            coverage.cited,
            coverage.characters,
            percent(coverage.share()),
            coverage.share() * 100.0,
            coverage.pins,
            coverage.claims,
            escape_html(&row.origin),
            row.grade.map_or("-".to_owned(), String::from)
        );
    }
    let _ = writeln!(
        body,
        "</table>\n<h2>Claims</h2>\n<p>{} claims: {} corroborated by independent origins, {} single-source, {} circular.</p>\n<table>\n\
         <tr><th>claim</th><th>statement</th><th>sources</th><th>origins</th><th>support</th></tr>",
        view.claims.len(),
        view.corroborated(),
        view.single_source(),
        view.circular()
    );
    for (claim, support) in view.project.claims.iter().zip(&view.claims) {
        let sources: Vec<String> = support
            .sources
            .iter()
            .map(|id| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape_html(&source_page(id)),
                    escape_html(id)
                )
            })
            .collect();
        let _ = writeln!(
            body,
            "<tr id=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            claim_anchor(&claim.id),
            escape_html(&claim.id),
            escape_html(&claim.statement),
            sources.join("<br>"),
            escape_html(&support.origins.join(", ")),
            super::support(support)
        );
    }
    body.push_str("</table>\n");
    page("claimcheck coverage", &body)
}

fn source(view: &CoverageView, row: &SourceRow) -> String {
    let Some(source) = view.project.sources.get(&row.coverage.id) else {
        return page(&row.coverage.id, "");
    };
    // Every pin of this source, with its claim.
    let pins: Vec<(
        std::ops::Range<usize>,
        &claimcheck_engine::model::claim::Claim,
    )> = view
        .project
        .claims
        .iter()
        .flat_map(|claim| claim.evidence.iter().map(move |evidence| (evidence, claim)))
        .filter(|(evidence, _)| {
            evidence.source == source.id && source.text.get(evidence.span.range()).is_some()
        })
        .map(|(evidence, claim)| (evidence.span.range(), claim))
        .collect();
    let mut boundaries: BTreeSet<usize> = BTreeSet::from([0, source.text.len()]);
    for (range, _) in &pins {
        boundaries.insert(range.start);
        boundaries.insert(range.end);
    }
    let boundaries: Vec<usize> = boundaries.into_iter().collect();
    let mut text = String::new();
    for pair in boundaries.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let segment = escape_html(&source.text[start..end]);
        let claims: Vec<&claimcheck_engine::model::claim::Claim> = pins
            .iter()
            .filter(|(range, _)| range.start <= start && end <= range.end)
            .map(|(_, claim)| *claim)
            .collect();
        match claims.first() {
            None => text.push_str(&segment),
            Some(first) => {
                let title: Vec<String> = claims
                    .iter()
                    .map(|claim| format!("{}: {}", claim.id, claim.statement))
                    .collect();
                let ids: Vec<&str> = claims.iter().map(|claim| claim.id.as_str()).collect();
                let _ = write!(
                    text,
                    "<mark class=\"cited\" data-claims=\"{}\" title=\"{}\"><a href=\"../index.html#{}\">{segment}</a></mark>",
                    escape_html(&ids.join(" ")),
                    escape_html(&title.join("\n")),
                    claim_anchor(&first.id)
                );
            }
        }
    }
    let metadata = source.metadata.as_ref();
    let title = metadata
        .and_then(|metadata| metadata.title.as_deref())
        .unwrap_or(&source.id);
    let body = format!(
        "<p><a href=\"../index.html\">← coverage</a></p>\n<h1>{}</h1>\n<p>{} · {} · cited {} of {} characters ({}) by {} pins of {} claims</p>\n<pre class=\"source\">{text}</pre>\n",
        escape_html(title),
        escape_html(&source.path),
        escape_html(row.publisher.unwrap_or("publisher unknown")),
        row.coverage.cited,
        row.coverage.characters,
        percent(row.coverage.share()),
        row.coverage.pins,
        row.coverage.claims
    );
    page(title, &body)
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn hostile_text_is_inert() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"q\" \u{1b}[31m"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; \u{FFFD}[31m"
        );
    }
}
