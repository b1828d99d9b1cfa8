//! `cargo bench --bench language_server`: what the language server does on a
//! keystroke in a claim file, put the edited buffer in place and check the project, on
//! the example product and on a generated product of 50,000 pins (2,000 sources, 50
//! claim files of 1,000 claims), with the cache of proven pins as the server uses it.

use std::path::Path;

use claimcheck_engine::cache::Cache;
use claimcheck_engine::load::{LoadOptions, Project, load_with};
use claimcheck_engine::progress::Silent;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn loaded(root: &Path, cache: &Cache) -> Project {
    let options = LoadOptions {
        cache,
        partition: None,
        progress: &Silent,
        keep_claim_texts: true,
        re_extract: false,
    };
    load_with(root, &options).unwrap()
}

/// Edits one quote of `file` and checks again, as many times as divan asks.
fn recheck_after_edit(bencher: Bencher, root: &Path, file: &str) {
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(root, Some(cache_dir.path())).unwrap();
    let mut project = loaded(root, &cache);
    // A first check proves every pin, as the server's first check on opening does.
    claimcheck_engine::check::check_cached(&project, &cache, &Silent);
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let edited = text.replacen("quote: \"", "quote: \"x", 1);
    bencher.bench_local(|| {
        project.set_claim_file(file, black_box(edited.clone()));
        claimcheck_engine::check::check_cached(&project, &cache, &Silent)
    });
}

#[divan::bench(sample_count = 20)]
fn example_product(bencher: Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    recheck_after_edit(bencher, root, "claims/attacks.yaml");
}

#[divan::bench(sample_count = 5)]
fn fifty_thousand_pins(bencher: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    claimcheck_test_support::corpus::generate(dir.path(), 2_000, 50_000, 0.0, 7, 1_000);
    let file = std::fs::read_dir(dir.path().join("claims"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .min()
        .unwrap();
    recheck_after_edit(bencher, dir.path(), &format!("claims/{file}"));
}
