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
use std::borrow::Cow;
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

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    /// Byte range in the normalized text of what was typed.
    pub span: Range<usize>,
    /// The folded lower-case form (`are` for the second half of "you're").
    pub form: Cow<'a, str>,
    pub kind: Kind,
    pub tag: Upos,
    pub lemma: Cow<'a, str>,
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

impl Token<'_> {
    /// Whether the token is a word (typed or read from a hashtag).
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Hashtag)
    }
}

/// The tokens of a draft, with the sentence each starts.
#[derive(Debug, Clone, Default)]
pub struct Tokens<'a> {
    pub tokens: Vec<Token<'a>>,
    /// `sentences[i]`: the token range of sentence `i`.
    pub sentences: Vec<Range<usize>>,
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

/// The split of a typed word into folded forms.
fn expand(word: &str) -> Option<Vec<Cow<'static, str>>> {
    if let Ok(i) = EXPANSIONS.binary_search_by(|(f, _)| f.cmp(&word)) {
        return Some(EXPANSIONS[i].1.iter().map(|s| Cow::Borrowed(*s)).collect());
    }
    let split = |stem: &str, tail: &'static str| {
        Some(vec![Cow::Owned(stem.to_string()), Cow::Borrowed(tail)])
    };
    if let Some(stem) = word.strip_suffix("n't") {
        let stem = match stem {
            "ca" => "can",
            "wo" => "will",
            "sha" => "shall",
            "ai" => "is",
            s => s,
        };
        return split(stem, "not");
    }
    for (suffix, tail) in [
        ("'re", "are"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'m", "am"),
        ("'d", "would"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return split(stem, tail);
            }
        }
    }
    if let Some(stem) = word.strip_suffix("'s") {
        if stem == "let" {
            return split(stem, "us");
        }
        if S_IS_AFTER.contains(&stem) {
            return split(stem, "is");
        }
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
pub fn tokenize<'a>(orig: &str, norm: &'a Normalized, sentences: &[Range<usize>]) -> Tokens<'a> {
    let text = norm.text.as_str();
    let mut out = Tokens {
        tokens: Vec::with_capacity(text.len() / 4 + 4),
        sentences: Vec::with_capacity(sentences.len()),
    };
    let mut mask_index = 0usize;
    for (si, s) in sentences.iter().enumerate() {
        let first = out.tokens.len();
        scan_sentence(orig, norm, s.clone(), si, &mut mask_index, &mut out.tokens);
        fold_your(&mut out.tokens, first);
        out.sentences.push(first..out.tokens.len());
    }
    for r in out.sentences.clone() {
        tag_sentence(&mut out.tokens[r]);
    }
    out
}

fn caps_of(orig: &str, norm: &Normalized, span: &Range<usize>) -> Caps {
    let o = norm.span_to_orig(orig, span.clone());
    let word = orig.get(o).unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic());
    let (mut upper, mut total, mut first_upper) = (0, 0, None);
    for c in letters {
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

fn push<'a>(
    tokens: &mut Vec<Token<'a>>,
    span: Range<usize>,
    form: Cow<'a, str>,
    kind: Kind,
    caps: Caps,
    sentence: usize,
) {
    tokens.push(Token {
        span,
        form,
        kind,
        tag: Upos::X,
        lemma: Cow::Borrowed(""),
        caps,
        sentence,
        sentence_start: false,
        name: false,
    });
}

