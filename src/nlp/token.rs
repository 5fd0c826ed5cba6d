//! Tokens of a draft: words with their folded form, tag and lemma.
//!
//! Tokens are read from the normalized text ([`Normalized`]: lower case,
//! plain quotes), so every span is a byte range of it; capitals are read
//! from the original. Spelling variants are folded into one form here, once,
//! so that nothing downstream has to know them:
//!
//! * contractions are split into their words: "you're", "youre" and "ur"
//!   before an adjective become `you` + `are`; "don't" and "dont" become
//!   `do` + `not`; "should've" becomes `should` + `have`;
//! * chat spellings are expanded: "u" -> `you`, "pls" -> `please`,
//!   "gonna" -> `going` + `to`, "tbh" -> `to be honest`;
//! * "your" misused for "you're" ("your wrong", "your overreacting") is read
//!   as `you` + `are`;
//! * a hashtag is split into the words it runs together (`#dealwithit` ->
//!   `deal with it`), each token pointing at the whole hashtag.
//!
//! The parts of a split word share the word's span, so a finding built from
//! tokens still underlines exactly what was typed.

use super::lemma::lemma;
use super::tagger::{Upos, apply_patches, guess_tag, lexicon_tag};
use crate::text::dictionary::is_english_word;
use crate::text::{MASK, Normalized, is_word_char};
use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// Punctuation; a run of `!` and `?` is one token (`!!`, `?!`).
    Punct,
    /// An emoji or another symbol, one per token.
    Symbol,
    /// A word read out of a hashtag.
    Hashtag,
    /// A URL, @mention, e-mail address, placeholder or code span.
    Masked,
}

/// How a word was capitalized in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caps {
    Lower,
    /// First letter capital ("Troll").
    Initial,
    /// Two or more letters, all capitals ("NOT").
    All,
}

/// One token. Its form and lemma are stored in [`Tokens`] (one buffer per
/// draft, so tokens borrow nothing and cost no allocation each).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte range in the normalized text of what was typed.
    pub span: Range<usize>,
    /// The folded lower-case form (`are` for the second half of "you're"),
    /// as a range of [`Tokens::text`].
    form: Range<u32>,
    pub kind: Kind,
    pub tag: Upos,
    lemma: Range<u32>,
    pub caps: Caps,
    /// Index of the sentence holding the token.
    pub sentence: usize,
    /// The first word of its sentence.
    pub sentence_start: bool,
    /// A name rather than a word used for what it means: capitalized inside
    /// a sentence and next to another capitalized word or after "the"/"a"/
    /// "named"/"called" ("the Troll King", "Captain Obvious").
    pub name: bool,
}

impl Token {
    /// Whether the token is a word (typed or read from a hashtag).
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Hashtag)
    }
}

/// The tokens of a draft, with the token range of each sentence.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    /// `sentences[i]`: the token range of sentence `i`.
    pub sentences: Vec<Range<usize>>,
    /// Every token's form and lemma, one after the other.
    text: String,
}

impl Tokens {
    /// `i`, or the token after it when `i` is a possessive `'s`: a name runs
    /// on across it ("Liar's Table", "the Hater's Gauntlet").
    pub fn past_possessive(&self, i: usize) -> usize {
        if i < self.len() && self.form(i) == "'s" {
            i + 1
        } else {
            i
        }
    }

    /// The folded form of token `i`.
    pub fn form(&self, i: usize) -> &str {
        let r = &self.tokens[i].form;
        &self.text[r.start as usize..r.end as usize]
    }

