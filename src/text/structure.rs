//! Sentences, clauses, words and quotations of a normalized draft.
//!
//! Everything here works on [`Normalized::text`](super::Normalized), which is
//! lower-case, uses plain `'` and `"`, and has single spaces. That keeps the
//! scanners small: a sentence ends at `.`, `!`, `?` followed by a space or the
//! end, or at a paragraph break; a clause ends at `,`, `;`, `:`, a bracket or a
//! spaced dash. Word boundaries follow [`is_word_char`], with apostrophes inside
//! a word (`don't`) kept in the word.
//!
//! Sentences are computed once per draft (a single pass). Clauses and word
//! neighbourhoods are computed on demand around a match, so a draft without
//! matches costs nothing here.

use super::normalize::{MASK, is_word_char};
use std::ops::Range;

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "vs", "etc", "eg", "e.g", "i.e", "ie", "approx", "no", "inc",
    "ltd", "co", "jr", "sr", "prof", "dept", "est", "min", "max", "fig", "ref", "ca", "u.s",
];

/// Splits normalized text into sentence ranges (trimmed, never empty).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    // Room for sentences of usual length (~60 bytes), so it rarely grows.
    let mut out = Vec::with_capacity(b.len() / 48 + 2);
    let mut start = 0usize;
    let mut i = 0usize;
    // The next line feed and the next `.`, `!` or `?` at or after `i`, found
    // with memchr: a sentence is a few dozen bytes of nothing to look at.
    let find_break = |from: usize| memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |p| from + p);
    let find_end =
        |from: usize| memchr::memchr3(b'.', b'!', b'?', &b[from..]).map_or(b.len(), |p| from + p);
    let (mut next_break, mut next_end) = (find_break(0), find_end(0));
    loop {
        if next_break < i {
            next_break = find_break(i);
        }
        if next_end < i {
            next_end = find_end(i);
        }
        i = next_break.min(next_end);
        if i >= b.len() {
            break;
        }
        if b[i] == b'\n' {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
            i += 1;
            continue;
        }
        let mut k = i;
        while k < b.len() && matches!(b[k], b'.' | b'!' | b'?') {
            k += 1;
        }
        while k < b.len() && matches!(b[k], b'"' | b'\'' | b')' | b']') {
            k += 1;
        }
        let at_break = k == b.len() || matches!(b[k], b' ' | b'\n' | MASK);
        let single_period = b[i] == b'.' && k == i + 1;
        if at_break && !(single_period && is_abbreviation(text, i)) {
            push_trimmed(text, start..k, &mut out);
            start = k;
        }
        i = k;
    }
    push_trimmed(text, start..b.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if r.start + lead < r.end - trail {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Whether the word ending at `dot` is an abbreviation or a single letter.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| !(is_word_char(c) || c == '.'))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    word.chars().count() == 1 && word.chars().all(char::is_alphabetic)
        || ABBREVIATIONS.contains(&word)
}

/// The sentence (from `sentences`) containing `pos`, or an empty range at `pos`.
pub fn sentence_at(sentences: &[Range<usize>], pos: usize) -> Range<usize> {
    let idx = sentences.partition_point(|s| s.end <= pos);
    match sentences.get(idx) {
        Some(s) if s.start <= pos => s.clone(),
        _ => pos..pos,
    }
}

/// The clause around `span` inside `sentence`: bounded by `,` `;` `:` brackets,
/// a spaced dash, or the sentence edges.
pub fn clause_around(text: &str, sentence: Range<usize>, span: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let is_delim = |i: usize| -> bool {
        match b[i] {
            b',' | b';' | b':' | b'(' | b')' => true,
            b'-' => i > 0 && b[i - 1] == b' ' && i + 1 < b.len() && b[i + 1] == b' ',
            _ => false,
        }
    };
    let mut start = span.start.max(sentence.start);
    while start > sentence.start && !is_delim(start - 1) {
        start -= 1;
    }
    let mut end = span.end.min(sentence.end);
    while end < sentence.end && !is_delim(end) {
        end += 1;
    }
    start..end
}

/// The positions of the clause delimiters of `text` (see [`clause_around`]),
/// sorted: found once per draft with vectorized byte searches, so that each
/// of the many clause lookups of a draft is a binary search
/// ([`clause_in`]) instead of a walk to the clause's edges.
pub fn clause_delimiters(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out: Vec<usize> = memchr::memchr3_iter(b',', b';', b':', b).collect();
    out.extend(
        memchr::memchr3_iter(b'(', b')', b'-', b).filter(|&i| {
            b[i] != b'-' || (i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' '))
        }),
    );
    out.sort_unstable();
    out
}

