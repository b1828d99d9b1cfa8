//! Reading every claim file under `claims/` (`*.yaml`, `*.yml`).

use std::path::Path;

use rayon::prelude::*;

use super::files::FileRegistry;
use super::walk::walk;
use super::yaml::parse_claim_file;
use crate::model::claim::Claim;
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;

/// Largest claim file read, so that a runaway file fails fast instead of exhausting memory.
pub const MAX_CLAIM_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// All claims under `root/claims`, in file order, and the list of claim files read.
pub fn load_claims(
    root: &Path,
    claims_dir: &str,
    files: &mut FileRegistry,
    problems: &mut Vec<Finding>,
) -> (Vec<Claim>, Vec<String>) {
    let walked: Vec<_> = walk(root, claims_dir, Code::ClaimFileInvalid, problems)
        .into_iter()
        .filter(|file| file.relative.ends_with(".yaml") || file.relative.ends_with(".yml"))
        .collect();
    // Parsing is the cold bottleneck: files are read and parsed on all cores, then
    // gathered in file order, so output does not depend on scheduling.
    let parsed: Vec<_> = walked
        .par_iter()
        .map(|file| {
            let mut read_problems = Vec::new();
            let text = read_claim_file(&file.path, &file.relative, &mut read_problems);
            let parsed = text
                .as_ref()
                .map(|text| parse_claim_file(&file.relative, text));
            (text, parsed, read_problems)
        })
        .collect();
    let mut claims = Vec::new();
    let mut claim_files = Vec::new();
    for (file, (text, parsed, mut read_problems)) in walked.into_iter().zip(parsed) {
        problems.append(&mut read_problems);
        let (Some(text), Some((mut parsed, mut found))) = (text, parsed) else {
            continue;
        };
        files.add(&file.relative, text);
        claims.append(&mut parsed);
        problems.append(&mut found);
        claim_files.push(file.relative);
    }
    (claims, claim_files)
}

fn read_claim_file(path: &Path, relative: &str, problems: &mut Vec<Finding>) -> Option<String> {
    let problem = |message: String| {
        Finding::new(Code::ClaimFileInvalid, message).at(Location::file(relative))
    };
    let bytes = match super::sources::read_limited(path, MAX_CLAIM_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(message) => {
            problems.push(problem(message));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = error.utf8_error().valid_up_to();
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
