//! Pin verification: does each evidence entry's span still hash to its `sha256`, and
//! does its quote still say what the span says? When the hash fails, the relocation
//! engine decides what happened: moved, normalized, drifted, ambiguous or orphaned.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::quote_counts::{self, QuoteCounts};
use super::word_diff::word_diff;
use crate::anchor::locate::places_count;
use crate::anchor::normalize::Profile;
use crate::anchor::relocate::{
    Deferred, MAX_APPROXIMATE_CHARS, PinToFind, Relocation, SearchableSource, percent_similar,
    relocate_bounded, relocate_reading_whole,
};
use crate::anchor::skeleton::Skeleton;
use crate::cache::{Cache, Key};
use crate::hash::sha256;
use crate::load::Project;
use crate::model::claim::{Claim, Evidence};
use crate::model::code::Code;
use crate::model::finding::{Applicability, Details, Finding, Fix};
use crate::model::pinned_span::PinnedSpan;
use crate::model::source::Source;
use crate::progress::Progress;

/// One pin: the claim file it is written in (an index into the project's files), its
/// place among that file's pins, and the evidence entry.
struct Pin<'a> {
    file: usize,
    ordinal: u32,
    claim: &'a Claim,
    evidence: &'a Evidence,
    /// Where relocation put this pin in the run the cache remembers, when its hash
    /// failed then against the very same bytes. Boxed: few pins have one, and a pin
    /// of 64 bytes rather than 40 was 1 MB more of fresh pages at 50,000 pins.
    known: Option<Box<Relocation>>,
}

/// The fewest pins of one claim file worth handing to another core.
const PINS_A_TASK: usize = 1_024;

/// What the cache keeps of a claim file's proven pins: the ordinals of those with
/// findings, each with where relocation put it when its hash failed, so a warm run
/// does not search again for pins that drifted long ago.
type Dirty = Vec<(u32, Option<Relocation>)>;

/// The findings on every pin. With a cache, a claim file whose bytes, cited sources and
/// settings are unchanged since a run that proved it has only its pins with findings
/// checked again; the rest were proven clean against the very same bytes.
pub fn check_pins(project: &Project, cache: &Cache, progress: &dyn Progress) -> Vec<Finding> {
    let files = pins_by_claim_file(project);
    // Each pin looks its source up: hashing the id beats comparing it byte by byte
    // with the ids of an ordered map, which share long prefixes.
    let sources: foldhash::HashMap<&str, &Source> = project
        .sources
        .iter()
        .map(|(id, source)| (id.as_str(), source))
        .collect();
    // A run without a cache has no use for keys. Each names every source its file
    // cites, sorted (50,000 ids in a large product): worked out on all cores, the
    // sources found by hashing their ids.
    let keys: Vec<Option<Key>> = files
        .par_iter()
        .map(|(path, pins)| {
            cache
                .is_enabled()
                .then(|| clean_pins_key(project, &sources, path, pins))
                .flatten()
        })
        .collect();
    // Claim files on all cores: which of their pins to prove, and which missed the cache.
    let per_file: Vec<(Option<Key>, Vec<Pin>)> = files
        .par_iter()
        .zip(keys.par_iter())
        .enumerate()
        .map(|(file, ((_, pins), key))| {
            let dirty: Option<Dirty> = key.and_then(|key| cache.get(key));
            let missed = key.filter(|_| dirty.is_none());
            // A large file's pins on all cores too: one file of 50,000 claims was
            // hashed on one.
            let to_check = pins
                .par_iter()
                .enumerate()
                .with_min_len(PINS_A_TASK)
                .filter_map(|(ordinal, (claim, evidence))| {
                    let ordinal = ordinal as u32;
                    let remembered = dirty.as_deref().map(|dirty| {
                        let at = dirty.binary_search_by_key(&ordinal, |(at, _)| *at).ok()?;
                        Some(dirty[at].1.clone())
                    });
                    let known = match remembered {
                        // No entry: every pin is proven.
                        None => None,
                        // A pin that had findings is proven again.
                        Some(Some(known)) => known,
                        // A pin the cache calls clean is still hashed: as cheap as the
                        // span, and no entry, however it got there, can make a broken
                        // pin pass.
                        Some(None) => {
                            let source = sources.get(evidence.source.as_str()).copied();
                            if still_holds(source, evidence) {
                                return None;
                            }
                            None
                        }
                    };
                    Some(Pin {
                        file,
                        ordinal,
                        claim,
                        evidence,
                        known: known.map(Box::new),
                    })
                })
                .collect();
            (missed, to_check)
        })
        .collect();
    // Each file's pins go to their sources' groups as they are: gathered into one
    // list first, 50,000 pins were 3 MB more of fresh pages to fault in.
    let mut to_check = Vec::with_capacity(files.len());
    // The entries to write: those the cache missed, and those of files where a pin the
    // entry has no relocation for was relocated now (a pin left unsearched last time).
    let mut to_write: Vec<Option<Key>> = vec![None; files.len()];
    let mut remembered = foldhash::HashSet::default();
    for (file, (missed, pins)) in per_file.into_iter().enumerate() {
        to_write[file] = missed;
        remembered.extend(
            pins.iter()
                .filter(|pin| pin.known.is_some())
                .map(|pin| (file, pin.ordinal)),
        );
        to_check.push(pins);
    }
    let cited = files
        .iter()
        .flat_map(|(_, pins)| pins.iter().map(|(_, evidence)| evidence.source.as_str()));
    quote_counts::keep_cited(cache, project.config.normalization, &sources, cited);
    let found = check_by_source(project, cache, &sources, to_check, progress);
    let mut dirty_by_file: Vec<Dirty> = vec![Vec::new(); files.len()];
    let mut findings = Vec::with_capacity(found.len());
    for ((file, ordinal), finding, relocation) in found {
        if relocation.is_some() && !remembered.contains(&(file, ordinal)) {
            to_write[file] = keys[file];
        }
        dirty_by_file[file].push((ordinal, relocation));
        findings.push(finding);
    }
    for (file, key) in to_write.into_iter().enumerate() {
        if let Some(key) = key {
            dirty_by_file[file].sort_unstable_by_key(|(ordinal, _)| *ordinal);
            cache.put(key, &dirty_by_file[file]);
        }
    }
    findings
}

