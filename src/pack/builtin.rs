//! The built-in packs' tables that `build.rs` compiled: the automaton over
//! every built-in anchor and the anchors themselves, read in place. They
//! sit apart from the pack loader so that the matcher, which steps the
//! automaton, need not import the loader that builds matchers.

pub(crate) mod precompiled {
    include!(concat!(env!("OUT_DIR"), "/precompiled.rs"));
}

/// The automaton anchors of all built-in programs (see
/// [`crate::matcher::DeepAnchors`]): `(start, end, trail, pattern id)`,
/// and the text they are ranges of.
pub(crate) fn deep_anchor_table() -> (&'static [(u32, u32, bool, u32)], &'static str) {
    (precompiled::DEEP_ANCHORS, deep_text())
}

/// The texts of all built-in automaton anchors, one after the other.
fn deep_text() -> &'static str {
    static TEXT: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        std::str::from_utf8(&precompiled::DEEP_TEXT).expect("build.rs writes UTF-8")
    })
}

/// The automaton `build.rs` built over the distinct automaton anchors of
/// all built-in programs, and each pattern's anchor text. A pattern id is
/// the `id` of [`deep_anchor_table`] entries with that text.
pub(crate) fn builtin_automaton() -> (
    crate::automaton::Automaton<'static>,
    impl ExactSizeIterator<Item = &'static str>,
) {
    let text = deep_text();
    let automaton = crate::automaton::Automaton::from_bytes(
        &precompiled::AUTOMATON_CLASSES,
        precompiled::AUTOMATON,
    );
    let patterns = precompiled::AUTOMATON_PATTERNS
        .iter()
        .map(move |&(start, end)| &text[start as usize..end as usize]);
    (automaton, patterns)
}
