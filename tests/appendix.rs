//! The appendix: pandoc's citeproc renders the CSL-JSON of the example's sources into a
//! bibliography with their publishers and dates (Debian's pandoc; `.ci/run` installs it;
//! without it the test skips with a line saying so, except in CI, where it fails);
//! output is byte-identical run to run; the committed `docs/appendix.md` is current;
//! every internal link of the HTML appendix and of the coverage site resolves.

mod common;

use std::path::Path;
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn appendix(format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["appendix", "--format", format])
        .current_dir(manifest())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn pandoc_citeproc_renders_the_example_bibliography() {
    if Command::new("pandoc").arg("--version").output().is_err() {
        return common::skip_without("pandoc test", "pandoc", "apt-get install pandoc");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("refs.json"), appendix("csl-json")).unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\nnocite: '@*'\n---\n\n# References\n",
    )
    .unwrap();
    let output = Command::new("pandoc")
        .args([
            "--citeproc",
            "--bibliography=refs.json",
            "-t",
            "plain",
            "--wrap=none",
            "doc.md",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rendered = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "The New Arab",
        "The National",
        "Dunya News",
        "Stratfor Worldview",
        "Unnamed risk consultancy",
        "2021",
        "February 24",
        "December 3",
        "March 23",
        "Rocket strikes on US in Iraq",
    ] {
        // The default style (Chicago author-date) title-cases titles and names.
        let found = rendered.to_lowercase().contains(&expected.to_lowercase());
        assert!(found, "{expected:?} not in the bibliography:\n{rendered}");
    }
    let entries = rendered
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .count();
    assert_eq!(entries, 5, "one entry per seed:\n{rendered}");
}

#[test]
fn every_format_is_byte_identical_run_to_run() {
    for format in ["markdown", "html", "csl-json", "json"] {
        assert_eq!(appendix(format), appendix(format), "{format}");
    }
}

#[test]
fn the_committed_appendix_of_the_example_is_current() {
    let committed = std::fs::read_to_string(manifest().join("docs/appendix.md")).unwrap();
    assert!(
        committed == appendix("markdown"),
        "regenerate it: claimcheck appendix --output docs/appendix.md"
    );
}

/// Every `href="#…"` of `html` names an `id` that exists.
fn dead_links(html: &str) -> Vec<String> {
    let values = |attribute: &str| -> Vec<String> {
        html.split(attribute)
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_owned))
            .collect()
    };
    let ids = values(" id=\"");
    values(" href=\"#")
        .into_iter()
        .filter(|target| !ids.contains(target))
        .collect()
}

#[test]
fn every_link_of_the_coverage_site_resolves_to_a_page_and_an_anchor() {
    let out = tempfile::tempdir().unwrap();
    let (status, _, stderr) = common::claimcheck(
        manifest(),
        &[
            "coverage",
            "--format",
            "html",
            "--output",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(status, Some(0), "{stderr}");
    let pages = [
        out.path().join("index.html"),
        out.path()
            .join("sources/newarab-2021-02-24-rockets-message-from-iran.html"),
    ];
    let mut followed = 0;
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap();
        for href in html
            .split(" href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            let target_html = std::fs::read_to_string(&target).unwrap_or_else(|_| {
                panic!("{} links to {href}, which is not written", page.display())
            });
            assert!(
                anchor.is_empty() || target_html.contains(&format!(" id=\"{anchor}\"")),
                "{} links to {href}, which has no such anchor",
                page.display()
            );
            followed += 1;
        }
    }
    // The tables, the highlights and the support trees all link.
    assert!(followed > 100, "{followed}");
}

#[test]
fn every_internal_link_of_the_html_appendix_resolves() {
    // A regression: claims linked to `#source-{number}` while anchors were `source-{id}`.
    let html = appendix("html");
    assert!(
        html.contains("href=\"#source-1\""),
        "the appendix links its sources"
    );
    assert_eq!(dead_links(&html), Vec::<String>::new());
}
