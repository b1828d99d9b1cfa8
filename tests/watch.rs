//! `check --watch`: a report, then another after a source changes, without restarting.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn a_changed_source_is_checked_again_without_restarting() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path(), &["claims", "sources"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--watch", "--format", "compact", "--no-cache"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (lines, received) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let summary = |received: &mpsc::Receiver<String>| -> String {
        loop {
            let line = received
                .recv_timeout(Duration::from_secs(60))
                .expect("no report within a minute");
            if line.starts_with("checked ") {
                return line;
            }
        }
    };
    let first = summary(&received);
    assert!(first.contains(": 0 errors"), "{first}");
    let source = dir
        .path()
        .join("sources/stratfor-2020-03-23-coalition-forces-retreat.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replacen("Iran", "Irak", 1)).unwrap();
    let second = summary(&received);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!second.contains(": 0 errors"), "{second}");
}
