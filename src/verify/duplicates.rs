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

/// A hash of the words of `text`: letters and digits in lower case, each word ended by
/// one separator, so that only spacing, punctuation, typography and case are set aside.
fn words_fingerprint(text: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let (mut words, mut between) = (0usize, false);
    let mix = |byte: u8, hash: &mut u64| *hash = (*hash ^ u64::from(byte)).wrapping_mul(PRIME);
    for c in text.chars() {
        if c.is_alphanumeric() {
            // One separator between words, however many characters stood there.
            if between && words > 0 {
                mix(b' ', &mut hash);
            }
            if between || words == 0 {
                words += 1;
            }
            between = false;
            for lower in c.to_lowercase() {
                let mut buffer = [0; 4];
                for &byte in lower.encode_utf8(&mut buffer).as_bytes() {
                    mix(byte, &mut hash);
                }
            }
        } else {
            between = true;
        }
    }
    hash
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
