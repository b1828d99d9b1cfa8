//! The exit status says what the run found however its output is read: a reader that
//! stops early (`claimcheck check | head` under `set -o pipefail`) must not turn a
//! failing check into a passing one.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A project of one claim citing `source` for the words at 7..20 of its one source:
/// pinned there if `source` is `a`, else an error (exit 1), no such source.
fn project(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let claim = format!(
        "- id: claim-one\n  statement: \"Rockets were fired.\"\n  evidence:\n  - source: {source}\n    \
         quote: \"about rockets\"\n    span: 7..20\n    sha256: \
         2ccf2c8eb0aa9b9e3cee633b6439912bb8251d7a254f4a662d9a14f767cafdcf\n"
    );
    for (path, text) in [
        ("sources/a.txt", "A text about rockets.\n"),
        ("claims/c.yaml", &claim),
    ] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// claimcheck with `args`, running in `dir`, whose stdout (`closed_out`) or stderr
/// has no reader: the read end is closed before it writes a byte.
fn spawn_with_reader_gone(dir: &std::path::Path, args: &[&str], closed_out: bool) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .env("CLAIMCHECK_NO_CACHE", "1")
        .stdout(if closed_out {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(if closed_out {
            Stdio::null()
        } else {
            Stdio::piped()
        })
        .spawn()
        .unwrap();
    // Every write the run makes there fails.
    drop(child.stdout.take());
    drop(child.stderr.take());
    child
}

/// The exit status of claimcheck with `args` in `dir` when the reader of its stdout
/// (`closed_out`) or stderr has gone before it writes a byte.
fn status_with_reader_gone(dir: &std::path::Path, args: &[&str], closed_out: bool) -> Option<i32> {
    let mut child = spawn_with_reader_gone(dir, args, closed_out);
    common::wait_bounded(
        &mut child,
        Duration::from_secs(60),
        &format!("claimcheck {args:?}"),
    )
    .code()
}

#[test]
fn a_reader_that_stops_early_does_not_turn_a_failing_check_into_a_passing_one() {
    let project = project("nowhere");
    // The report on stdout (JSON), and on stderr (the human format).
    assert_eq!(
        status_with_reader_gone(project.path(), &["check", "--format", "json"], true),
        Some(1)
    );
    assert_eq!(
        status_with_reader_gone(project.path(), &["check"], false),
        Some(1)
    );
}

#[test]
fn a_reader_that_stops_early_does_not_fail_a_command_that_succeeded() {
    let project = project("a");
    for args in [&["check", "--format", "json"][..], &["coverage"]] {
        assert_eq!(
            status_with_reader_gone(project.path(), args, true),
            Some(0),
            "{args:?}"
        );
    }
}

#[test]
fn watch_ends_when_its_reader_goes() {
    let project = project("a");
    let args = ["check", "--watch", "--format", "json"];
    let mut child = spawn_with_reader_gone(project.path(), &args, true);
    let status = common::wait_bounded(
        &mut child,
        Duration::from_secs(30),
        "`check --watch` writing to a reader that had gone",
    );
    assert_eq!(status.code(), Some(0));
}
