//! What the server answers, each from the checked workspace: diagnostics, hover, go to
//! definition, code actions (a finding's typed fix) and completion.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, Diagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, NumberOrString, Position, Range, TextEdit, WorkspaceEdit,
};

use super::text::{Encoding, LineStarts, uri_of};
use super::workspace::Workspace;
use crate::report::escape::markdown_cell;
use claimcheck_engine::edit::fix_pins::{RepinPlanner, repin as repin_file};
use claimcheck_engine::edit::{NewEvidence, add_evidence};
use claimcheck_engine::model::claim::Evidence;
use claimcheck_engine::model::code::{Code, Severity};
use claimcheck_engine::model::finding::{Applicability, Details, Finding};
use claimcheck_engine::model::pinned_span::PinnedSpan;
use claimcheck_engine::sanitize::inline;

/// The diagnostics of the file `relative`, as `check` reports its findings.
pub fn diagnostics(workspace: &Workspace, relative: &str, encoding: Encoding) -> Vec<Diagnostic> {
    let Some(text) = workspace.text(relative) else {
        return Vec::new();
    };
    let findings = workspace
        .findings
        .get(relative)
        .map_or(&[][..], Vec::as_slice);
    let lines = LineStarts::of(text);
    findings
        .iter()
        .filter_map(|finding| {
            let at = finding.location.as_ref()?;
            let mut message = inline(&finding.message).into_owned();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(&inline(help));
            }
            let related = finding
                .related
                .iter()
                .filter_map(|related| {
                    Some(DiagnosticRelatedInformation {
                        location: location_in(
                            workspace,
                            &related.location.path,
                            related.location.start(),
                            related.location.byte_len(),
                            encoding,
                        )?,
                        message: inline(&related.message).into_owned(),
                    })
                })
                .collect();
            Some(Diagnostic {
                range: encoding.range_in(&lines, text, at.start(), at.byte_len()),
                severity: Some(match finding.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Note => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(finding.code.name().to_owned())),
                source: Some("claimcheck".into()),
                message,
                related_information: Some(related),
                ..Diagnostic::default()
            })
        })
        .collect()
}

/// The protocol location of `len` bytes at `offset` of the project file `path`.
pub(super) fn location_in(
    workspace: &Workspace,
    path: &str,
    offset: usize,
    len: usize,
    encoding: Encoding,
) -> Option<Location> {
    let text = workspace.text(path)?;
    Some(Location::new(
        uri_of(&workspace.root.join(path))?,
        encoding.range(text, offset, len),
    ))
}

/// The evidence entry of the claim file `relative` whose lines hold byte `offset`.
fn evidence_at<'w>(
    workspace: &'w Workspace,
    relative: &str,
    offset: usize,
) -> Option<&'w Evidence> {
    workspace
        .claims_in(relative)
        .flat_map(|claim| &claim.evidence)
        .find(|evidence| {
            let fields = [
                evidence.location.place(),
                evidence.source_place,
                evidence.quote_place,
                evidence.span_place,
                evidence.sha256_place,
            ];
            let end = fields
                .into_iter()
                .chain(evidence.prefix_place)
                .chain(evidence.suffix_place)
                .map(|at| at.range().end)
                .max()
                .unwrap_or(evidence.location.start());
            (evidence.location.start()..=end).contains(&offset)
        })
}

