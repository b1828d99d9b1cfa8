//! The on-disk cache: a warm `check` reports exactly what a run without the cache
//! reports, whatever changed in between (a source, a claim file, the settings) and
//! whatever happened to the cache (entries corrupted, the directory deleted), and
//! nothing a commit adds to the project can stand in for it.

mod common;

use std::path::{Path, PathBuf};

use claimcheck_engine::cache::{Cache, Key};
use common::{claimcheck, copy_example};

/// The example product, and a cache directory of its own (outside the project).
struct Example {
    project: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Example {
    fn path(&self) -> &Path {
        self.project.path()
    }

    /// claimcheck with `args` and this example's cache directory.
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let cache = self.cache.path().to_str().unwrap();
        let mut args = args.to_vec();
        args.extend(["--cache-dir", cache]);
        claimcheck(self.path(), &args)
    }

    /// Every file in each project's folder below `projects/` (segments of entries).
    fn files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let projects = self.cache.path().join("projects");
        for project in std::fs::read_dir(projects).into_iter().flatten() {
            let folder = std::fs::read_dir(project.unwrap().path()).unwrap();
            files.extend(folder.map(|entry| entry.unwrap().path()));
        }
        files
    }

    /// The keys of every entry the cache holds for the project.
    fn entries(&self) -> Vec<Key> {
        let root = self.path().canonicalize().unwrap();
        Cache::open(&root, Some(self.cache.path()))
            .unwrap()
            .stored_keys()
    }
}

fn example() -> Example {
    let project = tempfile::tempdir().unwrap();
    copy_example(project.path(), &["claims", "sources"]);
    Example {
        project,
        cache: tempfile::tempdir().unwrap(),
    }
}

/// `check --format json` with the cache, after asserting it equals a run without it.
fn check_matches_uncached(example: &Example) -> String {
    let cached = example.run(&["check", "--format", "json"]);
    let uncached = example.run(&["check", "--format", "json", "--no-cache"]);
    assert_eq!(cached, uncached, "the cache changed what check reports");
    cached.1
}

#[test]
fn a_warm_run_reports_what_a_cold_run_reports() {
    let dir = example();
    let cold = check_matches_uncached(&dir);
    assert!(dir.cache.path().join("CACHEDIR.TAG").exists());
    assert!(
        !dir.path().join(".claimcheck-cache").exists(),
        "nothing in the work tree"
    );
    assert!(!dir.entries().is_empty(), "the cold run filled the cache");
    let warm = check_matches_uncached(&dir);
    assert_eq!(cold, warm);
}

#[test]
fn a_changed_source_is_never_answered_from_the_cache() {
    let dir = example();
    check_matches_uncached(&dir);
    let source = dir
        .path()
        .join("sources/newarab-2021-02-24-rockets-message-from-iran.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("Updated on re-capture.\n{text}")).unwrap();
    let after = check_matches_uncached(&dir);
    assert!(after.contains("\"span-moved\""), "{after}");
}

#[test]
fn a_changed_claim_file_is_never_answered_from_the_cache() {
    let dir = example();
    check_matches_uncached(&dir);
    let claims = dir.path().join("claims/attacks.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let quote_start = text.find("quote: \"").unwrap() + "quote: \"".len();
    let mut changed = text.clone();
    changed.insert_str(quote_start, "Reportedly ");
    std::fs::write(&claims, changed).unwrap();
    let after = check_matches_uncached(&dir);
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
    let before = check_matches_uncached(&dir);
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        "[check]\ndrift-threshold = 0.99\nnormalization = \"exact\"\n",
    )
    .unwrap();
    let after = check_matches_uncached(&dir);
    assert_ne!(before, after, "the settings changed the verdicts");
}

