//! The `typing` normalization profile: what differs between a quote as a person types
//! it and the same words in a captured article, folded away, with a map from every
//! normalized byte back to the original bytes it came from.
//!
//! The profile, in order:
//! 1. Unicode NFKC, cluster by cluster (a character and its combining marks), so
//!    ligatures, full-width forms and composed accents compare equal.
//! 2. Curly and other typographic single quotes and apostrophes become `'`; double
//!    quotes become `"`.
//! 3. Hyphens and dashes (‐ ‑ ‒ – — ― −) become `-`, and a run of them one `-`, so
//!    `--` typed for an em dash matches.
//! 4. Any run of white space (spaces, tabs, line breaks, no-break spaces, other
//!    Unicode spaces) becomes one space.
//! 5. Zero-width characters and soft hyphens are dropped.
//!
//! Letter case is kept: a change of case can change meaning (US / us).

use std::cell::RefCell;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

use crate::char_memo::CharMemo;

/// A normalization profile: which differences between a typed quote and a source
/// matching ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The profile described in this module's documentation.
    #[default]
    Typing,
    /// No normalization: a quote matches only byte for byte.
    Exact,
}

impl Profile {
    pub const NAMES: &'static [&'static str] = &["typing", "exact"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "typing" => Some(Profile::Typing),
            "exact" => Some(Profile::Exact),
            _ => None,
        }
    }

    /// `text` normalized by this profile, with its map back to the original bytes.
    pub fn normalize(self, text: &str) -> NormalizedText {
        match self {
            Profile::Typing => normalize(text),
            Profile::Exact => NormalizedText {
                text: text.to_owned(),
                segments: vec![Segment {
                    normalized: 0,
                    original_start: 0,
                    original_end: 0,
                    linear: true,
                }],
                profile: Profile::Exact,
            },
        }
    }

    /// A typed quote normalized by this profile (the typing profile also trims it).
    pub fn normalize_quote(self, quote: &str) -> String {
        match self {
            Profile::Typing => normalize_quote(quote),
            Profile::Exact => quote.to_owned(),
        }
    }
}

/// A text after normalization, with the original byte range behind each byte.
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    pub text: String,
    /// The map back to the original, as runs: most text maps byte for byte (a linear
    /// run), so the map costs a few bytes per run, not eight per byte.
    segments: Vec<Segment>,
    /// The profile the text was normalized by, which quotes searched in it must share.
    pub profile: Profile,
}

/// Normalized bytes from `normalized` up to the next segment: in a linear run, byte `i`
/// comes from original byte `original_start + i`; otherwise every byte comes from the
/// whole cluster `original_start..original_end` (a folded or collapsed character).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Segment {
    normalized: u32,
    original_start: u32,
    original_end: u32,
    linear: bool,
}

impl NormalizedText {
    fn segment_at(&self, position: usize) -> &Segment {
        let index = self
            .segments
            .partition_point(|segment| segment.normalized as usize <= position);
        &self.segments[index.saturating_sub(1)]
    }

