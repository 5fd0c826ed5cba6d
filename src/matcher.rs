//! One automaton for every phrase of every pack.
//!
//! Every phrase (rule phrases and every word list that conditions and Rust
//! rules read) is compiled to a slot [`Program`]; the anchors of all programs
//! go into a single Aho-Corasick automaton, built at most once per run. A draft is
//! scanned once; anchors are found only where a word may start (the
//! automaton holds word anchors with the space before them), the program's
//! remaining slots are verified right after it, the right word boundary is
//! checked, and the hit is fanned out to the targets that own that phrase (a
//! phrase can belong to a rule group and to several lists at once).
//!
//! The search is overlapping (`MatchKind::Standard`), so "you're wrong, calm
//! down" reports both rules' phrases and a list phrase inside a rule phrase
//! is still seen. Choosing among overlapping findings of one rule is the
//! engine's job.
//!
//! ## Two ways to find anchors, one result
//!
//! Making the automaton ready takes time, more than linting one reply: for
//! the built-in packs, `build.rs` has built it ([`crate::automaton`]) and a
//! run only makes its anchor table (~1 ms); with a team pack, the
//! `aho-corasick` crate builds it at run time (~18 ms). So a run starts with
//! a **word index** (anchors bucketed by their first word, built in a
//! fraction of a millisecond) and looks anchors up at each word start; once
//! a run has scanned [`AUTOMATON_AFTER`] bytes (a library), the automaton is
//! made ready, once, and used from then on. One thread does that; the
//! others go on with the word index meanwhile. Both find
//! exactly the same phrase occurrences (tested in `tests/matcher.rs`), and
//! everything after that is shared.
//!
//! The two use different anchors. The word index, built at every start,
//! keeps them short (a program's first words, as compiled at build time).
//! The automaton, built only for libraries, expands each program over more
//! of its leading slots ([`DEEP_ANCHOR_PRODUCT`]): "i understand" instead of
//! "i", so that an anchor hit starts one program instead of a dozen (program
//! checks on a 10 MB library: 7.3 million -> 2.1 million). Each anchor entry
//! records how many slots its anchor covers, and verification goes on from
//! there.

use crate::automaton::Automaton as BuiltinAutomaton;
use crate::pack::phrase::{DEEP_ANCHOR_PRODUCT, Program};
use crate::text::bytes::{first_not_plain, is_word_byte};
use crate::text::is_word_char;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Bytes a run scans with the word index before it builds the automaton.
pub const AUTOMATON_AFTER: usize = 64 * 1024;

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
    /// Where each list's hits start in `lists` (one more entry than the
    /// highest list id found): conditions ask for one list's hits near a
    /// match thousands of times per library, so finding them is a lookup.
    /// `None` when the ids are too sparse for a table (a team pack with
    /// thousands of lists); lookups then search.
    list_start: Option<Vec<u32>>,
}