fn scan_sentence<'a>(
    orig: &str,
    norm: &'a Normalized,
    range: Range<usize>,
    sentence: usize,
    mask_index: &mut usize,
    tokens: &mut Vec<Token<'a>>,
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
            let masked = norm.masked.get(*mask_index).filter(|m| m.start <= o);
            let hashtag = masked
                .and_then(|m| orig.get(m.clone()))
                .and_then(|t| t.strip_prefix('#'))
                .map(|t| t.to_lowercase());
            match hashtag.as_deref().map(|h| (h, split_hashtag(h))) {
                Some((_, Some(words))) => {
                    for w in words {
                        push(
                            tokens,
                            i..i + 1,
                            Cow::Owned(w),
                            Kind::Hashtag,
                            Caps::Lower,
                            sentence,
                        );
                    }
                }
                Some((h, None)) if !h.is_empty() => {
                    push(
                        tokens,
                        i..i + 1,
                        Cow::Owned(h.to_string()),
                        Kind::Hashtag,
                        Caps::Lower,
                        sentence,
                    );
                }
                _ => push(
                    tokens,
                    i..i + 1,
                    Cow::Borrowed("<masked>"),
                    Kind::Masked,
                    Caps::Lower,
                    sentence,
                ),
            }
            i += 1;
        } else if is_word_char(c) {
            let start = i;
            let mut end = i + len;
            // Apostrophes and hyphens join word characters ("don't", "follow-up").
            loop {
                let rest = &text[end..range.end];
                let mut it = rest.chars();
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
            let numeric = word.chars().next().is_some_and(|c| c.is_ascii_digit());
            if numeric {
                push(
                    tokens,
                    span,
                    Cow::Borrowed(word),
                    Kind::Number,
                    caps,
                    sentence,
                );
            } else if let Some(parts) = expand(word) {
                for p in parts {
                    push(tokens, span.clone(), p, Kind::Word, caps, sentence);
                }
            } else if let Some(stem) = word.strip_suffix("'s") {
                // A possessive: the word, then `'s`.
                push(
                    tokens,
                    span.clone(),
                    Cow::Borrowed(stem),
                    Kind::Word,
                    caps,
                    sentence,
                );
                push(
                    tokens,
                    span,
                    Cow::Borrowed("'s"),
                    Kind::Word,
                    caps,
                    sentence,
                );
            } else {
                push(
                    tokens,
                    span,
                    Cow::Borrowed(word),
                    Kind::Word,
                    caps,
                    sentence,
                );
            }
            i = end;
        } else if c == '!' || c == '?' {
            let start = i;
            let mut end = i;
            while let Some(n @ ('!' | '?')) = text[end..range.end].chars().next() {
                end += n.len_utf8();
            }
            push(
                tokens,
                start..end,
                Cow::Borrowed(&text[start..end]),
                Kind::Punct,
                Caps::Lower,
                sentence,
            );
            i = end;
        } else if c == '.' && text[i..range.end].starts_with("...") {
            push(
                tokens,
                i..i + 3,
                Cow::Borrowed("..."),
                Kind::Punct,
                Caps::Lower,
                sentence,
            );
            i += 3;
        } else if c.is_ascii_punctuation() {
            push(
                tokens,
                i..i + len,
                Cow::Borrowed(&text[i..i + len]),
                Kind::Punct,
                Caps::Lower,
                sentence,
            );
            i += len;
        } else if c == '\u{fe0f}' || c == '\u{200d}' {
            // Emoji presentation selector and joiner: part of the symbol before.
            i += len;
        } else {
            push(
                tokens,
                i..i + len,
                Cow::Borrowed(&text[i..i + len]),
                Kind::Symbol,
                Caps::Lower,
                sentence,
            );
            i += len;
        }
    }
}

/// "your"/"ur" before an adjective-like word reads as "you are" ("your
/// wrong", "ur overreacting"); a plain "ur" is "your". `tokens[from..]` is
/// one sentence.
fn fold_your(tokens: &mut Vec<Token<'_>>, from: usize) {
    let mut i = from;
    while i + 1 < tokens.len() {
        let typed = &*tokens[i].form;
        if tokens[i].kind == Kind::Word && matches!(typed, "your" | "ur") {
            let next = &tokens[i + 1];
            let form = &*next.form;
            let you_are = next.kind == Kind::Word
                && (YOU_ARE_BEFORE.binary_search(&form).is_ok()
                    || (form.len() > 5
                        && form.ends_with("ing")
                        && lexicon_tag(form) == Some(Upos::Verb)));
            if you_are {
                tokens[i].form = Cow::Borrowed("you");
                let mut are = tokens[i].clone();
                are.form = Cow::Borrowed("are");
                tokens.insert(i + 1, are);
                i += 1;
            } else if typed == "ur" {
                tokens[i].form = Cow::Borrowed("your");
            }
        }
        i += 1;
    }
    if let Some(last) = tokens.last_mut().filter(|t| &*t.form == "ur") {
        last.form = Cow::Borrowed("your");
    }
}

