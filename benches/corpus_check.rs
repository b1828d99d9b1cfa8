//! `cargo bench --bench corpus_check`: `claimcheck check` on generated corpora of four
//! sizes (and, at the largest, 5% of pins drifted, every source re-captured, claim
//! files of 1,000 claims instead of 250 (with and without settings and source metadata:
//! the product issue 20 was filed on), of ten claims (5,000 files) and all in one file, claim files written again by PyYAML instead
//! of `pin`, with every empty field written out, and with statements that state
//! figures; then 700 sources of 40 KB with 50 pins each, 3% drifted, and ten sources
//! of 3 MB with 2,000 pins each, and 400 sources of 12 KB with 2% drifted in claim
//! files of 80 claims, a shape first measured after the rest were tuned),
//! against the floor of reading every input byte once and hashing it
//! (`cat` of all files into `openssl dgst -sha256`) and beside the Python script a user
//! might write instead (`benches/corpus/check_hashes.py`: PyYAML's C loader, hashlib).
//! Runs the floor, a cold check (`--no-cache`), a first one (the cache empty, as on a
//! fresh CI runner) and a warm one back to back, seven rounds, and prints
//! medians, the median of each round's ratio to its floor, throughput, the parse time (loading alone)
//! and peak memory (`/usr/bin/time -v`). Corpora go to `target/bench-corpus/`.
//! Last, two shapes whose changed pins each read a whole 16 MB source, with how many the
//! run's budget left unsearched (`-- --whole-text`: those alone). `-- --writers` runs
//! only the rows whose claim files another writer wrote, `-- --sizes` only those whose
//! sources are not of 4 KB; `-- --formats` only the
//! cold check of 100,000 warnings in every output format. `-- --smoke` runs the
//! smallest size once, as CI does: a check that the benchmark works, not a measurement.
//! `-- --row NAME` runs only the rows whose corpus directory's name contains `NAME`
//! (`-- --row c1000-bare`: the product issue 20 was filed on).

use claimcheck_test_support::corpus as generate;
use claimcheck_test_support::corpus::Script;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["claims", "sources"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            all.push(entry.unwrap().path());
        }
    }
    all.sort();
    all
}

/// Lists the corpus's files where [`floor_once`] reads them.
fn write_file_list(root: &Path) {
    let list: Vec<String> = files(root)
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    std::fs::write(root.join("files.list"), list.join("\n")).unwrap();
}

/// Reading every input byte once and hashing it at hardware speed: one run.
fn floor_once(root: &Path) -> Duration {
    let started = Instant::now();
    let status = Command::new("sh")
        .args([
            "-c",
            "xargs cat < files.list | openssl dgst -sha256 > /dev/null",
        ])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success());
    started.elapsed()
}

/// The cache directory of the corpus at `root`: beside it, as a user's would be outside
/// the project.
fn cache_dir(root: &Path) -> std::path::PathBuf {
    let mut name = root.file_name().unwrap_or_default().to_owned();
    name.push(".cache");
    root.with_file_name(name)
}

/// `program` run in the corpus at `root`, with the corpus's own cache directory.
fn in_corpus(program: &str, root: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(root)
        .env("CLAIMCHECK_CACHE_DIR", cache_dir(root));
    command
}

/// Where a timed run writes its report: a file beside the corpus, as a CI job writes
/// its report. Piped into the bench instead, the bench's reading of 21 MB of JSON (the
/// product issue 20 was filed on) took the same two cores and a tenth of the run.
fn report_path(root: &Path) -> PathBuf {
    let mut name = root.file_name().unwrap_or_default().to_owned();
    name.push(".report");
    root.with_file_name(name)
}

/// [`report_path`], emptied for a run to write.
fn report_file(root: &Path) -> std::fs::File {
    std::fs::File::create(report_path(root)).unwrap()
}

/// How many bytes the last run wrote to [`report_path`].
fn written_report(root: &Path) -> u64 {
    std::fs::metadata(report_path(root)).unwrap().len()
}

/// One run of `check` with `args`: its wall time and peak resident memory in KiB.
fn check_once(root: &Path, args: &[&str]) -> (Duration, u64) {
    let started = Instant::now();
    let output = in_corpus("/usr/bin/time", root)
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", "json"])
        .args(args)
        .stdout(report_file(root))
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let report = String::from_utf8_lossy(&output.stderr);
    // Findings (exit 1, the drifted corpus) are fine; a run that could not check is not.
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "check failed: {report}"
    );
    let peak = report
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0);
    (elapsed, peak)
}

