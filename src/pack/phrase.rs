//! The phrase pattern language of lint packs.
//!
//! A phrase is plain text matched as whole words, case-insensitively and through
//! typography (see [`crate::text::normalize`]). Two small additions let one line
//! cover a family of wordings without a regex engine:
//!
//! * `(a|b|c)` is an alternation; `(a|)` makes a part optional. Groups nest.
//!   `you('re| are) (wrong|mistaken)` expands to four phrases.
//! * Spelling variants from the `[variants]` table of `lints/_shared.toml` are
//!   added automatically: a phrase written with `you are` also matches `you're`,
//!   `youre` and `ur`, one written with `can't` also matches `cannot` and `cant`.
//!
//! `\(`, `\)`, `\|` and `\\` are literal characters. Expansion is capped at
//! [`MAX_EXPANSIONS`] phrases per pattern so a typo cannot blow up the automaton.

use crate::text::{MASK, Normalized};
use std::collections::HashMap;

/// Upper bound on the literal phrases one pattern may expand to.
pub const MAX_EXPANSIONS: usize = 4096;

/// Why a pattern could not be expanded. Messages are lower case, no period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhraseError {
    #[error("unbalanced parenthesis in phrase")]
    Unbalanced,
    #[error("phrase expands to more than {MAX_EXPANSIONS} alternatives")]
    TooMany,
    #[error("phrase is empty")]
    Empty,
    #[error("phrase contains a URL, mention, placeholder or code span, which are never matched")]
    Masked,
    #[error("phrase `{0}` has no letter or digit to match")]
    NoWord(String),
}

/// Sets of interchangeable spellings (`you are` / `you're` / `youre`).
#[derive(Debug, Default, Clone)]
pub struct Variants {
    sets: Vec<Vec<Vec<String>>>,
    index: HashMap<Vec<String>, usize>,
}

impl Variants {
    /// Builds the table from sets of spellings, each spelling one or more words.
    pub fn new(sets: &[Vec<String>]) -> Self {
        let mut v = Variants::default();
        for set in sets {
            let forms: Vec<Vec<String>> = set
                .iter()
                .map(|f| f.split_whitespace().map(fold).collect())
                .filter(|f: &Vec<String>| !f.is_empty())
                .collect();
            let id = v.sets.len();
            for f in &forms {
                v.index.insert(f.clone(), id);
            }
            v.sets.push(forms);
        }
        v
    }

    /// All spellings of `phrase` (already folded, single-spaced).
    fn spell_all(&self, phrase: &str) -> Vec<String> {
        if self.sets.is_empty() {
            return vec![phrase.to_string()];
        }
        let tokens: Vec<&str> = phrase.split(' ').collect();
        // Each position becomes a list of alternative token sequences.
        let mut parts: Vec<Vec<String>> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut matched = false;
            for width in [2usize, 1] {
                if i + width > tokens.len() {
                    continue;
                }
                let (cores, suffix) = split_suffix(&tokens[i..i + width]);
                if let Some(&set) = self.index.get(&cores) {
                    parts.push(
                        self.sets[set]
                            .iter()
                            .map(|f| format!("{}{}", f.join(" "), suffix))
                            .collect(),
                    );
                    i += width;
                    matched = true;
                    break;
                }
            }
            if !matched {
                parts.push(vec![tokens[i].to_string()]);
                i += 1;
            }
        }
        let mut out = vec![String::new()];
        for alts in parts {
            let mut next = Vec::with_capacity(out.len() * alts.len());
            for prefix in &out {
                for a in &alts {
                    let mut s = prefix.clone();
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push_str(a);
                    next.push(s);
                }
                if next.len() > MAX_EXPANSIONS {
                    break;
                }
            }
            out = next;
        }
        out
    }
}

/// Splits trailing punctuation off the last token: `["doesn't,"]` becomes
/// (`["doesn't"]`, `","`).
fn split_suffix(tokens: &[&str]) -> (Vec<String>, String) {
    let mut cores: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
    let mut suffix = String::new();
    if let Some(last) = cores.last_mut() {
        let trimmed = last.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '\'');
        suffix = last[trimmed.len()..].to_string();
        last.truncate(trimmed.len());
    }
    (cores, suffix)
}

/// Folds a literal phrase the way drafts are folded, single-spaced and trimmed.
pub fn fold(literal: &str) -> String {
    Normalized::new(literal).text.replace('\n', " ")
}

