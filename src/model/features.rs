//! The features the learned scorers read: one definition, used at training
//! and at run time, so the two can never drift apart.
//!
//! A feature is a short string ("u|ridiculous", "b|you|forgot",
//! "av|customer|forget") hashed (FNV-1a) into one of 2^bits buckets, with a
//! value and the tokens it came from. The tokens let a finding point at the
//! words that carried its score, and `--explain-matches` list the features
//! behind it.
//!
//! Sentence features (the span rules) come from the sentence's words, lemmas
//! and tags, word classes (VADER valence, profanity), who acts and who is
//! targeted in each clause, the sentence's shape and place, a few facts about
//! the whole draft and its context, and letter trigrams of words no lexicon
//! knows (misspellings, slang). Draft features (the draft-level rules) are
//! the draft's and the context's words and the draft's facts.

use crate::nlp::lexicon::{is_profane, valence};
use crate::nlp::roles::{Clause, Who};
use crate::nlp::tagger::lexicon_tag;
use crate::nlp::token::{Caps, Kind, Tokens};
use crate::text::dictionary::is_english_word;
use std::ops::Range;

/// Bump when a feature's definition changes: a model trained on other
/// features is refused ([`super::Model::from_bytes`]).
pub const FEATURE_VERSION: u32 = 7;

/// Facts about the whole draft that sentence and draft features read. The
/// linter fills them from its analysis; they are plain data so that the
/// model layer needs nothing above [`crate::nlp`].
#[derive(Debug, Clone, Default)]
pub struct DraftFacts {
    pub apology: bool,
    pub question: bool,
    pub invitation: bool,
    pub admits_problem: bool,
    pub answers_problem: bool,
    /// Context kinds that hold (`complaint`, `praise`...); empty without one.
    pub context: Vec<&'static str>,
    pub has_context: bool,
    /// `public`, `private` or `unknown`.
    pub channel: &'static str,
    /// Rules the phrase layer found in the draft (for draft features).
    pub phrase_rules: Vec<String>,
    pub sentences: usize,
}

/// How much a sentence's learned scores are lowered before they meet the
/// thresholds. A sentence of at most three words with no customer message to
/// read it against is ambiguous ("ok", "Great, thanks!", "Noted." brush a
/// complaint off or answer a question sincerely): it must score clearly.
pub fn margin(has_context: bool, words: usize) -> f32 {
    if !has_context && words <= 3 { 0.3 } else { 0.0 }
}

/// The number of words of sentence `s` (for [`margin`]).
pub fn sentence_words(t: &Tokens, s: usize) -> usize {
    t.sentences[s]
        .clone()
        .filter(|&i| t.tokens[i].is_word())
        .count()
}

/// One feature occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub bucket: u32,
    pub value: f32,
    /// Tokens it came from (empty for facts about the whole sentence).
    pub tokens: Range<u32>,
}

/// Collects features of one unit (a sentence or a draft).
#[derive(Debug)]
pub struct Collector<'n> {
    mask: u32,
    pub features: Vec<Feature>,
    /// The feature strings, when asked for (explanations, tests).
    pub names: Option<&'n mut Vec<String>>,
}

/// FNV-1a over the parts of a feature, with a separator between parts.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            h ^= u64::from(b'|');
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for &b in p.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    // Fold the high bits in: FNV's low bits alone mix poorly.
    h ^ (h >> 29)
}

impl<'n> Collector<'n> {
    /// A collector for a model of `2^bits` buckets.
    pub fn new(bits: u32, names: Option<&'n mut Vec<String>>) -> Self {
        Collector {
            mask: (1u32 << bits) - 1,
            features: Vec::with_capacity(128),
            names,
        }
    }

    /// Adds the feature made of `parts`, carried by `tokens`.
    pub fn add(&mut self, parts: &[&str], value: f32, tokens: Range<usize>) {
        let bucket = (hash(parts) as u32) & self.mask;
        if let Some(names) = self.names.as_deref_mut() {
            names.push(parts.join("|"));
        }
        self.features.push(Feature {
            bucket,
            value,
            tokens: tokens.start as u32..tokens.end as u32,
        });
    }
}

