//! The drift accuracy benchmark: real articles (the example's sources), many pinned
//! sentences, realistic re-capture edits, and a count of correct re-anchors, wrong
//! anchors (which must be zero), orphans and ambiguities, with the time taken.
//! Shared by `cargo bench --bench drift_accuracy` (the table) and a test (zero wrong).

use std::path::Path;
use std::time::{Duration, Instant};

use claimcheck_engine::anchor::normalize::Profile;
use claimcheck_engine::anchor::relocate::{
    DEFAULT_DRIFT_THRESHOLD, PinToFind, Relocation, SearchableSource, context_around, relocate,
};
use claimcheck_engine::hash::sha256;
use claimcheck_engine::model::pinned_span::PinnedSpan;

/// A pinned sentence: its text and context when pinned.
struct Pinned {
    quote: String,
    sha256: [u8; 32],
    span: PinnedSpan,
    prefix: String,
    suffix: String,
}

/// One piece of an article: a pinned sentence (by index) or the text between them.
#[derive(Clone)]
enum Piece {
    Text(String),
    Sentence(usize, String),
}

/// The kinds of re-capture edit measured.
pub const EDITS: &[&str] = &[
    "paragraph inserted at top",
    "lines re-wrapped",
    "quote marks changed",
    "one-word copy edit",
    "sentences deleted",
    "phrases repeated",
    "phrases repeated, pins without context",
];

#[derive(Default, Clone)]
pub struct Tally {
    pub pins: usize,
    pub correct: usize,
    pub wrong: usize,
    pub orphaned: usize,
    pub ambiguous: usize,
    pub time: Duration,
}

/// Small deterministic generator: the benchmark gives the same table every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
}

/// Splits an article into pieces, pinning every sentence of 40 to 300 characters that
/// occurs once in it.
fn pieces(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut sentence = 0;
    for (at, mark) in text.match_indices(['.', '\n']) {
        let end = if mark == "." { at + 1 } else { at };
        if end <= start {
            continue;
        }
        let candidate = text[start..end].trim_start();
        let candidate_start = end - candidate.len();
        let chars = candidate.chars().count();
        if (40..=300).contains(&chars) && text.matches(candidate).count() == 1 {
            pieces.push(Piece::Text(text[start..candidate_start].to_owned()));
            pieces.push(Piece::Sentence(sentence, candidate.to_owned()));
            sentence += 1;
            start = end;
        }
    }
    pieces.push(Piece::Text(text[start..].to_owned()));
    pieces
}

/// The text of `pieces`, and where each pinned sentence (by index) is in it.
fn join(pieces: &[Piece], sentences: usize) -> (String, Vec<Option<PinnedSpan>>) {
    let mut text = String::new();
    let mut spans = vec![None; sentences];
    for piece in pieces {
        match piece {
            Piece::Text(part) => text.push_str(part),
            Piece::Sentence(index, sentence) => {
                spans[*index] = Some(PinnedSpan::new(text.len(), text.len() + sentence.len()));
                text.push_str(sentence);
            }
        }
    }
    (text, spans)
}

/// The pieces after an edit of `kind`.
fn edit(kind: &str, pieces: &[Piece], random: &mut Lcg) -> Vec<Piece> {
    let mut edited: Vec<Piece> = Vec::new();
    match kind {
        "paragraph inserted at top" => {
            edited.push(Piece::Text(
                "Editor\u{2019}s note: this article was updated with new reporting.\n\n".into(),
            ));
            edited.extend(pieces.iter().cloned());
        }
        "phrases repeated" | "phrases repeated, pins without context" => {
            // Pull quotes: copies of some pinned sentences above the article, so the
            // pins move and each copied one has two exact candidates.
            for piece in pieces {
                if let Piece::Sentence(_, sentence) = piece
                    && random.one_in(4)
                {
                    edited.push(Piece::Text(format!("Key quote: {sentence}\n\n")));
                }
            }
            edited.extend(pieces.iter().cloned());
        }
        _ => {
            for piece in pieces {
                let Piece::Sentence(index, sentence) = piece else {
                    edited.push(piece.clone());
                    continue;
                };
                let sentence = match kind {
                    "lines re-wrapped" => rewrap(sentence),
                    "quote marks changed" => swap_quote_marks(sentence),
                    "one-word copy edit" if random.one_in(3) => change_one_word(sentence, random),
                    "sentences deleted" if random.one_in(4) => continue,
                    _ => sentence.clone(),
                };
                edited.push(Piece::Sentence(*index, sentence));
            }
        }
    }
    edited
}

