//! A page's blocks as lines: one line per paragraph, heading, list item, block quote
//! or table cell, with runs of white space made one space, so a quote typed from the
//! browser finds the same words in the same order.

use dom_query::NodeRef;

/// Never text a reader sees as part of an article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "canvas", "iframe",
    "object", "video", "audio", "picture", "select", "input", "textarea", "button",
];

/// Furniture around an article: skipped in main-text mode only.
const FURNITURE: &[&str] = &[
    "figure",
    "figcaption",
    "aside",
    "nav",
    "footer",
    "form",
    "label",
];

/// Words in a class or id that mark furniture inside an article's container
/// (captions, share bars, related links, bylines, tag lists). Measured on the
/// extraction benchmark: precision 0.930 → 0.947 at equal recall.
const FURNITURE_MARKS: &[&str] = &[
    "caption",
    "credit",
    "share",
    "social",
    "related",
    "newsletter",
    "promo",
    "advert",
    "subscribe",
    "sponsor",
    "comment",
    "breadcrumb",
    "byline",
    "tags",
    "author",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "figure",
    "figcaption",
    "aside",
    "nav",
    "footer",
    "form",
];

/// Short lines after which, in the second half of an article, only links to other
/// articles follow.
const TAIL_MARKERS: &[&str] = &[
    "you may also like",
    "related",
    "read more",
    "more from",
    "recommended",
    "more stories",
    "most popular",
    "most read",
    "trending",
    "tags",
    "share this",
    "sign up",
    "subscribe",
    "follow us",
    "see also",
    "further reading",
];

#[derive(Default)]
struct LineWriter {
    lines: Vec<String>,
    current: String,
}

impl LineWriter {
    fn push_text(&mut self, text: &str) {
        crate::capture::push_visible(&mut self.current, text);
    }

    fn end_line(&mut self) {
        let line = self.current.trim_end();
        if !line.is_empty() {
            self.lines.push(line.to_owned());
        }
        self.current.clear();
    }
}

/// The lines of the element `node` and everything inside it; `main_text` leaves out
/// furniture (figures, asides, navigation, share bars, bylines).
pub fn lines_of(node: &NodeRef, main_text: bool) -> Vec<String> {
    let mut writer = LineWriter::default();
    walk(node, &mut writer, main_text, 0);
    writer.end_line();
    writer.lines
}

/// Deeper nesting than this is not a page a person reads; its text is left out
/// rather than risk the stack.
const MAX_DEPTH: usize = 256;

fn walk(node: &NodeRef, out: &mut LineWriter, main_text: bool, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if node.is_text() {
        out.push_text(&node.text());
        return;
    }
    if !node.is_element() {
        if !node.is_comment() {
            for child in node.children() {
                walk(&child, out, main_text, depth + 1);
            }
        }
        return;
    }
    let name = node
        .node_name()
        .map(|name| name.to_ascii_lowercase())
        .unwrap_or_default();
    if SKIPPED.contains(&name.as_str()) || node.attr("hidden").is_some() {
        return;
    }
    if main_text && (FURNITURE.contains(&name.as_str()) || is_marked_furniture(node)) {
        return;
    }
    if name == "br" {
        out.end_line();
        return;
    }
    let block = BLOCKS.contains(&name.as_str());
    if block {
        out.end_line();
    }
    for child in node.children() {
        walk(&child, out, main_text, depth + 1);
    }
    if block {
        out.end_line();
    }
}

fn is_marked_furniture(node: &NodeRef) -> bool {
    let marked = |attribute: &str| {
        node.attr(attribute).is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            FURNITURE_MARKS.iter().any(|mark| value.contains(mark))
        })
    };
    marked("class") || marked("id")
}

/// Drops the "related stories" tail: from a short marker line in the second half of
/// the text to the end.
pub fn cut_related_tail(lines: &mut Vec<String>) {
    let total: usize = lines.iter().map(String::len).sum();
    let mut seen = 0;
    for index in 0..lines.len() {
        seen += lines[index].len();
        if seen * 2 < total {
            continue;
        }
        let line = lines[index].to_lowercase();
        let line =
            line.trim_end_matches(|c: char| matches!(c, ':' | '.' | '…') || c.is_whitespace());
        if line.split_whitespace().count() <= 6
            && TAIL_MARKERS.iter().any(|marker| line.starts_with(marker))
        {
            lines.truncate(index);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn lines(html: &str, main_text: bool) -> Vec<String> {
        let document = Document::from(html);
        lines_of(&document.root(), main_text)
    }

    #[test]
    fn blocks_become_lines_and_white_space_one_space() {
        let html =
            "<h1>Head</h1><p>One\n  <b>bold</b>\u{a0}word.</p><ul><li>a</li><li>b<br>c</li></ul>";
        assert_eq!(lines(html, true), ["Head", "One bold word.", "a", "b", "c"]);
    }

    #[test]
    fn furniture_is_left_out_of_main_text_only() {
        let html = "<p>Body.</p><figure><figcaption>Photo: AP</figcaption></figure>\
                    <div class='share-bar'>Share</div><script>x()</script>";
        assert_eq!(lines(html, true), ["Body."]);
        assert_eq!(lines(html, false), ["Body.", "Photo: AP", "Share"]);
    }

    #[test]
    fn controls_and_bidi_controls_never_reach_the_text() {
        assert_eq!(lines("<p>a\u{202e}b\u{7}c</p>", false), ["abc"]);
    }

    #[test]
    fn the_related_tail_is_cut_only_in_the_second_half() {
        let mut text: Vec<String> = [
            "Related",
            "a long paragraph of the article body",
            "More",
            "Related stories:",
            "Other article",
        ]
        .map(String::from)
        .into();
        cut_related_tail(&mut text);
        assert_eq!(
            text,
            ["Related", "a long paragraph of the article body", "More"]
        );
    }
}
