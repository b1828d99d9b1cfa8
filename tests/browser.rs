//! The coverage HTML report, opened in a real headless browser (Debian's chromium; `.ci/run`
//! installs it; without it this test skips with a line saying so, except in CI, where it
//! fails). Checks the highlights and links in the DOM the
//! browser built, that hostile source text stays text, and saves screenshots under
//! `target/claimcheck-browser/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn browser() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .ok()
                .filter(|output| output.status.success())
                .map(|_| PathBuf::from(name))
        });
    if found.is_none() {
        common::skip_without(
            "browser test",
            "a headless chromium",
            "apt-get install chromium",
        );
    }
    found
}

fn headless(browser: &Path, profile: &Path, args: &[&str]) -> String {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const HOSTILE: &str = "Officials said <script>document.title='pwned'</script> the base was hit.\n\
    <img src=x onerror=\"document.title='pwned'\"> Two rockets & \"one\" drone.\n";

fn hostile_project(dir: &Path) {
    std::fs::create_dir_all(dir.join("claims")).unwrap();
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::write(dir.join("sources/hostile.txt"), HOSTILE).unwrap();
    for (id, quote) in [
        ("script-claim", "<script>document.title='pwned'</script>"),
        ("rockets", "Two rockets & \"one\" drone"),
    ] {
        let status = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .args([
                "pin",
                "hostile",
                quote,
                "--claim",
                id,
                "--statement",
                "<b>bold</b> claim",
                "--file",
                "claims/c.yaml",
            ])
            .current_dir(dir)
            .output()
            .unwrap()
            .status;
        assert!(status.success());
    }
}

#[test]
fn the_coverage_report_shows_highlights_and_links_and_keeps_hostile_text_inert() {
    let Some(browser) = browser() else { return };
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/claimcheck-browser");
    std::fs::create_dir_all(&screenshots).unwrap();

    // The example product.
    let site = work.path().join("site");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["coverage", "--format", "html", "--output"])
        .arg(&site)
        .current_dir(manifest)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let page = site.join("sources/newarab-2021-02-24-rockets-message-from-iran.html");
    let dom = headless(
        &browser,
        &profile,
        &["--dump-dom", &format!("file://{}", page.display())],
    );
    assert!(
        dom.matches("<mark class=\"cited\"").count() >= 13,
        "highlights missing"
    );
    assert!(
        dom.contains("href=\"../index.html#claim-qaani-tbi-funds\""),
        "claim links missing"
    );
    assert!(dom.contains("title=\"qaani-tbi-funds: Qaani linked TBI funds to militia control.\""));
    let index = headless(
        &browser,
        &profile,
        &[
            "--dump-dom",
            &format!("file://{}", site.join("index.html").display()),
        ],
    );
    assert!(index.contains("id=\"claim-qaani-tbi-funds\""));
    assert_eq!(index.matches("<div class=\"bar\">").count(), 5);
    headless(
        &browser,
        &profile,
        &[
            &format!(
                "--screenshot={}",
                screenshots.join("coverage-source.png").display()
            ),
            &format!("file://{}", page.display()),
        ],
    );
    assert!(
        std::fs::metadata(screenshots.join("coverage-source.png"))
            .unwrap()
            .len()
            > 10_000
    );

    // Hostile text from a source and a claim stays text.
    let project = work.path().join("hostile");
    hostile_project(&project);
    let hostile_site = work.path().join("hostile-site");
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["coverage", "--format", "html", "--output"])
        .arg(&hostile_site)
        .current_dir(&project)
        .output()
        .unwrap();
    for page in [
        hostile_site.join("sources/hostile.html"),
        hostile_site.join("index.html"),
    ] {
        let dom = headless(
            &browser,
            &profile,
            &["--dump-dom", &format!("file://{}", page.display())],
        );
        assert!(!dom.contains("<script"), "a script element reached the DOM");
        assert!(!dom.contains("<img"), "an img element reached the DOM");
        assert!(!dom.contains("<b>"), "claim markup reached the DOM");
        assert!(
            !dom.contains("pwned</title>"),
            "the page title was rewritten"
        );
    }
    let dom = headless(
        &browser,
        &profile,
        &[
            "--dump-dom",
            &format!(
                "file://{}",
                hostile_site.join("sources/hostile.html").display()
            ),
        ],
    );
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert_eq!(dom.matches("<mark class=\"cited\"").count(), 2);
    headless(
        &browser,
        &profile,
        &[
            &format!(
                "--screenshot={}",
                screenshots.join("coverage-hostile.png").display()
            ),
            &format!(
                "file://{}",
                hostile_site.join("sources/hostile.html").display()
            ),
        ],
    );
}