/// [`clause_around`] from the delimiters [`clause_delimiters`] found.
pub fn clause_in(delimiters: &[usize], sentence: Range<usize>, span: Range<usize>) -> Range<usize> {
    let from = span.start.max(sentence.start);
    let before = delimiters.partition_point(|&d| d < from);
    let start = match before.checked_sub(1).map(|k| delimiters[k]) {
        Some(d) if d >= sentence.start => d + 1,
        _ => sentence.start,
    };
    let to = span.end.min(sentence.end);
    let after = delimiters.partition_point(|&d| d < to);
    let end = match delimiters.get(after) {
        Some(&d) if d < sentence.end => d,
        _ => sentence.end,
    };
    start..end
}

/// The words of `text[range]` as normalized byte ranges, masks excluded.
///
/// A word is a run of word characters, with `'` or `-` kept when a word
/// character follows it (`don't`, `follow-up`).
pub fn words_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    words(text, range).collect()
}

/// The words of `text[range]`, one at a time (see [`words_in`]).
pub fn words(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = range.start;
    let end = range.end;
    let mut chars = text[range].char_indices().peekable();
    std::iter::from_fn(move || {
        let mut current: Option<usize> = None;
        loop {
            let Some((i, c)) = chars.next() else {
                return current.map(|s| base + s..end);
            };
            let joiner = (c == '\'' || c == '-')
                && current.is_some()
                && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
            if is_word_char(c) || joiner {
                current.get_or_insert(i);
            } else if let Some(s) = current {
                return Some(base + s..base + i);
            }
        }
    })
}

/// The `n` words before `pos` inside `limit`, nearest first.
///
/// The same words as the last `n` of [`words_in`] over `limit.start..pos`,
/// found by reading backwards from `pos` (conditions look a few words back
/// from a match; reading the whole clause forwards was a tenth of a run). A
/// joiner belongs to a word exactly when word characters stand on both
/// sides of it, so the words read the same in both directions.
pub fn words_before(text: &str, limit: Range<usize>, pos: usize, n: usize) -> Vec<Range<usize>> {
    words_back(text, limit, pos).take(n).collect()
}

/// The words before `pos` inside `limit`, nearest first, one at a time (see
/// [`words_before`]).
pub fn words_back(
    text: &str,
    limit: Range<usize>,
    pos: usize,
) -> impl Iterator<Item = Range<usize>> + '_ {
    let start = limit.start.min(pos);
    let end = pos.min(limit.end).max(start);
    let mut chars = text[start..end].char_indices().rev().peekable();
    // Whether the character after the current one (within the slice) is a
    // word character.
    let mut next_is_word = false;
    std::iter::from_fn(move || {
        let mut word_end: Option<usize> = None;
        loop {
            let Some((i, c)) = chars.next() else {
                return word_end.map(|e| start..start + e);
            };
            let prev_is_word = chars.peek().is_some_and(|&(_, p)| is_word_char(p));
            let joined = (c == '\'' || c == '-') && prev_is_word && next_is_word;
            let in_word = is_word_char(c) || joined;
            next_is_word = is_word_char(c);
            match (in_word, word_end) {
                (true, None) => word_end = Some(i + c.len_utf8()),
                (false, Some(e)) => return Some(start + i + c.len_utf8()..start + e),
                _ => {}
            }
        }
    })
}

/// The `n` words after `pos` inside `limit`, nearest first.
pub fn words_after(text: &str, limit: Range<usize>, pos: usize, n: usize) -> Vec<Range<usize>> {
    words_on(text, limit, pos).take(n).collect()
}

/// The words after `pos` inside `limit`, nearest first, one at a time.
pub fn words_on(
    text: &str,
    limit: Range<usize>,
    pos: usize,
) -> impl Iterator<Item = Range<usize>> + '_ {
    let end = limit.end.max(pos);
    words(text, pos.max(limit.start).min(end)..end)
}

/// The first non-space character before `pos` within `limit`, skipping masks.
pub fn char_before(text: &str, limit_start: usize, pos: usize) -> Option<char> {
    text[limit_start.min(pos)..pos]
        .chars()
        .rev()
        .find(|&c| c != ' ' && c != MASK as char)
}

/// The first non-space character after `pos` within `limit_end`, skipping masks
/// and emoji-like symbols.
pub fn char_after(text: &str, pos: usize, limit_end: usize) -> Option<char> {
    text[pos..limit_end.max(pos)]
        .chars()
        .find(|&c| c != ' ' && c != MASK as char && !is_symbol(c))
}

/// Emoji and other pictographs: they decorate a sentence without ending it.
pub fn is_symbol(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && !matches!(c, '\'' | '"')
}