/// Valence classes: strong and mild negative, positive.
fn valence_class(word: &str) -> Option<&'static str> {
    let v = valence(word);
    if v <= -2.0 {
        Some("neg2")
    } else if v <= -1.0 {
        Some("neg1")
    } else if v >= 2.0 {
        Some("pos2")
    } else if v >= 1.0 {
        Some("pos1")
    } else {
        None
    }
}

/// What a token contributes as a word: its form, or `<name>` for a name.
fn word_of(t: &Tokens, i: usize) -> &str {
    if t.tokens[i].name {
        "<name>"
    } else {
        t.form(i)
    }
}

/// Whether a token takes part in word features (masked spans do not).
fn counts(t: &Tokens, i: usize) -> bool {
    t.tokens[i].kind != Kind::Masked
}

/// Features of sentence `s` of a draft.
pub fn sentence_features(
    t: &Tokens,
    clauses: &[Clause],
    s: usize,
    facts: &DraftFacts,
    context: Option<&Tokens>,
    out: &mut Collector<'_>,
) {
    let range = t.sentences[s].clone();
    let mut idx: Vec<usize> = range.clone().filter(|&i| counts(t, i)).collect();
    // A closing full stop says nothing about tone, and drafts typed in a
    // hurry (tweets, CSV macros, chat) often leave it out: "It ships today"
    // and "It ships today." must read alike.
    while idx.len() > 1 && t.form(idx[idx.len() - 1]) == "." {
        idx.pop();
    }
    let first = out.features.len();
    let mut customer = false;

    // Words after a negation, up to the end of its clause, are read as
    // negated ("won't suspend your account" is no threat; "not your fault"
    // no blame): their unigram and valence features are their own.
    let mut negated = vec![false; t.len()];
    let mut on = false;
    for &i in &idx {
        let f = t.form(i);
        if t.tokens[i].kind == Kind::Punct || matches!(f, "but" | "however" | "although") {
            on = false;
        }
        negated[i] = on;
        if matches!(
            f,
            "not" | "no" | "never" | "nobody" | "nothing" | "none" | "neither" | "nor" | "without"
        ) {
            on = true;
        }
    }

    // Words, lemmas, classes.
    for &i in &idx {
        let tok = &t.tokens[i];
        let w = word_of(t, i);
        let (u, v) = if negated[i] { ("n", "vn") } else { ("u", "v") };
        // Plain punctuation says nothing; quotation marks are read by the
        // sarcasm rule (scare quotes around the customer's words), and as a
        // bare feature they also flag 'Forgot password'.
        if !matches!(w, "," | "." | ":" | ";" | "-" | "'" | "\"") {
            out.add(&[u, w], 1.0, i..i + 1);
        }
        let lemma = t.lemma(i);
        if lemma != t.form(i) && !tok.name {
            out.add(&["l", lemma], 1.0, i..i + 1);
        }
        if tok.is_word() && !tok.name {
            if let Some(c) = valence_class(t.form(i)) {
                out.add(&[v, c], 1.0, i..i + 1);
            }
            if is_profane(t.form(i)) {
                out.add(&["prof"], 1.0, i..i + 1);
            }
            if tok.caps == Caps::All && t.form(i).len() >= 3 {
                out.add(&["caps"], 1.0, i..i + 1);
            }
            let form = t.form(i);
            if tok.kind == Kind::Word
                && form.len() >= 4
                && lexicon_tag(form).is_none()
                && !is_english_word(form)
                && form.bytes().all(|b| b.is_ascii_lowercase())
            {
                let padded = format!("^{form}$");
                let b = padded.as_bytes();
                for k in 0..b.len().saturating_sub(2) {
                    if let Ok(tri) = std::str::from_utf8(&b[k..k + 3]) {
                        out.add(&["c", tri], 0.5, i..i + 1);
                    }
                }
            }
        }
        customer |= matches!(t.form(i), "you" | "your" | "yours" | "yourself");
    }

    // Bigrams of forms, and of a form with the next or previous tag.
    let mut prev: Option<usize> = None;
    for &i in &idx {
        let w = word_of(t, i);
        match prev {
            None => out.add(&["b", "<s>", w], 1.0, i..i + 1),
            Some(p) => {
                let pw = word_of(t, p);
                out.add(&["b", pw, w], 1.0, p..i + 1);
                out.add(&["tb", t.tokens[p].tag.name(), w], 0.5, p..i + 1);
                out.add(&["bt", pw, t.tokens[i].tag.name()], 0.5, p..i + 1);
            }
        }
        prev = Some(i);
    }
    if let Some(p) = prev {
        out.add(&["b", word_of(t, p), "</s>"], 1.0, p..p + 1);
    }
    // Trigrams of forms.
    for w in idx.windows(3) {
        out.add(
            &["tri", word_of(t, w[0]), word_of(t, w[1]), word_of(t, w[2])],
            0.5,
            w[0]..w[2] + 1,
        );
    }

    // Who acts and who is targeted, with the clause's first verb.
    for c in clauses.iter().filter(|c| range.contains(&c.tokens.start)) {
        let span = c.tokens.clone();
        out.add(&["ro", c.actor.name(), c.target.name()], 1.0, span.clone());
        if let Some(v) = c.verb {
            out.add(&["av", c.actor.name(), t.lemma(v)], 1.0, span.start..v + 1);
            if let Some(n) = (v + 1..span.end).find(|&j| counts(t, j)) {
                out.add(
                    &["av2", c.actor.name(), t.lemma(v), t.lemma(n)],
                    1.0,
                    span.start..n + 1,
                );
            }
        }
        customer |= c.actor == Who::Customer || c.target == Who::Customer;
    }

    // Valence aimed at the customer.
    if customer {
        for &i in idx.iter().filter(|&&i| !negated[i]) {
            if let Some(c) = valence_class(t.form(i)).filter(|c| c.starts_with("neg")) {
                out.add(&["vyou", c], 1.0, i..i + 1);
            }
        }
    }

    // Shape and place.
    let n = idx.len();
    let len = match n {
        0..=3 => "1-3",
        4..=8 => "4-8",
        9..=15 => "9-15",
        _ => "16+",
    };
    let none = 0..0;
    // Shape crossed with whether a customer message is known: a short
    // "ok" is a brush-off as an answer to a complaint, nothing on its own.
    let ctx = if facts.has_context { "ctx" } else { "noctx" };
    out.add(&["len", len], 1.0, none.clone());
    out.add(&["len", len, ctx], 1.0, none.clone());
    if s == 0 {
        out.add(&["pos", "first"], 1.0, none.clone());
    }
    if s + 1 == t.sentences.len() {
        out.add(&["pos", "last"], 1.0, none.clone());
    }
    if t.sentences.len() == 1 {
        out.add(&["pos", "only"], 1.0, none.clone());
        out.add(&["pos", "only", ctx], 1.0, none.clone());
    }

    // Every feature of the sentence's text counts 1/sqrt(n): a long
    // sentence is not more of anything for having more words.
    let norm = 1.0 / ((out.features.len() - first) as f32 / 4.0).max(1.0).sqrt();
    for f in &mut out.features[first..] {
        f.value *= norm;
    }

    // The draft and its context: the context's words, lightly (what the
    // customer complained about tells whether "it happens" brushes it off).
    add_facts(facts, out, "d");
    if let Some(c) = context {
        let words: Vec<usize> = (0..c.len())
            .filter(|&i| c.tokens[i].is_word() && c.form(i).len() > 2)
            .take(60)
            .collect();
        let v = 0.5 / (words.len() as f32).max(1.0).sqrt();
        for i in words {
            out.add(&["cu", c.lemma(i)], v, none.clone());
        }
    }
}

