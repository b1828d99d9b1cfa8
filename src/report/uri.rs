//! Paths in URIs, as SARIF locations and the language server's documents name files.

/// A path (project-relative, or absolute after `file://`) as a URI reference (RFC 3986): each segment percent-encoded,
/// so `#`, `%`, `?`, spaces and control characters in file names stay part of the path.
pub fn uri_reference(path: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    /// What may not stand bare in a path segment.
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'[')
        .add(b']')
        .add(b'^')
        .add(b'|')
        .add(b'\\');
    path.split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(
            uri_reference("claims/a#b c%20d.yaml"),
            "claims/a%23b%20c%2520d.yaml"
        );
        assert_eq!(
            uri_reference("claims/\u{1b}[2J\u{202E}.yaml"),
            "claims/%1B%5B2J%E2%80%AE.yaml"
        );
        assert_eq!(
            uri_reference("claims/plain-name_1.yaml"),
            "claims/plain-name_1.yaml"
        );
    }
}
