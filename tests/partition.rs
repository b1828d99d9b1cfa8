//! Partitioned runs: the shards of `check --partition K/N`, merged by `claimcheck
//! merge`, report exactly what one unpartitioned `check` reports, on random corpora
//! (with drifted pins, uncited sources and duplicate ids across claim files) and on the
//! example product (with conflicts, notes and suppressions), for every shard count.

mod common;
use claimcheck_test_support::corpus as generate;

use std::path::Path;

use proptest::prelude::*;

use common::{claimcheck, copy_example, findings};

/// The unpartitioned report, and the merged report of `count` shards, as
/// (exit status, stdout); also checks that every shard's own findings are among the
/// whole run's.
fn whole_and_merged(
    dir: &Path,
    count: usize,
    format: &str,
) -> ((Option<i32>, String), (Option<i32>, String)) {
    let (status, whole, _) = claimcheck(dir, &["check", "--format", format, "--no-cache"]);
    let whole_json = claimcheck(dir, &["check", "--format", "json", "--no-cache"]).1;
    let whole_findings = findings(whole_json.as_bytes());
    let mut shards = Vec::new();
    for index in 1..=count {
        let partition = format!("{index}/{count}");
        let (path, shard, stderr) = write_shard(dir, &partition);
        assert!(stderr.is_empty(), "{stderr}");
        for finding in findings(shard.as_bytes())
            .iter()
            .filter(|finding| is_local(finding))
        {
            assert!(
                whole_findings.contains(finding),
                "shard {partition} found {finding}"
            );
        }
        shards.push(path);
    }
    let mut args = vec!["merge", "--format", format, "--no-cache"];
    args.extend(shards.iter().map(String::as_str));
    let (merged_status, merged, stderr) = claimcheck(dir, &args);
    assert!(stderr.is_empty(), "{stderr}");
    for shard in &shards {
        std::fs::remove_file(shard).unwrap();
    }
    ((status, whole), (merged_status, merged))
}

/// Runs shard `partition` (`K/N`) of the project in `dir` and writes its JSON document
/// there, as a CI job would: the document's path, the document, and stderr.
fn write_shard(dir: &Path, partition: &str) -> (String, String, String) {
    let (_, json, stderr) = claimcheck(
        dir,
        &[
            "check",
            "--partition",
            partition,
            "--format",
            "json",
            "--no-cache",
        ],
    );
    let path = dir.join(format!("shard-{}.json", partition.replace('/', "-of-")));
    std::fs::write(&path, &json).unwrap();
    (path.display().to_string(), json, stderr)
}

/// Findings a shard proves alone: about its pins and its files.
fn is_local(finding: &serde_json::Value) -> bool {
    let code = finding["code"].as_str().unwrap();
    code.starts_with("span-") || code.starts_with("quote-") || code == "claim-file-invalid"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn merged_shards_report_what_one_run_reports(
        sources in 2usize..9,
        pins in 1usize..60,
        drifted in 0.0f64..0.6,
        seed in any::<u64>(),
        claims_per_file in 1usize..12,
        count in 1usize..6,
        duplicate in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        generate::generate(dir.path(), sources, pins, drifted, seed, claims_per_file);
        if duplicate {
            // The first claim again, in a file of its own: a duplicate id across files.
            let first = std::fs::read_to_string(dir.path().join("claims/claims-0000.yaml")).unwrap();
            let claim_end = first[1..].find("\n- id:").map_or(first.len(), |end| end + 2);
            std::fs::write(dir.path().join("claims/zz-duplicate.yaml"), &first[..claim_end]).unwrap();
        }
        let (whole, merged) = whole_and_merged(dir.path(), count, "json");
        prop_assert_eq!(whole, merged);
    }
}

#[test]
fn the_example_merges_to_the_same_report_for_any_shard_count() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path(), &["claims", "sources"]);
    // A re-captured source: pins move and drift, in whichever shard cites them.
    let source = dir
        .path()
        .join("sources/newarab-2021-02-24-rockets-message-from-iran.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        format!("Re-captured.\n{}", text.replace("rocket", "missile")),
    )
    .unwrap();
    for count in 1..=5 {
        for format in ["json", "human", "sarif"] {
            let (whole, merged) = whole_and_merged(dir.path(), count, format);
            assert_eq!(whole, merged, "{count} shards, {format}");
        }
    }
}

#[test]
fn merge_refuses_an_incomplete_or_mixed_set_of_shards() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path(), &["claims", "sources"]);
    let shard = |partition: &str| write_shard(dir.path(), partition).0;
    let (one_of_two, one_of_three, two_of_three) = (shard("1/2"), shard("1/3"), shard("2/3"));
    for (shards, message) in [
        (vec![&one_of_three, &two_of_three], "shard 3/3 is missing"),
        (vec![&one_of_two, &one_of_three], "but other shards are of"),
        (vec![&one_of_three, &one_of_three], "repeats shard 1/3"),
    ] {
        let mut args = vec!["merge"];
        args.extend(shards.iter().map(|shard| shard.as_str()));
        let (status, _, stderr) = claimcheck(dir.path(), &args);
        assert_eq!(status, Some(2));
        assert!(stderr.contains(message), "{stderr}");
    }
    let (status, _, stderr) = claimcheck(dir.path(), &["check", "--partition", "3/2"]);
    assert_eq!(status, Some(2));
    assert!(stderr.contains("1 ≤ K ≤ N"), "{stderr}");
}

#[test]
fn shards_of_other_bytes_still_merge_right_and_say_their_work_was_redone() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path(), &["claims", "sources"]);
    let shards: Vec<String> = ["1/2", "2/2"]
        .into_iter()
        .map(|partition| write_shard(dir.path(), partition).0)
        .collect();
    // A claim file changes after the shards ran.
    let claims = dir.path().join("claims/outlook.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(&claims, format!("{text}# reviewed\n")).unwrap();
    let (status, whole, _) = claimcheck(dir.path(), &["check", "--format", "json", "--no-cache"]);
    let mut args = vec!["merge", "--format", "json", "--no-cache"];
    args.extend(shards.iter().map(String::as_str));
    let (merged_status, merged, stderr) = claimcheck(dir.path(), &args);
    assert_eq!((status, whole), (merged_status, merged));
    assert!(stderr.contains("did not match"), "{stderr}");
}
