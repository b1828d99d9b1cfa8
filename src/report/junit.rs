//! `--format junit`: JUnit XML for CI test dashboards. One test case per claim, failed
//! when the claim has error-level findings; sources and files with findings of their own
//! get test cases in suites of their own.

use std::collections::BTreeMap;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
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

/// A test case as the report writes it, every string already safe to show and to put
/// in XML (`inline` leaves no control character but line feeds between lines).
#[derive(Debug)]
struct Case {
    name: String,
    classname: String,
    failure: Option<Failure>,
    system_out: Option<String>,
}

/// The first error's message and code, and every error described.
#[derive(Debug)]
struct Failure {
    message: String,
    code: &'static str,
    description: String,
}

/// A test case named `name`, failed by its error-level findings; warnings and notes go
/// to its output.
fn case(name: &str, classname: &str, findings: &[&Finding]) -> Case {
    let errors: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let failure = errors.first().map(|first| Failure {
        message: inline(&first.message).into_owned(),
        code: first.code.name(),
        description: errors
            .iter()
            .map(|f| describe(f))
            .collect::<Vec<_>>()
            .join("\n"),
    });
    let warnings: Vec<String> = findings
        .iter()
        .filter(|f| f.severity != Severity::Error)
        .map(|f| describe(f))
        .collect();
    Case {
        name: inline(name).into_owned(),
        classname: inline(classname).into_owned(),
        failure,
        system_out: (!warnings.is_empty()).then(|| warnings.join("\n")),
    }
}

/// A test case for each of `items`, named and classed as `name_and_class` says, with
/// its findings in `by_name`, made on all cores, in order.
fn cases<'a, T: Sync>(
    items: &'a [T],
    by_name: &BTreeMap<&str, Vec<&Finding>>,
    name_and_class: impl Fn(&'a T) -> (&'a str, &'a str) + Sync,
) -> Vec<Case> {
    items
        .par_iter()
        .map(|item| {
            let (name, class) = name_and_class(item);
            let found = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
            case(name, class, found)
        })
        .collect()
}