/// Facts about the whole draft, under `prefix`.
fn add_facts(facts: &DraftFacts, out: &mut Collector<'_>, prefix: &str) {
    let none = 0..0;
    for (name, on) in [
        ("apology", facts.apology),
        ("question", facts.question),
        ("invitation", facts.invitation),
        ("admits-problem", facts.admits_problem),
        ("answers-problem", facts.answers_problem),
        ("context", facts.has_context),
    ] {
        if on {
            out.add(&[prefix, name], 1.0, none.clone());
        }
    }
    for k in &facts.context {
        out.add(&[prefix, "ctx", k], 1.0, none.clone());
    }
    out.add(&[prefix, "channel", facts.channel], 1.0, none.clone());
}

/// Features of a whole draft (the draft-level rules): its words and
/// bigrams, the context's words and bigrams, the draft's facts and the rules
/// the phrase layer found.
pub fn draft_features(
    t: &Tokens,
    context: Option<&Tokens>,
    facts: &DraftFacts,
    out: &mut Collector<'_>,
) {
    for (prefix, toks) in [("D", Some(t)), ("C", context)] {
        let Some(toks) = toks else {
            continue;
        };
        let idx: Vec<usize> = (0..toks.len())
            .filter(|&i| counts(toks, i))
            .take(400)
            .collect();
        let scale = 1.0 / (idx.len() as f32 + 1.0).sqrt();
        let mut prev: Option<usize> = None;
        for &i in &idx {
            let w = word_of(toks, i);
            out.add(&[prefix, "u", w], scale * 2.0, i..i + 1);
            if let Some(p) = prev.filter(|&p| toks.tokens[p].sentence == toks.tokens[i].sentence) {
                out.add(&[prefix, "b", word_of(toks, p), w], scale * 2.0, p..i + 1);
            }
            if toks.tokens[i].is_word() {
                if let Some(c) = valence_class(toks.form(i)) {
                    out.add(&[prefix, "v", c], scale, i..i + 1);
                }
            }
            prev = Some(i);
        }
    }
    if let Some(c) = context {
        overlap_features(t, c, out);
    }
    add_facts(facts, out, "F");
    for r in &facts.phrase_rules {
        out.add(&["F", "rule", r], 1.0, 0..0);
    }
    let n = match facts.sentences {
        0..=1 => "1",
        2..=3 => "2-3",
        _ => "4+",
    };
    out.add(&["F", "sentences", n], 1.0, 0..0);
}

