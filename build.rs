//! Build-time work for the built-in lint packs:
//!
//! 1. embeds every `lints/*.toml` in the binary (`builtin_packs.rs`), so
//!    replylint works from any directory and adding a pack file needs no Rust
//!    change;
//! 2. compiles every phrase of those packs to its slot program and its
//!    anchors (the word index's and the automaton's) ahead of time
//!    (`precompiled.rs`), with the very code the library uses at run time
//!    (`src/pack/phrase.rs`, included below). Compiling ~2,000 phrases costs
//!    a few milliseconds, more than linting a reply; a run finds them here
//!    instead. A phrase missing from the table (a team pack's) is compiled at
//!    run time as usual.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

#[path = "src/text/normalize.rs"]
#[allow(dead_code)]
mod normalize;

#[path = "src/text/bytes.rs"]
#[allow(dead_code)]
pub mod bytes;

/// What `src/pack/phrase.rs` imports as `crate::text`.
#[allow(unused_imports)]
mod text {
    pub use super::bytes;
    pub use super::normalize::{MASK, Normalized, is_word_char};
}

#[path = "src/pack/phrase.rs"]
#[allow(dead_code)]
mod phrase;

#[path = "src/automaton.rs"]
#[allow(dead_code)]
mod automaton;

fn main() {
    link_position_dependent();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lints");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/pack/phrase.rs");
    println!("cargo:rerun-if-changed=src/text/normalize.rs");
    println!("cargo:rerun-if-changed=src/automaton.rs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("lints/ directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let out_dir = std::env::var("OUT_DIR").unwrap();
    write_dictionary_index(&dir.join("english-words.txt"), &out_dir);
    for (file, name) in [
        ("pos-lexicon.tsv", "pos_lexicon"),
        ("sentiment.tsv", "sentiment"),
        ("profanity.txt", "profanity"),
    ] {
        write_lexicon_index(&dir.join("lexicon").join(file), name, &out_dir);
    }
    write_pos_patches(&dir.join("lexicon").join("pos-patches.txt"), &out_dir);

    let mut embed = String::from("&[\n");
    let mut variant_sets: Vec<Vec<String>> = Vec::new();
    let mut phrases: BTreeSet<String> = BTreeSet::new();
    for n in &names {
        let path = dir.join(n);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            embed,
            "    ({n:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        // A pack that does not parse is reported at run time, with its location.
        let Ok(value) = text.parse::<toml::Table>() else {
            continue;
        };
        if let Some(v) = value.get("variants").and_then(|v| v.as_array()) {
            for set in v {
                if let Some(set) = set.as_array() {
                    variant_sets.push(
                        set.iter()
                            .filter_map(|s| s.as_str().map(String::from))
                            .collect(),
                    );
                }
            }
        }
        if let Some(lists) = value.get("lists").and_then(|l| l.as_table()) {
            for (_, list) in lists {
                collect(list, &mut phrases);
            }
        }
        if let Some(groups) = value.get("match").and_then(|m| m.as_array()) {
            for g in groups {
                if let Some(t) = g.as_table() {
                    for (_, v) in t {
                        collect(v, &mut phrases);
                    }
                }
            }
        }
    }
    embed.push(']');
    std::fs::write(Path::new(&out_dir).join("builtin_packs.rs"), embed).unwrap();

    let variants = phrase::Variants::new(&variant_sets);
    let mut table = String::new();
    writeln!(
        table,
        "/// Fingerprint of the variant sets these programs were compiled with."
    )
    .unwrap();
    writeln!(
        table,
        "pub const VARIANTS_FINGERPRINT: u64 = {};",
        phrase::fingerprint(&variant_sets)
    )
    .unwrap();
    writeln!(table, "use crate::pack::phrase::Piece;").unwrap();
    writeln!(table, "use std::borrow::Cow;").unwrap();
    writeln!(
        table,
        "/// `(source, slots of pieces, anchored, anchors of (text, trail))`, sorted by source."
    )
    .unwrap();
    writeln!(table, "#[allow(clippy::type_complexity)]").unwrap();
    writeln!(
        table,
        "pub static PROGRAMS: &[(&str, &[&[Piece]], usize, &[(&str, bool)])] = &["
    )
    .unwrap();
    // The automaton's longer anchors of each program, in the same order, in
    // tables of their own, all their texts in one string: a run that checks
    // one reply looks programs up in the first table and never reads these
    // (strings of their own were spread among the ones it does read).
    let mut deep = String::from(
        "/// Per program of `PROGRAMS`, in its order: its automaton anchors.\n\
         pub static DEEP: &[crate::matcher::DeepAnchors] = &[\n",
    );
    let mut deep_anchors = String::from(
        "/// `(start, end, trail, id)` of each anchor: its text in `DEEP_TEXT`,\n\
         /// and its pattern id in `AUTOMATON` (one per distinct text).\n\
         pub static DEEP_ANCHORS: &[(u32, u32, bool, u32)] = &[\n",
    );
    let mut deep_text = String::new();
    let mut deep_count = 0;
    // Distinct anchor texts, in order of first use: the automaton's patterns.
    let mut pattern_ids: std::collections::HashMap<String, u32> = Default::default();
    let mut patterns: Vec<(usize, usize)> = Vec::new();
    for p in &phrases {
        let Ok(prog) = phrase::compile(p, &variants) else {
            continue;
        };
        write!(table, "    ({p:?}, &[").unwrap();
        for slot in &prog.slots {
            write!(table, "&[").unwrap();
            for piece in slot.iter() {
                write!(
                    table,
                    "Piece {{ text: Cow::Borrowed({:?}), lead: {}, trail: {} }},",
                    piece.text, piece.lead, piece.trail
                )
                .unwrap();
            }
            write!(table, "],").unwrap();
        }
        write!(table, "], {}, &[", prog.anchored).unwrap();
        for a in prog.anchors() {
            write!(table, "({:?}, {}),", a.text, a.trail).unwrap();
        }
        writeln!(table, "]),").unwrap();
        // Expanding these was the slowest part of building the automaton
        // at run time.
        let depth = prog.anchor_depth_within(phrase::DEEP_ANCHOR_PRODUCT);
        let anchors = prog.anchors_to(depth);
        writeln!(
            deep,
            "    crate::matcher::DeepAnchors {{ depth: {depth}, first: {deep_count}, count: {} }},",
            anchors.len()
        )
        .unwrap();
        for a in anchors {
            let start = deep_text.len();
            deep_text.push_str(&a.text);
            let id = *pattern_ids.entry(a.text.to_string()).or_insert_with(|| {
                patterns.push((start, deep_text.len()));
                (patterns.len() - 1) as u32
            });
            writeln!(
                deep_anchors,
                "    ({start}, {}, {}, {id}),",
                deep_text.len(),
                a.trail
            )
            .unwrap();
            deep_count += 1;
        }
    }
    table.push_str("];\n");
    table.push_str(&deep);
    table.push_str("];\n");
    table.push_str(&deep_anchors);
    table.push_str("];\n");
    // A byte array of its own rather than a string literal: literals are
    // pooled with the strings a one-reply run does read, and 350 KB among
    // them made that run measurably slower (0.1 ms) without being read.
    let deep_path = Path::new(&out_dir).join("deep_anchors.txt");
    std::fs::write(&deep_path, &deep_text).unwrap();
    writeln!(
        table,
        "/// The texts of all automaton anchors, one after the other (UTF-8).\n\
         pub static DEEP_TEXT: [u8; {}] = *include_bytes!({:?});",
        deep_text.len(),
        deep_path.display().to_string()
    )
    .unwrap();
    write_automaton(&deep_text, &patterns, &out_dir, &mut table);
    std::fs::write(Path::new(&out_dir).join("precompiled.rs"), table).unwrap();
}