    /// The lemma of token `i`.
    pub fn lemma(&self, i: usize) -> &str {
        let r = &self.tokens[i].lemma;
        &self.text[r.start as usize..r.end as usize]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Stores `s` and returns its range.
    fn store(&mut self, s: &str) -> Range<u32> {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        start..self.text.len() as u32
    }

    fn push(&mut self, span: Range<usize>, form: &str, kind: Kind, caps: Caps, sentence: usize) {
        let form = self.store(form);
        self.tokens.push(Token {
            span,
            form,
            kind,
            tag: Upos::X,
            lemma: 0..0,
            caps,
            sentence,
            sentence_start: false,
            name: false,
        });
    }

    fn set_form(&mut self, i: usize, form: &str) {
        let r = self.store(form);
        self.tokens[i].form = r;
    }
}

/// Contractions and chat spellings, folded into their words. Sorted by the
/// typed form (binary-searched). A typed form that is also an ordinary
/// word ("were", "ill", "lets", "its", "wed", "cant" is kept) is not here.
static EXPANSIONS: &[(&str, &[&str])] = &[
    ("ain't", &["is", "not"]),
    ("aint", &["is", "not"]),
    ("aren't", &["are", "not"]),
    ("arent", &["are", "not"]),
    ("bc", &["because"]),
    ("can't", &["can", "not"]),
    ("cannot", &["can", "not"]),
    ("cant", &["can", "not"]),
    ("coulda", &["could", "have"]),
    ("couldn't", &["could", "not"]),
    ("couldnt", &["could", "not"]),
    ("couldve", &["could", "have"]),
    ("coz", &["because"]),
    ("cuz", &["because"]),
    ("didn't", &["did", "not"]),
    ("didnt", &["did", "not"]),
    ("doesn't", &["does", "not"]),
    ("doesnt", &["does", "not"]),
    ("don't", &["do", "not"]),
    ("dont", &["do", "not"]),
    ("dunno", &["do", "not", "know"]),
    ("gonna", &["going", "to"]),
    ("gotta", &["got", "to"]),
    ("hadn't", &["had", "not"]),
    ("hadnt", &["had", "not"]),
    ("hasn't", &["has", "not"]),
    ("hasnt", &["has", "not"]),
    ("haven't", &["have", "not"]),
    ("havent", &["have", "not"]),
    ("idk", &["i", "do", "not", "know"]),
    ("im", &["i", "am"]),
    ("imo", &["in", "my", "opinion"]),
    ("isn't", &["is", "not"]),
    ("isnt", &["is", "not"]),
    ("ive", &["i", "have"]),
    ("kinda", &["kind", "of"]),
    ("mustn't", &["must", "not"]),
    ("pls", &["please"]),
    ("plz", &["please"]),
    ("shan't", &["shall", "not"]),
    ("shoulda", &["should", "have"]),
    ("shouldn't", &["should", "not"]),
    ("shouldnt", &["should", "not"]),
    ("shouldve", &["should", "have"]),
    ("tbh", &["to", "be", "honest"]),
    ("thats", &["that", "is"]),
    ("theres", &["there", "is"]),
    ("theyre", &["they", "are"]),
    ("theyve", &["they", "have"]),
    ("tho", &["though"]),
    ("thru", &["through"]),
    ("thx", &["thanks"]),
    ("u", &["you"]),
    ("wanna", &["want", "to"]),
    ("wasn't", &["was", "not"]),
    ("wasnt", &["was", "not"]),
    ("weren't", &["were", "not"]),
    ("werent", &["were", "not"]),
    ("weve", &["we", "have"]),
    ("whats", &["what", "is"]),
    ("won't", &["will", "not"]),
    ("wont", &["will", "not"]),
    ("woulda", &["would", "have"]),
    ("wouldn't", &["would", "not"]),
    ("wouldnt", &["would", "not"]),
    ("wouldve", &["would", "have"]),
    ("y'all", &["you", "all"]),
    ("ya", &["you"]),
    ("yall", &["you", "all"]),
    ("youll", &["you", "will"]),
    ("youre", &["you", "are"]),
    ("youve", &["you", "have"]),
];

/// Words before which "your" or "ur" is "you're" ("your wrong").
static YOU_ARE_BEFORE: &[&str] = &[
    "a",
    "absolutely",
    "acting",
    "all",
    "always",
    "an",
    "being",
    "clearly",
    "complaining",
    "just",
    "kidding",
    "never",
    "not",
    "obviously",
    "only",
    "overreacting",
    "really",
    "right",
    "so",
    "the",
    "too",
    "very",
    "welcome",
    "wrong",
];

/// Words whose `'s` is "is" (or "us" in "let's"), not a possessive.
static S_IS_AFTER: &[&str] = &[
    "he", "here", "how", "it", "let", "she", "that", "there", "what", "when", "where", "who", "why",
];

/// The split of a typed word into folded forms, when it is not one word.
fn expand(word: &str) -> Option<Vec<&str>> {
    if let Ok(i) = EXPANSIONS.binary_search_by(|(f, _)| f.cmp(&word)) {
        return Some(EXPANSIONS[i].1.to_vec());
    }
    if let Some(stem) = word.strip_suffix("n't") {
        let stem = match stem {
            "ca" => "can",
            "wo" => "will",
            "sha" => "shall",
            "ai" => "is",
            s => s,
        };
        return Some(vec![stem, "not"]);
    }
    for (suffix, tail) in [
        ("'re", "are"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'m", "am"),
        ("'d", "would"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return Some(vec![stem, tail]);
        }
    }
    if let Some(stem) = word.strip_suffix("'s") {
        if stem == "let" {
            return Some(vec![stem, "us"]);
        }
        if S_IS_AFTER.contains(&stem) {
            return Some(vec![stem, "is"]);
        }
        // A possessive: the word, then `'s`.
        return Some(vec![stem, "'s"]);
    }
    None
}

/// Splits a hashtag's letters into dictionary words (`dealwithit` -> `deal
/// with it`). The best split has the fewest words, a word the tagger's
/// lexicon knows (a common word) counting less than a rare dictionary word,
/// and then the longest words (the largest sum of squared lengths: "deal
/// with it" before "deal wit hit"). `None` when no split covers it.
pub fn split_hashtag(letters: &str) -> Option<Vec<String>> {
    let b = letters.as_bytes();
    let n = b.len();
    if n == 0 || n > 60 || !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    // best[i]: (cost, -sum of squares, start of the last word) for letters[..i].
    type Cost = (u32, i64, usize);
    let mut best: Vec<Option<Cost>> = vec![None; n + 1];
    best[0] = Some((0, 0, 0));
    for end in 1..=n {
        for start in end.saturating_sub(20)..end {
            let Some((cost, squares, _)) = best[start] else {
                continue;
            };
            let word = &letters[start..end];
            let common = lexicon_tag(word).is_some();
            let known = if word.len() == 1 {
                word == "a" || word == "i"
            } else {
                common || is_english_word(word)
            };
            if !known {
                continue;
            }
            let len = word.len() as i64;
            let candidate = (
                cost + if common { 2 } else { 3 },
                squares - len * len,
                start,
            );
            if best[end].is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                best[end] = Some(candidate);
            }
        }
    }
    best[n]?;
    let mut words = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, _, start) = best[end]?;
        words.push(letters[start..end].to_string());
        end = start;
    }
    words.reverse();
    Some(words)
}

