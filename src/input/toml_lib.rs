//! TOML libraries with exact spans (`toml::de::DeTable`).
//!
//! The TOML parser gives the span of every value; each string is then
//! decoded again from its raw text (basic, literal and multi-line forms,
//! escapes, line-ending backslashes) with a map back to the file.

use super::OffsetMap;
use super::tree::Node;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A TOML error: what and where.
#[derive(Debug, Clone)]
pub struct TomlError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

/// Parses a TOML document into a [`Node`] tree.
pub fn parse(text: &str) -> Result<Node, TomlError> {
    let table = DeTable::parse(text).map_err(|e| TomlError {
        message: e.message().trim_end_matches('.').to_string(),
        span: e.span(),
    })?;
    let span = table.span();
    Ok(table_node(text, table.get_ref(), span))
}

fn table_node(text: &str, t: &DeTable<'_>, span: Range<usize>) -> Node {
    let mut fields = Vec::new();
    for (k, v) in t.iter() {
        fields.push((k.get_ref().to_string(), k.span(), value_node(text, v)));
    }
    let lo = fields
        .iter()
        .map(|(_, ks, v): &(String, Range<usize>, Node)| ks.start.min(v.span().start))
        .min()
        .unwrap_or(span.start);
    let hi = fields
        .iter()
        .map(|(_, ks, v)| ks.end.max(v.span().end))
        .max()
        .unwrap_or(span.end);
    Node::Object(fields, lo.min(span.start)..hi.max(span.end))
}

fn value_node(text: &str, v: &Spanned<DeValue<'_>>) -> Node {
    let span = v.span();
    match v.get_ref() {
        DeValue::String(s) => {
            let map = align(text, span.clone(), s);
            Node::Str(s.to_string(), map, span)
        }
        DeValue::Table(t) => table_node(text, t, span),
        DeValue::Array(a) => {
            let items: Vec<Node> = a.iter().map(|i| value_node(text, i)).collect();
            let lo = items
                .iter()
                .map(|n| n.span().start)
                .min()
                .unwrap_or(span.start)
                .min(span.start);
            let hi = items
                .iter()
                .map(|n| n.span().end)
                .max()
                .unwrap_or(span.end)
                .max(span.end);
            Node::Array(items, lo..hi)
        }
        _ => Node::Other(text.get(span.clone()).unwrap_or("").to_string(), span),
    }
}

/// Maps each character of the decoded `value` to the raw string at `span`.
fn align(text: &str, span: Range<usize>, value: &str) -> OffsetMap {
    let raw = text.get(span.clone()).unwrap_or("");
    let base = span.start;
    let (open, escapes) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else {
        (1, false)
    };
    let mut r = open;
    // A newline right after an opening `"""` or `'''` is not part of the value.
    if open == 3 {
        if raw[r..].starts_with("\r\n") {
            r += 2;
        } else if raw[r..].starts_with('\n') {
            r += 1;
        }
    }
    let fallback = || {
        let mut m = OffsetMap::default();
        m.push(0, span.start);
        m.push(value.len(), span.end);
        m
    };
    let mut map = OffsetMap::default();
    for (vi, vc) in value.char_indices() {
        loop {
            let Some(rc) = raw.get(r..).and_then(|s| s.chars().next()) else {
                return fallback();
            };
            if escapes && rc == '\\' {
                let (decoded, len) = unescape(&raw[r..]);
                match decoded {
                    Some(d) if d == vc => {
                        map.push(vi, base + r);
                        r += len;
                        map.push(vi + vc.len_utf8(), base + r);
                        break;
                    }
                    None => {
                        r += len;
                        continue;
                    }
                    Some(_) => return fallback(),
                }
            }
            if rc == vc {
                map.push(vi, base + r);
                r += rc.len_utf8();
                break;
            }
            return fallback();
        }
    }
    map.push(value.len(), base + r);
    map
}

/// One TOML escape at the start of `s`: the char, or `None` for a
/// line-ending backslash (which also swallows the following whitespace).
fn unescape(s: &str) -> (Option<char>, usize) {
    let b = s.as_bytes();
    let hex = |n: usize| -> (Option<char>, usize) {
        let v = s
            .get(2..2 + n)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        (v, 2 + n)
    };
    match b.get(1) {
        Some(b'b') => (Some('\u{8}'), 2),
        Some(b't') => (Some('\t'), 2),
        Some(b'n') => (Some('\n'), 2),
        Some(b'f') => (Some('\u{c}'), 2),
        Some(b'r') => (Some('\r'), 2),
        Some(b'e') => (Some('\u{1b}'), 2),
        Some(b'"') => (Some('"'), 2),
        Some(b'\\') => (Some('\\'), 2),
        Some(b'x') => hex(2),
        Some(b'u') => hex(4),
        Some(b'U') => hex(8),
        Some(b' ' | b'\t' | b'\r' | b'\n') => {
            let len = 1 + s[1..].len() - s[1..].trim_start_matches([' ', '\t', '\r', '\n']).len();
            (None, len)
        }
        _ => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, key: &str, needle: &str, expect_raw: &str) {
        let Node::Object(f, _) = parse(text).unwrap() else {
            panic!()
        };
        let Node::Str(v, map, _) = &f.iter().find(|(k, _, _)| k == key).unwrap().2 else {
            panic!()
        };
        let at = v.find(needle).unwrap();
        assert_eq!(
            &text[map.map_span(at..at + needle.len())],
            expect_raw,
            "{v:?}"
        );
    }

    #[test]
    fn every_string_form_maps_back() {
        let t = "basic = \"Caf\\u00e9 \\\"x\\\" calm down\"\nlit = 'C:\\path calm down'\nml = \"\"\"\nline one \\\n   calm down\"\"\"\nmll = '''\nfirst\ncalm down'''\n";
        check(t, "basic", "calm down", "calm down");
        check(t, "basic", "é", "\\u00e9");
        check(t, "lit", "calm down", "calm down");
        check(t, "ml", "calm down", "calm down");
        check(t, "mll", "calm down", "calm down");
    }

    #[test]
    fn errors_have_spans() {
        let e = parse("a = \n").unwrap_err();
        assert!(e.span.is_some());
    }
}
