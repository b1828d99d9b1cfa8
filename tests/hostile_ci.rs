//! claimcheck in CI on a pull request from anyone: everything the pull request commits
//! (claim files, sources, metadata, the entity registry, the config, file names, git
//! trees, directories) is hostile. Each attack of issue 14 is built here and must end in
//! a failing check or a clear refusal, with no file outside the project touched, no
//! secret printed and no workflow command injected.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::run;

/// A text that tries every trick on a terminal or a CI log at once: a line break then a
/// workflow command, a terminal escape, an OSC 8 link, a bell, a bidi override.
const HOSTILE: &str =
    r"\n::error::INJECTED\r\n##[error]INJECTED \e[31m \e]8;;http://x\a link \u202E desrever";

/// The project `init` writes, made hostile in every field a report shows.
fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("init")
        .current_dir(dir.path())
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    let root = dir.path();
    let claims = std::fs::read_to_string(root.join("claims/example.yaml")).unwrap();
    let evil_claims = claims
        .replace("example-grain-exports-record", "evil-claim")
        .replace(
            "statement: \"Grain exports",
            &format!("entities: [harbour]\n  fact: {{subject: harbour, property: count, value: 3}}\n  statement: \"{HOSTILE} Grain exports"),
        )
        // A broken pin, so that findings quote the hostile statement.
        .replace("sha256: 7cfd", "sha256: 0000");
    let second = claims
        .replace("example-grain-exports-record", "other-claim")
        .replace(
            "statement: \"Grain exports",
            "fact: {subject: harbour, property: count, value: 5}\n  statement: \"Grain exports",
        );
    // A file name that is itself an attack.
    std::fs::write(
        root.join("claims/evil\n::error::NAME\u{1b}[31m\u{202E}.yaml"),
        evil_claims,
    )
    .unwrap();
    std::fs::write(root.join("claims/other.yaml"), second).unwrap();
    let metadata = std::fs::read_to_string(root.join("sources/example.meta.yaml")).unwrap();
    std::fs::write(
        root.join("sources/example.meta.yaml"),
        metadata
            .replace(
                "publisher: Example Wire",
                &format!("publisher: \"Example Wire{HOSTILE}\"\norigin: \"AFP{HOSTILE}\""),
            )
            .replace(
                "title: Harbour",
                &format!("title: \"{HOSTILE}\"\n# Harbour"),
            ),
    )
    .unwrap();
    std::fs::write(
        root.join("entities.yaml"),
        format!("- id: harbour\n  name: \"Harbour{HOSTILE}\"\n  kind: place\n  aliases: [\"harbour{HOSTILE}\"]\n"),
    )
    .unwrap();
    dir
}