/// Hover on an evidence entry: its source, its status, and the pinned passage with a
/// line of context on each side.
pub fn hover(
    workspace: &Workspace,
    relative: &str,
    position: Position,
    encoding: Encoding,
) -> Option<Hover> {
    let offset = encoding.offset(workspace.text(relative)?, position);
    let evidence = evidence_at(workspace, relative, offset)?;
    let project = workspace.project.as_ref()?;
    let mut lines = Vec::new();
    let Some(source) = project.sources.get(&evidence.source) else {
        lines.push(format!(
            "**No source `{}`** in the project.",
            markdown_cell(&evidence.source)
        ));
        return Some(markdown(lines));
    };
    let mut about = vec![format!("**{}**", markdown_cell(&source.id))];
    if let Some(metadata) = &source.metadata {
        let parts = [&metadata.title, &metadata.publisher, &metadata.published];
        about.extend(
            parts
                .iter()
                .filter_map(|part| part.as_deref())
                .map(markdown_cell),
        );
        if let Some(status) = &metadata.status {
            about.push(format!(
                "**{}** on {}: {}",
                status.kind.name().to_uppercase(),
                markdown_cell(&status.date),
                markdown_cell(&status.reason)
            ));
        }
    }
    if let Some(rating) =
        claimcheck_engine::model::judgement::rating(source.grade(), evidence.credibility)
    {
        about.push(format!("rated {rating}"));
    }
    lines.push(about.join(" · "));
    let span_location = evidence.span_location();
    let status: Vec<String> = workspace
        .findings
        .get(relative)
        .into_iter()
        .flatten()
        .filter(|finding| {
            finding.location.as_ref() == Some(&span_location)
                && finding.code.family() == claimcheck_engine::model::code::Family::Pin
        })
        .map(|finding| {
            let mut line = format!("`{}`: {}", finding.code, markdown_cell(&finding.message));
            if let Some(Details::Relocated { word_diff, .. }) = finding.details.as_deref() {
                line.push_str(&format!("  \nchange: {}", markdown_cell(word_diff)));
            }
            line
        })
        .collect();
    if status.is_empty() {
        lines.push(format!("intact at {}", evidence.span));
    } else {
        lines.extend(status);
    }
    if let Some(passage) = source.text.get(evidence.span.range()) {
        let text = source.text.as_str();
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |newline| newline + 1);
        let line_end = |at: usize| {
            text[at..]
                .find('\n')
                .map_or(text.len(), |newline| at + newline)
        };
        // A line of context on each side of the lines the span is on.
        let first = line_start(evidence.span.start);
        let before_start = if first == 0 { 0 } else { line_start(first - 1) };
        let last = line_end(evidence.span.end);
        let after_end = if last >= text.len() {
            text.len()
        } else {
            line_end(last + 1)
        };
        let before = &text[before_start..evidence.span.start];
        let after = &text[evidence.span.end..after_end];
        lines.push(format!(
            "> {}**{}**{}",
            markdown_cell(before),
            markdown_cell(passage),
            markdown_cell(after)
        ));
    }
    Some(markdown(lines))
}

/// A hover of Markdown paragraphs, each already escaped.
pub(super) fn markdown(lines: Vec<String>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: lines.join("\n\n"),
        }),
        range: None,
    }
}

/// From an evidence entry to the pinned span in its source.
pub fn definition(
    workspace: &Workspace,
    relative: &str,
    position: Position,
    encoding: Encoding,
) -> Option<Location> {
    let offset = encoding.offset(workspace.text(relative)?, position);
    let evidence = evidence_at(workspace, relative, offset)?;
    let source = workspace.project.as_ref()?.sources.get(&evidence.source)?;
    let span = evidence.span;
    location_in(workspace, &source.path, span.start, span.len(), encoding)
}

/// The typed fixes of the findings in `range` of the claim file `relative`, each as a
/// quick fix editing the buffer as `claimcheck fix` edits the file.
pub fn code_actions(
    workspace: &Workspace,
    relative: &str,
    range: Range,
    encoding: Encoding,
) -> Vec<CodeAction> {
    let (Some(text), Some(project)) = (workspace.text(relative), workspace.project.as_ref()) else {
        return Vec::new();
    };
    let (start, end) = (
        encoding.offset(text, range.start),
        encoding.offset(text, range.end),
    );
    let in_file = project
        .claims
        .iter()
        .filter(|claim| &*claim.location.path == relative);
    let planner = RepinPlanner::new(project, in_file);
    workspace
        .findings
        .get(relative)
        .into_iter()
        .flatten()
        .filter(|finding| {
            finding
                .location
                .as_ref()
                .is_some_and(|at| at.start() <= end && at.range().end >= start)
        })
        .filter_map(|finding| {
            let (repin, applicability) = planner.plan(finding)?;
            let span = repin.new.span;
            let edited = repin_file(relative, text, &[repin]).ok()?;
            Some(CodeAction {
                title: title(finding, span, applicability),
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(replacing(workspace, relative, text, &edited, encoding)?),
                is_preferred: Some(applicability == Applicability::Always),
                ..CodeAction::default()
            })
        })
        .collect()
}

