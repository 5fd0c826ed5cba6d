//! Errors that point into a file: a lint pack, a configuration, an input.
//!
//! The library never prints. It returns a [`SourceError`] carrying the path, the
//! file's text and a byte span; the CLI renders it with ariadne, like a
//! compiler error, and exits with code 2.

use std::ops::Range;
use std::sync::Arc;

/// An error located in a file's text.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {message}")]
pub struct SourceError {
    /// The file the error is in, as the user named it.
    pub path: String,
    /// The file's text, for rendering the location.
    pub text: Arc<str>,
    /// Byte span of the offending part, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong: lower case, no trailing period.
    pub message: String,
    /// Text under the underline.
    pub label: Option<String>,
    /// How to fix it ("did you mean `select`?").
    pub help: Option<String>,
    /// Lines of the file before `text` (when `text` is one part of a large
    /// file read in parts).
    pub base_line: usize,
}

impl SourceError {
    /// An error at `span` of `path`.
    pub fn new(
        path: impl Into<String>,
        text: Arc<str>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        SourceError {
            path: path.into(),
            text,
            span,
            message: message.into(),
            label: None,
            help: None,
            base_line: 0,
        }
    }

    /// Adds the text shown under the underline.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// An error from the TOML parser, with its span.
    pub fn from_toml(path: &str, text: Arc<str>, err: &toml::de::Error) -> Self {
        let message = err.message().trim_end_matches('.').to_string();
        let help = suggest_for_unknown_field(&message);
        let mut e = SourceError::new(path, text, err.span(), message);
        e.help = help;
        e
    }

    /// 1-based line and character column of the span start, if any.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let span = self.span.as_ref()?;
        let idx = crate::span::LineIndex::new(&self.text);
        let lc = idx.line_col(&self.text, span.start);
        Some((self.base_line + lc.line, lc.column))
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" messages, the
/// closest expected name as a "did you mean" help.
fn suggest_for_unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (got, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    did_you_mean(got, expected.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}

/// The candidate closest to `got` by edit distance, if close enough.
pub fn did_you_mean<'a>(
    got: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(got, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (got.chars().count().max(c.chars().count()) / 3).max(2);
    (d <= limit).then_some(c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_picks_close_names() {
        assert_eq!(did_you_mean("blam", ["blame", "threat"]), Some("blame"));
        assert_eq!(did_you_mean("zzzzzz", ["blame", "threat"]), None);
    }

    #[test]
    fn unknown_field_help() {
        let m = "unknown field `phrase`, expected one of `phrases`, `label`";
        assert_eq!(
            suggest_for_unknown_field(m).as_deref(),
            Some("did you mean `phrases`?")
        );
    }
}
