//! Shell completions and the manual page, generated from the clap definitions: every
//! shell gets a script that names the subcommands; bash parses its script (`bash -n`);
//! groff formats the manual page without a warning.

mod common;

use std::process::Command;

fn claimcheck(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = claimcheck(&["completions", shell]);
        for word in ["claimcheck", "check", "pin", "fix", "appendix", "--format"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

#[test]
fn bash_parses_its_script() {
    let script = claimcheck(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claimcheck.bash");
    std::fs::write(&path, script).unwrap();
    let status = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(status.success());
}

#[test]
fn groff_formats_the_manual_page() {
    let page = claimcheck(&["man"]);
    assert!(page.contains(".TH claimcheck 1"), "{page}");
    if Command::new("groff").arg("--version").output().is_err() {
        return common::skip_without("manual page test", "groff", "apt-get install groff-base");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claimcheck.1");
    std::fs::write(&path, page).unwrap();
    let output = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "groff warned");
}
