//! `generic-reply`: with the customer's message given, a reply that could
//! answer any complaint (catalogue v2).
//!
//! Needs code because it compares the draft with its context. It never
//! fires without a context. With one, it fires when the draft answers a
//! problem ([`needs_problem_reply`]), shares fewer than
//! [`SPECIFIC_WORDS`] content words (nouns, names, numbers, verbs and
//! adjectives, by lemma, without the light ones such as "issue" or
//! "experience") with the customer's message, and the draft model's
//! `generic-reply` head, which reads that overlap with the draft's words,
//! calls it boilerplate.
//!
//! Limits: a synonym ("the parcel" for "my package") does not count as
//! overlap; the model has learned some of them from labeled replies.

use super::{CodeRule, Lists, complaint_rules, draft_finding, needs_problem_reply};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::pack::RuleIdx;

/// Content words shared with the customer's message from which a draft
/// refers to something specific (chosen on the labeled corpus: labeled
/// generic replies share at most one in nine of ten cases).
pub const SPECIFIC_WORDS: usize = 3;

struct GenericReply {
    implies: Vec<RuleIdx>,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(GenericReply {
        implies: complaint_rules(l),
    }))
}

/// The number of the context's content words the draft shares.
pub fn shared_words(a: &Analysis<'_>) -> usize {
    let Some(c) = &a.context else {
        return 0;
    };
    let theirs = crate::model::features::content_lemmas(c.tokens());
    crate::model::features::content_lemmas(a.tokens())
        .iter()
        .filter(|(l, _)| theirs.iter().any(|(t, _)| t == l))
        .count()
}

impl CodeRule for GenericReply {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, found: &[Finding], out: &mut Vec<Finding>) {
        if a.context.is_none() || shared_words(a) >= SPECIFIC_WORDS {
            return;
        }
        if !needs_problem_reply(a, found, &self.implies) {
            return;
        }
        if a.learned_draft("generic-reply", found) == Some(false) {
            return;
        }
        out.push(draft_finding(a, rule));
    }

    fn draft_level(&self) -> bool {
        true
    }
}
