//! The phrase pattern language of lint packs, compiled to slot programs.
//!
//! A phrase is plain text matched as whole words, case-insensitively and through
//! typography (see [`crate::text::normalize`]). Two small additions let one line
//! cover a family of wordings without a regex engine:
//!
//! * `(a|b|c)` is an alternation; `(a|)` makes a part optional. Groups nest.
//!   `you('re| are) (wrong|mistaken)` covers four phrases.
//! * Spelling variants from the `variants` table of `lints/_shared.toml` are
//!   added automatically: a phrase written with `you are` also matches `you're`,
//!   `youre` and `ur`, one written with `can't` also matches `cannot` and `cant`.
//!
//! `\(`, `\)`, `\|` and `\\` are literal characters.
//!
//! ## Why slots, not expansion
//!
//! Expanding every alternation into literal phrases multiplies: a line like
//! `(we|i) (can|could) (offer|give|...40 verbs)` is 160 phrases before
//! spelling variants, and the built-in packs would be ~60,000 phrases, too
//! many to build an automaton for on every run. Instead a phrase compiles to
//! a [`Program`]: a sequence of **slots**, each a set of alternatives. Only
//! the first slots are expanded, into short **anchors** that go into the one
//! Aho-Corasick automaton; the remaining slots are checked at each anchor hit
//! by [`Program::match_after`], which walks the slots (a few byte comparisons).
//! The automaton stays small (a few thousand anchors) and the language keeps
//! its full power.

use crate::text::{MASK, Normalized, is_word_char};
use std::borrow::Cow;
use std::collections::HashMap;

/// Upper bound on the anchors one phrase may produce.
pub const MAX_ANCHORS: usize = 4096;

/// Anchors are expanded over the first slots while their product stays
/// within this many (then the rest is verified slot by slot).
const ANCHOR_PRODUCT: usize = 12;

/// The same bound for the automaton a library scan builds: longer anchors
/// mean fewer programs to verify per anchor hit ("i" alone would start a
/// dozen programs; "i understand" starts one). Not used for the anchors of
/// the word index and the build-time table, where every anchor costs
/// start-up time (with 256 there, one reply takes 3 ms longer).
pub const DEEP_ANCHOR_PRODUCT: usize = 256;

/// A stable fingerprint of variant sets (FNV-1a over their text), so a run can
/// tell whether the programs compiled at build time used the same spellings.
pub fn fingerprint(sets: &[Vec<String>]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for set in sets {
        for form in set {
            for b in form.bytes().chain([0u8]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Why a pattern could not be compiled. Messages are lower case, no period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhraseError {
    #[error("unbalanced parenthesis in phrase")]
    Unbalanced,
    #[error("phrase expands to more than {MAX_ANCHORS} alternatives")]
    TooMany,
    #[error("phrase is empty")]
    Empty,
    #[error("phrase contains a URL, mention, placeholder or code span, which are never matched")]
    Masked,
    #[error("phrase `{0}` has no letter or digit to match")]
    NoWord(String),
}

/// One alternative of a slot: folded text, and whether a space joins it to
/// what comes before / after (written in the pattern as `you (really |)wrong`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Piece {
    /// Borrowed from the build-time table for built-in phrases.
    pub text: Cow<'static, str>,
    pub lead: bool,
    pub trail: bool,
}

/// A compiled phrase: slots of alternatives (an empty alternative makes a slot
/// optional), and how many leading slots its anchors cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// Borrowed from the build-time table for built-in phrases (loading
    /// them then allocates one list per phrase, not one per slot).
    pub slots: Vec<Cow<'static, [Piece]>>,
    /// Slots `0..anchored` are in the anchors; the rest are verified.
    pub anchored: usize,
}

/// An anchor of a program: the literal the automaton looks for, and whether
/// its last piece wants a space before the next slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub text: Cow<'static, str>,
    pub trail: bool,
}

/// Sets of interchangeable spellings (`you are` / `you're` / `youre`).
#[derive(Debug, Default, Clone)]
pub struct Variants {
    sets: Vec<Vec<Vec<String>>>,
    index: HashMap<Vec<String>, usize>,
    /// The first word of every form, for a quick "nothing to do" check.
    first_words: std::collections::HashSet<String>,
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
                v.first_words.insert(f[0].clone());
            }
            v.sets.push(forms);
        }
        v
    }

    /// All spellings of `phrase` (already folded, single-spaced).
    pub fn spell_all(&self, phrase: &str) -> Vec<String> {
        if self.sets.is_empty() || phrase.is_empty() {
            return vec![phrase.to_string()];
        }
        // Most phrases hold no variant word at all: check before splitting.
        let any = phrase.split(' ').any(|t| {
            let core = t.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '\'');
            self.first_words.contains(core)
        });
        if !any {
            return vec![phrase.to_string()];
        }
        let tokens: Vec<&str> = phrase.split(' ').collect();
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
            }
            out = next;
            if out.len() > MAX_ANCHORS {
                break;
            }
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

