//! The seeds re-captured as a scraper would: curly quotes straightened, no-break spaces
//! turned into spaces, a paragraph inserted at the top, and one word changed inside a
//! cited quote. check must classify every pin of that source exactly where it happened
//! (moved, normalized, drifted); fix must repair the first two kinds touching only the
//! values it re-pins; the last changes a number, so fix --accept-drift takes it only
//! with its claim named.

mod common;

use std::path::Path;
use std::process::Command;

use common::copy_example;

use claimcheck_engine::model::code::Code;

const SOURCE: &str = "thenational-2020-03-britain-eases-iraq-tensions";
const DRIFTED_CLAIM: &str = "taji-attack-2020-03-11-casualties";

fn recapture(project: &Path) {
    let path = project.join(format!("sources/{SOURCE}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    let recaptured = format!(
        "Editor's note: this article was updated on 25 February.\n\n{}",
        text.replace(['\u{2019}', '\u{2018}'], "'")
            .replace(['\u{201C}', '\u{201D}'], "\"")
            .replace('\u{00A0}', " ")
            .replace(
                "Two American and one British soldier",
                "Three American and one British soldier"
            )
    );
    std::fs::write(&path, &recaptured).unwrap();
    // The new capture is registered: only the pins are under test.
    let metadata = project.join(format!("sources/{SOURCE}.meta.yaml"));
    let old_hash = claimcheck_engine::hash::sha256_hex(text.as_bytes());
    let new_hash = claimcheck_engine::hash::sha256_hex(recaptured.as_bytes());
    let meta = std::fs::read_to_string(&metadata)
        .unwrap()
        .replace(&old_hash, &new_hash);
    std::fs::write(metadata, meta).unwrap();
}

fn run(project: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(project)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// (code, claim, line) of every pin finding (`span-*`), from `check --format json`.
fn findings(project: &Path) -> Vec<(String, String, u64)> {
    let (_, json) = run(project, &["check", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["code"].as_str().unwrap().starts_with("span-"))
        .map(|finding| {
            (
                finding["code"].as_str().unwrap().to_owned(),
                finding["claim"].as_str().unwrap_or_default().to_owned(),
                finding["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// What each pin of the re-captured source must be reported as, worked out from the
/// pinned quotes alone.
fn expected(project: &Path) -> Vec<(String, String, u64)> {
    let loaded = claimcheck_engine::load::load(project).unwrap();
    let mut expected = Vec::new();
    for claim in &loaded.claims {
        for evidence in claim
            .evidence
            .iter()
            .filter(|evidence| evidence.source == SOURCE)
        {
            let code = if claim.id == DRIFTED_CLAIM && evidence.quote.contains("Two American") {
                Code::SpanDrifted
            } else if evidence
                .quote
                .contains(['\u{2019}', '\u{2018}', '\u{201C}', '\u{201D}', '\u{00A0}'])
            {
                Code::SpanNormalized
            } else {
                Code::SpanMoved
            };
            expected.push((
                code.name().to_owned(),
                claim.id.clone(),
                evidence.span_place.line as u64,
            ));
        }
    }
    expected
}

fn sorted(mut findings: Vec<(String, String, u64)>) -> Vec<(String, String, u64)> {
    findings.sort();
    findings
}

#[test]
fn recaptured_seed_pins_are_classified_where_they_happened_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path(), &["claims", "sources"]);
    recapture(dir.path());
    let want = sorted(expected(dir.path()));
    assert!(
        want.iter().any(|f| f.0 == "span-normalized") && want.iter().any(|f| f.0 == "span-moved")
    );
    assert_eq!(want.iter().filter(|f| f.0 == "span-drifted").count(), 1);
    assert_eq!(sorted(findings(dir.path())), want);

    let claims_before: Vec<String> = claim_files(dir.path());
    let (status, _) = run(dir.path(), &["fix"]);
    assert_eq!(status, Some(1), "the drifted pin is left for the analyst");
    assert_eq!(
        findings(dir.path()),
        want.iter()
            .filter(|f| f.0 == "span-drifted")
            .cloned()
            .collect::<Vec<_>>()
    );
    for (before, after) in claims_before.iter().zip(claim_files(dir.path())) {
        assert_eq!(before.lines().count(), after.lines().count());
        for (old, new) in before.lines().zip(after.lines()) {
            let key = old.trim_start().split(':').next().unwrap();
            assert!(
                old == new || ["span", "sha256", "quote", "prefix", "suffix"].contains(&key),
                "{old} → {new}"
            );
        }
    }

    // "Two" became "Three": a change of meaning, never accepted in bulk...
    let (status, _) = run(dir.path(), &["fix", "--accept-drift"]);
    assert_eq!(status, Some(1));
    assert_eq!(findings(dir.path()).len(), 1);
    // ...only by naming the claim, once the analyst has looked.
    let (_, report) = run(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let drifted = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["code"] == "span-drifted")
        .unwrap();
    assert_eq!(drifted["details"]["changes"][0], "number: Two → Three");
    let claim = drifted["claim"].as_str().unwrap().to_owned();
    let (status, _) = run(dir.path(), &["fix", "--accept-drift", "--claim", &claim]);
    assert_eq!(status, Some(0));
    assert_eq!(findings(dir.path()), Vec::new());
}

fn claim_files(project: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(project.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

#[test]
fn a_recapture_is_accepted_in_one_step_showing_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_example(root, &["claims", "sources"]);
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "base",
        ],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(root)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let path = root.join(format!("sources/{SOURCE}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!(
            "Updated.\n{}",
            text.replace("Two American", "Three American")
        ),
    )
    .unwrap();
    let codes = |root: &Path| -> Vec<String> {
        let (_, json) = run(root, &["check", "--format", "json"]);
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        document["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| finding["code"].as_str().unwrap().to_owned())
            .filter(|code| code.starts_with("span-") || code.starts_with("source-"))
            .collect()
    };
    let before = codes(root);
    assert!(
        before
            .iter()
            .any(|code| code == "source-unregistered-change"),
        "{before:?}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["fix", "--accept-source", SOURCE])
        .current_dir(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("{+Updated."), "{stderr}");
    assert!(stderr.contains("[-Two-]{+Three+}"), "{stderr}");
    assert!(stderr.contains("recorded `sha256: "), "{stderr}");
    // Recorded, and the moved pins re-pinned in the same run: only the drift is left.
    let after = codes(root);
    assert_eq!(after, ["span-drifted"], "{stderr}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the drifted pin is left: {stderr}"
    );
}
