//! The project as the editor sees it: loaded from disk, with the unsaved claim files
//! the editor holds put in place of theirs, and the findings of checking it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claimcheck_engine::cache::Cache;
use claimcheck_engine::load::config::CONFIG_FILE;
use claimcheck_engine::load::{
    CLAIMS_DIR, ENTITIES_FILE, LoadOptions, METADATA_SUFFIX, Project, SOURCES_DIR,
};
use claimcheck_engine::model::finding::Finding;
use claimcheck_engine::progress::Silent;

/// The files whose unsaved text the server checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BufferKind {
    Claims,
    Metadata,
    Entities,
    Config,
}

pub struct Workspace {
    pub root: PathBuf,
    /// `None` while the project cannot be loaded (its root is gone or unreadable).
    pub project: Option<Project>,
    /// Open files the editor holds whose text the server checks, by relative path.
    buffers: BTreeMap<String, String>,
    /// The findings of the project as it now is, by the file they are in.
    pub findings: BTreeMap<String, Vec<Finding>>,
}

impl Workspace {
    pub fn open(root: PathBuf) -> Self {
        let mut workspace = Self {
            root,
            project: None,
            buffers: BTreeMap::new(),
            findings: BTreeMap::new(),
        };
        workspace.reload();
        workspace
    }

    /// The project-relative path of `path` (with `/` separators), if it is inside.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = relative.iter().map(|part| part.to_str()).collect();
        Some(parts?.join("/"))
    }

    /// Whether `relative` is a claim file of the project.
    pub fn is_claim_file(&self, relative: &str) -> bool {
        self.buffer_kind(relative) == Some(BufferKind::Claims)
    }

    /// Whether the editor's text of `relative` is what the server checks.
    pub fn checks_buffer(&self, relative: &str) -> bool {
        self.buffer_kind(relative).is_some()
    }

    fn buffer_kind(&self, relative: &str) -> Option<BufferKind> {
        let (claims_dir, sources_dir, entities_file) = match &self.project {
            Some(project) => (
                project.config.claims_dir.as_str(),
                project.config.sources_dir.as_str(),
                project.config.entities_file.as_str(),
            ),
            None => (CLAIMS_DIR, SOURCES_DIR, ENTITIES_FILE),
        };
        let under = |dir: &str| {
            relative
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        if under(claims_dir) && (relative.ends_with(".yaml") || relative.ends_with(".yml")) {
            Some(BufferKind::Claims)
        } else if under(sources_dir) && relative.ends_with(METADATA_SUFFIX) {
            Some(BufferKind::Metadata)
        } else if relative == entities_file {
            Some(BufferKind::Entities)
        } else if relative == CONFIG_FILE {
            Some(BufferKind::Config)
        } else {
            None
        }
    }

    /// Reads the project from disk again (a source, the registry or the configuration
    /// changed), with the editor's buffers in place, and checks it.
    pub fn reload(&mut self) {
        let cache = self.cache();
        let options = LoadOptions {
            cache: &cache,
            partition: None,
            progress: &Silent,
            // Positions are counted in the texts: every claim file's is kept.
            keep_claim_texts: true,
            re_extract: false,
        };
        self.project = claimcheck_engine::load::load_with(&self.root, &options).ok();
        for (path, text) in self.buffers.clone() {
            self.put(&path, text);
        }
        self.check(&cache);
        // A whole run: what it did not use, it may drop.
        cache.prune();
    }

    /// Parsed claim files and proven pins, as `check` keeps them: after an edit only
    /// the edited file is parsed and its pins proven again. Each check is a run of its
    /// own, which reads what the runs before it saved.
    fn cache(&self) -> Cache {
        Cache::open(&self.root, None).unwrap_or_else(|_| Cache::disabled())
    }

    /// The editor's text of the file `relative` (one `checks_buffer` accepts), checked
    /// at once.
    pub fn set_buffer(&mut self, relative: &str, text: String) {
        self.buffers.insert(relative.to_owned(), text.clone());
        self.put(relative, text);
        let cache = self.cache();
        self.check(&cache);
        // The claim files were parsed at the last reload: this run read none of their
        // entries, and keeps them all.
        cache.save();
    }

    /// `text` in place of the file `relative` in the project.
    fn put(&mut self, relative: &str, text: String) {
        let kind = self.buffer_kind(relative);
        let Some(project) = &mut self.project else {
            return;
        };
        match kind {
            Some(BufferKind::Claims) => project.set_claim_file(relative, text),
            Some(BufferKind::Metadata) => {
                project.set_metadata_file(relative, text);
            }
            Some(BufferKind::Entities) => project.set_entities_file(text),
            Some(BufferKind::Config) => project.set_config_file(text),
            None => {}
        }
    }

    /// The editor closed `relative`: the file on disk counts again.
    pub fn close_buffer(&mut self, relative: &str) {
        if self.buffers.remove(relative).is_some() {
            self.reload();
        }
    }

    /// Whether the editor holds the claim file `relative`.
    pub fn is_open(&self, relative: &str) -> bool {
        self.buffers.contains_key(relative)
    }

    /// The text of `relative` as checked: the editor's buffer or the file read.
    pub fn text(&self, relative: &str) -> Option<&str> {
        self.buffers
            .get(relative)
            .map(String::as_str)
            .or_else(|| self.project.as_ref()?.files.text(relative))
    }

    /// The claims of the claim file `relative`, as last loaded.
    pub fn claims_in<'w>(
        &'w self,
        relative: &str,
    ) -> impl Iterator<Item = &'w claimcheck_engine::model::claim::Claim> {
        self.project
            .iter()
            .flat_map(|project| &project.claims)
            .filter(move |claim| &*claim.location.path == relative)
    }

    fn check(&mut self, cache: &Cache) {
        self.findings.clear();
        let Some(project) = &self.project else {
            return;
        };
        for finding in claimcheck_engine::check::check_cached(project, cache, &Silent).into_vec() {
            if let Some(path) = finding.location.as_ref().map(|at| at.path.to_string()) {
                self.findings.entry(path).or_default().push(finding);
            }
        }
    }
}