/// Builds the automaton over the distinct deep anchors (`patterns`, ranges
/// of `text`) with `src/automaton.rs`, writes its bytes beside the tables
/// and their declarations into `table`. An anchor that starts with a word
/// is searched with the space before it, and reported without it (why:
/// `Matcher::scan_automaton`).
fn write_automaton(text: &str, patterns: &[(usize, usize)], out_dir: &str, table: &mut String) {
    let searched: Vec<String> = patterns
        .iter()
        .map(|&(start, end)| phrase::Program::searched(&text[start..end]))
        .collect();
    let with_len: Vec<(&[u8], u32)> = searched
        .iter()
        .zip(patterns)
        .map(|(s, &(start, end))| (s.as_bytes(), (end - start) as u32))
        .collect();
    let tables = automaton::build(&with_len);
    let path = Path::new(out_dir).join("anchor_automaton.bin");
    // In the target's byte order: the binary reads the words in place.
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").as_deref() == Ok("big");
    let bytes: Vec<u8> = tables
        .words
        .iter()
        .flat_map(|w| {
            if big_endian {
                w.to_be_bytes()
            } else {
                w.to_le_bytes()
            }
        })
        .collect();
    std::fs::write(&path, bytes).unwrap();
    writeln!(
        table,
        "/// Patterns of `AUTOMATON`: `(start, end)` of each in `DEEP_TEXT`.\n\
         pub static AUTOMATON_PATTERNS: &[(u32, u32)] = &{:?};",
        patterns
            .iter()
            .map(|&(s, e)| (s as u32, e as u32))
            .collect::<Vec<_>>()
    )
    .unwrap();
    writeln!(
        table,
        "/// Byte classes of `AUTOMATON` (src/automaton.rs).\n\
         pub static AUTOMATON_CLASSES: [u8; 256] = {:?};",
        tables.classes
    )
    .unwrap();
    writeln!(
        table,
        "/// The automaton over all deep anchors (src/automaton.rs), in place.\n\
         pub static AUTOMATON: &crate::automaton::Aligned<[u8]> =\n    \
         &crate::automaton::Aligned(*include_bytes!({:?}));",
        path.display().to_string()
    )
    .unwrap();
}

