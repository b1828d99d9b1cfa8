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

/// The lines of a tree as nested lists: each line holds, below it, the lines after it
/// that are deeper than it. `depth` reads a line's depth; `item` draws a line.
pub fn nested<T>(lines: &[T], depth: fn(&T) -> usize, item: &dyn Fn(&T) -> Markup) -> Markup {
    let top = lines.first().map_or(0, depth);
    let starts: Vec<usize> = (0..lines.len())
        .filter(|index| depth(&lines[*index]) == top)
        .collect();
    html! {
        ul class="support" {
            @for (position, start) in starts.iter().enumerate() {
                @let end = starts.get(position + 1).copied().unwrap_or(lines.len());
                li {
                    (item(&lines[*start]))
                    @if end > start + 1 {
                        (nested(&lines[start + 1..end], depth, item))
                    }
                }
            }
        }
    }
}
