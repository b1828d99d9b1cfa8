//! Word diffs of pinned against current text, in the `[-old-]{+new+}` notation of
//! `git diff --word-diff=plain`, so they read the same in a terminal, JSON and CI logs.

use similar::{ChangeTag, TextDiff};

/// The word diff from `old` to `new`.
pub fn word_diff(old: &str, new: &str) -> String {
    let diff = TextDiff::from_words(old, new);
    marked(
        diff.iter_all_changes()
            .map(|change| (change.tag(), change.value())),
    )
}

/// The passages where `new` differs from `old`, each as a word diff with `context`
/// words on either side: what changed in a long text, without the rest.
pub fn changed_passages(old: &str, new: &str, context: usize) -> Vec<String> {
    let diff = TextDiff::from_words(old, new);
    diff.grouped_ops(context)
        .iter()
        .map(|group| {
            let changes = group
                .iter()
                .flat_map(|op| diff.iter_changes(op))
                .map(|change| (change.tag(), change.value()));
            format!("…{}…", marked(changes).trim())
        })
        .collect()
}

/// Words with the runs deleted in `[-…-]` and the runs inserted in `{+…+}`.
fn marked<'t>(changes: impl Iterator<Item = (ChangeTag, &'t str)>) -> String {
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    for (tag, value) in changes {
        if open != Some(tag) {
            close(&mut out, open);
            out.push_str(match tag {
                ChangeTag::Delete => "[-",
                ChangeTag::Insert => "{+",
                ChangeTag::Equal => "",
            });
            open = Some(tag);
        }
        out.push_str(value);
    }
    close(&mut out, open);
    out
}

fn close(out: &mut String, tag: Option<ChangeTag>) {
    match tag {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::word_diff;

    #[test]
    fn marks_removed_and_added_words() {
        assert_eq!(
            word_diff("two soldiers were killed", "three soldiers were killed"),
            "[-two-]{+three+} soldiers were killed"
        );
    }

    #[test]
    fn equal_texts_have_no_marks() {
        assert_eq!(word_diff("same words", "same words"), "same words");
    }
}
