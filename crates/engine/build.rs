//! Gives each build of the engine an identity derived from its sources (and the
//! workspace's lock file, which pins every dependency), so that cache entries written
//! by one build are trusted only by a build of the very same code, on any machine (the
//! cache keys include it; see `src/cache.rs`).

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let mut files = vec![manifest.join("Cargo.toml")];
    collect(&manifest.join("src"), &mut files);
    files.sort();
    // The workspace's lock file (absent when the engine is built on its own).
    files.push(manifest.join("..").join("..").join("Cargo.lock"));
    // SipHash with fixed keys: the same on every machine for one toolchain; another
    // toolchain may give another identity, which only costs a cache miss.
    let mut hasher = DefaultHasher::new();
    for file in &files {
        // Paths relative to the engine, so the identity is the same wherever it is built.
        let relative = file.strip_prefix(&manifest).unwrap_or(file);
        hasher.write(relative.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(file).unwrap_or_default());
        println!("cargo::rerun-if-changed={}", file.display());
    }
    println!("cargo::rerun-if-changed=src");
    println!(
        "cargo::rustc-env=CLAIMCHECK_BUILD_ID={:016x}",
        hasher.finish()
    );
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
