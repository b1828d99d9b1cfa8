//! The layout `claimcheck pin` writes, and most hand-written files keep, read in one
//! pass: each claim a dash at column 0 with its keys at column 2, its evidence entries
//! dashes at column 2 with their keys at column 4, every value a scalar (`entities` and
//! `based-on` flow lists of ids, `evidence` possibly `[]`). Each value goes into its
//! claim as it is met. The general reader first indexes every line, gathers each
//! mapping's entries, then sorts them into fields: on 1,000-claim files that was most
//! of reading them. A claim in any other layout is handed to the general reader, which
//! reads the same claims from what both read: property tests hold the two to it.

use super::scalar;
use super::{
    ClaimFields, EVIDENCE_KEYS, Field, Written, evidence_from_fields, holds_yaml, same_key, text,
    words, written_entry,
};
use crate::load::raw_claim::{At, RawClaim, RawEvidence};

/// The column of a claim's keys, and of the dashes of its evidence entries.
const CLAIM_COLUMN: usize = 2;
/// The column of an evidence entry's keys.
const ENTRY_COLUMN: usize = 4;

pub(super) struct PinnedReader<'a> {
    text: &'a str,
    /// Where the YAML starts: after a byte-order mark, which is a character of the
    /// first line.
    body: usize,
    /// The index in `line_starts` of the next line to read.
    next: usize,
    /// The index of the line where this reader stops (the end of its part).
    end: usize,
    /// 0, then the byte after each line feed of the text: the line index's, found in
    /// one vectorized pass before reading, where searching for each line's end as it
    /// was read took 2% more of reading a 1,000-claim file.
    line_starts: &'a [u32],
}

/// Where a reader stood, to go back to when a claim is not in this layout.
pub(super) struct Mark {
    next: usize,
}

/// A line passed: its number (from 1), and where it starts.
#[derive(Clone, Copy)]
struct Passed {
    number: u32,
    start: usize,
    /// Whether a byte-order mark, one character, comes before `start` on the line.
    after_mark: bool,
}

impl Passed {
    /// Where `line` is, in a text whose YAML starts at byte `body`.
    fn of(line: Line, body: usize) -> Self {
        Self {
            // Claim files are limited far below 4 G lines.
            number: (line.index + 1) as u32,
            start: line.start,
            after_mark: line.index == 0 && body > 0,
        }
    }

    /// Notes where `at`, a value on this line, is: the text before it on the line is
    /// ASCII (indentation, a dash, a known key, a colon, spaces).
    fn note<T>(self, at: &mut At<T>) {
        at.line = self.number;
        // Claim files are limited far below 4 GiB.
        at.column = (at.offset - self.start + 1 + usize::from(self.after_mark)) as u32;
    }
}

/// A line: its index in the line starts, where it starts, where its content ends
/// (before `\n` or `\r\n`), and how many spaces indent it.
#[derive(Clone, Copy)]
struct Line {
    index: usize,
    start: usize,
    end: usize,
    indent: usize,
}

/// The keys of a claim this reader reads.
const CLAIM_KEYS: [&str; 6] = [
    "id",
    "statement",
    "confidence",
    "entities",
    "based-on",
    "evidence",
];

impl<'a> PinnedReader<'a> {
    /// A reader of the lines `part` of `text`, whose lines start at `line_starts`,
    /// its YAML from byte `body` on (after a byte-order mark).
    pub(super) fn new(
        text: &'a str,
        body: usize,
        line_starts: &'a [u32],
        part: std::ops::Range<usize>,
    ) -> Self {
        Self {
            text,
            body,
            next: part.start,
            end: part.end,
            line_starts,
        }
    }

    /// Whether the next line to read starts at byte `at` (or the text ends there):
    /// not past it, as a value read on into the lines after its part would leave the
    /// reader.
    pub(super) fn is_at(&self, at: usize) -> bool {
        self.start_of(self.next).unwrap_or(self.text.len()) == at
    }

    /// Where the line at `index` of the line starts begins (the first after the
    /// byte-order mark); `None` past the text's last line start.
    fn start_of(&self, index: usize) -> Option<usize> {
        match index {
            0 => Some(self.body),
            _ => self.line_starts.get(index).map(|&start| start as usize),
        }
    }

    /// Where the next line that holds YAML starts, blank and comment lines passed;
    /// `None` at the end of the text.
    pub(super) fn next_line(&mut self) -> Option<usize> {
        self.peek().map(|line| line.start)
    }

    pub(super) fn mark(&self) -> Mark {
        Mark { next: self.next }
    }

    pub(super) fn rewind(&mut self, mark: Mark) {
        self.next = mark.next;
    }

    /// Goes on at `end` (where a line starts, or the text's end), the lines up to it
    /// read elsewhere.
    pub(super) fn skip_read(&mut self, end: usize) {
        self.pass_to(end);
    }

