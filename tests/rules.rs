//! Runs every rule fixture in `tests/fixtures/rules/<id>.txt`.
//!
//! For each case, the set of spans this rule flags must equal the `[[...]]`
//! marks exactly (format: `tests/fixtures/rules/README.md`). A snapshot of the
//! human output per rule pins messages, labels and help texts.

use replylint::render::human;
use replylint::report::{FileReport, Finding, RunReport};
use replylint::{Channel, Diagnostic, Draft, Linter};
use std::path::Path;
use std::sync::{Arc, OnceLock};

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::builtin().expect("built-in packs load"))
}

/// One fixture case.
#[derive(Debug)]
struct Case {
    line: usize,
    text: String,
    context: Option<String>,
    channel: Option<Channel>,
    /// Expected flagged spans (byte ranges in `text`).
    marks: Vec<std::ops::Range<usize>>,
    expect_draft: bool,
}

fn parse(source: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    for (i, line) in lines
        .iter()
        .enumerate()
        .chain(std::iter::once((lines.len(), &"")))
    {
        if line.trim().is_empty() {
            if !block.is_empty() {
                cases.push(parse_case(&block));
                block.clear();
            }
        } else if !line.starts_with('#') {
            block.push((i + 1, line));
        }
    }
    cases
}

fn parse_case(block: &[(usize, &str)]) -> Case {
    let mut context = None;
    let mut channel = None;
    let mut expect_draft = false;
    let mut body = Vec::new();
    for &(_, l) in block {
        if let Some(c) = l.strip_prefix("context: ") {
            context = Some(c.to_string());
        } else if let Some(c) = l.strip_prefix("channel: ") {
            channel = Some(match c.trim() {
                "public" => Channel::Public,
                "private" => Channel::Private,
                other => panic!("bad channel {other}"),
            });
        } else if l.trim() == "expect: draft" {
            expect_draft = true;
        } else {
            body.push(l);
        }
    }
    let raw = body.join("\n");
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut rest = raw.as_str();
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]").expect("unclosed [[ in fixture");
        let start = text.len();
        text.push_str(&after[..close]);
        marks.push(start..text.len());
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    Case {
        line: block[0].0,
        text,
        context,
        channel,
        marks,
        expect_draft,
    }
}

fn lint(case: &Case) -> Vec<Diagnostic> {
    let draft = Draft {
        text: &case.text,
        context: case.context.as_deref(),
        channel: case.channel,
    };
    linter().lint(&draft)
}

fn check_rule(rule: &str) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/rules/{rule}.txt"));
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cases = parse(&source);
    assert!(
        cases.iter().any(|c| !c.marks.is_empty() || c.expect_draft),
        "{rule}: the fixture needs cases that must be flagged"
    );
    assert!(
        cases.iter().any(|c| c.marks.is_empty() && !c.expect_draft),
        "{rule}: the fixture needs near-misses that must not be flagged"
    );
    let mut failures = Vec::new();
    let mut files = Vec::new();
    for case in &cases {
        let found = lint(case);
        let mine: Vec<&Diagnostic> = found.iter().filter(|d| &*d.rule == rule).collect();
        let draft_level = mine.iter().any(|d| d.draft_level);
        let mut spans: Vec<_> = mine
            .iter()
            .filter(|d| !d.draft_level)
            .map(|d| d.span.clone())
            .collect();
        spans.sort_by_key(|s| (s.start, s.end));
        let shown = |s: &[std::ops::Range<usize>]| {
            s.iter()
                .map(|r| format!("{:?}", &case.text[r.clone()]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if spans != case.marks || draft_level != case.expect_draft {
            failures.push(format!(
                "line {}: {:?}\n    expected spans [{}]{}\n    found    spans [{}]{}",
                case.line,
                case.text,
                shown(&case.marks),
                if case.expect_draft {
                    " + draft-level"
                } else {
                    ""
                },
                shown(&spans),
                if draft_level { " + draft-level" } else { "" },
            ));
        }
        files.push(FileReport {
            path: format!("{rule}.txt:{}", case.line),
            text: Arc::from(case.text.as_str()),
            base: Default::default(),
            drafts: 1,
            draft_names: vec![format!("{rule}.txt:{}", case.line)],
            fail_on: replylint::Severity::Error,
            hidden: Default::default(),
            readings: Vec::new(),
            findings: mine
                .into_iter()
                .map(|d| Finding {
                    diagnostic: d.clone(),
                    draft: None,
                    draft_index: 0,
                    fixes: Vec::new(),
                })
                .collect(),
        });
    }
    assert!(
        failures.is_empty(),
        "{rule}: {} case(s) failed\n{}",
        failures.len(),
        failures.join("\n")
    );
    let report = RunReport {
        files,
        errors: Vec::new(),
    };
    let mut out = Vec::new();
    human::render(&report, false, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

macro_rules! rule_tests {
    ($($name:ident => $id:literal,)*) => {
        $(
            #[test]
            fn $name() {
                let rendered = check_rule($id);
                insta::assert_snapshot!($id, rendered);
            }
        )*

        /// Every rule of the catalogue has a fixture test above.
        #[test]
        fn every_rule_has_a_fixture() {
            let tested = [$($id),*];
            for id in linter().catalog().rule_ids() {
                assert!(tested.contains(&id), "rule `{id}` has no fixture test");
            }
        }
    };
}

rule_tests! {
    abandonment => "abandonment",
    arguing => "arguing",
    blame => "blame",
    condescension => "condescension",
    contradicting_customer => "contradicting-customer",
    dismissive => "dismissive",
    generic_reply => "generic-reply",
    heated_language => "heated-language",
    hostile_labeling => "hostile-labeling",
    making_it_about_us => "making-it-about-us",
    missing_acknowledgment => "missing-acknowledgment",
    missing_apology => "missing-apology",
    no_invitation => "no-invitation",
    no_next_step => "no-next-step",
    non_apology => "non-apology",
    public_details => "public-details",
    refusal_without_alternative => "refusal-without-alternative",
    rudeness => "rudeness",
    sarcasm => "sarcasm",
    scolding => "scolding",
    shouting => "shouting",
    threat => "threat",
}
