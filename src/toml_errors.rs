//! Reading a TOML file into a type and reporting **every** error in it, each
//! at its place, instead of only the first.
//!
//! serde stops at the first error, so a configuration with a misspelt key on
//! line 1 and another on line 2 needed two runs to fix. Here the file is
//! parsed once into a spanned tree ([`toml::de::DeTable`]; syntax errors are
//! recovered from and all reported), then deserialized; after each error the
//! entry it points at (the innermost key or array element whose span holds
//! the error) is taken out of the tree and the rest deserialized again, until
//! what is left deserializes. The type's own rules (`deny_unknown_fields`,
//! required fields, value types) stay the only definition of what is valid.

use crate::error::SourceError;
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// At most this many errors are reported for one file (each costs one more
/// pass over the tree; a file of nothing but errors is not worth more).
const MAX_ERRORS: usize = 50;

/// `text` deserialized as `T`, and every error found on the way. `None`
/// when nothing valid remains (a syntax error, or an error that cannot be
/// taken out); otherwise `T` is what is valid of the file, for callers that
/// go on checking it (a rule id that does not exist) so that those errors
/// are reported in the same run.
pub fn from_str_all<T: DeserializeOwned>(
    shown: &str,
    text: &Arc<str>,
) -> (Option<T>, Vec<SourceError>) {
    let (mut root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let errors = syntax
            .iter()
            .map(|e| SourceError::from_toml(shown, text.clone(), e))
            .collect();
        return (None, errors);
    }
    root.get_mut().make_owned();
    let mut errors = Vec::new();
    let value = loop {
        match T::deserialize(toml::de::Deserializer::from(root.clone())) {
            Ok(v) => break Some(v),
            Err(e) => {
                let span = e.span();
                errors.push(SourceError::from_toml(shown, text.clone(), &e));
                let removed = span.is_some_and(|s| remove_at(root.get_mut(), &s));
                if !removed || errors.len() >= MAX_ERRORS {
                    break None;
                }
            }
        }
    };
    // In the file's order (serde visits keys in its own).
    errors.sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
    (value, errors)
}

fn holds(outer: Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer != (0..0)
}

/// Takes the innermost entry of `table` that holds `err` out; `false` if
/// none does. Children are searched whatever their container's span (an
/// array of tables spans only its first header).
fn remove_at(table: &mut DeTable<'_>, err: &Range<usize>) -> bool {
    let mut hit = None;
    for (k, v) in table.iter_mut() {
        let scalar = !matches!(v.get_ref(), DeValue::Table(_) | DeValue::Array(_));
        if holds(k.span(), err) || (scalar && holds(v.span(), err)) {
            hit = Some(k.clone());
            break;
        }
        if remove_inside(v.get_mut(), err) {
            return true;
        }
    }
    // A table or array as a whole (a required field missing in it).
    if hit.is_none() {
        hit = table
            .iter()
            .find(|(_, v)| holds(v.span(), err))
            .map(|(k, _)| k.clone());
    }
    hit.is_some_and(|k| table.remove(&k).is_some())
}

/// Takes the innermost entry or element inside `value` that holds `err` out.
fn remove_inside(value: &mut DeValue<'_>, err: &Range<usize>) -> bool {
    match value {
        DeValue::Table(t) => remove_at(t, err),
        DeValue::Array(items) => {
            let slots: &mut [Spanned<DeValue<'_>>] = items;
            if slots.iter_mut().any(|v| remove_inside(v.get_mut(), err)) {
                return true;
            }
            let Some(i) = items.iter().position(|v| holds(v.span(), err)) else {
                return false;
            };
            let mut kept = DeArray::new();
            for (j, v) in items.iter().enumerate() {
                if j != i {
                    kept.push(v.clone());
                }
            }
            *items = kept;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    #[allow(dead_code)]
    struct File {
        fail_on: Option<String>,
        select: Option<Vec<String>>,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        files: Vec<String>,
    }

    fn run(text: &str) -> (Option<File>, Vec<(usize, String)>) {
        let text: Arc<str> = Arc::from(text);
        let (v, e) = from_str_all::<File>("t.toml", &text);
        let e = e
            .iter()
            .map(|e| (e.line_col().map_or(0, |l| l.0), e.message.clone()))
            .collect();
        (v, e)
    }

    #[test]
    fn every_error_at_its_line() {
        let (v, e) = run(
            "selcet = [\"all\"]\nfail_on = \"warning\"\nselect = 3\n\n[[items]]\nfiles = [\"a\"]\nfile = 1\n\n[[items]]\n\n[[items]]\nfiles = [\"b\"]\n",
        );
        let lines: Vec<usize> = e.iter().map(|x| x.0).collect();
        assert_eq!(lines, [1, 2, 3, 7, 9], "{e:?}");
        assert!(e[0].1.contains("unknown field `selcet`"), "{e:?}");
        assert!(e[4].1.contains("missing field `files`"), "{e:?}");
        // What is valid remains: the first and the last item.
        let v = v.unwrap();
        assert_eq!(v.items.len(), 2);
        assert_eq!(v.select, None);
    }

    #[test]
    fn syntax_errors_are_all_reported() {
        let (v, e) = run("a = \nb = [\n");
        assert!(v.is_none());
        assert!(!e.is_empty());
    }

    #[test]
    fn a_valid_file_has_no_errors() {
        let (v, e) = run("fail-on = \"info\"\n");
        assert!(e.is_empty());
        assert_eq!(v.unwrap().fail_on.as_deref(), Some("info"));
    }
}
