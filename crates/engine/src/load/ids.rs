//! What may be an id: of a claim, or of a source (its file stem).

/// Ids are typed by people and used in file names and URLs: a letter or digit first,
/// then letters, digits, `.`, `_`, `-` or `:`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|first| first.is_alphanumeric())
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn accepts_readable_ids_and_rejects_paths_and_controls() {
        assert!(is_valid_id("qaani-tbi-funds"));
        assert!(is_valid_id("2020.03_taji:1"));
        for bad in [
            "",
            "../etc/passwd",
            "/abs",
            "a b",
            "a\u{1b}[31m",
            ".hidden",
            "-x",
        ] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
    }
}
