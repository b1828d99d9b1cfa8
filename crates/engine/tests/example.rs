//! The engine alone, as a language server or a notebook would use it: it loads and
//! checks the example product with no command line, and depends on nothing that draws
//! a terminal.

use std::path::Path;

use claimcheck_engine::model::code::Severity;

fn example() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn the_engine_checks_the_example_product_alone() {
    let project = claimcheck_engine::load::load(example()).expect("the example loads");
    assert!(
        project.claims.len() >= 20,
        "{} claims",
        project.claims.len()
    );
    assert!(
        project.sources.len() >= 5,
        "{} sources",
        project.sources.len()
    );
    let findings = claimcheck_engine::check::check(&project);
    let errors: Vec<_> = findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| format!("{}: {}", finding.code, finding.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_engine_depends_on_no_command_line_or_terminal_crate() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = std::process::Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-p",
            "claimcheck-engine",
            "-e",
            "normal",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    let tree = String::from_utf8(tree.stdout).unwrap();
    assert!(tree.starts_with("claimcheck-engine "), "{tree}");
    for front_end_crate in [
        "clap",
        "clap_complete",
        "clap_mangen",
        "miette",
        "indicatif",
    ] {
        assert!(
            !tree
                .lines()
                .any(|line| line.split(' ').next() == Some(front_end_crate)),
            "the engine pulls in {front_end_crate}:\n{tree}"
        );
    }
}
