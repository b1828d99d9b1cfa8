//! Finding the project root: the nearest directory, from here up, holding `claims/`.

use std::path::{Path, PathBuf};

use super::CLAIMS_DIR;

/// The nearest of `start` and its ancestors that holds a `claims/` directory.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CLAIMS_DIR).is_dir())
        .map(Path::to_path_buf)
}
