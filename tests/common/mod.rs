//! Helpers shared by the integration tests: running the binary, and copying the example
//! product into a temporary project.

#![allow(dead_code)] // Each test crate uses some of these.

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output};
use std::time::{Duration, Instant};

/// The repository: the example product lives at its root.
pub fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs claimcheck with `args` in `dir`, with a cache directory of the tests' own
/// (projects are told apart by their root, so tests share it safely).
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .env(
            "CLAIMCHECK_CACHE_DIR",
            std::env::temp_dir().join("claimcheck-tests-cache"),
        )
        .output()
        .unwrap()
}

/// Runs claimcheck: exit status, stdout and stderr as text.
pub fn claimcheck(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = run(dir, args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Waits for `child` (`what`, to name it), killed after `limit`: a hang fails the test
/// instead of stalling it.
pub fn wait_bounded(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("{what} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Copies the example's `claims/`, `sources/` (those of `dirs`) and entity registry to `to`.
pub fn copy_example(to: &Path, dirs: &[&str]) {
    for dir in dirs {
        std::fs::create_dir_all(to.join(dir)).unwrap();
        for entry in std::fs::read_dir(manifest().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(dir).join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(manifest().join("entities.yaml"), to.join("entities.yaml")).unwrap();
}

/// The variable `.ci/run` sets so that a test whose outside tool is missing fails
/// instead of skipping: CI always runs them.
pub const REQUIRE_TOOLS: &str = "CLAIMCHECK_REQUIRE_TOOLS";

/// Says that `test` is skipped because `what` is missing, in one line a person sees
/// (written to the terminal, past cargo's capture of test output), unless CI requires
/// the tools, where it fails instead.
pub fn skip_without(test: &str, what: &str, install: &str) {
    if std::env::var_os(REQUIRE_TOOLS).is_some() {
        panic!("{test} needs {what}, and {REQUIRE_TOOLS} is set: {install}");
    }
    use std::io::Write as _;
    let line = format!("SKIPPED {test}: {what} is not installed here ({install})\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// The findings of a JSON report (`--format json`).
pub fn findings(json: &[u8]) -> Vec<serde_json::Value> {
    let report: serde_json::Value = serde_json::from_slice(json).unwrap();
    report["findings"].as_array().unwrap().clone()
}
