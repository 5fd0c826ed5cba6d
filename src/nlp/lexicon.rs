//! Large word lists that live as data files with their licenses
//! (`lints/lexicon/`), embedded in the binary and searched in place.
//!
//! Each file is sorted by key; `build.rs` checks the order and writes where
//! every entry's key starts and ends and where its line ends, so a lookup is
//! a binary search over the embedded text that compares slices: no parsing,
//! no scanning for tabs and line ends, no allocation, no start-up cost.
//!
//! * `pos-lexicon.tsv`: the most frequent part of speech of 26,870 words
//!   (the base of harper's Brill tagger, Apache-2.0), read by [`super::tagger`].
//! * `sentiment.tsv`: VADER's valence of 7,506 words and emoticons (MIT),
//!   -4 (most negative) to +4.
//! * `profanity.txt`: 424 profane and obscene words (the npm package
//!   bad-words, MIT).

/// A sorted lexicon embedded as text, with each entry's `[key start, key
/// end, line end]` byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct SortedLexicon {
    text: &'static str,
    starts: &'static [[u32; 3]],
}

impl SortedLexicon {
    /// The value of `key` (the text after the tab; empty for a plain word
    /// list), if `key` is an entry.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        let key = key.as_bytes();
        let (mut lo, mut hi) = (0usize, self.starts.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (k, v) = self.entry(mid);
            match k.as_bytes().cmp(key) {
                std::cmp::Ordering::Equal => return Some(v),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// Whether `key` is an entry.
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Entry `i`: its key and value.
    pub fn entry(&self, i: usize) -> (&'static str, &'static str) {
        let [start, key_end, end] = self.starts[i].map(|n| n as usize);
        let key = &self.text[start..key_end];
        // The value follows the tab; a plain word list has none.
        let value = self.text.get(key_end + 1..end).unwrap_or("");
        (key, value)
    }
}

/// The part-of-speech lexicon (word -> UPOS tag name).
pub static POS: SortedLexicon = SortedLexicon {
    text: include_str!("../../lints/lexicon/pos-lexicon.tsv"),
    starts: include!(concat!(env!("OUT_DIR"), "/pos_lexicon_index.rs")),
};

/// VADER's valence lexicon (word -> valence).
pub static SENTIMENT: SortedLexicon = SortedLexicon {
    text: include_str!("../../lints/lexicon/sentiment.tsv"),
    starts: include!(concat!(env!("OUT_DIR"), "/sentiment_index.rs")),
};

/// Profane words.
pub static PROFANITY: SortedLexicon = SortedLexicon {
    text: include_str!("../../lints/lexicon/profanity.txt"),
    starts: include!(concat!(env!("OUT_DIR"), "/profanity_index.rs")),
};

/// The valence of `word` (lower case), 0 when it carries none.
pub fn valence(word: &str) -> f32 {
    SENTIMENT
        .get(word)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

/// Whether `word` (lower case) is profane.
pub fn is_profane(word: &str) -> bool {
    PROFANITY.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_found_again() {
        for lex in [&POS, &SENTIMENT, &PROFANITY] {
            for i in 0..lex.len() {
                let (k, v) = lex.entry(i);
                assert_eq!(lex.get(k), Some(v), "{k}");
            }
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(POS.get("camels"), Some("NOUN"));
        assert_eq!(POS.get("zzzzqq"), None);
        assert!(valence("ridiculous") < -1.0);
        assert!(valence("great") > 1.0);
        assert_eq!(valence("table"), 0.0);
        assert!(is_profane("bastard"));
        assert!(!is_profane("basket"));
    }
}
