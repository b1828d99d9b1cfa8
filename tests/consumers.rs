//! Outputs meant for other tools, checked by real consumers of their formats: the OASIS
//! SARIF 2.1.0 schema and claimcheck's own schemas through Python's `jsonschema`, JUnit
//! XML through `junitparser`. `.ci/run` installs both; without them these tests skip
//! with a line saying what to install, and fail where `CLAIMCHECK_REQUIRE_TOOLS` is set
//! (CI): nothing is skipped silently.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the Python consumers are there; `false` (with a message) when `.ci/run` said
/// they cannot be installed here.
fn consumers_available() -> bool {
    let probe = Command::new("python3")
        .args(["-c", "import jsonschema, junitparser"])
        .output();
    if probe.is_ok_and(|output| output.status.success()) {
        return true;
    }
    common::skip_without(
        "consumer test",
        "python3 with jsonschema and junitparser",
        "pip install jsonschema junitparser",
    );
    false
}

fn claimcheck(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn consumer(args: &[&str]) -> (bool, String) {
    let output = Command::new("python3")
        .arg(manifest().join("tests/consumers/validate.py"))
        .args(args)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), report)
}

fn write_temp(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn validate(schema: &Path, document: &Path) -> (bool, String) {
    consumer(&[
        "schema",
        schema.to_str().unwrap(),
        document.to_str().unwrap(),
    ])
}

/// A copy of the example product with one source edited, so every format has findings.
fn broken_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path(), &["claims", "sources"]);
    let source = dir
        .path()
        .join("sources/thenational-2020-03-britain-eases-iraq-tensions.txt");
    let text = std::fs::read_to_string(&source)
        .unwrap()
        .replace("Two American", "Three American");
    std::fs::write(source, text).unwrap();
    dir
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    if !consumers_available() {
        return;
    }
    let project = broken_example();
    let (status, sarif) = claimcheck(project.path(), &["check", "--format", "sarif"]);
    assert_eq!(status, Some(1));
    let document: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = document["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 3, "the broken example has findings");
    let drifted = results
        .iter()
        .find(|result| result["ruleId"] == "span-drifted")
        .unwrap();
    let location = &drifted["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "claims/attacks.yaml");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert!(location["region"]["startLine"].as_i64().unwrap() > 0);
    assert_eq!(
        drifted["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sources/thenational-2020-03-britain-eases-iraq-tensions.txt"
    );
    let file = write_temp(project.path(), "out.sarif", &sarif);
    let (valid, report) = validate(
        &manifest().join("tests/consumers/sarif-schema-2.1.0.json"),
        &file,
    );
    assert!(valid, "{report}");
    // The consumer does reject a broken document.
    let broken = sarif.replacen("\"version\": \"2.1.0\"", "\"version\": \"9\"", 1);
    let broken_file = write_temp(project.path(), "broken.sarif", &broken);
    assert!(
        !validate(
            &manifest().join("tests/consumers/sarif-schema-2.1.0.json"),
            &broken_file
        )
        .0
    );
}

#[test]
fn junit_parses_with_junitparser() {
    if !consumers_available() {
        return;
    }
    let project = broken_example();
    let (status, xml) = claimcheck(project.path(), &["check", "--format", "junit"]);
    assert_eq!(status, Some(1));
    let file = write_temp(project.path(), "out.xml", &xml);
    let (ok, facts) = consumer(&["junit", file.to_str().unwrap()]);
    assert!(ok, "{facts}");
    // One case per claim and per source; the failing ones are those with errors in JSON.
    let (_, json) = claimcheck(project.path(), &["check", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut failing: Vec<String> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["severity"] == "error")
        .map(|finding| {
            finding["claim"]
                .as_str()
                .or(finding["source"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect();
    failing.sort();
    failing.dedup();
    assert!(failing.len() >= 2);
    let expected = format!(
        "suites=2 cases=48 failures={} first=kh-most-powerful-faction",
        failing.len()
    );
    assert_eq!(facts.trim(), expected);
}

#[test]
fn json_output_validates_against_its_published_schema() {
    if !consumers_available() {
        return;
    }
    let project = broken_example();
    let (_, schema) = claimcheck(project.path(), &["schema", "output"]);
    let schema_file = write_temp(project.path(), "output.schema.json", &schema);
    let (_, json) = claimcheck(project.path(), &["check", "--format", "json"]);
    let (valid, report) = validate(&schema_file, &write_temp(project.path(), "out.json", &json));
    assert!(valid, "{report}");
    let (_, shard) = claimcheck(
        project.path(),
        &["check", "--partition", "1/2", "--format", "json"],
    );
    assert!(shard.contains("\"shard\""));
    let (valid, report) = validate(
        &schema_file,
        &write_temp(project.path(), "shard.json", &shard),
    );
    assert!(valid, "a shard's document: {report}");
    let wrong = json.replacen("\"severity\": \"error\"", "\"severity\": \"fatal\"", 1);
    assert!(
        !validate(
            &schema_file,
            &write_temp(project.path(), "wrong.json", &wrong)
        )
        .0
    );
}

#[test]
fn every_json_output_validates_against_the_schema_claimcheck_publishes_for_it() {
    if !consumers_available() {
        return;
    }
    let project = broken_example();
    let example = manifest().to_str().unwrap();
    let tradecraft = manifest().join("tests/cmd/tradecraft.in");
    let tradecraft = tradecraft.to_str().unwrap();
    let outputs: [(&str, &[&str]); 10] = [
        ("output", &["conflicts", "--format", "json"]),
        // Findings with chains of claims (basis-cycle, basis-retracted).
        (
            "output",
            &[
                "check",
                "--format",
                "json",
                "--no-cache",
                "--root",
                tradecraft,
            ],
        ),
        (
            "impact",
            &[
                "impact",
                "newarab-2021-02-24-rockets-message-from-iran",
                "--format",
                "json",
            ],
        ),
        (
            "impact",
            &["impact", "pompeo-embassy-threat", "--format", "json"],
        ),
        (
            "appendix",
            &[
                "appendix",
                "--format",
                "json",
                "--allow-broken",
                "--root",
                tradecraft,
            ],
        ),
        (
            "coverage",
            &[
                "coverage",
                "--format",
                "json",
                "--uncited",
                "--allow-broken",
            ],
        ),
        ("entities", &["entities", "--format", "json"]),
        (
            "appendix",
            &["appendix", "--format", "json", "--allow-broken"],
        ),
        ("diff", &["diff", "--base-dir", example, "--format", "json"]),
        (
            "diff",
            &[
                "diff",
                "--base-dir",
                project.path().to_str().unwrap(),
                "--format",
                "json",
            ],
        ),
    ];
    for (kind, args) in outputs {
        let (_, schema) = claimcheck(project.path(), &["schema", kind]);
        let schema_file = write_temp(project.path(), &format!("{kind}.schema.json"), &schema);
        let (_, json) = claimcheck(project.path(), args);
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(document["version"].is_u64(), "{args:?}: {json}");
        let (valid, report) =
            validate(&schema_file, &write_temp(project.path(), "out.json", &json));
        assert!(valid, "{args:?}: {report}");
        // The schema has teeth: a version that is not a number is refused.
        let mut wrong = document.clone();
        wrong["version"] = serde_json::json!("one");
        let wrong = write_temp(project.path(), "wrong.json", &wrong.to_string());
        assert!(!validate(&schema_file, &wrong).0, "{args:?}");
    }
}

/// A claim file as the JSON value its YAML denotes.
fn yaml_as_json(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    serde_json::to_string(&value).unwrap()
}

#[test]
fn every_claim_file_validates_against_the_claims_schema_and_a_broken_one_does_not() {
    if !consumers_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, schema) = claimcheck(manifest(), &["schema", "claims"]);
    let schema_file = write_temp(dir.path(), "claims.schema.json", &schema);
    let mut checked = 0;
    for entry in std::fs::read_dir(manifest().join("claims")).unwrap() {
        let path = entry.unwrap().path();
        let document = write_temp(dir.path(), "claims.json", &yaml_as_json(&path));
        let (valid, report) = validate(&schema_file, &document);
        assert!(valid, "{}: {report}", path.display());
        checked += 1;
    }
    assert!(checked >= 4);
    let broken = "- id: a\n  statment: S\n  evidence:\n  - source: s\n    quote: q\n    span: 1-2\n    sha256: x\n";
    let yaml = write_temp(dir.path(), "broken.yaml", broken);
    let (valid, report) = validate(
        &schema_file,
        &write_temp(dir.path(), "broken.json", &yaml_as_json(&yaml)),
    );
    assert!(!valid);
    for problem in ["statment", "statement", "span", "sha256"] {
        assert!(
            report.contains(problem),
            "{problem} not reported in {report}"
        );
    }
}
