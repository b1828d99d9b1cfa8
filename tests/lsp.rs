//! The language server through a real LSP client: `tests/lsp/test_server.py`, run with
//! pytest and pytest-lsp, with the capabilities Neovim and VS Code announce.

mod common;

use std::process::Command;

#[test]
fn the_language_server_answers_a_real_client() {
    let available = Command::new("python3")
        .args(["-c", "import pytest, pytest_lsp"])
        .status()
        .is_ok_and(|status| status.success());
    if !available {
        common::skip_without(
            "language server test",
            "python3 with pytest-lsp",
            "pip install pytest-lsp",
        );
        return;
    }
    let manifest = env!("CARGO_MANIFEST_DIR");
    let output = Command::new("python3")
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/lsp/test_server.py",
        ])
        .current_dir(manifest)
        .env("CLAIMCHECK_BIN", env!("CARGO_BIN_EXE_claimcheck"))
        .env("CLAIMCHECK_EXAMPLE", manifest)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{report}");
    assert!(report.contains("20 passed"), "{report}");
}
