//! Linting arbitrary text with an arbitrary context and channel: no panic,
//! every span inside the draft on character boundaries, deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replylint::{Channel, Draft, Linter};
use std::sync::OnceLock;

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::builtin().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let channel = match first % 3 {
        0 => None,
        1 => Some(Channel::Public),
        _ => Some(Channel::Private),
    };
    let text = String::from_utf8_lossy(rest);
    // A NUL separates the draft from the customer's message.
    let (draft, context) = match text.split_once('\0') {
        Some((d, c)) => (d, Some(c)),
        None => (&*text, None),
    };
    let mut d = Draft::new(draft);
    d.context = context;
    d.channel = channel;
    let found = linter().lint(&d);
    for f in &found {
        assert!(f.span.start <= f.span.end && f.span.end <= draft.len());
        assert!(draft.is_char_boundary(f.span.start) && draft.is_char_boundary(f.span.end));
        for s in &f.suggestions {
            assert!(s.span.end <= draft.len());
            assert!(draft.is_char_boundary(s.span.start) && draft.is_char_boundary(s.span.end));
        }
    }
    assert_eq!(found, linter().lint(&d));
});
