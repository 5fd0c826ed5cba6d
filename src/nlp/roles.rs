//! Who acts and who is targeted in each clause.
//!
//! A reply's tone depends on whom its words are about: "you should have
//! read the label" puts the customer in the wrong, "we should have checked"
//! owns a mistake, "the courier should have called" blames a third party.
//! A clause here is a stretch of a sentence between clause marks (`,` `;`
//! `:` dashes and brackets) or a coordinating or subordinating conjunction
//! that starts a new subject. Its **actor** is the first person or thing
//! before its first verb; its **target** is whoever is named after the verb
//! (or owns the subject: "your order" is about the customer).

use super::tagger::Upos;
use super::token::{Caps, Kind, Tokens};
use std::ops::Range;

/// A party a clause can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    /// The customer: you, your, y'all, "those people", "Mrs McLeod",
    /// "the customer", "this guy".
    Customer,
    /// The company or the writer: we, our, I, "the team".
    Us,
    /// Someone else: a courier, a manufacturer, "he", "they".
    Third,
    /// Nobody named (a thing, an impersonal "it").
    Nobody,
}

impl Who {
    /// A short name for features and explanations.
    pub fn name(self) -> &'static str {
        match self {
            Who::Customer => "customer",
            Who::Us => "us",
            Who::Third => "third",
            Who::Nobody => "nobody",
        }
    }
}

/// One clause of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Token range.
    pub tokens: Range<usize>,
    pub actor: Who,
    pub target: Who,
    /// Token index of the first verb, if any.
    pub verb: Option<usize>,
}

/// Customer words on their own.
const CUSTOMER: &[&str] = &["you", "your", "yours", "yourself", "yourselves", "ya"];
/// Nouns that name the customer after "the", "this", "that", "some", "those".
const CUSTOMER_NOUNS: &[&str] = &[
    "buyer",
    "client",
    "complainer",
    "customer",
    "customers",
    "guest",
    "guests",
    "guy",
    "lady",
    "passenger",
    "passengers",
    "patient",
    "people",
    "person",
    "player",
    "players",
    "reviewer",
    "shopper",
    "tenant",
    "user",
    "users",
];
/// Titles before a name: "Mrs McLeod" is the customer being talked about.
const TITLES: &[&str] = &["madam", "miss", "mr", "mrs", "ms", "sir"];
const US: &[&str] = &[
    "i",
    "me",
    "mine",
    "my",
    "myself",
    "our",
    "ours",
    "ourselves",
    "us",
    "we",
];
const US_NOUNS: &[&str] = &[
    "business",
    "company",
    "management",
    "staff",
    "store",
    "team",
];
const THIRD: &[&str] = &["he", "her", "him", "his", "she", "them", "their", "they"];

/// Whom token `i` names, if anyone (looking one word back for "the
/// customer", "our team", "Mrs McLeod").
pub fn who_is(t: &Tokens, i: usize) -> Option<Who> {
    let tok = &t.tokens[i];
    if !tok.is_word() {
        return None;
    }
    let form = t.form(i);
    let prev = i.checked_sub(1).map(|j| t.form(j));
    if CUSTOMER.contains(&form) {
        return Some(Who::Customer);
    }
    if US.contains(&form) {
        return Some(Who::Us);
    }
    if CUSTOMER_NOUNS.contains(&form)
        && matches!(
            prev,
            Some("the" | "this" | "that" | "these" | "those" | "some" | "such")
        )
    {
        return Some(Who::Customer);
    }
    if US_NOUNS.contains(&form) && matches!(prev, Some("our" | "the" | "my")) {
        return Some(Who::Us);
    }
    if prev.is_some_and(|p| TITLES.contains(&p)) && tok.caps != Caps::Lower {
        return Some(Who::Customer);
    }
    if TITLES.contains(&form) && t.tokens.get(i + 1).is_some_and(|n| n.caps != Caps::Lower) {
        return Some(Who::Customer);
    }
    if THIRD.contains(&form) {
        return Some(Who::Third);
    }
    if tok.tag == Upos::Propn || tok.name {
        return Some(Who::Third);
    }
    None
}

/// Whether token `i` ends a clause.
fn clause_mark(t: &Tokens, i: usize) -> bool {
    t.tokens[i].kind == Kind::Punct && matches!(t.form(i), "," | ";" | ":" | "(" | ")" | "-" | "\"")
}

/// The clauses of every sentence, in order.
pub fn clauses(t: &Tokens) -> Vec<Clause> {
    let mut out = Vec::new();
    for s in &t.sentences {
        let mut start = s.start;
        let mut seen_verb = false;
        for i in s.clone() {
            let split_before = i > start
                && seen_verb
                && matches!(t.tokens[i].tag, Upos::Cconj | Upos::Sconj)
                && i + 1 < s.end
                && (who_is(t, i + 1).is_some() || t.tokens[i + 1].tag == Upos::Pron);
            if split_before {
                out.push(clause(t, start..i));
                start = i;
                seen_verb = false;
            }
            if clause_mark(t, i) {
                if i > start {
                    out.push(clause(t, start..i));
                }
                start = i + 1;
                seen_verb = false;
                continue;
            }
            seen_verb |= t.tokens[i].tag.is_verbal();
        }
        if s.end > start {
            out.push(clause(t, start..s.end));
        }
    }
    out
}

fn clause(t: &Tokens, range: Range<usize>) -> Clause {
    let verb = range.clone().find(|&i| t.tokens[i].tag.is_verbal());
    let before = range.start..verb.unwrap_or(range.end);
    let actor = before
        .clone()
        .find_map(|i| who_is(t, i))
        .unwrap_or(Who::Nobody);
    let after = verb.map_or(range.end..range.end, |v| v + 1..range.end);
    let target = after
        .clone()
        .find_map(|i| who_is(t, i))
        .or_else(|| {
            // "your order was lost": the subject's owner is the target.
            before
                .clone()
                .any(|i| matches!(t.form(i), "your" | "yours"))
                .then_some(Who::Customer)
        })
        .unwrap_or(Who::Nobody);
    Clause {
        tokens: range,
        actor,
        target,
        verb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Normalized;
    use crate::text::structure::sentences;

    fn roles(text: &str) -> Vec<(Who, Who)> {
        let norm = Normalized::new(text);
        let s = sentences(&norm.text);
        let t = crate::nlp::token::tokenize(text, &norm, &s);
        clauses(&t).iter().map(|c| (c.actor, c.target)).collect()
    }

    #[test]
    fn actors_and_targets() {
        use Who::*;
        assert_eq!(
            roles("You should have read the label."),
            [(Customer, Nobody)]
        );
        assert_eq!(roles("We should have checked it."), [(Us, Nobody)]);
        assert_eq!(roles("The courier lost your parcel."), [(Nobody, Customer)]);
        assert_eq!(
            roles("We think Mrs McLeod should pay 60 euros for being so stupid."),
            [(Us, Customer)]
        );
        assert_eq!(
            roles("Those people should definitely get with the times."),
            [(Customer, Nobody)]
        );
        assert_eq!(
            roles("Sorry, but that is your problem."),
            [(Nobody, Nobody), (Nobody, Customer)]
        );
    }
}