/// What one corpus measured: medians of the floor, cold, first and warm runs, and of
/// each round's ratio of each to its floor, with the cold runs' peak memory.
struct Measured {
    floor: Duration,
    cold: Duration,
    first: Duration,
    warm: Duration,
    cold_ratio: f64,
    first_ratio: f64,
    warm_ratio: f64,
    peak_kib: u64,
}

/// `rounds` rounds of the floor, a cold check (`--no-cache`), a first one (the cache
/// empty: it parses as a cold one does and also fills the cache, as a fresh CI runner's
/// run does) and a warm one (the cache filled, then one claim file changed, a comment
/// appended, as after an analyst's edit), each round's runs back to back: on a shared,
/// noisy machine the ratios within a round are steadier than runs timed minutes apart.
fn measure(root: &Path, rounds: usize) -> Measured {
    write_file_list(root);
    let edited = root.join("claims/claims-0000.yaml");
    let original = std::fs::read_to_string(&edited).unwrap();
    let (mut floors, mut colds, mut firsts, mut warms) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut peak_kib = 0;
    for round in 0..rounds {
        floors.push(floor_once(root));
        let (cold, peak) = check_once(root, &["--no-cache"]);
        colds.push(cold);
        peak_kib = peak_kib.max(peak);
        let _ = std::fs::remove_dir_all(cache_dir(root));
        firsts.push(check_once(root, &[]).0);
        std::fs::write(&edited, format!("{original}# edit {round}\n")).unwrap();
        warms.push(check_once(root, &[]).0);
    }
    std::fs::write(&edited, original).unwrap();
    let ratios = |times: &[Duration]| {
        let mut ratios: Vec<f64> = times
            .iter()
            .zip(&floors)
            .map(|(time, floor)| time.as_secs_f64() / floor.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    };
    Measured {
        cold_ratio: ratios(&colds),
        first_ratio: ratios(&firsts),
        warm_ratio: ratios(&warms),
        floor: median(floors),
        cold: median(colds),
        first: median(firsts),
        warm: median(warms),
        peak_kib,
    }
}

/// Where the main table's "figures" row keeps its corpus, which [`formats`] reuses.
const FIGURES_CORPUS: &str = "s2000-p50000-d0-c250-figures-b4000";

/// A cold check of the corpus whose statements state figures (100,000 warnings) in
/// every output format, beside JSON and the floor: rendering many findings should cost
/// about what JSON's does (`-- --formats`: this alone).
fn formats(root: &Path) {
    if !root.join("claimcheck.toml").exists() {
        generate::generate_sized(root, 2_000, 50_000, 0.0, 2026, 250, 4_000);
        assert!(Writer::Figures.rewrite(root));
    }
    write_file_list(root);
    const ROUNDS: usize = 5;
    let formats = [
        "json", "human", "compact", "github", "markdown", "sarif", "junit",
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); formats.len()];
    let mut floors = Vec::new();
    let mut sizes = vec![0; formats.len()];
    // Alternating, so that a slow moment of a shared machine falls on every format.
    for _ in 0..ROUNDS {
        floors.push(floor_once(root));
        for (index, format) in formats.iter().enumerate() {
            let started = Instant::now();
            let run = in_corpus(env!("CARGO_BIN_EXE_claimcheck"), root)
                .args([
                    "check",
                    "--no-cache",
                    "--color",
                    "never",
                    "--format",
                    format,
                ])
                .stdout(report_file(root))
                .status()
                .unwrap();
            times[index].push(started.elapsed());
            assert!(matches!(run.code(), Some(0 | 1)), "{format} failed");
            sizes[index] = written_report(root);
        }
    }
    let floor = median(floors);
    let json = median(times[0].clone());
    println!(
        "\n{ROUNDS} alternating rounds, medians; cold (`--no-cache`), 2,000 sources, 50,000 pins, statements that state figures (100,000 warnings); floor {:.0} ms\n",
        floor.as_secs_f64() * 1000.0
    );
    println!("| format | output | cold | cold ÷ floor | ÷ JSON |");
    println!("|---|---:|---:|---:|---:|");
    for (index, format) in formats.iter().enumerate() {
        let time = median(times[index].clone());
        println!(
            "| {format} | {:.1} MB | {:.0} ms | {:.1}× | {:.2} |",
            sizes[index] as f64 / 1e6,
            time.as_secs_f64() * 1000.0,
            time.as_secs_f64() / floor.as_secs_f64(),
            time.as_secs_f64() / json.as_secs_f64()
        );
    }
}

