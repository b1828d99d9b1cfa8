//! Sources that are one text twice: the same bytes, or the same words after spacing,
//! punctuation, typography and case are set aside (a page saved twice, a wire story
//! re-captured under another name). Two copies cited for one claim would look like
//! corroboration; `source-duplicate` says which source repeats which.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::load::Project;
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;

/// One finding for each source whose text an earlier source (by id) already has.
pub fn check_duplicates(project: &Project) -> Vec<Finding> {
    let fingerprints: Vec<(&str, &str, u64)> = project
        .sources
        .par_iter()
        .map(|(id, source)| {
            (
                id.as_str(),
                source.path.as_str(),
                words_fingerprint(&source.text),
            )
        })
        .collect();
    let mut first: BTreeMap<u64, (&str, &str)> = BTreeMap::new();
    let mut findings = Vec::new();
    for (id, path, fingerprint) in fingerprints {
        let source = &project.sources[id];
        if !source.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        match first.get(&fingerprint) {
            None => {
                first.insert(fingerprint, (id, path));
            }
            Some(&(original, original_path)) => {
                let exact = project.sources[original].digest == source.digest;
                let how = if exact {
                    "byte for byte"
                } else {
                    "word for word (only spacing, punctuation, typography or case differ)"
                };
                findings.push(
                    Finding::new(
                        Code::SourceDuplicate,
                        format!("source `{id}` has the same text as `{original}`, {how}"),
                    )
                    .source(id)
                    .at(Location::file(path))
                    .related(
                        format!("the text of `{original}`"),
                        Location::file(original_path),
                    )
                    .help(
                        "keep one copy; two copies cited for one claim would pass for two sources",
                    ),
                );
            }
        }
    }
    findings
}

/// A hash of the words of `text`: letters and digits in lower case, one separator
/// between words, so that only spacing, punctuation, typography and case are set aside.
fn words_fingerprint(text: &str) -> u64 {
    let mut fingerprint = Fingerprint::default();
    // Most text is ASCII: a byte at a time, the rest a character at a time.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii() {
            at += 1;
            if byte.is_ascii_alphanumeric() {
                fingerprint.letter(&[byte.to_ascii_lowercase()]);
            } else {
                fingerprint.between = true;
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                fingerprint.letter(lower.encode_utf8(&mut [0; 4]).as_bytes());
            }
        } else {
            fingerprint.between = true;
        }
    }
    fingerprint.hash
}

/// FNV-1a over the letters of the words, with a separator between words.
struct Fingerprint {
    hash: u64,
    started: bool,
    between: bool,
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self {
            hash: 0xcbf2_9ce4_8422_2325,
            started: false,
            between: false,
        }
    }
}

impl Fingerprint {
    fn letter(&mut self, bytes: &[u8]) {
        if self.between && self.started {
            self.mix(b' ');
        }
        self.started = true;
        self.between = false;
        for &byte in bytes {
            self.mix(byte);
        }
    }

    fn mix(&mut self, byte: u8) {
        self.hash = (self.hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

#[cfg(test)]
mod tests {
    use super::words_fingerprint;

    #[test]
    fn only_the_words_count() {
        let a = words_fingerprint("“Five dailies,” he said —\r\nclosed.");
        assert_eq!(a, words_fingerprint("\"five dailies\" he said - closed"));
        assert_ne!(a, words_fingerprint("\"three dailies\" he said - closed"));
        assert_ne!(words_fingerprint("ab c"), words_fingerprint("a bc"));
    }
}
