//! Precision and recall of `statement-unsupported` on real claims with errors put in on
//! purpose: every number and month of every statement of the example product is, in
//! turn, made wrong (a digit figure off by one, a count word one higher, the next month)
//! and pairs of figures are swapped. A mutation is caught when a finding on its claim
//! names the wrong term. The unmutated product must have no such finding at all (its
//! derived figures are acknowledged with reasons): precision is what matters most.

use std::path::Path;

use claimcheck_engine::model::code::Code;
use claimcheck_engine::model::stated::{stated_months, stated_numbers};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WORDS: [&str; 11] = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// A statement with one error put in, the kind of error, and the term now wrong.
struct Mutation {
    kind: &'static str,
    statement: String,
    wrong: String,
}

fn mutations(statement: &str) -> Vec<Mutation> {
    let mut out = Vec::new();
    let replace = |written: &str, by: &str| statement.replacen(written, by, 1);
    for number in stated_numbers(statement) {
        let written = number.written;
        let (kind, wrong) = if written.starts_with(|c: char| c.is_ascii_digit()) {
            ("wrong number", format!("{}", number.value as u64 + 1))
        } else {
            let lower = written.to_lowercase();
            match WORDS.iter().position(|word| *word == lower) {
                Some(at) if at + 1 < WORDS.len() => ("wrong count word", WORDS[at + 1].to_owned()),
                _ => continue,
            }
        };
        out.push(Mutation {
            kind,
            statement: replace(written, &wrong),
            wrong,
        });
    }
    for (month, written) in stated_months(statement) {
        let wrong = MONTHS[month as usize % 12].to_owned();
        out.push(Mutation {
            kind: "wrong month",
            statement: replace(written, &wrong),
            wrong,
        });
    }
    let numbers = stated_numbers(statement);
    if let [first, second, ..] = numbers.as_slice()
        && first.value != second.value
    {
        let swapped = statement
            .replacen(first.written, "\u{0}", 1)
            .replacen(second.written, first.written, 1)
            .replacen('\u{0}', second.written, 1);
        out.push(Mutation {
            kind: "swapped figures",
            statement: swapped,
            wrong: second.written.to_owned(),
        });
    }
    out
}

#[test]
fn statement_support_is_precise_and_catches_wrong_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut project = claimcheck_engine::load::load(root).unwrap();
    let unsupported = |project: &claimcheck_engine::load::Project| {
        claimcheck_engine::check::check(project)
            .into_iter()
            .filter(|finding| finding.code == Code::StatementUnsupported)
            .collect::<Vec<_>>()
    };
    assert!(
        unsupported(&project).is_empty(),
        "the example product has an unacknowledged statement-unsupported finding"
    );
    let mut tally: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let (mut false_alarms, mut total) = (0, 0);
    for index in 0..project.claims.len() {
        let original = project.claims[index].statement.clone();
        // Acknowledgements would hide what the mutation did: measured without them.
        let allowed = std::mem::take(&mut project.claims[index].allow);
        for mutation in mutations(&original) {
            project.claims[index].statement = mutation.statement.clone();
            let id = project.claims[index].id.clone();
            let findings: Vec<_> = unsupported(&project)
                .into_iter()
                .filter(|finding| finding.claim.as_deref() == Some(id.as_str()))
                .collect();
            let caught = findings
                .iter()
                .any(|finding| finding.message.contains(&format!("“{}”", mutation.wrong)));
            if !caught {
                eprintln!("  missed ({}): {:?}", mutation.kind, mutation.statement);
            }
            let entry = tally.entry(mutation.kind).or_default();
            entry.1 += 1;
            if caught {
                entry.0 += 1;
            }
            total += 1;
        }
        project.claims[index].statement = original;
        project.claims[index].allow = allowed;
        // The unmutated claim, as committed (acknowledgements back): nothing.
        let claim = &project.claims[index];
        for finding in unsupported(&project) {
            if finding.claim.as_deref() == Some(claim.id.as_str()) {
                false_alarms += 1;
            }
        }
    }
    eprintln!("statement-unsupported on {total} mutations of the example's statements:");
    for (kind, (caught, count)) in &tally {
        eprintln!("  {kind}: {caught} of {count} caught");
    }
    assert_eq!(
        false_alarms, 0,
        "a finding on an unmutated, acknowledged claim"
    );
    // Precision is exact by construction above; recall per kind of error:
    for kind in ["wrong number", "wrong count word", "wrong month"] {
        let (caught, count) = tally[kind];
        assert!(count > 0, "no {kind} mutation was made");
        assert!(
            caught * 10 >= count * 9,
            "{kind}: only {caught} of {count} caught"
        );
    }
}
