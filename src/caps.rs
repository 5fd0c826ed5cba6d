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
use crate::text::bytes::first_capital_or_non_ascii;
use std::ops::Range;

pub use crate::text::dictionary::is_english_word;

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
///
/// A word is a run of letters and digits, joined across `'`, `’` and `-`
/// when a letter or digit follows. Only words holding a capital can count,
/// so the scan jumps from capital to capital (plain ASCII bytes are skipped
/// one comparison each) and looks at the word around each.
fn capital_words(orig: &str) -> Vec<Range<usize>> {
    let b = orig.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        i += first_capital_or_non_ascii(&b[i..]);
        if i == b.len() {
            break;
        }
        // The usual capital starts a capitalized word ("We", "Sorry"): a
        // small letter next means no word here is all capitals. (Stopping
        // again later in the same word, "McDONALD", finds the same small
        // letter and skips it just the same.)
        if b[i].is_ascii_uppercase() && b.get(i + 1).is_some_and(u8::is_ascii_lowercase) {
            i += 2;
            continue;
        }
        let (c, len) = if b[i] < 0x80 {
            (b[i] as char, 1)
        } else {
            let c = orig[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        if !c.is_uppercase() {
            i += len;
            continue;
        }
        let word = word_start(orig, i)..word_end(orig, i);
        let mut letters = 0usize;
        let mut ok = true;
        for c in orig[word.clone()].chars() {
            if c.is_alphabetic() {
                letters += 1;
                ok &= c.is_uppercase();
            } else if c.is_numeric() {
                ok = false;
            }
        }
        if ok && letters >= 3 {
            out.push(word.clone());
        }
        i = word.end;
    }
    out
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-')
}

/// Start of the word holding the letter or digit at `at`.
fn word_start(s: &str, at: usize) -> usize {
    let mut start = at;
    let mut back = s[..at].char_indices().rev().peekable();
    while let Some((k, c)) = back.next() {
        if c.is_alphanumeric() {
            start = k;
        } else if is_joiner(c) && back.peek().is_some_and(|&(_, p)| p.is_alphanumeric()) {
            continue;
        } else {
            break;
        }
    }
    start
}

/// End of the word holding the letter or digit at `at`.
fn word_end(s: &str, at: usize) -> usize {
    let mut end = at;
    let mut fwd = s[at..].char_indices().peekable();
    while let Some((k, c)) = fwd.next() {
        if c.is_alphanumeric() {
            end = at + k + c.len_utf8();
        } else if is_joiner(c) && fwd.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
            continue;
        } else {
            break;
        }
    }
    end
}

/// Cheap pre-check: three upper-case letters in a row.
fn has_caps_run(s: &str) -> bool {
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        if run == 0 {
            i += first_capital_or_non_ascii(&b[i..]);
            if i == b.len() {
                break;
            }
        }
        let (upper, len) = if b[i] < 0x80 {
            (b[i].is_ascii_uppercase(), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_uppercase(), c.len_utf8())
        };
        if upper {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
        i += len;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition of a capital word, one character at a time: the
    /// oracle for the faster [`capital_words`].
    fn capital_words_by_definition(orig: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let (mut start, mut letters, mut ok, mut end) = (None, 0, true, 0);
        let mut chars = orig.char_indices().peekable();
        loop {
            let next = chars.next();
            let joined = next.is_some_and(|(_, c)| {
                is_joiner(c)
                    && start.is_some()
                    && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
            });
            match next {
                Some((i, c)) if c.is_alphanumeric() || joined => {
                    if start.is_none() {
                        (start, letters, ok) = (Some(i), 0, true);
                    }
                    if c.is_alphabetic() {
                        letters += 1;
                        ok &= c.is_uppercase();
                    } else if c.is_numeric() {
                        ok = false;
                    }
                    end = i + c.len_utf8();
                }
                _ => {
                    if let Some(s) = start.take() {
                        if ok && letters >= 3 {
                            out.push(s..end);
                        }
                    }
                    if next.is_none() {
                        return out;
                    }
                }
            }
        }
    }

    #[test]
    fn capital_words_match_their_definition() {
        let alphabet: Vec<char> = "AbCDeE1 -'\u{2019}.ÉéßΣ!".chars().collect();
        let mut rng = crate::testing::Lcg::new(11);
        for _ in 0..5000 {
            let len = rng.below(24);
            let text: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            assert_eq!(
                capital_words(&text),
                capital_words_by_definition(&text),
                "{text:?}"
            );
        }
        for (t, run) in [
            ("abCDEf", true),
            ("AB-CD", false),
            ("ÉÉÉ", true),
            ("aÉbÉÉ", false),
            ("x ABc", false),
            ("", false),
        ] {
            assert_eq!(has_caps_run(t), run, "{t:?}");
        }
        // "FAQ's" has a small letter; "e-MAIL" is one word.
        assert_eq!(
            capital_words("PLEASE READ the FAQ's e-MAIL DON'T"),
            [0..6, 7..11, 29..34]
        );
    }
}
