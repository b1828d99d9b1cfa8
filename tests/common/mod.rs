//! Helpers shared by the integration tests: running the binary, and copying the example
//! product into a temporary project.

#![allow(dead_code)] // Each test crate uses some of these.

use std::path::Path;
use std::process::{Command, Output};

/// The repository: the example product lives at its root.
pub fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs claimcheck with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
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
