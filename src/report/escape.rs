//! Escaping, one function per kind of output, so that no text from a source or a claim
//! reaches a reader as markup or as a command: a terminal or log line
//! ([`terminal`]: controls, line breaks and bidi controls shown as `�`), a Markdown
//! table cell ([`markdown_cell`]), HTML ([`Html`], rendered by maud's auto-escaping
//! templates with controls and bidi controls shown, not obeyed), and GitHub workflow
//! commands ([`workflow_data`], [`workflow_property`]). JSON, SARIF and JUnit are
//! written by serializers, which escape for their format.

pub use claimcheck_engine::sanitize::inline as terminal;

/// Text safe inside a Markdown table cell: markup characters are backslash-escaped or
/// written as HTML entities, and line breaks become `<br>`.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // Bidi controls would reorder what the reader sees.
            c if c.is_control() || claimcheck_engine::sanitize::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML template, element content or attribute value: maud escapes `&`,
/// `<`, `>` and `"`; control characters (terminal escapes in a captured page) and bidi
/// controls (which would reorder the text a reviewer reads) are shown as `�`. Line
/// breaks and tabs stay.
pub struct Html<'a>(pub &'a str);

impl maud::Render for Html<'_> {
    fn render_to(&self, buffer: &mut String) {
        let shown: String = self
            .0
            .chars()
            .map(|c| {
                if (c.is_control() && !matches!(c, '\n' | '\t'))
                    || claimcheck_engine::sanitize::is_bidi_control(c)
                {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
        maud::Render::render_to(shown.as_str(), buffer);
    }
}

/// A workflow command's message: `%`, CR and LF escaped (the runner decodes them).
pub fn workflow_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, plus `:` and `,`, which end
/// properties.
pub fn workflow_property(text: &str) -> String {
    workflow_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_is_inert() {
        let rendered = maud::html! { p title=(Html("\"q\"")) { (Html("<script>alert('x')</script> & \u{1b}[31m \u{202e}")) } };
        assert_eq!(
            rendered.into_string(),
            "<p title=\"&quot;q&quot;\">&lt;script&gt;alert('x')&lt;/script&gt; &amp; \u{FFFD}[31m \u{FFFD}</p>"
        );
    }

    #[test]
    fn escapes_data_and_properties_as_github_does() {
        assert_eq!(workflow_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(workflow_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn markdown_cells_keep_their_table() {
        assert_eq!(
            markdown_cell("*a* | <b>\n`c`"),
            "\\*a\\* &#124; &lt;b&gt;<br>\\`c\\`"
        );
    }
}
