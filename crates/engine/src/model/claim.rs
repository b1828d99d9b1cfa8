//! `Claim` and `Evidence`: what an analyst asserts and the pinned quotes behind it.

use std::borrow::Cow;

use super::code::Code;
use super::entity::EntityRef;
use super::estimative::{TERMS, Term, terms_at, terms_in};
use super::fact::{Acknowledgement, EvidenceValue, Fact, Stance};
use super::judgement::{Basis, StatedConfidence};
use super::location::{Location, Place};
use super::pinned_span::PinnedSpan;
use super::stated::{Kept, Reading};
use super::value::Value;

/// One claim from a claim file, with the places its parts were written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    pub id: String,
    pub statement: String,
    pub evidence: Vec<Evidence>,
    /// Findings this claim is allowed to have, each with the analyst's reason.
    pub allow: Vec<Suppression>,
    /// Entities the claim is about, by id or spelling.
    pub entities: Vec<EntityRef>,
    /// What the claim states as data, if it does.
    /// Boxed: few claims state a fact, and every claim would carry its size.
    pub fact: Option<Box<Fact>>,
    /// Conflicts the analysts reviewed, with their rationale.
    pub acknowledgements: Vec<Acknowledgement>,
    /// How confident the analyst is in the claim, if stated.
    pub confidence: Option<StatedConfidence>,
    /// The claims this one rests on (`based-on`): a judgement built on other claims.
    pub based_on: Vec<Basis>,
    /// Where the claim's `id` value is.
    pub location: Location,
    /// Where its `statement` value is, in the file of `location`.
    pub statement_place: Place,
    /// What its statement states (numbers, months), if read when its file was parsed.
    pub statement_reading: Option<Kept<Reading>>,
    /// The estimative terms its statement uses, as indices into [`TERMS`], if read
    /// when its file was parsed.
    pub estimative: Option<Kept<Vec<u8>>>,
}

impl Claim {
    /// Where its `statement` value is.
    pub fn statement_location(&self) -> Location {
        self.location.with_place(self.statement_place)
    }

    /// Whether its quotes are looked in, its statement stating `statement`: for a
    /// number or month the statement states, or a count the claim gives. Most
    /// statements state no figure and most claims give no count.
    pub fn quotes_are_read_for(&self, statement: &Reading) -> bool {
        let gives_counts = self
            .fact
            .as_ref()
            .is_some_and(|fact| matches!(fact.value, Value::Count { .. }))
            || self
                .evidence
                .iter()
                .any(|evidence| evidence.value.is_some());
        gives_counts || !statement.numbers.is_empty() || !statement.months.is_empty()
    }

    /// What its statement states: as read when its file was parsed, or read now.
    pub fn statement_states(&self) -> Cow<'_, Reading> {
        match kept(self.statement_reading.as_ref(), &self.statement) {
            Some(reading) => Cow::Borrowed(reading),
            None => Cow::Owned(Reading::of(&self.statement)),
        }
    }

    /// The estimative terms its statement uses, in order: as read when its file was
    /// parsed, or read now.
    pub fn estimative_terms(&self) -> Vec<&'static Term> {
        match kept(self.estimative.as_ref(), &self.statement) {
            Some(indices) => terms_at(indices).collect(),
            None => terms_in(&self.statement)
                .iter()
                .filter_map(|found| TERMS.get(usize::from(found.index)))
                .collect(),
        }
    }

    /// Reads its statement and its quotes now, to keep with it (and in the cache): the
    /// statement's numbers, months and quotes' when `statements`, its estimative
    /// terms when `estimative`.
    pub fn read(&mut self, statements: bool, estimative: bool) {
        if statements {
            let reading = Reading::of(&self.statement);
            if self.quotes_are_read_for(&reading) {
                for evidence in &mut self.evidence {
                    let reading = Reading::of(&evidence.quote);
                    evidence.quote_reading = Some(Box::new(Kept::new(&evidence.quote, reading)));
                }
            }
            self.statement_reading = Some(Kept::new(&self.statement, reading));
        }
        if estimative {
            let terms = terms_in(&self.statement);
            let indices = terms.iter().map(|found| found.index).collect();
            self.estimative = Some(Kept::new(&self.statement, indices));
        }
    }
}

/// What `reading` kept of `text`, if it kept something and `text` is what it read.
fn kept<'k, T>(reading: Option<&'k Kept<T>>, text: &str) -> Option<&'k T> {
    reading?.of_text(text)
}

/// An inline suppression: `allow: [{code, reason}]` on a claim.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    pub code: Code,
    pub reason: String,
    /// Where the `code` value is.
    pub location: Location,
}

