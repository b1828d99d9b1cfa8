//! The on-disk cache: a warm `check` reports exactly what a run without the cache
//! reports, whatever changed in between (a source, a claim file, the settings) and
//! whatever happened to the cache (entries corrupted, the directory deleted).

mod common;

use std::path::Path;

use common::{claimcheck, copy_example};

const CACHE: &str = ".claimcheck-cache";

fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path(), &["claims", "sources"]);
    dir
}

/// `check --format json` with the cache, after asserting it equals a run without it.
fn check_matches_uncached(dir: &Path) -> String {
    let cached = claimcheck(dir, &["check", "--format", "json"]);
    let uncached = claimcheck(dir, &["check", "--format", "json", "--no-cache"]);
    assert_eq!(cached, uncached, "the cache changed what check reports");
    cached.1
}

fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries = Vec::new();
    for shard in std::fs::read_dir(dir.join(CACHE)).unwrap() {
        let shard = shard.unwrap().path();
        if shard.is_dir() {
            entries.extend(std::fs::read_dir(shard).unwrap().map(|e| e.unwrap().path()));
        }
    }
    entries
}

#[test]
fn a_warm_run_reports_what_a_cold_run_reports() {
    let dir = example();
    let cold = check_matches_uncached(dir.path());
    assert!(dir.path().join(CACHE).join("CACHEDIR.TAG").exists());
    assert!(
        !entries(dir.path()).is_empty(),
        "the cold run filled the cache"
    );
    let warm = check_matches_uncached(dir.path());
    assert_eq!(cold, warm);
}

#[test]
fn a_changed_source_is_never_answered_from_the_cache() {
    let dir = example();
    check_matches_uncached(dir.path());
    let source = dir
        .path()
        .join("sources/newarab-2021-02-24-rockets-message-from-iran.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("Updated on re-capture.\n{text}")).unwrap();
    let after = check_matches_uncached(dir.path());
    assert!(after.contains("\"span-moved\""), "{after}");
}

#[test]
fn a_changed_claim_file_is_never_answered_from_the_cache() {
    let dir = example();
    check_matches_uncached(dir.path());
    let claims = dir.path().join("claims/attacks.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let quote_start = text.find("quote: \"").unwrap() + "quote: \"".len();
    let mut changed = text.clone();
    changed.insert_str(quote_start, "Reportedly ");
    std::fs::write(&claims, changed).unwrap();
    let after = check_matches_uncached(dir.path());
    assert!(after.contains("\"quote-mismatch\""), "{after}");
}

#[test]
fn changed_settings_are_never_answered_from_the_cache() {
    let dir = example();
    let source = dir
        .path()
        .join("sources/newarab-2021-02-24-rockets-message-from-iran.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("rocket", "missile")).unwrap();
    let before = check_matches_uncached(dir.path());
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        "[check]\ndrift-threshold = 0.99\nnormalization = \"exact\"\n",
    )
    .unwrap();
    let after = check_matches_uncached(dir.path());
    assert_ne!(before, after, "the settings changed the verdicts");
}

#[test]
fn corrupt_or_deleted_entries_are_recomputed() {
    let dir = example();
    let cold = check_matches_uncached(dir.path());
    for entry in entries(dir.path()) {
        std::fs::write(entry, b"\xff\x00 not an entry").unwrap();
    }
    assert_eq!(check_matches_uncached(dir.path()), cold);
    std::fs::remove_dir_all(dir.path().join(CACHE)).unwrap();
    assert_eq!(check_matches_uncached(dir.path()), cold);
}

#[test]
fn no_cache_reads_and_writes_nothing() {
    let dir = example();
    let (status, _, _) = claimcheck(dir.path(), &["check", "--no-cache"]);
    assert_eq!(status, Some(0));
    assert!(!dir.path().join(CACHE).exists());
}

#[test]
fn a_cache_that_cannot_be_written_only_costs_time() {
    let dir = example();
    // A file where the cache directory would be: nothing can be stored, nothing fails.
    std::fs::write(dir.path().join(CACHE), "not a directory").unwrap();
    let (status, _, stderr) = claimcheck(dir.path(), &["check"]);
    assert_eq!(status, Some(0), "{stderr}");
    check_matches_uncached(dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(CACHE)).unwrap(),
        "not a directory"
    );
}

#[test]
fn entries_of_old_versions_are_pruned_once_they_outnumber_the_live_ones() {
    let dir = example();
    check_matches_uncached(dir.path());
    let live = entries(dir.path()).len();
    let claims = dir.path().join("claims/attacks.yaml");
    let original = std::fs::read_to_string(&claims).unwrap();
    for edit in 0..(2 * live) {
        // Each edit leaves the previous version's entries behind.
        std::fs::write(&claims, format!("{original}# edit {edit}\n")).unwrap();
        check_matches_uncached(dir.path());
        assert!(
            entries(dir.path()).len() <= 2 * live + 2,
            "the cache keeps growing: {} entries after {edit} edits",
            entries(dir.path()).len()
        );
    }
}