    /// The original byte range that produced normalized bytes `start..end` (non-empty).
    pub fn original_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let (first, last) = (self.segment_at(start), self.segment_at(end - 1));
        let from = if first.linear {
            first.original_start as usize + (start - first.normalized as usize)
        } else {
            first.original_start as usize
        };
        let to = if last.linear {
            last.original_start as usize + (end - 1 - last.normalized as usize) + 1
        } else {
            last.original_end as usize
        };
        from..to
    }

    /// The normalization of the text that follows, appended: a linear run continued
    /// across the cut stays one segment.
    fn append(&mut self, next: NormalizedText) {
        let position = self.text.len() as u32;
        let last = self.segments.last().copied();
        let continues = |first: &Segment| {
            last.is_some_and(|last| {
                first.linear
                    && last.linear
                    && first.normalized == 0
                    && last.original_start + (position - last.normalized) == first.original_start
            })
        };
        let mut segments = next.segments.into_iter().peekable();
        if segments.peek().is_some_and(continues) {
            segments.next();
        }
        self.segments.extend(segments.map(|segment| Segment {
            normalized: segment.normalized + position,
            ..segment
        }));
        self.text.push_str(&next.text);
    }

    /// Text that is its own normal form, from original byte `start`.
    fn push_identity(&mut self, same: &str, start: usize) {
        let position = self.text.len();
        let continues = self.segments.last().is_some_and(|last| {
            last.linear
                && last.original_start as usize + (position - last.normalized as usize) == start
        });
        if !continues {
            self.segments.push(Segment {
                normalized: position as u32,
                original_start: start as u32,
                original_end: 0,
                linear: true,
            });
        }
        self.text.push_str(same);
    }

    fn push(&mut self, normalized: char, start: usize, end: usize) {
        match normalized {
            ' ' if self.text.ends_with(' ') => self.extend_last(end),
            '-' if self.text.ends_with('-') => self.extend_last(end),
            _ => {
                let same_cluster = self.segments.last().is_some_and(|last| {
                    !last.linear
                        && last.original_start as usize == start
                        && last.original_end as usize == end
                });
                if !same_cluster {
                    self.segments.push(Segment {
                        normalized: self.text.len() as u32,
                        original_start: start as u32,
                        original_end: end as u32,
                        linear: false,
                    });
                }
                self.text.push(normalized);
            }
        }
    }

    /// A collapsed run (spaces, dashes) grows to `end`. A lone space copied as it is
    /// (the end of a linear run) becomes a cluster of its own first, so that the run's
    /// every byte maps to it.
    fn extend_last(&mut self, end: usize) {
        let Some(&last) = self.segments.last() else {
            return;
        };
        if last.linear {
            let at = self.text.len() - 1;
            let cluster = Segment {
                normalized: at as u32,
                original_start: last.original_start + (at as u32 - last.normalized),
                original_end: end as u32,
                linear: false,
            };
            if last.normalized as usize == at {
                self.segments.pop();
            }
            self.segments.push(cluster);
        } else if let Some(last) = self.segments.last_mut() {
            last.original_end = end as u32;
        }
    }
}

/// Texts from this size on are normalized in parts, one thread a part.
const IN_PARTS_FROM_BYTES: usize = 4 << 20;

/// Normalizes `text` by the `typing` profile (see the module documentation).
///
/// Offsets are kept as `u32`: sources are limited far below 4 GiB.
pub fn normalize(text: &str) -> NormalizedText {
    if text.len() < IN_PARTS_FROM_BYTES {
        return normalize_range(text, 0, text.len());
    }
    normalize_in_parts(text, super::parallel::threads())
}

/// `text` normalized as `count` parts on their own threads, joined. The parts are cut
/// between two ASCII letters, digits or punctuation other than `-`: nothing carries
/// across such a cut (no run of spaces or dashes, no combining mark, and the text
/// before it ends in neither), so the joined parts are the text normalized whole.
fn normalize_in_parts(text: &str, count: usize) -> NormalizedText {
    let bytes = text.as_bytes();
    let cuts = super::parallel::cuts(text, count, |at| {
        at > 0 && graphic(bytes[at - 1]) && graphic(bytes[at])
    });
    let parts: Vec<(usize, usize)> = cuts.windows(2).map(|cut| (cut[0], cut[1])).collect();
    // The first part's text has room for all (pages are only resident once written),
    // so the others are appended without a second copy of the whole.
    let normalized = super::parallel::each(parts, |(start, end)| {
        normalize_range(
            &text[..end],
            start,
            if start == 0 { text.len() } else { end - start },
        )
    });
    let mut parts = normalized.into_iter();
    let mut joined = parts.next().unwrap_or_default();
    for part in parts {
        joined.append(part);
    }
    joined
}

/// `text` from byte `at` on, normalized, its map in `text`'s offsets (`capacity`: the
/// bytes to make room for).
fn normalize_range(text: &str, mut at: usize, capacity: usize) -> NormalizedText {
    let mut out = NormalizedText {
        text: String::with_capacity(capacity),
        segments: Vec::new(),
        profile: Profile::Typing,
    };
    UNICODE_KINDS.with_borrow_mut(|kinds| {
        while at < text.len() {
            // Most of an article is runs of words and single spaces, their own normal
            // form: copied whole, one map segment for the run.
            let after = out.text.as_bytes().last().copied();
            let mut run = identity_run(text.as_bytes(), at, after);
            if run == at {
                run = unicode_identity_run(text, at, after, kinds);
            }
            if run > at {
                out.push_identity(&text[at..run], at);
                at = run;
            } else {
                at = normalize_cluster(text, at, &mut out);
            }
        }
    });
    out
}

