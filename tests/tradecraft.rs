//! Tradecraft on the example product, tried as an analyst would: its AFP article is
//! retracted (which claims and judgements fall, which still stand, and check fails), a
//! high-confidence judgement rests on one wire story, and the appendix carries the
//! sourcing summary and two-character ratings.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

const AFP: &str = "newarab-2021-02-24-rockets-message-from-iran";

fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path(), &["claims", "sources"]);
    dir
}

fn append(path: &Path, text: &str) {
    let mut content = std::fs::read_to_string(path).unwrap();
    content.push_str(text);
    std::fs::write(path, content).unwrap();
}

/// Runs claimcheck: its exit status, and its output as JSON (or as a string).
fn claimcheck(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let (status, stdout, _) = common::claimcheck(dir, args);
    let json = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::String(stdout));
    (status.unwrap(), json)
}

/// The claims with a finding of `code`, and those findings' messages.
fn with_code(document: &serde_json::Value, code: &str) -> (BTreeSet<String>, Vec<String>) {
    let findings: Vec<&serde_json::Value> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["code"] == code)
        .collect();
    (
        findings
            .iter()
            .map(|finding| finding["claim"].as_str().unwrap().to_owned())
            .collect(),
        findings
            .iter()
            .map(|finding| finding["message"].as_str().unwrap().to_owned())
            .collect(),
    )
}

