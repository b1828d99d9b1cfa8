//! `claimcheck add`: saved pages, URLs served on loopback, web archives; the original
//! kept and checked; re-capture.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use common::claimcheck;

const ARTICLE: &str = r#"<!doctype html><html lang="en"><head>
<title>Rockets hit base | Wire</title>
<meta property="og:site_name" content="Wire">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2021-02-24T09:00:00Z">
<meta name="author" content="Ann Lee">
<link rel="canonical" href="https://wire.example/rockets">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Rockets hit base</h1>
<p>BAGHDAD (AP) — Three rockets struck near the base on Monday, officials said.</p>
<p>No casualties were reported, according to a statement from the coalition, which said
an investigation was under way.</p>
<p>The attack was the third this month, after a lull of several weeks in which militias had held their fire.</p>
</article><footer>© Wire 2021</footer></body></html>"#;

/// A project with nothing in it yet.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    dir
}

fn read(dir: &Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).unwrap()
}

/// An HTTP server on loopback answering each path with a canned response (after a
/// delay, for the timeout case); returns its base URL.
fn serve(routes: Vec<(&'static str, Vec<u8>, Duration)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let routes = routes.clone();
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buffer = [0; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&request);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let response = routes.iter().find(|(route, _, _)| *route == path);
                match response {
                    Some((_, bytes, delay)) => {
                        std::thread::sleep(*delay);
                        let _ = stream.write_all(bytes);
                    }
                    None => {
                        let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    }
                }
            });
        }
    });
    base
}

fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn a_saved_page_becomes_a_source_whose_quotes_pin_and_check_passes() {
    let dir = project();
    let page = dir.path().join("saved.html");
    std::fs::write(&page, ARTICLE).unwrap();
    let (status, out, err) = claimcheck(dir.path(), &["add", page.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{out}{err}");
    let id = "wire-2021-02-24-rockets-hit-base";
    assert!(out.contains(&format!("added source `{id}`")), "{out}");
    let text = read(dir.path(), &format!("sources/{id}.txt"));
    assert!(text.starts_with("Rockets hit base\nBAGHDAD (AP)"), "{text}");
    assert!(!text.contains("Home") && !text.contains("©"), "{text}");
    let metadata = read(dir.path(), &format!("sources/{id}.meta.yaml"));
    for expected in [
        "publisher: \"Wire\"",
        "type: \"article\"",
        "url: \"https://wire.example/rockets\"",
        "published: \"2021-02-24\"",
        "language: \"en\"",
        "- \"Ann Lee\"",
        &format!("original: \"originals/{id}.html\""),
        "extractor: \"claimcheck-html/1\"",
        "extraction: \"main-text\"",
    ] {
        assert!(
            metadata.contains(expected),
            "{expected} missing from\n{metadata}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join(format!("originals/{id}.html"))).unwrap(),
        ARTICLE.as_bytes()
    );
    // A quote typed from the browser, across the page's line break, pins.
    let (status, out, err) = claimcheck(
        dir.path(),
        &[
            "pin",
            id,
            "according to a statement from the coalition, which said an investigation was under way",
        ],
    );
    assert_eq!(status, Some(0), "{out}{err}");
    let (status, out, err) = claimcheck(
        dir.path(),
        &["check", "--re-extract", "--format", "compact"],
    );
    assert_eq!(status, Some(0), "{out}{err}");
}

#[test]
fn a_changed_or_missing_original_fails_check_and_an_edited_text_fails_re_extraction() {
    let dir = project();
    std::fs::write(dir.path().join("saved.html"), ARTICLE).unwrap();
    let (status, out, err) = claimcheck(dir.path(), &["add", "saved.html", "--id", "rockets"]);
    assert_eq!(status, Some(0), "{out}{err}");
    let original = dir.path().join("originals/rockets.html");
    std::fs::write(&original, ARTICLE.replace("Three rockets", "Two rockets")).unwrap();
    let (status, out, _) = claimcheck(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(status, Some(1), "{out}");
    assert!(out.contains("source-original-changed"), "{out}");
    std::fs::remove_file(&original).unwrap();
    let (status, out, _) = claimcheck(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(status, Some(1), "{out}");
    assert!(out.contains("source-original-missing"), "{out}");
    // The original restored, the text edited and its hash recorded again: only
    // extracting again shows that the text is not what the page says.
    std::fs::write(&original, ARTICLE).unwrap();
    let text_path = dir.path().join("sources/rockets.txt");
    let edited = read(dir.path(), "sources/rockets.txt").replace("Three rockets", "Four rockets");
    std::fs::write(&text_path, &edited).unwrap();
    let metadata = read(dir.path(), "sources/rockets.meta.yaml");
    let old_hash = metadata
        .lines()
        .find(|l| l.starts_with("sha256:"))
        .unwrap()
        .to_owned();
    let new_hash = format!("sha256: \"{}\"", sha256_hex(edited.as_bytes()));
    std::fs::write(
        dir.path().join("sources/rockets.meta.yaml"),
        metadata.replace(&old_hash, &new_hash),
    )
    .unwrap();
    let (status, out, _) = claimcheck(dir.path(), &["check", "--format", "compact"]);
    assert_eq!(status, Some(0), "{out}");
    let (status, out, _) = claimcheck(
        dir.path(),
        &["check", "--re-extract", "--format", "compact"],
    );
    assert_eq!(status, Some(1), "{out}");
    assert!(out.contains("source-extraction-differs"), "{out}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    let output = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8(output.stdout).unwrap()[..64].to_owned()
}

#[test]
fn a_url_is_fetched_with_its_redirects_recorded() {
    let base = serve(vec![
        (
            "/old",
            response("301 Moved Permanently", "Location: /new\r\n", b""),
            Duration::ZERO,
        ),
        (
            "/new",
            response("302 Found", "Location: /article\r\n", b""),
            Duration::ZERO,
        ),
        (
            "/article",
            response(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                ARTICLE.as_bytes(),
            ),
            Duration::ZERO,
        ),
    ]);
    let dir = project();
    let url = format!("{base}/old");
    let (status, out, err) = claimcheck(dir.path(), &["add", &url, "--id", "fetched"]);
    assert_eq!(status, Some(0), "{out}{err}");
    assert!(out.contains(&format!("redirected via {base}/new")), "{out}");
    let metadata = read(dir.path(), "sources/fetched.meta.yaml");
    for expected in [
        format!("  url: \"{base}/old\""),
        format!("  final-url: \"{base}/article\""),
        "  status: 200".to_owned(),
        format!("  redirects:\n  - \"{base}/new\""),
    ] {
        assert!(
            metadata.contains(&expected),
            "{expected} missing from\n{metadata}"
        );
    }
    // Captured again from the URL it records: unchanged.
    let (status, out, err) = claimcheck(dir.path(), &["add", "--update", "fetched"]);
    assert_eq!(status, Some(0), "{out}{err}");
    assert!(out.contains("the text is unchanged"), "{out}");
}

#[test]
fn urls_that_are_not_pages_or_pdfs_are_refused_with_what_they_are() {
    let big = format!("<html><body><p>{}</p></body></html>", "word ".repeat(4000));
    let base = serve(vec![
        (
            "/chart.png",
            response("200 OK", "Content-Type: image/png\r\n", b"\x89PNG"),
            Duration::ZERO,
        ),
        (
            "/big",
            response("200 OK", "Content-Type: text/html\r\n", big.as_bytes()),
            Duration::ZERO,
        ),
        (
            "/slow",
            response("200 OK", "Content-Type: text/html\r\n", ARTICLE.as_bytes()),
            Duration::from_secs(5),
        ),
        (
            "/loop",
            response("302 Found", "Location: /loop\r\n", b""),
            Duration::ZERO,
        ),
    ]);
    let dir = project();
    let cases: [(&str, &[&str], &str); 5] = [
        ("/chart.png", &[], "is image/png"),
        (
            "/big",
            &["--max-bytes", "1000"],
            "is larger than 1000 bytes",
        ),
        ("/slow", &["--timeout", "1"], "did not answer within 1 s"),
        ("/loop", &[], "redirected more than 10 times"),
        ("/missing", &[], "answered HTTP 404"),
    ];
    for (path, options, expected) in cases {
        let url = format!("{base}{path}");
        let mut args = vec!["add", url.as_str()];
        args.extend_from_slice(options);
        let (status, out, err) = claimcheck(dir.path(), &args);
        assert_eq!(status, Some(2), "{path}: {out}{err}");
        assert!(err.contains(expected), "{path}: {err}");
    }
    assert!(
        !dir.path().join("originals").exists(),
        "nothing is written for a refused capture"
    );
}

#[test]
fn a_pdf_url_is_fetched_and_read_as_a_pdf() {
    let pdf = std::fs::read(common::manifest().join("tests/fixtures/pdf/two-column.pdf")).unwrap();
    let base = serve(vec![(
        "/report.pdf",
        response("200 OK", "Content-Type: application/pdf\r\n", &pdf),
        Duration::ZERO,
    )]);
    let dir = project();
    let url = format!("{base}/report.pdf");
    let (status, out, err) = claimcheck(dir.path(), &["add", &url, "--id", "quarterly"]);
    assert_eq!(status, Some(0), "{out}{err}");
    assert_eq!(
        std::fs::read(dir.path().join("originals/quarterly.pdf")).unwrap(),
        pdf
    );
    assert!(read(dir.path(), "sources/quarterly.txt").contains("reported to parliament"));
}

#[test]
fn a_web_archive_record_becomes_a_source_and_is_kept_whole() {
    let http = response("200 OK", "Content-Type: text/html\r\n", ARTICLE.as_bytes());
    let mut warc = warc_record(
        "request",
        "https://wire.example/rockets",
        b"GET /rockets HTTP/1.1\r\n\r\n",
    );
    let record = warc_record("response", "https://wire.example/rockets", &http);
    warc.extend_from_slice(&record);
    warc.extend(warc_record(
        "response",
        "https://wire.example/other",
        &response("200 OK", "Content-Type: text/html\r\n", b"<p>other</p>"),
    ));
    let dir = project();
    std::fs::write(dir.path().join("crawl.warc"), &warc).unwrap();
    let (status, _, err) = claimcheck(dir.path(), &["add", "crawl.warc"]);
    assert_eq!(status, Some(2));
    assert!(
        err.contains("choose one with --url") && err.contains("wire.example/other"),
        "{err}"
    );
    let (status, out, err) = claimcheck(
        dir.path(),
        &[
            "add",
            "crawl.warc",
            "--url",
            "https://wire.example/rockets",
            "--id",
            "archived",
        ],
    );
    assert_eq!(status, Some(0), "{out}{err}");
    let kept = std::fs::read(dir.path().join("originals/archived.warc")).unwrap();
    assert_eq!(
        kept,
        record[..record.len() - 4],
        "the record is kept byte for byte"
    );
    let metadata = read(dir.path(), "sources/archived.meta.yaml");
    assert!(metadata.contains("retrieved: \"2026-11-30\""), "{metadata}");
    assert!(
        metadata.contains("media-type: \"application/warc\""),
        "{metadata}"
    );
    assert!(metadata.contains("warc-record: \"<urn:uuid:"), "{metadata}");
    let (status, out, err) = claimcheck(
        dir.path(),
        &["check", "--re-extract", "--format", "compact"],
    );
    assert_eq!(status, Some(0), "{out}{err}");
}

fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:6f1c1c1e-0000-4000-8000-{:012}>\r\n\
         WARC-Target-URI: {uri}\r\nWARC-Date: 2026-11-30T10:00:00Z\r\n\
         Content-Type: application/http;msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[test]
fn an_existing_id_and_unsupported_files_are_refused() {
    let dir = project();
    std::fs::write(dir.path().join("saved.html"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("report.pdf"), b"%PDF-1.7\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"plain words").unwrap();
    assert_eq!(
        claimcheck(dir.path(), &["add", "saved.html", "--id", "a"]).0,
        Some(0)
    );
    let (status, _, err) = claimcheck(dir.path(), &["add", "saved.html", "--id", "a"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("source `a` exists"), "{err}");
    for (file, expected) in [
        ("report.pdf", "the PDF cannot be read"),
        ("notes.txt", "neither a web page, a PDF nor a web archive"),
        ("absent.html", "absent.html"),
    ] {
        let (status, _, err) = claimcheck(dir.path(), &["add", file]);
        assert_eq!(status, Some(2), "{file}");
        assert!(err.contains(expected), "{file}: {err}");
    }
    let (status, _, err) = claimcheck(dir.path(), &["add", "saved.html", "--id=bad id"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("not a valid source id"), "{err}");
}

#[test]
fn re_capturing_shows_the_changed_words_and_keeps_the_analysts_fields() {
    let dir = project();
    std::fs::write(dir.path().join("saved.html"), ARTICLE).unwrap();
    assert_eq!(
        claimcheck(dir.path(), &["add", "saved.html", "--id", "rockets"]).0,
        Some(0)
    );
    let metadata_path = dir.path().join("sources/rockets.meta.yaml");
    let metadata = read(dir.path(), "sources/rockets.meta.yaml");
    std::fs::write(
        &metadata_path,
        format!("{metadata}reliability: B\norigin: AP\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("saved.html"),
        ARTICLE.replace("Three rockets", "Five rockets"),
    )
    .unwrap();
    let (status, out, err) = claimcheck(dir.path(), &["add", "saved.html", "--update", "rockets"]);
    assert_eq!(status, Some(0), "{out}{err}");
    assert!(out.contains("[-Three-]{+Five+}"), "{out}");
    let metadata = read(dir.path(), "sources/rockets.meta.yaml");
    assert!(
        metadata.contains("reliability: \"B\"") && metadata.contains("origin: \"AP\""),
        "{metadata}"
    );
    assert!(read(dir.path(), "sources/rockets.txt").contains("Five rockets"));
    let (status, out, _) = claimcheck(
        dir.path(),
        &["check", "--re-extract", "--format", "compact"],
    );
    assert_eq!(status, Some(0), "{out}");
}

#[test]
fn the_appendix_cites_a_captured_page_with_its_authors_and_original() {
    let dir = project();
    std::fs::write(dir.path().join("saved.html"), ARTICLE).unwrap();
    assert_eq!(
        claimcheck(dir.path(), &["add", "saved.html", "--id", "rockets"]).0,
        Some(0)
    );
    let (status, out, err) = claimcheck(
        dir.path(),
        &[
            "pin",
            "rockets",
            "Three rockets struck near the base on Monday",
            "--claim",
            "rockets-monday",
            "--statement",
            "Three rockets struck the base on Monday.",
            "--file",
            "claims/attacks.yaml",
        ],
    );
    assert_eq!(status, Some(0), "{out}{err}");
    let (status, markdown, err) = claimcheck(dir.path(), &["appendix", "--format", "markdown"]);
    assert_eq!(status, Some(0), "{err}");
    assert!(
        markdown.contains("1. Ann Lee. Wire. “Rockets hit base”. 24 February 2021"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Original kept as originals/rockets.html (SHA-256 "),
        "{markdown}"
    );
    let (status, csl, err) = claimcheck(dir.path(), &["appendix", "--format", "csl-json"]);
    assert_eq!(status, Some(0), "{err}");
    assert!(
        csl.contains("\"family\": \"Lee\"") && csl.contains("\"type\": \"article-newspaper\""),
        "{csl}"
    );
    if std::process::Command::new("pandoc")
        .arg("--version")
        .output()
        .is_err()
    {
        return common::skip_without("pandoc test", "pandoc", "apt-get install pandoc");
    }
    std::fs::write(dir.path().join("refs.json"), &csl).unwrap();
    std::fs::write(dir.path().join("doc.md"), "---\nnocite: '@*'\n---\n").unwrap();
    let output = std::process::Command::new("pandoc")
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
    let rendered = String::from_utf8_lossy(&output.stdout);
    assert!(rendered.contains("Lee, Ann. 2021."), "{rendered}");
}

#[test]
fn a_pdf_report_becomes_a_source_read_in_column_order_and_cited_by_page() {
    let dir = project();
    let pdf = common::manifest().join("tests/fixtures/pdf/two-column.pdf");
    let (status, out, err) = claimcheck(
        dir.path(),
        &["add", pdf.to_str().unwrap(), "--id", "quarterly"],
    );
    assert_eq!(status, Some(0), "{out}{err}");
    assert!(out.contains("(all-pages, "), "{out}");
    let text = read(dir.path(), "sources/quarterly.txt");
    // The left column before the right one, though the right was drawn first; the
    // page break a form feed line.
    let left = text.find("Militia attacks on coalition bases").unwrap();
    let right = text.find("The United Kingdom withdrew").unwrap();
    let page_two = text.find("A wider American withdrawal").unwrap();
    assert!(left < right && right < page_two, "{text}");
    assert!(text[right..page_two].contains("\u{c}\n"), "{text}");
    let metadata = read(dir.path(), "sources/quarterly.meta.yaml");
    for expected in [
        "title: \"Coalition forces in Iraq, 2020\"",
        "type: \"report\"",
        "- \"Jane Analyst\"\n- \"Omar Researcher\"",
        "media-type: \"application/pdf\"",
        "extractor: \"claimcheck-pdf/1\"",
        "extraction: \"all-pages\"",
    ] {
        assert!(
            metadata.contains(expected),
            "{expected} missing from\n{metadata}"
        );
    }
    // Typed as read in the viewer: across the hyphenated line end ("re-" / "ported")
    // and across a line break.
    for (claim, quote) in [
        (
            "reported-to-parliament",
            "according to figures the coalition reported to parliament in March",
        ),
        (
            "stationed-north",
            "the growing risk to personnel stationed at bases north of Baghdad",
        ),
        (
            "ninety-villages",
            "Iraqi forces cleared nearly 90 villages across a northern province",
        ),
    ] {
        let (status, out, err) = claimcheck(
            dir.path(),
            &[
                "pin",
                "quarterly",
                quote,
                "--claim",
                claim,
                "--statement",
                quote,
                "--file",
                "claims/report.yaml",
            ],
        );
        assert_eq!(status, Some(0), "{quote}: {out}{err}");
        let page = if claim == "ninety-villages" {
            "p. 2"
        } else {
            "p. 1"
        };
        assert!(
            err.contains(&format!(":{page}): ").replace(":p", ", p")),
            "{err}"
        );
    }
    // Coverage names the page of an uncited passage (here: the second page of a copy
    // whose first page alone is cited).
    let (status, out, err) =
        claimcheck(dir.path(), &["add", pdf.to_str().unwrap(), "--id", "copy"]);
    assert_eq!(status, Some(0), "{out}{err}");
    let quote = "Three rocket strikes hit Camp Taji in a single week";
    let (status, out, err) = claimcheck(
        dir.path(),
        &[
            "pin",
            "copy",
            quote,
            "--claim",
            "taji-week",
            "--statement",
            quote,
            "--file",
            "claims/report.yaml",
        ],
    );
    assert_eq!(status, Some(0), "{out}{err}");
    let (_, out, err) = claimcheck(dir.path(), &["coverage", "--uncited"]);
    assert!(
        out.contains("uncited in sources/copy.txt") && out.contains("  p.2 "),
        "{out}{err}"
    );
    let (status, out, err) = claimcheck(
        dir.path(),
        &["check", "--re-extract", "--format", "compact"],
    );
    assert_eq!(status, Some(0), "{out}{err}");
    let (status, markdown, err) = claimcheck(dir.path(), &["appendix", "--format", "markdown"]);
    assert_eq!(status, Some(0), "{err}");
    assert!(markdown.contains("   - p. 1, line "), "{markdown}");
    assert!(markdown.contains("   - p. 2, lines "), "{markdown}");
}

#[test]
fn an_original_replaced_by_a_link_out_of_the_project_is_refused_unread() {
    let dir = project();
    std::fs::write(dir.path().join("saved.html"), ARTICLE).unwrap();
    assert_eq!(
        claimcheck(dir.path(), &["add", "saved.html", "--id", "rockets"]).0,
        Some(0)
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.html"), "SECRET-TOKEN").unwrap();
    let original = dir.path().join("originals/rockets.html");
    std::fs::remove_file(&original).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.html"), &original).unwrap();
    let (status, out, err) = claimcheck(
        dir.path(),
        &["check", "--re-extract", "--format", "compact"],
    );
    assert_eq!(status, Some(1), "{out}{err}");
    assert!(
        out.contains("source-original-missing") && out.contains("outside"),
        "{out}"
    );
    assert!(!out.contains("SECRET") && !err.contains("SECRET"));
}