/// Where the run of characters from `at` that normalize to themselves ends, for text
/// outside ASCII: characters that are their own normal form alone ([`UnicodeKind`])
/// and single spaces before them (`after`: the last byte normalized so far). The last
/// character stays out when a combining mark follows it. [`identity_run`] takes the
/// ASCII runs between.
fn unicode_identity_run(
    text: &str,
    at: usize,
    mut after: Option<u8>,
    kinds: &mut CharMemo<UnicodeKind>,
) -> usize {
    // One look-up a character: a space is taken with the character after it.
    let mut kind = |c: char| {
        if c.is_ascii() {
            UnicodeKind::Ascii
        } else {
            kinds.get(c, unicode_kind)
        }
    };
    let (mut end, mut last) = (at, 0);
    let mut chars = text[at..].chars();
    while let Some(c) = chars.next() {
        let (taken, next) = if c == ' ' && after != Some(b' ') {
            (1, chars.next())
        } else {
            (0, Some(c))
        };
        let Some(next) = next else { break };
        match kind(next) {
            UnicodeKind::SelfNormal => {
                last = next.len_utf8();
                end += taken + last;
                after = None;
            }
            UnicodeKind::Mark if taken == 0 => return end - last,
            _ => break,
        }
    }
    end
}

/// What normalization does to a character, as far as [`unicode_identity_run`] needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum UnicodeKind {
    /// A combining mark: it joins the cluster before it.
    #[default]
    Mark,
    /// Outside ASCII, not a combining mark, changed by normalizing it alone.
    Starter,
    /// Outside ASCII, its own normal form alone: NFKC and the folds leave it as it is.
    SelfNormal,
    /// ASCII (its rules are [`identity_run`]'s): never a combining mark.
    Ascii,
}

/// The [`UnicodeKind`] of a character outside ASCII.
fn unicode_kind(c: char) -> UnicodeKind {
    if !is_starter(c) {
        UnicodeKind::Mark
    } else if fold(c) == Some(c) && std::iter::once(c).nfkc().eq(std::iter::once(c)) {
        UnicodeKind::SelfNormal
    } else {
        UnicodeKind::Starter
    }
}

thread_local! {
    /// Each thread's answers of [`unicode_kind`], kept between texts.
    static UNICODE_KINDS: RefCell<CharMemo<UnicodeKind>> = RefCell::new(CharMemo::new());
    /// Each thread's answers of [`LetterTest::leaves_ascii_alphanumerics`] outside ASCII.
    static LEAVING_KINDS: RefCell<CharMemo<bool>> = RefCell::new(CharMemo::new());
}

/// Runs `body` with a [`LetterTest`] holding this thread's memo of its answers, borrowed
/// once for a whole text: a text in another script asks it of every character.
pub fn with_letter_test<R>(body: impl FnOnce(&mut LetterTest) -> R) -> R {
    LEAVING_KINDS.with_borrow_mut(|memo| body(&mut LetterTest { memo }))
}

/// Tells which characters leave a text's ASCII letters and digits as they are.
pub struct LetterTest<'m> {
    memo: &'m mut CharMemo<bool>,
}

impl LetterTest<'_> {
    /// Whether the typing profile leaves the ASCII letters and digits of any text `c`
    /// stands in as they are: it makes none of `c` (as it does of a ligature, a
    /// full-width letter or a superscript digit), and `c` is no combining mark, which
    /// would compose with a letter before it. Dropping `c` (a zero-width space) or
    /// folding it to punctuation or a space leaves them. Every ASCII character does.
    pub fn leaves_ascii_alphanumerics(&mut self, c: char) -> bool {
        c.is_ascii()
            || self.memo.get(c, |c| {
                is_starter(c)
                    && std::iter::once(c)
                        .nfkc()
                        .filter_map(fold)
                        .all(|made| !made.is_ascii_alphanumeric())
            })
    }
}

