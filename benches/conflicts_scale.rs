//! `cargo bench --bench conflicts_scale`: conflict detection on 25,000 to 100,000 facts
//! (random subjects, properties, values and time scopes, a deterministic seed); medians
//! of 5 runs. Grouping by subject and property keeps the time near-linear.

use std::path::PathBuf;
use std::time::Instant;

use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::claim::Claim;
use claimcheck_engine::model::entity::EntityRef;
use claimcheck_engine::model::fact::Fact;
use claimcheck_engine::model::location::Location;
use claimcheck_engine::model::value::{Value, ValueKind};

fn project(facts: usize) -> Project {
    let mut state = 2026u64;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let at = Location::file("claims/c.yaml");
    let claims = (0..facts)
        .map(|index| {
            let property = ["killed", "wounded", "date"][next(3) as usize];
            let value = if property == "date" {
                Value::parse(ValueKind::Date, &format!("2020-{:02}", next(12) + 1)).unwrap()
            } else {
                let n = next(20) as f64;
                Value::Count { low: n, high: n }
            };
            let when = Value::parse(ValueKind::Date, &format!("2020-{:02}", next(12) + 1))
                .and_then(|v| match v {
                    Value::Date(range) => Some(range),
                    _ => None,
                });
            Claim {
                id: format!("claim-{index}"),
                statement: "S".into(),
                evidence: Vec::new(),
                allow: Vec::new(),
                entities: Vec::new(),
                fact: Some(Box::new(Fact {
                    subject: EntityRef {
                        name: format!("event-{}", next(facts as u64 / 10)),
                        location: at.clone(),
                    },
                    property: property.into(),
                    value,
                    value_location: at.clone(),
                    when,
                })),
                acknowledgements: Vec::new(),
                confidence: None,
                based_on: Vec::new(),
                location: at.clone(),
                statement_place: at.place(),
                statement_reading: None,
                estimative: None,
            }
        })
        .collect();
    Project {
        root: PathBuf::from("."),
        config: Default::default(),
        files: FileRegistry::default(),
        claims,
        claim_files: vec!["claims/c.yaml".into()],
        claim_digests: Default::default(),
        entities: Vec::new(),
        sources: Default::default(),
        unreadable_sources: Vec::new(),
        problems: Vec::new(),
    }
}

fn main() {
    println!("| facts | conflicts | median |\n|---:|---:|---:|");
    for facts in [25_000, 50_000, 100_000] {
        let project = project(facts);
        let mut times = Vec::new();
        let mut conflicts = 0;
        for _ in 0..5 {
            let started = Instant::now();
            conflicts = claimcheck_engine::analyze::conflicts::findings(&project).len();
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "| {facts} | {conflicts} | {:.1} ms |",
            times[2].as_secs_f64() * 1000.0
        );
    }
}
