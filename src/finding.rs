//! What a rule returns: a [`Finding`], before the linter turns it into a
//! [`crate::Diagnostic`]. It lives apart from the linter so that rules need
//! not import the linter that runs them.

use crate::diagnostic::Suggestion;
use crate::matcher::GroupId;
use crate::pack::RuleIdx;
use std::ops::Range;
use std::sync::Arc;

/// A finding before it becomes a [`Diagnostic`]: rule, original span and any
/// per-finding texts.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: RuleIdx,
    /// Byte range in the original draft.
    pub span: Range<usize>,
    /// The phrase group that matched, if any.
    pub group: Option<GroupId>,
    pub draft_level: bool,
    /// Found by a learned scorer rather than a phrase or Rust rule.
    pub learned: bool,
    /// A near-miss match: it reports nothing and vetoes learned findings of
    /// its rule in its clause.
    pub veto: bool,
    pub message: Option<Arc<str>>,
    pub label: Option<Arc<str>>,
    pub help: Option<Arc<str>>,
    /// Rewordings computed by a Rust rule (phrase rules take theirs from
    /// the pack's `suggest`).
    pub suggestions: Vec<Suggestion>,
}

impl Finding {
    /// A finding of `rule` at `span` with the rule's own texts.
    pub fn new(rule: RuleIdx, span: Range<usize>) -> Self {
        Finding {
            rule,
            span,
            group: None,
            draft_level: false,
            learned: false,
            veto: false,
            message: None,
            label: None,
            help: None,
            suggestions: Vec::new(),
        }
    }
}