/// Where the run of bytes from `at` that normalize to themselves ends: ASCII letters,
/// digits and punctuation, single spaces between them and single hyphens before them
/// (`after`: the last byte normalized so far, which a space or hyphen must not
/// repeat). The last byte stays out when a non-ASCII character follows it, which may
/// be a combining mark.
fn identity_run(bytes: &[u8], at: usize, mut after: Option<u8>) -> usize {
    let mut end = at;
    'run: loop {
        // Eight bytes at a time through words and single spaces: byte by byte, the
        // branches on every space were most of normalizing an article.
        while let Some(chunk) = bytes.get(end..end + 8) {
            let eight = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if !identity_chunk(eight, after, bytes.get(end + 8).copied()) {
                break;
            }
            after = Some(chunk[7]);
            end += 8;
        }
        let stop = (end + 8).min(bytes.len());
        while end < stop {
            let byte = bytes[end];
            // A space or hyphen is its own normal form alone: not after another (runs
            // collapse), and before an ASCII character that does not join it.
            let lone = |joins: fn(u8) -> bool| {
                after != Some(byte) && bytes.get(end + 1).is_some_and(|&next| !joins(next))
            };
            let identity = graphic(byte)
                || (byte == b' ' && lone(|next| !printable(next)))
                || (byte == b'-' && lone(|next| !graphic(next)));
            if !identity {
                break 'run;
            }
            after = Some(byte);
            end += 1;
        }
        if end == bytes.len() {
            break;
        }
    }
    if end > at && bytes.get(end).is_some_and(|next| !next.is_ascii()) {
        end -= 1;
    }
    end
}

/// ASCII letters, digits and punctuation.
fn printable(byte: u8) -> bool {
    (0x21..=0x7E).contains(&byte)
}

/// ASCII letters, digits and punctuation other than `-`.
fn graphic(byte: u8) -> bool {
    printable(byte) && byte != b'-'
}

/// Whether each of the eight bytes of `chunk` (little-endian; the byte normalized
/// before them `before`, the one after them `next`) is its own normal form by the
/// rules of [`identity_run`], judged together: a mask per kind of byte (its high bit
/// set for each byte of that kind; exact, as every byte is ASCII), spaces and hyphens
/// checked against the masks of their neighbours.
fn identity_chunk(chunk: u64, before: Option<u8>, next: Option<u8>) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES * 0x80;
    if chunk & HIGHS != 0 {
        return false;
    }
    let at_least = |least: u8| (chunk + ONES * u64::from(0x80 - least)) & HIGHS;
    let equal = |byte: u8| {
        let differs = chunk ^ (ONES * u64::from(byte));
        !((differs + ONES * 0x7F) | differs) & HIGHS
    };
    let printables = at_least(0x21) & !at_least(0x7F);
    let spaces = equal(b' ');
    let hyphens = equal(b'-');
    let graphics = printables & !hyphens;
    if printables | spaces != HIGHS {
        return false;
    }
    let high = |byte: Option<u8>, kind: fn(u8) -> bool| u64::from(byte.is_some_and(kind)) << 7;
    let printable_next = (printables >> 8) | (high(next, printable) << 56);
    let graphic_next = (graphics >> 8) | (high(next, graphic) << 56);
    let space_before = (spaces << 8) | high(before, |byte| byte == b' ');
    let hyphen_before = (hyphens << 8) | high(before, |byte| byte == b'-');
    spaces & !printable_next == 0
        && spaces & space_before == 0
        && hyphens & !graphic_next == 0
        && hyphens & hyphen_before == 0
}