fn tag_sentence(tokens: &mut [Token<'_>]) {
    // Lexicon or shape tag, then the patches over the whole sentence.
    let mut seen_word = false;
    for t in tokens.iter_mut() {
        let initial = !seen_word && t.is_word();
        t.sentence_start = initial;
        seen_word |= t.is_word();
        t.tag = match t.kind {
            Kind::Punct => Upos::Punct,
            Kind::Symbol => Upos::Sym,
            Kind::Number => Upos::Num,
            Kind::Masked => Upos::X,
            Kind::Word | Kind::Hashtag => lexicon_tag(&t.form)
                .unwrap_or_else(|| guess_tag(&t.form, t.caps != Caps::Lower, initial)),
        };
    }
    let words: Vec<&str> = tokens.iter().map(|t| &*t.form).collect();
    let mut tags: Vec<Upos> = tokens.iter().map(|t| t.tag).collect();
    apply_patches(&words, &mut tags);
    for (t, tag) in tokens.iter_mut().zip(tags) {
        t.tag = tag;
    }
    mark_names(tokens);
    for t in tokens.iter_mut() {
        t.lemma = match &t.form {
            Cow::Borrowed(f) => lemma(f, t.tag),
            Cow::Owned(f) => Cow::Owned(lemma(f, t.tag).into_owned()),
        };
    }
}

/// Marks capitalized words inside a sentence that are names ("the Troll
/// King", "Captain Obvious", a product "Honey"), not the words they spell.
fn mark_names(tokens: &mut [Token<'_>]) {
    let n = tokens.len();
    let capital = |t: &Token<'_>| t.kind == Kind::Word && t.caps == Caps::Initial;
    let mut names = vec![false; n];
    for i in 0..n {
        let t = &tokens[i];
        if !capital(t) || &*t.form == "i" {
            continue;
        }
        let prev = i.checked_sub(1).map(|j| &tokens[j]);
        let next = tokens.get(i + 1);
        let neighbour_capital = prev.is_some_and(|p| capital(p) && !p.sentence_start)
            || next.is_some_and(capital)
            || (t.sentence_start && next.is_some_and(capital));
        let introduced = prev.is_some_and(|p| {
            matches!(
                &*p.form,
                "the" | "a" | "an" | "our" | "named" | "called" | "new" | "my"
            )
        });
        if (!t.sentence_start && (neighbour_capital || introduced || t.tag == Upos::Propn))
            || (t.sentence_start && next.is_some_and(capital))
        {
            names[i] = true;
        }
    }
    for (t, name) in tokens.iter_mut().zip(names) {
        t.name = name;
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
        t.tokens
            .iter()
            .map(|t| format!("{}/{}", t.form, t.tag.name()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn forms(text: &str) -> Vec<String> {
        let norm = Normalized::new(text);
        let s = sentences(&norm.text);
        tokenize(text, &norm, &s)
            .tokens
            .iter()
            .map(|t| t.form.to_string())
            .collect()
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
        let tags: Vec<&Token<'_>> = t
            .tokens
            .iter()
            .filter(|t| t.kind == Kind::Hashtag)
            .collect();
        let words: Vec<&str> = tags.iter().map(|t| &*t.form).collect();
        assert_eq!(words, ["deal", "with", "it"]);
        let orig = norm.span_to_orig(text, tags[0].span.clone());
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
        let troll: Vec<bool> = t
            .tokens
            .iter()
            .filter(|t| &*t.form == "troll")
            .map(|t| t.name)
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
        let lemmas: Vec<&str> = t.tokens.iter().map(|t| &*t.lemma).collect();
        assert_eq!(lemmas, ["we", "refund", "the", "charge"]);
    }
}
