//! Property tests: invariants that hold for any draft, not just the ones we
//! thought of. Drafts are built from trigger phrases of every rule, neutral
//! support sentences, separators, invisible characters, case changes and
//! arbitrary Unicode, so the generator reaches the interesting code paths.

use proptest::prelude::*;
use replylint::check::{CheckOptions, lint_document};
use replylint::input::{Format, read_document};
use replylint::span::LineIndex;
use replylint::{Applicability, Channel, Draft, Linter};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::builtin().expect("built-in packs load"))
}

const TRIGGERS: &[&str] = &[
    "Calm down",
    "calm down",
    "Obviously",
    "obviously",
    "With all due respect",
    "you should have read the FAQ",
    "That's not true",
    "you're wrong",
    "PLEASE READ",
    "NO EXCEPTIONS",
    "!!",
    "?!",
    "!!!",
    "as I already said",
    "we're sorry you feel that way",
    "sorry, but",
    "not our problem",
    "we can't refund it",
    "user error",
    "you people",
    "honey",
    "legal action",
    "what's your order number",
    "it's not rocket science",
    "seriously?",
    "deal with it",
    "per our policy",
    "it's not a big deal",
];

const NEUTRAL: &[&str] = &[
    "Hi Sam",
    "Thanks for reaching out",
    "I'm sorry about the delay",
    "Your order left our warehouse today",
    "Let us know if anything else comes up",
    "Could you DM us your email?",
    "We refunded the charge",
    "the FAQ is at https://x.io/faq",
    "{{first_name}}",
    "%NAME%",
    "@SwiftAir",
    "\"you're wrong\" is what you wrote",
    "> calm down",
    "we just shipped a fix",
];

const SEPARATORS: &[&str] = &[
    " ", ", ", ". ", "! ", "? ", "\n", "\n\n", "; ", " - ", "\r\n",
];

const INVISIBLE: &[&str] = &[
    "\u{200B}", "\u{202E}", "\u{2066}", "\u{00AD}", "\u{FEFF}", "\u{00A0}",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(TRIGGERS).prop_map(String::from),
        3 => proptest::sample::select(NEUTRAL).prop_map(String::from),
        2 => proptest::sample::select(SEPARATORS).prop_map(String::from),
        1 => proptest::sample::select(INVISIBLE).prop_map(String::from),
        1 => proptest::sample::select(TRIGGERS).prop_map(|s| s.to_uppercase()),
        1 => "\\PC{0,12}",
        1 => proptest::sample::select(TRIGGERS).prop_map(|s| s.replace('\'', "\u{2019}")),
    ]
}

fn draft() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..14).prop_map(|v| v.concat())
}

fn channel() -> impl Strategy<Value = Option<Channel>> {
    prop_oneof![
        Just(None),
        Just(Some(Channel::Public)),
        Just(Some(Channel::Private))
    ]
}

fn lint(text: &str, context: Option<&str>, channel: Option<Channel>) -> Vec<replylint::Diagnostic> {
    let mut d = Draft::new(text);
    d.context = context;
    d.channel = channel;
    linter().lint(&d)
}

/// How many findings of each rule flag each words (whatever their fixes:
/// a fix may have turned another finding's words into these).
fn fixed_keys(text: &str, diags: &[replylint::Diagnostic]) -> HashMap<(String, String), usize> {
    let mut keys = HashMap::new();
    for d in diags {
        let words = text[d.span.clone()].to_lowercase();
        *keys.entry((d.rule.to_string(), words)).or_default() += 1;
    }
    keys
}

