//! An Aho-Corasick automaton kept as plain bytes, so that it can be built
//! ahead of time.
//!
//! A library run scans with an automaton over ~19,000 anchors; built at run
//! time (the `aho-corasick` crate, which cannot save one) that took ~18 ms,
//! during which the run's other threads had to find anchors the slow way
//! (the word index). `build.rs` builds the built-in packs' automaton with
//! [`build`] and the binary carries its bytes; a run reads them in place
//! through [`Automaton`], nothing to build, parse or copy. Team packs still
//! get theirs from `aho-corasick` at run time (`src/matcher.rs`).
//!
//! The search is overlapping ("standard" semantics): every occurrence of
//! every pattern is reported, where it ends.
//!
//! ## Layout
//!
//! Bytes are mapped to classes first (`classes`: 0 for bytes no pattern
//! contains, then one class per byte that occurs). A byte of class 0 sends
//! any state back to the start. The automaton is one array of `u32` words;
//! a state is the offset of its first word:
//!
//! ```text
//! header   kind (low 8 bits): DENSE, or the number of transitions;
//!          for one transition, its class (next 8 bits);
//!          the number of matches (high 16 bits)
//! fail     the state to try when this one has no transition for a class
//! dense:   one word per class: the next state, fail links already
//!          followed (a full row, never a miss)
//! one:     the next state
//! sparse:  the classes of the transitions, four to a word (padded with
//!          class 0), then their next states, one word each
//! matches  one word per pattern that ends here: its id (low ID_BITS),
//!          the length reported for it (the rest)
//! ```
//!
//! A next state carries [`MATCH`] when patterns end there, so a scan knows
//! without reading it. States up to [`DENSE_DEPTH`] deep (and busy deeper
//! ones) are dense and laid out first, breadth first: nearly every scanned
//! byte passes through them. The others follow depth first, so that the
//! next state along a phrase is usually in the same cache line. On a 10 MB
//! library this steps 18 % faster than the `aho-corasick` crate's
//! contiguous NFA over the same patterns (docs/performance.md).

/// Header value of a state with one transition word per class.
const DENSE: u32 = 0xFF;
/// Set on a next state in which patterns end.
const MATCH: u32 = 1 << 31;
/// States shallower than this are dense: nearly every scanned byte passes
/// through them, and a row lookup beats searching a list (2 -> 4 took a
/// 10 MB scan from 33 to 27 ms, the table from 1.89 to 1.98 MB).
const DENSE_DEPTH: u32 = 4;
/// Deeper states with more transitions than this are dense too.
const SPARSE_MAX: usize = 8;
/// A match word: the pattern id in its low bits, the reported length above.
const ID_BITS: u32 = 20;

/// Words of a state between its fail link and its matches, by its kind
/// (the header's low byte): the one layout rule that [`build`] writes and
/// [`Automaton::for_each_match`] reads.
fn body_words(kind: u32, class_count: u32) -> usize {
    match kind {
        DENSE => class_count as usize,
        1 => 1,
        n => (n as usize).div_ceil(4) + n as usize,
    }
}

/// A built automaton: the class of each byte and the words of the states
/// (see the module docs), ready to be written out or read in place.
#[derive(Debug, Clone)]
pub struct Tables {
    pub classes: [u8; 256],
    pub words: Vec<u32>,
}

/// A trie node while building.
struct Node {
    /// `(class, child)`, sorted by class.
    next: Vec<(u8, u32)>,
    fail: u32,
    depth: u32,
    /// `(pattern, reported length)` of the patterns ending here, own first,
    /// then those of the fail chain.
    matches: Vec<(u32, u32)>,
}

impl Node {
    fn child(&self, class: u8) -> Option<u32> {
        self.next
            .binary_search_by_key(&class, |&(c, _)| c)
            .ok()
            .map(|i| self.next[i].1)
    }
}