/// Expands `pattern` into folded literal phrases, deduplicated, in order.
pub fn expand(pattern: &str, variants: &Variants) -> Result<Vec<String>, PhraseError> {
    let chars: Vec<char> = pattern.chars().collect();
    let (alts, end) = parse_alternatives(&chars, 0)?;
    if end != chars.len() {
        return Err(PhraseError::Unbalanced);
    }
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for alt in alts {
        let folded = fold(&alt);
        if folded.is_empty() {
            continue;
        }
        if folded.as_bytes().contains(&MASK) {
            return Err(PhraseError::Masked);
        }
        if !folded.chars().any(|c| c.is_alphanumeric()) && folded.chars().count() < 2 {
            return Err(PhraseError::NoWord(folded));
        }
        for spelled in variants.spell_all(&folded) {
            if seen.insert(spelled.clone()) {
                out.push(spelled);
                if out.len() > MAX_EXPANSIONS {
                    return Err(PhraseError::TooMany);
                }
            }
        }
    }
    if out.is_empty() {
        return Err(PhraseError::Empty);
    }
    Ok(out)
}

/// Parses `a|b|c` up to a closing `)` or the end; returns the alternatives and
/// the index where parsing stopped.
fn parse_alternatives(s: &[char], mut i: usize) -> Result<(Vec<String>, usize), PhraseError> {
    let mut alts = Vec::new();
    loop {
        let (seq, j) = parse_sequence(s, i)?;
        alts.extend(seq);
        if alts.len() > MAX_EXPANSIONS {
            return Err(PhraseError::TooMany);
        }
        if j < s.len() && s[j] == '|' {
            i = j + 1;
        } else {
            return Ok((alts, j));
        }
    }
}

/// Parses literals and groups up to `|`, `)` or the end; returns the product.
fn parse_sequence(s: &[char], mut i: usize) -> Result<(Vec<String>, usize), PhraseError> {
    let mut acc = vec![String::new()];
    while i < s.len() {
        match s[i] {
            '|' | ')' => break,
            '(' => {
                let (alts, j) = parse_alternatives(s, i + 1)?;
                if j >= s.len() || s[j] != ')' {
                    return Err(PhraseError::Unbalanced);
                }
                let mut next = Vec::with_capacity(acc.len() * alts.len().max(1));
                for prefix in &acc {
                    for a in &alts {
                        next.push(format!("{prefix}{a}"));
                    }
                }
                if next.len() > MAX_EXPANSIONS {
                    return Err(PhraseError::TooMany);
                }
                acc = next;
                i = j + 1;
            }
            '\\' if i + 1 < s.len() => {
                acc.iter_mut().for_each(|p| p.push(s[i + 1]));
                i += 2;
            }
            c => {
                acc.iter_mut().for_each(|p| p.push(c));
                i += 1;
            }
        }
    }
    Ok((acc, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants() -> Variants {
        Variants::new(&[
            vec!["you are".into(), "you're".into(), "youre".into()],
            vec!["doesn't".into(), "does not".into()],
        ])
    }

    #[test]
    fn alternations_and_optional_parts() {
        let got = expand("you('re| are) (really |)wrong", &Variants::default()).unwrap();
        assert_eq!(
            got,
            [
                "you're really wrong",
                "you're wrong",
                "you are really wrong",
                "you are wrong"
            ]
        );
    }

    #[test]
    fn variants_are_added_and_deduplicated() {
        let got = expand("You’re wrong", &variants()).unwrap();
        assert_eq!(got, ["you are wrong", "you're wrong", "youre wrong"]);
        let got = expand("no, it doesn't.", &variants()).unwrap();
        assert_eq!(got, ["no, it doesn't.", "no, it does not."]);
    }

    #[test]
    fn errors() {
        assert_eq!(
            expand("(a|b", &Variants::default()),
            Err(PhraseError::Unbalanced)
        );
        assert_eq!(
            expand("a)b", &Variants::default()),
            Err(PhraseError::Unbalanced)
        );
        assert_eq!(expand("  ", &Variants::default()), Err(PhraseError::Empty));
        assert_eq!(
            expand("see https://x.io", &Variants::default()),
            Err(PhraseError::Masked)
        );
        let big = "(a|b|c|d|e|f|g|h)".repeat(5);
        assert_eq!(
            expand(&big, &Variants::default()),
            Err(PhraseError::TooMany)
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(expand(r"a \(b\)", &Variants::default()).unwrap(), ["a (b)"]);
    }
}