/// One pinned quote: the exact bytes `span` of `source`, whose SHA-256 is `sha256`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub source: String,
    pub quote: String,
    pub span: PinnedSpan,
    /// The SHA-256 of the pinned bytes (written as 64 hex digits). Held as bytes: a
    /// pin's check compares it with the span's hash, 50,000 times in a large product,
    /// and as a string it was one more allocation to read (and to make) for each.
    #[serde(with = "crate::hash::digest_bytes")]
    pub sha256: [u8; 32],
    /// Source text just before and after the span when it was pinned, to tell apart
    /// candidate places if the source changes.
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Where the evidence entry starts.
    pub location: Location,
    /// Where its values are, in the file of `location` (see the methods of the same
    /// names ending in `location`).
    pub source_place: Place,
    pub quote_place: Place,
    pub span_place: Place,
    pub sha256_place: Place,
    pub prefix_place: Option<Place>,
    pub suffix_place: Option<Place>,
    /// How the evidence bears on the claim (supports unless written otherwise).
    pub stance: Stance,
    /// What this source says of the fact's value, if written.
    /// Boxed, as `Claim::fact`.
    pub value: Option<Box<EvidenceValue>>,
    /// The Admiralty credibility of the information, 1 (confirmed) to 6 (cannot be
    /// judged), if rated.
    pub credibility: Option<u8>,
    /// What its quote states (numbers, months), if read when its file was parsed.
    /// Boxed: a quote is read only where its claim's statement states a figure, and
    /// every pin would carry the reading's size (56 of an `Evidence`'s 352 bytes, in
    /// fresh pages 50,000 times over in a large product).
    pub quote_reading: Option<Box<Kept<Reading>>>,
}

impl Evidence {
    pub fn source_location(&self) -> Location {
        self.location.with_place(self.source_place)
    }

    pub fn quote_location(&self) -> Location {
        self.location.with_place(self.quote_place)
    }

    pub fn span_location(&self) -> Location {
        self.location.with_place(self.span_place)
    }

    pub fn sha256_location(&self) -> Location {
        self.location.with_place(self.sha256_place)
    }

    pub fn prefix_location(&self) -> Option<Location> {
        self.prefix_place
            .map(|place| self.location.with_place(place))
    }

    pub fn suffix_location(&self) -> Option<Location> {
        self.suffix_place
            .map(|place| self.location.with_place(place))
    }

    /// What its quote states: as read when its file was parsed, or read now.
    pub fn quote_states(&self) -> Cow<'_, Reading> {
        match kept(self.quote_reading.as_deref(), &self.quote) {
            Some(reading) => Cow::Borrowed(reading),
            None => Cow::Owned(Reading::of(&self.quote)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(text: &str) -> Claim {
        let (mut claims, problems) = crate::load::parse_claim_file("claims/c.yaml", text);
        assert!(problems.is_empty(), "{problems:?}");
        claims.remove(0)
    }

    /// A claim read when its file is parsed states what one read later does; one not
    /// read is read when asked.
    #[test]
    fn what_was_read_is_what_reading_now_gives() {
        let text = "- id: c\n  statement: \"Very likely 1,400 died in March, almost certainly\"\n  evidence:\n  - source: s\n    quote: \"Five dozen in May\"\n    span: 0..17\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n";
        let unread = claim(text);
        assert_eq!(unread.statement_reading, None);
        assert_eq!(unread.estimative, None);
        let mut read = unread.clone();
        read.read(true, true);
        assert!(read.statement_reading.is_some() && read.estimative.is_some());
        assert_eq!(read.statement_states(), unread.statement_states());
        assert_eq!(read.statement_states().numbers.len(), 1);
        assert_eq!(read.statement_states().months.len(), 1);
        let words = |claim: &Claim| -> Vec<&str> {
            claim
                .estimative_terms()
                .iter()
                .map(|term| term.words)
                .collect()
        };
        assert_eq!(words(&read), ["very likely", "almost certainly"]);
        assert_eq!(words(&read), words(&unread));
        let (said, unsaid) = (&read.evidence[0], &unread.evidence[0]);
        assert!(said.quote_reading.is_some() && unsaid.quote_reading.is_none());
        assert_eq!(said.quote_states(), unsaid.quote_states());
        assert_eq!(said.quote_states().numbers[0].written(&said.quote), "Five");
        let mut statement_only = unread.clone();
        statement_only.read(true, false);
        assert!(statement_only.estimative.is_none());
        // A statement that states no figure sends nobody to its quotes.
        let mut figureless = claim(&text.replace("1,400 died in March", "many died"));
        figureless.read(true, true);
        assert!(figureless.statement_reading.is_some());
        assert!(figureless.evidence[0].quote_reading.is_none());
        // Changed in place after it was read: read again, not answered from before.
        let mut changed = read.clone();
        changed.statement = "Unlikely: 7 in June".into();
        changed.evidence[0].quote = "none".into();
        assert_eq!(changed.statement_states().numbers[0].value, 7.0);
        assert_eq!(changed.statement_states().months[0].value, 6);
        let changed_words: Vec<&str> = changed.estimative_terms().iter().map(|t| t.words).collect();
        assert_eq!(changed_words, ["unlikely"]);
        assert!(changed.evidence[0].quote_states().numbers.is_empty());
    }
}
