//! `sarcasm`: mock politeness, plus scare quotes around the customer's words.
//!
//! The phrase groups of `lints/sarcasm.toml` cover "thanks for the lesson",
//! "good luck with that" and kin. The code adds scare quotes: one to three
//! words in quotation marks right after a `scare-lead` word ("your 'urgent'
//! request", "a “professional”"), where the quoted words are the customer's
//! own (they appear in the context) or a usual target of mockery (the
//! `scare-words` list). Quoting a button label ("tap 'Forgot password'") or
//! our own earlier words is left alone, because no lead word precedes it or
//! the quoted words are neither.

use super::{CodeRule, Lists};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::matcher::ListId;
use crate::pack::RuleIdx;
use crate::text::structure::words_in;

struct Sarcasm {
    lead: ListId,
    scare_words: ListId,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(Sarcasm {
        lead: l.get("scare-lead")?,
        scare_words: l.get("scare-words")?,
    }))
}

impl CodeRule for Sarcasm {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, _found: &[Finding], out: &mut Vec<Finding>) {
        let text = a.text();
        for q in &a.quoted {
            if a.norm.blockquotes.contains(q) || q.end - q.start < 3 {
                continue;
            }
            let inner = q.start + 1..q.end - 1;
            let words = words_in(text, inner.clone());
            if words.is_empty() || words.len() > 3 {
                continue;
            }
            // The lead word must end right before the opening quote.
            let led = a
                .list(self.lead)
                .iter()
                .any(|h| h.end <= q.start && text[h.end..q.start].trim().is_empty());
            if !led {
                continue;
            }
            let customers = a
                .context
                .as_ref()
                .is_some_and(|c| words.iter().any(|w| c.shares_word(&text[w.clone()])));
            let mocked = a
                .list(self.scare_words)
                .iter()
                .any(|h| h.start >= inner.start && h.end <= inner.end);
            if customers || mocked {
                out.push(Finding {
                    label: Some("scare quotes mock the customer's words".into()),
                    help: Some("Drop the quotation marks and take the words at face value.".into()),
                    ..Finding::new(rule, a.orig_span(q.clone()))
                });
            }
        }
    }
}
