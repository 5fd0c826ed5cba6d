//! The generated docs in `docs/rules/` match the packs. Run with
//! `REPLYLINT_BLESS=1` to rewrite them after changing a pack.

use replylint::Linter;
use replylint::docs::{rule_markdown, rules_index_markdown};
use std::path::Path;

fn check(path: &Path, want: &str, stale: &mut Vec<String>) {
    if std::env::var_os("REPLYLINT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have != want {
        stale.push(path.display().to_string());
    }
}

#[test]
fn rule_docs_are_fresh() {
    let linter = Linter::builtin().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let mut stale = Vec::new();
    for r in &linter.catalog().rules {
        check(
            &dir.join(format!("{}.md", r.id)),
            &rule_markdown(r),
            &mut stale,
        );
    }
    check(
        &dir.join("README.md"),
        &rules_index_markdown(&linter.catalog().rules),
        &mut stale,
    );
    assert!(
        stale.is_empty(),
        "generated docs are stale: {stale:?}\nrun `REPLYLINT_BLESS=1 cargo test --test docs` and commit the result"
    );
}
