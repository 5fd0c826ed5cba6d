//! One automaton for every phrase of every pack.
//!
//! Every phrase (rule phrases and every word list that conditions and Rust
//! rules read) is compiled to a slot [`Program`]; the anchors of all programs
//! go into a single Aho-Corasick automaton, built once per run. A draft is
//! scanned once; each anchor hit is checked for a word boundary on the left,
//! the program's remaining slots are verified right after it, the right word
//! boundary is checked, and the hit is fanned out to the targets that own that
//! phrase (a phrase can belong to a rule group and to several lists at once).
//!
//! The search is overlapping (`MatchKind::Standard`), so "you're wrong, calm
//! down" reports both rules' phrases and a list phrase inside a rule phrase
//! is still seen. Choosing among overlapping findings of one rule is the
//! engine's job.

use crate::pack::phrase::Program;
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

/// A program and the targets that own it.
#[derive(Debug, Clone)]
struct Owned {
    program: Program,
    targets: Vec<Target>,
}

/// An anchor's programs: which program, and the anchor's trailing-space flag.
#[derive(Debug, Clone, Copy)]
struct AnchorEntry {
    program: u32,
    trail: bool,
}

/// Collects programs and their owners, then builds the automaton.
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    programs: Vec<Owned>,
    /// The pattern source of each program, to share programs between owners.
    by_source: HashMap<String, u32>,
}

impl MatcherBuilder {
    /// Registers a compiled phrase (written as `source`) for `target`.
    pub fn add(&mut self, source: &str, program: Program, target: Target) {
        let id = match self.by_source.get(source) {
            Some(&id) => id,
            None => {
                let id = self.programs.len() as u32;
                self.programs.push(Owned {
                    program,
                    targets: Vec::new(),
                });
                self.by_source.insert(source.to_string(), id);
                id
            }
        };
        let t = &mut self.programs[id as usize].targets;
        if !t.contains(&target) {
            t.push(target);
        }
    }

    /// Number of distinct programs so far.
    pub fn len(&self) -> usize {
        self.programs.len()
    }

    /// Whether no phrase was added.
    pub fn is_empty(&self) -> bool {
        self.programs.is_empty()
    }

    /// Builds the automaton over every program's anchors.
    pub fn build(self) -> Result<Matcher, aho_corasick::BuildError> {
        let mut anchors: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut entries: Vec<Vec<AnchorEntry>> = Vec::new();
        for (pid, owned) in self.programs.iter().enumerate() {
            for a in owned.program.anchors() {
                let i = *index.entry(a.text.clone()).or_insert_with(|| {
                    anchors.push(a.text.clone());
                    entries.push(Vec::new());
                    anchors.len() - 1
                });
                entries[i].push(AnchorEntry {
                    program: pid as u32,
                    trail: a.trail,
                });
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&anchors)?;
        let left = anchors.iter().map(|a| Program::starts_with_word(a)).collect();
        Ok(Matcher {
            ac,
            entries,
            left,
            programs: self.programs,
        })
    }
}

/// The built automaton, the programs, and their owners.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: AhoCorasick,
    /// Per anchor: the programs that start with it.
    entries: Vec<Vec<AnchorEntry>>,
    /// Per anchor: whether it needs a word boundary on the left.
    left: Vec<bool>,
    programs: Vec<Owned>,
}

impl Matcher {
    /// Scans normalized text once and returns every whole-word hit.
    pub fn scan(&self, text: &str) -> Hits {
        let mut hits = Hits::default();
        let bytes = text.as_bytes();
        for m in self.ac.find_overlapping_iter(text) {
            let a = m.pattern().as_usize();
            if self.left[a] && !left_boundary(text, m.start()) {
                continue;
            }
            for e in &self.entries[a] {
                let owned = &self.programs[e.program as usize];
                let end = if owned.program.has_rest() {
                    match owned.program.match_at(bytes, m.end(), e.trail) {
                        Some(end) => end,
                        None => continue,
                    }
                } else {
                    m.end()
                };
                let last_is_word = text[..end].chars().next_back().is_some_and(is_word_char);
                if last_is_word && !right_boundary(text, end) {
                    continue;
                }
                for t in &owned.targets {
                    match *t {
                        Target::Group(id) => hits.groups.push(Hit { id, start: m.start(), end }),
                        Target::List(id) => hits.lists.push(Hit { id, start: m.start(), end }),
                    }
                }
            }
        }
        hits.groups.sort_unstable();
        hits.groups.dedup();
        hits.lists.sort_unstable();
        hits.lists.dedup();
        hits
    }

    /// Number of anchors in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.entries.len()
    }

    /// Number of compiled phrases.
    pub fn program_count(&self) -> usize {
        self.programs.len()
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
    use crate::pack::phrase::{Variants, compile};

    fn matcher(phrases: &[&str]) -> Matcher {
        let mut b = MatcherBuilder::default();
        for (i, p) in phrases.iter().enumerate() {
            b.add(p, compile(p, &Variants::default()).unwrap(), Target::Group(i as u32));
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

    #[test]
    fn long_alternations_are_verified_after_the_anchor() {
        let verbs = (0..60).map(|i| format!("verb{i}")).collect::<Vec<_>>().join("|");
        let p = format!("(we|i) (can|could) ({verbs}) (it|that)");
        let m = matcher(&[&p]);
        assert!(m.pattern_count() <= 8, "anchors: {}", m.pattern_count());
        let h = m.scan("yes we could verb42 that, i can verb7 it. we can verb7 this");
        let spans: Vec<_> = h.groups.iter().map(|h| (h.start, h.end)).collect();
        assert_eq!(spans.len(), 2, "{spans:?}");
    }
}
