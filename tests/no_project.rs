//! Outside any project (no `claims/` here or above), claimcheck says so and exits 2.
//! Not a trycmd case: every directory inside this repository has the example product
//! above it.

use std::process::Command;

#[test]
fn outside_a_project_exits_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--color", "never"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no claimcheck project here"), "{stderr}");
    assert!(stderr.contains("--root DIR"), "{stderr}");
}