fn git(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Fails if a line of `text` could be read as a workflow command, or if a terminal
/// control reaches it; in workflow-command output, each line must be one we wrote.
fn assert_log_safe(what: &str, text: &[u8], workflow_commands: bool) {
    let text = String::from_utf8_lossy(text);
    for line in text.lines() {
        let start = line.trim_start();
        if workflow_commands {
            assert!(
                ["::error ", "::warning ", "::notice "]
                    .iter()
                    .any(|command| start.starts_with(command)),
                "{what}: a line that is not an annotation of ours: {line:?}"
            );
        } else {
            assert!(
                !start.starts_with("::") && !start.starts_with("##["),
                "{what}: a line reads as a workflow command: {line:?}"
            );
        }
    }
    for forbidden in ['\u{1b}', '\u{7}', '\u{202E}', '\u{9b}'] {
        assert!(
            !text.contains(forbidden),
            "{what}: {forbidden:?} reached the output"
        );
    }
}

#[test]
fn no_output_of_any_command_lets_hostile_text_through() {
    let dir = hostile_project();
    let html = tempfile::tempdir().unwrap();
    let html_dir = html.path().to_str().unwrap();
    let runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["check"], false),
        (vec!["check", "--format", "markdown"], false),
        (vec!["check", "--format", "junit"], false),
        (vec!["check", "--format", "github"], true),
        (vec!["check", "--format", "json"], false),
        (vec!["check", "--format", "sarif"], false),
        (vec!["conflicts"], false),
        (vec!["conflicts", "--format", "github"], true),
        (vec!["coverage"], false),
        (
            vec!["coverage", "--allow-broken", "--format", "markdown"],
            false,
        ),
        (
            vec![
                "coverage",
                "--allow-broken",
                "--format",
                "html",
                "--output",
                html_dir,
            ],
            false,
        ),
        (
            vec!["coverage", "--allow-broken", "--format", "json"],
            false,
        ),
        (vec!["entities"], false),
        (vec!["entities", "--format", "json"], false),
        (vec!["appendix"], false),
        (vec!["appendix", "--allow-broken"], false),
        (
            vec!["appendix", "--allow-broken", "--format", "json"],
            false,
        ),
        (
            vec!["appendix", "--allow-broken", "--format", "csl-json"],
            false,
        ),
        (
            vec!["appendix", "--allow-broken", "--format", "html"],
            false,
        ),
        (vec!["diff", "HEAD", "--format", "json"], false),
        (vec!["fix", "--dry-run"], false),
        (vec!["diff", "HEAD"], false),
        (vec!["diff", "HEAD", "--format", "markdown"], false),
        (vec!["diff", "HEAD", "--format", "github"], true),
        (vec!["pin", "example", "INJECTED\n::error::x"], false),
    ];
    for (args, workflow_commands) in runs {
        let output = run(dir.path(), &args);
        let what = args.join(" ");
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{what}: {:?}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let (out, err) = (&output.stdout, &output.stderr);
        // JSON and SARIF too: control characters escaped by JSON, reordering ones too.
        assert_log_safe(&format!("{what} (stdout)"), out, workflow_commands);
        assert_log_safe(&format!("{what} (stderr)"), err, false);
    }
    // The coverage site quotes the hostile text, escaped, with no control obeyed.
    let mut pages = vec![html.path().join("index.html")];
    pages.extend(
        std::fs::read_dir(html.path().join("sources"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        assert!(
            text.contains("INJECTED"),
            "{}: the hostile text is shown",
            page.display()
        );
        for forbidden in ['\u{1b}', '\u{7}', '\u{202E}'] {
            assert!(
                !text.contains(forbidden),
                "{}: {forbidden:?}",
                page.display()
            );
        }
    }
    // The check itself fails: the hostile claim's pin is broken.
    assert_eq!(run(dir.path(), &["check"]).status.code(), Some(1));
}

/// Runs claimcheck, killed after `limit`: a hang fails the test instead of stalling it.
fn run_bounded(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .env("CLAIMCHECK_NO_CACHE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    common::wait_bounded(&mut child, limit, &format!("claimcheck {args:?}"));
    child.wait_with_output().unwrap()
}

fn example_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path(), &["claims", "sources"]);
    dir
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn config_and_registry_links_neither_leak_nor_hang() {
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "[check]\nTOKEN = \"ghp_SECRETSECRET\"\n").unwrap();
    for name in ["claimcheck.toml", "entities.yaml"] {
        for target in [
            secret.path(),
            Path::new("/dev/zero"),
            Path::new("/dev/urandom"),
        ] {
            let dir = example_project();
            let _ = std::fs::remove_file(dir.path().join(name));
            std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
            let output = run_bounded(dir.path(), &["check"], Duration::from_secs(60));
            let all = [output.stdout, output.stderr].concat();
            let text = String::from_utf8_lossy(&all);
            assert_eq!(output.status.code(), Some(2), "{name} → {target:?}: {text}");
            assert!(
                !text.contains("SECRET"),
                "{name} → {target:?} leaked: {text}"
            );
            assert!(
                text.contains("outside the project") || text.contains("a device"),
                "{name} → {target:?}: {text}"
            );
        }
        let dir = example_project();
        let _ = std::fs::remove_file(dir.path().join(name));
        mkfifo(&dir.path().join(name));
        let output = run_bounded(dir.path(), &["check"], Duration::from_secs(60));
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stdout).contains("named pipe"));
    }
}

#[test]
fn fifos_in_sources_and_claims_are_refused_without_waiting() {
    let dir = example_project();
    mkfifo(&dir.path().join("sources/pipe.txt"));
    mkfifo(&dir.path().join("claims/pipe.yaml"));
    let output = run_bounded(dir.path(), &["check"], Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("named pipe").count(), 2, "{stdout}");
}

#[test]
fn a_huge_or_endless_shard_document_is_refused_unread() {
    let dir = example_project();
    let output = run_bounded(dir.path(), &["merge", "/dev/zero"], Duration::from_secs(30));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("a device"));
    let big = dir.path().join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let output = run_bounded(dir.path(), &["merge", "big.json"], Duration::from_secs(30));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("larger than the limit"));
}

#[test]
fn a_deep_source_tree_is_cut_off_with_a_finding() {
    let dir = example_project();
    let mut deep = dir.path().join("sources");
    for _ in 0..1200 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    let output = run_bounded(dir.path(), &["check"], Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stdout).contains("directories deep"));
}

