//! The appendix as a standalone HTML page, all text escaped.

use super::markdown::{confidence, describe};
use super::{Appendix, SHORT_HASH, lines, unverified_label};
use crate::report::coverage::html::escape_html as escape;

pub fn render(appendix: &Appendix) -> String {
    let mut body = String::from("<h1>Source appendix</h1>\n<h2>Sources</h2>\n<ol>\n");
    for entry in &appendix.sources {
        let described: Vec<String> = describe(entry).iter().map(|part| escape(part)).collect();
        body.push_str(&format!(
            "<li id=\"source-{}\" value=\"{}\">{}. File <code>{}</code>, SHA-256 <code>{}</code>.\n<ul>\n",
            entry.number,
            entry.number,
            described.join(". "),
            escape(&entry.source.path),
            &entry.sha256[..SHORT_HASH]
        ));
        for passage in &entry.passages {
            let label = unverified_label(passage)
                .map(|label| format!("<strong class=\"unverified\">{}</strong> ", escape(&label)))
                .unwrap_or_default();
            body.push_str(&format!(
                "<li>{label}{}: <q>{}</q> — {}</li>\n",
                lines(passage),
                escape(passage.text.trim()),
                escape(&passage.claims.join(", "))
            ));
        }
        body.push_str("</ul></li>\n");
    }
    body.push_str("</ol>\n<h2>Claims</h2>\n<ul>\n");
    // A basis outside the claims selected has no anchor to link to.
    let shown: std::collections::BTreeSet<&str> = appendix
        .claims
        .iter()
        .map(|entry| entry.claim.id.as_str())
        .collect();
    for entry in &appendix.claims {
        let notes: Vec<String> = entry
            .notes
            .iter()
            .map(|number| {
                let rating = entry
                    .ratings
                    .get(number)
                    .map(|rating| format!(": {}", escape(rating)))
                    .unwrap_or_default();
                format!("<a href=\"#source-{number}\">[{number}{rating}]</a>")
            })
            .collect();
        let based_on: Vec<String> = entry
            .claim
            .based_on
            .iter()
            .map(|basis| match shown.contains(basis.claim.as_str()) {
                true => format!("<a href=\"#claim-{0}\">{0}</a>", escape(&basis.claim)),
                false => escape(&basis.claim),
            })
            .collect();
        let mut tail = vec![notes.join("")];
        if !based_on.is_empty() {
            tail.push(format!("— rests on: {}", based_on.join(", ")));
        }
        tail.retain(|part| !part.is_empty());
        body.push_str(&format!(
            "<li id=\"claim-{0}\"><strong>{0}</strong>{1}: {2} {3}</li>\n",
            escape(&entry.claim.id),
            escape(&confidence(entry.claim)),
            escape(&entry.claim.statement),
            tail.join(" ")
        ));
    }
    body.push_str("</ul>\n");
    body.push_str(&sourcing(appendix));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Source appendix</title>\n\
         <style>body{{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}q{{font-style:italic}}</style>\n\
         </head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// The sourcing summary section, support trees as nested lists.
fn sourcing(appendix: &Appendix) -> String {
    let mut out = String::from("<h2>Sourcing summary</h2>\n<ul>\n");
    for line in super::sourcing::overview(&appendix.sourcing) {
        out.push_str(&format!("<li>{}</li>\n", escape(&line)));
    }
    out.push_str("</ul>\n");
    if !appendix.sourcing.judgements.is_empty() {
        out.push_str("<h3>Key judgements and what they rest on</h3>\n");
    }
    for judgement in &appendix.sourcing.judgements {
        let mut depth = 0;
        out.push_str("<ul class=\"support\">\n");
        for (line, note) in super::sourcing::tree_lines(appendix, judgement) {
            while depth < line.depth {
                out.push_str("<ul>\n");
                depth += 1;
            }
            while depth > line.depth {
                out.push_str("</ul>\n");
                depth -= 1;
            }
            let note = note
                .map(|n| format!(" <a href=\"#source-{n}\">[{n}]</a>"))
                .unwrap_or_default();
            out.push_str(&format!("<li>{}{note}</li>\n", escape(&line.text)));
        }
        out.push_str(&"</ul>\n".repeat(depth + 1));
    }
    out
}