#[test]
fn retracting_the_afp_article_fails_check_and_names_every_claim_and_judgement_it_reaches() {
    let dir = example();
    let (status, before) = claimcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(status, 0, "{before}");
    append(
        &dir.path().join(format!("sources/{AFP}.meta.yaml")),
        "status: retracted\nstatus-date: 2021-03-10\nstatus-reason: Withdrawn by AFP pending verification.\n",
    );
    let (status, after) = claimcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(status, 1);
    // Every claim citing the article, as the claim files say, and no other.
    let project = claimcheck_engine::load::load(dir.path()).unwrap();
    let citing: BTreeSet<String> = project
        .claims
        .iter()
        .filter(|claim| claim.evidence.iter().any(|evidence| evidence.source == AFP))
        .map(|claim| claim.id.clone())
        .collect();
    assert_eq!(citing.len(), 13);
    let (retracted, messages) = with_code(&after, "evidence-retracted");
    assert_eq!(retracted, citing);
    // The Soleimani killing has three other origins; the Erbil attack has none.
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`soleimani-killed-jan-2020`")
                && m.ends_with("its other support still stands"))
    );
    assert!(messages.iter().any(
        |m| m.contains("`erbil-attack-2021-02-15`") && m.ends_with("nothing else supports it")
    ));
    // The judgements reaching it through based-on, with the way down.
    let (judgements, messages) = with_code(&after, "basis-retracted");
    assert_eq!(
        judgements,
        BTreeSet::from([
            "drawdown-deepens-iran-influence".to_owned(),
            "militia-pressure-persists".to_owned()
        ])
    );
    assert!(
        messages.iter().all(|m| m.contains(&format!("→ `{AFP}`"))),
        "{messages:?}"
    );
    // impact lists the same claims and judgements, and which would fall.
    let (status, impact) = claimcheck(dir.path(), &["impact", AFP, "--format", "json"]);
    assert_eq!(status, 0);
    let listed: BTreeSet<String> = impact["dependents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|dependent| dependent["claim"].as_str().unwrap().to_owned())
        .collect();
    let expected: BTreeSet<String> = citing.union(&judgements).cloned().collect();
    assert_eq!(listed, expected);
    let standing: BTreeSet<&str> = impact["dependents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|dependent| dependent["stands"] == true)
        .map(|dependent| dependent["claim"].as_str().unwrap())
        .collect();
    assert_eq!(
        standing,
        BTreeSet::from([
            "attacks-lull-and-resumption",
            "drawdown-deepens-iran-influence",
            "factions-defy-kadhimi",
            "militia-pressure-persists",
            "soleimani-killed-jan-2020",
        ])
    );
    // The appendix says which of its claims depend on the retracted article.
    let (_, appendix) = claimcheck(dir.path(), &["appendix"]);
    let appendix = appendix.as_str().unwrap();
    assert!(appendix.contains("RETRACTED on 10 March 2021: Withdrawn by AFP pending verification"));
    assert!(appendix.contains("Claims depending on a retracted source: 15 ("));
}

#[test]
fn a_high_confidence_judgement_resting_on_one_wire_story_is_flagged() {
    let dir = example();
    append(
        &dir.path().join("claims/outlook.yaml"),
        "\n- id: embassy-attacks-escalate\n  statement: \"Attacks on the US embassy in Baghdad will escalate.\"\n  confidence: high\n  based-on: [embassy-rockets-2021-02-22]\n",
    );
    let (status, document) = claimcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(status, 0, "a warning: {document}");
    let (claims, messages) = with_code(&document, "confidence-unsupported");
    assert_eq!(
        claims,
        BTreeSet::from(["embassy-attacks-escalate".to_owned()])
    );
    assert!(
        messages[0].contains("rests on 1 independent origin (AFP), and high confidence needs 2"),
        "{messages:?}"
    );
    // The example's own confidences are ones its sourcing bears.
    let (_, example_document) = claimcheck(common::manifest(), &["check", "--format", "json"]);
    for code in [
        "confidence-unsupported",
        "confidence-exceeds-basis",
        "estimative-mismatch",
        "estimative-without-confidence",
        "credibility-uncorroborated",
    ] {
        assert!(with_code(&example_document, code).0.is_empty(), "{code}");
    }
}

#[test]
fn the_appendix_has_the_sourcing_summary_and_two_character_ratings() {
    let dir = example();
    let (status, appendix) = claimcheck(dir.path(), &["appendix"]);
    assert_eq!(status, 0);
    let appendix = appendix.as_str().unwrap();
    for expected in [
        "## Sourcing summary",
        "- Sources cited: 5; by reliability grade: B 3, C 1, F 1",
        "by confidence: high 3, low 4, moderate 11, not stated 25",
        "### Key judgements and what they rest on",
        "- **drawdown-risks-is-resurgence** (moderate confidence): A US drawdown risks a resurgence of the Islamic State in Iraq. [3: B3][4: B2] — rests on: us-drawdown-3000-to-2500, is-attacks-weekly-2020",
        "  - is-attacks-weekly-2020 (moderate confidence): Islamic State still carries out five to six attacks a week in Iraq.",
    ] {
        assert!(appendix.contains(expected), "{expected}\n{appendix}");
    }
}

/// The depth and the number of nodes of a support tree in JSON.
fn tree_size(node: &serde_json::Value) -> (usize, usize) {
    node["based_on"]
        .as_array()
        .unwrap()
        .iter()
        .map(tree_size)
        .fold((1, 1), |(depth, count), (below, nodes)| {
            (depth.max(below + 1), count + nodes)
        })
}

#[test]
fn a_chain_of_thousands_of_judgements_and_a_lattice_of_shared_bases_report_in_bounds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    std::fs::write(dir.path().join("sources/s.txt"), "abc\n").unwrap();
    // A chain: each judgement rests on the one before, 5,000 deep.
    let mut claims = String::from(
        "- id: c0\n  statement: S\n  evidence:\n  - source: s\n    quote: abc\n    span: 0..3\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n",
    );
    for index in 1..5_000 {
        claims.push_str(&format!(
            "- id: c{index}\n  statement: S\n  based-on: [c{}]\n",
            index - 1
        ));
    }
    // A lattice: every claim of a level rests on both of the next, 40 levels: drawn
    // as a tree of every path it would have 2^40 nodes.
    for level in 0..40 {
        for side in ["a", "b"] {
            claims.push_str(&format!(
                "- id: l{level}{side}\n  statement: S\n  based-on: [l{next}a, l{next}b]\n",
                next = level + 1
            ));
        }
    }
    claims.push_str("- id: l40a\n  statement: S\n  based-on: [c0]\n- id: l40b\n  statement: S\n  based-on: [c0]\n");
    std::fs::write(dir.path().join("claims/deep.yaml"), claims).unwrap();
    let (status, appendix) = claimcheck(dir.path(), &["appendix", "--format", "json"]);
    assert_eq!(status, 0, "{appendix}");
    let judgements = appendix["sourcing"]["judgements"].as_array().unwrap();
    assert_eq!(judgements.len(), 3, "the chain's top and the lattice's two");
    for judgement in judgements {
        let (depth, nodes) = tree_size(judgement);
        assert!(depth <= 33, "{depth}");
        assert!(nodes <= 5_100, "{nodes}");
    }
    for args in [
        &["check", "--format", "json"][..],
        &["coverage", "--format", "json"],
        &["appendix", "--format", "html"],
        &["impact", "c0", "--format", "json"],
    ] {
        let (status, _) = claimcheck(dir.path(), args);
        assert!(matches!(status, 0 | 1), "{args:?} exited {status}");
    }
    let (_, impact) = claimcheck(dir.path(), &["impact", "c0", "--format", "json"]);
    assert_eq!(impact["summary"]["dependents"], 4_999 + 82);
}
