//! The originals of captured sources: hashed on every load, so a changed or missing
//! original is found; extracted again on request (`check --re-extract`).

use super::tree::Tree;
use crate::capture::{Extraction, MediaType, text_of_original};
use crate::model::source::{Provenance, ReExtraction};

/// Largest original read to check its hash: a saved page, a PDF or a web archive.
const MAX_ORIGINAL_BYTES: u64 = 512 * 1024 * 1024;

pub fn read_original(tree: &dyn Tree, provenance: &mut Provenance, re_extract: bool) {
    let bytes = match tree.read(&provenance.original, MAX_ORIGINAL_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            provenance.actual = Err("the file does not exist".into());
            return;
        }
        Err(error) => {
            provenance.actual = Err(error.to_string());
            return;
        }
    };
    provenance.actual = Ok(crate::hash::sha256(&bytes));
    if re_extract {
        let media = provenance
            .media_type
            .as_deref()
            .and_then(MediaType::from_name)
            .unwrap_or(MediaType::Html);
        let extraction = provenance
            .extraction
            .as_deref()
            .and_then(Extraction::from_name)
            .unwrap_or(Extraction::MainText);
        provenance.re_extracted = Some(
            text_of_original(&bytes, media, extraction)
                .map(|(text, extractor)| ReExtraction {
                    digest: crate::hash::content_digest(text.as_bytes()),
                    extractor,
                })
                .map_err(|error| error.to_string()),
        );
    }
}
