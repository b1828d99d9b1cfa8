//! The appendix as a standalone HTML page, all text escaped.

use super::markdown::describe;
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
    for entry in &appendix.claims {
        let notes: Vec<String> = entry
            .notes
            .iter()
            .map(|number| format!("<a href=\"#source-{number}\">[{number}]</a>"))
            .collect();
        body.push_str(&format!(
            "<li><strong>{}</strong>: {} {}</li>\n",
            escape(&entry.claim.id),
            escape(&entry.claim.statement),
            notes.join("")
        ));
    }
    body.push_str("</ul>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Source appendix</title>\n\
         <style>body{{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}q{{font-style:italic}}</style>\n\
         </head>\n<body>\n{body}</body>\n</html>\n"
    )
}
