//! The embedded English dictionary (the SCOWL list in
//! `lints/english-words.txt`): telling a shouted word from an initialism,
//! splitting a hashtag into words, checking a lemma candidate.

/// The embedded dictionary: sorted, one lower-case word per line.
static ENGLISH_WORDS: &str = include_str!("../../lints/english-words.txt");

/// Where each two-letter start of [`ENGLISH_WORDS`] begins (see
/// `write_dictionary_index` in build.rs): key `27 * first + second`.
static ENGLISH_INDEX: [usize; 27 * 26 + 1] =
    include!(concat!(env!("OUT_DIR"), "/english_index.rs"));

/// Whether `word` (lower case) is in the embedded English dictionary.
///
/// The index built at compile time narrows the search to the words with the
/// same first two letters; a binary search over those lines follows. No
/// start-up cost, no allocation.
pub fn is_english_word(word: &str) -> bool {
    let w = word.as_bytes();
    if w.is_empty() || !w.iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let key = 27 * usize::from(w[0] - b'a') + w.get(1).map_or(0, |&c| 1 + usize::from(c - b'a'));
    let text = &ENGLISH_WORDS.as_bytes()[ENGLISH_INDEX[key]..ENGLISH_INDEX[key + 1]];
    let (mut lo, mut hi) = (0usize, text.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        // Lines are short: a plain scan beats a vectorized search here.
        let start = text[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = text[mid..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| mid + p);
        match text[start..end].cmp(w) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
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
        assert!(!is_english_word("don't"));
        // Every word of the dictionary is found, and a letter more or less
        // is not taken for it.
        for w in ENGLISH_WORDS.lines() {
            assert!(is_english_word(w), "{w}");
        }
        assert!(!is_english_word("zz") && !is_english_word("b"));
    }
}
