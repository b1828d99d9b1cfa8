//! 100,000 findings render in every format, and a claim file that reports quote is read
//! again from disk once, however many findings point into it. (How long it takes is
//! measured by `cargo bench --bench corpus_check`, not asserted here.)

use std::collections::BTreeMap;
use std::path::PathBuf;

use claimcheck::report::{Format, RenderOptions, render};
use claimcheck_engine::load::{FileRegistry, Fingerprint, Project};
use claimcheck_engine::model::code::Code;
use claimcheck_engine::model::finding::Finding;
use claimcheck_engine::model::location::LineIndex;

const FINDINGS: usize = 100_000;
const FILES: usize = 10;

#[test]
fn a_hundred_thousand_findings_render_in_every_format_reading_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let claims_per_file = FINDINGS / FILES;
    let mut findings = Vec::with_capacity(FINDINGS);
    let mut paths = Vec::new();
    let mut texts = Vec::new();
    for file in 0..FILES {
        let path = format!("claims/f{file}.yaml");
        let text: String = (0..claims_per_file)
            .map(|claim| format!("- id: c{file}-{claim}\n  statement: S\n"))
            .collect();
        std::fs::create_dir_all(dir.path().join("claims")).unwrap();
        std::fs::write(dir.path().join(&path), &text).unwrap();
        // One line index per file: locating each finding from the start would make
        // the test itself quadratic.
        let lines = LineIndex::new(&text);
        let shared: std::sync::Arc<str> = std::sync::Arc::from(path.as_str());
        let mut offset = 0;
        for claim in 0..claims_per_file {
            let id = format!("c{file}-{claim}");
            let at = offset + "- id: ".len();
            findings.push(
                Finding::new(
                    Code::ClaimSingleSource,
                    format!("claim `{id}` rests on one source"),
                )
                .claim(&id)
                .at(lines.locate(&shared, &text, at, id.len())),
            );
            offset += format!("- id: {id}\n  statement: S\n").len();
        }
        paths.push(path);
        texts.push(text);
    }
    for format in [
        Format::Human,
        Format::Compact,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Markdown,
    ] {
        // A fresh registry for each format: each must read a file at most once.
        let mut files = FileRegistry::default();
        for (path, text) in paths.iter().zip(&texts) {
            let fingerprint = Fingerprint::of(text.as_bytes());
            files.add_on_disk(path, dir.path().join(path), fingerprint);
        }
        let project = Project {
            root: PathBuf::from(dir.path()),
            config: Default::default(),
            files,
            claims: Vec::new(),
            claim_files: paths.clone(),
            claim_digests: BTreeMap::new(),
            entities: Vec::new(),
            sources: BTreeMap::new(),
            unreadable_sources: Vec::new(),
            problems: Vec::new(),
        };
        let mut out = Vec::new();
        let summary = render(
            format,
            &mut out,
            RenderOptions::default(),
            &project,
            &findings.iter().collect::<Vec<_>>(),
        )
        .unwrap();
        assert_eq!(summary.warnings, FINDINGS, "{format:?}");
        let out = String::from_utf8(out).unwrap();
        let shown = out.matches("c9-9999").count();
        // Human groups a code's many warnings; JUnit has a case per claim, and this
        // project's claims are only findings.
        if !matches!(format, Format::Human | Format::Junit) {
            assert!(shown >= 1, "{format:?} lacks the last finding");
        }
        assert!(
            project.files.disk_reads() <= FILES,
            "{format:?} read {} files",
            project.files.disk_reads()
        );
    }
}