proptest! {
    #![proptest_config(ProptestConfig {
        // More with PROPTEST_CASES=100000 for a long hunt.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        // Failures are reported with their input; a found case becomes a
        // named regression test in tests/regressions.rs.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Every span lies inside the draft, on character boundaries; a
    /// phrase finding points at words, and linting is deterministic.
    #[test]
    fn spans_are_inside_and_linting_is_deterministic(
        text in draft(),
        context in proptest::option::of(draft()),
        ch in channel(),
    ) {
        let first = lint(&text, context.as_deref(), ch);
        for d in &first {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            if !d.draft_level {
                prop_assert!(!text[d.span.clone()].trim().is_empty(), "{d:?} in {text:?}");
            }
            for s in &d.suggestions {
                prop_assert!(s.span.end <= text.len());
                prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
            }
        }
        let again = lint(&text, context.as_deref(), ch);
        prop_assert_eq!(first, again);
    }

    /// Applying every safe fix and linting again never brings back a finding
    /// a fix was meant to remove, and leaves the fix's rule silent at the
    /// place it edited (what makes a fix safe).
    #[test]
    fn safe_fixes_remove_what_they_fix(text in draft()) {
        let before = lint(&text, None, None);
        // (diagnostic, span, edit) of every safe fix, in text order.
        let mut edits: Vec<(usize, std::ops::Range<usize>, String)> = before
            .iter()
            .enumerate()
            .flat_map(|(i, d)| {
                d.suggestions
                    .iter()
                    .filter(|s| s.applicability == Applicability::Safe)
                    .map(move |s| (i, s.span.clone(), s.edit.clone()))
            })
            .collect();
        edits.sort_by_key(|e| (e.1.start, e.1.end));
        let mut fixed = String::new();
        let mut at = 0;
        // (diagnostic, where its edit wrote in the fixed text).
        let mut applied: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (i, span, edit) in &edits {
            // As replylint::fix::apply: overlapping or touching edits wait.
            if !applied.is_empty() && span.start <= at {
                continue;
            }
            fixed.push_str(&text[at..span.start]);
            let start = fixed.len();
            fixed.push_str(edit);
            applied.push((*i, start..fixed.len()));
            at = span.end;
        }
        fixed.push_str(&text[at..]);
        let keys_before = fixed_keys(&text, &before);
        let after = lint(&fixed, None, None);
        let keys_after = fixed_keys(&fixed, &after);
        for (i, place) in &applied {
            let d = &before[*i];
            let key = (d.rule.to_string(), text[d.span.clone()].to_lowercase());
            let (b, a) = (keys_before.get(&key).copied().unwrap_or(0), keys_after.get(&key).copied().unwrap_or(0));
            prop_assert!(a < b, "{key:?} still there after fixing:\n{text:?}\n->\n{fixed:?}");
            // Safe means its rule no longer flags the place it edited.
            let at_place = |x: &std::ops::Range<usize>| if place.is_empty() {
                x.start <= place.start && place.start < x.end
            } else {
                x.start < place.end && place.start < x.end
            };
            prop_assert!(
                !after.iter().any(|x| x.rule == d.rule && at_place(&x.span)),
                "safe fix of [{}] leaves it flagged at {place:?}:\n{text:?}\n->\n{fixed:?}", d.rule
            );
        }
    }

    /// Selection filters the output and never changes the judgment: the
    /// findings with some rules switched off are exactly the findings of
    /// every rule, less those rules' (draft-level rules read the others'
    /// findings, whichever are shown).
    #[test]
    fn selection_only_filters_the_output(
        text in draft(),
        channel in channel(),
        off in proptest::collection::vec(any::<proptest::sample::Index>(), 0..6),
    ) {
        let ids: Vec<String> = linter().catalog().rule_ids().map(String::from).collect();
        let disabled: std::collections::BTreeSet<String> =
            off.iter().map(|i| ids[i.index(ids.len())].clone()).collect();
        let settings = replylint::Settings { disabled: disabled.clone(), ..Default::default() };
        let mut d = Draft::new(&text);
        d.channel = channel;
        let all = linter().lint(&d);
        let shown = linter().lint_with(&d, &settings, None);
        let want: Vec<_> = all.into_iter().filter(|x| !disabled.contains(&*x.rule)).collect();
        prop_assert_eq!(shown, want, "{:?} with {:?} off", text, disabled);
    }

    /// Line/column positions and byte offsets agree, both ways.
    #[test]
    fn line_columns_and_offsets_agree(text in "\\PC{0,80}(\r?\n\\PC{0,40}){0,6}") {
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let lc = index.line_col(&text, offset);
            let line_start = index.line_start(lc.line - 1);
            let back = line_start
                + text[line_start..].chars().take(lc.column - 1).map(char::len_utf8).sum::<usize>();
            prop_assert_eq!(back, offset);
            let (l, c) = index.line_utf16(&text, offset);
            // A position between `\r` and `\n` maps to the line end.
            let expected = if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                offset - 1
            } else {
                offset
            };
            prop_assert_eq!(index.offset_utf16(&text, l, c), expected);
        }
    }

    /// Fixing a JSON library in place gives the same drafts as fixing the
    /// drafts themselves, and the file still parses.
    #[test]
    fn library_fixes_keep_json_and_csv_valid(texts in proptest::collection::vec(draft(), 1..4)) {
        for format in [Format::Json, Format::Csv] {
            let file = match format {
                Format::Json => serde_json::to_string(
                    &texts.iter().enumerate()
                        .map(|(i, t)| serde_json::json!({ "id": format!("m{i}"), "text": t }))
                        .collect::<Vec<_>>(),
                ).unwrap(),
                _ => {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    w.write_record(["id", "text"]).unwrap();
                    for (i, t) in texts.iter().enumerate() {
                        w.write_record([format!("m{i}").as_str(), t.as_str()]).unwrap();
                    }
                    String::from_utf8(w.into_inner().unwrap()).unwrap()
                }
            };
            let file: Arc<str> = Arc::from(file);
            let Ok(doc) = read_document("lib", file.clone(), format, None) else { continue };
            let report = lint_document(linter(), linter().settings(), &doc, &CheckOptions::default());
            let fixes: Vec<&replylint::fix::Fix> = report.findings.iter()
                .flat_map(|f| &f.fixes)
                .filter(|x| x.applicability == Applicability::Safe)
                .collect();
            let (new_file, _) = replylint::fix::apply(&file, &fixes);
            let reread = read_document("lib", Arc::from(new_file.as_str()), format, None);
            prop_assert!(reread.is_ok(), "{format:?} no longer parses:\n{new_file}");
            let reread = reread.unwrap();
            prop_assert_eq!(reread.drafts.len(), doc.drafts.len());
        }
    }

    /// In the JSON output of a Markdown library, each diagnostic's `text`
    /// is exactly the file's bytes between `byte_start` and `byte_end`, and
    /// its `line`/`column` (1-based, in characters) are where `byte_start`
    /// is in the file.
    #[test]
    fn json_output_quotes_the_file_at_its_positions(texts in proptest::collection::vec(draft(), 1..4)) {
        let file: String = texts
            .iter()
            .enumerate()
            .map(|(i, t)| format!("## Reply {i}\n\n{t}\n\n"))
            .collect();
        let file: Arc<str> = Arc::from(file);
        let Ok(doc) = read_document("lib.md", file.clone(), Format::Markdown, None) else {
            return Ok(());
        };
        let report = lint_document(linter(), linter().settings(), &doc, &CheckOptions::default());
        let index = LineIndex::new(&file);
        for f in &report.findings {
            let v = replylint::render::json::diagnostic_value(&report, &index, f);
            let (start, end) = (v["byte_start"].as_u64().unwrap() as usize, v["byte_end"].as_u64().unwrap() as usize);
            prop_assert!(start <= end && end <= file.len());
            prop_assert_eq!(v["text"].as_str().unwrap(), &file[start..end]);
            let before = &file[..start];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |n| n + 1)..].chars().count() + 1;
            prop_assert_eq!(v["line"].as_u64().unwrap() as usize, line, "{}", v);
            prop_assert_eq!(v["column"].as_u64().unwrap() as usize, column, "{}", v);
        }
    }
}

/// Found by `selection_only_filters_the_output`: removing "Obviously"
/// (condescension) before "!!" leaves "?!", so whether the "!!" fix is safe
/// depended on whether condescension was on. It must not.
#[test]
fn a_fix_verdict_does_not_depend_on_the_selection() {
    let text = "Could you DM us your email?Obviously\u{200b}!!";
    let d = Draft::new(text);
    let all = linter().lint(&d);
    let settings = replylint::Settings {
        disabled: ["condescension".to_string()].into_iter().collect(),
        ..Default::default()
    };
    let shown = linter().lint_with(&d, &settings, None);
    let want: Vec<_> = all
        .into_iter()
        .filter(|x| &*x.rule != "condescension")
        .collect();
    assert_eq!(shown, want);
}
