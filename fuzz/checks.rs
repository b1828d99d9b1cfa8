//! What each fuzz target checks, shared by the targets (`fuzz/fuzz_targets/`) and by
//! `tests/fuzz_regressions.rs`, which replays the committed corpus with `cargo test`.

use claimcheck_engine::anchor::normalize::Profile;
use claimcheck_engine::anchor::relocate::{PinToFind, Relocation, SearchableSource, relocate};
use claimcheck_engine::anchor::{find_quote, normalize};
use claimcheck_engine::edit::fix_pins::{Repin, repin};
use claimcheck_engine::edit::{NewEvidence, add_evidence};
use claimcheck_engine::hash::sha256;
use claimcheck_engine::load::{
    FileRegistry, parse_claim_file, parse_claim_file_fast, parse_claim_file_in_full,
};
use claimcheck_engine::model::pinned_span::PinnedSpan;

/// Loading a claim file never panics, every finding points inside the file, and
/// whatever the fast path reads, the full YAML parser reads the same (claims, findings
/// and every position).
pub fn claim_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (claims, problems) = parse_claim_file("claims/f.yaml", &text);
    if let Some(fast) = parse_claim_file_fast("claims/f.yaml", &text) {
        let full = parse_claim_file_in_full("claims/f.yaml", &text);
        assert_eq!(
            fast, full,
            "the fast path and the full parser differ on {text:?}"
        );
        assert_eq!((claims, problems.clone()), full);
    }
    for problem in problems {
        if let Some(location) = problem.location {
            assert!(location.range().end <= text.len());
        }
    }
}

/// Loading a configuration never panics.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = claimcheck_engine::load::config::parse_config(text, &mut FileRegistry::default());
}

/// A quote and a source (split at the first 0xFF byte): every match is a span of the
/// source on character boundaries, exact matches are the quote's bytes, relocation
/// returns spans inside the source, and relocating through the gram index (forced on
/// this small source) decides as reading the whole text does.
pub fn anchor(data: &[u8]) {
    let split = data
        .iter()
        .position(|&byte| byte == 0xFF)
        .unwrap_or(data.len() / 2);
    let quote = String::from_utf8_lossy(&data[..split]).into_owned();
    let source = String::from_utf8_lossy(data.get(split + 1..).unwrap_or_default()).into_owned();
    let found = find_quote(&source, &quote, &normalize(&source));
    for span in &found.spans {
        assert!(
            source.get(span.range()).is_some(),
            "{span} is not a span of the source"
        );
    }
    let searchable = SearchableSource::new(&source, Profile::Typing);
    let pin = PinToFind {
        quote: &quote,
        sha256: sha256(quote.as_bytes()),
        span: PinnedSpan::new(0, quote.len().max(1)),
        prefix: None,
        suffix: None,
    };
    let relocation = relocate(&searchable, &pin, 0.5);
    let indexed = SearchableSource::indexed_from(&source, Profile::Typing, 0);
    assert_eq!(
        relocate(&indexed, &pin, 0.5),
        relocation,
        "the gram index decided otherwise"
    );
    match relocation {
        Relocation::Moved { found }
        | Relocation::Normalized { found }
        | Relocation::Drifted { found, .. } => {
            assert!(
                source.get(found.range()).is_some(),
                "{found} is not a span of the source"
            );
        }
        Relocation::Ambiguous { candidates } => {
            assert!(
                candidates
                    .iter()
                    .all(|span| source.get(span.range()).is_some())
            );
        }
        Relocation::Orphaned | Relocation::TooLong { .. } => {}
    }
}