/// Median wall time of running claimcheck with `args` in `root`, its stdout kept in
/// `output` when given.
fn timed(root: &Path, args: &[&str], output: Option<&str>) -> Duration {
    median(
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let run = in_corpus(env!("CARGO_BIN_EXE_claimcheck"), root)
                    .args(args)
                    .output()
                    .unwrap();
                let elapsed = started.elapsed();
                assert!(matches!(run.status.code(), Some(0 | 1)), "{args:?} failed");
                if let Some(output) = output {
                    std::fs::write(root.join(output), &run.stdout).unwrap();
                }
                elapsed
            })
            .collect(),
    )
}

/// Median time of the Python script a user might write instead (PyYAML's C loader
/// and hashlib, hashes only), or `None` when Python or PyYAML is missing.
fn python_peer(root: &Path) -> Option<Duration> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/corpus/check_hashes.py");
    let run = || {
        let started = Instant::now();
        let output = Command::new("python3")
            .arg(&script)
            .current_dir(root)
            .output()
            .ok()?;
        output.status.success().then(|| started.elapsed())
    };
    let times: Option<Vec<Duration>> = (0..3).map(|_| run()).collect();
    times.map(median)
}

/// One intact corpus: sources, pins, claims a file, cold check, floor, Python peer.
type PeerRow = (usize, usize, usize, Duration, Duration, Option<Duration>);

/// The cold check beside the Python peer, per intact corpus.
fn print_peer(rows: &[PeerRow]) {
    println!(
        "\n| sources | pins | claims a file | floor | claimcheck cold | Python (PyYAML C loader + hashlib, hashes only) | claimcheck faster |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (sources, pins, per_file, check, floor, peer) in rows {
        let ms = |time: &Duration| time.as_secs_f64() * 1000.0;
        match peer {
            Some(peer) => println!(
                "| {sources} | {pins} | {per_file} | {:.0} ms | {:.0} ms | {:.0} ms | {:.1}× |",
                ms(floor),
                ms(check),
                ms(peer),
                peer.as_secs_f64() / check.as_secs_f64()
            ),
            None => println!(
                "| {sources} | {pins} | {per_file} | {:.0} ms | {:.0} ms | – (python3 with PyYAML not found) | – |",
                ms(floor),
                ms(check)
            ),
        }
    }
}

/// The largest corpus split in two shards, then merged, as a CI matrix would.
fn partitioned(root: &Path) {
    let shards: Vec<Duration> = (1..=2)
        .map(|k| {
            let partition = format!("{k}/2");
            timed(
                root,
                &[
                    "check",
                    "--partition",
                    &partition,
                    "--format",
                    "json",
                    "--no-cache",
                ],
                Some(&format!("shard-{k}.json")),
            )
        })
        .collect();
    let merge = timed(
        root,
        &[
            "merge",
            "shard-1.json",
            "shard-2.json",
            "--format",
            "json",
            "--no-cache",
        ],
        None,
    );
    let ms = |time: Duration| time.as_secs_f64() * 1000.0;
    println!(
        "\nIn two shards (`--partition K/2 --format json`, each on its own machine in a CI \
         matrix): shard 1/2 {:.0} ms, shard 2/2 {:.0} ms; `merge` {:.0} ms.",
        ms(shards[0]),
        ms(shards[1]),
        ms(merge)
    );
}

/// Who wrote a corpus's claim files.
#[derive(Clone, Copy, PartialEq)]
enum Writer {
    /// `claimcheck pin`, as generated.
    Pin,
    /// PyYAML's `yaml.dump` (see `written_again_by_pyyaml`).
    PyYaml,
    /// A script that writes every field, empty ones too: `allow: []` on each claim and
    /// an empty `credibility:` on each pin.
    EveryField,
    /// An analyst whose statements paraphrase the quote and state figures: its first
    /// twelve words, then "which likely means N rockets were fired in 20YY" (a figure and
    /// a year the quote does not state, and an estimative word without a confidence:
    /// two warnings a claim).
    Figures,
    /// A Windows editor or PowerShell's `Out-File`: a byte-order mark and CRLF line
    /// breaks.
    Windows,
    /// `claimcheck pin`, over articles in Russian: nearly every character of the
    /// sources and quotes outside ASCII.
    PinRussian,
    /// `claimcheck pin` in a product with no `claimcheck.toml` and no source metadata,
    /// the product issue 20 was filed on: every claim `claim-single-source`, every
    /// source `source-no-metadata` (whose help gives the source's SHA-256).
    PinBare,
}