/// Normalizes the one cluster (a character and the combining marks after it) at byte
/// `start` of `text` into `out`; returns where the next one starts.
fn normalize_cluster(text: &str, start: usize, out: &mut NormalizedText) -> usize {
    let mut clusters = text[start..].char_indices().peekable();
    let Some((_, first)) = clusters.next() else {
        return text.len();
    };
    let mut end = start + first.len_utf8();
    // A lone space between words is its own normal form too: keeping it in the linear
    // run keeps the map small (most text is words and single spaces).
    let lone_space = first == ' '
        && !out.text.ends_with(' ')
        && clusters
            .peek()
            .is_some_and(|&(_, next)| !next.is_whitespace() && is_starter(next));
    // So is a hyphen alone between ASCII letters, digits or punctuation.
    let lone_hyphen = first == '-'
        && !out.text.ends_with('-')
        && clusters
            .peek()
            .is_some_and(|&(_, next)| next.is_ascii_graphic() && next != '-');
    // ASCII letters, digits and punctuation are already normal, unless a combining
    // mark follows.
    let identity = lone_space
        || lone_hyphen
        || (first.is_ascii()
            && !first.is_whitespace()
            && first != '-'
            && clusters.peek().is_none_or(|&(_, next)| is_starter(next)));
    if identity {
        out.push_identity(&text[start..end], start);
        return end;
    }
    while let Some(&(offset, next)) = clusters.peek() {
        if is_starter(next) {
            break;
        }
        end = start + offset + next.len_utf8();
        clusters.next();
    }
    // A character alone whose compatibility decomposition is one character is that
    // character composed: no composition iterator to build, which was a sixth of
    // normalizing an article with a curly quote or no-break space every line.
    if end == start + first.len_utf8()
        && let Some(single) = single_decomposition(first)
    {
        if let Some(folded) = fold(single) {
            out.push(folded, start, end);
        }
        return end;
    }
    for composed in text[start..end].nfkc() {
        if let Some(folded) = fold(composed) {
            out.push(folded, start, end);
        }
    }
    end
}

/// The one character `c` decomposes to under compatibility decomposition (itself when
/// it has none), or `None` when it decomposes to several.
fn single_decomposition(c: char) -> Option<char> {
    let mut single = None;
    let mut count = 0;
    decompose_compatible(c, |part| {
        single = Some(part);
        count += 1;
    });
    single.filter(|_| count == 1)
}

/// True when `c` starts a new cluster (is not a combining mark); ASCII is answered
/// without the table look-up, which dominated normalizing mostly-ASCII articles.
fn is_starter(c: char) -> bool {
    c.is_ascii() || canonical_combining_class(c) == 0
}

/// The longest stretch of `quote` (at least one byte) that every profile leaves as it
/// is wherever the quote stands in a text: characters that are their own normal form
/// alone (ASCII letters, digits and punctuation other than `-`, and most letters of
/// other scripts), with single spaces between them, ending before a character of the
/// quote that is no combining mark (one could join the stretch's last character).
/// Where a text holds the quote byte for byte, its normalized text holds this
/// stretch, mapped byte for byte to the same bytes.
pub fn self_normal_stretch(quote: &str) -> Option<std::ops::Range<usize>> {
    let chars: Vec<(usize, char, UnicodeKind)> = UNICODE_KINDS.with_borrow_mut(|kinds| {
        quote
            .char_indices()
            .map(|(at, c)| {
                let kind = match c {
                    c if c.is_ascii() && graphic(c as u8) => UnicodeKind::SelfNormal,
                    c if c.is_ascii() => UnicodeKind::Ascii,
                    c => kinds.get(c, unicode_kind),
                };
                (at, c, kind)
            })
            .collect()
    });
    let stays = |at: usize| {
        chars
            .get(at)
            .is_some_and(|c| c.2 == UnicodeKind::SelfNormal)
    };
    let lone_space = |at: usize| chars[at].1 == ' ' && at > 0 && stays(at - 1) && stays(at + 1);
    let mut longest: Option<std::ops::Range<usize>> = None;
    let mut at = 0;
    while at < chars.len() {
        if !stays(at) {
            at += 1;
            continue;
        }
        let start = at;
        while at < chars.len() && (stays(at) || lone_space(at)) {
            at += 1;
        }
        let end = match chars.get(at) {
            Some(next) if next.2 != UnicodeKind::Mark => at,
            _ => at - 1,
        };
        if end > start {
            let bytes = chars[start].0..chars[end - 1].0 + chars[end - 1].1.len_utf8();
            if longest
                .as_ref()
                .is_none_or(|longest| bytes.len() > longest.len())
            {
                longest = Some(bytes);
            }
        }
    }
    longest
}

/// Normalizes a typed quote: the profile, then leading and trailing space trimmed.
pub fn normalize_quote(quote: &str) -> String {
    // A quote that is its own normal form throughout (ASCII words, single spaces)
    // needs no map built: `normalize` would copy it whole as one identity run.
    if identity_run(quote.as_bytes(), 0, None) == quote.len() {
        return quote.trim_matches(' ').to_owned();
    }
    normalize(quote).text.trim_matches(' ').to_owned()
}