impl Hits {
    /// Occurrences of list `id`, sorted by start.
    pub fn of_list(&self, id: ListId) -> &[Hit] {
        let Some(start) = &self.list_start else {
            let lo = self.lists.partition_point(|h| h.id < id);
            let hi = self.lists.partition_point(|h| h.id <= id);
            return &self.lists[lo..hi];
        };
        let id = id as usize;
        match (start.get(id), start.get(id + 1)) {
            (Some(&lo), Some(&hi)) => &self.lists[lo as usize..hi as usize],
            _ => &[],
        }
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

/// Ids a scan keeps a table for (see [`Unsorted`]); a pack with more lists
/// or groups than this is sorted the general way.
const TRACKED_IDS: usize = 4096;

/// The hits of one scan as it finds them, put in order by [`Collector::finish`].
struct Collector {
    groups: Unsorted,
    lists: Unsorted,
}

impl Collector {
    /// A collector for `text`, with `groups` group ids and `lists` list ids.
    fn new(text: &str, groups: usize, lists: usize) -> Collector {
        // Room for the usual density (about one list word in five bytes, one
        // rule phrase in fifty), so the vectors rarely grow while scanning.
        Collector {
            groups: Unsorted::new(groups, text.len() / 50 + 4),
            lists: Unsorted::new(lists, text.len() / 5 + 8),
        }
    }

    /// Records a hit for `target`.
    fn push(&mut self, target: Target, start: usize, end: usize) {
        match target {
            Target::Group(id) => self.groups.push(Hit { id, start, end }),
            Target::List(id) => self.lists.push(Hit { id, start, end }),
        }
    }

    /// The hits sorted by `(id, start, end)` without repeats, as lookups expect.
    fn finish(self) -> Hits {
        let (groups, _) = self.groups.finish();
        let (lists, list_start) = self.lists.finish();
        Hits {
            groups,
            lists,
            list_start,
        }
    }
}

/// One kind of hits in the order the scan found them, with what
/// [`Unsorted::finish`] needs to order them without sorting.
///
/// Sorting was 8 % of a library run (two million hits per 10 MB). But the
/// scan finds each id's hits almost always in order, so it keeps, per id,
/// the number of hits and the last one: then grouping by id is one pass
/// (the offsets are known), and only an id whose hits came out of order
/// (a phrase and a longer one ending at the same word, "not" and "do not")
/// is sorted. A hit equal to its id's last one (the same words found
/// through two anchors) is dropped on the spot.
struct Unsorted {
    hits: Vec<Hit>,
    /// Per id, while ids fit [`TRACKED_IDS`]; empty otherwise.
    ids: Vec<IdTrack>,
    /// Whether an id had no entry in `ids` (then `finish` sorts).
    untracked: bool,
}

/// What a scan knows about one id's hits so far.
#[derive(Debug, Clone, Copy, Default)]
struct IdTrack {
    count: u32,
    /// `(start, end)` of the last hit (`(0, 0)` before the first: no hit is empty).
    last: (usize, usize),
    /// Whether a hit came before the one found ahead of it.
    disordered: bool,
}

impl Unsorted {
    fn new(ids: usize, capacity: usize) -> Unsorted {
        let tracked = ids <= TRACKED_IDS;
        Unsorted {
            hits: Vec::with_capacity(capacity),
            ids: if tracked {
                vec![IdTrack::default(); ids]
            } else {
                Vec::new()
            },
            untracked: false,
        }
    }

    fn push(&mut self, hit: Hit) {
        match self.ids.get_mut(hit.id as usize) {
            Some(t) => {
                let key = (hit.start, hit.end);
                if key == t.last {
                    return;
                }
                t.disordered |= key < t.last;
                t.last = key;
                t.count += 1;
            }
            None => self.untracked = true,
        }
        self.hits.push(hit);
    }

    /// The hits sorted by `(id, start, end)` without repeats, and where each
    /// id's hits start (`None` when ids are too sparse for a table).
    fn finish(self) -> (Vec<Hit>, Option<Vec<u32>>) {
        let mut hits = self.hits;
        if self.untracked || self.ids.is_empty() {
            sort_hits(&mut hits);
            let ids = hits.last().map_or(0, |h| h.id as usize + 1);
            let start = dense(ids, hits.len()).then(|| group_starts(&hits, ids, |h| h.id as usize));
            return (hits, start);
        }
        let mut start = Vec::with_capacity(self.ids.len() + 1);
        let mut total = 0u32;
        start.push(0);
        for t in &self.ids {
            total += t.count;
            start.push(total);
        }
        let mut out = group(&hits, &start, |h| h.id as usize);
        let mut repeats = false;
        for (id, t) in self.ids.iter().enumerate() {
            if t.disordered {
                let own = &mut out[start[id] as usize..start[id + 1] as usize];
                insertion_sort(own);
                repeats |= own.windows(2).any(|w| w[0] == w[1]);
            }
        }
        if repeats {
            out.dedup();
            start = group_starts(&out, self.ids.len(), |h| h.id as usize);
        }
        (out, Some(start))
    }
}

/// Sorts hits by `(id, start, end)` and drops repeats.
///
/// A comparison sort of a draft's ~100 list hits was 8 % of a library run.
/// There are few ids (dozens of lists and groups), and the scan reports hits
/// almost in order of their start (by end of anchor, so a longer anchor can
/// come a little late). So: a counting sort by id, then an insertion sort of
/// each id's hits, which only moves the few late ones a few places.
fn sort_hits(hits: &mut Vec<Hit>) {
    let ids = hits.iter().map(|h| h.id as usize + 1).max().unwrap_or(0);
    if hits.len() < 16 || !dense(ids, hits.len()) {
        hits.sort_unstable();
        hits.dedup();
        return;
    }
    let start = group_starts(hits, ids, |h| h.id as usize);
    let mut out = group(hits, &start, |h| h.id as usize);
    for w in start.windows(2) {
        insertion_sort(&mut out[w[0] as usize..w[1] as usize]);
    }
    out.dedup();
    *hits = out;
}

/// Whether `keys` possible keys are few enough, next to `items` items, for
/// a table with one entry per key (else sorting or searching is cheaper).
fn dense(keys: usize, items: usize) -> bool {
    keys <= 4 * items + 256
}

/// Where each key's items start once `items` are grouped by `key` (all
/// below `keys`): `keys + 1` offsets, key `k` spanning `start[k]..start[k + 1]`.
fn group_starts<T>(items: &[T], keys: usize, key: impl Fn(&T) -> usize) -> Vec<u32> {
    let mut start = vec![0u32; keys + 1];
    for item in items {
        start[key(item) + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    start
}

/// `items` grouped by `key` (a counting sort: stable, so items keep their
/// order within a key), given the offsets from [`group_starts`].
fn group<T: Copy>(items: &[T], start: &[u32], key: impl Fn(&T) -> usize) -> Vec<T> {
    let Some(&first) = items.first() else {
        return Vec::new();
    };
    let mut next = start.to_vec();
    let mut out = vec![first; items.len()];
    for item in items {
        let slot = &mut next[key(item)];
        out[*slot as usize] = *item;
        *slot += 1;
    }
    out
}

/// Insertion sort by `(start, end)`: linear on almost sorted input. Falls
/// back to a comparison sort when the input turns out not to be.
fn insertion_sort(hits: &mut [Hit]) {
    let mut moves = 0usize;
    for i in 1..hits.len() {
        let mut j = i;
        while j > 0 && hits[j - 1] > hits[j] {
            hits.swap(j - 1, j);
            j -= 1;
            moves += 1;
        }
        if moves > 8 * hits.len() {
            hits.sort_unstable();
            return;
        }
    }
}

/// A program and the targets that own it.
#[derive(Debug, Clone)]
struct Owned {
    program: Program,
    targets: Vec<Target>,
    /// Its anchors, when known in advance (the table compiled at build
    /// time; borrowed, so loading copies nothing).
    anchors: Option<PrecomputedAnchors>,
}

/// The anchors of a built-in program, computed at build time (`build.rs`)
/// with the code that computes them at run time for a team pack's.
#[derive(Debug, Clone, Copy)]
pub struct PrecomputedAnchors {
    /// The word index's anchors ([`Program::anchors`]), as `(text, trail)`.
    pub index: &'static [(&'static str, bool)],
    /// The automaton's, read only if a run builds it.
    pub deep: &'static DeepAnchors,
}

/// The automaton's anchors of a built-in program, computed at build time:
/// `count` anchors from `first` in the table of all of them.
#[derive(Debug)]
pub struct DeepAnchors {
    /// How many leading slots they cover ([`Program::anchor_depth_within`]
    /// of [`DEEP_ANCHOR_PRODUCT`]).
    pub depth: u32,
    pub first: u32,
    pub count: u32,
}

impl DeepAnchors {
    /// The anchors ([`Program::anchors_to`] `depth`), as `(text, trail)`.
    pub fn anchors(&self) -> impl Iterator<Item = (&'static str, bool)> {
        let (table, text) = crate::pack::builtin::deep_anchor_table();
        let first = self.first as usize;
        table[first..first + self.count as usize]
            .iter()
            .map(move |&(start, end, trail, _)| (&text[start as usize..end as usize], trail))
    }

    /// The anchors as `(pattern id in the built-in automaton, trail)`.
    fn pattern_ids(&self) -> impl Iterator<Item = (u32, bool)> {
        let (table, _) = crate::pack::builtin::deep_anchor_table();
        let first = self.first as usize;
        table[first..first + self.count as usize]
            .iter()
            .map(|&(_, _, trail, id)| (id, trail))
    }
}

/// FNV-1a: the builder hashes thousands of short strings per run, where
/// SipHash's DoS resistance buys nothing and costs time.
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map keyed by short strings, with [`Fnv`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// An anchor's programs: which program, and the anchor's trailing-space flag.
#[derive(Debug, Clone, Copy)]
struct AnchorEntry {
    program: u32,
    /// How many leading slots of the program the anchor covers.
    depth: u32,
    trail: bool,
    /// Whether slots remain after the anchor (else the anchor is the phrase).
    rest: bool,
}

impl AnchorEntry {
    /// The entry of program `pid` for an anchor covering its first `depth` slots.
    fn new(pid: usize, owned: &Owned, depth: usize, trail: bool) -> AnchorEntry {
        AnchorEntry {
            program: pid as u32,
            depth: depth as u32,
            trail,
            rest: owned.program.has_rest_after(depth),
        }
    }
}

/// Collects programs and their owners, then builds the automaton.
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    programs: Vec<Owned>,
    /// The pattern source of each program, to share programs between owners.
    by_source: FastMap<String, u32>,
}

impl MatcherBuilder {
    /// A builder with room for about `programs` programs (saves growing its
    /// tables one doubling at a time while the built-in packs load).
    pub fn with_capacity(programs: usize) -> MatcherBuilder {
        MatcherBuilder {
            programs: Vec::with_capacity(programs),
            by_source: FastMap::with_capacity_and_hasher(programs, Default::default()),
        }
    }

    /// Registers a compiled phrase (written as `source`) for `target`.
    pub fn add(&mut self, source: &str, program: Program, target: Target) {
        let id = match self.by_source.get(source) {
            Some(&id) => id,
            None => self.insert(source, program),
        };
        self.add_target(id, target);
    }

    /// The id of the program written as `source`, if compiled already.
    pub fn program_id(&self, source: &str) -> Option<u32> {
        self.by_source.get(source).copied()
    }

    /// Adds a program (written as `source`) with no owner yet; returns its id.
    pub fn insert(&mut self, source: &str, program: Program) -> u32 {
        self.push(source, program, None)
    }

    /// Like [`MatcherBuilder::insert`], with the anchors already computed
    /// at build time, as `(text, trail)`.
    pub fn insert_with_anchors(
        &mut self,
        source: &str,
        program: Program,
        anchors: PrecomputedAnchors,
    ) -> u32 {
        self.push(source, program, Some(anchors))
    }

    fn push(&mut self, source: &str, program: Program, anchors: Option<PrecomputedAnchors>) -> u32 {
        let id = self.programs.len() as u32;
        self.programs.push(Owned {
            program,
            targets: Vec::new(),
            anchors,
        });
        self.by_source.insert(source.to_string(), id);
        id
    }

    /// Gives program `id` one more owner.
    pub fn add_target(&mut self, id: u32, target: Target) {
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

    /// Builds the word index over every program's anchors (the automaton
    /// comes later, when a run has scanned enough text to need it).
    pub fn build(self) -> Result<Matcher, aho_corasick::BuildError> {
        let mut anchors = AnchorTable::with_capacity(self.programs.len() * 2);
        for (pid, owned) in self.programs.iter().enumerate() {
            let depth = owned.program.anchored;
            match owned.anchors {
                Some(table) => {
                    for &(text, trail) in table.index {
                        anchors.add(
                            Cow::Borrowed(text),
                            AnchorEntry::new(pid, owned, depth, trail),
                        );
                    }
                }
                None => {
                    for a in owned.program.anchors() {
                        anchors.add(a.text, AnchorEntry::new(pid, owned, depth, a.trail));
                    }
                }
            }
        }
        let programs = &self.programs;
        let anchors = anchors.finish(|p| &programs[p].targets);
        let mut index: FastMap<Cow<'static, str>, Vec<u32>> =
            FastMap::with_capacity_and_hasher(anchors.texts.len(), Default::default());
        for (i, a) in anchors.texts.iter().enumerate() {
            let key = match a {
                Cow::Borrowed(s) => Cow::Borrowed(first_token(s)),
                Cow::Owned(s) => Cow::Owned(first_token(s).to_string()),
            };
            index.entry(key).or_default().push(i as u32);
        }
        let mut target_start = Vec::with_capacity(self.programs.len() + 1);
        let mut targets = Vec::with_capacity(self.programs.len());
        target_start.push(0);
        for owned in &self.programs {
            targets.extend_from_slice(&owned.targets);
            target_start.push(targets.len() as u32);
        }
        let ids = |kind: fn(&Target) -> Option<u32>| {
            targets
                .iter()
                .filter_map(kind)
                .map(|id| id as usize + 1)
                .max()
                .unwrap_or(0)
        };
        let group_ids = ids(|t| match *t {
            Target::Group(id) => Some(id),
            Target::List(_) => None,
        });
        let list_ids = ids(|t| match *t {
            Target::List(id) => Some(id),
            Target::Group(_) => None,
        });
        Ok(Matcher {
            targets,
            target_start,
            group_ids,
            list_ids,
            lazy: Default::default(),
            index,
            anchors,
            programs: self.programs,
        })
    }
}

/// Anchors and, for each, what to do when it is found.
#[derive(Debug, Clone, Default)]
struct AnchorTable {
    texts: Vec<Cow<'static, str>>,
    /// The steps of each anchor, grouped by anchor (see [`Step`]).
    steps: Vec<Step>,
    /// Where each anchor's steps start in `steps` (one more than anchors,
    /// so anchor `a` has `steps[step_start[a]..step_start[a + 1]]`).
    step_start: Vec<u32>,
    /// While building: anchor text -> index, and (anchor, entry) pairs.
    building: FastMap<Cow<'static, str>, u32>,
    pairs: Vec<(u32, AnchorEntry)>,
}

/// What finding an anchor leads to, laid out so that a hit costs as few
/// memory reads as possible: most anchors are a whole list word or phrase,
/// and their steps name the owners directly (one read after the anchor's
/// offset, instead of entry, program, owner offsets and owners: verifying
/// was dominated by those dependent reads).
#[derive(Debug, Clone, Copy)]
enum Step {
    /// The anchor is the whole phrase: a hit for this owner if the anchor
    /// ends a word.
    Whole(Target),
    /// The phrase goes on after the anchor: verify `program` from slot
    /// `depth`, then a hit for each of its owners.
    Rest {
        program: u32,
        depth: u32,
        trail: bool,
    },
}

impl AnchorTable {
    fn with_capacity(n: usize) -> AnchorTable {
        AnchorTable {
            texts: Vec::with_capacity(n),
            building: FastMap::with_capacity_and_hasher(n, Default::default()),
            pairs: Vec::with_capacity(n),
            ..AnchorTable::default()
        }
    }

    /// A table whose anchors are known in advance (`texts`, by id): entries
    /// are added with [`AnchorTable::add_id`].
    fn of_texts(texts: Vec<Cow<'static, str>>) -> AnchorTable {
        AnchorTable {
            texts,
            ..AnchorTable::default()
        }
    }

    /// Records an entry for the known anchor `id` (see [`AnchorTable::of_texts`]).
    fn add_id(&mut self, id: u32, entry: AnchorEntry) {
        self.pairs.push((id, entry));
    }

    /// Records that program `program` starts with `text` covering its first
    /// `depth` slots.
    fn add(&mut self, text: Cow<'static, str>, entry: AnchorEntry) {
        let texts = &mut self.texts;
        let i = *self.building.entry(text.clone()).or_insert_with(|| {
            texts.push(text);
            (texts.len() - 1) as u32
        });
        self.pairs.push((i, entry));
    }

    /// Groups the entries by anchor, in program order (a counting sort:
    /// pairs come in program order and stay so), and turns each into its
    /// steps, given each program's owners.
    fn finish<'a>(mut self, owners: impl Fn(usize) -> &'a [Target]) -> AnchorTable {
        let anchor = |&(a, _): &(u32, AnchorEntry)| a as usize;
        let entry_start = group_starts(&self.pairs, self.texts.len(), anchor);
        let entries = group(&self.pairs, &entry_start, anchor);
        let mut steps = Vec::with_capacity(entries.len());
        let mut step_start = Vec::with_capacity(entry_start.len());
        step_start.push(0);
        for w in entry_start.windows(2) {
            for &(_, e) in &entries[w[0] as usize..w[1] as usize] {
                if e.rest {
                    steps.push(Step::Rest {
                        program: e.program,
                        depth: e.depth,
                        trail: e.trail,
                    });
                } else {
                    steps.extend(owners(e.program as usize).iter().map(|&t| Step::Whole(t)));
                }
            }
            step_start.push(steps.len() as u32);
        }
        self.steps = steps;
        self.step_start = step_start;
        self.building = FastMap::default();
        self.pairs = Vec::new();
        self
    }

    /// What to do when anchor `a` is found.
    fn steps_of(&self, a: usize) -> &[Step] {
        &self.steps[self.step_start[a] as usize..self.step_start[a + 1] as usize]
    }
}

/// The automaton of a run, once it is needed (see [`Matcher::scan`]).
#[derive(Debug, Default)]
struct Lazy {
    deep: OnceLock<Deep>,
    /// Bytes scanned so far.
    scanned: AtomicUsize,
    /// Whether some thread has started building the automaton.
    building: AtomicBool,
}

/// The automaton of a library scan, over longer anchors than the word
/// index ([`DEEP_ANCHOR_PRODUCT`]), so that an anchor hit starts few programs.
#[derive(Debug)]
struct Deep {
    finder: Finder,
    anchors: AnchorTable,
}

/// The automaton of a run: the built-in one when every program is a
/// built-in's, else one built now.
#[derive(Debug)]
enum Finder {
    /// Built by `build.rs` (`src/automaton.rs`); pattern ids are the
    /// anchor ids of the table.
    Builtin(BuiltinAutomaton<'static>),
    /// Built at run time, stepped byte by byte (see `scan_automaton`);
    /// boxed, as it is large and the built-in one is the common case.
    Runtime {
        nfa: Box<contiguous::NFA>,
        /// Per anchor: whether it starts with a word, and so is searched
        /// with the space before it.
        spaced: Vec<bool>,
    },
}

/// Calls `f(position, key)` for every place an anchor may start: word
/// starts (keyed as [`word_start_keys`] says) and every other non-space
/// character (keyed by itself). A word is skipped in one step: no anchor
/// starts inside one.
fn tokens(text: &str, mut f: impl FnMut(usize, &str)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = if b[i] < 0x80 {
            b[i] as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        let len = c.len_utf8();
        if c == ' ' || c == '\n' {
            i += len;
            continue;
        }
        if !is_word_char(c) {
            f(i, &text[i..i + len]);
            i += len;
            continue;
        }
        if !left_boundary(text, i) {
            i += len;
            continue;
        }
        let token = word_start_keys(text, i, |key| f(i, key));
        i += token.max(len);
    }
}

/// Calls `f(key)` for the word starting at `i`: the whole word, and its
/// prefixes before an inner `'` or `-`, so "troll" is tried in "troll's"
/// and "we" in "we'll". Returns the word's length.
fn word_start_keys(text: &str, i: usize, mut f: impl FnMut(&str)) -> usize {
    let token = first_token(&text[i..]);
    f(token);
    for (k, c) in token.char_indices() {
        if c == '\'' || c == '-' {
            f(&token[..k]);
        }
    }
    token.len()
}

/// The word starts of `text` that do not follow a space, in order: the
/// first word, and words after a paragraph break, punctuation or a mask
/// ("(you", "\"sorry", "\nwe"). The automaton finds anchors only after a
/// space (see [`Matcher::scan_automaton`]); these few are looked up in the
/// word index instead.
struct UnspacedWordStarts<'a> {
    text: &'a str,
    /// Next byte to look at (`None` before the first word was tried).
    at: Option<usize>,
}

impl<'a> UnspacedWordStarts<'a> {
    fn new(text: &'a str) -> Self {
        UnspacedWordStarts { text, at: None }
    }
}

impl Iterator for UnspacedWordStarts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let text = self.text;
        let b = text.as_bytes();
        let Some(mut i) = self.at else {
            self.at = Some(0);
            return if word_char_at(text, 0) {
                Some(0)
            } else {
                self.next()
            };
        };
        while i < b.len() {
            // Word bytes and spaces are the bulk of any text: skip them.
            i += first_not_plain(&b[i..]);
            let Some(&c) = b.get(i) else {
                break;
            };
            let (is_word, len) = if c < 0x80 {
                (false, 1)
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                (is_word_char(ch), ch.len_utf8())
            };
            i += len;
            if !is_word && word_char_at(text, i) && left_boundary(text, i) {
                self.at = Some(i);
                return Some(i);
            }
        }
        self.at = Some(b.len());
        None
    }
}

