//! Plain text and e-mail: the reply, without what is not ours to lint.
//!
//! * `.eml` headers (everything before the first blank line) are skipped; the
//!   `Subject` becomes the draft's id.
//! * Quoted history is the customer's: lines starting with `>`, and everything
//!   after an attribution line ("On Mon, 3 June, Sam wrote:") or an
//!   "-----Original Message-----" separator, become the draft's context.
//! * The signature (from a `-- ` line on) is dropped.
//! * Suppression directive lines (`replylint: ignore ...`) are dropped.

use super::{Document, DraftSource};
use std::ops::Range;
use std::sync::Arc;

/// Reads plain text (and, with `email`, skips the message headers).
pub fn read(path: &str, text: Arc<str>, email: bool) -> Document {
    let (suppressions, directive_lines) = crate::suppress::scan(&text);
    let mut body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut subject = None;
    if email {
        if let Some((end, subj)) = headers_end(&text) {
            body_start = end;
            subject = subj;
        }
    }

    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut quoted: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    let mut in_history = false;
    let mut in_signature = false;
    for line in text.split_inclusive('\n') {
        let range = pos..pos + line.len();
        pos += line.len();
        if range.start < body_start {
            continue;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        if directive_lines.iter().any(|d| d.start == range.start) {
            continue;
        }
        if content == "-- " || content == "--" {
            in_signature = true;
            continue;
        }
        if is_attribution(content) || content.trim().starts_with("-----Original Message-----") {
            in_history = true;
            in_signature = false;
            continue;
        }
        let trimmed = content.trim_start();
        if trimmed.starts_with('>') {
            // The customer's words: context, without the `>` markers.
            let lead = content.len() - trimmed.len();
            let after = trimmed.trim_start_matches(['>', ' ']);
            let start = range.start + lead + (trimmed.len() - after.len());
            quoted.push(start..range.start + content.len());
            continue;
        }
        if in_history {
            quoted.push(range.start..range.start + content.len());
            continue;
        }
        if in_signature {
            continue;
        }
        pieces.push(range);
    }
    // Join adjacent lines back into one piece where nothing was removed.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for p in pieces {
        match merged.last_mut() {
            Some(last) if last.end == p.start => last.end = p.end,
            _ => merged.push(p),
        }
    }
    let mut draft = DraftSource::from_pieces(&text, &merged, "");
    if !quoted.is_empty() {
        let ctx: Vec<&str> = quoted.iter().map(|r| &text[r.clone()]).collect();
        let ctx = ctx.join("\n");
        if !ctx.trim().is_empty() {
            draft.context = Some(ctx);
        }
    }
    draft.id = subject.map(Into::into);
    Document {
        path: path.to_string(),
        text,
        drafts: vec![draft],
        suppressions,
        errors: Vec::new(),
    }
}

/// "On Tue, 3 Jun 2025 at 10:02, Sam <sam@x.com> wrote:" and kin.
fn is_attribution(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with("On ") && (t.ends_with("wrote:") || t.ends_with("wrote :")))
        || (t.starts_with("Le ") && t.ends_with("a écrit :"))
        || (t.starts_with("Am ") && t.ends_with("schrieb:"))
}

/// The end of an e-mail's header block and its subject, if the text starts
/// with headers.
fn headers_end(text: &str) -> Option<(usize, Option<String>)> {
    let mut pos = 0;
    let mut subject = None;
    let mut saw_header = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.is_empty() {
            return saw_header.then_some((pos + line.len(), subject));
        }
        let continuation = content.starts_with([' ', '\t']);
        let is_header = continuation
            || content.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !is_header {
            return None;
        }
        if let Some(s) = content.strip_prefix("Subject:") {
            subject = Some(s.trim().to_string());
        }
        saw_header = true;
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_headers_history_and_signature() {
        let t = "From: a@b.c\nSubject: Your refund\n\nHi Sam,\nCalm down.\n\n-- \nSupport team\nsupport@x.com\n\nOn Mon, 3 Jun 2025, Sam <sam@y.com> wrote:\n> Where is my refund??\n> Still nothing.\n";
        let d = read("x.eml", Arc::from(t), true);
        let draft = &d.drafts[0];
        assert_eq!(draft.id.as_deref(), Some("Your refund"));
        assert_eq!(draft.text, "Hi Sam,\nCalm down.\n\n");
        assert_eq!(
            draft.context.as_deref(),
            Some("Where is my refund??\nStill nothing.")
        );
        let at = draft.text.find("Calm").unwrap();
        assert_eq!(&t[draft.map.map_span(at..at + 9)], "Calm down");
    }

    #[test]
    fn inline_quotes_are_context() {
        let t = "> You people never answer!\nSorry for the wait.\n";
        let d = read("x.txt", Arc::from(t), false);
        assert_eq!(d.drafts[0].text, "Sorry for the wait.\n");
        assert_eq!(
            d.drafts[0].context.as_deref(),
            Some("You people never answer!")
        );
    }
}
