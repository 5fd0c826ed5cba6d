//! The built-in lint packs: they parse, match the catalogue, and their inline
//! `[[example]]`s hold (harper's `test`/`allows`, run for every pack).

use replylint::pack::schema::Engine;
use replylint::pack::{CATALOGUE, Catalog, PackText};
use replylint::rules::CODE_RULES;
use replylint::{Channel, Draft, Linter};
use std::sync::OnceLock;

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::builtin().expect("built-in packs load"))
}

#[test]
fn builtin_packs_are_exactly_the_catalogue() {
    let cat = linter().catalog();
    let ids: Vec<&str> = cat.rule_ids().collect();
    let expected: Vec<&str> = CATALOGUE.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids, expected,
        "lints/ must hold exactly the catalogue's rules, in order"
    );
    for (id, severity) in CATALOGUE {
        let r = &cat.rules[cat.rule_index(id).unwrap()];
        assert_eq!(r.severity, *severity, "default severity of `{id}`");
        assert_eq!(
            r.origin,
            format!("lints/{id}.toml"),
            "file stem must equal the id"
        );
        assert!(
            r.group == "triggers" || r.group == "whole-reply" || r.group.starts_with("rule-"),
            "group of `{id}`"
        );
        assert!(
            !r.message.ends_with('.'),
            "message of `{id}` must not end with a period"
        );
        assert!(
            r.why.is_some() && r.not.is_some() && r.better.is_some(),
            "`{id}` needs why, not and better"
        );
    }
}

#[test]
fn rust_rules_and_packs_correspond() {
    let cat = linter().catalog();
    for (id, _) in CODE_RULES {
        let r = cat.rule_index(id).map(|i| &cat.rules[i]);
        assert!(
            r.is_some_and(|r| r.engine == Engine::Rust),
            "`{id}` has Rust code but no `engine = \"rust\"` pack"
        );
    }
    for r in &cat.rules {
        if r.engine == Engine::Rust {
            assert!(
                CODE_RULES.iter().any(|(id, _)| *id == &*r.id),
                "`{}` says engine = rust but has no code",
                r.id
            );
        }
    }
}

#[test]
fn every_pack_has_examples_both_ways() {
    for r in &linter().catalog().rules {
        assert!(
            r.examples.iter().any(|e| !e.flags.is_empty()),
            "`{}` needs an example it flags",
            r.id
        );
        assert!(
            r.examples.iter().any(|e| e.flags.is_empty()),
            "`{}` needs an example it must not flag",
            r.id
        );
    }
}

#[test]
fn inline_examples_hold() {
    let mut failures = Vec::new();
    let l = linter();
    for r in &l.catalog().rules {
        for e in &r.examples {
            let draft = Draft {
                text: &e.text,
                context: e.context.as_deref(),
                channel: e.channel.or(Some(Channel::Public)),
            };
            let found = l.lint(&draft);
            let mut got: Vec<String> = found
                .iter()
                .filter(|d| d.rule == r.id)
                .map(|d| {
                    if d.draft_level {
                        "*".to_string()
                    } else {
                        e.text[d.span.clone()].to_string()
                    }
                })
                .collect();
            got.sort();
            let mut want = e.flags.clone();
            want.sort();
            if got != want {
                failures.push(format!(
                    "{}: {:?}\n    want {:?}\n    got  {:?}",
                    r.id, e.text, want, got
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_pack_file_parses_on_its_own_terms() {
    // Loading twice must give the same catalogue (deterministic compile).
    let a = Catalog::load(&PackText::builtins()).unwrap();
    let b = Catalog::load(&PackText::builtins()).unwrap();
    assert_eq!(a.matcher.pattern_count(), b.matcher.pattern_count());
    assert_eq!(a.groups.len(), b.groups.len());
}
