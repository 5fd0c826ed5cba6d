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
    // What the draft reads as: its heat and the customer's situation.
    if let Some(line) = a
        .file
        .readings
        .get(f.draft_index)
        .and_then(crate::render::human::reading_line)
    {
        s.push_str(&format!("\n\nThis draft: {line}."));
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

/// The kind of the "fix all" action: under `source.fixAll`, so that
/// `editor.codeActionsOnSave: { "source.fixAll": ... }` and the like run it.
pub const FIX_ALL: &str = "source.fixAll.replylint";

/// The configuration an "ignore in this file" action writes into.
pub struct ConfigTarget {
    pub path: PathBuf,
    pub uri: lsp::Uri,
    /// Its text (the editor's, if it is open); `None` when there is none
    /// yet and the client can create files.
    pub text: Option<String>,
}

/// What the code actions need besides the analysis.
pub struct ActionContext<'a> {
    pub uri: &'a lsp::Uri,
    /// The bytes the client asks about.
    pub range: Range<usize>,
    pub enc: Encoding,
    /// The kinds the client wants (`None`: every kind).
    pub only: Option<&'a [lsp::CodeActionKind]>,
    /// The text once every safe fix is applied, if the worker has worked it
    /// out for this version.
    pub fixed_all: Option<&'a str>,
    pub config: Option<&'a ConfigTarget>,
}

/// Whether the client asked for actions of `kind` (a kind asks for its
/// sub-kinds too: `source` takes `source.fixAll.replylint`).
fn wants(only: Option<&[lsp::CodeActionKind]>, kind: &str) -> bool {
    match only {
        None | Some([]) => true,
        Some(list) => list.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.strip_prefix(k).is_some_and(|r| r.starts_with('.'))
        }),
    }
}

/// The code actions for `ctx.range`: per finding there, each fix that can
/// be written in place (safe ones preferred) and ways to ignore it that
/// never write into a reply ([`super::ignore`]); and "fix all" for the
/// document.
pub fn code_actions(
    a: &Analysed,
    index: &LineIndex,
    ctx: &ActionContext,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut out = Vec::new();
    let (uri, enc) = (ctx.uri, ctx.enc);
    if wants(ctx.only, lsp::CodeActionKind::QUICKFIX.as_str()) {
        for f in &a.file.findings {
            let s = &f.diagnostic.span;
            let touches = s.start <= ctx.range.end && ctx.range.start <= s.end;
            if !touches {
                continue;
            }
            let diag = diagnostic(a, index, f, enc);
            for fix in &f.fixes {
                out.push(action(
                    format!("replylint: {}", fix.title()),
                    Some(&diag),
                    uri,
                    lsp::TextEdit {
                        range: self::range(&a.text, index, fix.span.clone(), enc),
                        new_text: fix.replacement.clone(),
                    },
                    fix.applicability == Applicability::Safe,
                ));
            }
            out.extend(ignore_actions(a, index, ctx, f, &diag));
        }
    }
    if wants(ctx.only, FIX_ALL) {
        out.extend(fix_all(a, index, ctx));
    }
    out
}

/// "Ignore" for one finding: a comment of the file's own syntax on the
/// line, where it has one; `[per-file-ignores]` in the configuration.
// lsp-types' `Uri` hashes and compares by its string, which never changes.
#[allow(clippy::mutable_key_type)]
fn ignore_actions(
    a: &Analysed,
    index: &LineIndex,
    ctx: &ActionContext,
    f: &Finding,
    diag: &lsp::Diagnostic,
) -> Vec<lsp::CodeActionOrCommand> {
    let rule = f.diagnostic.rule.as_ref();
    // replylint's own ids (an unused suppression) are not switched off so.
    if crate::docs::meta_id(rule).is_some_and(|m| m.id != crate::config::VOCABULARY_AVOID) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some((at, comment)) = super::ignore::line_comment(
        &a.text,
        a.format,
        a.mapping.as_ref(),
        rule,
        f.diagnostic.span.start,
    ) {
        let at = position(&a.text, index, at, ctx.enc);
        out.push(action(
            format!("replylint: ignore [{rule}] on this line (a `#` comment)"),
            Some(diag),
            ctx.uri,
            lsp::TextEdit {
                range: lsp::Range { start: at, end: at },
                new_text: comment,
            },
            false,
        ));
    }
    let (Some(target), Some(path)) = (ctx.config, a.path.as_deref()) else {
        return out;
    };
    let Some(glob) = target
        .path
        .parent()
        .and_then(|dir| super::ignore::glob_for(path, dir))
    else {
        return out;
    };
    let title = format!(
        "replylint: ignore [{rule}] in this file ([per-file-ignores] in {})",
        target.path.display()
    );
    let text = target.text.as_deref().unwrap_or("");
    let Some((span, new_text)) = super::ignore::per_file_ignore(text, &glob, rule) else {
        return out;
    };
    let config_index = LineIndex::new(text);
    let edit = lsp::TextEdit {
        range: self::range(text, &config_index, span, ctx.enc),
        new_text,
    };
    let workspace_edit = if target.text.is_some() {
        let mut changes = HashMap::new();
        changes.insert(target.uri.clone(), vec![edit]);
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }
    } else {
        // A new replylint.toml, then its text.
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(vec![
                lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
                    uri: target.uri.clone(),
                    options: Some(lsp::CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: target.uri.clone(),
                        version: None,
                    },
                    edits: vec![lsp::OneOf::Left(edit)],
                }),
            ])),
            ..Default::default()
        }
    };
    out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(workspace_edit),
        ..Default::default()
    }));
    out
}

