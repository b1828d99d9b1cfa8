//! For the CLI cases that write (`fs.sandbox = true` in `tests/cmd/<case>.toml`): run the
//! case on a copy of `<case>.in/` and compare the resulting tree with
//! `<case>.written/` byte for byte, every file and no other file (a stray temporary
//! file fails the test). trycmd cannot do this itself: it folds `\` to `/` in the
//! files it compares, and claim files hold YAML escapes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

fn copy_tree(from: &Path, to: &Path) {
    for (relative, bytes) in tree(from) {
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

/// The `args = [...]` line of a case file, which is JSON.
fn args_of(case: &str) -> Vec<String> {
    let line = case
        .lines()
        .find_map(|line| line.strip_prefix("args = "))
        .expect("case has args");
    serde_json::from_str(line).expect("args are a JSON array of strings")
}

#[test]
fn cases_that_write_leave_exactly_the_expected_tree() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut checked = 0;
    for entry in std::fs::read_dir(&cases).unwrap() {
        let path = entry.unwrap().path();
        let case = std::fs::read_to_string(&path).unwrap_or_default();
        if path.extension().is_none_or(|ext| ext != "toml") || !case.contains("fs.sandbox = true") {
            continue;
        }
        let name = path.file_stem().unwrap().to_str().unwrap();
        let sandbox = tempfile::tempdir().unwrap();
        copy_tree(&cases.join(format!("{name}.in")), sandbox.path());
        Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .args(args_of(&case))
            .current_dir(sandbox.path())
            .output()
            .unwrap();
        let expected = tree(&cases.join(format!("{name}.written")));
        let actual = tree(sandbox.path());
        assert_eq!(
            actual.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "files left by case {name}"
        );
        for (file, bytes) in &expected {
            assert!(
                actual[file] == *bytes,
                "case {name}: {} differs:\n{}",
                file.display(),
                String::from_utf8_lossy(&actual[file])
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "expected the writing cases, found {checked}");
}
