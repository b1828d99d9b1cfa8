//! What claimcheck's tests and benchmarks share, so a benchmark and the test holding
//! its floor measure with the same code: the deterministic corpus (`corpus`), the drift
//! accuracy scenarios (`drift`), the anchoring benchmark on real revisions
//! (`anchoring`), the article-extraction score (`extraction`) and the
//! PDF agreement measures (`pdf`).

pub mod anchoring;
pub mod corpus;
pub mod drift;
pub mod extraction;
pub mod pdf;
