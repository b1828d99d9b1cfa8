//! Human output: each finding a miette diagnostic pointing into the claim file (and,
//! where it helps, the source), then one summary line.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::excerpt::Excerpt;

use super::{Detail, RenderOptions, Reporter, Summary};
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::code::Severity;
use claimcheck_engine::model::finding::Finding;
use claimcheck_engine::model::location::Location;
use claimcheck_engine::sanitize::{inline, safe, safe_same_length};

/// Width diagnostics are wrapped at: fixed, so output is the same on every terminal.
const WIDTH: usize = 100;

/// A code with at least this many warnings (or notes) in a run is shown as one block
/// listing them, unless `--verbose`.
const GROUP_AT: usize = 3;

pub struct HumanReporter<'a> {
    out: &'a mut dyn std::io::Write,
    handler: GraphicalReportHandler,
    detail: Detail,
    snippets: Snippets,
}

/// Each file's text made safe to quote, worked out once per file however many findings
/// quote it (per finding it was quadratic in findings × file size).
#[derive(Default)]
struct Snippets {
    by_path: std::collections::HashMap<String, Option<Arc<String>>>,
}

impl Snippets {
    fn text(&mut self, path: &str, files: &FileRegistry) -> Option<Arc<String>> {
        self.by_path
            .entry(path.to_owned())
            .or_insert_with(|| {
                let text = files.shared_text(path)?;
                Some(match safe_same_length(&text) {
                    Cow::Borrowed(_) => text,
                    Cow::Owned(safe) => Arc::new(safe),
                })
            })
            .clone()
    }
}

impl<'a> HumanReporter<'a> {
    pub fn new(out: &'a mut dyn std::io::Write, options: RenderOptions) -> Self {
        let theme = if options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(WIDTH)
            .with_links(false);
        Self {
            out,
            handler,
            detail: options.detail,
            snippets: Snippets::default(),
        }
    }

    /// A finding in full: its diagnostic, then each related place as a note of its own
    /// (miette would head them `Advice:`).
    fn write_full(&mut self, finding: &Finding, files: &FileRegistry) -> std::io::Result<()> {
        let mut diagnostic = FindingDiagnostic::new(finding, files, &mut self.snippets);
        let related = std::mem::take(&mut diagnostic.related);
        let mut rendered = String::new();
        self.handler
            .render_report(&mut rendered, &diagnostic)
            .map_err(std::io::Error::other)?;
        for note in &related {
            self.handler
                .render_report(&mut rendered, note)
                .map_err(std::io::Error::other)?;
        }
        write!(self.out, "{rendered}")
    }

    /// Many findings of one code as one block: a line each, and the help once.
    fn write_group(&mut self, findings: &[&Finding]) -> std::io::Result<()> {
        let first = findings[0];
        let (mark, kind) = match first.severity {
            Severity::Error => ("×", "error"),
            Severity::Warning => ("⚠", "warning"),
            Severity::Note => ("☞", "note"),
        };
        writeln!(self.out, "{}: {}", first.code, plural(findings.len(), kind))?;
        writeln!(self.out)?;
        // A line each, made on all cores and written a part at a time: line by line,
        // 100,000 warnings were most of a human report.
        super::batches::write_rendered(&mut *self.out, findings, |_, part, lines| {
            for finding in part {
                let at = finding
                    .location
                    .as_ref()
                    .map(|location| format!("{location}: "))
                    .unwrap_or_default();
                writeln!(
                    lines,
                    "  {mark} {}{}",
                    inline(&at),
                    inline(&finding.message)
                )?;
            }
            Ok(())
        })?;
        if let Some(help) = &first.help {
            writeln!(
                self.out,
                "  help: {}",
                inline(help.lines().next().unwrap_or_default())
            )?;
        }
        writeln!(self.out, "  (each in full with --verbose)")
    }
}

impl Reporter for HumanReporter<'_> {
    /// Findings are shown at the end, most severe first: the one error is not buried
    /// under warnings.
    fn report(&mut self, _findings: &[&Finding], _files: &FileRegistry) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(
        &mut self,
        project: &Project,
        findings: &[&Finding],
        summary: &Summary,
    ) -> std::io::Result<()> {
        for severity in [Severity::Error, Severity::Warning, Severity::Note] {
            if self.detail == Detail::Quiet && severity != Severity::Error {
                continue;
            }
            let of_severity: Vec<&Finding> = findings
                .iter()
                .copied()
                .filter(|finding| finding.severity == severity)
                .collect();
            let mut codes: Vec<claimcheck_engine::model::code::Code> = Vec::new();
            for finding in &of_severity {
                if !codes.contains(&finding.code) {
                    codes.push(finding.code);
                }
            }
            for code in codes {
                let of_code: Vec<&Finding> = of_severity
                    .iter()
                    .copied()
                    .filter(|finding| finding.code == code)
                    .collect();
                let grouped = severity != Severity::Error
                    && self.detail != Detail::Verbose
                    && of_code.len() >= GROUP_AT;
                if grouped {
                    self.write_group(&of_code)?;
                } else {
                    for finding in of_code {
                        self.write_full(finding, &project.files)?;
                    }
                }
            }
        }
        writeln!(self.out, "{}", summary.line())?;
        if summary.notes > 0 {
            writeln!(
                self.out,
                "{} for the record (acknowledged conflicts)",
                plural(summary.notes, "note")
            )?;
        }
        Ok(())
    }
}