/// Tokenizes, folds, tags and lemmatizes a normalized draft.
///
/// `sentences` are the sentence ranges of `norm.text`
/// ([`crate::text::structure::sentences`]).
pub fn tokenize(orig: &str, norm: &Normalized, sentences: &[Range<usize>]) -> Tokens {
    let mut out = Tokens {
        tokens: Vec::with_capacity(norm.text.len() / 4 + 4),
        sentences: Vec::with_capacity(sentences.len()),
        text: String::with_capacity(norm.text.len() * 2),
    };
    let mut mask_index = 0usize;
    for (si, s) in sentences.iter().enumerate() {
        let first = out.tokens.len();
        scan_sentence(orig, norm, s.clone(), si, &mut mask_index, &mut out);
        fold_your(&mut out, first);
        out.sentences.push(first..out.tokens.len());
    }
    for r in out.sentences.clone() {
        tag_sentence(&mut out, r);
    }
    out
}

fn caps_of(orig: &str, norm: &Normalized, span: &Range<usize>) -> Caps {
    let o = norm.span_to_orig(orig, span.clone());
    let word = orig.get(o).unwrap_or("");
    let (mut upper, mut total, mut first_upper) = (0, 0, None);
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if first_upper.is_none() {
            first_upper = Some(c.is_uppercase());
        }
        total += 1;
        upper += usize::from(c.is_uppercase());
    }
    if total >= 2 && upper == total {
        Caps::All
    } else if first_upper == Some(true) {
        Caps::Initial
    } else {
        Caps::Lower
    }
}