/// Whether `evidence`'s span in `source` (the source it cites) still hashes to its
/// `sha256` and its quote is the span's very bytes: the part of a clean verdict that
/// costs no more than reading the span.
fn still_holds(source: Option<&Source>, evidence: &Evidence) -> bool {
    source.is_some_and(|source| {
        source.text.get(evidence.span.range()) == Some(evidence.quote.as_str())
            && hashes_where_pinned(source, evidence)
    })
}

/// Whether the text at `evidence`'s span of `source` hashes to its `sha256`.
fn hashes_where_pinned(source: &Source, evidence: &Evidence) -> bool {
    let pinned = source.text.get(evidence.span.range());
    pinned.is_some_and(|pinned| hashes_to_pin(pinned, evidence))
}

/// Whether `text` hashes to `evidence`'s `sha256`.
fn hashes_to_pin(text: &str, evidence: &Evidence) -> bool {
    sha256(text.as_bytes()) == evidence.sha256
}

/// Whether `quote` says what `text` says under `profile`: byte for byte (as `pin`
/// writes it, which needs no normalizing) or once both are normalized.
fn reads_as(profile: Profile, quote: &str, text: &str) -> bool {
    quote == text || profile.normalize_quote(quote) == profile.normalize_quote(text)
}

/// Pins grouped by the claim file they are written in, in file order.
fn pins_by_claim_file(project: &Project) -> Vec<(&str, Vec<(&Claim, &Evidence)>)> {
    let mut files: Vec<(&str, Vec<(&Claim, &Evidence)>)> = Vec::new();
    for claim in &project.claims {
        let path = &*claim.location.path;
        if files.last().is_none_or(|(last, _)| *last != path) {
            files.push((path, Vec::new()));
        }
        let pins = &mut files.last_mut().expect("just pushed").1;
        pins.extend(claim.evidence.iter().map(|evidence| (claim, evidence)));
    }
    files
}

