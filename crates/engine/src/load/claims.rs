//! Reading every claim file under `claims/` (`*.yaml`, `*.yml`).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::LoadOptions;
use super::config::Config;
use super::files::{FileRegistry, Fingerprint};
use super::tree::Tree;
use super::walk::WalkedFile;
use super::yaml::parse_claim_file;
use crate::cache::{Cache, Key};
use crate::model::claim::Claim;
use crate::model::code::Code;
use crate::model::finding::{Finding, joined};
use crate::model::location::{Location, in_file};

/// The claims of a project: all claims in file order, the claim files read, and (when
/// the cache is enabled) the BLAKE3 digest of each file's bytes.
pub struct LoadedClaims {
    pub claims: Vec<Claim>,
    pub files: Vec<String>,
    pub digests: BTreeMap<String, [u8; 32]>,
}

/// All claims under `root/claims`, in file order, each file parsed or, when its bytes
/// are unchanged since a run that parsed it cleanly, read from the cache.
pub fn load_claims(
    tree: &dyn Tree,
    config: &Config,
    options: &LoadOptions,
    files: &mut FileRegistry,
    problems: &mut Vec<Finding>,
) -> LoadedClaims {
    let walked: Vec<_> = tree
        .walk(&config.claims_dir, Code::ClaimFileInvalid, problems)
        .into_iter()
        .filter(|file| file.relative.ends_with(".yaml") || file.relative.ends_with(".yml"))
        .enumerate()
        .filter(|(position, _)| {
            options
                .partition
                .is_none_or(|partition| partition.holds(*position))
        })
        .map(|(_, file)| file)
        .collect();
    // Parsing is the cold bottleneck: files are read and parsed on all cores, then
    // gathered in file order, so output does not depend on scheduling.
    let LoadOptions {
        cache, progress, ..
    } = *options;
    progress.begin("reading claim files", walked.len());
    let parsed: Vec<_> = walked
        .par_iter()
        .map(|file| {
            let mut read_problems = Vec::new();
            let bytes = read_claim_file(tree, file, &mut read_problems);
            // Parsed where they were read: most files' text is not kept (below).
            let text = bytes
                .as_deref()
                .and_then(|bytes| claim_text(&file.relative, bytes, &mut read_problems));
            // For the cache's keys only.
            let digest = text
                .filter(|_| cache.is_enabled())
                .map(|text| crate::hash::content_digest(text.as_bytes()));
            let parsed = text.map(|text| parse_cached(cache, config, &file.relative, text, digest));
            // A file that parsed cleanly is quoted only if a later finding points
            // into it: its text need not stay in memory meanwhile, if it can be read
            // again from disk.
            let keep = options.keep_claim_texts
                || !tree.is_on_disk()
                || parsed.as_ref().is_some_and(|(_, found)| !found.is_empty());
            let text = text.map(|text| {
                if keep {
                    Kept::Text(text.to_owned())
                } else {
                    Kept::OnDisk(Fingerprint::of(text.as_bytes()))
                }
            });
            progress.advance(1);
            (text, digest, parsed, read_problems)
        })
        .collect();
    let total = parsed
        .iter()
        .filter_map(|(_, _, parsed, _)| parsed.as_ref())
        .map(|(claims, _)| claims.len())
        .sum();
    let mut loaded = LoadedClaims {
        // Sized once: growing by doubling would leave up to half of it unused.
        claims: Vec::with_capacity(total),
        files: Vec::new(),
        digests: BTreeMap::new(),
    };
    for (file, (text, digest, parsed, mut read_problems)) in walked.into_iter().zip(parsed) {
        problems.append(&mut read_problems);
        let Some((parsed, mut found)) = parsed else {
            continue;
        };
        match text {
            Some(Kept::Text(text)) => {
                files.add(&file.relative, text);
            }
            Some(Kept::OnDisk(fingerprint)) => {
                files.add_on_disk(&file.relative, file.path.clone(), fingerprint);
            }
            None => continue,
        }
        gather(&mut loaded.claims, parsed);
        problems.append(&mut found);
        if let Some(digest) = digest {
            loaded.digests.insert(file.relative.clone(), digest);
        }
        loaded.files.push(file.relative);
    }
    loaded
}

/// Claims a file must have for its claims to be moved on all cores.
const MOVED_ON_ALL_CORES: usize = 256;

/// Moves a file's `parsed` claims to the end of `claims` (sized for all): a large
/// file's on all cores, since moving claims of 370 bytes into fresh pages, one file
/// after another, was the one serial step of loading (a twentieth of a warm run's CPU
/// at 40,000 claims); a small file's in one go, where handing out the work would cost
/// more.
fn gather(claims: &mut Vec<Claim>, mut parsed: Vec<Claim>) {
    if parsed.len() >= MOVED_ON_ALL_CORES {
        claims.par_extend(parsed);
    } else {
        claims.append(&mut parsed);
    }
}

/// A claim file's text as the registry keeps it.
enum Kept {
    Text(String),
    /// Read again when quoted, if its bytes still have this fingerprint.
    OnDisk(Fingerprint),
}

/// The claims of one file, from the cache when it holds this file's bytes parsed.
/// Only files without problems are stored: a broken file is re-parsed for its
/// diagnostics every time.
fn parse_cached(
    cache: &Cache,
    config: &Config,
    path: &str,
    text: &str,
    digest: Option<[u8; 32]>,
) -> (Vec<Claim>, Vec<Finding>) {
    // Without the cache, nothing read now would be kept past this run: the checks
    // read each text as they need it.
    let Some(digest) = digest else {
        return parse_claim_file(path, text);
    };
    let key = Cache::key("claim-file")
        .part(path.as_bytes())
        .part(&digest)
        .part(&config.read_ahead_policy())
        .finish();
    let shared_path: Arc<str> = Arc::from(path);
    if let Some(claims) = cached_claims(cache, key, &shared_path) {
        return (claims, Vec::new());
    }
    let (claims, problems) = parse_and_read(config, path, text);
    if problems.is_empty() {
        keep_claims(cache, key, &shared_path, &claims);
    }
    (claims, problems)
}