/// Builds the automaton of `patterns`: each its bytes and the length to
/// report when it is found (its own, or less to leave out a context byte
/// it begins with). Pattern ids are positions in `patterns`; equal
/// patterns are both reported.
///
/// Panics on an empty pattern or an automaton too large for its words
/// (both mistakes of the caller, which is `build.rs` or a test).
pub fn build(patterns: &[(&[u8], u32)]) -> Tables {
    let mut classes = [0u8; 256];
    let mut count = 1u32;
    for b in 0..=255u8 {
        if patterns.iter().any(|(p, _)| p.contains(&b)) {
            classes[usize::from(b)] = u8::try_from(count).expect("at most 255 classes");
            count += 1;
        }
    }
    let class_count = count;

    // The trie.
    let mut nodes = vec![Node {
        next: Vec::new(),
        fail: 0,
        depth: 0,
        matches: Vec::new(),
    }];
    for (id, &(bytes, len)) in patterns.iter().enumerate() {
        assert!(!bytes.is_empty(), "pattern {id} is empty");
        let mut at = 0u32;
        for &b in bytes {
            let class = classes[usize::from(b)];
            at = match nodes[at as usize].child(class) {
                Some(child) => child,
                None => {
                    let child = nodes.len() as u32;
                    let depth = nodes[at as usize].depth + 1;
                    let next = &mut nodes[at as usize].next;
                    let i = next.partition_point(|&(c, _)| c < class);
                    next.insert(i, (class, child));
                    nodes.push(Node {
                        next: Vec::new(),
                        fail: 0,
                        depth,
                        matches: Vec::new(),
                    });
                    child
                }
            };
        }
        nodes[at as usize].matches.push((id as u32, len));
    }

    // Fail links, breadth first: a node's fail state is shallower, so its
    // matches are complete by the time they are copied.
    let mut order = vec![0u32];
    let mut i = 0;
    while i < order.len() {
        let u = order[i] as usize;
        i += 1;
        for k in 0..nodes[u].next.len() {
            let (class, v) = nodes[u].next[k];
            let fail = if u == 0 {
                0
            } else {
                let mut f = nodes[u].fail;
                loop {
                    if let Some(x) = nodes[f as usize].child(class) {
                        break x;
                    }
                    if f == 0 {
                        break 0;
                    }
                    f = nodes[f as usize].fail;
                }
            };
            nodes[v as usize].fail = fail;
            let inherited = nodes[fail as usize].matches.clone();
            nodes[v as usize].matches.extend(inherited);
            order.push(v);
        }
    }

    // Layout: the shallow states breadth first, then the others depth
    // first, so that a state's first child follows it.
    let mut layout: Vec<u32> = order
        .iter()
        .copied()
        .take_while(|&u| nodes[u as usize].depth < DENSE_DEPTH)
        .collect();
    let mut stack: Vec<u32> = order
        .iter()
        .copied()
        .filter(|&u| nodes[u as usize].depth == DENSE_DEPTH)
        .rev()
        .collect();
    while let Some(u) = stack.pop() {
        layout.push(u);
        stack.extend(nodes[u as usize].next.iter().rev().map(|&(_, v)| v));
    }
    debug_assert_eq!(layout.len(), nodes.len());
    let order = layout;

    // Offsets.
    let kind = |n: &Node| {
        if n.depth < DENSE_DEPTH || n.next.len() > SPARSE_MAX {
            DENSE
        } else {
            n.next.len() as u32
        }
    };
    let mut offset = vec![0u32; nodes.len()];
    let mut total: u64 = 0;
    for &u in &order {
        let n = &nodes[u as usize];
        offset[u as usize] = u32::try_from(total).expect("automaton too large");
        total += (2 + body_words(kind(n), class_count) + n.matches.len()) as u64;
    }
    assert!(total < u64::from(MATCH), "automaton too large");
    let target = |v: u32| {
        offset[v as usize]
            | if nodes[v as usize].matches.is_empty() {
                0
            } else {
                MATCH
            }
    };

    // Where `u` goes on `class`, following fail links (a dense state's
    // row holds these, so it never needs its fail link).
    let delta = |mut u: u32, class: u8| loop {
        if let Some(v) = nodes[u as usize].child(class) {
            break v;
        }
        if u == 0 {
            break 0;
        }
        u = nodes[u as usize].fail;
    };
    let mut words: Vec<u32> = Vec::with_capacity(total as usize);
    for &u in &order {
        let n = &nodes[u as usize];
        debug_assert_eq!(words.len(), offset[u as usize] as usize);
        let matches = u32::try_from(n.matches.len())
            .ok()
            .filter(|&m| m < 1 << 16)
            .expect("too many patterns end in one state");
        if kind(n) == DENSE {
            words.push(DENSE | matches << 16);
            words.push(offset[n.fail as usize]);
            words.push(0); // class 0: never looked up (see `step`)
            words.extend((1..class_count).map(|c| target(delta(u, c as u8))));
        } else if let [(class, v)] = n.next[..] {
            words.push(1 | u32::from(class) << 8 | matches << 16);
            words.push(offset[n.fail as usize]);
            words.push(target(v));
        } else {
            words.push(n.next.len() as u32 | matches << 16);
            words.push(offset[n.fail as usize]);
            // Padded with class 0, which `step` never looks up.
            for chunk in n.next.chunks(4) {
                let mut packed = [0u8; 4];
                for (slot, &(class, _)) in packed.iter_mut().zip(chunk) {
                    *slot = class;
                }
                words.push(u32::from_le_bytes(packed));
            }
            words.extend(n.next.iter().map(|&(_, v)| target(v)));
        }
        for &(id, len) in &n.matches {
            assert!(id < 1 << ID_BITS, "too many patterns");
            assert!(len < 1 << (32 - ID_BITS), "pattern {id} is too long");
            words.push(id | len << ID_BITS);
        }
    }
    Tables { classes, words }
}