/// What one character becomes under the profile; `None` drops it.
fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '-' => '-',
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => return None,
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

/// Names of the kinds of difference the profile folds in `text`, for telling an analyst
/// why a quote needed normalization to match.
pub fn folded_kinds(text: &str) -> Vec<&'static str> {
    let mut kinds = Vec::new();
    let mut note = |kind| {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    };
    for c in text.chars() {
        match c {
            '\u{2018}'..='\u{201F}' | '\u{2032}' | '\u{2033}' | '\u{02BC}' => note("curly quotes"),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => note("dashes"),
            '\u{00A0}' | '\u{202F}' | '\u{2007}' => note("no-break spaces"),
            '\n' | '\r' | '\t' => note("line breaks"),
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                note("invisible characters")
            }
            c if !c.is_ascii() && c.is_whitespace() => note("Unicode spaces"),
            c if !c.is_ascii() && c.nfkc().ne(std::iter::once(c)) => {
                note("Unicode compatibility forms")
            }
            _ => {}
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Normalized in parts on several threads, a text is what it is normalized
        /// whole, map included, whatever stands around the cuts.
        #[test]
        fn a_text_normalized_in_parts_is_the_text_normalized_whole(
            text in "(ab|a|e\u{301}|\u{301}|-|\u{2014}| |  |\n|\u{a0}|\u{200b}|\u{ff41}|’|x.|ж|日){0,80}",
            count in 1usize..6,
        ) {
            let whole = normalize_range(&text, 0, text.len());
            let parts = normalize_in_parts(&text, count);
            prop_assert_eq!(&parts.text, &whole.text);
            prop_assert_eq!(parts.segments, whole.segments);
        }
    }

    #[test]
    fn a_space_run_broken_by_an_invisible_character_maps_back_whole() {
        let normalized = normalize("a \u{200b} b");
        assert_eq!(normalized.text, "a b");
        assert_eq!(normalized.original_range(1, 2), 1..6);
        assert_eq!(normalized.original_range(0, 3), 0..7);
    }

    #[test]
    fn the_self_normal_stretch_ends_before_a_character_that_is_no_combining_mark() {
        fn stretch(quote: &str) -> Option<&str> {
            self_normal_stretch(quote).map(|range| &quote[range])
        }
        // The last character may take a combining mark from the text after the quote.
        assert_eq!(stretch("the US embassy, said"), Some("the US embassy, sai"));
        assert_eq!(stretch("al-Kadhimi said."), Some("Kadhimi said"));
        assert_eq!(stretch("a  b’s cafe\u{301}"), Some("s caf"));
        assert_eq!(stretch("x—y"), Some("x"));
        // Other scripts' letters are their own normal form too; a combining mark joins
        // the character before it, and a ligature or full-width letter is folded.
        assert_eq!(stretch("日本語"), Some("日本"));
        assert_eq!(stretch("в Багдаде заявили"), Some("в Багдаде заявил"));
        assert_eq!(stretch("Cafe\u{301} ﬁne"), Some("Caf"));
        assert_eq!(stretch("ｗｏｒｄ"), None);
    }

    /// Every character alone that the shortcut takes normalizes as the full NFKC
    /// composition of it would.
    #[test]
    fn a_single_decomposition_is_the_composed_character() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(single) = single_decomposition(c) {
                let composed: Vec<char> = std::iter::once(c).nfkc().collect();
                assert_eq!(composed, [single], "U+{:04X}", c as u32);
            }
        }
    }

    /// Normalizing one cluster at a time, without the runs copied whole.
    fn normalize_by_cluster(text: &str) -> NormalizedText {
        let mut out = NormalizedText {
            profile: Profile::Typing,
            ..NormalizedText::default()
        };
        let mut at = 0;
        while at < text.len() {
            at = normalize_cluster(text, at, &mut out);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Runs copied whole give the text that cluster by cluster gives, and map each
        /// of its characters back to the same bytes (a character outside ASCII copied
        /// in a run maps byte for byte, where alone it maps as a whole).
        #[test]
        fn identity_runs_change_nothing(parts in prop::collection::vec(prop::sample::select(vec![
            "word", "a", "1", ".", ",", " ", "  ", "-", "--", "\u{301}", "e\u{301}", "é", "\u{2019}",
            "\u{201C}", "\u{A0}", "\n", "\t", "\u{1}", "\u{7f}", "\u{2014}", "ﬁ", "Å", "\u{327}",
            "longer words", "a b c d e f g h", "well-known", "x-y-z ", "~!@#$%^&*()_+{}", "`[]\\/",
            "слово", "ж", "Ё", "الحكومة", "\u{654}", "日本語", "。", "，", "\u{3000}", "가",
            "\u{1100}\u{1161}", "\u{212A}", "İ", "ǅ", "\u{2028}", "\u{FEFF}", "\u{1F600}",
        ]), 0..60)) {
            let text = parts.concat();
            let (whole, by_cluster) = (normalize(&text), normalize_by_cluster(&text));
            prop_assert_eq!(&whole.text, &by_cluster.text);
            for (at, c) in whole.text.char_indices() {
                let end = at + c.len_utf8();
                prop_assert_eq!(whole.original_range(at, end), by_cluster.original_range(at, end));
            }
        }

        /// Where the text is ASCII, the runs make the very map cluster by cluster does.
        #[test]
        fn identity_runs_of_ascii_make_the_same_segments(parts in prop::collection::vec(prop::sample::select(vec![
            "word", "a", "1", ".", ",", " ", "  ", "-", "--", "\n", "\t", "\u{1}", "\u{7f}",
            "longer words", "a b c d e f g h", "well-known", "x-y-z ", "~!@#$%^&*()_+{}", "`[]\\/",
        ]), 0..60)) {
            let text = parts.concat();
            let (whole, by_cluster) = (normalize(&text), normalize_by_cluster(&text));
            prop_assert_eq!(format!("{:?}", whole.segments), format!("{:?}", by_cluster.segments));
        }

        /// A quote taken as its own normal form is what normalizing it gives.
        #[test]
        fn a_quote_is_normalized_with_or_without_the_shortcut(parts in prop::collection::vec(prop::sample::select(vec![
            "word", "a", "1", ".", " ", "  ", "-", "--", "\u{301}", "é", "\u{2019}", "\u{A0}", "\n",
            "\t", "\u{7f}", "ﬁ", "well-known", "x-y-z ", "~!@#$%^&*()_+{}", "`[]\\/", " a b ",
        ]), 0..30)) {
            let quote = parts.concat();
            let whole = normalize(&quote).text;
            prop_assert_eq!(normalize_quote(&quote), whole.trim_matches(' '));
        }
    }

    #[test]
    fn folds_what_typing_changes() {
        let source =
            "Iran\u{2019}s \u{201C}maximum\u{00A0}pressure\u{201D} \u{2014} 2020\n\n campaign";
        assert_eq!(
            normalize(source).text,
            "Iran's \"maximum pressure\" - 2020 campaign"
        );
    }

    #[test]
    fn maps_every_normalized_byte_back_to_its_origin() {
        let source = "a\u{00A0}\u{00A0}b\u{2014}\u{2014}c";
        let normalized = normalize(source);
        assert_eq!(normalized.text, "a b-c");
        assert_eq!(normalized.original_range(1, 2), 1..5);
        assert_eq!(&source[normalized.original_range(0, 5)], source);
        assert_eq!(&source[normalized.original_range(3, 4)], "\u{2014}\u{2014}");
    }

    #[test]
    fn composes_combining_marks_with_their_base() {
        let decomposed = "Cafe\u{0301} au lait";
        assert_eq!(
            normalize(decomposed).text,
            normalize("Caf\u{00E9} au lait").text
        );
        let normalized = normalize(decomposed);
        let e = normalized.text.find('\u{00E9}').unwrap();
        assert_eq!(normalized.original_range(e, e + 2), 3..6);
    }

    #[test]
    fn drops_invisible_characters() {
        assert_eq!(normalize("co\u{00AD}operate\u{200B}").text, "cooperate");
    }

    #[test]
    fn names_the_differences_it_folds() {
        assert_eq!(
            folded_kinds("Iran\u{2019}s\u{00A0}x"),
            vec!["curly quotes", "no-break spaces"]
        );
    }
}
