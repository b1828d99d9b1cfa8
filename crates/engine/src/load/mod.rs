//! Load: find the project, read every claim file, source and metadata file into the
//! model, and record every input problem as a finding instead of stopping at the first.

mod buffer;
mod claims;
pub mod config;
mod entities;
mod facts;
mod fast_yaml;
mod files;
mod ids;
mod originals;
mod partition;
mod raw_claim;
pub mod revision;
mod root;
mod sources;
pub mod tree;
mod utf8;
mod walk;
mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use config::{CLAIMS_DIR, ENTITIES_FILE, MAX_SOURCE_BYTES, SOURCES_DIR};
pub use files::{FileRegistry, Fingerprint};
pub use ids::is_valid_id;
pub use partition::Partition;
pub use raw_claim::CLAIM_FIELDS;
pub use root::{find_root, is_project};
pub use sources::metadata_path;
pub use yaml::{parse_claim_file, parse_claim_file_fast, parse_claim_file_in_full};

use crate::cache::Cache;
use crate::model::claim::Claim;
use crate::model::entity::Entity;
use crate::model::finding::Finding;
use crate::model::source::Source;
use crate::progress::{Progress, Silent};
use config::{Config, load_config};
use tree::{DiskTree, Tree};

/// Suffix of a source's metadata file: `sources/<id>.meta.yaml`.
pub const METADATA_SUFFIX: &str = ".meta.yaml";

/// Everything read from a project, with the problems met while reading it.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    /// `claimcheck.toml`, or the defaults.
    pub config: Config,
    /// The text of every file read, for diagnostics that quote it.
    pub files: FileRegistry,
    pub claims: Vec<Claim>,
    pub claim_files: Vec<String>,
    /// BLAKE3 of each claim file's bytes, by path (only when loaded with a cache).
    pub claim_digests: BTreeMap<String, [u8; 32]>,
    /// The entity registry (empty without one).
    pub entities: Vec<Entity>,
    pub sources: BTreeMap<String, Source>,
    /// Ids of sources that exist but could not be read: evidence citing them is not
    /// checked further, since the read problem is already reported.
    pub unreadable_sources: Vec<String>,
    /// Problems with the input found while loading, in file order.
    pub problems: Vec<Finding>,
}

/// What stops a project from being loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("`{0}` is not a directory")]
    NotADirectory(PathBuf),
    #[error("cannot read `{path}`: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// Loads the project at `root`: its configuration, then its claims and sources where
/// the configuration puts them. Per-file problems become findings in `problems`.
pub fn load(root: &Path) -> Result<Project, LoadError> {
    with_plain_options(|options| load_with(root, options))
}

/// The project at `root` as it was at the git `revision` (a branch, tag or commit),
/// read from git's objects without writing them anywhere.
pub fn load_revision(root: &Path, revision: &str) -> Result<Project, revision::RevisionError> {
    let tree = revision::RevisionTree::open(root, revision)?;
    Ok(with_plain_options(|options| {
        load_tree(root.to_owned(), &tree, options)
    }))
}

/// Runs `load` with the options of a plain load: no cache, every claim file, nothing
/// extracted again, texts kept.
fn with_plain_options<T>(load: impl FnOnce(&LoadOptions) -> T) -> T {
    load(&LoadOptions {
        cache: &Cache::disabled(),
        partition: None,
        progress: &Silent,
        keep_claim_texts: true,
        re_extract: false,
    })
}

/// How [`load_with`] loads a project, beyond [`load`].
pub struct LoadOptions<'a> {
    /// Unchanged claim files are read from it instead of parsed again.
    pub cache: &'a Cache,
    /// Only this shard's claim files (sources are all read).
    pub partition: Option<Partition>,
    /// Counts the claim files read.
    pub progress: &'a dyn Progress,
    /// Keep the text of claim files read without problems in memory (editing needs
    /// it); otherwise a report that quotes one reads it again, if unchanged.
    pub keep_claim_texts: bool,
    /// Extract every captured source's original again, to compare with its text.
    pub re_extract: bool,
}

/// [`load`], as `options` say.
pub fn load_with(root: &Path, options: &LoadOptions) -> Result<Project, LoadError> {
    let root = root.canonicalize().map_err(|error| LoadError::Io {
        path: root.to_owned(),
        error,
    })?;
    if !root.is_dir() {
        return Err(LoadError::NotADirectory(root));
    }
    let tree = DiskTree::new(root.clone());
    Ok(load_tree(root, &tree, options))
}

/// The project whose files `tree` holds (the work tree, or a git revision of it),
/// rooted at `root` for the paths it reports.
pub fn load_tree(root: PathBuf, tree: &dyn Tree, options: &LoadOptions) -> Project {
    let mut files = FileRegistry::default();
    let (config, mut problems) = load_config(tree, &mut files);
    // Claims and sources are read side by side: each has a part on one core (walking
    // its directory, gathering what the cores read), which the other's reading fills.
    let ((claims, claim_files, mut claim_problems), (loaded, source_files, mut source_problems)) =
        rayon::join(
            || {
                let (mut files, mut problems) = (FileRegistry::default(), Vec::new());
                let claims = claims::load_claims(tree, &config, options, &mut files, &mut problems);
                (claims, files, problems)
            },
            || {
                let (mut files, mut problems) = (FileRegistry::default(), Vec::new());
                let reading = sources::SourceReading {
                    tree,
                    sources_dir: &config.sources_dir,
                    max_source_bytes: config.max_source_bytes,
                    re_extract: options.re_extract,
                };
                let loaded = sources::load_sources(&reading, &mut files, &mut problems);
                (loaded, files, problems)
            },
        );
    // In the order they were read one after the other: a path both registered is the
    // source's.
    files.absorb(claim_files);
    files.absorb(source_files);
    problems.append(&mut claim_problems);
    problems.append(&mut source_problems);
    let entities = entities::load_entities(tree, &config.entities_file, &mut files, &mut problems);
    Project {
        root,
        config,
        files,
        claims: claims.claims,
        claim_files: claims.files,
        claim_digests: claims.digests,
        entities,
        sources: loaded.sources,
        unreadable_sources: loaded.unreadable,
        problems,
    }
}
