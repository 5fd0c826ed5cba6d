//! The fix applier: the safe fixes of a Markdown, JSON or CSV document apply
//! without overlap, keep the text valid UTF-8, and a fixed library still
//! parses into the same number of drafts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replylint::check::{CheckOptions, lint_document};
use replylint::fix::apply;
use replylint::input::{Format, read_document};
use replylint::{Applicability, Linter};
use std::sync::{Arc, OnceLock};

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::builtin().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let format = [Format::Markdown, Format::Json, Format::Csv, Format::Yaml][first as usize % 4];
    let text: Arc<str> = Arc::from(text);
    let Ok(doc) = read_document("fuzz", text.clone(), format, None) else { return };
    let report = lint_document(linter(), linter().settings(), &doc, &CheckOptions::default());
    let safe: Vec<_> = report
        .findings
        .iter()
        .flat_map(|f| &f.fixes)
        .filter(|x| x.applicability == Applicability::Safe)
        .collect();
    let (fixed, applied) = apply(&text, &safe);
    for w in applied.windows(2) {
        assert!(w[0].span.end < w[1].span.start);
    }
    if matches!(format, Format::Json | Format::Csv) {
        let again = read_document("fuzz", Arc::from(fixed.as_str()), format, None)
            .expect("a fixed library still parses");
        assert_eq!(again.drafts.len(), doc.drafts.len());
    }
});
