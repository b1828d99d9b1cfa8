//! A judgement's support tree as indented lines, for every report that draws one
//! (coverage, the appendix): the claim with its confidence, its quotes with their
//! sources, ratings and status, then the claims it rests on, one level deeper.

use claimcheck_engine::analyze::basis::SupportNode;

/// One line of a support tree.
pub struct TreeLine {
    pub depth: usize,
    /// Unescaped: each format escapes it.
    pub text: String,
    /// For a quote: the id of its source.
    pub source: Option<String>,
}

/// The lines of `node`'s tree, depth first.
pub fn lines(node: &SupportNode) -> Vec<TreeLine> {
    let mut lines = Vec::new();
    walk(node, 0, &mut lines);
    lines
}

fn walk(node: &SupportNode, depth: usize, lines: &mut Vec<TreeLine>) {
    let confidence = node
        .confidence
        .map(|level| format!(" ({level} confidence)"))
        .unwrap_or_default();
    let text = match (node.unresolved, node.statement.is_empty()) {
        (true, true) => format!("{}: no such claim", node.claim),
        (true, false) => format!("{}{confidence}: shown above", node.claim),
        _ if node.deeper => format!(
            "{}{confidence}: {} (its quotes and bases lie deeper than this report draws)",
            node.claim, node.statement
        ),
        _ => format!("{}{confidence}: {}", node.claim, node.statement),
    };
    lines.push(TreeLine {
        depth,
        text,
        source: None,
    });
    for quote in &node.quotes {
        let marks: Vec<String> = [
            (quote.stance != "supports").then(|| quote.stance.clone()),
            quote.rating.clone(),
            quote.status.as_ref().map(|status| status.to_uppercase()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!(" ({})", marks.join(", "))
        };
        lines.push(TreeLine {
            depth: depth + 1,
            text: format!("“{}” — {}{marks}", quote.quote.trim(), quote.source),
            source: Some(quote.source.clone()),
        });
    }
    for below in &node.based_on {
        walk(below, depth + 1, lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimcheck_engine::analyze::basis::SupportQuote;

    #[test]
    fn a_tree_reads_top_down_with_quotes_before_bases() {
        let leaf = SupportNode {
            claim: "base".into(),
            statement: "B.".into(),
            confidence: None,
            quotes: vec![SupportQuote {
                source: "wire".into(),
                quote: " q ".into(),
                stance: "refutes".into(),
                rating: Some("B2".into()),
                status: Some("retracted".into()),
            }],
            based_on: Vec::new(),
            unresolved: false,
            deeper: false,
        };
        let missing = SupportNode {
            claim: "gone".into(),
            statement: String::new(),
            confidence: None,
            quotes: Vec::new(),
            based_on: Vec::new(),
            unresolved: true,
            deeper: false,
        };
        let top = SupportNode {
            claim: "top".into(),
            statement: "T.".into(),
            confidence: Some(claimcheck_engine::model::judgement::Confidence::Low),
            quotes: Vec::new(),
            based_on: vec![leaf, missing],
            unresolved: false,
            deeper: false,
        };
        let drawn: Vec<(usize, String)> = lines(&top)
            .into_iter()
            .map(|line| (line.depth, line.text))
            .collect();
        assert_eq!(
            drawn,
            vec![
                (0, "top (low confidence): T.".to_owned()),
                (1, "base: B.".to_owned()),
                (2, "“q” — wire (refutes, B2, RETRACTED)".to_owned()),
                (1, "gone: no such claim".to_owned()),
            ]
        );
    }
}