/// Adds the phrase strings of a TOML value (strings and arrays of strings),
/// leaving out `@list` references.
fn collect(v: &toml::Value, out: &mut BTreeSet<String>) {
    match v {
        toml::Value::String(s) if !s.starts_with('@') => {
            out.insert(s.clone());
        }
        toml::Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
        _ => {}
    }
}

/// On Linux with GNU tools, links the `replylint` binary as a classic
/// position-dependent executable. A position-independent one makes the
/// loader patch every pointer of the built-in tables (thousands of phrase
/// strings) at each start, which measured ~1 ms of a ~6.7 ms one-reply run
/// (docs/performance.md). Only the binary is affected, not the library.
fn link_position_dependent() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Where each two-letter start of the shouting dictionary begins
/// (`src/caps.rs`): the dictionary is sorted, one lower-case a-z word per
/// line, so the words starting "ab" are one stretch of the text. Key of a
/// word: `27 * first + second`, with second 0 for a one-letter word and
/// `1 + letter` otherwise; `start[k]..start[k + 1]` is key `k`'s stretch.
fn write_dictionary_index(path: &Path, out_dir: &str) {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).expect("lints/english-words.txt");
    // Bytes of each key's stretch, then their running sums.
    let mut start = vec![0usize; 27 * 26 + 1];
    let mut previous = "";
    for line in text.split_inclusive('\n') {
        let word = line.trim_end();
        let b = word.as_bytes();
        assert!(
            !b.is_empty() && b.iter().all(u8::is_ascii_lowercase) && previous < word,
            "english-words.txt: {line:?} is not a lower-case a-z word after {previous:?}"
        );
        previous = word;
        let key =
            27 * usize::from(b[0] - b'a') + b.get(1).map_or(0, |&c| 1 + usize::from(c - b'a'));
        start[key + 1] += line.len();
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut out = String::from("[");
    for s in &start {
        write!(out, "{s},").unwrap();
    }
    out.push(']');
    std::fs::write(Path::new(out_dir).join("english_index.rs"), out).unwrap();
}

