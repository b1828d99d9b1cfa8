//! The claimcheck engine: claims in YAML cite quotes pinned to exact byte spans of
//! source documents by SHA-256; the engine proves each pin still holds and analyses
//! what the claims add up to. No command line, no terminal, no printing: front ends
//! (the `claimcheck` CLI, the language server) call it and render what it returns.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! capture ─▶ files ──load──▶ Project ──anchor/verify──▶ findings ──analyze──▶ check
//!                                 └──anchor──▶ NewEvidence ──edit──▶ claim file
//! ```
//!
//! The API on one page:
//!
//! - [`load::load`] (or [`load::load_with`] with a cache; [`load::load_revision`] for a
//!   git revision, read from git's objects; [`load::load_tree`] for any
//!   [`load::tree::Tree`]) reads a [`load::Project`]: its [`load::config::Config`],
//!   claims, sources, entities and every input problem as a [`model::finding::Finding`].
//!   An editor's unsaved buffer replaces a file read with `Project::set_claim_file` and
//!   its siblings.
//! - [`check::check`] (or [`check::check_cached`], [`check::check_shard`]) returns every
//!   finding `claimcheck check` reports, under the project's policy, in stable order.
//!   A finding carries its code ([`model::code::Code`], with severity and family), the
//!   claim it is about, its locations and a typed payload.
//! - [`anchor::locate`] finds a quote in a source; [`anchor::relocate`] classifies a pin
//!   whose text moved or changed.
//! - [`analyze`]: [`analyze::coverage`], [`analyze::corroboration`],
//!   [`analyze::conflicts`], [`analyze::entities`], tradecraft ([`analyze::confidence`],
//!   [`analyze::basis`], [`analyze::retraction`], [`analyze::impact`] of a source or
//!   claim, the [`analyze::sourcing`] summary), and [`analyze::diff`] between two
//!   projects; [`appendix::build`] numbers the sources of a product.
//! - [`edit`] writes evidence and re-pinned spans into claim files as checked,
//!   atomic insertions; [`capture`] turns web pages, PDFs and web archives into sources.
//! - Every file read or written goes through [`safe_fs`]; text shown to a person goes
//!   through [`sanitize`] first.

pub mod analyze;
pub mod anchor;
pub mod appendix;
mod ascii_lanes;
pub mod cache;
pub mod capture;
mod char_memo;
pub mod check;
pub mod edit;
pub mod hash;
pub mod load;
pub mod model;
pub mod progress;
pub mod safe_fs;
pub mod sanitize;
pub mod suggest;
pub mod verify;
mod words;