/// A git tree whose entries are named `name` (which git's own commands would refuse),
/// each holding `content`, committed on top of HEAD's parent-less history.
fn commit_hostile_tree(repo: &Path, names: &[&str], content: &[u8]) -> String {
    let blob = {
        let mut child = Command::new("git")
            .args(["hash-object", "-w", "--stdin"])
            .current_dir(repo)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child.stdin.take().unwrap().write_all(content).unwrap();
        let output = child.wait_with_output().unwrap();
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    };
    let raw_blob: Vec<u8> = (0..20)
        .map(|index| u8::from_str_radix(&blob[2 * index..2 * index + 2], 16).unwrap())
        .collect();
    let mut tree = Vec::new();
    // A real claims/ directory beside the hostile names, so the revision is a project.
    let claims = git(repo, &["rev-parse", "HEAD:claims"]);
    let claims = String::from_utf8(claims).unwrap();
    let raw_claims: Vec<u8> = (0..20)
        .map(|index| u8::from_str_radix(&claims.trim()[2 * index..2 * index + 2], 16).unwrap())
        .collect();
    let mut entries: Vec<(Vec<u8>, &[u8])> = names
        .iter()
        .map(|name| (format!("100644 {name}\0").into_bytes(), raw_blob.as_slice()))
        .collect();
    entries.push((b"40000 claims\0".to_vec(), raw_claims.as_slice()));
    for (head, id) in entries {
        tree.extend_from_slice(&head);
        tree.extend_from_slice(id);
    }
    let tree_file = repo.join(".git/hostile-tree");
    std::fs::write(&tree_file, tree).unwrap();
    let tree_id = git(
        repo,
        &[
            "hash-object",
            "-t",
            "tree",
            "-w",
            "--literally",
            tree_file.to_str().unwrap(),
        ],
    );
    let tree_id = String::from_utf8(tree_id).unwrap();
    let commit = git(repo, &["commit-tree", tree_id.trim(), "-m", "hostile"]);
    String::from_utf8(commit).unwrap().trim().to_owned()
}

#[test]
fn diff_never_writes_outside_its_directory_whatever_the_tree_names() {
    let dir = hostile_project();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("planted");
    let absolute = target.to_str().unwrap().trim_start_matches('/').to_owned();
    let names = [
        "..",
        "../../../../../../../../../../tmp/claimcheck-planted",
        &format!("/{absolute}"),
    ];
    for name in names {
        let commit = commit_hostile_tree(dir.path(), &[name], b"attacker's bytes\n");
        let output = run_bounded(dir.path(), &["diff", &commit], Duration::from_secs(60));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains("which is not a"), "{name}: {stderr}");
    }
    assert!(!target.exists());
    assert!(!Path::new("/tmp/claimcheck-planted").exists());
}

