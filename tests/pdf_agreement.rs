//! PDF text against poppler's `pdftotext` (Debian `poppler-utils`; `.ci/run` installs
//! it; without it the test skips with a line saying so, except in CI, where it fails):
//! the same words (bag of words); and against each fixture's text in reading order
//! (`tests/fixtures/pdf/*.txt`, written by `make.py` beside the PDF it typesets), the
//! same words in the same order (shingles of four words), at least as well as poppler. `cargo bench --bench
//! pdf_agreement` prints the table, with the PDFs of the machine's documentation too.

mod common;

use claimcheck_test_support::pdf as agreement;

#[test]
fn pdf_text_has_pdftotexts_words_and_reads_in_order_at_least_as_well() {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        return common::skip_without(
            "pdftotext test",
            "pdftotext",
            "apt-get install poppler-utils",
        );
    }
    for name in ["two-column.pdf", "report.pdf"] {
        let path = common::manifest().join("tests/fixtures/pdf").join(name);
        let result = agreement::compare(&path).unwrap();
        assert!(
            result.words >= 0.99,
            "{name}: words agree {:.3}",
            result.words
        );
        let (ours, poppler) = (
            result.ours_vs_truth.unwrap(),
            result.poppler_vs_truth.unwrap(),
        );
        assert!(
            ours.0 >= 0.99 && ours.1 >= 0.99,
            "{name}: against the truth {ours:?}"
        );
        assert!(
            ours.1 >= poppler.1,
            "{name}: reading order {ours:?}, pdftotext {poppler:?}"
        );
    }
}
