//! A deterministic benchmark corpus: `sources` articles of a few KB (UTF-8 with curly
//! quotes and no-break spaces, like the seeds) with metadata, and claim files holding
//! `pins` pins made the way `pin` makes them; then, optionally, a fraction of the pinned
//! sources re-captured so their pins drift (moved, normalized, one word changed).
//! Shared by `benches/corpus_check.rs` and `tests/corpus.rs`.

use std::fmt::Write as _;
use std::path::Path;

use claimcheck_engine::edit::NewEvidence;
use claimcheck_engine::model::pinned_span::PinnedSpan;

const WORDS: &[&str] = &[
    "rocket",
    "attack",
    "base",
    "officials",
    "militia",
    "coalition",
    "forces",
    "Iraq",
    "Baghdad",
    "embassy",
    "strike",
    "drone",
    "ceasefire",
    "troops",
    "withdrawal",
    "government",
    "parliament",
    "security",
    "group",
    "commander",
    "analysts",
    "pressure",
    "leverage",
    "sanctions",
    "talks",
    "statement",
    "minister",
    "report",
    "said",
    "would",
    "after",
    "before",
    "during",
    "against",
    "several",
    "three",
    "dozen",
    "hundred",
];

/// The same vocabulary in Russian, for sources outside ASCII (two bytes a letter).
const RUSSIAN_WORDS: &[&str] = &[
    "ракета",
    "нападение",
    "база",
    "чиновники",
    "ополчение",
    "коалиция",
    "силы",
    "Ирак",
    "Багдад",
    "посольство",
    "удар",
    "беспилотник",
    "перемирие",
    "войска",
    "вывод",
    "правительство",
    "парламент",
    "безопасность",
    "группа",
    "командир",
    "аналитики",
    "давление",
    "рычаги",
    "санкции",
    "переговоры",
    "заявление",
    "министр",
    "доклад",
    "сказал",
    "будет",
    "после",
    "до",
    "во время",
    "против",
    "несколько",
    "три",
    "дюжина",
    "сто",
];

/// The language of the generated articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// English words (ASCII, with curly quotes and no-break spaces).
    Latin,
    /// Russian words: nearly every character outside ASCII.
    Cyrillic,
}

impl Script {
    fn words(self) -> &'static [&'static str] {
        match self {
            Script::Latin => WORDS,
            Script::Cyrillic => RUSSIAN_WORDS,
        }
    }
}

/// Small deterministic generator.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// An article of about `bytes` bytes: sentences with the seeds' typography; returns
/// its text and sentence spans.
fn article(
    random: &mut Lcg,
    number: usize,
    bytes: usize,
    words: &[&str],
) -> (String, Vec<PinnedSpan>) {
    let mut text = format!(
        "Article {number}: “{} {}” — a report\n\n",
        words[random.below(words.len())],
        words[random.below(words.len())]
    );
    let mut sentences = Vec::new();
    while text.len() < bytes {
        let start = text.len();
        let length = 8 + random.below(14);
        let mut sentence = String::new();
        for index in 0..length {
            let word = words[random.below(words.len())];
            let separator = if index == 0 {
                ""
            } else if random.below(25) == 0 {
                "\u{00A0}"
            } else {
                " "
            };
            let _ = write!(sentence, "{separator}{word}");
        }
        if random.below(4) == 0 {
            sentence = format!(
                "“{sentence}”, the {}’s spokesman said",
                words[random.below(words.len())]
            );
        }
        // The number makes every sentence unique, as quotes in real articles mostly are.
        let _ = write!(text, "{sentence} {number}-{}.", sentences.len());
        sentences.push(PinnedSpan::new(start, text.len()));
        text.push(if random.below(5) == 0 { '\n' } else { ' ' });
    }
    (text, sentences)
}

/// Writes the corpus into `dir` (which should be empty), `claims_per_file` claims to a
/// claim file, sources of about 4 KB.
pub fn generate(
    dir: &Path,
    sources: usize,
    pins: usize,
    drifted_fraction: f64,
    seed: u64,
    claims_per_file: usize,
) {
    generate_sized(
        dir,
        sources,
        pins,
        drifted_fraction,
        seed,
        claims_per_file,
        4000,
    );
}

/// [`generate`] with sources of about `source_bytes` bytes.
pub fn generate_sized(
    dir: &Path,
    sources: usize,
    pins: usize,
    drifted_fraction: f64,
    seed: u64,
    claims_per_file: usize,
    source_bytes: usize,
) {
    generate_in(
        dir,
        (sources, pins, drifted_fraction),
        seed,
        claims_per_file,
        source_bytes,
        Script::Latin,
    );
}

/// [`generate_sized`] with articles in `script`; `shape` is (sources, pins, drifted
/// fraction).
pub fn generate_in(
    dir: &Path,
    shape: (usize, usize, f64),
    seed: u64,
    claims_per_file: usize,
    source_bytes: usize,
    script: Script,
) {
    let (sources, pins, drifted_fraction) = shape;
    let words = script.words();
    let mut random = Lcg::new(seed);
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::create_dir_all(dir.join("claims")).unwrap();
    std::fs::write(
        dir.join("claimcheck.toml"),
        "[severity]\nclaim-single-source = \"allow\"\n",
    )
    .unwrap();
    let articles: Vec<(String, Vec<PinnedSpan>)> = (0..sources)
        .map(|n| article(&mut random, n, source_bytes, words))
        .collect();
    for (n, (text, _)) in articles.iter().enumerate() {
        std::fs::write(dir.join(format!("sources/source-{n:05}.txt")), text).unwrap();
        std::fs::write(
            dir.join(format!("sources/source-{n:05}.meta.yaml")),
            format!(
                "title: Article {n}\npublisher: Publisher {}\npublished: 2020-03\nreliability: B\n",
                n % 40
            ),
        )
        .unwrap();
    }
    let mut file = String::new();
    let mut files = 0;
    for pin in 0..pins {
        let source = pin % sources;
        let (text, sentences) = &articles[source];
        let span = sentences[random.below(sentences.len())];
        let evidence = NewEvidence::pinning(&format!("source-{source:05}"), text, span);
        let _ = write!(
            file,
            "- id: claim-{pin:06}\n  statement: \"A claim about the article.\"\n  evidence:\n{}",
            evidence.to_yaml(2, 4)
        );
        if (pin + 1) % claims_per_file == 0 || pin + 1 == pins {
            std::fs::write(dir.join(format!("claims/claims-{files:04}.yaml")), &file).unwrap();
            file.clear();
            files += 1;
        }
    }
    // Re-capture some sources: the pins in them move, lose their typography or drift.
    let drifted_sources = (sources as f64 * drifted_fraction).round() as usize;
    for (n, (text, _)) in articles.iter().enumerate().take(drifted_sources) {
        let recaptured = match n % 3 {
            0 => format!("Updated: this article was re-captured.\n{text}"),
            1 => text.replace(['“', '”'], "\"").replace('\u{00A0}', " "),
            _ => text.replacen(words[1], "assault", 1),
        };
        std::fs::write(dir.join(format!("sources/source-{n:05}.txt")), recaptured).unwrap();
    }
}
