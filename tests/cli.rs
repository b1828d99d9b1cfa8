//! Data-driven CLI cases: each `tests/cmd/<case>.toml` runs claimcheck in the input tree
//! `<case>.in/` and compares stdout, stderr, the exit status and, for cases that write,
//! the resulting tree `<case>.out/`. Regenerate snapshots with `TRYCMD=overwrite`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
