//! "Did you mean" help for a misspelt key, field or code.

/// "did you mean `x`?" for the entry of `known` nearest to `unknown`, if near enough.
pub fn nearest(unknown: &str, known: &[&str]) -> Option<String> {
    known
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(unknown, candidate), *candidate))
        .min()
        .filter(|(distance, _)| *distance <= 3)
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}
