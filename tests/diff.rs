//! `claimcheck diff` on a git repository built in a temporary directory: commits that
//! add, remove, rename, reword, re-pin and re-quote claims and add, remove and change
//! sources; snapshots of each format in `tests/snapshots/` (`UPDATE_SNAPSHOTS=1`
//! rewrites them); a diff with no change; `--base-dir`; an unknown revision; `--fail-on`.

mod common;

use std::path::Path;
use std::process::Command;

use common::claimcheck;

const A: &str = "Rockets hit the base on Monday. Two soldiers were wounded in the attack.\n";
const B: &str =
    "The ministry said the strikes hit four sites. Officials blamed Kataib Hezbollah.\n";
const C: &str = "A source that the change removes.\n";

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn pin(dir: &Path, source: &str, quote: &str, claim: &str, statement: &str) {
    let (status, _, stderr) = claimcheck(
        dir,
        &[
            "pin",
            source,
            quote,
            "--claim",
            claim,
            "--statement",
            statement,
            "--file",
            "claims/c.yaml",
        ],
    );
    assert_eq!(status, Some(0), "{stderr}");
}

/// A repository whose first commit is `base` and second `head`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::write(
        root.join("claimcheck.toml"),
        "[severity]\nclaim-single-source = \"allow\"\nsource-no-metadata = \"allow\"\n",
    )
    .unwrap();
    for (name, text) in [("a", A), ("b", B), ("c", C)] {
        std::fs::write(root.join(format!("sources/{name}.txt")), text).unwrap();
    }
    pin(
        root,
        "a",
        "Two soldiers were wounded",
        "unchanged",
        "Two soldiers were wounded.",
    );
    pin(
        root,
        "a",
        "Rockets hit the base on Monday",
        "reworded",
        "Rockets hit the base.",
    );
    pin(
        root,
        "b",
        "Officials blamed Kataib Hezbollah",
        "to-rename",
        "Officials blamed KH.",
    );
    pin(root, "a", "in the attack", "repinned", "It was an attack.");
    pin(
        root,
        "b",
        "the strikes hit four sites",
        "requoted",
        "Four sites were struck.",
    );
    pin(
        root,
        "c",
        "A source that the change removes",
        "removed",
        "A claim that goes.",
    );
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    git(root, &["tag", "base"]);

    let claims = std::fs::read_to_string(root.join("claims/c.yaml")).unwrap();
    let claims = claims
        .replace(
            "Rockets hit the base.",
            "Rockets struck the base on Monday.",
        )
        .replace("id: to-rename", "id: renamed");
    let removed_at = claims.find("\n- id: removed").unwrap();
    std::fs::write(root.join("claims/c.yaml"), &claims[..removed_at + 1]).unwrap();
    std::fs::write(root.join("sources/a.txt"), format!("UPDATED.\n{A}")).unwrap();
    std::fs::write(
        root.join("sources/b.txt"),
        B.replace("four sites", "four military sites"),
    )
    .unwrap();
    std::fs::remove_file(root.join("sources/c.txt")).unwrap();
    claimcheck(root, &["fix"]);
    // The re-quoted evidence: its old quote is gone from the source; pin the new wording.
    let claims = std::fs::read_to_string(root.join("claims/c.yaml")).unwrap();
    let start = claims.find("- id: requoted").unwrap();
    std::fs::write(root.join("claims/c.yaml"), &claims[..start]).unwrap();
    pin(
        root,
        "b",
        "the strikes hit four military sites",
        "requoted",
        "Four sites were struck.",
    );
    pin(
        root,
        "a",
        "Rockets hit the base",
        "added",
        "There was an attack.",
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "head"]);
    dir
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs; run with UPDATE_SNAPSHOTS=1 and review. Actual:\n{actual}"
    );
}

#[test]
fn each_kind_of_change_is_named_in_every_format() {
    let repo = repository();
    for (format, file) in [
        ("human", "diff.txt"),
        ("markdown", "diff.md"),
        ("json", "diff.json"),
    ] {
        let (status, out, err) = claimcheck(
            repo.path(),
            &[
                "diff", "base", "main", "--format", format, "--color", "never",
            ],
        );
        assert_eq!(status, Some(0), "{err}");
        snapshot(file, &out);
    }
    let (_, human, _) = claimcheck(repo.path(), &["diff", "base", "--color", "never"]);
    for expected in [
        "+ added added",
        "- removed removed",
        "→ renamed to-rename → renamed",
        "reworded: Rockets [-hit-]{+struck+} the [-base.-]{+base on Monday.+}",
        "re-pinned in a: 58..71 → 67..80, text unchanged",
        "quote from b changed: the strikes hit four {+military +}sites",
        "- c removed; cited by removed",
        "~ b content changed; cited by renamed, requoted",
    ] {
        assert!(human.contains(expected), "{expected:?} missing:\n{human}");
    }
    assert!(
        !human.contains("evidence added from a"),
        "a re-pin is not remove+add:\n{human}"
    );
}

#[test]
fn no_change_is_said_plainly() {
    let repo = repository();
    let (status, out, _) = claimcheck(repo.path(), &["diff", "main", "main", "--color", "never"]);
    assert_eq!(status, Some(0));
    assert_eq!(
        out,
        "claimcheck diff main → main: no change to claims, sources or findings\n"
    );
    let (_, markdown, _) = claimcheck(repo.path(), &["diff", "main", "--format", "markdown"]);
    assert!(
        markdown.contains("No change to claims, sources or findings."),
        "{markdown}"
    );
}

