//! `cargo bench --bench drift_accuracy`: prints the drift accuracy table (see
//! `drift/scenarios.rs`). Wrong anchors must be zero.

use claimcheck_test_support::drift as scenarios;

fn main() {
    let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
    let results = scenarios::run(&sources);
    print!("{}", scenarios::table(&results));
    let wrong: usize = results.iter().map(|(_, tally)| tally.wrong).sum();
    assert_eq!(wrong, 0, "wrong anchors");
}
