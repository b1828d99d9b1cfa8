//! A claim file's unsaved text, as an editor holds it, put in place of the file read
//! from disk: what a language server checks while the analyst types.

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
        let in_path = |location: Option<&Location>| location.is_some_and(|at| &*at.path == path);
        self.claims.retain(|claim| &*claim.location.path != path);
        self.problems
            .retain(|problem| !in_path(problem.location.as_ref()));
        self.claim_digests.remove(path);
        if let Err(position) = self
            .claim_files
            .binary_search_by(|file| file.as_str().cmp(path))
        {
            self.claim_files.insert(position, path.to_owned());
        }
        if text.len() as u64 > MAX_CLAIM_FILE_BYTES {
            self.problems.push(
                Finding::new(
                    Code::ClaimFileInvalid,
                    format!("the file is larger than {MAX_CLAIM_FILE_BYTES} bytes"),
                )
                .at(Location::file(path)),
            );
            return;
        }
        let (claims, problems) = parse_claim_file(path, &text);
        self.files.add(path, text);
        let at = self
            .claims
            .partition_point(|claim| &*claim.location.path < path);
        self.claims.splice(at..at, claims);
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
