//! A file's unsaved text, as an editor holds it, put in place of the file read from
//! disk: what a language server checks while the analyst types. Claim files, source
//! metadata, the entity registry and the configuration can be replaced so.

use super::Project;
use super::files::MAX_CLAIM_FILE_BYTES;
use super::yaml::parse_claim_file;
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;

impl Project {
    /// Makes `text` the content of the claim file `path` (relative to the root, `/`
    /// separators): its claims and parse problems replace the file's, in the file's
    /// place in claim order, and reports quote `text`. Every other file stays as it
    /// was loaded; the checks run over the project as it now is.
    pub fn set_claim_file(&mut self, path: &str, text: String) {
        self.claims.retain(|claim| &*claim.location.path != path);
        self.claim_digests.remove(path);
        if let Err(position) = self
            .claim_files
            .binary_search_by(|file| file.as_str().cmp(path))
        {
            self.claim_files.insert(position, path.to_owned());
        }
        if text.len() as u64 > MAX_CLAIM_FILE_BYTES {
            let too_large = Finding::new(
                Code::ClaimFileInvalid,
                format!("the file is larger than {MAX_CLAIM_FILE_BYTES} bytes"),
            )
            .at(Location::file(path));
            self.replace_problems(path, vec![too_large]);
            return;
        }
        let (claims, problems) = parse_claim_file(path, &text);
        self.files.add(path, text);
        let at = self
            .claims
            .partition_point(|claim| &*claim.location.path < path);
        self.claims.splice(at..at, claims);
        self.replace_problems(path, problems);
    }

    /// Makes `text` the content of the metadata file `path` of a source; false (and
    /// nothing changed) when no source has its metadata there.
    pub fn set_metadata_file(&mut self, path: &str, text: String) -> bool {
        let Some(source) = self
            .sources
            .values_mut()
            .find(|source| super::metadata_path(&source.path) == path)
        else {
            return false;
        };
        let mut problems = Vec::new();
        let mut metadata = super::sources::parse_metadata(path, &text, &mut problems);
        if let Some(provenance) = metadata.as_mut().and_then(|m| m.provenance.as_mut()) {
            let tree = super::tree::DiskTree::new(self.root.clone());
            super::originals::read_original(&tree, provenance, false);
        }
        source.metadata = metadata;
        self.replace_problems(path, problems);
        self.files.add(path, text);
        true
    }

    /// Makes `text` the content of the entity registry.
    pub fn set_entities_file(&mut self, text: String) {
        let path = self.config.entities_file.clone();
        let mut problems = Vec::new();
        self.entities =
            super::entities::parse_entities(&path, text, &mut self.files, &mut problems);
        self.replace_problems(&path, problems);
    }

    /// Makes `text` the content of `claimcheck.toml`. What it says about checking
    /// (levels, the drift threshold, minimum grade and coverage) applies at once; what
    /// it says about reading (directories, the registry's path, the size limit) stays
    /// as loaded, since the files were read under it, until the project is loaded again.
    pub fn set_config_file(&mut self, text: String) {
        let (mut config, problems) = super::config::parse_config(text, &mut self.files);
        config.claims_dir = std::mem::take(&mut self.config.claims_dir);
        config.sources_dir = std::mem::take(&mut self.config.sources_dir);
        config.entities_file = std::mem::take(&mut self.config.entities_file);
        config.max_source_bytes = self.config.max_source_bytes;
        self.config = config;
        self.replace_problems(super::config::CONFIG_FILE, problems);
    }

