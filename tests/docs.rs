//! The README documents every finding code under its own heading, and the exit codes.

use claimcheck_engine::model::code::Code;

#[test]
fn every_finding_code_has_a_readme_section() {
    let readme = include_str!("../README.md");
    for code in Code::ALL {
        assert!(
            readme.contains(&format!("\n### {}\n", code.name())),
            "README lacks a section for {code}"
        );
    }
}

#[test]
fn readme_lists_every_exit_status() {
    let readme = include_str!("../README.md");
    for status in ["| 0 |", "| 1 |", "| 2 |"] {
        assert!(readme.contains(status), "README lacks exit status {status}");
    }
}