/// Editing a claim file: when claimcheck accepts the edit, the result parses, and the
/// original bytes are all still there around the insertion or replaced values.
pub fn edit(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let evidence = NewEvidence {
        source: "src".into(),
        quote: "a “quote”\u{a0}with\nlines".into(),
        span: PinnedSpan::new(3, 9),
        sha256: "a".repeat(64),
        prefix: "before".into(),
        suffix: "after".into(),
        stance: claimcheck_engine::model::fact::Stance::Context,
        value: None,
    };
    let (claims, problems) = parse_claim_file("claims/f.yaml", &text);
    let target = claims
        .first()
        .map_or("new-claim", |claim| claim.id.as_str());
    let entities: Vec<String> = if claims.is_empty() {
        vec!["Camp \"Taji\"".into()]
    } else {
        Vec::new()
    };
    if let Ok(edited) = add_evidence(
        "claims/f.yaml",
        &text,
        target,
        Some("S"),
        &entities,
        &evidence,
    ) {
        assert!(problems.is_empty());
        assert!(parse_claim_file("claims/f.yaml", &edited).1.is_empty());
        let prefix = text
            .bytes()
            .zip(edited.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = text
            .bytes()
            .rev()
            .zip(edited.bytes().rev())
            .take_while(|(a, b)| a == b)
            .count();
        assert!(
            prefix + suffix >= text.len(),
            "an insertion changed other bytes"
        );
    }
    if let Some(first) = claims.first().and_then(|claim| claim.evidence.first()) {
        let repins = [Repin {
            evidence: first,
            new: evidence,
        }];
        if let Ok(edited) = repin("claims/f.yaml", &text, &repins) {
            assert!(parse_claim_file("claims/f.yaml", &edited).1.is_empty());
        }
    }
}

/// Reading a shard document (`claimcheck merge`) never panics; what it accepts is a
/// shard K of N with 1 ≤ K ≤ N, and the entries it hands over decode, or fail to,
/// without panicking, as the cache would decode them.
pub fn shard_document(data: &[u8]) {
    let Ok(shard) = claimcheck::commands::merge::parse_shard(data) else {
        return;
    };
    assert!((1..=shard.partition.count).contains(&shard.partition.index));
    for (_, bytes) in &shard.entries {
        let _ = postcard::from_bytes::<Vec<u32>>(bytes);
        let _ = postcard::from_bytes::<Vec<claimcheck_engine::model::claim::Claim>>(bytes);
    }
}

/// Reading a git revision's listing never panics, and every path it lets through to
/// be written is a plain relative path (no `..`, no absolute path, no empty part), with
/// a hex object id; a cat-file header gives a size or nothing.
pub fn revision_listing(data: &[u8]) {
    use claimcheck_engine::load::revision::{batch_size, is_plain_relative, parse_listing};
    for prefix in ["", "project/"] {
        if let Ok(blobs) = parse_listing(data, prefix) {
            for blob in blobs {
                assert!(is_plain_relative(&blob.path), "{:?}", blob.path);
                assert!(!blob.path.split('/').any(|part| part == ".."));
                assert!(
                    !blob.oid.is_empty() && blob.oid.bytes().all(|byte| byte.is_ascii_hexdigit())
                );
            }
        }
    }
    let _ = batch_size(&String::from_utf8_lossy(data));
}

/// A web archive: choosing a response never panics, and a chosen record is a piece of
/// the archive that starts like one.
pub fn warc(data: &[u8]) {
    use claimcheck_engine::capture::warc::{decompress, find_response};
    for url in [None, Some("https://a.example/")] {
        if let Ok(response) = find_response(data, url) {
            assert!(response.record.starts_with(b"WARC/"));
            assert!(response.record.len() <= data.len());
        }
    }
    let _ = decompress(data.to_vec());
}

/// A web page: extraction never panics, is deterministic, and its text is lines of
/// visible characters (no controls, no bidi controls, no empty lines).
pub fn html(data: &[u8]) {
    use claimcheck_engine::capture::{Extraction, html::extract};
    for mode in [Extraction::MainText, Extraction::WholePage] {
        let Ok(page) = extract(data, None, mode) else {
            continue;
        };
        assert_eq!(extract(data, None, mode).ok(), Some(page.clone()));
        for line in page.text.lines() {
            assert!(!line.is_empty());
            assert!(
                !line
                    .chars()
                    .any(|c| c.is_control() || claimcheck_engine::sanitize::is_bidi_control(c)),
                "{line:?}"
            );
        }
    }
}

/// A PDF: extraction never panics (a panic inside the PDF parser is caught and
/// reported as an unreadable PDF).
pub fn pdf(data: &[u8]) {
    if let Ok(document) = claimcheck_engine::capture::pdf::extract(data) {
        assert!(document.pages >= 1);
    }
}
