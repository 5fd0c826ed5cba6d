//! Part-of-speech tags: harper's Brill tagger, applied by our own code.
//!
//! A Brill tagger gives each word its most frequent tag, then applies an
//! ordered list of learned patches ("change PART to ADP when the word is
//! `to` and a DET follows within two words"). We use the model harper-brill
//! 3.0.0 ships (trained on Universal Dependencies English; Apache-2.0):
//! its word list is `lints/lexicon/pos-lexicon.tsv` and its 201 patches are
//! `lints/lexicon/pos-patches.txt`, which `build.rs` compiles into a static
//! table. Why not depend on `harper-brill` itself: it pulls in `burn` (a
//! deep-learning framework) for its other chunker, and it parses its 660 KB
//! JSON model at first use, several milliseconds of a run that must take
//! five; here the model is read in place and costs nothing to load.
//!
//! Words the model does not know get a tag guessed from their shape
//! (suffixes, capitals, digits), where harper leaves them untagged, so that
//! every token has a tag for the patches and the patterns to read.
//! `WordIs` compares whole words (harper compares a prefix: its `to` also
//! matched `tomorrow`).

use super::lexicon::POS;

/// Universal POS tags (universaldependencies.org/u/pos).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    /// Every tag, in declaration order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag's UD name (`NOUN`, `ADJ`...).
    pub fn name(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a UD tag name.
    pub fn parse(name: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Nouns and proper nouns.
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn | Upos::Pron)
    }

    /// Verbs and auxiliaries.
    pub fn is_verbal(self) -> bool {
        matches!(self, Upos::Verb | Upos::Aux)
    }
}

/// One condition of a patch, relative to the token being re-tagged.
#[derive(Debug, Clone, Copy)]
pub enum Criterion {
    /// The token `offset` places away is this word.
    WordIs(i8, &'static str),
    /// The token `offset` places away has this tag.
    TagIs(i8, Upos),
    /// A token with this tag lies between here (inclusive) and `offset`
    /// places away (exclusive), as the model was trained.
    AnyTag(i8, Upos),
    /// The previous token has the first tag and the next the second.
    Between(Upos, Upos),
}

/// A learned patch: change `from` to `to` where every criterion holds.
#[derive(Debug, Clone, Copy)]
pub struct Patch {
    pub from: Upos,
    pub to: Upos,
    pub criteria: &'static [Criterion],
}

/// The patches, in the order they apply (`lints/lexicon/pos-patches.txt`).
pub static PATCHES: &[Patch] = include!(concat!(env!("OUT_DIR"), "/pos_patches.rs"));

/// The lexicon's tag of `word` (lower case), if it knows the word.
pub fn lexicon_tag(word: &str) -> Option<Upos> {
    POS.get(word).and_then(Upos::parse)
}

/// A tag for a word the lexicon does not know, from its shape.
pub fn guess_tag(word: &str, capitalized: bool, sentence_initial: bool) -> Upos {
    let w = word;
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Upos::Num;
    }
    if !w.chars().any(char::is_alphanumeric) {
        return if w.chars().all(|c| c.is_ascii_punctuation()) {
            Upos::Punct
        } else {
            Upos::Sym
        };
    }
    if capitalized && !sentence_initial {
        return Upos::Propn;
    }
    let ends = |s: &str| w.len() > s.len() + 2 && w.ends_with(s);
    if ends("ly") {
        Upos::Adv
    } else if ends("ing") || ends("ed") || ends("ize") || ends("ise") || ends("ify") {
        Upos::Verb
    } else if ends("ous")
        || ends("ful")
        || ends("able")
        || ends("ible")
        || ends("ive")
        || ends("less")
        || ends("ic")
        || ends("ish")
        || ends("al")
        || ends("y")
    {
        Upos::Adj
    } else {
        Upos::Noun
    }
}

/// Applies the patches to one sentence's `tags`, whose words are `words`
/// (lower case, one per token, punctuation included).
pub fn apply_patches(words: &[&str], tags: &mut [Upos]) {
    debug_assert_eq!(words.len(), tags.len());
    let n = tags.len();
    // A patch can only fire where its `from` tag is present; most sentences
    // hold a handful of tags, so most patches are skipped at once.
    let mut present = 0u32;
    for t in tags.iter() {
        present |= 1 << (*t as u32);
    }
    for patch in PATCHES {
        if present & (1 << (patch.from as u32)) == 0 {
            continue;
        }
        for i in 0..n {
            if tags[i] == patch.from && patch.criteria.iter().all(|c| holds(c, words, tags, i)) {
                tags[i] = patch.to;
                present |= 1 << (patch.to as u32);
            }
        }
    }
}

fn at(i: usize, offset: i8) -> Option<usize> {
    i.checked_add_signed(isize::from(offset))
}

fn holds(c: &Criterion, words: &[&str], tags: &[Upos], i: usize) -> bool {
    match *c {
        Criterion::WordIs(k, w) => at(i, k).and_then(|j| words.get(j)).is_some_and(|x| *x == w),
        Criterion::TagIs(k, t) => at(i, k).and_then(|j| tags.get(j)).is_some_and(|x| *x == t),
        Criterion::AnyTag(k, t) => {
            let Some(far) = at(i, k) else {
                return false;
            };
            (far.min(i)..far.max(i)).any(|j| tags.get(j) == Some(&t))
        }
        Criterion::Between(a, b) => {
            i > 0 && tags.get(i - 1) == Some(&a) && tags.get(i + 1) == Some(&b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(sentence: &str) -> Vec<Upos> {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut tags: Vec<Upos> = words
            .iter()
            .map(|w| lexicon_tag(w).unwrap_or_else(|| guess_tag(w, false, false)))
            .collect();
        apply_patches(&words, &mut tags);
        tags
    }

    #[test]
    fn patches_are_loaded_in_order() {
        assert_eq!(PATCHES.len(), 201);
        assert_eq!(PATCHES[0].from, Upos::Part);
        assert_eq!(PATCHES[0].to, Upos::Adp);
    }

    #[test]
    fn common_sentences() {
        use Upos::*;
        assert_eq!(
            tag("you should have read the manual"),
            vec![Pron, Aux, Aux, Verb, Det, Noun]
        );
        assert_eq!(tag("your stupid question"), vec![Pron, Adj, Noun]);
    }

    #[test]
    fn unknown_words_get_a_shape_tag() {
        assert_eq!(guess_tag("blorfly", false, false), Upos::Adv);
        assert_eq!(guess_tag("Zorblax", true, false), Upos::Propn);
        assert_eq!(guess_tag("zorblax", false, false), Upos::Noun);
        assert_eq!(guess_tag("42", false, false), Upos::Num);
    }
}