fn scan_sentence(
    orig: &str,
    norm: &Normalized,
    range: Range<usize>,
    sentence: usize,
    mask_index: &mut usize,
    out: &mut Tokens,
) {
    let text = norm.text.as_str();
    let mut i = range.start;
    while i < range.end {
        let c = text[i..].chars().next().expect("in bounds");
        let len = c.len_utf8();
        if c == ' ' || c == '\n' || c == '\t' {
            i += len;
        } else if c == MASK as char {
            let o = norm.to_orig(i);
            while *mask_index < norm.masked.len() && norm.masked[*mask_index].end <= o {
                *mask_index += 1;
            }
            let hashtag = norm
                .masked
                .get(*mask_index)
                .filter(|m| m.start <= o)
                .and_then(|m| orig.get(m.clone()))
                .and_then(|t| t.strip_prefix('#'))
                .map(str::to_lowercase)
                .filter(|h| !h.is_empty());
            match hashtag {
                Some(h) => match split_hashtag(&h) {
                    Some(words) => {
                        for w in words {
                            out.push(i..i + 1, &w, Kind::Hashtag, Caps::Lower, sentence);
                        }
                    }
                    None => out.push(i..i + 1, &h, Kind::Hashtag, Caps::Lower, sentence),
                },
                None => out.push(i..i + 1, "<masked>", Kind::Masked, Caps::Lower, sentence),
            }
            i += 1;
        } else if is_word_char(c) {
            let start = i;
            let mut end = i + len;
            // Apostrophes and hyphens join word characters ("don't", "follow-up").
            loop {
                let mut it = text[end..range.end].chars();
                match it.next() {
                    Some(n) if is_word_char(n) => end += n.len_utf8(),
                    Some(j @ ('\'' | '-')) if it.next().is_some_and(is_word_char) => {
                        end += j.len_utf8()
                    }
                    _ => break,
                }
            }
            let word = &text[start..end];
            let span = start..end;
            let caps = caps_of(orig, norm, &span);
            if word.starts_with(|c: char| c.is_ascii_digit()) {
                out.push(span, word, Kind::Number, caps, sentence);
            } else if let Some(parts) = expand(word) {
                // Only the first part carries the word's capitals ("You're"
                // is a capital `you` and a plain `are`).
                for (k, p) in parts.into_iter().enumerate() {
                    let c = if k == 0 { caps } else { Caps::Lower };
                    out.push(span.clone(), p, Kind::Word, c, sentence);
                }
            } else {
                out.push(span, word, Kind::Word, caps, sentence);
            }
            i = end;
        } else if c == '!' || c == '?' {
            let start = i;
            let mut end = i;
            while let Some(n @ ('!' | '?')) = text[end..range.end].chars().next() {
                end += n.len_utf8();
            }
            out.push(
                start..end,
                &text[start..end],
                Kind::Punct,
                Caps::Lower,
                sentence,
            );
            i = end;
        } else if c == '.' && text[i..range.end].starts_with("...") {
            out.push(i..i + 3, "...", Kind::Punct, Caps::Lower, sentence);
            i += 3;
        } else if c.is_ascii_punctuation() {
            out.push(
                i..i + len,
                &text[i..i + len],
                Kind::Punct,
                Caps::Lower,
                sentence,
            );
            i += len;
        } else if c == '\u{fe0f}' || c == '\u{200d}' {
            // Emoji presentation selector and joiner: part of the symbol before.
            i += len;
        } else {
            out.push(
                i..i + len,
                &text[i..i + len],
                Kind::Symbol,
                Caps::Lower,
                sentence,
            );
            i += len;
        }
    }
}

