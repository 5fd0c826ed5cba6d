//! One automaton for every phrase of every pack.
//!
//! All phrases (rule phrases and every word list that conditions and Rust rules
//! read) go into a single Aho-Corasick automaton, built once per run. A draft
//! is scanned once; each match is checked for whole-word boundaries and then
//! fanned out to the targets that own that phrase (a phrase can belong to a rule
//! group and to several lists at once).
//!
//! The search is overlapping (`MatchKind::Standard`), so "you're wrong, calm
//! down" reports both rules' phrases and a list phrase inside a rule phrase
//! is still seen. Choosing among overlapping findings of one rule is the
//! engine's job.

use crate::text::is_word_char;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

/// Index of a compiled `[[match]]` group.
pub type GroupId = u32;
/// Index of a compiled word list (named or anonymous).
pub type ListId = u32;

/// Who owns a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Group(GroupId),
    List(ListId),
}

/// A whole-word occurrence in normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// The group or list id (see [`Hits`]).
    pub id: u32,
    pub start: usize,
    pub end: usize,
}

/// Everything one scan found, split by kind and sorted by `(id, start, end)`.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    pub groups: Vec<Hit>,
    pub lists: Vec<Hit>,
}

impl Hits {
    /// Occurrences of list `id`, sorted by start.
    pub fn of_list(&self, id: ListId) -> &[Hit] {
        let lo = self.lists.partition_point(|h| h.id < id);
        let hi = self.lists.partition_point(|h| h.id <= id);
        &self.lists[lo..hi]
    }

    /// Whether list `id` occurs with its start inside `range`.
    pub fn list_starts_in(&self, id: ListId, range: std::ops::Range<usize>) -> bool {
        self.of_list(id)
            .iter()
            .any(|h| h.start >= range.start && h.start < range.end)
    }

    /// Whether list `id` occurs entirely inside `range`.
    pub fn list_within(&self, id: ListId, range: std::ops::Range<usize>) -> bool {
        self.of_list(id)
            .iter()
            .any(|h| h.start >= range.start && h.end <= range.end)
    }
}

/// Collects phrases and their owners, then builds the automaton.
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    targets: Vec<Vec<Target>>,
}

impl MatcherBuilder {
    /// Registers a folded phrase for `target`.
    pub fn add(&mut self, phrase: &str, target: Target) {
        let idx = match self.index.get(phrase) {
            Some(&i) => i,
            None => {
                let i = self.patterns.len();
                self.patterns.push(phrase.to_string());
                self.index.insert(phrase.to_string(), i);
                self.targets.push(Vec::new());
                i
            }
        };
        if !self.targets[idx].contains(&target) {
            self.targets[idx].push(target);
        }
    }

    /// Number of distinct phrases so far.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether no phrase was added.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Builds the automaton.
    pub fn build(self) -> Result<Matcher, aho_corasick::BuildError> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&self.patterns)?;
        let edges = self
            .patterns
            .iter()
            .map(|p| Edges {
                left: p.chars().next().is_some_and(is_word_char),
                right: p.chars().next_back().is_some_and(is_word_char),
            })
            .collect();
        Ok(Matcher {
            ac,
            targets: self.targets,
            edges,
            patterns: self.patterns,
        })
    }
}

/// Whether a phrase needs a word boundary on each side.
#[derive(Debug, Clone, Copy)]
struct Edges {
    left: bool,
    right: bool,
}

/// The built automaton and the owners of each phrase.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: AhoCorasick,
    targets: Vec<Vec<Target>>,
    edges: Vec<Edges>,
    patterns: Vec<String>,
}

impl Matcher {
    /// Scans normalized text once and returns every whole-word hit.
    pub fn scan(&self, text: &str) -> Hits {
        let mut hits = Hits::default();
        for m in self.ac.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            let edges = self.edges[p];
            if edges.left && !left_boundary(text, m.start()) {
                continue;
            }
            if edges.right && !right_boundary(text, m.end()) {
                continue;
            }
            for t in &self.targets[p] {
                match *t {
                    Target::Group(id) => hits.groups.push(Hit {
                        id,
                        start: m.start(),
                        end: m.end(),
                    }),
                    Target::List(id) => hits.lists.push(Hit {
                        id,
                        start: m.start(),
                        end: m.end(),
                    }),
                }
            }
        }
        hits.groups.sort_unstable();
        hits.lists.sort_unstable();
        hits
    }

    /// Number of distinct phrases in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Heap bytes used by the automaton.
    pub fn memory_usage(&self) -> usize {
        self.ac.memory_usage()
    }
}

/// No word continues across `at` from the left: the previous character is not
/// a word character, nor an apostrophe or hyphen joined to one (`don't`).
fn left_boundary(text: &str, at: usize) -> bool {
    let mut back = text[..at].chars().rev();
    match back.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('\'' | '-') => !back.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// Mirror of [`left_boundary`] for the character after `at`, except that a
/// possessive `'s` ends a word ("the L2 team's queue" holds "l2 team").
fn right_boundary(text: &str, at: usize) -> bool {
    let mut fwd = text[at..].chars();
    match fwd.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('\'') => match fwd.next() {
            Some('s') => !fwd.next().is_some_and(is_word_char),
            Some(c) => !is_word_char(c),
            None => true,
        },
        Some('-') => !fwd.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(phrases: &[&str]) -> Matcher {
        let mut b = MatcherBuilder::default();
        for (i, p) in phrases.iter().enumerate() {
            b.add(p, Target::Group(i as u32));
        }
        b.build().unwrap()
    }

    #[test]
    fn whole_words_only() {
        let m = matcher(&["pal", "we can", "troll"]);
        let h = m.scan("my palette. we can't. a troll-like pal, the troll's");
        let found: Vec<_> = h.groups.iter().map(|h| h.id).collect();
        assert_eq!(found, [0, 2]);
    }

    #[test]
    fn overlapping_phrases_all_reported() {
        let m = matcher(&["you're wrong", "wrong", "calm down"]);
        let h = m.scan("you're wrong, calm down");
        assert_eq!(h.groups.len(), 3);
    }

    #[test]
    fn punctuation_phrases_need_no_boundary() {
        let m = matcher(&["seriously?", "!!"]);
        let h = m.scan("seriously?! wow!!!");
        assert_eq!(h.groups.iter().filter(|h| h.id == 0).count(), 1);
        assert!(h.groups.iter().any(|h| h.id == 1));
    }
}
