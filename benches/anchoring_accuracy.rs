//! `cargo bench --bench anchoring_accuracy`: claimcheck's re-anchoring beside Hypothesis's
//! matcher on real revision pairs (documentation of commander, axios and click across
//! releases; `benches/anchoring/`), per dataset: correct, wrong elsewhere, span clipped,
//! refused, missed, and the time of the searches, both measured in this run.
//!
//! Hypothesis's side runs in Node (`benches/anchoring/hypothesis.mjs`, with the
//! approx-string-match package from `npm ci --prefix benches/anchoring`). Without them
//! the table shows claimcheck alone and says what to install; under
//! `CLAIMCHECK_REQUIRE_TOOLS` (CI) that fails instead.

use std::process::Command;
use std::time::Duration;

use claimcheck_engine::model::pinned_span::PinnedSpan;
use claimcheck_test_support::anchoring::{
    Answer, Tally, claimcheck_answers, folder, pairs, tallies,
};

/// Hypothesis's answers per pair and case, and its search time; `None` without Node or
/// the package.
fn hypothesis_answers() -> Option<(Vec<Vec<Answer>>, Duration)> {
    let folder = folder();
    if !folder.join("node_modules/approx-string-match").is_dir() {
        return None;
    }
    let output = Command::new("node")
        .arg(folder.join("hypothesis.mjs"))
        .arg(folder.join("cases.json"))
        .arg(folder.join("revisions"))
        .output()
        .ok()
        .filter(|output| output.status.success())?;
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let answers = results["results"]
        .as_array()?
        .iter()
        .map(|pair| {
            pair.as_array()
                .unwrap()
                .iter()
                .map(|found| match found.as_array() {
                    Some(span) => Answer::Anchored(PinnedSpan::new(
                        span[0].as_u64().unwrap() as usize,
                        span[1].as_u64().unwrap() as usize,
                    )),
                    None => Answer::NotFound,
                })
                .collect()
        })
        .collect();
    let millis = results["millis"].as_f64()?;
    Some((answers, Duration::from_secs_f64(millis / 1000.0)))
}

fn row(dataset: &str, tool: &str, tally: &Tally, time: Option<Duration>) {
    let time = time.map_or("".to_owned(), |time| {
        format!("{:.0} ms", time.as_secs_f64() * 1000.0)
    });
    println!(
        "| {dataset} | {tool} | {} | {} | {} | {} | {} | {} | {} | {time} |",
        tally.quotes,
        tally.edited,
        tally.correct,
        tally.wrong_elsewhere,
        tally.span_clipped,
        tally.refused,
        tally.missed
    );
}

fn main() {
    let pairs = pairs();
    let mut ours = Vec::new();
    let mut our_time = Duration::ZERO;
    for pair in &pairs {
        let (answers, time) = claimcheck_answers(pair);
        ours.push(answers);
        our_time += time;
    }
    let peer = hypothesis_answers();
    if peer.is_none() {
        let install =
            "npm ci --prefix benches/anchoring (Node.js and the approx-string-match package)";
        if std::env::var_os("CLAIMCHECK_REQUIRE_TOOLS").is_some() {
            panic!("Hypothesis's matcher is not installed here: {install}");
        }
        println!("SKIPPED Hypothesis's matcher: not installed here ({install})");
    }
    println!(
        "| dataset | matcher | quotes | edited | correct | wrong elsewhere | span clipped | refused | missed | search time |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let our_tallies = tallies(&pairs, &ours);
    let peer_tallies = peer.as_ref().map(|(answers, _)| tallies(&pairs, answers));
    for (at, (dataset, tally)) in our_tallies.iter().enumerate() {
        row(dataset, "claimcheck", tally, None);
        if let Some(peer) = &peer_tallies {
            row(
                dataset,
                "Hypothesis (approx-string-match)",
                &peer[at].1,
                None,
            );
        }
    }
    let total = |tallies: &[(String, Tally)]| {
        tallies.iter().fold(Tally::default(), |mut sum, (_, t)| {
            sum.quotes += t.quotes;
            sum.edited += t.edited;
            sum.correct += t.correct;
            sum.wrong_elsewhere += t.wrong_elsewhere;
            sum.span_clipped += t.span_clipped;
            sum.refused += t.refused;
            sum.missed += t.missed;
            sum
        })
    };
    row(
        "**all**",
        "claimcheck",
        &total(&our_tallies),
        Some(our_time),
    );
    if let (Some(peer), Some((_, time))) = (&peer_tallies, &peer) {
        row(
            "**all**",
            "Hypothesis (approx-string-match)",
            &total(peer),
            Some(*time),
        );
    }
}