impl Writer {
    fn label(self) -> &'static str {
        match self {
            Writer::Pin => "pin",
            Writer::PyYaml => "PyYAML",
            Writer::EveryField => "every field",
            Writer::Figures => "figures",
            Writer::Windows => "Windows (BOM, CRLF)",
            Writer::PinRussian => "pin (Russian sources)",
            Writer::PinBare => "pin, no settings nor metadata",
        }
    }

    fn directory_suffix(self) -> &'static str {
        match self {
            Writer::Pin => "",
            Writer::PyYaml => "-pyyaml",
            Writer::EveryField => "-everyfield",
            Writer::Figures => "-figures",
            Writer::Windows => "-windows",
            Writer::PinRussian => "-russian",
            Writer::PinBare => "-bare",
        }
    }

    /// The language the row's articles are generated in.
    fn script(self) -> Script {
        match self {
            Writer::PinRussian => Script::Cyrillic,
            _ => Script::Latin,
        }
    }

    /// Writes the generated claim files again as this writer would; false if it could
    /// not (PyYAML not installed).
    fn rewrite(self, root: &Path) -> bool {
        let edit: fn(&str, &mut generate::Lcg) -> String = match self {
            Writer::Pin | Writer::PinRussian => return true,
            Writer::PinBare => return without_settings_nor_metadata(root),
            Writer::PyYaml => return written_again_by_pyyaml(root),
            Writer::EveryField => |text, _| with_every_field(text),
            Writer::Figures => with_figures,
            Writer::Windows => |text, _| format!("\u{feff}{}", text.replace('\n', "\r\n")),
        };
        let mut random = generate::Lcg::new(2026);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("claims"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, edit(&text, &mut random)).unwrap();
        }
        true
    }
}

/// Removes `root`'s `claimcheck.toml` and every source's metadata file.
fn without_settings_nor_metadata(root: &Path) -> bool {
    std::fs::remove_file(root.join("claimcheck.toml")).unwrap();
    for entry in std::fs::read_dir(root.join("sources")).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".meta.yaml") {
            std::fs::remove_file(path).unwrap();
        }
    }
    true
}

/// `allow: []` after each statement, an empty `credibility:` after each suffix.
fn with_every_field(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("  statement: ") {
            out.push_str("  allow: []\n");
        } else if line.starts_with("    suffix: ") {
            out.push_str("    credibility:\n");
        }
    }
    out
}

