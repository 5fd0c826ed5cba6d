//! The TOML lint-pack format, as serde types.
//!
//! One file holds one rule (`id`, texts, `[[match]]` groups, `[lists]`,
//! `[[example]]`s) or only shared `[lists]` and `[variants]` (a file without
//! `id`, such as `lints/_shared.toml`). Every struct denies unknown fields, so a
//! misspelt key is an error pointing at that key. The reference for users is
//! `docs/lint-packs.md`; keep the two in step.

use crate::diagnostic::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A whole pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackFile {
    /// The rule id; absent in a file that only shares lists and variants.
    pub id: Option<Spanned<String>>,
    pub severity: Option<Severity>,
    /// `rule-1` .. `rule-9` (Blanchard's rules), `triggers`, or a team's own.
    pub group: Option<String>,
    /// One line for `replylint rules` and editor hovers.
    pub summary: Option<String>,
    /// The diagnostic title: lower case, no trailing period.
    pub message: Option<String>,
    /// Text under the underline; `{match}` is replaced by the matched words.
    pub label: Option<String>,
    /// What to do instead.
    pub help: Option<String>,
    /// An example of a better wording.
    pub better: Option<String>,
    /// Why the rule exists (long form, for `replylint explain`).
    pub why: Option<String>,
    /// What the rule does not flag (long form, for `replylint explain`).
    pub not: Option<String>,
    #[serde(default)]
    pub engine: Engine,
    /// Channels the rule applies to; all when absent.
    pub channels: Option<Vec<ChannelName>>,
    #[serde(default, rename = "match")]
    pub matches: Vec<Spanned<MatchGroup>>,
    /// Conditions on the learned scorer's findings of this rule: the keys
    /// of a `[[match]]` group without `phrases` (`negatable`,
    /// `unless-draft-has`, `context-is`...), checked on the words that
    /// carried the score.
    pub learned: Option<Spanned<MatchGroup>>,
    #[serde(default)]
    pub lists: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// Sets of interchangeable spellings (only in shared files).
    #[serde(default)]
    pub variants: Vec<Vec<String>>,
    #[serde(default, rename = "example")]
    pub examples: Vec<Spanned<Example>>,
}

/// Who implements a rule: phrase groups only, or Rust code (which may also use
/// phrase groups and reads its word lists from `[lists]`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    #[default]
    Phrases,
    Rust,
}

/// A channel name in a pack (`public` or `private`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelName {
    Public,
    Private,
}

/// A `[[match]]` group: phrases plus the conditions under which they fire.
///
/// Phrase-valued conditions take phrases (pattern language of
/// [`super::phrase`]) and `@name` references to named lists.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchGroup {
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    /// Overrides the rule's label/message/help for this group.
    pub label: Option<String>,
    pub message: Option<String>,
    pub help: Option<String>,
    /// Replacement wordings offered for the matched words.
    #[serde(default)]
    pub suggest: Vec<String>,
    /// `true` when the first suggestion can replace the match without review.
    #[serde(default)]
    pub safe_fix: bool,
    /// The phrases are known near-misses of this rule: a match is no
    /// finding, and the learned scorer may not flag this rule in the clause
    /// that holds it ("you must have been so frustrated" is empathy, not
    /// blame).
    #[serde(default)]
    pub veto: bool,
    /// Why this group exists or why its exceptions are there (docs only).
    pub why: Option<String>,

    /// Ignore matches inside quotation marks, block quotes or reported speech
    /// ("you said ..."). Default `true`.
    pub skip_quoted: Option<bool>,
    /// Drop the match when a negation ("not", "never", "n't") comes right
    /// before it in the same clause: "this is not your fault".
    #[serde(default)]
    pub negatable: bool,
    /// Fire only when the match opens its sentence.
    #[serde(default)]
    pub sentence_start: bool,
    /// Fire only when punctuation or the sentence end follows the match
    /// ("Whatever." but not "whatever card you used").
    #[serde(default)]
    pub standalone: bool,
    /// Fire only when the words address someone (a vocative): set off by
    /// punctuation on at least one side and not followed by more words
    /// ("Just click Apply, honey." but not "honey mustard").
    #[serde(default)]
    pub vocative: bool,
    /// Words of look-around for `preceded-by`/`followed-by` (default 3).
    pub within: Option<usize>,

    #[serde(default)]
    pub preceded_by: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_preceded_by: Vec<Spanned<String>>,
    #[serde(default)]
    pub followed_by: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_followed_by: Vec<Spanned<String>>,
    /// Phrases anywhere after the match in its sentence.
    #[serde(default)]
    pub later_in_sentence: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_later_in_sentence: Vec<Spanned<String>>,
    #[serde(default)]
    pub clause_has: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_clause_has: Vec<Spanned<String>>,
    #[serde(default)]
    pub sentence_has: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_sentence_has: Vec<Spanned<String>>,
    #[serde(default)]
    pub draft_has: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_draft_has: Vec<Spanned<String>>,
    #[serde(default)]
    pub context_has: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_context_has: Vec<Spanned<String>>,
    /// Kinds of customer message this group needs / must not answer.
    #[serde(default)]
    pub context_is: Vec<ContextKind>,
    #[serde(default)]
    pub unless_context_is: Vec<ContextKind>,
    /// Draft-wide facts this group needs / must not see.
    #[serde(default)]
    pub draft_is: Vec<DraftFact>,
    #[serde(default)]
    pub unless_draft_is: Vec<DraftFact>,
}

/// What the customer's message (the context) is, as judged by
/// [`crate::context`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContextKind {
    /// No context was given.
    Absent,
    /// A complaint or problem report (includes rude remarks and demands).
    Complaint,
    /// A question without a complaint.
    Question,
    /// Praise or thanks.
    Praise,
    /// A neutral request ("please send me my invoice").
    Request,
    /// Caps, repeated `!`/`?` or strong negative words.
    Angry,
}

impl ContextKind {
    /// The kebab-case name, as in packs.
    pub fn name(self) -> &'static str {
        match self {
            ContextKind::Absent => "absent",
            ContextKind::Complaint => "complaint",
            ContextKind::Question => "question",
            ContextKind::Praise => "praise",
            ContextKind::Request => "request",
            ContextKind::Angry => "angry",
        }
    }
}

/// Facts about the whole draft, computed once per draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DraftFact {
    /// The draft asks the customer a question.
    Question,
    /// The draft holds a link.
    Link,
    /// The draft apologizes.
    Apology,
    /// The draft answers a problem (see `missing-apology`).
    Problem,
    /// The draft invites the customer in (question, "let us know", "DM us").
    Invitation,
}

/// An inline example: documentation and a test at once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Example {
    pub text: String,
    pub context: Option<String>,
    pub channel: Option<ChannelName>,
    /// Exact matched texts this rule must flag; `"*"` for a draft-level finding;
    /// empty when the rule must not fire.
    #[serde(default)]
    pub flags: Vec<String>,
}