/// The edit that turns the file `relative`, now `old`, into `new`.
fn replacing(
    workspace: &Workspace,
    relative: &str,
    old: &str,
    new: &str,
    encoding: Encoding,
) -> Option<WorkspaceEdit> {
    let uri = uri_of(&workspace.root.join(relative))?;
    let edit = minimal_edit(old, new, encoding);
    Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri, vec![edit])])),
        ..WorkspaceEdit::default()
    })
}

fn title(
    finding: &Finding,
    span: claimcheck_engine::model::pinned_span::PinnedSpan,
    applicability: Applicability,
) -> String {
    match (applicability, finding.details.as_deref()) {
        (Applicability::Always, _) if finding.code == Code::SpanMoved => {
            format!("Re-pin to {span} (the text moved, unchanged)")
        }
        (Applicability::Always, _) => format!("Re-pin to {span} (only typography changed)"),
        (Applicability::AcceptDriftOfNamedClaim, Some(Details::Relocated { changes, .. })) => {
            format!(
                "Accept the changed text, which changes the meaning ({}), and re-pin to {span}",
                inline(&changes.join("; "))
            )
        }
        _ => format!("Accept the changed text and re-pin to {span}"),
    }
}

/// One edit turning `old` into `new`: the bytes between their common prefix and suffix.
fn minimal_edit(old: &str, new: &str, encoding: Encoding) -> TextEdit {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((at, _), _)| at);
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    TextEdit {
        range: Range::new(
            encoding.position(old, prefix),
            encoding.position(old, old.len() - suffix),
        ),
        new_text: new[prefix..new.len() - suffix].to_owned(),
    }
}

/// Quick actions on a selection in the source file `relative`: pin the selected bytes
/// (white space at either end left out) into a claim, writing the evidence entry as
/// `claimcheck pin --claim` writes it. Offered for the claims that already cite the
/// source and the claim files open in the editor, and only while the editor's text of
/// the source is the text on disk (`editor_text`), so offsets mean the same bytes.
pub fn pin_actions(
    workspace: &Workspace,
    relative: &str,
    editor_text: Option<&str>,
    range: Range,
    encoding: Encoding,
) -> Vec<CodeAction> {
    let Some(project) = workspace.project.as_ref() else {
        return Vec::new();
    };
    let Some(source) = project
        .sources
        .values()
        .find(|source| source.path == relative)
    else {
        return Vec::new();
    };
    if editor_text.is_some_and(|text| text != source.text.as_str()) {
        return Vec::new();
    }
    let text = source.text.as_str();
    let (start, end) = (
        encoding.offset(text, range.start),
        encoding.offset(text, range.end),
    );
    let selected = &text[start..end.max(start)];
    let start = start + (selected.len() - selected.trim_start().len());
    let end = start + selected.trim().len();
    if start >= end {
        return Vec::new();
    }
    let evidence = NewEvidence::pinning(&source.id, text, PinnedSpan::new(start, end));
    let mut targets: Vec<&claimcheck_engine::model::claim::Claim> = project
        .claims
        .iter()
        .filter(|claim| {
            claim.evidence.iter().any(|pin| pin.source == source.id)
                || workspace.is_open(&claim.location.path)
        })
        .filter(|claim| {
            !claim
                .evidence
                .iter()
                .any(|pin| pin.source == source.id && pin.span == evidence.span)
        })
        .collect();
    targets.truncate(MAX_PIN_TARGETS);
    targets
        .into_iter()
        .filter_map(|claim| {
            let path = &*claim.location.path;
            let claim_text = workspace.text(path)?;
            let edited = add_evidence(path, claim_text, &claim.id, None, &[], &evidence).ok()?;
            Some(CodeAction {
                title: format!("Pin {} into claim `{}`", evidence.span, inline(&claim.id)),
                kind: Some(CodeActionKind::REFACTOR),
                edit: Some(replacing(workspace, path, claim_text, &edited, encoding)?),
                ..CodeAction::default()
            })
        })
        .collect()
}

