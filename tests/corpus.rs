//! The benchmark corpus generator is deterministic, and a small corpus of it checks
//! with the findings its drift should cause (no timing here: see `cargo bench --bench
//! corpus_check`, whose smallest size `.ci/run` runs with `--smoke`).

use claimcheck_test_support::corpus as generate;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for dir in ["claims", "sources"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            files.insert(
                path.strip_prefix(root).unwrap().display().to_string(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
    files
}

#[test]
fn the_generator_is_deterministic_and_its_corpus_checks() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate::generate(one.path(), 20, 300, 0.15, 7, 250);
    generate::generate(two.path(), 20, 300, 0.15, 7, 250);
    assert_eq!(tree(one.path()), tree(two.path()));

    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", "json"])
        .current_dir(one.path())
        .output()
        .unwrap();
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["summary"]["pins"], 300);
    let codes: Vec<&str> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // 3 of 20 sources re-captured: one moved, one normalized, one with a changed word.
    for expected in ["span-moved", "span-normalized"] {
        assert!(
            codes.contains(&expected),
            "{expected} missing from {codes:?}"
        );
    }
    assert!(
        codes
            .iter()
            .all(|code| code.starts_with("span-") || *code == "source-unregistered-change"),
        "{codes:?}"
    );
}
