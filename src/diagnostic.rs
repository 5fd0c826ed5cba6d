//! Findings as data: what the linter returns and every output format renders.
//!
//! Spans are byte ranges into the text that was linted. Converting them to
//! lines and columns happens at the edges (see [`crate::span`]).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A missed opportunity (no invitation, details that belong in a DM).
    Info,
    /// Risky tone; a reviewer should look.
    Warning,
    /// Likely to escalate the conflict if posted.
    Error,
}

impl Severity {
    /// The lower-case name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a suggestion may be applied without a human reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// `--fix` applies it.
    Safe,
    /// Shown, and offered as an editor code action, but never applied by `--fix`.
    Review,
}

/// A replacement for the flagged words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What to write instead of the flagged words (empty: delete them).
    pub replacement: String,
    pub applicability: Applicability,
    /// The edit that carries it out: `edit` replaces `span`, in the same
    /// coordinates as the diagnostic's span. Usually the flagged words and
    /// the replacement; a deletion also takes the space or comma after the
    /// words and may hand a capital to the next word.
    #[serde(skip)]
    pub span: Range<usize>,
    #[serde(skip)]
    pub edit: String,
}

impl Suggestion {
    /// Replace exactly `span` with `replacement`.
    pub fn replace(span: Range<usize>, replacement: String, applicability: Applicability) -> Self {
        Suggestion {
            edit: replacement.clone(),
            replacement,
            applicability,
            span,
        }
    }
}

/// One finding in one draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The public rule id, e.g. `blame` or `acme/no-jargon`. The texts are
    /// shared with the rule (`Arc<str>`): a library run makes hundreds of
    /// thousands of diagnostics, and copying each rule's texts into each
    /// was a tenth of its time.
    pub rule: Arc<str>,
    pub severity: Severity,
    /// The title: lower case, no trailing period.
    pub message: Arc<str>,
    /// Text shown under the underlined words.
    pub label: Arc<str>,
    /// What to write instead.
    pub help: Arc<str>,
    /// Byte range in the linted text.
    pub span: Range<usize>,
    /// `true` for draft-level findings (`missing-apology`, `no-invitation`),
    /// whose span is only an anchor (the first sentence).
    pub draft_level: bool,
    pub suggestions: Vec<Suggestion>,
}

impl Diagnostic {
    /// Order used everywhere: by position, then rule id.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.rule)
    }
}
