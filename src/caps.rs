//! Telling a shouted word from an acronym or a name.
//!
//! "PLEASE READ" shouts; "FAQ", "GDPR", "iOS" and "SUPERSAVER" do not. A word
//! in capitals counts as shouted when it has at least three letters, no digit,
//! is a common English word (the SCOWL list in `lints/english-words.txt`), and
//! is not a known acronym (the `acronyms` list of `lints/shouting.toml`, which
//! covers words like PIN and VAT that are also English words). A capitalized
//! word that is not in the dictionary is most likely a product, a brand or an
//! initialism, and is left alone. Teams name their own products in the
//! configuration's `vocabulary`, which masks them before any rule runs.

use crate::matcher::{Hits, ListId};
use crate::text::Normalized;
use crate::text::structure::words_in;
use std::ops::Range;

/// The embedded dictionary: sorted, one lower-case word per line.
static ENGLISH_WORDS: &str = include_str!("../lints/english-words.txt");

/// Whether `word` (lower case) is in the embedded English dictionary.
///
/// A binary search over the embedded text: no start-up cost, no allocation.
pub fn is_english_word(word: &str) -> bool {
    let text = ENGLISH_WORDS.as_bytes();
    let (mut lo, mut hi) = (0usize, text.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let start = text[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = text[mid..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| mid + p);
        let line = &text[start..end];
        match line.cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// Original spans of the shouted words of a text, given its normalized form,
/// its hits and the id of the acronym list.
pub fn shouted_words(
    orig: &str,
    norm: &Normalized,
    hits: &Hits,
    acronyms: ListId,
) -> Vec<Range<usize>> {
    if !has_caps_run(orig) {
        return Vec::new();
    }
    let acronym_hits = hits.of_list(acronyms);
    let mut out = Vec::new();
    for w in words_in(&norm.text, 0..norm.text.len()) {
        let o = norm.span_to_orig(orig, w.clone());
        let word = &orig[o.clone()];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 3 || word.chars().any(|c| c.is_numeric()) {
            continue;
        }
        if !word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            continue;
        }
        if acronym_hits
            .iter()
            .any(|h| h.start == w.start && h.end == w.end)
        {
            continue;
        }
        let lower = &norm.text[w.clone()];
        let core = lower.trim_end_matches("'s").trim_end_matches("'");
        if !is_english_word(core)
            && !core
                .split(['\'', '-'])
                .all(|p| p.len() >= 3 && is_english_word(p))
        {
            continue;
        }
        out.push(o);
    }
    out
}

/// Cheap pre-check: three upper-case letters in a row.
fn has_caps_run(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if c.is_uppercase() {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_lookup() {
        assert!(is_english_word("please"));
        assert!(is_english_word("read"));
        assert!(is_english_word("zoo"));
        assert!(!is_english_word("gdpr"));
        assert!(!is_english_word("supersaver"));
        assert!(!is_english_word(""));
        assert!(!is_english_word("zzzzzzzzz"));
    }
}
