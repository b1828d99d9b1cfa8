//! Hostile and broken input beyond the CLI cases in `tests/cmd/`: a 1 GB source, a claims
//! directory that is a symlink loop, terminal escapes in sources, absolute paths, two
//! writers at once, and a writer killed at any moment. Each gets a clear diagnostic and
//! a documented exit status, never a panic, a hang or a lost byte.

mod common;

use std::path::Path;
use std::process::Command;

use common::findings;

fn claimcheck(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code(),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn project(sources: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    for (name, text) in sources {
        std::fs::write(dir.path().join("sources").join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_one_gigabyte_source_is_refused_without_being_read() {
    let dir = project(&[]);
    let file = std::fs::File::create(dir.path().join("sources/huge.txt")).unwrap();
    file.set_len(1 << 30).unwrap();
    let started = std::time::Instant::now();
    let (status, stdout, _) = claimcheck(dir.path(), &["check", "--color", "never"]);
    let stdout = String::from_utf8(stdout).unwrap();
    assert_eq!(status, Some(2));
    assert!(
        stdout.contains("source-unreadable") && stdout.contains("larger than the limit"),
        "{stdout}"
    );
    // Not a timing assertion: a bound that only a full read of 1 GB could break.
    assert!(started.elapsed().as_secs() < 60);
}

/// A source of one letter, and pins quoting runs of it: each quote occurs at nearly every
/// byte. Counting them compared each overlapping occurrence whole, minutes in a debug
/// build; the counts are exact, from the suffix table.
#[test]
fn quotes_of_a_source_of_one_letter_are_counted_exactly() {
    let letters = 200_000;
    let dir = project(&[("letters.txt", "a".repeat(letters).as_bytes())]);
    let mut claims = String::new();
    for at in 0..300 {
        let len = 40 + at % 41;
        let quote = "a".repeat(len);
        let sha256 = claimcheck_engine::hash::sha256_hex(quote.as_bytes());
        claims.push_str(&format!(
            "- id: c{at}\n  statement: \"The letters repeat.\"\n  evidence:\n  - source: letters\n    quote: \"{quote}\"\n    span: {at}..{}\n    sha256: {sha256}\n",
            at + len
        ));
    }
    std::fs::write(dir.path().join("claims/letters.yaml"), claims).unwrap();
    let (status, stdout, stderr) =
        claimcheck(dir.path(), &["check", "--no-cache", "--format", "json"]);
    assert_eq!(status, Some(0), "{stderr}");
    let stdout = String::from_utf8(stdout).unwrap();
    for len in [40, 80] {
        let message = format!("the quote occurs {} times in `letters`", letters - len + 1);
        assert!(stdout.contains(&message), "{message}");
    }
    assert!(!stdout.contains("\"severity\": \"error\""), "{stdout}");
}

/// A project whose passages (of `words` words each: 450 words are 3,039 characters, 48
/// blocks of the bit-parallel search) are each pinned and then edited in one word, in a
/// source of about 118 KB, too small for a gram index: each changed pin's search reads
/// the whole source once per block, 5.7 MB for such a passage.
fn project_of_edited_passages(words: &[usize], whole_text_reads: u64) -> tempfile::TempDir {
    let filler: Vec<String> = (0..10_000).map(|n| format!("filler{n}")).collect();
    let mut original = filler.join(" ");
    let mut claims = String::new();
    for (n, &count) in words.iter().enumerate() {
        let quote: Vec<String> = (0..count).map(|w| format!("p{n}w{w}")).collect();
        let quote = quote.join(" ");
        original.push('\n');
        let start = original.len();
        original.push_str(&quote);
        claims.push_str(&format!(
            "- id: c{n}\n  statement: S\n  evidence:\n  - source: long\n    quote: \"{quote}\"\n    span: {start}..{}\n    sha256: {}\n",
            start + quote.len(),
            claimcheck_engine::hash::sha256_hex(quote.as_bytes())
        ));
    }
    let mut edited = original.clone();
    for n in 0..words.len() {
        edited = edited.replace(&format!("p{n}w10 "), &format!("changed{n} "));
    }
    let dir = project(&[("long.txt", edited.as_bytes())]);
    std::fs::write(dir.path().join("claims/c.yaml"), claims).unwrap();
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        format!(
            "[check]\nwhole-text-reads = {whole_text_reads}\n[severity]\nclaim-single-source = \"allow\"\nsource-no-metadata = \"allow\"\n"
        ),
    )
    .unwrap();
    dir
}

/// The code of each finding on a span in a JSON report, in order, with whether it says
/// its pin was left unsearched.
fn codes(stdout: &[u8]) -> Vec<(String, bool)> {
    findings(stdout)
        .iter()
        .filter(|finding| finding["code"].as_str().unwrap().starts_with("span-"))
        .map(|finding| {
            let message = finding["message"].as_str().unwrap();
            (
                finding["code"].as_str().unwrap().to_owned(),
                message.contains("was not searched for"),
            )
        })
        .collect()
}

/// `codes` of a check of `dir` with the cache in `cache`.
fn codes_with_cache(dir: &Path, cache: &Path) -> Vec<(String, bool)> {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", "json"])
        .env("CLAIMCHECK_CACHE_DIR", cache)
        .current_dir(dir)
        .output()
        .unwrap();
    codes(&output.stdout)
}

/// Changed pins whose search must read the whole source are searched in claim-file
/// order while the source's budget lasts (`whole-text-reads`, here one read of the
/// 8 MiB a small source counts as, of which a long passage's search takes 5.7 MB and a
/// short one's 0.2 MB); from the first pin past it on, the rest are reported
/// unsearched, the same on every run. With the cache, the next run remembers the pins
/// searched and searches the next ones.
#[test]
fn changed_pins_past_the_whole_text_budget_are_left_unsearched_in_order() {
    let drifted = || ("span-drifted".to_owned(), false);
    let unsearched = || ("span-orphaned".to_owned(), true);
    let dir = project_of_edited_passages(&[450, 450, 20], 1);
    let cold = || {
        let (status, stdout, stderr) =
            claimcheck(dir.path(), &["check", "--no-cache", "--format", "json"]);
        assert_eq!(status, Some(1), "{stderr}");
        codes(&stdout)
    };
    // The short passage would fit in what is left, but it comes after one that did not.
    let first = cold();
    assert_eq!(first, vec![drifted(), unsearched(), unsearched()]);
    let (_, stdout, _) = claimcheck(dir.path(), &["check", "--no-cache", "--format", "json"]);
    let message = "pinned text is not in `long` as it was, and was not searched for: 3 changed \
                   pins of it need a search of the whole source, and a run reads at most 9 MB of \
                   it for them, enough for the first 1 (in claim-file order)";
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(stdout.contains(message), "{stdout}");
    assert_eq!(cold(), first);
    let cache = tempfile::tempdir().unwrap();
    let warm = || codes_with_cache(dir.path(), cache.path());
    assert_eq!(warm(), first);
    assert_eq!(warm(), vec![drifted(), drifted(), drifted()]);
    assert_eq!(warm(), vec![drifted(), drifted(), drifted()]);
    // Three long passages: each run searches one more.
    let dir = project_of_edited_passages(&[450, 450, 450], 1);
    let cache = tempfile::tempdir().unwrap();
    let warm = || codes_with_cache(dir.path(), cache.path());
    assert_eq!(warm(), vec![drifted(), unsearched(), unsearched()]);
    assert_eq!(warm(), vec![drifted(), drifted(), unsearched()]);
    assert_eq!(warm(), vec![drifted(), drifted(), drifted()]);
    // No reads: every such pin is left unsearched, and none is passed.
    let none = project_of_edited_passages(&[20, 20], 0);
    let (status, stdout, _) = claimcheck(none.path(), &["check", "--no-cache", "--format", "json"]);
    assert_eq!(status, Some(1));
    assert_eq!(codes(&stdout), vec![unsearched(), unsearched()]);
    // A span past the end keeps its code, and never claims the text is nowhere else.
    let past_end = project(&[("s.txt", b"A short text.\n")]);
    let quote = "something else entirely";
    std::fs::write(
        past_end.path().join("claims/c.yaml"),
        format!(
            "- id: c\n  statement: S\n  evidence:\n  - source: s\n    quote: \"{quote}\"\n    span: 100..123\n    sha256: {}\n",
            claimcheck_engine::hash::sha256_hex(quote.as_bytes())
        ),
    )
    .unwrap();
    std::fs::write(
        past_end.path().join("claimcheck.toml"),
        "[check]\nwhole-text-reads = 0\n",
    )
    .unwrap();
    let (_, stdout, _) = claimcheck(
        past_end.path(),
        &["check", "--no-cache", "--format", "json"],
    );
    let finding = findings(&stdout)
        .into_iter()
        .find(|finding| finding["code"] == "span-out-of-range")
        .unwrap();
    let message = finding["message"].as_str().unwrap();
    assert!(message.starts_with("span 100..123 ends past the end of `s` (14 bytes); the pinned text was not searched for elsewhere: 1 changed pin of it needs a search of the whole source, and a run reads at most 0 MB of it for it, too little for the first"), "{message}");
    assert!(!finding["help"].as_str().unwrap().contains("nowhere else"));
}

#[test]
fn the_source_size_limit_is_configurable() {
    let dir = project(&[("small.txt", b"A short article about the attack.\n")]);
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        "[check]\nmax-source-bytes = 10\n",
    )
    .unwrap();
    let (status, stdout, _) = claimcheck(dir.path(), &["check", "--color", "never"]);
    assert_eq!(status, Some(2));
    assert!(
        String::from_utf8(stdout)
            .unwrap()
            .contains("larger than the limit of 10 bytes")
    );
}

#[test]
fn a_claims_directory_that_is_a_symlink_loop_is_reported() {
    let dir = project(&[]);
    std::fs::remove_dir(dir.path().join("claims")).unwrap();
    std::os::unix::fs::symlink("claims", dir.path().join("claims")).unwrap();
    std::fs::write(dir.path().join("claimcheck.toml"), "").unwrap();
    let (status, stdout, _) = claimcheck(dir.path(), &["check", "--color", "never"]);
    let stdout = String::from_utf8(stdout).unwrap();
    assert_eq!(status, Some(2), "{stdout}");
    assert!(
        stdout.contains("claim-file-invalid") && stdout.contains("cannot read `claims`"),
        "{stdout}"
    );
}

#[test]
fn terminal_escapes_in_a_source_never_reach_the_terminal() {
    let article: &[u8] =
        b"Officials said \x1b[2J\x1b[31mtwo soldiers\x1b]0;pwned\x07 were killed on Monday.\n";
    let dir = project(&[("a.txt", article)]);
    let quote = String::from_utf8_lossy(&article[15..70]).into_owned();
    let (status, _, stderr) = claimcheck(
        dir.path(),
        &[
            "pin",
            "a",
            &quote,
            "--claim",
            "c",
            "--statement",
            "S",
            "--file",
            "claims/c.yaml",
        ],
    );
    assert_eq!(status, Some(0), "{stderr}");
    // The source changes: the word diff of the finding quotes the escapes.
    std::fs::write(
        dir.path().join("sources/a.txt"),
        String::from_utf8_lossy(article).replace("two", "three"),
    )
    .unwrap();
    for args in [
        &["check", "--color", "never"][..],
        &["check", "--format", "github"],
        &["coverage", "--uncited", "--color", "never"],
        &["fix", "--dry-run", "--accept-drift"],
    ] {
        let (_, stdout, stderr) = claimcheck(dir.path(), args);
        assert!(
            !stdout.contains(&0x1b) && !stderr.contains('\u{1b}'),
            "{args:?} printed an escape sequence"
        );
        assert!(!stdout.contains(&0x07), "{args:?} printed a bell");
    }
}

#[test]
fn absolute_paths_are_refused() {
    let dir = project(&[("a.txt", b"Text.\n")]);
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("x.yaml");
    let (status, _, stderr) = claimcheck(
        dir.path(),
        &[
            "pin",
            "a",
            "Text",
            "--claim",
            "c",
            "--statement",
            "S",
            "--file",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(status, Some(2));
    assert!(
        stderr.contains("must be a `.yaml` file under `claims/`"),
        "{stderr}"
    );
    assert!(!target.exists());
    std::fs::write(
        dir.path().join("claims/c.yaml"),
        format!("- id: c\n  statement: S\n  evidence:\n  - source: /etc/passwd\n    quote: q\n    span: 0..1\n    sha256: {}\n", "a".repeat(64)),
    )
    .unwrap();
    let (status, stdout, _) = claimcheck(dir.path(), &["check", "--color", "never"]);
    assert_eq!(status, Some(2));
    assert!(
        String::from_utf8(stdout)
            .unwrap()
            .contains("source id \"/etc/passwd\" is not a valid id")
    );
}

#[test]
fn a_second_writer_waits_its_turn() {
    let dir = project(&[("a.txt", b"Inserted.\nTwo soldiers were wounded.\n")]);
    std::fs::write(
        dir.path().join("claims/c.yaml"),
        format!(
            "- id: c\n  statement: S\n  evidence:\n  - source: a\n    quote: \"Two soldiers were wounded.\"\n    span: 0..26\n    sha256: {}\n",
            claimcheck_engine::hash::sha256_hex(b"Two soldiers were wounded.")
        ),
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("claims/c.yaml")).unwrap();
    let lock = claimcheck_engine::edit::lock::ProjectLock::acquire(dir.path()).unwrap();
    let (status, _, stderr) = claimcheck(dir.path(), &["fix"]);
    assert_eq!(status, Some(2));
    assert!(
        stderr.contains("another claimcheck is editing this project"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("claims/c.yaml")).unwrap(),
        before
    );
    drop(lock);
    let (status, _, stderr) = claimcheck(dir.path(), &["fix"]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_ne!(
        std::fs::read(dir.path().join("claims/c.yaml")).unwrap(),
        before
    );
}

/// A project whose one big claim file `fix` rewrites entirely (every pin moved).
fn big_project() -> tempfile::TempDir {
    project_with_moved_pins(2000)
}

/// A project of `claims` claims in one file, every pin moved down a line.
fn project_with_moved_pins(claims: usize) -> tempfile::TempDir {
    let sentences: Vec<String> = (0..claims)
        .map(|n| format!("Sentence number {n} of the article."))
        .collect();
    let article = sentences.join(" ");
    let dir = project(&[("a.txt", format!("New first line.\n{article}").as_bytes())]);
    let mut claims = String::new();
    let mut offset = 0;
    for (n, sentence) in sentences.iter().enumerate() {
        claims.push_str(&format!(
            "- id: c{n}\n  statement: S\n  evidence:\n  - source: a\n    quote: \"{sentence}\"\n    span: {offset}..{}\n    sha256: {}\n",
            offset + sentence.len(),
            claimcheck_engine::hash::sha256_hex(sentence.as_bytes())
        ));
        offset += sentence.len() + 1;
    }
    std::fs::write(dir.path().join("claims/c.yaml"), claims).unwrap();
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        "[severity]\nclaim-single-source = \"allow\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_writer_killed_at_any_moment_leaves_the_old_file_or_the_new_one() {
    let finished = big_project();
    let (status, _, stderr) = claimcheck(finished.path(), &["fix"]);
    assert_eq!(status, Some(0), "{stderr}");
    let new = std::fs::read(finished.path().join("claims/c.yaml")).unwrap();
    for delay_ms in [0, 5, 10, 20, 40, 60, 80, 120, 160, 240, 320] {
        let dir = big_project();
        let old = std::fs::read(dir.path().join("claims/c.yaml")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .arg("fix")
            .current_dir(dir.path())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(dir.path().join("claims/c.yaml")).unwrap();
        assert!(
            now == old || now == new,
            "killed after {delay_ms} ms, the claim file is neither old nor new"
        );
        // Whatever was left behind, the project still checks cleanly or with moved pins.
        let (status, _, _) = claimcheck(dir.path(), &["check", "--format", "json"]);
        assert!(
            matches!(status, Some(0) | Some(1)),
            "killed after {delay_ms} ms: check exited {status:?}"
        );
    }
}

/// Saves `content` at `path` as an editor does: half the time a new file renamed over
/// the old one (vim, emacs), half the time the old file truncated and rewritten in place
/// (VS Code).
fn editor_save(path: &Path, content: &[u8], in_place: bool) {
    if in_place {
        std::fs::write(path, content).unwrap();
    } else {
        let temporary = path.with_extension("editor-swap");
        std::fs::write(&temporary, content).unwrap();
        std::fs::rename(&temporary, path).unwrap();
    }
}

#[test]
fn an_edit_saved_while_fix_runs_is_never_lost() {
    // 300 runs of `fix` rewriting a claim file, each raced by an editor that saves the
    // file at the worst moment: once fix has compared the file with what it read and is
    // writing its replacement (its temporary file has appeared). Half the runs save by
    // renaming a new file into place, half by rewriting in place. The analyst's save
    // must be in the file at the end: fix notices it and refuses (exit 2).
    let (mut refused, mut fixed) = (0, 0);
    for run in 0..300 {
        let dir = project_with_moved_pins(150);
        let claims = dir.path().join("claims");
        let path = claims.join("c.yaml");
        let original = std::fs::read(&path).unwrap();
        let edited = [original.as_slice(), b"# the analyst's edit\n"].concat();
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .arg("fix")
            .current_dir(dir.path())
            .env("CLAIMCHECK_NO_CACHE", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                // Fix was done before the editor saw it write: the save comes after.
                editor_save(&path, &edited, run % 2 == 0);
                break status.code();
            }
            let writing = std::fs::read_dir(&claims).unwrap().any(|entry| {
                entry
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".claimcheck-")
            });
            if writing {
                editor_save(&path, &edited, run % 2 == 0);
                break child.wait().unwrap().code();
            }
        };
        assert!(
            std::fs::read(&path)
                .unwrap()
                .ends_with(b"# the analyst's edit\n"),
            "run {run} (fix exited {status:?}): the analyst's edit was lost"
        );
        match status {
            Some(2) => refused += 1,
            Some(0) => fixed += 1,
            other => panic!("run {run}: fix exited {other:?}"),
        }
    }
    eprintln!("race: refused {refused}, fixed {fixed}");
    // The race was really run: the editor saved while fix was writing.
    assert!(refused > 0, "refused {refused}, fixed {fixed}");
}
