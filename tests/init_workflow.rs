//! A new user's first minutes: `claimcheck init` in an empty directory, a source added
//! and a quote pinned, then the commands of the generated GitHub workflow run locally.
//! They pass, and what they write is accepted by real consumers (see consumers.rs).

use std::path::Path;
use std::process::Command;

fn claimcheck(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// The `run:` commands of the workflow that call claimcheck check.
fn workflow_check_commands(workflow: &str) -> Vec<String> {
    workflow
        .lines()
        .filter_map(|line| line.trim().strip_prefix("run: "))
        .filter(|command| command.starts_with("claimcheck check"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn init_then_pin_then_the_workflow_commands_pass() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    assert!(claimcheck(project, &["init"]).status.success());
    std::fs::write(
        project.join("sources/port-report.txt"),
        "The port handled 40 ships in March, up from 25 in February, the harbour master said.\n",
    )
    .unwrap();
    let pinned = claimcheck(
        project,
        &[
            "pin",
            "port-report",
            "handled 40 ships in March",
            "--claim",
            "port-traffic-up",
            "--statement",
            "Port traffic rose in March.",
            "--file",
            "claims/port.yaml",
        ],
    );
    assert!(
        pinned.status.success(),
        "{}",
        String::from_utf8_lossy(&pinned.stderr)
    );

    let workflow =
        std::fs::read_to_string(project.join(".github/workflows/claimcheck.yml")).unwrap();
    let commands = workflow_check_commands(&workflow);
    assert_eq!(commands.len(), 3, "{commands:?}");
    let binary_dir = Path::new(env!("CARGO_BIN_EXE_claimcheck"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        binary_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summary = project.join("step-summary.md");
    for command in &commands {
        let output = Command::new("sh")
            .args(["-c", command])
            .current_dir(project)
            .env("PATH", &path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "`{command}` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(project.join("claimcheck.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let summary = std::fs::read_to_string(summary).unwrap();
    // Warnings only: each claim rests on one source, and the new source has no metadata.
    assert!(
        summary.contains("**0 errors, 3 warnings** in 2 claims"),
        "{summary}"
    );
    // The source added without metadata is a warning, reported as an annotation.
    let annotations =
        String::from_utf8(claimcheck(project, &["check", "--format", "github"]).stdout).unwrap();
    assert!(
        annotations.contains("::warning file=sources/port-report.txt"),
        "{annotations}"
    );
}

#[test]
fn init_adds_the_lock_to_an_existing_gitignore_keeping_every_byte() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "target/\n*.log").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("init")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "target/\n*.log\n# claimcheck's lock, held while pin and fix edit claim files\n.claimcheck.lock\n"
    );
}
