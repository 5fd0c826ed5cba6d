//! The configuration and lint-pack loaders on arbitrary text: a catalog or
//! errors with locations inside the text, never a panic. A pack that loads
//! must lint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replylint::config::{CliOverrides, Config};
use replylint::pack::{Catalog, PackText};
use replylint::{Draft, Linter, Settings};
use std::path::Path;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text: Arc<str> = Arc::from(text);
    // As a replylint.toml (packs it names do not exist: an error).
    match Config::from_text("replylint.toml", text.clone(), Path::new("/nonexistent"), CliOverrides::default()) {
        Ok(c) => {
            c.linter.lint(&Draft::new("Calm down, you should have read the FAQ!!"));
        }
        Err(errors) => {
            for e in errors {
                if let Some(s) = &e.span {
                    assert!(s.end <= e.text.len());
                }
                let _ = e.line_col();
            }
        }
    }
    // As a team's lint pack next to the built-in ones.
    let mut packs = PackText::builtins();
    packs.push(PackText {
        path: "team.toml".into(),
        text: text.clone(),
        builtin: false,
    });
    if let Ok(catalog) = Catalog::load(&packs) {
        if let Ok(linter) = Linter::from_catalog(catalog, Settings::default()) {
            linter.lint(&Draft::new("Calm down, you should have read the FAQ!!"));
            linter.lint(&Draft::new(&text));
        }
    }
});
