//! How many times an intact pin's quote occurs in its source, both normalized, for
//! `quote-ambiguous`: from the cache's entry for a large source's bytes, else settled
//! as once by the source's skeleton where its letters occur once, else counted (for
//! all the source's quotes in one read, when it has many). A large source's counts,
//! and the quotes its skeleton settled, are kept in the cache for the next run.

use std::sync::{Mutex, OnceLock};

use crate::anchor::normalize::Profile;
use crate::anchor::relocate::SearchableSource;
use crate::cache::{Cache, Key};
use crate::model::source::Source;

/// The counts of one source's quotes, shared by the threads checking its pins. Kept
/// by quote as written: a later run looks each up without normalizing it (a warm run
/// that proves a claim file's pins again looks up every quote of each source cited).
pub struct QuoteCounts<'a> {
    cache: &'a Cache,
    profile: Profile,
    /// Where the cache keeps the source's counts, if it keeps them (a large source).
    key: Option<Key>,
    /// The quotes of the source's pins when they are kept or counted together (see
    /// [`Self::new`]); else empty, and each quote is counted alone.
    quotes: Vec<&'a str>,
    /// The counts the cache's entry has: read the first time a pin asks.
    kept: OnceLock<foldhash::HashMap<String, usize>>,
    /// The counts of the quotes the entry lacks, all counted in one read of the
    /// source the first time a pin needs one.
    counted: OnceLock<foldhash::HashMap<&'a str, usize>>,
    /// Quotes the skeleton showed occur at most once, to keep as counts of 1: a later
    /// run that proves their pins again reads that, not the source.
    settled: Mutex<Vec<&'a str>>,
}

impl<'a> QuoteCounts<'a> {
    /// The counts of the quotes of `source`'s pins under `profile`: kept in `cache`
    /// when it keeps a source this large, and counted together when they are kept or
    /// many. No source, no counts: none of its pins is intact.
    pub fn new(
        cache: &'a Cache,
        profile: Profile,
        source: Option<&Source>,
        quotes: impl ExactSizeIterator<Item = &'a str>,
    ) -> Self {
        let key = source
            .filter(|source| kept_for(cache, source))
            .map(|source| key(source, profile));
        // Kept counts answer however few pins are proven: a warm run whose claim file
        // changed proves a pin or two again in each of the sources it cites.
        let size = source.map_or(0, |source| source.text.len());
        let many = quotes.len() >= MANY_PINS && quotes.len() * size >= SEARCHED_BYTES;
        let quotes = if key.is_some() || many {
            quotes.collect()
        } else {
            Vec::new()
        };
        Self {
            cache,
            profile,
            key,
            quotes,
            kept: OnceLock::new(),
            counted: OnceLock::new(),
            settled: Mutex::new(Vec::new()),
        }
    }

    /// Whether the source's quotes are counted in one read of it when a pin needs a
    /// count, rather than each alone.
    pub fn counted_together(&self) -> bool {
        !self.quotes.is_empty()
    }

    /// The count the cache's entry has for `quote`, if it keeps the source's counts
    /// and has that quote's.
    pub fn kept_count(&self, quote: &str) -> Option<usize> {
        self.key?;
        self.kept().get(quote).copied()
    }

    /// Notes that the skeleton showed `quote` occurs at most once, for the cache.
    pub fn settle(&self, quote: &'a str) {
        if self.key.is_some() {
            lock(&self.settled).push(quote);
        }
    }

    /// How many times the intact pin's quote occurs in `searchable` (its source),
    /// both normalized; `pinned` is the text at its span, which it reads as. With many
    /// quotes, all those the entry lacks are counted in the first such read.
    pub fn count(&self, quote: &str, pinned: &str, searchable: &SearchableSource) -> usize {
        if self.quotes.is_empty() {
            return searchable.count_normalized(pinned);
        }
        self.counted
            .get_or_init(|| self.count_unkept(searchable))
            .get(quote)
            .copied()
            .unwrap_or_else(|| searchable.count_normalized(pinned))
    }

    fn kept(&self) -> &foldhash::HashMap<String, usize> {
        self.kept.get_or_init(|| {
            self.key
                .and_then(|key| self.cache.get::<Vec<(String, usize)>>(key))
                .unwrap_or_default()
                .into_iter()
                .collect()
        })
    }

