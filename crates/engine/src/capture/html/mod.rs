//! Web pages: the article's text as lines (readability's choice of the main
//! container, from `dom_smoothie`, then our own block-to-line writer and furniture
//! filters) and the page's own metadata.

pub mod lines;
pub mod metadata;
mod prefilter;

use dom_query::Document;

use super::{CaptureError, Extraction, FoundMetadata};

/// Names this extractor's output. Bumped whenever the text for the same page and
/// options changes, so `check --re-extract` can tell a different extractor from a
/// changed page.
pub const EXTRACTOR: &str = "claimcheck-html/1";

/// A page's text as the source of record and what the page says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The title line (when the page has a title) then the body lines, each ending in `\n`.
    pub text: String,
    /// The body lines alone: what extraction benchmarks score.
    pub body: Vec<String>,
    pub found: FoundMetadata,
    /// What was kept: main text, or the whole page when no article container was found.
    pub extraction: Extraction,
}

/// Extracts the page `bytes` (any charset its `<meta>` or `charset_hint` names;
/// UTF-8 when none does).
pub fn extract(
    bytes: &[u8],
    charset_hint: Option<&str>,
    mode: Extraction,
) -> Result<Extracted, CaptureError> {
    let html = prefilter::without_scripts_and_styles(&decode(bytes, charset_hint));
    extract_text(&html, mode)
}

fn extract_text(html: &str, mode: Extraction) -> Result<Extracted, CaptureError> {
    let document = Document::from(html);
    let found = metadata::found_metadata(&document);
    let main = match mode {
        // Readability rewrites the document it is given: it gets the one parsed here,
        // and the rare page it finds no article in is parsed again, whole.
        Extraction::MainText => main_text_lines(document),
        Extraction::WholePage | Extraction::AllPages => None,
    };
    let (body, extraction) = match main {
        Some(body) => (body, Extraction::MainText),
        None => {
            let document = Document::from(html);
            (
                lines::lines_of(&document.root(), false),
                Extraction::WholePage,
            )
        }
    };
    if body.is_empty() {
        return Err(CaptureError::NoText);
    }
    let mut text = String::new();
    // The headline usually opens the article already; the title is written only
    // when it does not.
    if let Some(title) = &found.title
        && !body.iter().take(3).any(|line| line == title)
    {
        text.push_str(title);
        text.push('\n');
    }
    for line in &body {
        text.push_str(line);
        text.push('\n');
    }
    Ok(Extracted {
        text,
        body,
        found,
        extraction,
    })
}

/// The article's lines, or None when readability finds no article container.
fn main_text_lines(document: Document) -> Option<Vec<String>> {
    let config = dom_smoothie::Config {
        keep_classes: true,
        ..Default::default()
    };
    let article = dom_smoothie::Readability::with_document(document, None, Some(config))
        .ok()?
        .parse()
        .ok()?;
    let content = Document::from(article.content.as_ref());
    let mut body = lines::lines_of(&content.root(), true);
    lines::cut_related_tail(&mut body);
    (!body.is_empty()).then_some(body)
}

/// The page as text: UTF-8 (a BOM dropped) when it is valid UTF-8, otherwise the
/// charset the HTTP header or the page's `<meta>` names, otherwise Windows-1252 (what
/// browsers assume of legacy pages).
fn decode(bytes: &[u8], charset_hint: Option<&str>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let declared = charset_hint
        .map(str::as_bytes)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]));
    let encoding = declared
        .and_then(encoding_rs::Encoding::for_label)
        .unwrap_or(encoding_rs::WINDOWS_1252);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The label after `charset=` in the head of a page.
fn meta_charset(head: &[u8]) -> Option<&[u8]> {
    let lower = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|window| window == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Rockets hit base</title>
        <meta property="og:site_name" content="Wire"></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Rockets hit base</h1>
        <p>BAGHDAD (AP) — Three rockets struck near the base on Monday, officials said.</p>
        <p>No casualties were reported, according to a statement from the coalition, which said an investigation was under way.</p>
        <p>The attack was the third this month, after a lull of several weeks in which militias had held their fire.</p>
        </article><footer>© Wire 2020</footer></body></html>"#;

    #[test]
    fn the_article_is_kept_and_the_page_furniture_left_out() {
        let page = extract(PAGE.as_bytes(), None, Extraction::MainText).unwrap();
        assert!(
            page.text
                .starts_with("Rockets hit base\nBAGHDAD (AP) — Three rockets"),
            "{}",
            page.text
        );
        assert!(!page.text.contains("Home") && !page.text.contains("©"));
        assert_eq!(page.extraction, Extraction::MainText);
        assert_eq!(page.found.publisher.as_deref(), Some("Wire"));
    }

    #[test]
    fn whole_page_keeps_every_visible_block() {
        let page = extract(PAGE.as_bytes(), None, Extraction::WholePage).unwrap();
        assert!(page.text.contains("Home World\n") && page.text.contains("© Wire 2020\n"));
    }

    #[test]
    fn extraction_is_deterministic() {
        let once = extract(PAGE.as_bytes(), None, Extraction::MainText).unwrap();
        for _ in 0..5 {
            assert_eq!(
                extract(PAGE.as_bytes(), None, Extraction::MainText).unwrap(),
                once
            );
        }
    }

    #[test]
    fn legacy_charsets_are_decoded() {
        let latin1 =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9</p></body></html>";
        let page = extract(latin1, None, Extraction::WholePage).unwrap();
        assert!(page.text.contains("café"), "{}", page.text);
    }

    #[test]
    fn taking_out_scripts_and_styles_first_changes_no_text_of_the_benchmark_pages() {
        use std::io::Read;
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/extraction/html");
        let mut pages: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        pages.sort();
        // Every fifth page keeps the unit tests quick; all 181 were compared when the
        // prefilter was written.
        for path in pages.iter().step_by(5) {
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
                .read_to_end(&mut html)
                .unwrap();
            let html = decode(&html, None);
            let filtered = prefilter::without_scripts_and_styles(&html);
            assert_eq!(
                extract_text(&filtered, Extraction::MainText),
                extract_text(&html, Extraction::MainText),
                "{path:?}"
            );
        }
    }

    #[test]
    fn a_page_without_text_is_refused() {
        assert_eq!(
            extract(
                b"<html><body><script>x</script></body></html>",
                None,
                Extraction::WholePage
            ),
            Err(CaptureError::NoText)
        );
    }
}
