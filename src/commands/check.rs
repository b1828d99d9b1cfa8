//! `claimcheck check`: load everything, verify every pin, apply the project's policy,
//! report in the chosen format, and exit 0, 1 or 2. With `--partition K/N`, only one
//! shard of the claim files, whose JSON output `claimcheck merge` combines.

use std::path::Path;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cli::{CheckArgs, ReportArgs};
use crate::report::json::{JsonReporter, ShardEntry, ShardPayload};
use crate::report::{Format, render, render_with};
use claimcheck_engine::cache::Cache;
use claimcheck_engine::load::{LoadOptions, Partition, Project};

pub fn run(root: &Path, args: &CheckArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let cache = cache_for(root, &args.report)?;
    match args.partition {
        None => check(root, &args.report, &cache, args.re_extract, output),
        Some(partition) => check_shard(root, args, cache.recording(), partition, output),
    }
}

/// The project's cache, unless the run asked for none.
pub fn cache_for(root: &Path, args: &ReportArgs) -> Result<Cache, CommandError> {
    if args.no_cache {
        return Ok(Cache::disabled());
    }
    Ok(Cache::open(root, args.cache_dir.as_deref())?)
}

/// The whole check, answering from `cache` what it can.
pub fn check(
    root: &Path,
    args: &ReportArgs,
    cache: &Cache,
    re_extract: bool,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let project = load(root, args, cache, None, re_extract, output)?;
    let findings = claimcheck_engine::check::check_cached(&project, cache, output.progress);
    output.progress.end();
    let summary = render(
        args.format,
        output.out,
        args.render_options(output.color),
        &project,
        &findings.in_order(),
    )?;
    // After the report, which need not wait for it.
    cache.prune();
    let status = status(&project, args, summary.errors, summary.warnings);
    // Freeing a large product claim by claim, and its findings one by one, takes
    // longer than the exit that follows the report: another thread does it while the
    // run ends.
    rayon::spawn(move || drop((project, findings)));
    Ok(status)
}

fn check_shard(
    root: &Path,
    check_args: &CheckArgs,
    cache: Cache,
    partition: Partition,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let args = &check_args.report;
    let project = load(
        root,
        args,
        &cache,
        Some(partition),
        check_args.re_extract,
        output,
    )?;
    let findings = claimcheck_engine::check::check_shard(&project, &cache, output.progress);
    output.progress.end();
    let summary = if args.format == Format::Json {
        let payload = ShardPayload {
            partition: partition.to_string(),
            claim_files: project.claim_files.clone(),
            entries: cache
                .journal()
                .into_iter()
                .map(|(key, data)| ShardEntry {
                    key: key.to_hex(),
                    data: claimcheck_engine::hash::hex(&data),
                })
                .collect(),
        };
        let mut reporter = JsonReporter::for_shard(&mut *output.out, payload);
        render_with(&mut reporter, &project, &findings.in_order())?
    } else {
        let summary = render(
            args.format,
            output.out,
            args.render_options(output.color),
            &project,
            &findings.in_order(),
        )?;
        writeln!(
            output.err,
            "this was shard {partition}: `claimcheck merge` reports what needs every claim file \
             (duplicate ids across files, conflicts, coverage, unused suppressions) from the \
             shards' `--format json` output"
        )?;
        summary
    };
    // A shard read only its share of the entries: it keeps the others.
    cache.save();
    let status = status(&project, args, summary.errors, summary.warnings);
    rayon::spawn(move || drop((project, findings)));
    Ok(status)
}

fn load(
    root: &Path,
    args: &ReportArgs,
    cache: &Cache,
    partition: Option<Partition>,
    re_extract: bool,
    output: &Output,
) -> Result<Project, CommandError> {
    let options = LoadOptions {
        cache,
        partition,
        progress: output.progress,
        // check only reads claim files; a report quotes the few with findings.
        keep_claim_texts: false,
        re_extract,
    };
    let mut project = claimcheck_engine::load::load_with(root, &options)?;
    args.drift.apply(&mut project.config);
    Ok(project)
}

fn status(project: &Project, args: &ReportArgs, errors: usize, warnings: usize) -> ExitStatus {
    let deny_warnings = args.deny_warnings || project.config.deny_warnings;
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    project_status(
        project,
        if failed {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        },
    )
}