/// Folds a literal the way drafts are folded, single-spaced and trimmed.
pub fn fold(literal: &str) -> String {
    // Fast path: plain ASCII letters, digits, spaces and simple punctuation
    // fold by lower-casing and collapsing spaces, with no allocation beyond
    // the result.
    let simple = literal.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'\'' | b',' | b'.' | b'!' | b'?' | b'-' | b';' | b':'
            )
    });
    if simple {
        let mut out = String::with_capacity(literal.len());
        for w in literal.split(' ').filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    Normalized::new(literal).text.replace('\n', " ")
}

/// A parsed item: a literal, or a group's alternatives (each a sequence).
enum Item {
    Literal(String),
    Group(Vec<Vec<Item>>),
}

/// Compiles `pattern` into a program.
pub fn compile(pattern: &str, variants: &Variants) -> Result<Program, PhraseError> {
    let chars: Vec<char> = pattern.chars().collect();
    let (alts, end) = parse_alternatives(&chars, 0)?;
    if end != chars.len() {
        return Err(PhraseError::Unbalanced);
    }
    // A top-level `a|b` is one slot of alternatives.
    let items = if alts.len() == 1 {
        alts.into_iter().next().unwrap_or_default()
    } else {
        vec![Item::Group(alts)]
    };
    let mut slots: Vec<Vec<Piece>> = Vec::new();
    for item in &items {
        let raw: Vec<String> = match item {
            Item::Literal(s) => vec![s.clone()],
            Item::Group(alts) => {
                let mut out = Vec::new();
                for a in alts {
                    out.extend(flatten(a)?);
                    if out.len() > MAX_ANCHORS {
                        return Err(PhraseError::TooMany);
                    }
                }
                out
            }
        };
        let mut pieces: Vec<Piece> = Vec::new();
        for r in raw {
            let lead = r.starts_with(char::is_whitespace);
            let trail = r.ends_with(char::is_whitespace);
            let folded = fold(&r);
            if folded.as_bytes().contains(&MASK) {
                return Err(PhraseError::Masked);
            }
            for text in variants.spell_all(&folded) {
                let p = Piece {
                    text: Cow::Owned(text),
                    lead,
                    trail,
                };
                if !pieces.contains(&p) {
                    pieces.push(p);
                }
            }
        }
        if pieces.len() > MAX_ANCHORS {
            return Err(PhraseError::TooMany);
        }
        slots.push(pieces);
    }
    merge_literals(&mut slots);
    if slots.is_empty() || slots.iter().all(|s| s.iter().all(|p| p.text.is_empty())) {
        return Err(PhraseError::Empty);
    }
    let mut program = Program {
        slots: slots.into_iter().map(Cow::Owned).collect(),
        anchored: 0,
    };
    program.anchored = program.choose_anchor_depth();
    let shortest = program
        .anchors()
        .into_iter()
        .map(|a| a.text.into_owned())
        .min_by_key(String::len)
        .unwrap_or_default();
    if !shortest.chars().any(char::is_alphanumeric) && shortest.chars().count() < 2 {
        return Err(PhraseError::NoWord(shortest));
    }
    Ok(program)
}