/// Writes the report: the events quick-junit's serializer writes for the same suites,
/// through the same XML writer. quick-junit itself is not used: it passes every string
/// it is given through a terminal-escape parser a character at a time (most of a
/// JUnit report of 100,000 findings, 2.4 times the JSON one), and these strings are
/// already safe. A test holds the bytes to quick-junit's.
fn write_report(out: &mut dyn std::io::Write, suites: &[(&str, Vec<Case>)]) -> std::io::Result<()> {
    let failures = |cases: &[Case]| cases.iter().filter(|case| case.failure.is_some()).count();
    let count = |n: usize| n.to_string();
    let mut writer = Writer::new_with_indent(out, b' ', 4);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests: usize = suites.iter().map(|(_, cases)| cases.len()).sum();
    let failed: usize = suites.iter().map(|(_, cases)| failures(cases)).sum();
    let mut all = BytesStart::new("testsuites");
    all.extend_attributes([
        ("name", "claimcheck"),
        ("tests", &count(tests)),
        ("skipped", "0"),
        ("failures", &count(failed)),
        ("errors", "0"),
    ]);
    writer.write_event(Event::Start(all))?;
    for (name, cases) in suites {
        let mut suite = BytesStart::new("testsuite");
        suite.extend_attributes([
            ("name", *name),
            ("tests", &count(cases.len())),
            ("skipped", "0"),
            ("errors", "0"),
            ("failures", &count(failures(cases))),
        ]);
        if cases.is_empty() {
            writer.write_event(Event::Empty(suite))?;
            continue;
        }
        writer.write_event(Event::Start(suite))?;
        for case in cases {
            write_case(&mut writer, case)?;
        }
        writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writer.write_event(Event::Eof)?;
    writer.write_indent()
}

fn write_case(writer: &mut Writer<&mut dyn std::io::Write>, case: &Case) -> std::io::Result<()> {
    let mut tag = BytesStart::new("testcase");
    tag.extend_attributes([("name", case.name.as_str()), ("classname", &case.classname)]);
    if case.failure.is_none() && case.system_out.is_none() {
        return writer.write_event(Event::Empty(tag));
    }
    writer.write_event(Event::Start(tag))?;
    if let Some(failure) = &case.failure {
        let mut tag = BytesStart::new("failure");
        tag.extend_attributes([
            ("message", failure.message.as_str()),
            ("type", failure.code),
        ]);
        writer.write_event(Event::Start(tag))?;
        writer.write_event(Event::Text(BytesText::new(&failure.description)))?;
        writer.write_event(Event::End(BytesEnd::new("failure")))?;
    }
    if let Some(system_out) = &case.system_out {
        writer.write_event(Event::Start(BytesStart::new("system-out")))?;
        writer.write_event(Event::Text(BytesText::new(system_out)))?;
        writer.write_event(Event::End(BytesEnd::new("system-out")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("testcase")))
}

impl Reporter for JunitReporter<'_> {
    fn report(&mut self, _findings: &[&Finding], _files: &FileRegistry) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(
        &mut self,
        project: &Project,
        findings: &[&Finding],
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
        let all_sources: Vec<_> = project.sources.values().collect();
        let mut suites = vec![
            (
                "claims",
                cases(&project.claims, &by_claim, |claim| {
                    (&claim.id, &claim.location.path)
                }),
            ),
            (
                "sources",
                cases(&all_sources, &by_source, |source| {
                    (&source.id, &source.path)
                }),
            ),
        ];
        if !by_file.is_empty() {
            let files = by_file
                .iter()
                .map(|(file, found)| case(file, file, found))
                .collect();
            suites.push(("files", files));
        }
        write_report(&mut *self.out, &suites)?;
        writeln!(self.out)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

    use super::*;

    /// The same suites as quick-junit writes them.
    fn by_quick_junit(suites: &[(&str, Vec<Case>)]) -> String {
        let mut report = Report::new("claimcheck");
        for (name, cases) in suites {
            let mut suite = TestSuite::new(*name);
            for case in cases {
                let status = match &case.failure {
                    None => TestCaseStatus::success(),
                    Some(failure) => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        status
                            .set_message(failure.message.as_str())
                            .set_type(failure.code)
                            .set_description(failure.description.as_str());
                        status
                    }
                };
                let mut test_case = TestCase::new(case.name.as_str(), status);
                test_case.set_classname(case.classname.as_str());
                if let Some(system_out) = &case.system_out {
                    test_case.set_system_out(system_out.as_str());
                }
                suite.add_test_case(test_case);
            }
            report.add_test_suite(suite);
        }
        let mut out = Vec::new();
        report.serialize(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A value as the report holds it: safe, with XML's special characters.
    fn value() -> impl Strategy<Value = String> {
        "([a-z <>&'\"]{0,8}|é|“|\u{FFFD}|😀){0,6}"
    }

    /// Lines of values, as a description or an output is.
    fn lines() -> impl Strategy<Value = String> {
        prop::collection::vec(value(), 1..4).prop_map(|lines| lines.join("\n"))
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            value(),
            value(),
            prop::option::of((value(), lines())),
            prop::option::of(lines()),
        )
            .prop_map(|(name, classname, failure, system_out)| Case {
                name,
                classname,
                failure: failure.map(|(message, description)| Failure {
                    message,
                    code: "span-drifted",
                    description,
                }),
                system_out,
            })
    }

    proptest! {
        /// The report reads byte for byte as quick-junit writes the same suites.
        #[test]
        fn the_report_is_what_quick_junit_writes(
            claims in prop::collection::vec(case(), 0..4),
            sources in prop::collection::vec(case(), 0..3),
            files in prop::collection::vec(case(), 0..2),
        ) {
            let suites = [("claims", claims), ("sources", sources), ("files", files)];
            let mut ours = Vec::new();
            write_report(&mut ours, &suites).unwrap();
            prop_assert_eq!(String::from_utf8(ours).unwrap(), by_quick_junit(&suites));
        }
    }
}
