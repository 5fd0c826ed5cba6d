//! Inputs that once crashed replylint or broke an invariant, found by the
//! property tests and the fuzzers (docs/robustness.md lists them). Each is
//! checked for the behaviour that was wrong.

use replylint::input::{Format, read_document};
use replylint::{Draft, Linter};
use std::sync::Arc;

fn linter() -> Linter {
    Linter::builtin().expect("built-in packs load")
}

/// Found by proptest: a masked span (inline code) whose first four bytes end
/// inside a character panicked while checking whether it is a link.
#[test]
fn masked_span_with_a_wide_character_early() {
    let l = linter();
    for text in [
        "`=6\u{16F2E}%)` calm down",
        "`\u{1F44B}` obviously",
        "www\u{00E9}.x",
    ] {
        let found = l.lint(&Draft::new(text));
        for d in &found {
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
}

/// Found by proptest: an HTML tag starting with a wide character panicked
/// (the tag-name check sliced bytes), as did an `&` followed by one.
#[test]
fn html_with_wide_characters_after_markup() {
    for html in [
        "<\u{1132D}> calm down",
        "&\u{1F44B}\u{1F44B}\u{1F44B}; calm down",
        "<\u{E9}",
    ] {
        let doc = read_document("x.html", Arc::from(html), Format::Html, None).unwrap();
        assert_eq!(doc.drafts.len(), 1);
        assert!(doc.drafts[0].text.contains("calm down") || html == "<\u{E9}");
    }
}

/// Found by proptest: two safe fixes side by side ("!!" -> "!" and deleting
/// "Calm down" before "!") made a new "!!". Touching fixes now wait for the
/// next pass.
#[test]
fn touching_fixes_do_not_make_new_findings() {
    use replylint::Applicability;
    use replylint::fix::{Fix, apply};
    let text = "!!, Calm down! ";
    let l = linter();
    let found = l.lint(&Draft::new(text));
    let fixes: Vec<Fix> = found
        .iter()
        .flat_map(|d| &d.suggestions)
        .filter(|s| s.applicability == Applicability::Safe)
        .map(|s| Fix {
            span: s.span.clone(),
            replacement: s.edit.clone(),
            shown: s.replacement.clone(),
            applicability: s.applicability,
            suggestion: 0,
        })
        .collect();
    assert!(fixes.len() >= 2);
    let refs: Vec<&Fix> = fixes.iter().collect();
    let (fixed, applied) = apply(text, &refs);
    assert_eq!(applied.len(), 1, "{fixed:?}");
    assert!(!fixed.contains("!!"), "{fixed:?}");
}

/// Found by `cargo fuzz` (target `inputs`): a YAML block scalar that starts
/// with a blank line and ends the file without a final line break has two
/// line breaks more than its bytes in the file; its offsets ran past the end
/// of the file.
#[test]
fn yaml_block_scalar_at_the_end_of_a_file_maps_inside_it() {
    let yaml = "replies:\n  - body: |\n\n      Calm down, we\u{2019}re \u{07CE}on it";
    let doc = read_document("x.yaml", Arc::from(yaml), Format::Yaml, None).unwrap();
    let draft = &doc.drafts[0];
    assert!(draft.text.ends_with('\n'));
    for (i, _) in draft.text.char_indices() {
        assert!(draft.map.map(i) <= yaml.len(), "offset {i} maps outside");
    }
    let l = linter();
    let found = l.lint(&Draft::new(&draft.text));
    assert!(found.iter().any(|d| &*d.rule == "dismissive"), "{found:?}");
    for d in &found {
        let at = draft.map.map_span(d.span.clone());
        assert_eq!(&yaml[at], &draft.text[d.span.clone()]);
    }
}

/// Found by `cargo fuzz` (target `fix`): in `<!-->` the opening `<!--` and a
/// closing `-->` overlap; the suppression scanner sliced backwards and
/// panicked. It is no directive, and a real one after it still works.
#[test]
fn overlapping_comment_markers_are_not_a_directive() {
    let l = linter();
    for text in [
        "<!-->\n\nCalm down.",
        "Calm down <!--> <!-- replylint-disable-next-line -->\nCalm down.",
    ] {
        let doc = read_document("x.md", Arc::from(text), Format::Markdown, None).unwrap();
        let report = replylint::check::lint_document(
            &l,
            l.settings(),
            &doc,
            &replylint::check::CheckOptions::default(),
        );
        let dismissive = report
            .findings
            .iter()
            .filter(|f| &*f.diagnostic.rule == "dismissive")
            .count();
        assert_eq!(dismissive, 1, "{text:?}: {:?}", report.findings);
    }
}