/// `1 pin`, `2 pins`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A finding as miette sees it: a primary label in its own file, and each related
/// location as a related diagnostic in its file.
#[derive(Debug)]
struct FindingDiagnostic {
    code: &'static str,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source_code: Option<Excerpt>,
    label: Option<LabeledSpan>,
    related: Vec<FindingDiagnostic>,
}

impl FindingDiagnostic {
    fn new(finding: &Finding, files: &FileRegistry, snippets: &mut Snippets) -> Self {
        let label_text = match (&finding.claim, &finding.source) {
            (Some(claim), _) => format!("claim `{claim}`"),
            (None, Some(source)) => format!("source `{source}`"),
            (None, None) => String::new(),
        };
        let (source_code, label, location_line) =
            at(finding.location.as_ref(), files, snippets, label_text);
        let message = match location_line {
            Some(line) => format!("{}\n  at {line}", inline(&finding.message)),
            None => inline(&finding.message).into_owned(),
        };
        Self {
            code: finding.code.name(),
            message,
            severity: match finding.severity {
                Severity::Note => miette::Severity::Advice,
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
            help: finding.help.as_deref().map(|help| safe(help).into_owned()),
            source_code,
            label,
            related: finding
                .related
                .iter()
                .map(|related| {
                    let (source_code, label, location_line) =
                        at(Some(&related.location), files, snippets, String::new());
                    FindingDiagnostic {
                        code: "",
                        message: format!(
                            "{} ({})",
                            inline(&related.message),
                            location_line.unwrap_or_default()
                        ),
                        severity: miette::Severity::Advice,
                        help: None,
                        source_code,
                        label,
                        related: Vec::new(),
                    }
                })
                .collect(),
        }
    }
}

/// The file text, label and `path:line:column` text of a location, where it has one.
fn at(
    location: Option<&Location>,
    files: &FileRegistry,
    snippets: &mut Snippets,
    label: String,
) -> (Option<Excerpt>, Option<LabeledSpan>, Option<String>) {
    let Some(location) = location else {
        return (None, None, None);
    };
    let shown = Some(inline(&location.to_string()).into_owned());
    match snippets.text(&location.path, files) {
        // A whole-file location has nothing to underline, and a paragraph-long line
        // (articles keep whole paragraphs on one line) would bury the finding.
        Some(text)
            if (location.len > 0 || location.offset > 0) && !on_long_line(&text, location) =>
        {
            (
                // Snippets quote sources: sanitized without moving a byte, so labels still fit.
                Some(Excerpt::new(
                    inline(&location.path).into_owned(),
                    text,
                    location.start(),
                    location.byte_len(),
                    location.line as usize,
                )),
                Some(LabeledSpan::new_primary_with_span(
                    (!label.is_empty()).then_some(label),
                    (location.start(), location.byte_len()),
                )),
                shown,
            )
        }
        _ => (None, None, shown),
    }
}

/// Whether the line holding `location` is too long to show as a snippet (more than
/// `2 * WIDTH` characters). A line of more than four bytes for each of those is too
/// long whatever it holds, so no line is read further than that either side (a source
/// that keeps megabytes on one line made every finding in it read the whole line).
fn on_long_line(text: &str, location: &Location) -> bool {
    const MOST_BYTES: usize = 4 * 2 * WIDTH;
    let (bytes, at) = (text.as_bytes(), location.start());
    let from = at.saturating_sub(MOST_BYTES + 1);
    let start = match bytes[from..at].iter().rposition(|&byte| byte == b'\n') {
        Some(newline) => from + newline + 1,
        None if from == 0 => 0,
        None => return true,
    };
    let to = (at + MOST_BYTES + 1).min(bytes.len());
    let end = match bytes[at..to].iter().position(|&byte| byte == b'\n') {
        Some(newline) => at + newline,
        None if to == bytes.len() => bytes.len(),
        None => return true,
    };
    end - start > MOST_BYTES || text[start..end].chars().count() > 2 * WIDTH
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source_code
            .as_ref()
            .map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|label| Box::new(std::iter::once(label)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(
                self.related
                    .iter()
                    .map(|related| related as &dyn Diagnostic),
            ) as Box<dyn Iterator<Item = _>>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A line is told long or not as counting all its characters tells it, though
        /// no more than a few hundred bytes either side are read.
        #[test]
        fn a_long_line_is_told_without_reading_all_of_it(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "a", "\n", "日", "😀", " ", "a few words of a sentence ",
            ]), 0..400),
            offset in 0usize..6_000,
        ) {
            let text = pieces.concat();
            let location = Location::in_text("f", &text, offset, 0);
            let at = location.start();
            let start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
            let end = text[at..].find('\n').map_or(text.len(), |newline| at + newline);
            let long = text[start..end].chars().count() > 2 * WIDTH;
            prop_assert_eq!(on_long_line(&text, &location), long);
        }
    }
}