/// Claims offered for a selection: enough to choose from, few enough to read.
const MAX_PIN_TARGETS: usize = 12;

/// Completion at `position` of the claim file `relative`: field names while a key is
/// typed; source ids after `source:`, entity ids after `entities:`, claim ids after
/// `based-on:`, the values of `stance:`, `confidence:` and `credibility:`, finding codes
/// after `code:`.
pub fn completion(
    workspace: &Workspace,
    relative: &str,
    position: Position,
    encoding: Encoding,
) -> Vec<CompletionItem> {
    let (Some(text), Some(project)) = (workspace.text(relative), workspace.project.as_ref()) else {
        return Vec::new();
    };
    let offset = encoding.offset(text, position);
    let line = &text[text[..offset].rfind('\n').map_or(0, |at| at + 1)..offset];
    let key = line
        .trim_start()
        .trim_start_matches("- ")
        .split(':')
        .next()
        .unwrap_or_default();
    if !line.contains(':') {
        // A key being typed: the fields a claim file takes.
        return claimcheck_engine::load::CLAIM_FIELDS
            .iter()
            .filter(|field| field.starts_with(key.trim()))
            .map(|field| CompletionItem {
                label: format!("{field}:"),
                kind: Some(CompletionItemKind::FIELD),
                ..CompletionItem::default()
            })
            .collect();
    }
    match key.trim() {
        "entities" => project
            .entities
            .iter()
            .map(|entity| CompletionItem {
                label: entity.id.clone(),
                kind: Some(CompletionItemKind::CONSTANT),
                detail: Some(format!(
                    "{} ({})",
                    inline(&entity.name),
                    inline(&entity.kind)
                )),
                ..CompletionItem::default()
            })
            .collect(),
        "stance" => names(claimcheck_engine::model::fact::Stance::NAMES),
        "confidence" => names(claimcheck_engine::model::judgement::Confidence::NAMES),
        "credibility" => claimcheck_engine::model::judgement::CREDIBILITY_MEANINGS
            .iter()
            .zip(1..)
            .map(|(meaning, level)| CompletionItem {
                label: level.to_string(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                detail: Some((*meaning).to_owned()),
                ..CompletionItem::default()
            })
            .collect(),
        "based-on" => project
            .claims
            .iter()
            .map(|claim| CompletionItem {
                label: claim.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(inline(&claim.statement).into_owned()),
                ..CompletionItem::default()
            })
            .collect(),
        "source" => project
            .sources
            .values()
            .map(|source| CompletionItem {
                label: source.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: source
                    .metadata
                    .as_ref()
                    .and_then(|metadata| metadata.title.as_deref())
                    .map(|title| inline(title).into_owned()),
                ..CompletionItem::default()
            })
            .collect(),
        "code" => Code::ALL
            .iter()
            .map(|code| CompletionItem {
                label: code.name().to_owned(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                detail: Some(code.description().to_owned()),
                ..CompletionItem::default()
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A completion item for each of a field's values.
fn names(values: &[&str]) -> Vec<CompletionItem> {
    values
        .iter()
        .map(|value| CompletionItem {
            label: (*value).to_owned(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            ..CompletionItem::default()
        })
        .collect()
}