/// Whether a word character starts at byte `i` of `text`.
fn word_char_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(&c) if c < 0x80 => is_word_byte(c),
        Some(_) => text[i..].chars().next().is_some_and(is_word_char),
    }
}

/// The first token of an anchor or of text at a word start: a run of word
/// characters with inner `'` and `-`, or a single other character.
fn first_token(s: &str) -> &str {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    match chars.peek() {
        Some(&(_, c)) if is_word_char(c) => {}
        Some(&(_, c)) => return &s[..c.len_utf8()],
        None => return "",
    }
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            end = i + c.len_utf8();
        } else if (c == '\'' || c == '-') && chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
            continue;
        } else {
            break;
        }
    }
    &s[..end]
}

/// The anchors (behind a word index, and an automaton once a run scans
/// enough text), the programs, and their owners.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Every program's owners in one flat list: program `p` has
    /// `targets[target_start[p]..target_start[p + 1]]` (read once per hit,
    /// without touching the program itself).
    targets: Vec<Target>,
    target_start: Vec<u32>,
    /// Number of group ids and list ids the owners use (one more than the highest).
    group_ids: usize,
    list_ids: usize,
    /// The automaton, built on demand (see the module docs), and what
    /// decides when; shared by this matcher's clones.
    lazy: std::sync::Arc<Lazy>,
    /// Anchors by first token.
    index: FastMap<Cow<'static, str>, Vec<u32>>,
    /// The anchors the word index finds (each program's `anchored` slots).
    anchors: AnchorTable,
    programs: Vec<Owned>,
}

