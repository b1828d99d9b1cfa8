//! `cargo bench --bench pdf_agreement`: claimcheck's PDF text beside poppler's
//! `pdftotext` on the fixtures and on every PDF under /usr/share/doc: word agreement,
//! reading-order agreement, and time per document for both.

use claimcheck_test_support::pdf as agreement;

fn main() {
    let mut paths: Vec<std::path::PathBuf> = ["two-column.pdf", "report.pdf"]
        .iter()
        .map(|name| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/pdf")
                .join(name)
        })
        .collect();
    let mut system: Vec<_> = walk(std::path::Path::new("/usr/share/doc"));
    system.sort();
    paths.extend(system);
    println!(
        "| PDF | words agree | order agrees | claimcheck vs truth (words / order) | pdftotext vs truth | claimcheck ms | pdftotext ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let truth = |pair: Option<(f64, f64)>| {
        pair.map_or("–".to_owned(), |(words, order)| {
            format!("{words:.3} / {order:.3}")
        })
    };
    for path in paths {
        match agreement::compare(&path) {
            Ok(result) => println!(
                "| {} | {:.3} | {:.3} | {} | {} | {:.1} | {:.1} |",
                path.file_name().unwrap().to_string_lossy(),
                result.words,
                result.order,
                truth(result.ours_vs_truth),
                truth(result.poppler_vs_truth),
                result.ours_seconds * 1000.0,
                result.poppler_seconds * 1000.0
            ),
            Err(error) => println!("| {} | failed: {error} | | | | | |", path.display()),
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "pdf") {
            found.push(path);
        }
    }
    found
}
