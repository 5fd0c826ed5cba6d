//! `contradicting-customer`: telling the customer their account is false.
//!
//! The phrase groups of `lints/contradicting-customer.toml` cover "you're
//! wrong", "that's not true" and kin. The code adds the denial of the
//! customer's own claim: when the context is a complaint and the draft
//! negates a word the customer used ("ur game is rigged" / "matchmaking
//! isn't rigged"), that is a contradiction even without a stock phrase.
//!
//! To stay precise it needs: the negation and the claim word within three
//! words, in one clause, outside quotations; the claim word not after a
//! determiner ("this isn't the experience we want" is not a denial) and not in
//! the `not-a-claim` list; the customer's own use of the word not negated (if
//! they said "hasn't shipped", our "hasn't shipped" agrees); and no apology or
//! agreement (`agreement` list) in the sentence. Negations that state an
//! inability or a refusal ("can't", "won't", the `not-denial` list) or whose
//! subject is "we", "I" or "you" are not denials.

use super::{CodeRule, Lists};
use crate::analysis::Analysis;
use crate::context::ContextInfo;
use crate::finding::Finding;
use crate::matcher::ListId;
use crate::pack::RuleIdx;
use crate::pack::schema::ContextKind;
use crate::text::structure::{sentence_at, sentences, words_after, words_before, words_in};

struct Contradicting {
    negation: ListId,
    not_a_claim: ListId,
    agreement: ListId,
    determiner: ListId,
    not_denial: ListId,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(Contradicting {
        negation: l.get("negation")?,
        not_a_claim: l.get("not-a-claim")?,
        agreement: l.get("agreement")?,
        determiner: l.get("determiner")?,
        not_denial: l.get("not-denial")?,
    }))
}

impl CodeRule for Contradicting {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, found: &[Finding], out: &mut Vec<Finding>) {
        let Some(ctx) = &a.context else { return };
        if !ctx.is(ContextKind::Complaint) || found.iter().any(|f| f.rule == rule) {
            return;
        }
        let text = a.text();
        let negations = a.list(self.negation);
        for n in negations.iter() {
            let span = n.start..n.end;
            if a.is_customers_words(&span)
                || a.list(self.not_denial)
                    .iter()
                    .any(|h| h.start <= n.start && h.end >= n.end)
            {
                continue;
            }
            // Our own inability or refusal ("we can't replace it") is not a
            // denial of what the customer said.
            let before = words_before(text, a.sentence(n.start), n.start, 1);
            if before
                .first()
                .is_some_and(|w| matches!(&text[w.clone()], "we" | "i" | "you" | "our"))
            {
                continue;
            }
            let sentence = a.sentence(n.start);
            if a.list_in(a.lists.apology, sentence.clone(), false)
                || a.list_in(self.agreement, sentence.clone(), false)
            {
                continue;
            }
            let clause = a.clause(span.clone());
            for (k, w) in words_after(text, clause, n.end, 3).into_iter().enumerate() {
                let word = &text[w.clone()];
                let is_det = a.list(self.determiner).iter().any(|h| h.start == w.start);
                if is_det {
                    break;
                }
                if word.chars().count() < 4
                    || a.list(self.not_a_claim).iter().any(|h| h.start == w.start)
                {
                    continue;
                }
                if self.customer_claimed(ctx, word) {
                    out.push(Finding {
                        label: Some(format!("denies what the customer said ({})", word).into()),
                        ..Finding::new(rule, a.orig_span(n.start..w.end))
                    });
                    return;
                }
                if k >= 2 {
                    break;
                }
            }
        }
    }
}

impl Contradicting {
    /// The customer used `word` (or a close form) without negating it.
    fn customer_claimed(&self, ctx: &ContextInfo, word: &str) -> bool {
        let t = &ctx.norm.text;
        let sents = sentences(t);
        words_in(t, 0..t.len()).into_iter().any(|w| {
            let theirs = &t[w.clone()];
            if !same_word(theirs, word) {
                return false;
            }
            let s = sentence_at(&sents, w.start);
            let before = words_before(t, s, w.start, 3);
            let negated = ctx
                .hits
                .of_list(self.negation)
                .iter()
                .any(|h| before.last().is_some_and(|f| h.start >= f.start) && h.end <= w.start);
            !negated
        })
    }
}

/// Equal, or equal up to a regular ending (`rig`/`rigged`, `delete`/`deleted`).
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 4
        && long.starts_with(short)
        && matches!(
            &long[short.len()..],
            "s" | "es" | "d" | "ed" | "ing" | "ged" | "red" | "ted"
        )
}

#[cfg(test)]
mod tests {
    use super::same_word;

    #[test]
    fn word_forms() {
        assert!(same_word("rigged", "rigged"));
        assert!(same_word("delete", "deleted"));
        assert!(same_word("crash", "crashes"));
        assert!(!same_word("refund", "refundable"));
        assert!(!same_word("is", "isn't"));
    }
}