impl Matcher {
    /// Scans normalized text once and returns every whole-word hit.
    pub fn scan(&self, text: &str) -> Hits {
        let mut hits = self.collector(text);
        // Count scanned bytes only until the automaton exists: the counter is
        // shared by all threads, and touching it on every draft would make
        // them fight over one cache line. The one thread that crosses the
        // line builds the automaton; the others go on with the word index
        // meanwhile instead of waiting for it.
        let deep = self.lazy.deep.get().or_else(|| {
            let crossed = self.lazy.scanned.fetch_add(text.len(), Ordering::Relaxed) + text.len()
                > AUTOMATON_AFTER;
            (crossed && !self.lazy.building.swap(true, Ordering::Relaxed)).then(|| self.deep())
        });
        match deep {
            Some(deep) => self.scan_automaton(deep, text, &mut hits),
            None => self.scan_indexed(text, &mut hits),
        }
        hits.finish()
    }

    /// An empty collector sized for this matcher's ids and for `text`.
    fn collector(&self, text: &str) -> Collector {
        Collector::new(text, self.group_ids, self.list_ids)
    }

    /// Finds anchors with the automaton and verifies their programs.
    ///
    /// Anchors that start with a word are in the automaton with the space
    /// before them (" a", not "a"): searched bare, the one- and two-letter
    /// anchors of the word lists ("a", "u", "at") match inside every other
    /// word, half of all reports on a library, each then refused by the
    /// left-boundary check. The word starts that follow something else than
    /// a space ([`UnspacedWordStarts`]) are looked up in the word index, in
    /// step with the automaton, so hits still come roughly in order.
    ///
    /// The automaton is stepped here byte by byte rather than through the
    /// crate's overlapping iterator: the same states and matches, without a
    /// call and a `Match` per report (the pass is ~10 % faster).
    fn scan_automaton(&self, deep: &Deep, text: &str, hits: &mut Collector) {
        let mut unspaced = UnspacedWordStarts::new(text);
        let mut next_unspaced = unspaced.next();
        let mut found = |a: usize, start: usize, end: usize| {
            while let Some(at) = next_unspaced.filter(|&at| at < start) {
                self.lookup_word_start(text, at, hits);
                next_unspaced = unspaced.next();
            }
            self.verify(text, deep.anchors.steps_of(a), start, end, hits);
        };
        match &deep.finder {
            Finder::Builtin(automaton) => {
                automaton.for_each_match(text.as_bytes(), |a, len, end| {
                    found(a as usize, end - len as usize, end);
                });
            }
            Finder::Runtime { nfa, spaced } => {
                let Ok(mut state) = nfa.start_state(Anchored::No) else {
                    return;
                };
                for (i, &byte) in text.as_bytes().iter().enumerate() {
                    state = nfa.next_state(Anchored::No, state, byte);
                    if !(nfa.is_special(state) && nfa.is_match(state)) {
                        continue;
                    }
                    let end = i + 1;
                    for k in 0..nfa.match_len(state) {
                        let pattern = nfa.match_pattern(state, k);
                        let a = pattern.as_usize();
                        // A word anchor's match starts with the space before it.
                        let start = end - nfa.pattern_len(pattern) + usize::from(spaced[a]);
                        found(a, start, end);
                    }
                }
            }
        }
        while let Some(at) = next_unspaced {
            self.lookup_word_start(text, at, hits);
            next_unspaced = unspaced.next();
        }
    }