/// "Fix all": every safe fix of the document as one edit, pass after pass
/// as `--fix` applies them (one pass, from the findings, until the worker
/// has worked the others out).
// lsp-types' `Uri` hashes and compares by its string, which never changes.
#[allow(clippy::mutable_key_type)]
fn fix_all(
    a: &Analysed,
    index: &LineIndex,
    ctx: &ActionContext,
) -> Option<lsp::CodeActionOrCommand> {
    let safe: Vec<&crate::fix::Fix> = a
        .file
        .findings
        .iter()
        .flat_map(|f| &f.fixes)
        .filter(|x| x.applicability == Applicability::Safe)
        .collect();
    if safe.is_empty() {
        return None;
    }
    let one_pass;
    let fixed = match ctx.fixed_all {
        Some(t) => t,
        None => {
            one_pass = crate::fix::apply(&a.text, &safe).0;
            one_pass.as_str()
        }
    };
    let (span, new_text) = smallest_edit(&a.text, fixed)?;
    let mut changes = HashMap::new();
    changes.insert(
        ctx.uri.clone(),
        vec![lsp::TextEdit {
            range: range(&a.text, index, span, ctx.enc),
            new_text,
        }],
    );
    Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: "replylint: fix all safe problems".into(),
        kind: Some(lsp::CodeActionKind::new(FIX_ALL)),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// The one replacement that turns `old` into `new` (their common start and
/// end kept, so the editor's cursor and marks elsewhere stay); `None` when
/// they are equal.
fn smallest_edit(old: &str, new: &str) -> Option<(Range<usize>, String)> {
    if old == new {
        return None;
    }
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let most = old.len().min(new.len()) - start;
    let mut end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(most)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    Some((
        start..old.len() - end,
        new[start..new.len() - end].to_string(),
    ))
}

// lsp-types' `Uri` hashes and compares by its string, which never changes.
#[allow(clippy::mutable_key_type)]
fn action(
    title: String,
    diag: Option<&lsp::Diagnostic>,
    uri: &lsp::Uri,
    edit: lsp::TextEdit,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![edit]);
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: diag.map(|d| vec![d.clone()]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// A `file:` URI for a local path (the characters a URI reserves
/// percent-encoded).
pub fn path_to_uri(path: &std::path::Path) -> Option<lsp::Uri> {
    let s = path.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
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

    #[test]
    fn paths_round_trip_through_uris() {
        for p in ["/home/me/replies/late order.md", "/tmp/a#b%c/é.yaml"] {
            let u = path_to_uri(std::path::Path::new(p)).unwrap();
            assert_eq!(uri_to_path(&u).unwrap(), PathBuf::from(p), "{}", u.as_str());
        }
    }

    #[test]
    fn the_smallest_edit_keeps_both_ends() {
        let apply = |old: &str, new: &str| {
            let (span, text) = smallest_edit(old, new).unwrap();
            let mut t = old.to_string();
            t.replace_range(span, &text);
            t
        };
        assert_eq!(
            apply("Calm down, it ships. NO!!", "It ships. No!"),
            "It ships. No!"
        );
        let (span, text) = smallest_edit("Hi. Calm down, it ships.", "Hi. It ships.").unwrap();
        assert_eq!(&"Hi. Calm down, it ships."[span.clone()], "Calm down, i");
        assert_eq!(text, "I");
        assert_eq!(smallest_edit("same", "same"), None);
        let (span, text) = smallest_edit("é!!", "é!").unwrap();
        assert_eq!((span, text.as_str()), (3..4, ""));
    }

    #[test]
    fn kinds_ask_for_their_sub_kinds() {
        let k = |s: &str| lsp::CodeActionKind::from(s.to_string());
        assert!(wants(None, FIX_ALL));
        assert!(wants(Some(&[k("source")]), FIX_ALL));
        assert!(wants(Some(&[k("source.fixAll")]), FIX_ALL));
        assert!(!wants(Some(&[k("source.fix")]), FIX_ALL));
        assert!(!wants(Some(&[k("quickfix")]), FIX_ALL));
        assert!(wants(Some(&[k("quickfix")]), "quickfix"));
    }
}
