//! The word index and the automaton find exactly the same hits, on every
//! fixture text of the project.

use replylint::Linter;
use replylint::Settings;
use replylint::pack::PackText;
use replylint::text::Normalized;
use std::path::Path;
use std::sync::Arc;

fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                out.extend(t.split("\n\n").map(String::from));
                out.push(t);
            }
        }
    }
    // Adversarial shapes: glued words, apostrophes, hyphens, punctuation runs.
    out.extend(
        [
            "we'll sort it, you're wrong!!! troll's rip-off, can't won't don't, no. nope! y'all",
            "calm-down calmdown you'rewrong we''ll !!?! ?!?! ... -- '' \"\" `x`",
            // Words after something else than a space: the text's start,
            // paragraph breaks, punctuation, masks, non-ASCII symbols.
            "you're wrong.\n\nwe can't.(calm down)\"you're wrong\"/troll",
            "«you're wrong» 😀calm down —we can ¿no it didn't? x'calm down",
            "@someone you're wrong http://x.y calm down {{name}}troll",
        ]
        .map(String::from),
    );
    out
}

#[test]
fn index_and_automaton_agree_on_every_fixture() {
    agree(&Linter::builtin().unwrap());
}

/// A team pack with a spelling variant of its own changes how every phrase
/// expands, so nothing compiled at build time is used: every program and
/// anchor (the automaton's too) is computed at run time.
#[test]
fn index_and_automaton_agree_when_everything_is_compiled_at_run_time() {
    let mut packs = PackText::builtins();
    packs.push(PackText {
        path: "team/variants.toml".into(),
        text: Arc::from("variants = [[\"refund\", \"reimbursement\"]]\n"),
        builtin: false,
    });
    let linter = Linter::new(&packs, Settings::default()).unwrap();
    agree(&linter);
    // The variant took effect: the run-time programs are the ones in use.
    let m = &linter.catalog().matcher;
    let text = Normalized::new("we can't give you a reimbursement, per our policy").text;
    let builtin = Linter::builtin().unwrap();
    let before = builtin.catalog().matcher.scan_with_automaton(&text);
    let after = m.scan_with_automaton(&text);
    assert!(after.groups.len() + after.lists.len() > before.groups.len() + before.lists.len());
}

fn agree(linter: &Linter) {
    let m = &linter.catalog().matcher;
    let mut compared = 0;
    for t in texts() {
        let norm = Normalized::new(&t);
        let a = m.scan_with_index(&norm.text);
        let b = m.scan_with_automaton(&norm.text);
        assert_eq!(a.groups, b.groups, "group hits differ on {t:?}");
        assert_eq!(a.lists, b.lists, "list hits differ on {t:?}");
        compared += 1;
    }
    assert!(compared > 100);
}