    /// Verifies the word-index anchors of the word starting at `at`.
    fn lookup_word_start(&self, text: &str, at: usize, hits: &mut Collector) {
        word_start_keys(text, at, |key| self.lookup(text, at, key, hits));
    }

    /// Verifies the word-index anchors keyed `key` that occur at `at`.
    fn lookup(&self, text: &str, at: usize, key: &str, hits: &mut Collector) {
        let Some(anchors) = self.index.get(key) else {
            return;
        };
        for &a in anchors {
            let anchor = self.anchors.texts[a as usize].as_bytes();
            if text.as_bytes()[at..].starts_with(anchor) {
                let steps = self.anchors.steps_of(a as usize);
                self.verify(text, steps, at, at + anchor.len(), hits);
            }
        }
    }

    /// The automaton and its anchors, built on first use.
    fn deep(&self) -> &Deep {
        self.lazy.deep.get_or_init(|| {
            if self.programs.iter().all(|o| o.anchors.is_some()) {
                return self.builtin_deep();
            }
            let mut anchors = AnchorTable::with_capacity(self.programs.len() * 8);
            for (pid, owned) in self.programs.iter().enumerate() {
                if let Some(pre) = owned.anchors {
                    for (text, trail) in pre.deep.anchors() {
                        let depth = pre.deep.depth as usize;
                        let entry = AnchorEntry::new(pid, owned, depth, trail);
                        anchors.add(Cow::Borrowed(text), entry);
                    }
                    continue;
                }
                let depth = owned.program.anchor_depth_within(DEEP_ANCHOR_PRODUCT);
                for a in owned.program.anchors_to(depth) {
                    anchors.add(a.text, AnchorEntry::new(pid, owned, depth, a.trail));
                }
            }
            let anchors = anchors.finish(|p| self.owners(p));
            // Word anchors with the space before them (see `scan_automaton`).
            let spaced: Vec<bool> = anchors
                .texts
                .iter()
                .map(|a| Program::starts_with_word(a))
                .collect();
            // All patterns in one buffer (a string per anchor was a tenth
            // of the build); each a space and the anchor, or the anchor.
            let mut buffer =
                String::with_capacity(anchors.texts.iter().map(|a| a.len() + 1).sum::<usize>());
            for a in &anchors.texts {
                buffer.push(' ');
                buffer.push_str(a);
            }
            let mut at = 0;
            let patterns = anchors.texts.iter().zip(&spaced).map(|(a, &spaced)| {
                let pattern = &buffer[at + usize::from(!spaced)..at + 1 + a.len()];
                at += 1 + a.len();
                pattern
            });
            // Stepped by hand (see `scan_automaton`): no prefilter to build.
            let nfa = contiguous::NFA::builder()
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(patterns)
                .expect("anchors are short literal strings");
            Deep {
                finder: Finder::Runtime {
                    nfa: Box::new(nfa),
                    spaced,
                },
                anchors,
            }
        })
    }

