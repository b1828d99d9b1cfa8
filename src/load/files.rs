//! `FileRegistry`: the text of every file read, by project-relative path, for
//! diagnostics that quote it and locations that count its lines.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::location::{LineIndex, Location};

#[derive(Debug, Default)]
pub struct FileRegistry {
    files: BTreeMap<String, RegisteredFile>,
}

#[derive(Debug)]
struct RegisteredFile {
    /// The path every location in the file shares.
    path: Arc<str>,
    text: Arc<String>,
    lines: LineIndex,
}

impl FileRegistry {
    /// Keeps `text` as the content of `path` and returns a shared handle to it.
    pub fn add(&mut self, path: &str, text: String) -> Arc<String> {
        let lines = LineIndex::new(&text);
        let text = Arc::new(text);
        self.files.insert(
            path.to_owned(),
            RegisteredFile {
                path: Arc::from(path),
                text: text.clone(),
                lines,
            },
        );
        text
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|file| file.text.as_str())
    }

    /// A shared handle to the text of `path`, for diagnostics that outlive a borrow.
    pub fn shared_text(&self, path: &str) -> Option<Arc<String>> {
        self.files.get(path).map(|file| file.text.clone())
    }

    /// The location of `len` bytes at `offset` in the registered file `path`.
    pub fn locate(&self, path: &str, offset: usize, len: usize) -> Location {
        match self.files.get(path) {
            Some(file) => file.lines.locate(&file.path, &file.text, offset, len),
            None => Location::file(path),
        }
    }
}