/// Joins whitespace-only literal slots into their neighbours' space flags.
fn merge_literals(slots: &mut Vec<Vec<Piece>>) {
    let mut i = 0;
    while i < slots.len() {
        let blank = slots[i].len() == 1 && slots[i][0].text.is_empty();
        if blank {
            let space = slots[i][0].lead || slots[i][0].trail;
            if space {
                if i > 0 {
                    for p in &mut slots[i - 1] {
                        p.trail = true;
                    }
                }
                if i + 1 < slots.len() {
                    for p in &mut slots[i + 1] {
                        p.lead = true;
                    }
                }
            }
            slots.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Expands a group alternative (which may contain nested groups) into its
/// literal strings, keeping their edge spaces.
fn flatten(seq: &[Item]) -> Result<Vec<String>, PhraseError> {
    let mut acc = vec![String::new()];
    for item in seq {
        match item {
            Item::Literal(s) => acc.iter_mut().for_each(|a| a.push_str(s)),
            Item::Group(alts) => {
                let mut options = Vec::new();
                for a in alts {
                    options.extend(flatten(a)?);
                }
                let mut next = Vec::with_capacity(acc.len() * options.len());
                for prefix in &acc {
                    for o in &options {
                        next.push(format!("{prefix}{o}"));
                    }
                }
                if next.len() > MAX_ANCHORS {
                    return Err(PhraseError::TooMany);
                }
                acc = next;
            }
        }
    }
    Ok(acc)
}

fn parse_alternatives(s: &[char], mut i: usize) -> Result<(Vec<Vec<Item>>, usize), PhraseError> {
    let mut alts = Vec::new();
    loop {
        let (seq, j) = parse_sequence(s, i)?;
        alts.push(seq);
        if j < s.len() && s[j] == '|' {
            i = j + 1;
        } else {
            return Ok((alts, j));
        }
    }
}

fn parse_sequence(s: &[char], mut i: usize) -> Result<(Vec<Item>, usize), PhraseError> {
    let mut items = Vec::new();
    let mut lit = String::new();
    while i < s.len() {
        match s[i] {
            '|' | ')' => break,
            '(' => {
                if !lit.is_empty() {
                    items.push(Item::Literal(std::mem::take(&mut lit)));
                }
                let (alts, j) = parse_alternatives(s, i + 1)?;
                if j >= s.len() || s[j] != ')' {
                    return Err(PhraseError::Unbalanced);
                }
                items.push(Item::Group(alts));
                i = j + 1;
            }
            '\\' if i + 1 < s.len() => {
                lit.push(s[i + 1]);
                i += 2;
            }
            c => {
                lit.push(c);
                i += 1;
            }
        }
    }
    if !lit.is_empty() {
        items.push(Item::Literal(lit));
    }
    Ok((items, i))
}

/// Whether a space must separate two matched pieces.
fn needs_space(prev_trail: bool, next: &Piece) -> bool {
    prev_trail || next.lead
}

impl Program {
    /// A program from the build-time table (see `build.rs`).
    pub fn from_table(slots: &'static [&'static [Piece]], anchored: usize) -> Program {
        Program {
            slots: slots.iter().map(|s| Cow::Borrowed(*s)).collect(),
            anchored,
        }
    }

    /// How many leading slots to expand into anchors: as many as keep the
    /// product small, and at least enough to hold some text.
    fn choose_anchor_depth(&self) -> usize {
        self.anchor_depth_within(ANCHOR_PRODUCT)
    }

    /// How many leading slots anchors cover when their number may reach
    /// about `limit`; never fewer than [`Program::anchored`].
    pub fn anchor_depth_within(&self, limit: usize) -> usize {
        let mut product = 1usize;
        let mut depth = 0;
        for (i, slot) in self.slots.iter().enumerate() {
            let next = product.saturating_mul(slot.len());
            let has_text = self.slots[..i]
                .iter()
                .any(|s| s.iter().all(|p| !p.text.is_empty()));
            if depth > 0 && next > limit && has_text {
                break;
            }
            product = next;
            depth = i + 1;
            if product > MAX_ANCHORS {
                break;
            }
        }
        // An anchor never stops inside a word: a slot glued to the previous
        // one (`you('re| are)`, `check(ed|ing)`) is part of the anchor, so the
        // word index, which looks anchors up by whole words, finds them.
        while depth < self.slots.len() && self.glued(depth) {
            depth += 1;
        }
        depth.max(1).max(self.anchored)
    }

    /// Whether some piece of slot `i` continues a word of slot `i - 1`.
    fn glued(&self, i: usize) -> bool {
        let prev_open = self.slots[i - 1]
            .iter()
            .any(|p| !p.text.is_empty() && !p.trail && p.text.ends_with(is_word_char));
        let next_glues = self.slots[i].iter().any(|p| !p.text.is_empty() && !p.lead);
        prev_open && next_glues
    }

    /// The literals of the first `anchored` slots, with the trailing-space flag
    /// of their last non-empty piece. Empty anchors are left out.
    pub fn anchors(&self) -> Vec<Anchor> {
        self.anchors_to(self.anchored)
    }

    /// The literals of the first `depth` slots, like [`Program::anchors`].
    pub fn anchors_to(&self, depth: usize) -> Vec<Anchor> {
        let mut acc: Vec<Anchor> = vec![Anchor {
            text: Cow::Borrowed(""),
            trail: false,
        }];
        for slot in &self.slots[..depth] {
            let mut next = Vec::with_capacity(acc.len() * slot.len());
            for a in &acc {
                for p in slot.iter() {
                    if p.text.is_empty() {
                        next.push(a.clone());
                        continue;
                    }
                    let mut text = a.text.clone().into_owned();
                    if !text.is_empty() && needs_space(a.trail, p) {
                        text.push(' ');
                    }
                    text.push_str(&p.text);
                    next.push(Anchor {
                        text: Cow::Owned(text),
                        trail: p.trail,
                    });
                }
            }
            acc = next;
        }
        acc.retain(|a| !a.text.is_empty());
        acc.sort_by(|a, b| a.text.cmp(&b.text).then(a.trail.cmp(&b.trail)));
        acc.dedup();
        acc
    }

    /// Whether the program's text may continue after an anchor covering its
    /// first `depth` slots (so an anchor hit needs verification).
    pub fn has_rest_after(&self, depth: usize) -> bool {
        depth < self.slots.len()
    }

    /// After an anchor covering the first `depth` slots and ending at `at`
    /// in normalized `text` (its last piece wanting a trailing space if
    /// `trail`), matches the remaining slots. Returns the longest end, if any.
    pub fn match_after(&self, depth: usize, text: &[u8], at: usize, trail: bool) -> Option<usize> {
        let mut best = None;
        self.walk(text, depth, at, trail, &mut best);
        best
    }

    fn walk(&self, text: &[u8], slot: usize, at: usize, trail: bool, best: &mut Option<usize>) {
        if slot == self.slots.len() {
            if best.is_none_or(|b| at > b) {
                *best = Some(at);
            }
            return;
        }
        for p in self.slots[slot].iter() {
            if p.text.is_empty() {
                self.walk(text, slot + 1, at, trail, best);
                continue;
            }
            let mut pos = at;
            if needs_space(trail, p) {
                if text.get(pos) != Some(&b' ') {
                    continue;
                }
                pos += 1;
            }
            let t = p.text.as_bytes();
            // Most alternatives differ at their first byte: check it before
            // comparing the rest (the hot path of a library scan).
            if text.get(pos) != t.first() || text.len() < pos + t.len() {
                continue;
            }
            if text[pos + 1..pos + t.len()] == t[1..] {
                self.walk(text, slot + 1, pos + t.len(), p.trail, best);
            }
        }
    }

    /// Every literal phrase of the program (for tests and tools); capped.
    pub fn literals(&self, cap: usize) -> Vec<String> {
        let mut acc: Vec<(String, bool)> = vec![(String::new(), false)];
        for slot in &self.slots {
            let mut next = Vec::new();
            for (s, trail) in &acc {
                for p in slot.iter() {
                    if p.text.is_empty() {
                        next.push((s.clone(), *trail));
                        continue;
                    }
                    let mut t = s.clone();
                    if !t.is_empty() && needs_space(*trail, p) {
                        t.push(' ');
                    }
                    t.push_str(&p.text);
                    next.push((t, p.trail));
                }
                if next.len() > cap {
                    break;
                }
            }
            acc = next;
        }
        let mut out: Vec<String> = acc
            .into_iter()
            .map(|(s, _)| s)
            .filter(|s| !s.is_empty())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether the first character of every anchor is a word character
    /// (then a hit needs a word boundary on the left).
    pub fn starts_with_word(anchor: &str) -> bool {
        anchor.chars().next().is_some_and(is_word_char)
    }

    /// The anchor as an automaton searches for it: with the space before
    /// it if it starts with a word (why: `Matcher::scan_automaton`).
    pub fn searched(anchor: &str) -> String {
        if Program::starts_with_word(anchor) {
            format!(" {anchor}")
        } else {
            anchor.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(p: &str, v: &Variants) -> Vec<String> {
        compile(p, v).unwrap().literals(10_000)
    }

    fn variants() -> Variants {
        Variants::new(&[
            vec!["you are".into(), "you're".into(), "youre".into()],
            vec!["doesn't".into(), "does not".into()],
        ])
    }

    #[test]
    fn alternations_and_optional_parts() {
        let mut got = lits("you('re| are) (really |)wrong", &Variants::default());
        got.sort();
        assert_eq!(
            got,
            [
                "you are really wrong",
                "you are wrong",
                "you're really wrong",
                "you're wrong"
            ]
        );
        let got = lits("no(,|) it", &Variants::default());
        assert_eq!(got, ["no it", "no, it"]);
        let got = lits("(lol |)(no|nope)(\\.|!)", &Variants::default());
        assert_eq!(
            got,
            [
                "lol no!",
                "lol no.",
                "lol nope!",
                "lol nope.",
                "no!",
                "no.",
                "nope!",
                "nope."
            ]
        );
    }

    #[test]
    fn variants_are_added() {
        let got = lits("You’re wrong", &variants());
        assert_eq!(got, ["you are wrong", "you're wrong", "youre wrong"]);
        let got = lits("no, it doesn't.", &variants());
        assert_eq!(got, ["no, it does not.", "no, it doesn't."]);
    }

    #[test]
    fn match_at_walks_the_remaining_slots() {
        let p = compile("(we|i) (can|could) (offer|give|send|arrange|set up|move|change|switch|waive|credit|refund|help) you", &Variants::default()).unwrap();
        assert!(p.has_rest_after(p.anchored));
        let text = b"so we could waive you the fee";
        for a in p.anchors() {
            if let Some(at) = text
                .windows(a.text.len())
                .position(|w| w == a.text.as_bytes())
            {
                let end = p.match_after(p.anchored, text, at + a.text.len(), a.trail);
                assert_eq!(end.map(|e| &text[at..e]), Some(&b"we could waive you"[..]));
                return;
            }
        }
        panic!("no anchor found");
    }

    #[test]
    fn errors() {
        assert_eq!(
            compile("(a|b", &Variants::default()),
            Err(PhraseError::Unbalanced)
        );
        assert_eq!(
            compile("a)b", &Variants::default()),
            Err(PhraseError::Unbalanced)
        );
        assert_eq!(compile("  ", &Variants::default()), Err(PhraseError::Empty));
        assert_eq!(
            compile("see https://x.io", &Variants::default()),
            Err(PhraseError::Masked)
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(lits(r"a \(b\)", &Variants::default()), ["a (b)"]);
    }
}
