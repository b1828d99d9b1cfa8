//! Edit: writing evidence into claim files in place. Every edit inserts text and
//! touches no other byte; it is re-parsed and compared with the original before it is
//! written, and written atomically.

pub mod claim_file;
pub mod content;
pub mod error;
pub mod fix_pins;
pub mod lock;
pub mod scalar;
pub mod source_metadata;

pub use crate::safe_fs::write_project_file;
pub use claim_file::{EditError, NewEvidence, add_evidence};