    /// The automaton of a matcher whose programs are all built-in ones:
    /// the one `build.rs` built over every built-in anchor. Only the anchor
    /// table is made here, from the anchors' pattern ids (anchors of
    /// built-in programs this matcher leaves out get no steps).
    fn builtin_deep(&self) -> Deep {
        let (automaton, patterns) = crate::pack::builtin::builtin_automaton();
        let mut anchors = AnchorTable::of_texts(patterns.map(Cow::Borrowed).collect());
        for (pid, owned) in self.programs.iter().enumerate() {
            let pre = owned.anchors.expect("built-in programs only");
            let depth = pre.deep.depth as usize;
            for (id, trail) in pre.deep.pattern_ids() {
                anchors.add_id(id, AnchorEntry::new(pid, owned, depth, trail));
            }
        }
        Deep {
            finder: Finder::Builtin(automaton),
            anchors: anchors.finish(|p| self.owners(p)),
        }
    }

    /// Builds the automaton over all anchors now, if not built yet (a run
    /// that knows it has a library ahead builds it early, beside the scans).
    pub fn build_automaton(&self) {
        self.lazy.building.store(true, Ordering::Relaxed);
        self.deep();
    }

    /// Finds anchors through the word index: at every word start and at every
    /// other non-space character, look up the anchors that begin with that
    /// token (see [`tokens`]).
    fn scan_indexed(&self, text: &str, hits: &mut Collector) {
        tokens(text, |at, key| self.lookup(text, at, key, hits));
    }

