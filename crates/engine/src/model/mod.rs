//! The checked data model: claims, evidence, sources, pinned spans and findings.

pub mod claim;
pub mod code;
pub mod entity;
pub mod estimative;
pub mod fact;
pub mod finding;
pub mod judgement;
mod json_schema;
pub mod location;
pub mod pinned_span;
pub mod source;
pub mod value;