/// Features of the customer's message for the context model (complaint
/// type and impact): its words, pairs of words, valence and numbers, and
/// one feature per cue family of `lints/situation.toml` found in it (`cues`:
/// the family's name and the bytes of its first hit), so that a cue word
/// the labeled messages never used still counts.
pub fn context_features(c: &Tokens, cues: &[(String, Range<usize>)], out: &mut Collector<'_>) {
    for (name, bytes) in cues {
        let first = c.tokens.partition_point(|t| t.span.end <= bytes.start);
        let end = c.tokens.partition_point(|t| t.span.start < bytes.end);
        out.add(&["K", "cue", name], 1.0, first..end.max(first));
    }
    let idx: Vec<usize> = (0..c.len()).filter(|&i| counts(c, i)).take(400).collect();
    let scale = 2.0 / (idx.len() as f32 + 1.0).sqrt();
    let mut prev: Option<usize> = None;
    for &i in &idx {
        let tok = &c.tokens[i];
        let w = word_of(c, i);
        out.add(&["K", w], scale, i..i + 1);
        let lemma = c.lemma(i);
        if lemma != c.form(i) && !tok.name {
            out.add(&["K", "l", lemma], scale, i..i + 1);
        }
        if let Some(p) = prev.filter(|&p| c.tokens[p].sentence == tok.sentence) {
            out.add(&["K", word_of(c, p), w], scale, p..i + 1);
        }
        if tok.is_word() {
            if let Some(v) = valence_class(c.form(i)) {
                out.add(&["K", "v", v], scale * 0.5, i..i + 1);
            }
        }
        prev = Some(i);
    }
}