    /// The counts of the quotes the entry lacks, each normalized once (the needle it
    /// is counted by) and all counted in one read of `searchable`.
    fn count_unkept(&self, searchable: &SearchableSource) -> foldhash::HashMap<&'a str, usize> {
        let kept = self.kept();
        let needles: foldhash::HashMap<&'a str, String> = self
            .quotes
            .iter()
            .filter(|quote| !kept.contains_key(**quote))
            .map(|&quote| (quote, self.profile.normalize_quote(quote)))
            .collect();
        let mut distinct: Vec<&str> = needles
            .values()
            .map(String::as_str)
            .filter(|needle| !needle.is_empty())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let found: foldhash::HashMap<&str, usize> = if distinct.is_empty() {
            foldhash::HashMap::default()
        } else {
            let counts = searchable.count_each_normalized(&distinct);
            distinct.into_iter().zip(counts).collect()
        };
        needles
            .iter()
            .map(|(&quote, needle)| (quote, found.get(needle.as_str()).copied().unwrap_or(0)))
            .collect()
    }

    /// Stores the source's counts in the cache when this run counted or settled a
    /// quote its entry lacked: the entry's, those counted, and 1 for each settled.
    pub fn keep(&self) {
        let Some(key) = self.key else {
            return;
        };
        let settled = std::mem::take(&mut *lock(&self.settled));
        let counted = self.counted.get();
        if settled.is_empty() && counted.is_none_or(|counted| counted.is_empty()) {
            return;
        }
        let mut counts: foldhash::HashMap<&str, usize> = self
            .kept()
            .iter()
            .map(|(quote, count)| (quote.as_str(), *count))
            .collect();
        counts.extend(
            counted
                .into_iter()
                .flatten()
                .map(|(quote, count)| (*quote, *count)),
        );
        for quote in settled {
            counts.entry(quote).or_insert(1);
        }
        let mut entry: Vec<(&str, usize)> = counts.into_iter().collect();
        entry.sort_unstable();
        self.cache.put(key, &entry);
    }
}

/// Marks the kept counts of every source in `cited` (ids, repeats allowed) as needed:
/// the next run that changes one of its pins reads them, whether or not this one did.
pub fn keep_cited<'s>(
    cache: &Cache,
    profile: Profile,
    sources: &foldhash::HashMap<&str, &Source>,
    cited: impl Iterator<Item = &'s str>,
) {
    if !sources.values().any(|source| kept_for(cache, source)) {
        return;
    }
    let cited: foldhash::HashSet<&str> = cited.collect();
    for id in cited {
        if let Some(source) = sources.get(id).filter(|source| kept_for(cache, source)) {
            cache.keep(key(source, profile));
        }
    }
}

/// Whether `cache` keeps the counts of `source`'s quotes (see `KEPT_SOURCE_BYTES`).
fn kept_for(cache: &Cache, source: &Source) -> bool {
    cache.is_enabled() && source.text.len() >= KEPT_SOURCE_BYTES
}

/// The key under which the counts of `source`'s quotes under `profile` are kept.
fn key(source: &Source, profile: Profile) -> Key {
    Cache::key("quote-counts")
        .part(&source.digest)
        .part(format!("{profile:?}").as_bytes())
        .finish()
}

/// How many pins of a source make counting their quotes in one read of it worth it:
/// one read with a lookup at every byte costs about what 16 searches for one quote do
/// (measured on a 3 MB source), and its set-up about what 16 reads of 64 KB do. With
/// as many searched bytes (pins times the source's size), 700 sources of 40 KB with 50
/// pins each took 10% less CPU to check than with a search per pin; 2,000 sources of
/// 4 KB with 25 pins each took 8% more.
const MANY_PINS: usize = 16;
const SEARCHED_BYTES: usize = MANY_PINS * 64 * 1024;

/// Counts of the quotes of a source from this size on are kept in the cache: for a
/// smaller one, reading an entry costs about what normalizing the source and counting
/// again does.
const KEPT_SOURCE_BYTES: usize = 32 * 1024;

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A thread that panicked holding it left a list of quotes, whole.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
