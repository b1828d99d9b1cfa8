//! Re-verifies every pin of the example product without claimcheck's code: the claim
//! files are read line by line, and each span is cut and hashed by the shell recipe the
//! README gives (`tail -c` | `head -c` | `sha256sum`).

use std::path::Path;
use std::process::Command;

struct Pin {
    source: String,
    start: usize,
    end: usize,
    sha256: String,
}

/// Evidence entries as claimcheck writes them: `source:`, `span:` and `sha256:` lines.
fn pins_in(claim_file: &str) -> Vec<Pin> {
    let mut pins = Vec::new();
    let mut source = None;
    let mut span = None;
    for line in claim_file.lines() {
        let line = line.trim_start().trim_start_matches("- ");
        if let Some(value) = line.strip_prefix("source: ") {
            source = Some(value.trim().to_owned());
        } else if let Some(value) = line.strip_prefix("span: ") {
            let (start, end) = value.trim().split_once("..").expect("span is start..end");
            span = Some((start.parse().unwrap(), end.parse().unwrap()));
        } else if let Some(value) = line.strip_prefix("sha256: ") {
            let ((start, end), source) = (span.take().unwrap(), source.take().unwrap());
            pins.push(Pin {
                source,
                start,
                end,
                sha256: value.trim().to_owned(),
            });
        }
    }
    pins
}

fn shell_sha256(root: &Path, pin: &Pin) -> String {
    let script = format!(
        "tail -c +{} sources/{}.txt | head -c {} | sha256sum",
        pin.start + 1,
        pin.source,
        pin.end - pin.start
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(root)
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()[..64].to_owned()
}

#[test]
fn every_example_pin_verifies_with_coreutils() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("claims")).unwrap() {
        let path = entry.unwrap().path();
        for pin in pins_in(&std::fs::read_to_string(&path).unwrap()) {
            assert_eq!(
                shell_sha256(root, &pin),
                pin.sha256,
                "{} {}..{} in {}",
                pin.source,
                pin.start,
                pin.end,
                path.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 30,
        "the example product has at least 30 pins, found {checked}"
    );
}

#[test]
fn the_recipe_notices_a_wrong_span() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let claims = std::fs::read_to_string(root.join("claims/attacks.yaml")).unwrap();
    let pin = pins_in(&claims).remove(0);
    let shifted = Pin {
        start: pin.start + 1,
        end: pin.end + 1,
        ..pin
    };
    assert_ne!(shell_sha256(root, &shifted), shifted.sha256);
}
