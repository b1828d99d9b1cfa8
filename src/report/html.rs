//! What the HTML reports share: the page around a body, built by maud's templates,
//! which escape every interpolated value (text goes in as [`Html`]).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::escape::Html;

/// A standalone page: `title`, the style sheet `style` (our own constant), `body`.
pub fn page(title: &str, style: &str, body: Markup) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (Html(title)) }
                style { (PreEscaped(style)) }
            }
            body { (body) }
        }
    };
    page.into_string() + "\n"
}