/// Bytes aligned for reading as `u32` words in place (`include_bytes!`
/// alone aligns to one byte).
#[repr(C, align(4))]
pub struct Aligned<T: ?Sized>(pub T);

/// An automaton read in place from its words (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct Automaton<'a> {
    classes: &'a [u8; 256],
    words: &'a [u32],
    /// Length of a dense state's row.
    class_count: u32,
}

impl<'a> Automaton<'a> {
    /// Reads the automaton that [`build`] made. The bytes are trusted (they
    /// are this program's own): a malformed table panics on a bound check
    /// at worst, it cannot read out of bounds.
    pub fn new(classes: &'a [u8; 256], words: &'a [u32]) -> Automaton<'a> {
        let class_count = u32::from(classes.iter().copied().max().unwrap_or(0)) + 1;
        Automaton {
            classes,
            words,
            class_count,
        }
    }

    /// The automaton of words written out as bytes in this machine's byte
    /// order (`build.rs` writes them in the target's).
    pub fn from_bytes(classes: &'a [u8; 256], bytes: &'a Aligned<[u8]>) -> Automaton<'a> {
        Automaton::new(classes, bytemuck::cast_slice(&bytes.0))
    }

    /// The automaton of these tables.
    pub fn of(tables: &'a Tables) -> Automaton<'a> {
        Automaton::new(&tables.classes, &tables.words)
    }

    /// Bytes of its table.
    pub fn size(&self) -> usize {
        std::mem::size_of_val(self.words)
    }

    /// The state after `state` reads `byte`.
    #[inline(always)]
    fn step(&self, state: u32, byte: u8) -> u32 {
        let class = self.classes[usize::from(byte)];
        // A byte no pattern contains leaves nothing of any pattern begun.
        if class == 0 {
            return 0;
        }
        let mut s = (state & !MATCH) as usize;
        loop {
            let header = self.words[s];
            let kind = header & 0xFF;
            if kind == DENSE {
                return self.words[s + 2 + usize::from(class)];
            } else if kind == 1 {
                if (header >> 8) as u8 == class {
                    return self.words[s + 2];
                }
            } else {
                let chunks = (kind as usize).div_ceil(4);
                let listed = &self.words[s + 2..s + 2 + chunks];
                for (i, chunk) in listed.iter().enumerate() {
                    if let Some(k) = chunk.to_le_bytes().iter().position(|&c| c == class) {
                        return self.words[s + 2 + chunks + 4 * i + k];
                    }
                }
            }
            s = self.words[s + 1] as usize;
        }
    }

    /// Calls `found(pattern, reported length, end)` for every occurrence of
    /// every pattern in `haystack`, in order of their ends (patterns ending
    /// at the same byte: longest first).
    #[inline]
    pub fn for_each_match(&self, haystack: &[u8], mut found: impl FnMut(u32, u32, usize)) {
        let mut state = 0u32;
        for (i, &byte) in haystack.iter().enumerate() {
            state = self.step(state, byte);
            if state & MATCH == 0 {
                continue;
            }
            let s = (state & !MATCH) as usize;
            let header = self.words[s];
            let first = s + 2 + body_words(header & 0xFF, self.class_count);
            for &m in &self.words[first..first + (header >> 16) as usize] {
                found(m & ((1 << ID_BITS) - 1), m >> ID_BITS, i + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every occurrence by brute force: `(end, pattern)`, sorted.
    fn naive(patterns: &[&[u8]], haystack: &[u8]) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        for (id, p) in patterns.iter().enumerate() {
            for end in p.len()..=haystack.len() {
                if &haystack[end - p.len()..end] == *p {
                    out.push((end, id as u32));
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn found(patterns: &[&[u8]], haystack: &[u8]) -> Vec<(usize, u32)> {
        let with_len: Vec<(&[u8], u32)> = patterns.iter().map(|p| (*p, p.len() as u32)).collect();
        let tables = build(&with_len);
        let mut out = Vec::new();
        Automaton::of(&tables).for_each_match(haystack, |id, len, end| {
            assert_eq!(len as usize, patterns[id as usize].len());
            out.push((end, id));
        });
        out.sort_unstable();
        out
    }

    #[test]
    fn overlapping_matches_are_all_reported() {
        let patterns: &[&[u8]] = &[b"he", b"she", b"his", b"hers", b"e", b"s"];
        let got = found(patterns, b"ushers and his shes");
        assert_eq!(got, naive(patterns, b"ushers and his shes"));
        assert!(got.contains(&(6, 3)), "{got:?}"); // "hers" ends at 6
    }

    #[test]
    fn reported_length_is_the_callers() {
        let tables = build(&[(b" you", 3)]);
        let mut got = Vec::new();
        Automaton::of(&tables).for_each_match(b"and you", |id, len, end| got.push((id, len, end)));
        assert_eq!(got, vec![(0, 3, 7)]);
    }

    /// Random patterns over a small alphabet (many shared prefixes, long
    /// fail chains, dense and sparse states) against brute force.
    #[test]
    fn matches_brute_force_on_random_patterns() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let alphabet = b"ab c'\xc3\xa9xyz";
        for round in 0..200 {
            let count = 1 + next(40) as usize;
            let owned: Vec<Vec<u8>> = (0..count)
                .map(|_| {
                    let len = 1 + next(if round % 2 == 0 { 4 } else { 9 }) as usize;
                    (0..len)
                        .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                        .collect()
                })
                .collect();
            let patterns: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
            let haystack: Vec<u8> = (0..300)
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .chain(*b"\x00\xff")
                .collect();
            assert_eq!(
                found(&patterns, &haystack),
                naive(&patterns, &haystack),
                "{patterns:?}"
            );
        }
    }

    #[test]
    fn many_transitions_make_a_deep_state_dense() {
        let owned: Vec<Vec<u8>> = (b'a'..=b'z')
            .map(|c| [&b"qqqqqq"[..], &[c]].concat())
            .collect();
        let patterns: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        let haystack = b"qqqqqqa qqqqqqz qqqqqqqm qqqq";
        assert_eq!(found(&patterns, haystack), naive(&patterns, haystack));
    }
}