/// What a claim's statement and quotes state is read when its file is parsed, only
/// for the codes the project reports, and kept in the cache with it: a code reported
/// again must not find the claims of a run that allowed it unread.
#[test]
fn codes_allowed_then_reported_again_are_checked_on_a_warm_run() {
    let dir = example();
    // A figure no quote states, and a probability stated without a confidence.
    let claims = dir.path().join("claims/attacks.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let changed = text
        .replacen("statement: \"", "statement: \"Almost certainly 9,999: ", 1)
        .replacen("  confidence: high\n", "", 1);
    std::fs::write(&claims, changed).unwrap();
    let settings = dir.path().join("claimcheck.toml");
    std::fs::write(
        &settings,
        "[severity]\nstatement-unsupported = \"allow\"\nestimative-without-confidence = \"allow\"\n",
    )
    .unwrap();
    let allowed = check_matches_uncached(&dir);
    assert!(!allowed.contains("\"statement-unsupported\""), "{allowed}");
    assert!(
        !allowed.contains("\"estimative-without-confidence\""),
        "{allowed}"
    );
    std::fs::remove_file(&settings).unwrap();
    let reported = check_matches_uncached(&dir);
    assert!(reported.contains("\"statement-unsupported\""), "{reported}");
    assert!(reported.contains("9,999"), "{reported}");
    assert!(
        reported.contains("\"estimative-without-confidence\""),
        "{reported}"
    );
    assert_eq!(check_matches_uncached(&dir), reported);
}

#[test]
fn corrupt_or_deleted_entries_are_recomputed() {
    let dir = example();
    let cold = check_matches_uncached(&dir);
    assert!(!dir.entries().is_empty());
    for file in dir.files() {
        std::fs::write(file, b"\xff\x00 not an entry").unwrap();
    }
    assert_eq!(check_matches_uncached(&dir), cold);
    std::fs::remove_dir_all(dir.cache.path().join("projects")).unwrap();
    assert_eq!(check_matches_uncached(&dir), cold);
}

#[test]
fn no_cache_reads_and_writes_nothing() {
    let dir = example();
    let (status, _, _) = dir.run(&["check", "--no-cache"]);
    assert_eq!(status, Some(0));
    assert_eq!(std::fs::read_dir(dir.cache.path()).unwrap().count(), 0);
}

#[test]
fn a_cache_that_cannot_be_written_only_costs_time() {
    let dir = example();
    // A file where the project's cache folder would be: nothing can be stored, nothing fails.
    std::fs::write(dir.cache.path().join("projects"), "not a directory").unwrap();
    let (status, _, stderr) = dir.run(&["check"]);
    assert_eq!(status, Some(0), "{stderr}");
    check_matches_uncached(&dir);
    assert_eq!(
        std::fs::read_to_string(dir.cache.path().join("projects")).unwrap(),
        "not a directory"
    );
}

#[test]
fn entries_of_old_versions_are_pruned_once_they_outnumber_the_live_ones() {
    let dir = example();
    check_matches_uncached(&dir);
    let live = dir.entries().len();
    let claims = dir.path().join("claims/attacks.yaml");
    let original = std::fs::read_to_string(&claims).unwrap();
    for edit in 0..(2 * live) {
        // Each edit leaves the previous version's entries behind.
        std::fs::write(&claims, format!("{original}# edit {edit}\n")).unwrap();
        check_matches_uncached(&dir);
        assert!(
            dir.entries().len() <= 2 * live + 2,
            "the cache keeps growing: {} entries after {edit} edits",
            dir.entries().len()
        );
        // One segment a run that stored entries, merged before they pass eight.
        assert!(dir.files().len() <= 8, "{:?}", dir.files());
    }
}

/// Breaks the pins of the source the example's first claim cites: a word of every
/// quote from it changes on disk.
fn break_a_pin(dir: &Example) {
    let claims = std::fs::read_to_string(dir.path().join("claims/attacks.yaml")).unwrap();
    let start = claims.find("source: ").unwrap() + "source: ".len();
    let id = claims[start..].lines().next().unwrap().trim();
    let source = dir.path().join(format!("sources/{id}.txt"));
    let text = std::fs::read_to_string(&source).unwrap();
    assert!(
        text.contains("killed"),
        "the first claim's source says killed"
    );
    std::fs::write(&source, text.replace("killed", "slew")).unwrap();
}

#[test]
fn broken_pins_found_again_from_the_cache_report_what_a_search_reports() {
    // A warm run takes where relocation put a still-broken pin from the cache instead
    // of searching again: its findings (class, span, similarity, fix) must be the ones
    // a search gives, run after run.
    let dir = example();
    break_a_pin(&dir);
    let cold = check_matches_uncached(&dir);
    assert!(cold.contains("\"span-drifted\""), "{cold}");
    let warm = check_matches_uncached(&dir);
    assert_eq!(cold, warm);
}

#[test]
fn a_committed_cache_directory_is_never_read() {
    // The attack of issue 14: run check once, copy the cache into the project as if
    // committed with `git add -f`, break a pin, and expect the cache to hide it.
    let dir = example();
    check_matches_uncached(&dir);
    let planted = dir.path().join(".claimcheck-cache");
    copy_tree(dir.cache.path(), &planted);
    break_a_pin(&dir);
    let (status, stdout, _) = claimcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(status, Some(1), "{stdout}");
    // Nor can it be named as the cache: a cache inside the project is refused.
    let (status, _, stderr) =
        claimcheck(dir.path(), &["check", "--cache-dir", ".claimcheck-cache"]);
    assert_eq!(status, Some(2));
    assert!(stderr.contains("is inside the"), "{stderr}");
}

#[test]
fn forged_entries_in_the_cache_itself_are_ignored() {
    // Stronger than a commit can do: the attacker writes into the cache directory
    // without the cache's secret key. First the segments of another cache, made while
    // every pin held (well formed, tagged under that cache's key); then every file
    // replaced by one claiming "no findings" (an empty list).
    let dir = example();
    check_matches_uncached(&dir);
    let other = tempfile::tempdir().unwrap();
    let (status, _, _) = claimcheck(
        dir.path(),
        &["check", "--cache-dir", other.path().to_str().unwrap()],
    );
    assert_eq!(status, Some(0));
    break_a_pin(&dir);
    let broken = dir.run(&["check", "--format", "json", "--no-cache"]);
    assert_eq!(broken.0, Some(1));
    let folder = dir.files()[0].parent().unwrap().to_owned();
    let theirs = std::fs::read_dir(other.path().join("projects"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for segment in std::fs::read_dir(theirs).unwrap() {
        let segment = segment.unwrap().path();
        std::fs::copy(&segment, folder.join(segment.file_name().unwrap())).unwrap();
    }
    assert_eq!(dir.run(&["check", "--format", "json"]), broken);
    let clean: Vec<u8> = vec![0]; // postcard: an empty list of pins with findings
    for file in dir.files() {
        std::fs::write(&file, &clean).unwrap();
    }
    assert_eq!(dir.run(&["check", "--format", "json"]), broken);
    // The key itself replaced (all zeros): the entries tagged under it would need it too.
    std::fs::write(dir.cache.path().join("key"), [0u8; 32]).unwrap();
    assert_eq!(dir.run(&["check", "--format", "json"]), broken);
}

#[test]
fn a_cache_pointing_at_other_files_deletes_none_of_them() {
    // A cache folder whose entries are someone else's files, named like entries: pruning
    // deletes only entries this cache wrote.
    let dir = example();
    check_matches_uncached(&dir);
    let project_folder = std::fs::read_dir(dir.cache.path().join("projects"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // Named like entries of the layout before segments, and like segments.
    let precious: Vec<PathBuf> = (0..40)
        .flat_map(|n| [format!("{n:064x}"), format!("{n:020x}-{n:016x}.segment")])
        .map(|name| {
            let path = project_folder.join(name);
            std::fs::write(&path, "not claimcheck's").unwrap();
            path
        })
        .collect();
    // Edits whose runs merge the segments and prune the old versions' entries.
    let claims = dir.path().join("claims/attacks.yaml");
    let original = std::fs::read_to_string(&claims).unwrap();
    for edit in 0..12 {
        std::fs::write(&claims, format!("{original}# edit {edit}\n")).unwrap();
        check_matches_uncached(&dir);
    }
    assert!(precious.iter().all(|path| path.exists()));
    assert!(dir.files().len() < precious.len() + 9, "{:?}", dir.files());
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A product of one source of about `bytes` with 40 pins (counted in one read, from
/// 32 KB on the counts kept in the cache) whose first pinned sentence appears a second
/// time at its end.
fn source_with_a_repeated_quote(bytes: usize) -> Example {
    let dir = Example {
        project: tempfile::tempdir().unwrap(),
        cache: tempfile::tempdir().unwrap(),
    };
    claimcheck_test_support::corpus::generate_sized(dir.path(), 1, 40, 0.0, 11, 40, bytes);
    let claims = std::fs::read_to_string(dir.path().join("claims/claims-0000.yaml")).unwrap();
    let span = claims
        .split("span: ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    let (start, end) = span.split_once("..").unwrap();
    let source = dir.path().join("sources/source-00000.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    let sentence = &text[start.parse::<usize>().unwrap()..end.parse::<usize>().unwrap()];
    std::fs::write(&source, format!("{text}\n{sentence}")).unwrap();
    dir
}

#[test]
fn counts_of_a_large_sources_quotes_come_from_the_cache_only_for_the_same_bytes() {
    let dir = source_with_a_repeated_quote(70_000);
    let cold = check_matches_uncached(&dir);
    assert!(cold.contains("\"quote-ambiguous\""), "{cold}");
    // The claim file changed but not its quotes: the counts come from the cache.
    let claims = dir.path().join("claims/claims-0000.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(&claims, format!("{text}# reviewed\n")).unwrap();
    assert_eq!(check_matches_uncached(&dir), cold);
    // Another profile counts again.
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        "[check]\nnormalization = \"exact\"\n[severity]\nclaim-single-source = \"allow\"\n",
    )
    .unwrap();
    check_matches_uncached(&dir);
    // The repeated sentence gone: the source's bytes changed, and it is counted again.
    let source = dir.path().join("sources/source-00000.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    let (kept, _) = text.rsplit_once('\n').unwrap();
    std::fs::write(&source, kept).unwrap();
    let after = check_matches_uncached(&dir);
    assert!(!after.contains("\"quote-ambiguous\""), "{after}");
}

#[test]
fn duplicate_sources_are_answered_from_the_cache_only_while_every_source_is_unchanged() {
    let dir = example();
    let sources = dir.path().join("sources");
    let first = std::fs::read_dir(&sources)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .min()
        .unwrap();
    let copy = sources.join("zz-copy.txt");
    std::fs::copy(&first, &copy).unwrap();
    let cold = check_matches_uncached(&dir);
    assert!(cold.contains("\"source-duplicate\""), "{cold}");
    assert_eq!(check_matches_uncached(&dir), cold);
    // The copy reworded: no longer a duplicate, whatever the cache says.
    let text = std::fs::read_to_string(&copy).unwrap();
    std::fs::write(&copy, format!("{text}\nA line of its own.\n")).unwrap();
    let after = check_matches_uncached(&dir);
    assert!(!after.contains("\"source-duplicate\""), "{after}");
}

#[test]
fn quote_counts_outlive_runs_that_do_not_read_them() {
    // Five sources of 40 KB, their counts cached: more entries than the claim file's.
    let dir = Example {
        project: tempfile::tempdir().unwrap(),
        cache: tempfile::tempdir().unwrap(),
    };
    claimcheck_test_support::corpus::generate_sized(dir.path(), 5, 40, 0.0, 11, 40, 40_000);
    let cold = check_matches_uncached(&dir);
    let entries = dir.entries().len();
    // Nothing changed: no pin is proven again, no count read, none pruned.
    assert_eq!(check_matches_uncached(&dir), cold);
    assert_eq!(dir.entries().len(), entries);
    // The claim file changed: its pins are proven again, counted from the cache.
    let claims = dir.path().join("claims/claims-0000.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(&claims, format!("{text}# reviewed\n")).unwrap();
    assert_eq!(check_matches_uncached(&dir), cold);
}

#[test]
fn quotes_the_skeleton_settles_are_kept_as_counted_once() {
    // No quote repeated: the skeleton settles every one without counting, and the
    // large source's entry keeps them as occurring once.
    let product = |bytes| {
        let dir = Example {
            project: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        claimcheck_test_support::corpus::generate_sized(dir.path(), 1, 40, 0.0, 11, 40, bytes);
        dir
    };
    let (small, large) = (product(30_000), product(70_000));
    let cold = check_matches_uncached(&large);
    assert!(!cold.contains("\"quote-ambiguous\""), "{cold}");
    check_matches_uncached(&small);
    assert_eq!(
        small.entries().len() + 1,
        large.entries().len(),
        "the large source's counts only"
    );
    // Its pins proven again: each quote is read from the entry as once, as counting
    // would have it.
    let claims = large.path().join("claims/claims-0000.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(&claims, format!("{text}# reviewed\n")).unwrap();
    assert_eq!(check_matches_uncached(&large), cold);
}

#[test]
fn a_smaller_sources_quotes_are_counted_in_one_read_but_not_kept() {
    // 40 pins in 30 KB: counted in one read (as many bytes as 40 searches of the
    // source), below the size whose counts the cache keeps.
    let small = source_with_a_repeated_quote(30_000);
    let cold = check_matches_uncached(&small);
    assert!(cold.contains("the quote occurs 2 times"), "{cold}");
    let large = source_with_a_repeated_quote(70_000);
    let large_cold = check_matches_uncached(&large);
    assert!(
        large_cold.contains("the quote occurs 2 times"),
        "{large_cold}"
    );
    assert_eq!(
        small.entries().len() + 1,
        large.entries().len(),
        "the large source's counts only"
    );
}
