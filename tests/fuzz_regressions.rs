//! Replays the committed fuzz corpus (`fuzz/regressions/<target>/`) through the same
//! checks the fuzz targets run, so every input a fuzzer ever found interesting (or that
//! crashed claimcheck once) is retried by `cargo test`.

#[allow(dead_code)] // The fuzz targets each use one check; this test uses all.
#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails {target}", path.display());
        count += 1;
    }
    count
}

#[test]
fn every_committed_fuzz_input_passes_its_check() {
    for (target, check) in [
        ("claim_file", checks::claim_file as fn(&[u8])),
        ("config", checks::config),
        ("anchor", checks::anchor),
        ("edit", checks::edit),
        ("shard_document", checks::shard_document),
        ("revision_listing", checks::revision_listing),
        ("capture_warc", checks::warc),
        ("capture_html", checks::html),
        ("capture_pdf", checks::pdf),
    ] {
        assert!(replay(target, check) > 0, "no corpus for {target}");
    }
}