fn rewrap(sentence: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in sentence.split(' ') {
        if column > 60 {
            out.push('\n');
            column = 0;
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        column += word.chars().count() + 1;
    }
    out
}

fn swap_quote_marks(sentence: &str) -> String {
    sentence
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\'' => '\u{2019}',
            '"' => '\u{201D}',
            '\u{00A0}' => ' ',
            c => c,
        })
        .collect()
}

fn change_one_word(sentence: &str, random: &mut Lcg) -> String {
    let words: Vec<&str> = sentence.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4)
        .collect();
    if long.is_empty() {
        return sentence.to_owned();
    }
    let target = long[random.next() as usize % long.len()];
    let replacement = ["reportedly", "several", "Tuesday", "officials"][random.next() as usize % 4];
    let edited: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, word)| if i == target { replacement } else { word })
        .collect();
    edited.join(" ")
}

/// Shared length over combined length of two spans.
fn overlap(a: PinnedSpan, b: PinnedSpan) -> f64 {
    let shared = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    shared as f64 / (a.end.max(b.end) - a.start.min(b.start)) as f64
}

/// Runs every edit kind on every article in `sources_dir`: one tally per edit kind.
pub fn run(sources_dir: &Path) -> Vec<(&'static str, Tally)> {
    let mut articles: Vec<String> = std::fs::read_dir(sources_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    articles.sort();
    let mut random = Lcg(2026);
    EDITS
        .iter()
        .map(|&kind| {
            let mut tally = Tally::default();
            for article in &articles {
                measure(kind, article, &mut random, &mut tally);
            }
            (kind, tally)
        })
        .collect()
}

fn measure(kind: &str, article: &str, random: &mut Lcg, tally: &mut Tally) {
    let original = pieces(article);
    let sentences = original
        .iter()
        .filter(|piece| matches!(piece, Piece::Sentence(..)))
        .count();
    let (text, spans) = join(&original, sentences);
    let pins: Vec<Pinned> = spans
        .iter()
        .flatten()
        .map(|&span| {
            let quote = text[span.range()].to_owned();
            let (prefix, suffix) = context_around(&text, span);
            Pinned {
                sha256: sha256(quote.as_bytes()),
                quote,
                span,
                prefix: prefix.into(),
                suffix: suffix.into(),
            }
        })
        .collect();
    let (edited, truth) = join(&edit(kind, &original, random), sentences);
    let started = Instant::now();
    let searchable = SearchableSource::new(&edited, Profile::Typing);
    for (pin, truth) in pins.iter().zip(&truth) {
        tally.pins += 1;
        if edited
            .get(pin.span.range())
            .is_some_and(|now| sha256(now.as_bytes()) == pin.sha256)
        {
            // Unmoved and intact: nothing to re-anchor.
            tally.correct += 1;
            continue;
        }
        let with_context = !kind.ends_with("without context");
        let to_find = PinToFind {
            quote: &pin.quote,
            sha256: pin.sha256,
            span: pin.span,
            prefix: Some(pin.prefix.as_str()).filter(|_| with_context),
            suffix: Some(pin.suffix.as_str()).filter(|_| with_context),
        };
        let found = match relocate(&searchable, &to_find, DEFAULT_DRIFT_THRESHOLD) {
            Relocation::Moved { found }
            | Relocation::Normalized { found }
            | Relocation::Drifted { found, .. } => Some(found),
            Relocation::Ambiguous { .. } => {
                tally.ambiguous += 1;
                None
            }
            Relocation::Orphaned | Relocation::TooLong { .. } => {
                tally.orphaned += 1;
                None
            }
        };
        match (found, truth) {
            (Some(found), Some(truth)) if overlap(found, *truth) >= 0.8 => tally.correct += 1,
            (Some(_), _) => tally.wrong += 1,
            // A deleted sentence left unanchored is the right answer.
            (None, None) => tally.correct += 1,
            (None, Some(_)) => {}
        }
    }
    tally.time += started.elapsed();
}

/// The results as a Markdown table.
pub fn table(results: &[(&str, Tally)]) -> String {
    let mut out = String::from(
        "| edit | pins | correct | wrong anchors | orphaned | ambiguous | time |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (kind, tally) in results {
        out.push_str(&format!(
            "| {kind} | {} | {} | {} | {} | {} | {:.1} ms |\n",
            tally.pins,
            tally.correct,
            tally.wrong,
            tally.orphaned,
            tally.ambiguous,
            tally.time.as_secs_f64() * 1000.0
        ));
    }
    out
}