/// The key under which a claim file's proven pins are cached: its bytes, the bytes of
/// every source it cites (or their absence), and the settings that change verdicts.
fn clean_pins_key(
    project: &Project,
    sources: &foldhash::HashMap<&str, &Source>,
    path: &str,
    pins: &[(&Claim, &Evidence)],
) -> Option<Key> {
    let digest = project.claim_digests.get(path)?;
    let mut cited: Vec<&str> = pins
        .iter()
        .map(|(_, evidence)| evidence.source.as_str())
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let config = &project.config;
    let mut key = Cache::key("clean-pins")
        .part(path.as_bytes())
        .part(digest)
        .part(format!("{:?}", config.normalization).as_bytes())
        .part(&config.drift_threshold.to_bits().to_le_bytes());
    for id in cited {
        let source = sources.get(id);
        key = key
            .part(id.as_bytes())
            .part(source.map_or(b"absent".as_slice(), |source| &source.digest));
    }
    Some(key.finish())
}

/// Checks `pins` (each file's list) grouped by source, the groups on all cores: each
/// source is normalized (when a pin needs it) once, by the thread that has its pins.
/// Findings come with their pin's (file, ordinal) and, where its hash failed, where
/// relocation put it.
fn check_by_source(
    project: &Project,
    cache: &Cache,
    sources: &foldhash::HashMap<&str, &Source>,
    pins: Vec<Vec<Pin<'_>>>,
    progress: &dyn Progress,
) -> Vec<((usize, u32), Finding, Option<Relocation>)> {
    progress.begin("proving pins", pins.iter().map(Vec::len).sum());
    // Grouped by hashing the id: a project cites thousands of sources whose ids share
    // long prefixes, which an ordered map compares byte by byte for every pin.
    let mut by_source: foldhash::HashMap<&str, Vec<Pin>> = foldhash::HashMap::default();
    for pin in pins.into_iter().flatten() {
        by_source
            .entry(pin.evidence.source.as_str())
            .or_default()
            .push(pin);
    }
    let mut by_source: Vec<(&str, Vec<Pin>)> = by_source.into_iter().collect();
    by_source.sort_unstable_by_key(|(id, _)| *id);
    // Sources on all cores, and the pins of one source too: a source whose pins all
    // drifted is one source's work, and relocating them is the cost.
    by_source
        .into_par_iter()
        .flat_map_iter(|(id, pins)| {
            let count = pins.len();
            let source = sources.get(id).copied();
            let profile = project.config.normalization;
            let quotes = pins.iter().map(|pin| pin.evidence.quote.as_str());
            let counts = QuoteCounts::new(cache, profile, source, quotes);
            // Each pin's hash is checked once, first: how many failed decides whether
            // the source is indexed, on the pins alone, never on which thread reaches a
            // changed one first.
            let intact: Vec<bool> = match source {
                Some(source) => pins
                    .par_iter()
                    .map(|pin| hashes_where_pinned(source, pin.evidence))
                    .collect(),
                None => vec![false; count],
            };
            let changed = intact.iter().filter(|intact| !**intact).count();
            // The skeleton settles intact pins without normalizing the source. Where
            // the quotes would be counted in one read, that is worth it only when
            // nothing else normalizes the source (no pin of it changed). Cold checks
            // of 20,000 pins in sources of 1 MB and 3 MB, side by side, took 16% less
            // CPU than counting them; a first run of 700 sources of 40 KB, whose
            // counts the cache keeps, 10% less CPU (400 → 360 ms) and 12% less time.
            let asks_skeleton = !counts.counted_together() || changed == 0;
            let checker = PinChecker {
                project,
                source,
                searchable: OnceLock::new(),
                skeleton: OnceLock::new(),
                asks_skeleton,
                changed,
                counts,
            };
            let checked: Vec<(Pin, Checked)> = pins
                .into_par_iter()
                .zip(intact)
                .filter_map(|(pin, intact)| {
                    let checked = checker.check(
                        pin.claim,
                        pin.evidence,
                        intact,
                        pin.known.as_deref().cloned(),
                    )?;
                    Some((pin, checked))
                })
                .collect();
            let found = checker.read_whole_where_needed(checked);
            checker.counts.keep();
            progress.advance(count);
            found
        })
        .collect()
}

