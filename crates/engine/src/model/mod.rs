//! The checked data model: claims, evidence, sources, pinned spans and findings.

pub mod claim;
pub mod claim_graph;
pub mod code;
pub mod entity;
pub mod estimative;
pub mod fact;
pub mod finding;
mod json_schema;
pub mod judgement;
pub mod location;
pub mod pinned_span;
pub mod source;
pub mod stated;
pub mod value;
