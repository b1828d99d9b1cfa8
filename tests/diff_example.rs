//! The example product on a branch that rewords one claim, re-pins others after a source
//! edit, adds a contradicting claim and deletes a source: the Markdown diff names each
//! change, and its summary fits one screen.

mod common;

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_markdown_diff_of_a_review_branch_names_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_example(root, &["claims", "sources"]);
    let claimcheck = env!("CARGO_BIN_EXE_claimcheck");
    run(root, "git", &["init", "-q", "-b", "main"]);
    run(root, "git", &["add", "-A"]);
    run(
        root,
        "git",
        &["-c", "commit.gpgsign=false", "commit", "-q", "-m", "base"],
    );

    // 1. Reword one claim.
    let actors = root.join("claims/actors.yaml");
    let text = std::fs::read_to_string(&actors).unwrap();
    std::fs::write(
        &actors,
        text.replace(
            "Qaani linked TBI funds to militia control.",
            "Qaani tied TBI funds to control of the militias.",
        ),
    )
    .unwrap();
    // 2. Edit a source above some quotes, and re-pin with fix.
    let source = root.join("sources/dunya-ap-2020-12-03-us-drawdown-iraq.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replace(
            "3. IRAN’S INFLUENCE",
            "Analysts expect more pressure.\n3. IRAN’S INFLUENCE",
        ),
    )
    .unwrap();
    run(root, claimcheck, &["fix"]);
    // 3. Add a claim contradicting a fact of another.
    run(
        root,
        claimcheck,
        &[
            "pin",
            "newarab-2021-02-24-rockets-message-from-iran",
            "Rockets also hit a military complex in the Kurdish region's capital Arbil on February 15",
            "--claim",
            "erbil-attack-killed-three",
            "--statement",
            "The Erbil attack killed three people.",
            "--file",
            "claims/attacks.yaml",
        ],
    );
    let attacks = root.join("claims/attacks.yaml");
    let text = std::fs::read_to_string(&attacks).unwrap().replace(
        "  statement: \"The Erbil attack killed three people.\"\n",
        "  statement: \"The Erbil attack killed three people.\"\n  fact:\n    subject: erbil-attack-2021-02-15\n    property: killed\n    value: 3\n",
    );
    std::fs::write(&attacks, text).unwrap();
    // 4. Delete a source.
    std::fs::remove_file(root.join("sources/stratfor-2020-03-23-coalition-forces-retreat.txt"))
        .unwrap();

    let markdown = run(root, claimcheck, &["diff", "main", "--format", "markdown"]);
    for expected in [
        "changed qaani-tbi-funds",
        "reworded: Qaani \\[-linked-\\]{+tied+} TBI funds",
        "re-pinned in dunya-ap-2020-12-03-us-drawdown-iraq",
        "text unchanged",
        "added erbil-attack-killed-three",
        "error `fact-conflict`",
        "stratfor-2020-03-23-coalition-forces-retreat removed; cited by",
        "| conflicts introduced | 1 |",
        "| sources removed | 1 |",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} missing:\n{markdown}"
        );
    }
    let summary = markdown.split("<details>").next().unwrap();
    assert!(
        summary.lines().count() <= 20,
        "the summary should fit one screen:\n{summary}"
    );
}