/// A pin's finding, with where relocation put it if its hash failed; or that only a
/// read of the whole source can say where it went.
enum Checked<'a> {
    Done((Finding, Option<Relocation>)),
    ReadsWholeText(&'a Source, Deferred),
}

/// A finding with the pin it is on and, for the cache, where relocation put the pin.
type PinFinding = ((usize, u32), Finding, Option<Relocation>);

/// Checks the pins of one source.
struct PinChecker<'a> {
    project: &'a Project,
    /// The source the pins cite, if the project has it.
    source: Option<&'a Source>,
    /// The source prepared for search, the first time a pin needs it; shared by the
    /// threads checking its pins.
    searchable: OnceLock<SearchableSource<'a>>,
    /// The source's skeleton, the first time an intact pin asks it; `None` inside when
    /// a character of the source changes its letters.
    skeleton: OnceLock<Option<Skeleton<'a>>>,
    /// Whether intact pins ask the skeleton before their quotes are counted.
    asks_skeleton: bool,
    /// How many of the source's pins failed their hash.
    changed: usize,
    /// How many times intact pins' quotes occur.
    counts: QuoteCounts<'a>,
}

impl<'a> PinChecker<'a> {
    /// The pin's finding, if any, and where relocation put it if its hash failed
    /// (`intact`: whether it held; `known`: where relocation put it in the run the
    /// cache remembers).
    fn check(
        &self,
        claim: &Claim,
        evidence: &'a Evidence,
        intact: bool,
        known: Option<Relocation>,
    ) -> Option<Checked<'a>> {
        let Some(source) = self.source else {
            if self.project.unreadable_sources.contains(&evidence.source) {
                return None;
            }
            let finding = report(claim, evidence, self.missing_source(evidence));
            return Some(Checked::Done((finding, None)));
        };
        if intact {
            let finding = self.intact(source, evidence)?;
            return Some(Checked::Done((report(claim, evidence, finding), None)));
        }
        let profile = self.project.config.normalization;
        let relocation = match known.filter(|known| still_fits(source, evidence, profile, known)) {
            Some(known) => known,
            None => match relocate_bounded(
                self.searchable(source),
                &PinToFind::from(evidence),
                self.threshold(),
            ) {
                Ok(relocation) => relocation,
                Err(deferred) => return Some(Checked::ReadsWholeText(source, deferred)),
            },
        };
        Some(Checked::Done(
            self.reported(source, claim, evidence, relocation),
        ))
    }

    /// The finding on a pin whose hash failed, and its relocation for the cache.
    fn reported(
        &self,
        source: &'a Source,
        claim: &Claim,
        evidence: &Evidence,
        relocation: Relocation,
    ) -> (Finding, Option<Relocation>) {
        let finding = self.relocated(source, evidence, &claim.id, relocation.clone());
        (report(claim, evidence, finding), Some(relocation))
    }

    /// The findings of `checked` (the source's pins in claim-file order), where the pins
    /// that need a whole-text read are searched in that order while the source's budget
    /// lasts, on all cores; the rest are reported unsearched and not cached, so the next
    /// run, which remembers those searched, searches more. The budget, and which pins it
    /// covers, depend on the pins alone, never on which thread ran first.
    fn read_whole_where_needed(&self, checked: Vec<(Pin, Checked<'a>)>) -> Vec<PinFinding> {
        let needing = checked
            .iter()
            .filter(|(_, checked)| matches!(checked, Checked::ReadsWholeText(..)))
            .count();
        let mut budget = match self.source {
            Some(source) if needing > 0 => self.budget(source),
            _ => 0,
        };
        let mut searched = 0;
        let mut spent = false;
        let admitted: Vec<(Pin, Checked, bool)> = checked
            .into_iter()
            .map(|(pin, checked)| {
                let admit = match &checked {
                    Checked::ReadsWholeText(_, deferred) if !spent && deferred.bytes <= budget => {
                        budget -= deferred.bytes;
                        searched += 1;
                        true
                    }
                    Checked::ReadsWholeText(..) => {
                        spent = true;
                        false
                    }
                    Checked::Done(_) => false,
                };
                (pin, checked, admit)
            })
            .collect();
        admitted
            .into_par_iter()
            .map(|(pin, checked, admit)| {
                let (finding, relocation) = match checked {
                    Checked::Done(found) => found,
                    Checked::ReadsWholeText(source, deferred) if admit => {
                        let relocation = relocate_reading_whole(
                            self.searchable(source),
                            &PinToFind::from(pin.evidence),
                            self.threshold(),
                            deferred,
                        );
                        self.reported(source, pin.claim, pin.evidence, relocation)
                    }
                    Checked::ReadsWholeText(source, _) => {
                        let finding = self.unsearched(source, pin.evidence, searched, needing);
                        (report(pin.claim, pin.evidence, finding), None)
                    }
                };
                ((pin.file, pin.ordinal), finding, relocation)
            })
            .collect()
    }

    /// The bytes this run's whole-text searches may read in `source`.
    fn budget(&self, source: &'a Source) -> u64 {
        let reads = self.project.config.whole_text_reads;
        self.searchable(source).whole_text_budget(reads)
    }

    fn threshold(&self) -> f64 {
        self.project.config.drift_threshold
    }

    fn searchable(&self, source: &'a Source) -> &SearchableSource<'a> {
        self.searchable.get_or_init(|| {
            let profile = self.project.config.normalization;
            SearchableSource::with_changed_pins(&source.text, profile, self.changed)
        })
    }

    /// Whether the intact text at `span` of `source` occurs at most once in it, both
    /// normalized, as the source's skeleton says without normalizing it, where the
    /// skeleton is asked (`asks_skeleton`); `false` where it cannot say.
    fn at_most_once(&self, source: &'a Source, span: std::ops::Range<usize>) -> bool {
        if !self.asks_skeleton {
            return false;
        }
        let profile = self.project.config.normalization;
        self.skeleton
            .get_or_init(|| Skeleton::of(&source.text, profile))
            .as_ref()
            .is_some_and(|skeleton| skeleton.at_most_once(span))
    }

    fn missing_source(&self, evidence: &Evidence) -> Finding {
        let finding = Finding::new(
            Code::SourceMissing,
            format!("no source `{}`", evidence.source),
        )
        .at(evidence.source_location());
        let nearest = self
            .project
            .sources
            .keys()
            .map(|id| (strsim::jaro_winkler(id, &evidence.source), id))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match nearest {
            Some((score, id)) if score > 0.8 => finding.help(format!("did you mean `{id}`?")),
            _ => finding.help(format!(
                "sources are the files under `{}/`, named by their file stem",
                self.project.config.sources_dir
            )),
        }
    }

    /// The finding for a pin whose bytes no longer hash to its `sha256`, `relocation`
    /// saying where it went.
    fn relocated(
        &self,
        source: &'a Source,
        evidence: &Evidence,
        claim_id: &str,
        relocation: Relocation,
    ) -> Finding {
        let id = &source.id;
        let span = evidence.span;
        let here = |found: PinnedSpan| {
            self.project
                .files
                .locate(&source.path, found.start, found.len())
        };
        let at = evidence.span_location();
        match relocation {
            Relocation::Moved { found } => Finding::new(
                Code::SpanMoved,
                format!("pinned text moved in `{id}`: it is now at {found}, not {span}"),
            )
            .at(at)
            .related(
                format!("the pinned text is now here ({found})"),
                here(found),
            )
            .help(format!(
                "`claimcheck fix` sets `span: {found}`; the hash still holds"
            ))
            .details(Details::Moved {
                pinned: span,
                found,
            })
            .fix(Fix::Repin {
                span: found,
                applicability: Applicability::Always,
            }),
            Relocation::Normalized { found } => {
                let text = &source.text[found.range()];
                Finding::new(
                    Code::SpanNormalized,
                    format!(
                        "pinned text in `{id}` now differs only in typography: it is at {found}"
                    ),
                )
                .at(at)
                .related(
                    format!("the pinned text is now here ({found})"),
                    here(found),
                )
                .help("`claimcheck fix` re-pins it to the source's current bytes")
                .details(relocated_details(evidence, found, 1.0, text, &[]))
                .fix(Fix::Repin {
                    span: found,
                    applicability: Applicability::Always,
                })
            }
            Relocation::Drifted { found, similarity } => {
                let text = &source.text[found.range()];
                let details =
                    relocated_details(evidence, found, similarity, text, &self.project.entities);
                let Details::Relocated {
                    word_diff, changes, ..
                } = &details
                else {
                    unreachable!()
                };
                let help = drifted_help(source, found, word_diff, changes, claim_id);
                let applicability = if changes.is_empty() {
                    Applicability::AcceptDrift
                } else {
                    Applicability::AcceptDriftOfNamedClaim
                };
                Finding::new(
                    Code::SpanDrifted,
                    format!(
                        "pinned text in `{id}` changed: the best match, at {found}, is {}% similar",
                        percent_similar(similarity)
                    ),
                )
                .at(at)
                .related(
                    format!("the nearest text is now here ({found})"),
                    here(found),
                )
                .help(help)
                .details(details)
                .fix(Fix::Repin {
                    span: found,
                    applicability,
                })
            }
            Relocation::Ambiguous { candidates } => {
                let message = match candidates.as_slice() {
                    [only] => format!(
                        "pinned text in `{id}` changed; the closest passage ({only}) is in other surroundings than the pin's stored context, so it may be another passage that looks alike"
                    ),
                    _ => format!(
                        "pinned text in `{id}` moved, and {} places fit it about equally",
                        places_count(candidates.len())
                    ),
                };
                let mut finding = Finding::new(Code::SpanAmbiguous, message)
                .at(at)
                .help("claimcheck will not guess: pin the quote again, with --occurrence, or lengthen it");
                for candidate in &candidates {
                    finding =
                        finding.related(format!("a candidate ({candidate})"), here(*candidate));
                }
                finding.details(Details::Candidates { candidates })
            }
            Relocation::Orphaned => self.orphaned(source, evidence),
            Relocation::TooLong { chars } => {
                let finding = self.orphaned(source, evidence);
                if finding.code != Code::SpanOrphaned {
                    return finding;
                }
                Finding {
                    message: format!(
                        "pinned text is not in `{}` as it was, and the quote ({chars} characters) is \
                         longer than the {MAX_APPROXIMATE_CHARS} that re-anchoring searches for",
                        source.id
                    ),
                    help: Some("pin a shorter quote: the passage that supports the claim".into()),
                    ..finding
                }
            }
        }
    }

    /// A pin left unsearched: only a read of the whole source could say where it went,
    /// and `searched` of the `needing` such pins of the source used up this run's budget.
    /// A span that is itself broken (past the end, inside a character) keeps its code.
    fn unsearched(
        &self,
        source: &'a Source,
        evidence: &Evidence,
        searched: usize,
        needing: usize,
    ) -> Finding {
        let (pins, need, them) = match needing {
            1 => ("pin", "needs", "it"),
            _ => ("pins", "need", "them"),
        };
        let why = format!(
            "{needing} changed {pins} of it {need} a search of the whole source, and a run reads \
             at most {} MB of it for {them}, {}",
            self.budget(source).div_ceil(1_000_000),
            match searched {
                0 => "too little for the first".to_owned(),
                searched => format!("enough for the first {searched} (in claim-file order)"),
            }
        );
        let help = Some(
            "pin the quote again; with the cache, each run searches the next pins and \
             remembers those searched"
                .into(),
        );
        let finding = self.orphaned(source, evidence);
        let message = if finding.code == Code::SpanOrphaned {
            format!(
                "pinned text is not in `{}` as it was, and was not searched for: {why}",
                source.id
            )
        } else {
            format!(
                "{}; the pinned text was not searched for elsewhere: {why}",
                finding.message
            )
        };
        Finding {
            message,
            help,
            ..finding
        }
    }

    /// A pin with no acceptable match, described by what is wrong with its span.
    fn orphaned(&self, source: &Source, evidence: &Evidence) -> Finding {
        let (id, span, text) = (&source.id, evidence.span, &*source.text);
        let at = evidence.span_location();
        if span.end > text.len() {
            return Finding::new(
                Code::SpanOutOfRange,
                format!(
                    "span {span} ends past the end of `{id}` ({} bytes)",
                    text.len()
                ),
            )
            .at(at)
            .help("the pinned text is nowhere else in the source either: pin the quote again");
        }
        let Some(current) = text.get(span.range()) else {
            return Finding::new(
                Code::SpanSplitsCharacter,
                format!("span {span} cuts a multi-byte character of `{id}` in two"),
            )
            .at(at)
            .help("spans count bytes, not characters: let `claimcheck pin` compute them");
        };
        let diff = word_diff(&evidence.quote, current);
        Finding::new(
            Code::SpanOrphaned,
            format!(
                "pinned text is gone from `{id}`: nothing in it is {:.0}% similar",
                self.project.config.drift_threshold * 100.0
            ),
        )
        .at(at)
        .related("the source now says this at the old span", self.project.files.locate(&source.path, span.start, span.len()))
        .help("the quoted text is no longer in the source: pin what the source says now, or withdraw the evidence")
        .details(Details::Changed { expected: evidence.quote.clone(), actual: current.to_owned(), word_diff: diff })
    }

    fn intact(&self, source: &'a Source, evidence: &'a Evidence) -> Option<Finding> {
        let pinned = &source.text[evidence.span.range()];
        let profile = self.project.config.normalization;
        if !reads_as(profile, &evidence.quote, pinned) {
            let diff = word_diff(pinned, &evidence.quote);
            return Some(
                Finding::new(
                    Code::QuoteMismatch,
                    format!(
                        "the quote no longer says what span {} of `{}` says",
                        evidence.span, source.id
                    ),
                )
                .at(evidence.quote_location())
                .help(format!("source → quote: {diff}"))
                .details(Details::Changed {
                    expected: pinned.to_owned(),
                    actual: evidence.quote.clone(),
                    word_diff: diff,
                }),
            );
        }
        // Cheapest first: the cache's count (a look-up), the skeleton (a read of the
        // source's letters, where no pin of it changed), a count (normalizing it).
        let quote = evidence.quote.as_str();
        let occurrences = match self.counts.kept_count(quote) {
            Some(count) => count,
            None if self.at_most_once(source, evidence.span.range()) => {
                self.counts.settle(quote);
                return None;
            }
            None => self.counts.count(quote, pinned, self.searchable(source)),
        };
        (occurrences > 1).then(|| {
            Finding::new(Code::QuoteAmbiguous, format!("the quote occurs {occurrences} times in `{}`", source.id))
                .at(evidence.quote_location())
                .help(
                    "the span pins one occurrence, but if the source moves the quote could re-anchor to another: \
                     lengthen the quote",
                )
                .details(Details::Ambiguous { occurrences })
        })
    }
}

/// Whether a relocation the cache remembers can stand for this run's: every span it
/// names lies on the source's character boundaries, and where it says the pinned text
/// is (moved, or the same after normalization, the verdicts milder than a search
/// failing) the text there says so. Entries are authenticated; this keeps even one
/// that was not from making a pin look better than it is, or a report from panicking.
fn still_fits(
    source: &Source,
    evidence: &Evidence,
    profile: Profile,
    relocation: &Relocation,
) -> bool {
    let text = |span: &PinnedSpan| source.text.get(span.range());
    match relocation {
        Relocation::Moved { found } => {
            text(found).is_some_and(|moved| hashes_to_pin(moved, evidence))
        }
        Relocation::Normalized { found } => {
            text(found).is_some_and(|normalized| reads_as(profile, &evidence.quote, normalized))
        }
        Relocation::Drifted { found, .. } => text(found).is_some(),
        Relocation::Ambiguous { candidates } => candidates.iter().all(|span| text(span).is_some()),
        Relocation::Orphaned | Relocation::TooLong { .. } => true,
    }
}

fn report(claim: &Claim, evidence: &Evidence, finding: Finding) -> Finding {
    finding.claim(&claim.id).source(&evidence.source)
}

fn relocated_details(
    evidence: &Evidence,
    found: PinnedSpan,
    similarity: f64,
    text: &str,
    entities: &[crate::model::entity::Entity],
) -> Details {
    Details::Relocated {
        pinned: evidence.span,
        found,
        similarity,
        text: text.to_owned(),
        word_diff: word_diff(&evidence.quote, text),
        changes: super::meaning::meaning_changes(&evidence.quote, text, entities),
    }
}

/// How much of the source to show on each side of a re-anchored span.
const CONTEXT_CHARS: usize = 40;

/// The help of a drifted pin: the word diff, the source just around the new span (so a
/// quote clipped at either end shows), and what accepting it takes. Each line is ours;
/// what it quotes is made one line.
fn drifted_help(
    source: &Source,
    found: PinnedSpan,
    word_diff: &str,
    changes: &[String],
    claim: &str,
) -> String {
    use crate::sanitize::inline;
    let text = &*source.text;
    let before: String = {
        let chars: Vec<char> = text[..found.start]
            .chars()
            .rev()
            .take(CONTEXT_CHARS)
            .collect();
        chars.into_iter().rev().collect()
    };
    let after: String = text[found.end..].chars().take(CONTEXT_CHARS).collect();
    let mut help = format!(
        "pinned → now: {}\nin the source: …{}⟦{}⟧{}…\n",
        inline(word_diff),
        inline(&before),
        inline(&text[found.range()]),
        inline(&after)
    );
    if changes.is_empty() {
        help.push_str("if it still supports the claim, `claimcheck fix --accept-drift` re-pins it");
    } else {
        help.push_str(&format!(
            "the change touches the meaning ({}): check the claim; if it still holds, \
             `claimcheck fix --accept-drift --claim {}` re-pins this claim's pins",
            inline(&changes.join("; ")),
            inline(claim)
        ));
    }
    help
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// The evidence entry `pin` would write for `quote` pinned at `span`.
    fn pinned(quote: &str, span: PinnedSpan) -> Evidence {
        let text = format!(
            "- id: c\n  statement: \"S\"\n  evidence:\n  - source: s\n    quote: \"{quote}\"\n    span: {span}\n    sha256: {}\n",
            crate::hash::sha256_hex(quote.as_bytes())
        );
        let (mut claims, problems) = crate::load::parse_claim_file("claims/c.yaml", &text);
        assert!(problems.is_empty(), "{problems:?}");
        claims.remove(0).evidence.remove(0)
    }

    fn source(text: &str) -> Source {
        Source::new(
            "s".into(),
            "sources/s.txt".into(),
            Arc::new(text.into()),
            crate::hash::content_digest(text.as_bytes()),
            None,
        )
    }

    #[test]
    fn a_remembered_relocation_stands_only_where_the_text_says_so() {
        let evidence = pinned("rockets hit the base", PinnedSpan::new(0, 20));
        let source = source("Later, rockets  hit the base. Then rockets hit the base — é.");
        let fits =
            |relocation: Relocation| still_fits(&source, &evidence, Profile::Typing, &relocation);
        let span = PinnedSpan::new;
        // Moved: only where the pinned bytes are.
        assert!(fits(Relocation::Moved {
            found: span(35, 55)
        }));
        assert!(!fits(Relocation::Moved { found: span(7, 28) }));
        // Normalized (a warning, milder than a failed search): only where the text
        // normalizes to the quote.
        assert!(fits(Relocation::Normalized { found: span(7, 28) }));
        assert!(!fits(Relocation::Normalized { found: span(0, 20) }));
        // Errors either way, but their spans must be the source's.
        let similarity = 0.9;
        assert!(fits(Relocation::Drifted {
            found: span(0, 20),
            similarity
        }));
        assert!(!fits(Relocation::Drifted {
            found: span(0, 500),
            similarity
        }));
        let inside_e_acute = source.text.len() - 2;
        assert!(!fits(Relocation::Drifted {
            found: span(inside_e_acute, source.text.len()),
            similarity
        }));
        assert!(!fits(Relocation::Ambiguous {
            candidates: vec![span(7, 28), span(90, 95)]
        }));
        assert!(fits(Relocation::Orphaned));
    }
}