    /// Takes the `steps` of an anchor found at `start..end` and records
    /// their hits.
    fn verify(&self, text: &str, steps: &[Step], start: usize, end: usize, hits: &mut Collector) {
        // Whole phrases all end where the anchor ends, so its right edge is
        // checked once for them all.
        let mut anchor_is_whole_word: Option<bool> = None;
        for step in steps {
            match *step {
                Step::Whole(target) => {
                    if *anchor_is_whole_word.get_or_insert_with(|| ends_at_boundary(text, end)) {
                        hits.push(target, start, end);
                    }
                }
                Step::Rest {
                    program,
                    depth,
                    trail,
                } => {
                    let p = program as usize;
                    let rest = &self.programs[p].program;
                    let Some(end) = rest.match_after(depth as usize, text.as_bytes(), end, trail)
                    else {
                        continue;
                    };
                    if ends_at_boundary(text, end) {
                        for &target in self.owners(p) {
                            hits.push(target, start, end);
                        }
                    }
                }
            }
        }
    }

    /// The owners of program `p`.
    fn owners(&self, p: usize) -> &[Target] {
        &self.targets[self.target_start[p] as usize..self.target_start[p + 1] as usize]
    }

    /// Scans with the automaton regardless of how much was scanned (for
    /// tests and benchmarks comparing both paths).
    pub fn scan_with_automaton(&self, text: &str) -> Hits {
        let mut hits = self.collector(text);
        self.scan_automaton(self.deep(), text, &mut hits);
        hits.finish()
    }

    /// Scans with the word index regardless of size (tests, benchmarks).
    pub fn scan_with_index(&self, text: &str) -> Hits {
        let mut hits = self.collector(text);
        self.scan_indexed(text, &mut hits);
        hits.finish()
    }

    /// Number of anchors of the word index.
    pub fn pattern_count(&self) -> usize {
        self.anchors.texts.len()
    }

    /// Number of compiled phrases.
    pub fn program_count(&self) -> usize {
        self.programs.len()
    }

    /// Bytes of the automaton's tables (0 until it is needed).
    pub fn memory_usage(&self) -> usize {
        self.lazy.deep.get().map_or(0, |d| match &d.finder {
            Finder::Builtin(automaton) => automaton.size(),
            Finder::Runtime { nfa, .. } => nfa.memory_usage(),
        })
    }

    /// The anchors of the automaton, in its order (for benchmarks).
    pub fn anchors(&self) -> &[Cow<'static, str>] {
        &self.deep().anchors.texts
    }

