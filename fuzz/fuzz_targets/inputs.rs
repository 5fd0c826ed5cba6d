//! Every input reader (text, e-mail, Markdown, HTML, JSON, JSON Lines, YAML,
//! TOML, CSV) on arbitrary bytes: a document or a located error, never a
//! panic; findings mapped into the file on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replylint::Linter;
use replylint::check::{CheckOptions, lint_document};
use replylint::input::{Format, decode, read_document};
use std::sync::OnceLock;

const FORMATS: [Format; 9] = [
    Format::Text,
    Format::Email,
    Format::Markdown,
    Format::Html,
    Format::Json,
    Format::JsonLines,
    Format::Yaml,
    Format::Toml,
    Format::Csv,
];

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::builtin().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let format = FORMATS[first as usize % FORMATS.len()];
    let Ok(text) = decode("fuzz", rest.to_vec()) else { return };
    let Ok(doc) = read_document("fuzz", text.clone(), format, None) else { return };
    for d in &doc.drafts {
        // Every draft offset maps into the file, on a boundary.
        for (i, _) in d.text.char_indices() {
            let at = d.map.map(i);
            assert!(at <= text.len());
        }
    }
    let report = lint_document(linter(), linter().settings(), &doc, &CheckOptions::default());
    for f in &report.findings {
        let s = &f.diagnostic.span;
        assert!(s.start <= s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        for x in &f.fixes {
            assert!(x.span.end <= text.len());
            assert!(text.is_char_boundary(x.span.start) && text.is_char_boundary(x.span.end));
        }
    }
});
