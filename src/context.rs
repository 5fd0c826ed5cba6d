//! Judging the customer's message (the context) a draft answers.
//!
//! The draft-level rules need to know what they are answering: a complaint
//! needs an apology and an invitation, praise and neutral questions do not.
//! The judgment is deliberately simple and explainable: counts of word lists
//! from `lints/_shared.toml` (strong and weak complaint words, praise, "why"
//! questions, self-blame, requests) plus signs of anger (shouted words, `!!`,
//! `??`). The lists are data, so a team can extend them without Rust.
//!
//! * **complaint**: a strong complaint word ("never arrived", "worst"), a
//!   "why did you ..." question, an angry word, or weak complaint words
//!   ("refund", "late") that are neither praise nor a plain question; the
//!   customer blaming themselves ("I booked the wrong date") or thanking us
//!   for a fix ("thank you for fixing the bug so fast") is not one;
//! * **question**: a question that is not a complaint;
//! * **praise**: thanks or praise that is not a complaint;
//! * a plain statement (no praise, question or request) counts as a problem
//!   report: customers write to support about problems;
//! * **request**: a message that asks for something without complaining;
//! * **angry**: shouting, repeated `!`/`?`, or angry words.

use crate::caps::shouted_words;
use crate::matcher::{Hits, ListId};
use crate::nlp::Tokens;
use crate::pack::Catalog;
use crate::pack::schema::ContextKind;
use crate::text::Normalized;
use crate::text::structure::{sentences, words_in};

/// The shared lists the classifier reads.
#[derive(Debug, Clone)]
pub struct ContextLists {
    pub complaint_strong: ListId,
    pub complaint: ListId,
    pub praise: ListId,
    pub why_question: ListId,
    pub question_start: ListId,
    pub request: ListId,
    pub angry: ListId,
    pub self_blame: ListId,
    pub resolved_thanks: ListId,
    pub acronyms: ListId,
    /// The cue families of the customer's situation (`situation-<fact>` in
    /// `lints/situation.toml`), by fact name.
    pub situation: Vec<(String, ListId)>,
}

impl ContextLists {
    /// Resolves the lists by name.
    pub fn resolve(catalog: &Catalog) -> Result<Self, String> {
        let get = |name: &str| {
            catalog
                .list(None, name)
                .ok_or_else(|| format!("the shared list `{name}` is missing from the lint packs"))
        };
        let shouting = catalog.rule_index("shouting");
        Ok(ContextLists {
            complaint_strong: get("complaint-strong")?,
            complaint: get("complaint")?,
            praise: get("praise")?,
            why_question: get("why-question")?,
            question_start: get("question-start")?,
            request: get("request")?,
            angry: get("angry")?,
            self_blame: get("self-blame")?,
            resolved_thanks: get("resolved-thanks")?,
            acronyms: catalog
                .list(shouting, "acronyms")
                .ok_or("the `acronyms` list of the shouting rule is missing")?,
            situation: catalog.shared_lists_with_prefix("situation-"),
        })
    }
}

/// The customer's message, scanned and judged.
#[derive(Debug, Clone)]
pub struct ContextInfo {
    /// The message as typed.
    pub orig: String,
    pub norm: Normalized,
    pub hits: Hits,
    kinds: Vec<ContextKind>,
    /// Shouted words + runs of `!!`/`??` + angry words.
    pub anger: usize,
    /// The situation cue families found, each with its first hit (bytes of
    /// the normalized message): features of the context model.
    pub situation: Vec<(String, std::ops::Range<usize>)>,
    /// Tokens, made on first use (the learned draft scorers read them).
    tokens: std::cell::OnceCell<Tokens>,
}

impl ContextInfo {
    /// Scans and classifies `text`.
    pub fn analyse(catalog: &Catalog, lists: &ContextLists, text: &str) -> ContextInfo {
        let norm = Normalized::new(text);
        let hits = catalog.matcher.scan(&norm.text);
        let list = |l: ListId| hits.of_list(l);
        let count = |l: ListId| list(l).len();
        let strong = count(lists.complaint_strong);
        let weak = count(lists.complaint);
        let praise = count(lists.praise);
        let why = count(lists.why_question);
        let angry_words = count(lists.angry);
        let self_blame = count(lists.self_blame);
        let request = count(lists.request);

        let question_starts = list(lists.question_start);
        let acronym_hits = list(lists.acronyms);
        let t = &norm.text;
        let sents = sentences(t);
        let question_form = sents.iter().any(|s| {
            let body = t[s.clone()].trim_end();
            body.ends_with('?')
                || body.ends_with("?!")
                || words_in(t, s.clone())
                    .first()
                    .is_some_and(|w| question_starts.iter().any(|h| h.start == w.start))
        });
        let marks = t.matches("!!").count() + t.matches("??").count() + t.matches("?!").count();
        let shouted = shouted_words(text, &norm, acronym_hits).len();
        let anger = shouted + marks + angry_words;

        let mut complaint = strong > 0
            || why > 0
            || angry_words > 0
            || (weak > 0 && praise == 0 && !question_form)
            || (weak > 0 && anger > 0);
        if self_blame > 0 && strong == 0 && why == 0 && angry_words == 0 {
            complaint = false;
        }
        let resolved = count(lists.resolved_thanks) > 0;
        if resolved && why == 0 && angry_words == 0 {
            complaint = false;
        }
        // Customers write to support about problems: a statement that is not
        // praise, a question or a request is a problem report.
        let statement = !question_form && praise == 0 && request == 0 && self_blame == 0;
        if statement && !t.trim().is_empty() {
            complaint = true;
        }
        let mut kinds = Vec::new();
        if complaint {
            kinds.push(ContextKind::Complaint);
        } else if question_form {
            kinds.push(ContextKind::Question);
        } else if praise > 0 {
            kinds.push(ContextKind::Praise);
        } else if request > 0 {
            kinds.push(ContextKind::Request);
        }
        if !complaint && question_form && !kinds.contains(&ContextKind::Question) {
            kinds.push(ContextKind::Question);
        }
        if anger >= 2 || angry_words > 0 {
            kinds.push(ContextKind::Angry);
        }
        let situation = lists
            .situation
            .iter()
            .filter_map(|(name, l)| list(*l).first().map(|h| (name.clone(), h.start..h.end)))
            .collect();
        ContextInfo {
            orig: text.to_string(),
            norm,
            hits,
            kinds,
            anger,
            situation,
            tokens: std::cell::OnceCell::new(),
        }
    }

    /// The message's tokens (see [`crate::nlp`]).
    pub fn tokens(&self) -> &Tokens {
        self.tokens.get_or_init(|| {
            let s = sentences(&self.norm.text);
            crate::nlp::token::tokenize(&self.orig, &self.norm, &s)
        })
    }

    /// Whether the message is of this kind.
    pub fn is(&self, kind: ContextKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The kinds found, for explanations.
    pub fn kinds(&self) -> &[ContextKind] {
        &self.kinds
    }

    /// Whether list `l` occurs in the message.
    pub fn has(&self, l: ListId) -> bool {
        !self.hits.of_list(l).is_empty()
    }

    /// The message's words that also appear in `words` of the draft: used to
    /// tell when a draft denies exactly what the customer claimed.
    pub fn shares_word(&self, word: &str) -> bool {
        let t = &self.norm.text;
        words_in(t, 0..t.len())
            .iter()
            .any(|w| &t[w.clone()] == word)
    }
}
