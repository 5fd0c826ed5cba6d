//! The team pack shown in `docs/lint-packs.md` loads, and its examples hold.

use replylint::pack::PackText;
use replylint::{Draft, Linter, Settings};
use std::sync::Arc;

/// The first ```toml block of the doc that defines `id = ...`.
fn doc_pack() -> String {
    let doc = include_str!("../docs/lint-packs.md");
    doc.split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.contains("\nid = "))
        .expect("a pack in docs/lint-packs.md")
        .to_string()
}

#[test]
fn documented_team_pack_works() {
    let mut packs = PackText::builtins();
    packs.push(PackText {
        path: "acme/no-jargon.toml".into(),
        text: Arc::from(doc_pack()),
        builtin: false,
    });
    let linter = Linter::new(&packs, Settings::default()).unwrap_or_else(|e| panic!("{e:?}"));
    let idx = linter
        .catalog()
        .rule_index("acme/no-jargon")
        .expect("team rule loaded");
    let rule = &linter.catalog().rules[idx];
    assert_eq!(rule.examples.len(), 2);
    for e in &rule.examples {
        let found = linter.lint(&Draft::new(&e.text));
        let mut got: Vec<&str> = found
            .iter()
            .filter(|d| d.rule == rule.id)
            .map(|d| &e.text[d.span.clone()])
            .collect();
        got.sort();
        let mut want: Vec<&str> = e.flags.iter().map(String::as_str).collect();
        want.sort();
        assert_eq!(got, want, "{}", e.text);
    }
    // The context condition: "backend" is fine in a developer's own question.
    let d = Draft::new("The backend is being updated tonight.");
    assert!(linter.lint(&d).iter().any(|x| &*x.rule == "acme/no-jargon"));
    let d = d.with_context("Which backend SDK should a developer use?");
    assert!(!linter.lint(&d).iter().any(|x| &*x.rule == "acme/no-jargon"));
}

#[test]
fn a_team_pack_must_namespace_its_id() {
    let mut packs = PackText::builtins();
    packs.push(PackText {
        path: "mine.toml".into(),
        text: Arc::from(doc_pack().replace("acme/no-jargon", "no-jargon")),
        builtin: false,
    });
    let errors = Linter::new(&packs, Settings::default()).unwrap_err();
    assert!(
        errors[0].message.contains("needs a namespace"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].line_col().map(|l| l.0), Some(2));
}

#[test]
fn a_misspelt_key_is_located_with_a_suggestion() {
    let mut packs = PackText::builtins();
    packs.push(PackText {
        path: "acme.toml".into(),
        text: Arc::from(doc_pack().replace("phrases = [\"backend\"]", "phrase = [\"backend\"]")),
        builtin: false,
    });
    let errors = Linter::new(&packs, Settings::default()).unwrap_err();
    let e = &errors[0];
    assert!(
        e.message.contains("unknown field `phrase`"),
        "{}",
        e.message
    );
    assert_eq!(e.help.as_deref(), Some("did you mean `phrases`?"));
    assert!(e.line_col().is_some());
}