/// Each claim's statement made from its first quote (see [`Writer::Figures`]).
fn with_figures(text: &str, random: &mut generate::Lcg) -> String {
    let claims: Vec<String> = text
        .split("\n- id: ")
        .map(|claim| {
            let Some(quote) = claim
                .lines()
                .find_map(|line| line.strip_prefix("    quote: \""))
            else {
                return claim.to_owned();
            };
            let words: Vec<&str> = quote.trim_end_matches('"').split(' ').take(12).collect();
            let statement = format!(
                "  statement: \"{}, which likely means {} rockets were fired in 20{}.\"",
                words.join(" ").replace('"', ""),
                2 + random.below(89),
                10 + random.below(15)
            );
            claim
                .lines()
                .map(|line| {
                    if line.starts_with("  statement: ") {
                        statement.clone()
                    } else {
                        line.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    claims.join("\n- id: ") + "\n"
}

/// Writes the claim files at `root` again as PyYAML's `yaml.dump` does
/// (`benches/corpus/redump.py`); false when Python or PyYAML is missing.
fn written_again_by_pyyaml(root: &Path) -> bool {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/corpus/redump.py");
    Command::new("python3")
        .arg(script)
        .arg(root)
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Median time of loading (reading and parsing) the project, in this process.
fn parse(root: &Path) -> Duration {
    median(
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let project = claimcheck_engine::load::load(root).unwrap();
                assert!(!project.claims.is_empty());
                started.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let smoke = std::env::args().any(|arg| arg == "--smoke");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    if std::env::args().any(|arg| arg == "--whole-text") {
        whole_text_shapes(&base);
        return;
    }
    if std::env::args().any(|arg| arg == "--formats") {
        formats(&base.join(FIGURES_CORPUS));
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{cores} cores; 7 rounds of floor, cold, first and warm run back to back: medians of \
         each, and of each round's ratio to its floor; parse: median of 3. cold: `--no-cache`; \
         first: the cache empty, filled by the run; warm: cache filled, then one claim file \
         changed\n"
    );
    println!(
        "| sources | pins | drifted | claims a file | claim files by | a source | input | floor | parse | cold | cold ÷ floor | first | first ÷ floor | warm | warm ÷ floor | pins/s (cold) | MB/s (cold) | peak memory (cold) | memory ÷ input |"
    );
    println!(
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    // (sources, pins, drifted fraction, claims per claim file, who wrote the claim
    // files, bytes a source): the README's shapes (with 5,000 claim files of ten
    // claims, a claim file per article read, and one file of every claim), then
    // claim files as scripts and an analyst write them, then a few large sources
    // with thousands of pins each.
    let sizes = [
        (250, 6_250, 0.0, 250, Writer::Pin, 4_000),
        (500, 12_500, 0.0, 250, Writer::Pin, 4_000),
        (1_000, 25_000, 0.0, 250, Writer::Pin, 4_000),
        (2_000, 50_000, 0.0, 250, Writer::Pin, 4_000),
        (2_000, 50_000, 0.05, 250, Writer::Pin, 4_000),
        (2_000, 50_000, 1.0, 250, Writer::Pin, 4_000),
        (2_000, 50_000, 0.0, 1_000, Writer::Pin, 4_000),
        (2_000, 50_000, 0.0, 10, Writer::Pin, 4_000),
        (2_000, 50_000, 0.0, 50_000, Writer::Pin, 4_000),
        (2_000, 50_000, 0.0, 1_000, Writer::PinBare, 4_000),
        (2_000, 50_000, 0.0, 250, Writer::PyYaml, 4_000),
        (2_000, 50_000, 0.0, 250, Writer::EveryField, 4_000),
        (2_000, 50_000, 0.0, 250, Writer::Figures, 4_000),
        (2_000, 50_000, 0.0, 250, Writer::Windows, 4_000),
        (2_000, 50_000, 0.05, 250, Writer::PinRussian, 4_000),
        (700, 35_000, 0.03, 350, Writer::Pin, 40_000),
        (10, 20_000, 0.0, 500, Writer::Pin, 3_000_000),
        // A shape no earlier session measured or tuned for (issue 20's "a product
        // whose shape you have not seen"): articles of 12 KB, claim files of 80
        // claims, 2% of pins drifted.
        (400, 16_000, 0.02, 80, Writer::Pin, 12_000),
    ];
    let writers_only = std::env::args().any(|arg| arg == "--writers");
    let sizes_only = std::env::args().any(|arg| arg == "--sizes");
    let row = std::env::args().skip_while(|arg| arg != "--row").nth(1);
    let mut peer_rows = Vec::new();
    for (sources, pins, drifted, per_file, writer, source_bytes) in sizes
        .into_iter()
        .filter(|row| !writers_only || row.4 != Writer::Pin)
        .filter(|row| !sizes_only || row.5 != 4_000)
        .take(if smoke { 1 } else { sizes.len() })
    {
        let root = base.join(format!(
            "s{sources}-p{pins}-d{}-c{per_file}{}-b{source_bytes}",
            (drifted * 100.0) as u32,
            writer.directory_suffix()
        ));
        let name = root.file_name().unwrap_or_default().to_string_lossy();
        if row.as_ref().is_some_and(|row| !name.contains(row.as_str())) {
            continue;
        }
        // Written last, so that a corpus whose generation was cut short is made again
        // (not every corpus keeps a `claimcheck.toml` to tell).
        let generated = root.join("generated");
        if !generated.exists() {
            let _ = std::fs::remove_dir_all(&root);
            generate::generate_in(
                &root,
                (sources, pins, drifted),
                2026,
                per_file,
                source_bytes,
                writer.script(),
            );
            if !writer.rewrite(&root) {
                let _ = std::fs::remove_dir_all(&root);
                println!(
                    "| {sources} | {pins} | – | {per_file} | {} | {} | skipped: python3 with PyYAML not found |",
                    writer.label(),
                    size_label(source_bytes)
                );
                continue;
            }
            std::fs::write(&generated, "").unwrap();
        }
        let bytes: u64 = files(&root)
            .iter()
            .map(|path| std::fs::metadata(path).unwrap().len())
            .sum();
        let parse = parse(&root);
        let measured = measure(&root, if smoke { 1 } else { 7 });
        let (floor, check, warm) = (measured.floor, measured.cold, measured.warm);
        let mb = bytes as f64 / 1e6;
        if drifted == 0.0 && writer == Writer::Pin && source_bytes == 4_000 {
            peer_rows.push((sources, pins, per_file, check, floor, python_peer(&root)));
        }
        println!(
            "| {sources} | {pins} | {:.0}% | {per_file} | {} | {} | {mb:.1} MB | {:.0} ms | {:.0} ms | {:.0} ms | {:.1}× | {:.0} ms | {:.1}× | {:.0} ms | {:.1}× | {:.0} | {:.1} | {:.0} MB | {:.1}× |",
            drifted * 100.0,
            writer.label(),
            size_label(source_bytes),
            floor.as_secs_f64() * 1000.0,
            parse.as_secs_f64() * 1000.0,
            check.as_secs_f64() * 1000.0,
            measured.cold_ratio,
            measured.first.as_secs_f64() * 1000.0,
            measured.first_ratio,
            warm.as_secs_f64() * 1000.0,
            measured.warm_ratio,
            pins as f64 / check.as_secs_f64(),
            mb / check.as_secs_f64(),
            measured.peak_kib as f64 / 1024.0,
            (measured.peak_kib as f64 * 1024.0) / bytes as f64,
        );
    }
    print_peer(&peer_rows);
    if !smoke && !writers_only && !sizes_only && row.is_none() {
        formats(&base.join(FIGURES_CORPUS));
        partitioned(&base.join("s2000-p50000-d0-c250-b4000"));
        whole_text_shapes(&base);
    }
}

/// A source's size as the table prints it: `4 KB`, `3 MB`.
fn size_label(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{} KB", bytes / 1_000)
    }
}

/// Changed pins whose search the gram index cannot narrow, each reading the whole
/// source (see README, *Searches of a whole source*): 16 MB of one letter with 2,000
/// pins quoting 20-60 letters and a `b`, 16 MB of two letters with 2,000 pins quoting
/// 40 of them, and 16 MB of the extraction benchmark's words with 200 changed figures
/// of 10-15 characters. Then intact pins in sources whose every run of letters recurs,
/// which made filling the skeleton's table take time in the square of the source's
/// length: 16 MB of one letter with 3 pins, and 16 MB of one line repeated with 100.
/// Cold, `--no-cache`, median of 3, with how many pins were left unsearched.
fn whole_text_shapes(base: &Path) {
    println!(
        "\nsearches of a whole source (cold, `--no-cache`, median of 3):\n\n| source | pins | time | peak memory | left unsearched |\n|---|---:|---:|---:|---:|"
    );
    for (name, pins) in [
        ("one-letter", 2_000),
        ("two-letters", 2_000),
        ("prose-figures", 200),
        ("one-letter-intact", 3),
        ("one-line-intact", 100),
    ] {
        let root = base.join(format!("whole-text-{name}"));
        if !root.join("claimcheck.toml").exists() {
            let _ = std::fs::remove_dir_all(&root);
            match name {
                "one-letter" => one_letter_project(&root, pins),
                "two-letters" => two_letters_project(&root, pins),
                "one-letter-intact" => intact_project(&root, "a".repeat(16_000_000), 60, pins),
                "one-line-intact" => intact_project(
                    &root,
                    "The same line of the transcript, repeated.\n".repeat(372_093),
                    42,
                    pins,
                ),
                _ => prose_figures_project(&root, pins),
            }
        }
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..3 {
            let (time, kib) = check_once(&root, &["--no-cache"]);
            times.push(time);
            peak = peak.max(kib);
        }
        let output = in_corpus(env!("CARGO_BIN_EXE_claimcheck"), &root)
            .args(["check", "--no-cache", "--format", "json"])
            .output()
            .unwrap();
        let unsearched = String::from_utf8_lossy(&output.stdout)
            .matches("was not searched for")
            .count();
        println!(
            "| 16 MB {name} | {pins} | {:.2} s | {:.0} MB | {unsearched} |",
            median(times).as_secs_f64(),
            peak as f64 / 1024.0
        );
    }
}

/// A claim file of `pins` claims, each citing `source` with `(quote, span start)`.
fn write_pins(root: &Path, source: &str, text: &str, pins: &[(String, usize)]) {
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::write(root.join("sources").join(format!("{source}.txt")), text).unwrap();
    let mut claims = String::new();
    for (n, (quote, start)) in pins.iter().enumerate() {
        claims.push_str(&format!(
            "- id: c{n}\n  statement: \"Claim {n}.\"\n  evidence:\n  - source: {source}\n    quote: \"{quote}\"\n    span: {start}..{}\n    sha256: {}\n",
            start + quote.len(),
            claimcheck_engine::hash::sha256_hex(quote.as_bytes())
        ));
    }
    std::fs::write(root.join("claims/c.yaml"), claims).unwrap();
    std::fs::write(
        root.join("claimcheck.toml"),
        "[severity]\nclaim-single-source = \"allow\"\nsource-no-metadata = \"allow\"\nstatement-unsupported = \"allow\"\n",
    )
    .unwrap();
}

/// `text`, and `pins` intact pins of `length` bytes spread evenly over it, each at a
/// multiple of `length + 1` bytes (a line's start, where that is the lines' length).
fn intact_project(root: &Path, text: String, length: usize, pins: usize) {
    let step = text.len() / pins / (length + 1) * (length + 1);
    let quotes: Vec<(String, usize)> = (0..pins)
        .map(|n| (text[n * step..n * step + length].to_owned(), n * step))
        .collect();
    write_pins(root, "letters", &text, &quotes);
}

/// 16 MB of `a`, and pins quoting runs of it ending in a `b` the source does not have.
fn one_letter_project(root: &Path, pins: usize) {
    let text = "a".repeat(16_000_000);
    let quotes: Vec<(String, usize)> = (0..pins)
        .map(|n| (format!("{}b", "a".repeat(20 + n % 40)), n * 7_000))
        .collect();
    write_pins(root, "letters", &text, &quotes);
}

/// 16 MB of `a` and `b` in random order, and pins quoting 40 of them that the source
/// does not have: every gram of a quote is at a million places, so even where the
/// quote is not takes a read of the text to say.
fn two_letters_project(root: &Path, pins: usize) {
    let mut random = generate::Lcg::new(2026);
    let mut letters = || -> String {
        (0..40)
            .map(|_| if random.below(2) == 0 { 'a' } else { 'b' })
            .collect()
    };
    let text: String = (0..400_000).map(|_| letters()).collect();
    let quotes: Vec<(String, usize)> = (0..pins).map(|n| (letters(), n * 7_000)).collect();
    write_pins(root, "letters", &text, &quotes);
}

/// 16 MB of words in a deterministic random order with `pins` figures (a word and four
/// digits) spread through it, each pinned and then edited in one digit.
fn prose_figures_project(root: &Path, pins: usize) {
    let all_words = claimcheck_test_support::extraction::article_words();
    let words: Vec<&str> = all_words
        .iter()
        .map(String::as_str)
        .filter(|word| word.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    let mut random = generate::Lcg::new(2026);
    let mut text = String::with_capacity(16_000_100);
    let mut quotes = Vec::new();
    let stride = 16_000_000 / pins;
    while text.len() < 16_000_000 {
        if text.len() / stride + 1 > quotes.len() && quotes.len() < pins {
            let word = words[random.below(words.len())];
            let quote = format!("{word} {}", 1000 + random.below(9000));
            quotes.push((quote.clone(), text.len()));
            text.push_str(&quote);
        } else {
            text.push_str(words[random.below(words.len())]);
        }
        text.push(' ');
    }
    let mut edited = text.clone().into_bytes();
    for (quote, start) in &quotes {
        let digit = start + quote.len() - 2;
        edited[digit] = b'0' + (edited[digit] - b'0' + 1) % 10;
    }
    write_pins(root, "prose", &String::from_utf8(edited).unwrap(), &quotes);
}
