//! Anchor: finding a quote in a source, exactly or after normalizing the differences
//! that typing a quote introduces, and mapping the match back to the source's own bytes.

pub mod approximate;
pub mod count;
pub mod locate;
pub mod normalize;
mod parallel;
pub mod relocate;
pub mod seed;
pub mod skeleton;

pub use locate::{MatchKind, QuoteMatches, find_quote};
pub use normalize::{NormalizedText, normalize};
