//! Linting a whole [`Document`]: every draft, with findings mapped into the
//! file.

use crate::Channel;
use crate::input::Document;
use crate::linter::{Draft, Linter, Settings};
use crate::report::{FileReport, Finding};

/// Per-run inputs that apply to drafts that do not carry their own.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The customer message (`--context`).
    pub context: Option<String>,
    /// The channel (`--channel`).
    pub channel: Option<Channel>,
}

/// Lints every draft of `doc` and maps the findings into the file.
pub fn lint_document(
    linter: &Linter,
    settings: &Settings,
    doc: &Document,
    opts: &CheckOptions,
) -> FileReport {
    let mut findings = Vec::new();
    for d in &doc.drafts {
        let draft = Draft {
            text: &d.text,
            context: d.context.as_deref().or(opts.context.as_deref()),
            channel: d.channel.or(opts.channel),
        };
        for mut diag in linter.lint_with(&draft, settings, None) {
            let span = d.map.map_span(diag.span.clone());
            let len = doc.text.len();
            diag.span = floor(&doc.text, span.start.min(len))..floor(&doc.text, span.end.min(len));
            findings.push(Finding {
                diagnostic: diag,
                draft: d.id.clone(),
            });
        }
    }
    findings.sort_by(|a, b| a.diagnostic.sort_key().cmp(&b.diagnostic.sort_key()));
    FileReport {
        path: doc.path.clone(),
        text: doc.text.clone(),
        drafts: doc.drafts.len(),
        findings,
    }
}

fn floor(text: &str, at: usize) -> usize {
    crate::span::floor_char_boundary(text, at)
}