    /// Every literal phrase the programs stand for, each program expanded to
    /// at most `cap` variants, sorted and deduplicated: what a plain phrase
    /// matcher would have to put in its automaton (the benchmark baseline).
    pub fn phrase_literals(&self, cap: usize) -> Vec<String> {
        let mut out: Vec<String> = self
            .programs
            .iter()
            .flat_map(|o| o.program.literals(cap))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// No word continues across `at` from the left: the previous character is not
/// a word character, nor an apostrophe or hyphen joined to one (`don't`).
fn left_boundary(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    // Plain ASCII before `at`: read the bytes (the usual case, millions of
    // times per library).
    if at >= 2 && b[at - 1] < 0x80 && b[at - 2] < 0x80 {
        return match b[at - 1] {
            c if is_word_byte(c) => false,
            b'\'' | b'-' => !is_word_byte(b[at - 2]),
            _ => true,
        };
    }
    let mut back = text[..at].chars().rev();
    match back.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('\'' | '-') => !back.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// Whether a phrase may end at `at`: it ends in something other than a
/// word character, or no word continues after it ([`right_boundary`]).
fn ends_at_boundary(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    // Plain ASCII around `at` (the usual case, once per anchor hit): the
    // same tests as below on bytes.
    if at >= 1 && at + 3 <= b.len() {
        let (last, next, after) = (b[at - 1], b[at], b[at + 1]);
        if (last | next | after | b[at + 2]) < 0x80 {
            return !is_word_byte(last)
                || match next {
                    c if is_word_byte(c) => false,
                    b'\'' if after == b's' => !is_word_byte(b[at + 2]),
                    b'\'' | b'-' => !is_word_byte(after),
                    _ => true,
                };
        }
    }
    let last_is_word = match text.as_bytes()[..at].last() {
        None => false,
        Some(&c) if c < 0x80 => is_word_byte(c),
        Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
    };
    !last_is_word || right_boundary(text, at)
}

/// Mirror of [`left_boundary`] for the character after `at`, except that a
/// possessive `'s` ends a word ("the L2 team's queue" holds "l2 team").
fn right_boundary(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    if b.len() >= at + 3 && b[at..at + 3].is_ascii() {
        return match b[at] {
            c if is_word_byte(c) => false,
            b'\'' if b[at + 1] == b's' => !is_word_byte(b[at + 2]),
            b'\'' | b'-' => !is_word_byte(b[at + 1]),
            _ => true,
        };
    }
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
            b.add(
                p,
                compile(p, &Variants::default()).unwrap(),
                Target::Group(i as u32),
            );
        }
        b.build().unwrap()
    }

    #[test]
    fn hit_sort_matches_a_comparison_sort() {
        // Almost sorted, reversed, sparse ids, repeats, short: all must come
        // out as `sort_unstable` + `dedup` would have them.
        let mut rng = crate::testing::Lcg::new(7);
        let mut rand = |n: usize| rng.below(n);
        for case in 0..200 {
            let n = rand(300);
            let ids = if case % 7 == 0 { 100_000 } else { 70 };
            let mut hits: Vec<Hit> = (0..n)
                .map(|i| {
                    let start = if case % 5 == 0 { n - i } else { i + rand(6) };
                    Hit {
                        id: rand(ids) as u32,
                        start,
                        end: start + rand(4),
                    }
                })
                .collect();
            if case % 3 == 0 {
                let copy = hits.clone();
                hits.extend(copy);
            }
            let mut want = hits.clone();
            want.sort_unstable();
            want.dedup();
            sort_hits(&mut hits);
            assert_eq!(hits, want, "case {case}");
        }
    }

    #[test]
    fn collected_hits_come_out_as_a_comparison_sort_would_order_them() {
        // Hits pushed mostly in order, with late ones, repeats next to each
        // other and far apart, and ids beyond a small table (the general path).
        let mut rng = crate::testing::Lcg::new(11);
        let mut rand = |n: usize| rng.below(n);
        for case in 0..300 {
            let n = rand(200);
            let ids = [3, 70, 5000][case % 3];
            let mut all = Vec::new();
            let mut at = 0;
            for _ in 0..n {
                at += rand(5);
                let start = if rand(10) == 0 {
                    at.saturating_sub(rand(20))
                } else {
                    at
                };
                let hit = Hit {
                    id: rand(ids) as u32,
                    start,
                    end: start + 1 + rand(4),
                };
                all.push(hit);
                if rand(8) == 0 {
                    all.push(hit);
                }
                if rand(16) == 0 && !all.is_empty() {
                    all.push(all[rand(all.len())]);
                }
            }
            let mut unsorted = Unsorted::new(ids, 0);
            for &h in &all {
                unsorted.push(h);
            }
            let (got, start) = unsorted.finish();
            let mut want = all.clone();
            want.sort_unstable();
            want.dedup();
            assert_eq!(got, want, "case {case}");
            if let Some(start) = start {
                for id in 0..ids.min(start.len().saturating_sub(1)) {
                    let own = &got[start[id] as usize..start[id + 1] as usize];
                    assert!(
                        own.iter().all(|h| h.id as usize == id),
                        "case {case}, id {id}"
                    );
                }
                assert_eq!(*start.last().unwrap() as usize, got.len(), "case {case}");
            }
        }
    }

    #[test]
    fn unspaced_word_starts_are_every_word_start_not_after_a_space() {
        // The definition: a word character where a word may begin, not right
        // after a space.
        let alphabet = [
            "a", "b", "1", "_", " ", " ", "'", "-", "(", "\"", "\n", ".", "é", "ß", "—", "😀",
            "\u{1a}",
        ];
        let mut rng = crate::testing::Lcg::new(5);
        for _ in 0..5000 {
            let t = rng.text(&alphabet, 16);
            let want: Vec<usize> = (0..t.len())
                .filter(|&i| t.is_char_boundary(i))
                .filter(|&i| word_char_at(&t, i) && left_boundary(&t, i))
                .filter(|&i| i == 0 || t.as_bytes()[i - 1] != b' ')
                .collect();
            let got: Vec<usize> = UnspacedWordStarts::new(&t).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn phrase_ends_match_their_definition_on_characters() {
        // A phrase may end at `at` when its last character is no word
        // character, or no word goes on after it (a possessive 's ends one).
        fn by_definition(t: &str, at: usize) -> bool {
            let word = |c: Option<char>| c.is_some_and(is_word_char);
            let mut fwd = t[at..].chars();
            let right = match fwd.next() {
                None => true,
                Some(c) if is_word_char(c) => false,
                Some('\'') => match fwd.next() {
                    Some('s') => !word(fwd.next()),
                    c => !word(c),
                },
                Some('-') => !word(fwd.next()),
                Some(_) => true,
            };
            !word(t[..at].chars().next_back()) || right
        }
        let alphabet = ["a", "s", "_", "1", " ", "'", "-", "é", ".", "😀", "'s"];
        let mut rng = crate::testing::Lcg::new(19);
        for _ in 0..5000 {
            let t = rng.text(&alphabet, 12);
            for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(
                    ends_at_boundary(&t, at),
                    by_definition(&t, at),
                    "{t:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn boundaries_read_the_same_with_and_without_ascii_neighbours() {
        // (text, position, left boundary, right boundary) with ASCII and
        // non-ASCII characters on either side of the apostrophe or hyphen.
        for (t, at, left, right) in [
            ("don't", 3, false, false),
            ("é't", 2, false, false),
            ("é't", 3, false, false),
            ("x 't", 3, true, false),
            ("team's queue", 4, false, true),
            ("team's", 4, false, true),
            ("teamé's", 6, false, true),
            ("team'sx", 4, false, false),
            ("follow-up", 6, false, false),
            ("follow-é", 6, false, false),
            ("a-", 1, false, true),
            ("ab-cd", 3, false, false),
            ("ab -cd", 4, true, false),
            ("", 0, true, true),
        ] {
            assert_eq!(left_boundary(t, at), left, "left of {at} in {t:?}");
            assert_eq!(right_boundary(t, at), right, "right of {at} in {t:?}");
        }
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
        let verbs = (0..60)
            .map(|i| format!("verb{i}"))
            .collect::<Vec<_>>()
            .join("|");
        let p = format!("(we|i) (can|could) ({verbs}) (it|that)");
        let m = matcher(&[&p]);
        assert!(m.pattern_count() <= 8, "anchors: {}", m.pattern_count());
        let h = m.scan("yes we could verb42 that, i can verb7 it. we can verb7 this");
        let spans: Vec<_> = h.groups.iter().map(|h| (h.start, h.end)).collect();
        assert_eq!(spans.len(), 2, "{spans:?}");
    }

    #[test]
    fn index_and_automaton_agree() {
        let m = matcher(&[
            "troll",
            "!!",
            "you're wrong",
            "no(,|) it (doesn't|didn't)",
            "rip-off",
            "we can",
        ]);
        for t in [
            "the troll's post!!! you're wrong. no it didn't. a rip-off, we can't, we can",
            "trolls!",
            "!!!!",
        ] {
            let a = m.scan_with_index(t);
            let b = m.scan_with_automaton(t);
            assert_eq!(
                (a.groups.clone(), a.lists.clone()),
                (b.groups, b.lists),
                "{t}"
            );
        }
        assert_eq!(first_token("don't stop"), "don't");
        assert_eq!(first_token("!!x"), "!");
        assert_eq!(first_token("rip-off deal"), "rip-off");
    }
}