/// How many claims each part of a claim file's cache entry holds: a larger file's
/// parts are decoded on all cores (one entry of 50,000 claims was the longest step of
/// a warm run, on one core).
const CLAIMS_A_PART: usize = 2_048;

/// The claims of the file at `path` kept under `key`: how many parts there, each part
/// under a key of its own, decoded side by side.
fn cached_claims(cache: &Cache, key: Key, path: &Arc<str>) -> Option<Vec<Claim>> {
    let parts: u32 = cache.get(key)?;
    let parts: Vec<Vec<Claim>> = (0..parts)
        .into_par_iter()
        .map(|part| in_file(path, || cache.get(key.of_part(part))))
        .collect::<Option<_>>()?;
    Some(joined(parts))
}

/// Keeps `claims` under `key` for [`cached_claims`].
fn keep_claims(cache: &Cache, key: Key, path: &Arc<str>, claims: &[Claim]) {
    let parts = claims.len().div_ceil(CLAIMS_A_PART);
    // Claim files are limited far below 4 G claims.
    cache.put(key, &(parts as u32));
    claims
        .par_chunks(CLAIMS_A_PART)
        .enumerate()
        .for_each(|(part, claims)| in_file(path, || cache.put(key.of_part(part as u32), &claims)));
}

/// The claims of one file read this many or more are read on all cores: about a
/// megabyte of claims, a file the fast path reads in parts.
const READ_ON_ALL_CORES: usize = 2_048;

/// The claims of one file, to be cached, each with what its statement and quotes
/// state read (see [`Claim::read`]) for the checks the project makes of it: a warm
/// run then reads none of them again. A claim whose codes are allowed is not read
/// for them, as the checks never read it.
fn parse_and_read(config: &Config, path: &str, text: &str) -> (Vec<Claim>, Vec<Finding>) {
    let (mut claims, problems) = parse_claim_file(path, text);
    let read = |claim: &mut Claim| {
        let statements = config.checks_statement_of(claim);
        let estimative = config.estimative_code_for(claim).is_some();
        claim.read(statements, estimative);
    };
    // A large file's claims on all cores, as it was read in parts (files of 1,000
    // claims are read side by side with others already).
    if claims.len() >= READ_ON_ALL_CORES {
        claims.par_iter_mut().for_each(read);
    } else {
        claims.iter_mut().for_each(read);
    }
    (claims, problems)
}

fn read_claim_file(
    tree: &dyn Tree,
    file: &WalkedFile,
    problems: &mut Vec<Finding>,
) -> Option<Vec<u8>> {
    match tree.read_walked(file, super::files::MAX_CLAIM_FILE_BYTES) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            problems.push(
                Finding::new(Code::ClaimFileInvalid, error.to_string())
                    .at(Location::file(&file.relative)),
            );
            None
        }
    }
}

/// A claim file's `bytes` as text, or a problem where they stop being UTF-8.
fn claim_text<'b>(relative: &str, bytes: &'b [u8], problems: &mut Vec<Finding>) -> Option<&'b str> {
    match super::utf8::as_text(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            let valid = error.valid_up_to();
            let text = String::from_utf8_lossy(&bytes[..valid]);
            problems.push(
                Finding::new(
                    Code::ClaimFileInvalid,
                    format!("invalid UTF-8 at byte {valid}"),
                )
                .at(Location::in_text(relative, &text, valid, 0)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` claims, `first` to `first + count - 1`, as one file parses them.
    fn claims(first: usize, count: usize) -> Vec<Claim> {
        let text: String = (first..first + count)
            .map(|n| format!("- id: c{n}\n  statement: S.\n  evidence: []\n"))
            .collect();
        let (claims, problems) = parse_claim_file("claims/c.yaml", &text);
        assert!(problems.is_empty(), "{problems:?}");
        claims
    }

    #[test]
    fn a_large_files_claims_are_cached_in_parts_and_read_back_whole() {
        let project = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = project.path().canonicalize().unwrap();
        let path: Arc<str> = Arc::from("claims/c.yaml");
        for count in [0, 3, 2 * CLAIMS_A_PART + 1] {
            let key = Cache::key("test").part(&count.to_le_bytes()).finish();
            let written = claims(0, count);
            let cache = Cache::open(&root, Some(dir.path())).unwrap();
            keep_claims(&cache, key, &path, &written);
            cache.save();
            let next = Cache::open(&root, Some(dir.path())).unwrap();
            let parts: u32 = next.get(key).unwrap();
            assert_eq!(parts as usize, count.div_ceil(CLAIMS_A_PART));
            assert_eq!(cached_claims(&next, key, &path), Some(written));
        }
    }

    #[test]
    fn files_small_and_large_are_gathered_in_order() {
        let sizes = [3, MOVED_ON_ALL_CORES + 5, 0, MOVED_ON_ALL_CORES, 1];
        let mut gathered = Vec::with_capacity(sizes.iter().sum());
        let mut first = 0;
        for size in sizes {
            gather(&mut gathered, claims(first, size));
            first += size;
        }
        let ids: Vec<String> = gathered.iter().map(|claim| claim.id.clone()).collect();
        let expected: Vec<String> = (0..first).map(|n| format!("c{n}")).collect();
        assert_eq!(ids, expected);
    }
}
