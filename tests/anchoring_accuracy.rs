//! The anchoring benchmark on real revision pairs (`benches/anchoring/`) as a test:
//! claimcheck re-anchors no quote on another passage, and finds nearly every passage
//! that is still there. The table beside Hypothesis's matcher is
//! `cargo bench --bench anchoring_accuracy`.

use claimcheck_test_support::anchoring::{Verdict, claimcheck_answers, judge, pairs};

#[test]
fn no_quote_of_a_real_revision_is_anchored_on_another_passage() {
    let pairs = pairs();
    let (mut kept, mut found, mut wrong) = (0, 0, Vec::new());
    for pair in &pairs {
        let (answers, _) = claimcheck_answers(pair);
        for (case, answer) in pair.cases.iter().zip(answers) {
            let verdict = judge(case, answer);
            if verdict == Verdict::WrongElsewhere {
                wrong.push(format!("{}: {:?} -> {answer:?}", pair.dataset, case.quote));
            }
            if case.kept {
                kept += 1;
                found += usize::from(verdict == Verdict::Correct);
            }
        }
    }
    assert!(wrong.is_empty(), "wrong anchors:\n{}", wrong.join("\n"));
    assert!(kept > 2000, "the benchmark holds {kept} kept passages");
    assert!(
        found * 100 >= kept * 95,
        "{found} of {kept} kept passages found"
    );
}