    /// The claim at the next line, or `None` when it is not in this layout (the
    /// reader is then anywhere in it: go back to a mark).
    pub(super) fn claim(&mut self) -> Option<RawClaim> {
        let mut line = self.peek()?;
        if line.indent != 0 || !self.text[line.start..line.end].starts_with("- ") {
            return None;
        }
        let mut fields = ClaimFields::default();
        let mut seen = [false; CLAIM_KEYS.len()];
        let mut key_at = line.start + CLAIM_COLUMN;
        loop {
            let passed = self.pass_line(line);
            let entry = written_entry(self.text, key_at, line.end)?;
            let slot = CLAIM_KEYS.iter().position(|key| same_key(key, entry.key))?;
            // A repeated key is the full parser's to report.
            if std::mem::replace(&mut seen[slot], true) {
                return None;
            }
            let mut scalar = || text(Some(self.scalar(&entry, CLAIM_COLUMN, passed)?));
            match CLAIM_KEYS[slot] {
                "id" => fields.id = scalar()?,
                "statement" => fields.statement = scalar()?,
                "confidence" => fields.confidence = scalar()?,
                "entities" => fields.entities = list(&entry, Some(passed))?,
                "based-on" => fields.based_on = list(&entry, Some(passed))?,
                // `evidence`, the last of `CLAIM_KEYS`.
                _ => fields.evidence = Some(self.evidence(&entry)?),
            }
            match self.peek() {
                Some(next) if next.indent == CLAIM_COLUMN => {
                    line = next;
                    key_at = next.start + CLAIM_COLUMN;
                }
                _ => break,
            }
        }
        fields.into_claim()
    }

    /// A claim's evidence: `[]`, or entries whose dashes are at the claim's column.
    fn evidence(&mut self, entry: &Written<'a>) -> Option<Vec<At<RawEvidence>>> {
        if !entry.value.is_empty() {
            return list(entry, None)?.is_empty().then(Vec::new);
        }
        // Exactly sized most of the time: most claims cite one passage.
        let mut entries = Vec::with_capacity(1);
        while let Some(line) = self.peek()
            && line.indent == CLAIM_COLUMN
            && self.text[line.start + CLAIM_COLUMN..line.end].starts_with("- ")
        {
            entries.push(self.evidence_entry(line)?);
        }
        (!entries.is_empty()).then_some(entries)
    }

    /// The evidence entry whose dash is on `line`.
    fn evidence_entry(&mut self, mut line: Line) -> Option<At<RawEvidence>> {
        let at = line.start + ENTRY_COLUMN;
        if self.text.as_bytes().get(at) == Some(&b' ') {
            return None;
        }
        let mut fields: [Field; EVIDENCE_KEYS.len()] = Default::default();
        let mut key_at = at;
        // Where the entry is: its dash's line.
        let first_line = Passed::of(line, self.body);
        loop {
            let passed = self.pass_line(line);
            let entry = written_entry(self.text, key_at, line.end)?;
            let slot = EVIDENCE_KEYS
                .iter()
                .position(|key| same_key(key, entry.key))?;
            if fields[slot].is_some() {
                return None;
            }
            fields[slot] = Some(self.scalar(&entry, ENTRY_COLUMN, passed)?);
            match self.peek() {
                Some(next) if next.indent == ENTRY_COLUMN => {
                    line = next;
                    key_at = next.start + ENTRY_COLUMN;
                }
                _ => break,
            }
        }
        let mut evidence = evidence_from_fields(at, fields)?;
        first_line.note(&mut evidence);
        Some(evidence)
    }

    /// The scalar value of `entry`, whose key is at `column` on the line `passed`;
    /// `None` for an empty value (a nested collection, or null), a flow list, or what
    /// is not text (`null` too).
    fn scalar(
        &mut self,
        entry: &Written<'a>,
        column: usize,
        passed: Passed,
    ) -> Option<(At<String>, bool)> {
        if !entry.spaced || entry.value.is_empty() || entry.value.starts_with(['#', '[']) {
            return None;
        }
        let line_end = entry.value_at + entry.value.len();
        let mut scalar = scalar::scalar(self.text, entry.value_at, line_end, column)?;
        self.pass_to(scalar.resume);
        // A block scalar's text starts on a later line.
        if scalar.at.offset <= line_end {
            passed.note(&mut scalar.at);
        }
        Some((scalar.at, !scalar.plain))
    }

    /// The next line that holds YAML, blank and comment lines passed.
    fn peek(&mut self) -> Option<Line> {
        while let Some(line) = self.line(self.next) {
            if holds_yaml(&self.text[line.start + line.indent..line.end]) {
                return Some(line);
            }
            self.pass_line(line);
        }
        None
    }

    /// The line at `index` of the line starts; `None` past the part's last line.
    fn line(&self, index: usize) -> Option<Line> {
        if index >= self.end {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start = self.start_of(index)?;
        if start >= bytes.len() {
            return None;
        }
        let end = match self.line_starts.get(index + 1) {
            // Before the line feed ending the line, and a carriage return before it.
            Some(&next) => scalar::line_content_end(bytes, start, next as usize - 1),
            None => bytes.len(),
        };
        Some(Line {
            index,
            start,
            end,
            indent: scalar::indent_of(&self.text[start..end]),
        })
    }

    /// Moves to the line after `line`, returning where `line` is.
    fn pass_line(&mut self, line: Line) -> Passed {
        self.next = line.index + 1;
        Passed::of(line, self.body)
    }

    /// Moves to byte `to`, a line's start at or after the next, past the lines a
    /// scalar spread over.
    fn pass_to(&mut self, to: usize) {
        // Most scalars end on the line they start on: the next line is looked at first.
        while self
            .line_starts
            .get(self.next)
            .is_some_and(|&start| (start as usize) < to)
        {
            self.next += 1;
        }
    }
}

/// The flow list of ids that is `entry`'s value (`[a, b]`), on the line `passed`
/// when known.
fn list(entry: &Written<'_>, passed: Option<Passed>) -> Option<Vec<At<String>>> {
    let flow = entry.value.strip_prefix('[').filter(|_| entry.spaced)?;
    let mut items = words(flow, entry.value_at + 1)?;
    if let Some(passed) = passed {
        // Plain words: the text before each on the line is ASCII too.
        items.iter_mut().for_each(|item| passed.note(item));
    }
    Some(items)
}