#[test]
fn writes_go_only_where_they_should() {
    let dir = example_project();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    // pin --file through a link that leads outside, and into a hidden file.
    std::os::unix::fs::symlink(outside.path(), root.join("claims/link")).unwrap();
    let source = "newarab-2021-02-24-rockets-message-from-iran";
    let text = std::fs::read_to_string(root.join(format!("sources/{source}.txt"))).unwrap();
    let quote: String = text.lines().find(|line| line.len() > 80).unwrap()[..60].to_owned();
    for file in ["claims/link/x.yaml", "claims/.hidden.yaml"] {
        let output = run(
            root,
            &[
                "pin",
                source,
                &quote,
                "--claim",
                "new-claim",
                "--statement",
                "S.",
                "--file",
                file,
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(2),
            "{file}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(!root.join("claims/.hidden.yaml").exists());
    // A lock file planted as a link is refused, and nothing is created at its target.
    let _ = std::fs::remove_file(root.join(".claimcheck.lock"));
    std::os::unix::fs::symlink(outside.path().join("lock"), root.join(".claimcheck.lock")).unwrap();
    let output = run(
        root,
        &[
            "pin",
            source,
            &quote,
            "--claim",
            "new-claim",
            "--statement",
            "S.",
            "--file",
            "claims/new.yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!outside.path().join("lock").exists());
    std::fs::remove_file(root.join(".claimcheck.lock")).unwrap();
    // A new claim file gets the permissions the umask gives (not tempfile's 0600).
    let output = run(
        root,
        &[
            "pin",
            source,
            &quote,
            "--claim",
            "new-claim",
            "--statement",
            "S.",
            "--file",
            "claims/new.yaml",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(root.join("claims/new.yaml"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_ne!(mode, 0o600);
    assert_eq!(mode & 0o044, 0o044 & mode, "as the umask allows");
}

/// The example with the first source's text moved down a line: every pin citing it is
/// `span-moved`, which `fix` repairs. Returns the claim files citing it.
fn with_moved_pins(root: &Path) -> Vec<PathBuf> {
    let source = root.join("sources/newarab-2021-02-24-rockets-message-from-iran.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("Updated.\n{text}")).unwrap();
    let metadata = root.join("sources/newarab-2021-02-24-rockets-message-from-iran.meta.yaml");
    if let Ok(meta) = std::fs::read_to_string(&metadata) {
        let kept: String = meta
            .lines()
            .filter(|line| !line.starts_with("sha256:"))
            .map(|line| format!("{line}\n"))
            .collect();
        std::fs::write(&metadata, kept).unwrap();
    }
    std::fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            std::fs::read_to_string(path)
                .unwrap()
                .contains("newarab-2021-02-24-rockets-message-from-iran")
        })
        .collect()
}

#[test]
fn fix_writes_the_target_of_a_linked_claim_file_and_leaves_read_only_ones() {
    let dir = example_project();
    let root = dir.path();
    let files = with_moved_pins(root);
    let linked = &files[0];
    let real = root.join("claims-real.yaml");
    std::fs::rename(linked, &real).unwrap();
    std::os::unix::fs::symlink(&real, linked).unwrap();
    let before = std::fs::read(&real).unwrap();
    let output = run(root, &["fix"]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        std::fs::symlink_metadata(linked).unwrap().is_symlink(),
        "the link stays a link"
    );
    assert_ne!(
        std::fs::read(&real).unwrap(),
        before,
        "its target was fixed"
    );

    let dir = example_project();
    let root = dir.path();
    let files = with_moved_pins(root);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&files[0], std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&files[0]).unwrap();
    let output = run(root, &["fix"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("read-only"));
    assert_eq!(std::fs::read(&files[0]).unwrap(), before);
}

#[test]
fn coverage_html_replaces_planted_links_in_its_output_directory() {
    let dir = example_project();
    let out = dir.path().join("site");
    std::fs::create_dir_all(&out).unwrap();
    let victim = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(victim.path(), "precious").unwrap();
    std::os::unix::fs::symlink(victim.path(), out.join("index.html")).unwrap();
    let output = run(
        dir.path(),
        &["coverage", "--format", "html", "--output", "site"],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read_to_string(victim.path()).unwrap(), "precious");
    assert!(!out.join("index.html").is_symlink());
}

#[test]
fn init_writes_nothing_when_any_target_is_taken_even_by_a_dangling_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".github/workflows")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("created"),
        dir.path().join(".github/workflows/claimcheck.yml"),
    )
    .unwrap();
    let output = run(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("claimcheck.toml").exists());
    assert!(!dir.path().join("claims").exists());
    assert!(!outside.path().join("created").exists());
}

#[test]
fn pin_keeps_a_crlf_file_crlf() {
    let dir = example_project();
    let root = dir.path();
    let claims = root.join("claims/attacks.yaml");
    let text = std::fs::read_to_string(&claims)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&claims, &text).unwrap();
    let claim_id = text
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("- id: ")
        .trim()
        .to_owned();
    let source = "newarab-2021-02-24-rockets-message-from-iran";
    let source_text = std::fs::read_to_string(root.join(format!("sources/{source}.txt"))).unwrap();
    let quote: String = source_text
        .lines()
        .rev()
        .find(|line| line.len() > 80)
        .unwrap()[..50]
        .to_owned();
    let output = run(root, &["pin", source, &quote, "--claim", &claim_id]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = std::fs::read_to_string(&claims).unwrap();
    assert!(after.len() > text.len());
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "every line ends CRLF"
    );
}

#[test]
fn a_drifted_quote_too_long_to_search_is_orphaned_with_the_reason() {
    // A 200 KB quote took 43 s to re-anchor; past 10,000 characters it is not searched.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    let words: Vec<String> = (0..4000).map(|n| format!("word{n}")).collect();
    let quote = words.join(" ");
    std::fs::write(root.join("sources/long.txt"), &quote).unwrap();
    std::fs::write(
        root.join("claims/c.yaml"),
        format!(
            "- id: c\n  statement: S\n  evidence:\n  - source: long\n    quote: \"{quote}\"\n    span: 0..{}\n    sha256: {}\n",
            quote.len(),
            claimcheck_engine::hash::sha256_hex(quote.as_bytes())
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("sources/long.txt"),
        quote.replace("word2000 ", "WORD2000 "),
    )
    .unwrap();
    let output = run_bounded(root, &["check"], Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("span-orphaned") && stdout.contains("10000"),
        "{stdout}"
    );
}
