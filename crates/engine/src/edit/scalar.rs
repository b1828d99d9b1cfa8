//! YAML scalars written by claimcheck: double-quoted, with every character that would be
//! invisible or unsafe in a terminal or editor escaped, so the file shows exactly which
//! bytes a quote holds (a no-break space reads `\_`).

use crate::load::is_valid_id;

/// `text` as a YAML double-quoted scalar that parses back to exactly `text`.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{00A0}' => out.push_str("\\_"),
            '\u{FEFF}' => out.push_str("\\uFEFF"),
            c if c.is_control() || is_invisible(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Space and format characters other than the plain space that a reader cannot see.
fn is_invisible(c: char) -> bool {
    (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}')
}

/// An id as a YAML scalar: plain where YAML reads it back as the same string, else quoted.
pub fn id_scalar(id: &str) -> String {
    let plain = is_valid_id(id)
        && id.starts_with(|c: char| c.is_alphabetic())
        && !matches!(
            id,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "True" | "False" | "Null"
        )
        && !id.contains(':');
    if plain {
        id.to_owned()
    } else {
        double_quoted(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(scalar: &str) -> String {
        serde_saphyr::from_str::<String>(scalar).unwrap()
    }

    #[test]
    fn escapes_what_cannot_be_seen() {
        assert_eq!(
            double_quoted("a\u{00A0}b \"c\"\n"),
            "\"a\\_b \\\"c\\\"\\n\""
        );
        assert_eq!(double_quoted("\u{1b}[31m"), "\"\\u001B[31m\"");
    }

    #[test]
    fn ids_stay_plain_when_safe() {
        assert_eq!(id_scalar("qaani-tbi-funds"), "qaani-tbi-funds");
        assert_eq!(id_scalar("2020"), "\"2020\"");
        assert_eq!(id_scalar("null"), "\"null\"");
        assert_eq!(parse(&id_scalar("a:b")), "a:b");
    }

    proptest! {
        #[test]
        fn double_quoted_round_trips(text in "\\PC*|[\\x00-\\x7f\u{a0}\u{2019}\u{2028}\u{feff}]*") {
            prop_assert_eq!(parse(&double_quoted(&text)), text);
        }
    }
}