    /// `problems` in place of the load problems located in `path`.
    fn replace_problems(&mut self, path: &str, problems: Vec<Finding>) {
        self.problems
            .retain(|problem| problem.location.as_ref().is_none_or(|at| &*at.path != path));
        self.problems.extend(problems);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::code::Code;

    fn project() -> (tempfile::TempDir, crate::load::Project) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("claims")).unwrap();
        std::fs::create_dir_all(dir.path().join("sources")).unwrap();
        std::fs::write(dir.path().join("sources/s.txt"), "The base was hit.\n").unwrap();
        std::fs::write(
            dir.path().join("claims/a.yaml"),
            "- id: a\n  statement: A.\n  evidence: []\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("claims/c.yaml"),
            "- id: c\n  statement: C.\n  evidence: []\n",
        )
        .unwrap();
        let project = crate::load::load(dir.path()).unwrap();
        (dir, project)
    }

    #[test]
    fn unsaved_metadata_and_registry_replace_theirs() {
        let (_dir, mut project) = project();
        assert!(!project.set_metadata_file("sources/none.meta.yaml", "title: T\n".into()));
        assert!(project.set_metadata_file("sources/s.meta.yaml", "title: [\n".into()));
        assert!(
            project
                .problems
                .iter()
                .any(|problem| problem.code == Code::SourceMetadataInvalid)
        );
        assert!(project.set_metadata_file("sources/s.meta.yaml", "title: The base\n".into()));
        assert!(project.problems.is_empty(), "{:#?}", project.problems);
        let metadata = project.sources["s"].metadata.as_ref().unwrap();
        assert_eq!(metadata.title.as_deref(), Some("The base"));
        project
            .set_entities_file("- id: kh\n  name: Kataib Hezbollah\n  kind: organization\n".into());
        assert_eq!(project.entities.len(), 1);
        project.set_entities_file("- id: kh\n  name: [\n".into());
        assert!(project.entities.is_empty());
        assert!(
            project
                .problems
                .iter()
                .any(|problem| problem.code == Code::EntitiesInvalid)
        );
    }

    #[test]
    fn an_unsaved_configuration_applies_its_checks_but_not_its_layout() {
        let (_dir, mut project) = project();
        project.set_config_file(
            "[severity]\nclaim-unsourced = \"allow\"\n[paths]\nclaims = \"elsewhere\"\n".into(),
        );
        assert_eq!(project.config.claims_dir, "claims");
        let unsourced = |project: &crate::load::Project| {
            crate::check::check(project)
                .iter()
                .any(|finding| finding.code == Code::ClaimUnsourced)
        };
        assert!(!unsourced(&project));
        project.set_config_file("[severity\n".into());
        assert!(
            project
                .problems
                .iter()
                .any(|problem| problem.code == Code::ConfigInvalid)
        );
        assert!(unsourced(&project));
        project.set_config_file(String::new());
        assert!(project.problems.is_empty(), "{:#?}", project.problems);
    }

    #[test]
    fn an_unsaved_buffer_replaces_its_file_in_order_and_is_what_reports_quote() {
        let (_dir, mut project) = project();
        let buffer = "- id: b\n  statement: B.\n  evidence:\n  - source: s\n    quote: \"The base was hit\"\n    span: 0..16\n    sha256: 0000000000000000000000000000000000000000000000000000000000000000\n";
        project.set_claim_file("claims/b.yaml", buffer.into());
        let ids: Vec<&str> = project
            .claims
            .iter()
            .map(|claim| claim.id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(
            project.claim_files,
            ["claims/a.yaml", "claims/b.yaml", "claims/c.yaml"]
        );
        assert_eq!(project.files.text("claims/b.yaml"), Some(buffer));
        let findings = crate::check::check(&project);
        let at_b: Vec<_> = findings
            .iter()
            .filter(|finding| finding.claim.as_deref() == Some("b"))
            .filter_map(|finding| Some((finding.code, finding.location.clone()?)))
            .map(|(code, at)| (code, at.path.to_string(), at.line))
            .collect();
        assert!(
            at_b.contains(&(Code::SpanNormalized, "claims/b.yaml".into(), 6)),
            "{at_b:?}"
        );
        // Typing on: the broken buffer's problems replace the claims, and go when fixed.
        project.set_claim_file("claims/b.yaml", "- id: b\n  statement: [unclosed\n".into());
        assert!(project.claims.iter().all(|claim| claim.id != "b"));
        assert!(
            project
                .problems
                .iter()
                .any(|problem| problem.code == Code::ClaimFileInvalid)
        );
        project.set_claim_file(
            "claims/b.yaml",
            "- id: b\n  statement: B.\n  evidence: []\n".into(),
        );
        assert!(project.problems.is_empty(), "{:#?}", project.problems);
        assert_eq!(project.claims.len(), 3);
    }
}
