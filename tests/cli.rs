//! Data-driven CLI cases: each `tests/cmd/<case>.toml` runs claimcheck in the input tree
//! `<case>.in/` and compares stdout, stderr, the exit status and, for cases that write,
//! the resulting tree `<case>.out/`. Regenerate snapshots with `TRYCMD=overwrite`.

#[test]
fn cli_cases() {
    // Cases run in their input trees, which must stay as committed: no cache is written
    // there (tests/cache.rs tests the cache).
    trycmd::TestCases::new()
        .env("CLAIMCHECK_NO_CACHE", "1")
        .case("tests/cmd/*.toml");
}
