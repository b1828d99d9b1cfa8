//! On the seeds, as a new user would try it: a claim from one article that contradicts a
//! fact from another (a different troop count for the same time) fails `check` with a
//! `fact-conflict` naming both articles; and `claimcheck entities`, given only the
//! canonical names, proposes the spelling variants the seeds use.

mod common;

use common::{claimcheck, copy_example};

#[test]
fn a_contradicting_claim_from_another_seed_is_a_fact_conflict_naming_both_articles() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path(), &["claims", "sources"]);
    let (status, _, _) = claimcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(status, Some(0), "the example passes before the new claim");
    let (status, _, stderr) = claimcheck(
        dir.path(),
        &[
            "pin",
            "stratfor-2020-03-23-coalition-forces-retreat",
            "three of the eight bases currently housing American troops",
            "--claim",
            "us-troops-mid-january",
            "--statement",
            "US troop numbers in Iraq stood at 3,000 in mid-January 2021.",
            "--file",
            "claims/new.yaml",
        ],
    );
    assert_eq!(status, Some(0), "{stderr}");
    let path = dir.path().join("claims/new.yaml");
    let claim = std::fs::read_to_string(&path).unwrap().replace(
        "  evidence:\n",
        "  fact:\n    subject: American troops\n    property: troop-count\n    value: 3000\n    when: 2021-01\n  evidence:\n",
    );
    std::fs::write(&path, claim).unwrap();
    let (status, json, _) = claimcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(status, Some(1));
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let conflict = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["code"] == "fact-conflict")
        .expect("a fact-conflict");
    let message = conflict["message"].as_str().unwrap();
    assert!(
        message.contains("Dunya News") && message.contains("Stratfor Worldview"),
        "{message}"
    );
    assert!(
        message.contains("us-drawdown-3000-to-2500") && message.contains("us-troops-mid-january"),
        "{message}"
    );
}

#[test]
fn entities_proposes_the_spelling_variants_of_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path(), &["sources"]);
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::write(
        dir.path().join("entities.yaml"),
        "- {id: qassem-soleimani, name: Qassem Soleimani, kind: person}\n\
         - {id: kataib-hezbollah, name: Kataib Hezbollah, kind: organization}\n\
         - {id: mustafa-al-kadhimi, name: Mustafa al-Kadhimi, kind: person, aliases: [al-Kadhimi]}\n\
         - {id: erbil, name: Erbil, kind: place}\n",
    )
    .unwrap();
    let (status, json, _) = claimcheck(dir.path(), &["entities", "--format", "json"]);
    assert_eq!(status, Some(0));
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let proposed: Vec<&str> = document["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|variant| variant["spelling"].as_str().unwrap())
        .collect();
    for expected in [
        "Qassem Suleimani",
        "Qasem Soleimani",
        "Qassim Soleimani",
        "Kataeb Hezbollah",
        "Kataib Hizbullah",
        "Mustafa al-Kadhemi",
        "Arbil",
    ] {
        assert!(
            proposed.contains(&expected),
            "{expected} not proposed: {proposed:?}"
        );
    }
}
