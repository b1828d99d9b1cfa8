//! Command-line arguments, as parsed by clap: the first layer, before validation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;
use crate::report::coverage::CoverageFormat;
use crate::report::diff::DiffFormat;
use claimcheck_engine::load::Partition;
use claimcheck_engine::load::config::Config;

/// Keeps analytic writing honest: proves that every quoted span of every source still
/// says what the claim citing it says it says.
#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about, max_term_width = 100)]
pub struct Cli {
    /// Project directory [default: the nearest of the current directory and its
    /// ancestors that holds `claims/`]
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify every pin of every claim against its source
    Check(CheckArgs),
    /// Combine the JSON outputs of `check --partition` shards into the report of one run
    Merge(MergeArgs),
    /// Capture a web page (saved file or URL) or a web-archive record as a source: the
    /// article's text, the original kept beside it, and the page's own metadata
    Add(AddArgs),
    /// Find a quote in a source and pin it: print the evidence entry, or write it into a claim
    Pin(PinArgs),
    /// Re-pin evidence whose text moved or changed only in typography (and, on request, drifted)
    Fix(FixArgs),
    /// Report how much of each source the claims cite and which claims stand on one leg
    Coverage(CoverageArgs),
    /// List registered entities with their mentions, and unregistered spelling variants
    Entities(EntitiesArgs),
    /// List conflicting facts, disagreeing evidence and contested claims
    Conflicts(ConflictsArgs),
    /// Show what changed in the analysis between two revisions (or against a directory)
    Diff(DiffArgs),
    /// List every claim and judgement that depends on a source or a claim, and which
    /// would still stand without it: for the moment an article is withdrawn
    Impact(ImpactArgs),
    /// Write the source appendix: sources cited, passages relied on, claims with their notes
    Appendix(AppendixArgs),
    /// Create a new project here (or in --root): config, folders, an example, a CI workflow
    Init,
    /// Print a JSON Schema (draft-07): of claim files, for editors, or of a command's JSON output
    Schema(SchemaArgs),
    /// Print the shell completion script for SHELL (e.g. `claimcheck completions bash >
    /// ~/.local/share/bash-completion/completions/claimcheck`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `claimcheck man > claimcheck.1; man ./claimcheck.1`
    Man,
    /// Serve the Language Server Protocol on standard input and output, for editors
    Lsp,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub report: ReportArgs,

    /// Check only shard K of N (claim files dealt round-robin in path order), for a CI
    /// matrix; `--format json` then carries what `claimcheck merge` needs
    #[arg(long, value_name = "K/N")]
    pub partition: Option<Partition>,

    /// Extract every captured source's original again and compare the text byte for
    /// byte with the source file (slower: it parses every original)
    #[arg(long)]
    pub re_extract: bool,

    /// Check again whenever a file of the project changes, until interrupted
    #[arg(long, conflicts_with = "partition")]
    pub watch: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A saved page (`.html`), a web archive (`.warc`, `.warc.gz`), or an http(s) URL;
    /// with --update, defaults to the URL the source was captured from
    #[arg(value_name = "PATH|URL", required_unless_present = "update")]
    pub input: Option<String>,

    /// The new source's id (default: from the page's publisher, date and title)
    #[arg(long, conflicts_with = "update")]
    pub id: Option<String>,

    /// Re-capture the existing source ID: its text and original are replaced, the
    /// analyst's fields (origin, reliability, type, notes) kept, and the text's
    /// changes shown as a word diff
    #[arg(long, value_name = "ID")]
    pub update: Option<String>,

    /// Keep every visible block of the page, not only the article
    #[arg(long)]
    pub whole_page: bool,

    /// In a web archive: the captured URL whose response to take
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// What kind of document it is (article, report, web-page, transcript, dataset,
    /// book, post, other)
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,

    /// Give up on a URL after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,

    /// Refuse a page fetched from a URL that is larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_bytes: u64,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The JSON outputs of `check --partition K/N --format json`, one per shard
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,

    #[command(flatten)]
    pub report: ReportArgs,
}

/// What `check` and `merge` share: how the whole run is reported.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Show only errors, then the summary line
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Show every finding in full (by default a code with many warnings is one block)
    #[arg(long, short)]
    pub verbose: bool,

    /// Exit 1 when there are warnings, as when there are errors [default:
    /// `check.deny-warnings` in claimcheck.toml]
    #[arg(long)]
    pub deny_warnings: bool,

    /// Parse every claim file and prove every pin afresh, without reading or writing
    /// the cache
    #[arg(long, env = "CLAIMCHECK_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,

    /// Where the cache lives (never inside the project, where a commit could plant
    /// entries) [default: the user's cache directory, e.g. ~/.cache/claimcheck]
    #[arg(long, env = "CLAIMCHECK_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    #[command(flatten)]
    pub drift: DriftArgs,
}

impl ReportArgs {
    /// How the findings are shown, with the terminal's colour choice.
    pub fn render_options(&self, color: bool) -> crate::report::RenderOptions {
        let detail = if self.quiet {
            crate::report::Detail::Quiet
        } else if self.verbose {
            crate::report::Detail::Verbose
        } else {
            crate::report::Detail::Normal
        };
        crate::report::RenderOptions { color, detail }
    }
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Similarity (0 to 1) the best match of a changed quote needs to be reported as
    /// drifted (and be re-pinnable) rather than orphaned [default: `check.drift-threshold`
    /// in claimcheck.toml, else 0.8]
    #[arg(long, value_name = "SIMILARITY", value_parser = parse_similarity)]
    pub drift_threshold: Option<f64>,
}