#[test]
fn a_directory_can_be_the_base() {
    let repo = repository();
    let base = tempfile::tempdir().unwrap();
    let (status, out, err) = claimcheck(
        repo.path(),
        &["diff", "--base-dir", repo.path().to_str().unwrap()],
    );
    assert_eq!(
        (status, out.contains("no change")),
        (Some(0), true),
        "{err}"
    );
    std::fs::create_dir_all(base.path().join("claims")).unwrap();
    let (_, out, _) = claimcheck(
        repo.path(),
        &[
            "diff",
            "--base-dir",
            base.path().to_str().unwrap(),
            "--color",
            "never",
        ],
    );
    assert!(out.contains("+ added unchanged"), "{out}");
}

#[test]
fn an_unknown_revision_says_how_to_fetch_it() {
    let repo = repository();
    let (status, _, err) = claimcheck(repo.path(), &["diff", "no-such-branch"]);
    assert_eq!(status, Some(2));
    assert!(
        err.contains("no-such-branch") && err.contains("fetch-depth: 0"),
        "{err}"
    );
}

#[test]
fn fail_on_makes_introduced_problems_fail_ci() {
    let repo = repository();
    // The head adds an unsourced claim and an error.
    std::fs::write(
        repo.path().join("claims/extra.yaml"),
        "- id: unsourced-judgement\n  statement: Iran ordered it.\n",
    )
    .unwrap();
    let (status, _, _) = claimcheck(repo.path(), &["diff", "main"]);
    assert_eq!(status, Some(0), "differences alone do not fail");
    let (status, _, _) = claimcheck(repo.path(), &["diff", "main", "--fail-on", "unsourced"]);
    assert_eq!(status, Some(1));
    let (status, _, _) = claimcheck(repo.path(), &["diff", "main", "--fail-on", "conflicts"]);
    assert_eq!(status, Some(0));
}

/// A repository whose head changes only judgements: one claim acknowledges the fact
/// conflict it had (an error becomes a note), one allows the finding it had (silenced),
/// one drops an `allow`, one changes its entities and an evidence's value and stance.
fn judgement_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::write(
        root.join("claimcheck.toml"),
        "[severity]\nsource-no-metadata = \"allow\"\n",
    )
    .unwrap();
    std::fs::write(root.join("sources/a.txt"), A).unwrap();
    std::fs::write(root.join("sources/b.txt"), B).unwrap();
    std::fs::write(
        root.join("entities.yaml"),
        "- id: kh\n  name: Kataib Hezbollah\n  kind: organization\n- id: base\n  name: The base\n  kind: place\n",
    )
    .unwrap();
    pin(
        root,
        "a",
        "Two soldiers were wounded",
        "wounded-two",
        "Two soldiers were wounded.",
    );
    pin(
        root,
        "b",
        "the strikes hit four sites",
        "sites-four",
        "The strikes hit four sites.",
    );
    pin(
        root,
        "a",
        "Rockets hit the base on Monday",
        "base-hit",
        "Rockets hit the base on Monday.",
    );
    let claims = std::fs::read_to_string(root.join("claims/c.yaml")).unwrap();
    let claims = claims
        .replace(
            "statement: \"Two soldiers were wounded.\"",
            "statement: \"Two soldiers were wounded.\"\n  fact: {subject: base, property: wounded, value: 2}",
        )
        .replace(
            "statement: \"The strikes hit four sites.\"",
            "statement: \"The strikes hit four sites.\"\n  entities: [kh]\n  allow:\n  - code: claim-single-source\n    reason: \"One ministry statement.\"",
        )
        .replace(
            "statement: \"Rockets hit the base on Monday.\"",
            "statement: \"Rockets hit the base on Monday.\"\n  fact: {subject: base, property: wounded, value: 3}",
        );
    std::fs::write(root.join("claims/c.yaml"), &claims).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    let head = claims
        .replace(
            "fact: {subject: base, property: wounded, value: 3}",
            "fact: {subject: base, property: wounded, value: 3}\n  acknowledge:\n  - code: fact-conflict\n    with: wounded-two\n    rationale: \"Counts differ by report; both stand, attributed.\"\n  allow:\n  - code: claim-single-source\n    reason: \"Only one article was captured.\"",
        )
        .replace(
            "  entities: [kh]\n  allow:\n  - code: claim-single-source\n    reason: \"One ministry statement.\"",
            "  entities: [base]",
        )
        .replacen(
            "    sha256",
            "    stance: context\n    value: 2\n    sha256",
            1,
        );
    std::fs::write(root.join("claims/c.yaml"), head).unwrap();
    dir
}

#[test]
fn each_kind_of_judgement_change_is_named_in_every_format() {
    let repo = judgement_repository();
    for (format, file) in [
        ("human", "diff-judgements.txt"),
        ("markdown", "diff-judgements.md"),
        ("json", "diff-judgements.json"),
        ("github", "diff-judgements.github"),
    ] {
        let (status, out, err) = claimcheck(
            repo.path(),
            &["diff", "main", "--format", format, "--color", "never"],
        );
        assert_eq!(status, Some(0), "{format}: {err}");
        snapshot(file, &out);
    }
    let (_, human, _) = claimcheck(repo.path(), &["diff", "main", "--color", "never"]);
    // The acknowledged conflict is no longer an error: said, and above what was resolved.
    let regraded = human.find("error → note fact-conflict").expect(&human);
    assert!(
        human
            .find("findings resolved")
            .is_none_or(|resolved| regraded < resolved)
    );
    assert!(human.contains("now allows claim-single-source"), "{human}");
    assert!(
        human.contains("no longer allows claim-single-source"),
        "{human}"
    );
    assert!(
        human.contains("acknowledges fact-conflict with wounded-two"),
        "{human}"
    );
    assert!(
        human.contains("entities: added base; removed kh"),
        "{human}"
    );
    assert!(
        human.contains("findings silenced by a new `allow`"),
        "{human}"
    );
}
