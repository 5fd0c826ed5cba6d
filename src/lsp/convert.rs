//! Conversions between replylint's byte offsets and findings and the LSP's
//! positions, diagnostics, hovers and code actions.

use super::Analysed;
use crate::diagnostic::{Applicability, Severity};
use crate::error::SourceError;
use crate::report::Finding;
use crate::span::{LineIndex, floor_char_boundary};
use lsp_types as lsp;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

/// How columns are counted: UTF-16 code units (the LSP default) or bytes,
/// when the client offers UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client supports it (no conversion at all), else UTF-16.
    pub fn negotiate(init: &lsp::InitializeParams) -> Encoding {
        let offered = init
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }
    }
}

/// The LSP position of byte `offset`.
pub fn position(text: &str, index: &LineIndex, offset: usize, enc: Encoding) -> lsp::Position {
    match enc {
        Encoding::Utf16 => {
            let (line, character) = index.line_utf16(text, offset);
            lsp::Position { line, character }
        }
        Encoding::Utf8 => {
            let offset = floor_char_boundary(text, offset);
            let line = index.line_of(offset);
            lsp::Position {
                line: line as u32,
                character: (offset - index.line_start(line)) as u32,
            }
        }
    }
}

/// The byte offset of an LSP position (clamped to the text and its line).
pub fn offset(text: &str, index: &LineIndex, pos: lsp::Position, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf16 => index.offset_utf16(text, pos.line, pos.character),
        Encoding::Utf8 => {
            let start = index.line_start(pos.line as usize);
            if start > text.len() {
                return text.len();
            }
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            floor_char_boundary(text, (start + pos.character as usize).min(line_end))
        }
    }
}

pub fn range(text: &str, index: &LineIndex, span: Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range {
        start: position(text, index, span.start, enc),
        end: position(text, index, span.end, enc),
    }
}

/// Applies one `didChange` event to `text` (a whole new text, or a range).
pub fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        None => *text = change.text,
        Some(r) => {
            let index = LineIndex::new(text);
            let start = offset(text, &index, r.start, enc);
            let end = offset(text, &index, r.end, enc).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// The local path of a `file:` URI (percent-decoded).
pub fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // Drop an authority ("localhost"), keep the path.
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut bytes = Vec::with_capacity(path.len());
    let b = path.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                bytes.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        bytes.push(b[i]);
        i += 1;
    }
    let decoded = String::from_utf8(bytes).ok()?;
    // "/C:/dir" on Windows.
    let decoded = if decoded.len() > 2 && decoded.as_bytes()[2] == b':' && cfg!(windows) {
        decoded[1..].to_string()
    } else {
        decoded
    };
    Some(PathBuf::from(decoded))
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// A finding as an LSP diagnostic: the rule id is the code, linked to its
/// documentation.
pub fn diagnostic(a: &Analysed, index: &LineIndex, f: &Finding, enc: Encoding) -> lsp::Diagnostic {
    let g = &f.diagnostic;
    let doc = a
        .rules
        .iter()
        .find(|r| *r.id == *g.rule)
        .and_then(|r| r.doc_url.as_ref())
        .and_then(|u| u.parse::<lsp::Uri>().ok())
        .map(|href| lsp::CodeDescription { href });
    lsp::Diagnostic {
        range: range(&a.text, index, g.span.clone(), enc),
        severity: Some(severity(g.severity)),
        code: Some(lsp::NumberOrString::String(g.rule.to_string())),
        code_description: doc,
        source: Some("replylint".into()),
        message: format!("{}: {}\n{}", g.message, g.label, g.help),
        ..Default::default()
    }
}

/// An input or configuration error as a diagnostic at its location (the
/// document's start when it has none, or when it is in another file).
pub fn error_diagnostic(e: &SourceError, _enc: Encoding) -> lsp::Diagnostic {
    let (line, col) = e.line_col().unwrap_or((1, 1));
    let at = lsp::Position {
        line: line.saturating_sub(1) as u32,
        character: col.saturating_sub(1) as u32,
    };
    let mut message = format!("{}: {}", e.path, e.message);
    if let Some(h) = &e.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    lsp::Diagnostic {
        range: lsp::Range { start: at, end: at },
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        code: Some(lsp::NumberOrString::String("input".into())),
        source: Some("replylint".into()),
        message,
        ..Default::default()
    }
}