/// Verbs and words too common to say what a message is about.
fn is_light(lemma: &str) -> bool {
    matches!(
        lemma,
        "be" | "have"
            | "do"
            | "get"
            | "make"
            | "go"
            | "say"
            | "know"
            | "want"
            | "need"
            | "can"
            | "will"
            | "would"
            | "could"
            | "should"
            | "thing"
            | "time"
            | "way"
            | "day"
            | "just"
            | "still"
            | "really"
            | "please"
            | "thank"
            | "thanks"
            | "sorry"
            | "hi"
            | "hello"
            | "hey"
            | "dear"
            | "you"
            | "your"
            | "team"
            | "customer"
            | "service"
            | "issue"
            | "problem"
            | "experience"
            | "feedback"
            | "inconvenience"
    )
}

/// The content words of a message by lemma (nouns, names, numbers,
/// adjectives, verbs; not the light ones), each with its first token.
pub fn content_lemmas(t: &Tokens) -> Vec<(&str, usize)> {
    use crate::nlp::tagger::Upos;
    let mut out: Vec<(&str, usize)> = Vec::new();
    for i in 0..t.len() {
        let tok = &t.tokens[i];
        let content = matches!(tok.kind, Kind::Number)
            || (tok.is_word()
                && matches!(
                    tok.tag,
                    Upos::Noun | Upos::Propn | Upos::Adj | Upos::Verb | Upos::Num
                ));
        let lemma = t.lemma(i);
        if !content || lemma.len() < 3 && tok.kind != Kind::Number || is_light(lemma) {
            continue;
        }
        if !out.iter().any(|(l, _)| *l == lemma) {
            out.push((lemma, i));
        }
    }
    out
}

/// How much of what the customer wrote the draft takes up: the number of
/// the context's content words it shares, and whether it repeats a number
/// (an order, a date, an amount). A reply that shares nothing could answer
/// any complaint (`generic-reply`).
fn overlap_features(t: &Tokens, context: &Tokens, out: &mut Collector<'_>) {
    let ours = content_lemmas(t);
    let theirs = content_lemmas(context);
    let shared: Vec<usize> = ours
        .iter()
        .filter(|(l, _)| theirs.iter().any(|(c, _)| c == l))
        .map(|&(_, i)| i)
        .collect();
    let n = match shared.len() {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        _ => "5+",
    };
    let at = shared.first().map_or(0..0, |&i| i..i + 1);
    out.add(&["O", "shared", n], 1.0, at.clone());
    let m = match theirs.len() {
        0..=3 => "short",
        4..=10 => "mid",
        _ => "long",
    };
    out.add(&["O", "shared", n, m], 1.0, at);
    for &i in &shared {
        if t.tokens[i].kind == Kind::Number {
            out.add(&["O", "number"], 1.0, i..i + 1);
            break;
        }
    }
    for &i in &shared {
        if matches!(t.tokens[i].tag, crate::nlp::tagger::Upos::Propn) || t.tokens[i].name {
            out.add(&["O", "name"], 1.0, i..i + 1);
            break;
        }
    }
}

/// Whether sentence `s` ends with a question mark.
fn ends_with_question(t: &Tokens, s: usize) -> bool {
    let r = &t.sentences[s];
    (r.start..r.end)
        .rev()
        .find(|&i| t.tokens[i].kind == Kind::Punct)
        .is_some_and(|i| t.form(i).contains('?'))
}

