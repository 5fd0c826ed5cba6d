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

use crate::matcher::Hit;
use crate::text::Normalized;
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

/// Original spans of the shouted words of a text, given its normalized form
/// and the occurrences of the acronym list in it.
///
/// Candidates are found in the original text (runs of capitals), so a text
/// with no capitals costs one pass over its bytes; only candidates are mapped
/// to the normalized text to check the acronym list.
pub fn shouted_words(orig: &str, norm: &Normalized, acronym_hits: &[Hit]) -> Vec<Range<usize>> {
    if !has_caps_run(orig) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for o in capital_words(orig) {
        if norm
            .masked
            .iter()
            .any(|m| m.start < o.end && o.start < m.end)
        {
            continue;
        }
        let word = &orig[o.clone()];
        let lower = word.to_lowercase().replace('\u{2019}', "'");
        let core = lower.trim_end_matches("'s").trim_end_matches('\'');
        if !is_english_word(core)
            && !core
                .split(['\'', '-'])
                .all(|p| p.len() >= 3 && is_english_word(p))
        {
            continue;
        }
        let n = norm.to_norm(o.start);
        if acronym_hits
            .iter()
            .any(|h| h.start == n && h.end - h.start == lower.len())
        {
            continue;
        }
        out.push(o);
    }
    out
}

/// Words of `orig` written in capitals: at least three letters, all upper
/// case, no digit (apostrophes and inner hyphens allowed).
fn capital_words(orig: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut letters = 0usize;
    let mut ok = true;
    let mut end = 0usize;
    let mut finish = |start: Option<usize>, end: usize, letters: usize, ok: bool| {
        if let Some(s) = start {
            if ok && letters >= 3 {
                out.push(s..end);
            }
        }
    };
    let mut chars = orig.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joiner = matches!(c, '\'' | '\u{2019}' | '-')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joiner {
            if start.is_none() {
                start = Some(i);
                letters = 0;
                ok = true;
            }
            if c.is_alphabetic() {
                letters += 1;
                ok &= c.is_uppercase();
            } else if c.is_numeric() {
                ok = false;
            }
            end = i + c.len_utf8();
        } else {
            finish(start.take(), end, letters, ok);
        }
    }
    finish(start, end, letters, ok);
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
