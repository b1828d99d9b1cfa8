//! `--format junit`: JUnit XML for CI test dashboards. One test case per claim, failed
//! when the claim has error-level findings; sources and files with findings of their own
//! get test cases in suites of their own.

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use rayon::prelude::*;

use super::{Reporter, Summary};
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::code::Severity;
use claimcheck_engine::model::finding::Finding;
use claimcheck_engine::sanitize::inline;

pub struct JunitReporter<'a> {
    out: &'a mut dyn std::io::Write,
}

impl<'a> JunitReporter<'a> {
    pub fn new(out: &'a mut dyn std::io::Write) -> Self {
        Self { out }
    }
}

fn describe(finding: &Finding) -> String {
    let at = finding
        .location
        .as_ref()
        .map(|at| format!("{}: ", inline(&at.to_string())))
        .unwrap_or_default();
    // The help's own lines are kept; each is one line whatever it quotes.
    let help: String = finding
        .help
        .iter()
        .flat_map(|help| help.lines())
        .enumerate()
        .map(|(index, line)| {
            let lead = if index == 0 {
                "\n  help: "
            } else {
                "\n        "
            };
            format!("{lead}{}", inline(line))
        })
        .collect();
    // XML 1.0 cannot hold control characters, and terminals showing the report must not
    // obey them; no value may start a line of its own.
    format!(
        "{at}{} [{}]: {}{help}",
        finding.severity.name(),
        finding.code,
        inline(&finding.message)
    )
}

/// A test case named `name`, failed by its error-level findings; warnings and notes go
/// to its output.
fn case(name: &str, classname: &str, findings: &[&Finding]) -> TestCase {
    let errors: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let status = match errors.first() {
        None => TestCaseStatus::success(),
        Some(first) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(inline(&first.message).as_ref())
                .set_type(first.code.name());
            status.set_description(
                errors
                    .iter()
                    .map(|f| describe(f))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            status
        }
    };
    let mut case = TestCase::new(name, status);
    case.set_classname(inline(classname).as_ref());
    let warnings: Vec<String> = findings
        .iter()
        .filter(|f| f.severity != Severity::Error)
        .map(|f| describe(f))
        .collect();
    if !warnings.is_empty() {
        case.set_system_out(warnings.join("\n"));
    }
    case
}

/// A test case for each of `items`, named and classed as `name_and_class` says, with
/// its findings in `by_name`. Made on all cores, in order: each string a case holds is
/// scanned for terminal escapes as it is set, and that was most of rendering 150,000
/// findings.
fn cases<'a, T: Sync>(
    items: &'a [T],
    by_name: &BTreeMap<&str, Vec<&Finding>>,
    name_and_class: impl Fn(&'a T) -> (&'a str, &'a str) + Sync,
) -> Vec<TestCase> {
    items
        .par_iter()
        .map(|item| {
            let (name, class) = name_and_class(item);
            let found = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
            case(name, class, found)
        })
        .collect()
}

impl Reporter for JunitReporter<'_> {
    fn report(&mut self, _findings: &[Finding], _files: &FileRegistry) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(
        &mut self,
        project: &Project,
        findings: &[Finding],
        _summary: &Summary,
    ) -> std::io::Result<()> {
        let mut by_claim: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        let mut by_source: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        let mut by_file: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
        for finding in findings {
            if let Some(claim) = &finding.claim {
                by_claim.entry(claim).or_default().push(finding);
            } else if let Some(source) = &finding.source {
                by_source.entry(source).or_default().push(finding);
            } else {
                let file = finding
                    .location
                    .as_ref()
                    .map_or_else(|| "(project)".to_owned(), |at| at.path.to_string());
                by_file.entry(file).or_default().push(finding);
            }
        }
        let mut claims = TestSuite::new("claims");
        claims.add_test_cases(cases(&project.claims, &by_claim, |claim| {
            (&claim.id, &claim.location.path)
        }));
        let mut sources = TestSuite::new("sources");
        let all_sources: Vec<_> = project.sources.values().collect();
        sources.add_test_cases(cases(&all_sources, &by_source, |source| {
            (&source.id, &source.path)
        }));
        let mut report = Report::new("claimcheck");
        report.add_test_suite(claims).add_test_suite(sources);
        if !by_file.is_empty() {
            let mut files = TestSuite::new("files");
            for (file, found) in &by_file {
                files.add_test_case(case(file, file, found));
            }
            report.add_test_suite(files);
        }
        report
            .serialize(&mut *self.out)
            .map_err(std::io::Error::other)?;
        writeln!(self.out)
    }
}