/// The hover text of a finding: what it is, what to write instead, and the
/// rule's explanation.
pub fn hover_text(a: &Analysed, f: &Finding) -> String {
    let g = &f.diagnostic;
    let mut s = format!(
        "**replylint [{}]** ({}): {}\n\n{}",
        g.rule, g.severity, g.message, g.help
    );
    if let Some(sug) = g.suggestions.first() {
        if sug.replacement.is_empty() {
            s.push_str("\n\nFix: remove these words.");
        } else {
            s.push_str(&format!("\n\nTry: \"{}\"", sug.replacement));
        }
    }
    if let Some(rule) = a.rules.iter().find(|r| *r.id == *g.rule) {
        s.push_str(&format!(
            "\n\n```text\n{}\n```",
            rule.explanation.trim_end()
        ));
        if let Some(u) = &rule.doc_url {
            s.push_str(&format!("\n\n[Rule documentation]({u})"));
        }
    }
    s
}

/// Quick fixes for the findings overlapping `range`: each suggestion that
/// can be written in place (safe ones preferred), and, where the format
/// takes comments, a suppression for the line.
pub fn code_actions(
    a: &Analysed,
    index: &LineIndex,
    uri: &lsp::Uri,
    range: Range<usize>,
    enc: Encoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut out = Vec::new();
    for f in &a.file.findings {
        let s = &f.diagnostic.span;
        let touches = s.start <= range.end && range.start <= s.end;
        if !touches {
            continue;
        }
        let diag = diagnostic(a, index, f, enc);
        for fix in &f.fixes {
            out.push(action(
                format!("replylint: {}", fix.title()),
                &diag,
                uri,
                lsp::TextEdit {
                    range: self::range(&a.text, index, fix.span.clone(), enc),
                    new_text: fix.replacement.clone(),
                },
                fix.applicability == Applicability::Safe,
            ));
        }
        if a.comments && !f.diagnostic.draft_level {
            let line = index.line_of(s.start);
            let start = index.line_start(line);
            let at = position(&a.text, index, start, enc);
            out.push(action(
                format!("replylint: ignore [{}] on this line", f.diagnostic.rule),
                &diag,
                uri,
                lsp::TextEdit {
                    range: lsp::Range { start: at, end: at },
                    new_text: format!(
                        "<!-- replylint-disable-next-line {} -->\n",
                        f.diagnostic.rule
                    ),
                },
                false,
            ));
        }
    }
    out
}

// lsp-types' `Uri` hashes and compares by its string, which never changes.
#[allow(clippy::mutable_key_type)]
fn action(
    title: String,
    diag: &lsp::Diagnostic,
    uri: &lsp::Uri,
    edit: lsp::TextEdit,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![edit]);
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let u: lsp::Uri = "file:///home/me/replies/late%20order.md".parse().unwrap();
        assert_eq!(
            uri_to_path(&u).unwrap(),
            PathBuf::from("/home/me/replies/late order.md")
        );
        let u: lsp::Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&u), None);
    }

    #[test]
    fn positions_round_trip_in_both_encodings() {
        let text = "héllo 👋 wörld\nsecond";
        let index = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in text.char_indices() {
                let p = position(text, &index, i, enc);
                assert_eq!(offset(text, &index, p, enc), i, "{enc:?} at {i}");
            }
        }
        let p = position(text, &index, text.find("wörld").unwrap(), Encoding::Utf16);
        assert_eq!(p.character, 9, "the emoji is two UTF-16 units");
    }

    #[test]
    fn ranged_changes_edit_the_text() {
        let mut text = "Calm down, please.".to_string();
        let change = lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range {
                start: lsp::Position {
                    line: 0,
                    character: 0,
                },
                end: lsp::Position {
                    line: 0,
                    character: 11,
                },
            }),
            range_length: None,
            text: String::new(),
        };
        apply_change(&mut text, change, Encoding::Utf16);
        assert_eq!(text, "please.");
    }
}