/// "your"/"ur" before an adjective-like word reads as "you are" ("your
/// wrong", "ur overreacting"); a plain "ur" is "your". Tokens `from..` are
/// one sentence.
fn fold_your(t: &mut Tokens, from: usize) {
    let mut i = from;
    while i < t.len() {
        let typed = t.form(i);
        if t.tokens[i].kind == Kind::Word && matches!(typed, "your" | "ur") {
            let was_ur = typed == "ur";
            let you_are = i + 1 < t.len() && t.tokens[i + 1].kind == Kind::Word && {
                let next = t.form(i + 1);
                YOU_ARE_BEFORE.binary_search(&next).is_ok()
                    || (next.len() > 5
                        && next.ends_with("ing")
                        && lexicon_tag(next) == Some(Upos::Verb))
            };
            if you_are {
                t.set_form(i, "you");
                let mut are = t.tokens[i].clone();
                are.form = t.store("are");
                t.tokens.insert(i + 1, are);
                i += 1;
            } else if was_ur {
                t.set_form(i, "your");
            }
        }
        i += 1;
    }
}

fn tag_sentence(t: &mut Tokens, range: Range<usize>) {
    // Lexicon or shape tag, then the patches over the whole sentence.
    let mut seen_word = false;
    let mut tags = Vec::with_capacity(range.len());
    for i in range.clone() {
        let tok = &t.tokens[i];
        let initial = !seen_word && tok.is_word();
        seen_word |= tok.is_word();
        let tag = match tok.kind {
            Kind::Punct => Upos::Punct,
            Kind::Symbol => Upos::Sym,
            Kind::Number => Upos::Num,
            Kind::Masked => Upos::X,
            Kind::Word | Kind::Hashtag => lexicon_tag(t.form(i))
                .unwrap_or_else(|| guess_tag(t.form(i), tok.caps != Caps::Lower, initial)),
        };
        t.tokens[i].sentence_start = initial;
        tags.push(tag);
    }
    {
        let words: Vec<&str> = range.clone().map(|i| t.form(i)).collect();
        apply_patches(&words, &mut tags);
    }
    for (i, tag) in range.clone().zip(tags) {
        t.tokens[i].tag = tag;
    }
    mark_names(t, range.clone());
    for i in range {
        let form = t.form(i);
        let lemma = lemma(form, t.tokens[i].tag);
        let r = if lemma == form {
            t.tokens[i].form.clone()
        } else {
            let owned = lemma.into_owned();
            t.store(&owned)
        };
        t.tokens[i].lemma = r;
    }
}

