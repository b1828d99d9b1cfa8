//! The progress bar: drawn on stderr when it is a terminal and the run lasts, never
//! written otherwise (to a pipe, a file, CI logs).

use claimcheck_test_support::corpus as generate;

use std::process::Command;

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    generate::generate(dir.path(), 300, 6_000, 0.0, 11, 50);
    dir
}

#[test]
fn a_long_run_on_a_terminal_shows_its_progress() {
    let dir = corpus();
    // `script` runs the command on a pseudo-terminal and copies what it drew.
    let command = format!(
        "{} check --no-cache --format json > /dev/null",
        env!("CARGO_BIN_EXE_claimcheck")
    );
    let output = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .output()
        .expect("`script` (util-linux) runs a command on a pseudo-terminal");
    let drawn = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{drawn}");
    assert!(
        drawn.contains("reading claim files") || drawn.contains("proving pins"),
        "no progress drawn: {drawn:?}"
    );
}

#[test]
fn without_a_terminal_nothing_is_drawn() {
    let dir = corpus();
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--no-cache", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