/// Features of the tone model (`heat`) for the tokens `range` of a text:
/// words, pairs of words, valence, profanity, capitals, `!` and `?`,
/// sentences that start with "you", negation and politeness markers are all
/// plain words and pairs here, so that each weight reads as what a person
/// would point at ("please" cools, "ridiculous" heats, "!!" heats).
pub fn tone_features(t: &Tokens, range: Range<usize>, out: &mut Collector<'_>) {
    let first = out.features.len();
    let idx: Vec<usize> = range.filter(|&i| counts(t, i)).collect();
    let mut prev: Option<usize> = None;
    for &i in &idx {
        let tok = &t.tokens[i];
        let w = word_of(t, i);
        if !matches!(w, "," | "." | ":" | ";" | "-" | "'" | "\"") {
            out.add(&["T", w], 1.0, i..i + 1);
        }
        if tok.is_word() && !tok.name {
            if let Some(c) = valence_class(t.form(i)) {
                out.add(&["T", "v", c], 1.0, i..i + 1);
            }
            if is_profane(t.form(i)) {
                out.add(&["T", "prof"], 1.0, i..i + 1);
            }
            if tok.caps == Caps::All && t.form(i).len() >= 3 {
                out.add(&["T", "caps"], 1.0, i..i + 1);
            }
        }
        if tok.sentence_start && matches!(t.form(i), "you" | "your") {
            out.add(&["T", "starts-you"], 1.0, i..i + 1);
        }
        // How a sentence opens, and whether it asks: the politeness
        // strategies of Danescu-Niculescu-Mizil et al. are mostly there
        // ("Please ...", "Why did you ...?", "Could you ...?", "I think").
        if tok.sentence_start && tok.is_word() {
            out.add(&["T", "start", w], 1.0, i..i + 1);
            if ends_with_question(t, tok.sentence) {
                out.add(&["T", "asks", w], 1.0, i..i + 1);
            }
        }
        // Pairs of words only: a pair with a comma or a full stop reads as
        // nothing a person would point at.
        let wordy = tok.is_word() || tok.kind == Kind::Number;
        if let Some(p) = prev.filter(|&p| t.tokens[p].sentence == tok.sentence && wordy) {
            out.add(&["T", word_of(t, p), w], 1.0, p..i + 1);
        }
        prev = wordy.then_some(i);
    }
    let norm = 1.0 / ((out.features.len() - first) as f32 / 4.0).max(1.0).sqrt();
    for f in &mut out.features[first..] {
        f.value *= norm;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::roles::clauses;
    use crate::nlp::token::tokenize;
    use crate::text::Normalized;
    use crate::text::structure::sentences;

    fn names(text: &str) -> Vec<String> {
        let norm = Normalized::new(text);
        let s = sentences(&norm.text);
        let t = tokenize(text, &norm, &s);
        let c = clauses(&t);
        let mut names = Vec::new();
        let mut out = Collector::new(18, Some(&mut names));
        sentence_features(&t, &c, 0, &DraftFacts::default(), None, &mut out);
        names
    }

    #[test]
    fn folded_forms_give_the_same_features() {
        let a = names("Youre wrong.");
        let b = names("You're wrong.");
        let c = names("ur wrong.");
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert!(a.contains(&"b|are|wrong".to_string()), "{a:?}");
    }

    #[test]
    fn roles_and_classes_are_features() {
        let f = names("You forgot to cancel, you idiot.");
        assert!(f.contains(&"av|customer|forget".to_string()), "{f:?}");
        assert!(f.iter().any(|x| x.starts_with("vyou|neg")), "{f:?}");
        let g = names("Beat the Troll King.");
        assert!(g.contains(&"u|<name>".to_string()), "{g:?}");
        assert!(!g.contains(&"u|troll".to_string()), "{g:?}");
    }

    #[test]
    fn a_closing_full_stop_changes_nothing() {
        let mut with = names("It ships today.");
        let mut without = names("It ships today");
        with.sort();
        without.sort();
        assert_eq!(with, without);
        // Other closing marks carry tone and stay.
        assert_ne!(names("It ships today!"), names("It ships today"));
    }

    #[test]
    fn buckets_are_stable() {
        // A model file stores weights by bucket: the hash must not change
        // without FEATURE_VERSION changing.
        let mut out = Collector::new(18, None);
        out.add(&["u", "ridiculous"], 1.0, 0..1);
        out.add(&["b", "you", "forgot"], 1.0, 0..2);
        let buckets: Vec<u32> = out.features.iter().map(|f| f.bucket).collect();
        assert_eq!(
            buckets,
            [
                hash(&["u", "ridiculous"]) as u32 & 0x3ffff,
                hash(&["b", "you", "forgot"]) as u32 & 0x3ffff
            ]
        );
        assert_eq!(hash(&["u", "a"]), hash(&["u", "a"]));
        assert_ne!(hash(&["u", "ab"]), hash(&["ua", "b"]));
    }
}