/// Marks capitalized words inside a sentence that are names ("the Troll
/// King", "Captain Obvious", a product "Honey"), not the words they spell.
fn mark_names(t: &mut Tokens, range: Range<usize>) {
    let capital = |tok: &Token| tok.kind == Kind::Word && tok.caps == Caps::Initial;
    let mut names = Vec::with_capacity(range.len());
    for i in range.clone() {
        let tok = &t.tokens[i];
        if !capital(tok) || t.form(i) == "i" {
            names.push(false);
            continue;
        }
        let prev = (i > range.start).then(|| i - 1);
        let n = t.past_possessive(i + 1);
        let next = (n < range.end).then(|| &t.tokens[n]);
        let next_capital = next.is_some_and(capital);
        let name = if tok.sentence_start {
            next_capital
        } else {
            let prev_capital =
                prev.is_some_and(|p| capital(&t.tokens[p]) && !t.tokens[p].sentence_start);
            let introduced = prev.is_some_and(|p| {
                matches!(
                    t.form(p),
                    "the" | "a" | "an" | "our" | "named" | "called" | "new" | "my"
                )
            });
            prev_capital || next_capital || introduced || tok.tag == Upos::Propn
        };
        names.push(name);
    }
    for (i, name) in range.zip(names) {
        t.tokens[i].name = name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::structure::sentences;

    /// `form/TAG` of every token.
    pub(crate) fn show(text: &str) -> String {
        let norm = Normalized::new(text);
        let s = sentences(&norm.text);
        let t = tokenize(text, &norm, &s);
        (0..t.len())
            .map(|i| format!("{}/{}", t.form(i), t.tokens[i].tag.name()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn forms(text: &str) -> Vec<String> {
        let norm = Normalized::new(text);
        let s = sentences(&norm.text);
        let t = tokenize(text, &norm, &s);
        (0..t.len()).map(|i| t.form(i).to_string()).collect()
    }

    #[test]
    fn contractions_and_chat_spellings_fold() {
        assert_eq!(forms("You're wrong"), ["you", "are", "wrong"]);
        assert_eq!(forms("Youre wrong"), ["you", "are", "wrong"]);
        assert_eq!(forms("ur wrong"), ["you", "are", "wrong"]);
        assert_eq!(forms("your overreacting"), ["you", "are", "overreacting"]);
        assert_eq!(forms("check ur wifi"), ["check", "your", "wifi"]);
        assert_eq!(
            forms("You should've read it"),
            ["you", "should", "have", "read", "it"]
        );
        assert_eq!(forms("dont"), ["do", "not"]);
        assert_eq!(forms("We can't"), ["we", "can", "not"]);
        assert_eq!(
            forms("It's the customer's fault"),
            ["it", "is", "the", "customer", "'s", "fault"]
        );
        assert_eq!(forms("u gonna pay"), ["you", "going", "to", "pay"]);
    }

    #[test]
    fn hashtags_are_read_as_words_and_point_at_the_hashtag() {
        let text = "Every device is online. #dealwithit";
        let norm = Normalized::new(text);
        let s = sentences(&norm.text);
        let t = tokenize(text, &norm, &s);
        let tags: Vec<usize> = (0..t.len())
            .filter(|&i| t.tokens[i].kind == Kind::Hashtag)
            .collect();
        let words: Vec<&str> = tags.iter().map(|&i| t.form(i)).collect();
        assert_eq!(words, ["deal", "with", "it"]);
        let orig = norm.span_to_orig(text, t.tokens[tags[0]].span.clone());
        assert_eq!(&text[orig], "#dealwithit");
        assert_eq!(split_hashtag("fail"), Some(vec!["fail".to_string()]));
        assert_eq!(split_hashtag("xqzv"), None);
    }

    #[test]
    fn punctuation_runs_and_emoji_are_tokens() {
        assert_eq!(
            forms("Seriously?! wow 🙄"),
            ["seriously", "?!", "wow", "🙄"]
        );
    }

    #[test]
    fn names_are_told_apart_from_labels() {
        let text = "Beat the Troll King first. You troll.";
        let norm = Normalized::new(text);
        let s = sentences(&norm.text);
        let t = tokenize(text, &norm, &s);
        let troll: Vec<bool> = (0..t.len())
            .filter(|&i| t.form(i) == "troll")
            .map(|i| t.tokens[i].name)
            .collect();
        assert_eq!(troll, [true, false]);
    }

    #[test]
    fn tags_and_lemmas() {
        assert_eq!(
            show("We refunded the charges"),
            "we/PRON refunded/VERB the/DET charges/NOUN"
        );
        let norm = Normalized::new("We refunded the charges");
        let s = sentences(&norm.text);
        let t = tokenize("We refunded the charges", &norm, &s);
        let lemmas: Vec<&str> = (0..t.len()).map(|i| t.lemma(i)).collect();
        assert_eq!(lemmas, ["we", "refund", "the", "charge"]);
    }
}
