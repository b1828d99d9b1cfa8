//! The drift accuracy benchmark, run as a test: on every kind of re-capture edit,
//! claimcheck anchors no pin to the wrong place, and re-anchors most of them.

use claimcheck_test_support::drift as scenarios;

#[test]
fn no_wrong_anchors_on_realistic_edits() {
    let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
    let results = scenarios::run(&sources);
    println!("{}", scenarios::table(&results));
    for (kind, tally) in &results {
        assert_eq!(tally.wrong, 0, "wrong anchors after {kind}");
        assert!(tally.pins >= 50, "{kind}: only {} pins", tally.pins);
        if !kind.ends_with("without context") {
            assert!(
                tally.correct * 10 >= tally.pins * 9,
                "{kind}: only {} of {} correct",
                tally.correct,
                tally.pins
            );
        }
    }
}