impl DriftArgs {
    /// The configuration with this command line's overrides.
    pub fn apply(&self, config: &mut Config) {
        if let Some(threshold) = self.drift_threshold {
            config.drift_threshold = threshold;
        }
    }
}

fn parse_similarity(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a similarity between 0 and 1")),
    }
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CoverageFormat::Human)]
    pub format: CoverageFormat,

    /// Directory to write the HTML report into (with --format html) [default:
    /// claimcheck-coverage]
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Report even while pins are broken, each marked as not verified (without it,
    /// coverage refuses: exit 1, listing them)
    #[arg(long)]
    pub allow_broken: bool,

    /// Also list each source's paragraphs that no claim cites, with line numbers
    #[arg(long)]
    pub uncited: bool,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// A source id or a claim id
    pub id: String,

    /// Whether ID names a source or a claim, when one of each has it
    #[arg(long, value_enum)]
    pub kind: Option<ImpactKind>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ImpactFormat::Human)]
    pub format: ImpactFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImpactKind {
    Source,
    Claim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImpactFormat {
    Human,
    /// One JSON document (`claimcheck schema impact`)
    Json,
    /// A Markdown table, for a pull request or a review note
    Markdown,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Base git revision (branch, tag, commit)
    #[arg(required_unless_present = "base_dir")]
    pub base: Option<String>,

    /// Head git revision [default: the working tree]
    pub head: Option<String>,

    /// Compare against this directory instead of a revision
    #[arg(long, value_name = "DIR", conflicts_with = "base")]
    pub base_dir: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Exit 1 when the change introduces these (repeatable)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Vec<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any new error-level finding
    Errors,
    /// New fact conflicts or evidence disagreements (unacknowledged)
    Conflicts,
    /// New claims without evidence
    Unsourced,
    /// New single-source claims
    SingleSource,
}

#[derive(Debug, Args)]
pub struct AppendixArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = AppendixFormat::Markdown)]
    pub format: AppendixFormat,

    /// Write to this file (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only claims whose id or claim file path matches this glob (`taji-*`,
    /// `claims/attacks.yaml`); may be repeated
    #[arg(long, value_name = "PATTERN")]
    pub claims: Vec<String>,

    /// Publish even while pins are broken, each such passage marked as not verified
    /// (without it, appendix refuses: exit 1, listing them)
    #[arg(long)]
    pub allow_broken: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AppendixFormat {
    Markdown,
    Html,
    /// CSL-JSON, for citation tools (pandoc --citeproc, Zotero)
    CslJson,
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema
    #[arg(value_enum, default_value_t = SchemaKind::Claims)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Claim files (`claims/*.yaml`)
    Claims,
    /// The document `check`, `merge` and `conflicts` print with `--format json`
    Output,
    /// The document `coverage --format json` prints
    Coverage,
    /// The document `diff --format json` prints
    Diff,
    /// The document `entities --format json` prints
    Entities,
    /// The document `appendix --format json` prints
    Appendix,
    /// The document `impact --format json` prints
    Impact,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Also re-pin drifted evidence, taking the source's current text as its quote
    #[arg(long)]
    pub accept_drift: bool,

    /// Print the diff of the claim files fix would write, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Act only on the pins of this claim (repeatable); a drifted pin whose change
    /// touches a number, a date, a negation or an entity is accepted only this way
    #[arg(long = "claim", value_name = "ID")]
    pub claims: Vec<String>,

    /// Act only on the pins that cite this source (repeatable)
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,

    /// This source was re-captured on purpose: record its current SHA-256 in its
    /// metadata (showing what changed since the committed version), then re-pin as usual
    /// (repeatable)
    #[arg(long = "accept-source", value_name = "ID")]
    pub accept_sources: Vec<String>,

    #[command(flatten)]
    pub drift: DriftArgs,
}

#[derive(Debug, Args)]
pub struct PinArgs {
    /// Source id (file stem under `sources/`) or path of the source file
    pub source: String,

    /// The quote as you read it; curly quotes, dashes, no-break spaces and line breaks may
    /// be typed plainly. `-` reads it from standard input
    pub quote: String,

    /// Which occurrence to pin when the quote occurs more than once (1 = first)
    #[arg(long, value_name = "N")]
    pub occurrence: Option<usize>,

    /// Write the evidence into this claim (created if it does not exist)
    #[arg(long, value_name = "ID")]
    pub claim: Option<String>,

    /// Statement of the claim, needed when `--claim` creates it
    #[arg(long, value_name = "TEXT", requires = "claim")]
    pub statement: Option<String>,

    /// Claim file to create the claim in, relative to the project root (e.g.
    /// `claims/attacks.yaml`); an existing claim stays in its own file
    #[arg(long, value_name = "PATH", requires = "claim")]
    pub file: Option<PathBuf>,

    /// How the quote bears on the claim: supports (the default), refutes or context
    #[arg(long, value_name = "STANCE", requires = "claim", value_parser = ["supports", "refutes", "context"])]
    pub stance: Option<String>,

    /// What this source says of the claim's fact (e.g. `3`, `2020-03-11`), read as the
    /// fact's property's type
    #[arg(long, value_name = "VALUE", requires = "claim")]
    pub value: Option<String>,

    /// Entities the new claim is about, by id or name (comma-separated); only when
    /// `--claim` creates the claim
    #[arg(
        long,
        value_name = "ENTITIES",
        requires = "statement",
        value_delimiter = ','
    )]
    pub entities: Vec<String>,
}