/// Where each entry line of a sorted lexicon file (`lints/lexicon/*`)
/// starts, so `src/nlp/lexicon.rs` can binary-search the embedded text
/// without parsing it at run time. Lines starting with `#` are comments; an
/// entry is `key` or `key<TAB>value`, and keys must be sorted by their bytes
/// and unique (checked here: a lexicon edited by hand cannot break lookups).
fn write_lexicon_index(path: &Path, name: &str, out_dir: &str) {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut entries: Vec<[u32; 3]> = Vec::new();
    let mut previous: Option<&str> = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let key = body.split('\t').next().unwrap_or("");
        assert!(
            !key.is_empty() && previous.is_none_or(|p| p.as_bytes() < key.as_bytes()),
            "{}: {key:?} is empty or not after {previous:?} (keys sorted by bytes, unique)",
            path.display()
        );
        previous = Some(key);
        let at32 = |n: usize| u32::try_from(n).expect("lexicon under 4 GB");
        entries.push([at32(at), at32(at + key.len()), at32(at + body.len())]);
    }
    let mut out = String::from("&[");
    for [s, k, e] in &entries {
        write!(out, "[{s},{k},{e}],").unwrap();
    }
    out.push(']');
    std::fs::write(Path::new(out_dir).join(format!("{name}_index.rs")), out).unwrap();
}

/// The tagger's patches (`lints/lexicon/pos-patches.txt`) as a Rust table
/// of `crate::nlp::tagger::Patch` (see that module for the line syntax).
fn write_pos_patches(path: &Path, out_dir: &str) {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).expect("pos-patches.txt");
    let tag = |name: &str| -> String {
        const TAGS: [&str; 17] = [
            "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
        ];
        assert!(
            TAGS.contains(&name),
            "pos-patches.txt: unknown tag {name:?}"
        );
        let mut c = name.to_lowercase();
        c[..1].make_ascii_uppercase();
        format!("Upos::{c}")
    };
    let offset = |spec: &str| -> (i8, String) {
        // `word[+1]=x` -> (1, "x")
        let open = spec.find('[').expect("[offset]");
        let close = spec.find(']').expect("[offset]");
        let k: i8 = spec[open + 1..close].parse().expect("offset");
        (k, spec[close + 2..].to_string())
    };
    let mut out = String::from("{ use crate::nlp::tagger::{Criterion, Patch, Upos}; &[\n");
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let (from, to, rest) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().expect("criteria"),
        );
        let mut crits = Vec::new();
        for c in rest.split(" & ") {
            let c = c.trim();
            if let Some(pair) = c.strip_prefix("between=") {
                let (a, b) = pair.split_once(',').expect("between=A,B");
                crits.push(format!("Criterion::Between({}, {})", tag(a), tag(b)));
            } else if c.starts_with("word[") {
                let (k, w) = offset(c);
                crits.push(format!("Criterion::WordIs({k}, {w:?})"));
            } else if c.starts_with("tag[") {
                let (k, t) = offset(c);
                crits.push(format!("Criterion::TagIs({k}, {})", tag(&t)));
            } else if c.starts_with("anytag[") {
                let (k, t) = offset(c);
                crits.push(format!("Criterion::AnyTag({k}, {})", tag(&t)));
            } else {
                panic!("pos-patches.txt: unknown criterion {c:?}");
            }
        }
        writeln!(
            out,
            "Patch {{ from: {}, to: {}, criteria: &[{}] }},",
            tag(from),
            tag(to),
            crits.join(", ")
        )
        .unwrap();
    }
    out.push_str("] }");
    std::fs::write(Path::new(out_dir).join("pos_patches.rs"), out).unwrap();
}