/// Quoted stretches of normalized text: `"..."` pairs and `'...'` pairs whose
/// quotes are not apostrophes inside words. Ranges cover the quote marks.
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut open_double: Option<usize> = None;
    let mut open_single: Option<usize> = None;
    let word_at = |i: usize| -> bool { text[i..].chars().next().is_some_and(is_word_char) };
    let word_before =
        |i: usize| -> bool { text[..i].chars().next_back().is_some_and(is_word_char) };
    // Only line feeds and quote marks matter: jump from one to the next.
    for i in memchr::memchr3_iter(b'\n', b'"', b'\'', b) {
        match b[i] {
            b'\n' => {
                open_double = None;
                open_single = None;
            }
            b'"' => match open_double.take() {
                Some(s) if i - s <= 400 => spans.push(s..i + 1),
                Some(_) => open_double = Some(i),
                None => open_double = Some(i),
            },
            b'\'' => {
                let before_word = i > 0 && word_before(i);
                let after_word = i + 1 < b.len() && word_at(i + 1);
                if before_word && after_word {
                    continue; // an apostrophe: don't, we're
                }
                if !before_word && after_word && open_single.is_none() {
                    open_single = Some(i);
                } else if let Some(s) = open_single {
                    if !after_word && i > s + 1 {
                        if i - s <= 200 {
                            spans.push(s..i + 1);
                        }
                        open_single = None;
                    }
                }
            }
            _ => {}
        }
    }
    spans.sort_by_key(|r| r.start);
    spans
}

#[cfg(test)]
mod tests {

    #[test]
    fn clause_lookup_matches_the_walk() {
        let alphabet = ["a", "b", " ", ",", ";", ":", "(", ")", "-", " - ", ".", "é"];
        let mut rng = crate::testing::Lcg::new(13);
        for _ in 0..5000 {
            let t = rng.text(&alphabet, 24);
            let delims = clause_delimiters(&t);
            let cuts: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            let mut pick = || cuts[rng.below(cuts.len())];
            let (a, b, c, d) = (pick(), pick(), pick(), pick());
            let mut p = [a, b, c, d];
            p.sort_unstable();
            // A sentence around a span, and a span reaching out of it.
            for (sentence, span) in [(p[0]..p[3], p[1]..p[2]), (p[1]..p[2], p[0]..p[3])] {
                assert_eq!(
                    clause_in(&delims, sentence.clone(), span.clone()),
                    clause_around(&t, sentence.clone(), span.clone()),
                    "{t:?} {sentence:?} {span:?}"
                );
            }
        }
    }

    use super::*;

    fn texts<'a>(t: &'a str, r: &[Range<usize>]) -> Vec<&'a str> {
        r.iter().map(|r| &t[r.clone()]).collect()
    }

    /// Reading backwards and stopping early give the words a forward
    /// read of the whole range gives, on random text full of joiners.
    #[test]
    fn words_before_and_after_agree_with_words_in() {
        let alphabet: Vec<char> = "ab'- .é-x'\u{1a}".chars().collect();
        let mut rng = crate::testing::Lcg::new(3);
        let mut rand = |m: usize| rng.below(m);
        for _ in 0..5000 {
            let len = rand(20);
            let t: String = (0..len).map(|_| alphabet[rand(alphabet.len())]).collect();
            let cuts: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            let (a, b) = (cuts[rand(cuts.len())], cuts[rand(cuts.len())]);
            let (lo, hi) = (a.min(b), a.max(b));
            let n = rand(4);
            let all = words_in(&t, lo..hi);
            let want_before: Vec<_> = all.iter().rev().take(n).cloned().collect();
            assert_eq!(
                words_before(&t, lo..t.len(), hi, n),
                want_before,
                "{t:?} {lo}..{hi}"
            );
            let want_after: Vec<_> = all.iter().take(n).cloned().collect();
            assert_eq!(
                words_after(&t, 0..hi, lo, n),
                want_after,
                "{t:?} {lo}..{hi}"
            );
        }
    }

    #[test]
    fn splits_sentences() {
        let t = "sorry about that! it's fixed now. mr. smith will call. thanks?! bye\nnew para";
        assert_eq!(
            texts(t, &sentences(t)),
            [
                "sorry about that!",
                "it's fixed now.",
                "mr. smith will call.",
                "thanks?!",
                "bye",
                "new para"
            ]
        );
    }

    #[test]
    fn decimals_do_not_split() {
        let t = "version 8.1.1 restores it. ok";
        assert_eq!(
            texts(t, &sentences(t)),
            ["version 8.1.1 restores it.", "ok"]
        );
    }

    #[test]
    fn clauses() {
        let t = "sorry to hear that, but you're wrong that it was left outside.";
        let s = 0..t.len();
        let at = t.find("wrong").unwrap();
        let c = clause_around(t, s, at..at + 5);
        assert_eq!(&t[c], " but you're wrong that it was left outside.");
    }

    #[test]
    fn words_keep_apostrophes() {
        let t = "we don't - can't, follow-up";
        assert_eq!(
            texts(t, &words_in(t, 0..t.len())),
            ["we", "don't", "can't", "follow-up"]
        );
    }

    #[test]
    fn quotes_vs_apostrophes() {
        let t = "we'll get to your 'urgent' request. you said \"it's broken\" and the customers' orders";
        assert_eq!(texts(t, &quoted_spans(t)), ["'urgent'", "\"it's broken\""]);
    }
}
