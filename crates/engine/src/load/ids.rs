//! What may be an id: of a claim, or of a source (its file stem).

/// Ids are typed by people and used in file names and URLs: a letter or digit first,
/// then letters, digits, `.`, `_`, `-` or `:`.
pub fn is_valid_id(id: &str) -> bool {
    // Most ids are ASCII letters, digits and marks, judged through a table a byte at
    // a time: decoding each character and asking Unicode whether it is alphanumeric,
    // or asking first whether the id is ASCII, took about 180 instructions an id
    // (callgrind), and a claim has two. Any other byte sends the id to the characters.
    let bytes = id.as_bytes();
    if bytes.iter().all(|&byte| ASCII_ID_BYTES[usize::from(byte)]) {
        return bytes.first().is_some_and(u8::is_ascii_alphanumeric);
    }
    is_valid_id_by_characters(id)
}

/// The ASCII bytes an id may hold.
const ASCII_ID_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        let c = byte as u8;
        table[byte] = c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b':');
        byte += 1;
    }
    table
};

fn is_valid_id_by_characters(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|first| first.is_alphanumeric())
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
}

#[cfg(test)]
mod tests {
    use super::{is_valid_id, is_valid_id_by_characters};
    use proptest::prelude::*;

    proptest! {
        /// An ASCII id is judged a byte at a time as its characters are judged.
        #[test]
        fn ascii_ids_are_judged_as_characters_are(id in "[ -~]{0,12}") {
            prop_assert_eq!(is_valid_id(&id), is_valid_id_by_characters(&id));
        }
    }

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
