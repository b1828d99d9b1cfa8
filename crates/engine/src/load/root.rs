//! Finding the project root: the nearest directory, from here up, holding `claims/`.

use std::path::{Path, PathBuf};

use super::config::{CLAIMS_DIR, CONFIG_FILE};

/// The nearest of `start` and its ancestors that is a project.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_project(dir))
        .map(Path::to_path_buf)
}

/// A project holds `claimcheck.toml`, or (with the default layout) `claims/`.
pub fn is_project(dir: &Path) -> bool {
    dir.join(CONFIG_FILE).is_file() || dir.join(CLAIMS_DIR).is_dir()
}
