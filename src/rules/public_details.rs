//! `public-details`: personal or account specifics in a public reply.
//!
//! Needs code to recognise money amounts and e-mail addresses and to judge a
//! sentence as a request. The rule only runs on public (or unknown) channels
//! (`channels = ["public"]` in its pack). Per sentence, outside quotations,
//! and never in a sentence that routes the customer to a private channel (the
//! `private-route` list: "DM us", "email us", "privately"):
//!
//! * a personal detail (`detail` list: order number, e-mail address, phone
//!   number...) in a sentence that asks for it (a question, or an `ask` word:
//!   "post", "reply with", "drop", "confirm");
//! * an account disclosure (`disclosure` list: "your account shows", "our
//!   records show", "we can see the");
//! * a money amount in a sentence about the customer's account (`account-noun`
//!   list: "your refund", "your payment");
//! * the customer's e-mail address (an address in a sentence with a
//!   `customer-email-cue`: "your", "under", "signed up with").

use super::{CodeRule, Lists};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::matcher::ListId;
use crate::pack::RuleIdx;
use std::ops::Range;

struct PublicDetails {
    detail: ListId,
    ask: ListId,
    private_route: ListId,
    disclosure: ListId,
    account_noun: ListId,
    email_cue: ListId,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(PublicDetails {
        detail: l.get("detail")?,
        ask: l.get("ask")?,
        private_route: l.get("private-route")?,
        disclosure: l.get("disclosure")?,
        account_noun: l.get("account-noun")?,
        email_cue: l.get("customer-email-cue")?,
    }))
}

impl CodeRule for PublicDetails {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, _found: &[Finding], out: &mut Vec<Finding>) {
        let text = a.text();
        for s in &a.sentences {
            let s = s.clone();
            if a.list_in(self.private_route, s.clone(), true) {
                continue;
            }
            let is_question = text[s.clone()].trim_end().ends_with('?');
            if is_question || a.list_in(self.ask, s.clone(), false) {
                if let Some(h) = a
                    .list_hits_in(self.detail, s.clone(), false)
                    .first()
                    .copied()
                {
                    out.push(Finding {
                        label: Some("asks for personal details in public".into()),
                        ..Finding::new(rule, a.orig_span(h.start..h.end))
                    });
                    continue;
                }
            }
            if let Some(h) = a
                .list_hits_in(self.disclosure, s.clone(), true)
                .first()
                .copied()
            {
                out.push(Finding {
                    label: Some("discusses account specifics in public".into()),
                    ..Finding::new(rule, a.orig_span(h.start..h.end))
                });
                continue;
            }
            if a.list_in(self.account_noun, s.clone(), false) {
                if let Some(m) = money_amounts(text, s.clone()).into_iter().next() {
                    if !a.in_quotes(&m) {
                        out.push(Finding {
                            label: Some("an amount from the customer's account, in public".into()),
                            ..Finding::new(rule, a.orig_span(m))
                        });
                        continue;
                    }
                }
            }
            if a.list_in(self.email_cue, s.clone(), false) {
                if let Some(e) = self.email_in(a, &s) {
                    out.push(Finding {
                        label: Some("the customer's e-mail address, in public".into()),
                        ..Finding::new(rule, e)
                    });
                }
            }
        }
    }
}

impl PublicDetails {
    /// The original span of an e-mail address masked inside sentence `s`.
    fn email_in(&self, a: &Analysis<'_>, s: &Range<usize>) -> Option<Range<usize>> {
        let from = a.norm.to_orig(s.start);
        let to = a.norm.to_orig(s.end);
        a.norm
            .masked
            .iter()
            .find(|m| m.start >= from && m.end <= to && is_email(&a.orig[(*m).clone()]))
            .cloned()
    }
}

fn is_email(s: &str) -> bool {
    !s.starts_with('@') && s.contains('@') && !s.contains("://")
}

/// Money amounts in `text[range]`: a currency sign and digits (`$84.99`,
/// `£42`), or digits and a currency word (`40 euros`).
pub fn money_amounts(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let s = &text[range.clone()];
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if matches!(c, '$' | '£' | '€' | '¥' | '₹') {
            let digits_start = i + c.len_utf8();
            let end = digits_end(s, digits_start);
            if end > digits_start {
                out.push(range.start + i..range.start + end);
            }
        } else if c.is_ascii_digit()
            && (i == 0 || !s[..i].ends_with(|p: char| p.is_alphanumeric() || p == '.'))
        {
            let end = digits_end(s, i);
            let rest = &s[end..];
            let word = rest.trim_start();
            for unit in [
                "dollars", "pounds", "euros", "usd", "gbp", "eur", "aud", "cad",
            ] {
                if word.starts_with(unit)
                    && !word[unit.len()..].starts_with(|p: char| p.is_alphanumeric())
                {
                    let unit_end = end + (rest.len() - word.len()) + unit.len();
                    out.push(range.start + i..range.start + unit_end);
                    break;
                }
            }
            while iter.peek().is_some_and(|&(j, _)| j < end) {
                iter.next();
            }
        }
    }
    out
}

fn digits_end(s: &str, from: usize) -> usize {
    let b = s.as_bytes();
    let mut e = from;
    while e < b.len()
        && (b[e].is_ascii_digit()
            || ((b[e] == b',' || b[e] == b'.')
                && e + 1 < b.len()
                && b[e + 1].is_ascii_digit()
                && e > from))
    {
        e += 1;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_amounts() {
        let t = "your refund of $84.99 and £1,250 or 40 euros, not 3.5 days or 2fa";
        let got: Vec<&str> = money_amounts(t, 0..t.len())
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(got, ["$84.99", "£1,250", "40 euros"]);
    }
}
