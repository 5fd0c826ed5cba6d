//! YAML libraries with exact spans (saphyr-parser events).
//!
//! The event parser reports where each scalar starts and ends. The decoded
//! value is then aligned with the raw text of the scalar, style by style
//! (plain and block scalars fold line breaks and drop indentation; quoted
//! scalars have `''` and backslash escapes), so every character of a reply
//! maps back to its bytes in the file.
//!
//! Aliases are never expanded (a "billion laughs" file costs nothing): an
//! alias is just a marker in the tree, not a copy of the anchored value.

use super::OffsetMap;
use super::tree::Node;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::ops::Range;

/// A YAML error: what and where (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub at: usize,
}

/// Converts the parser's character indices to byte offsets, moving forward
/// from the last position (events come in order).
struct ByteIndex<'a> {
    text: &'a str,
    chars: usize,
    bytes: usize,
}

impl ByteIndex<'_> {
    fn byte(&mut self, char_index: usize) -> usize {
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        for c in self.text[self.bytes..].chars() {
            if self.chars == char_index {
                break;
            }
            self.chars += 1;
            self.bytes += c.len_utf8();
        }
        self.bytes
    }

    fn span(&mut self, s: &Span) -> Range<usize> {
        let a = self.byte(s.start.index());
        let b = self.byte(s.end.index());
        a..b.max(a)
    }
}

/// Maximum nesting of mappings and sequences.
const MAX_DEPTH: usize = 256;

enum Frame {
    Map(
        Vec<(String, Range<usize>, Node)>,
        Option<(String, Range<usize>)>,
        usize,
    ),
    Seq(Vec<Node>, usize),
}

/// Parses every document of a YAML stream; several documents become an array.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut idx = ByteIndex {
        text,
        chars: 0,
        bytes: 0,
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut docs: Vec<Node> = Vec::new();
    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.map_err(|e| {
            let at = ByteIndex {
                text,
                chars: 0,
                bytes: 0,
            }
            .byte(e.marker().index());
            YamlError {
                message: e.info().to_string(),
                at,
            }
        })?;
        let node = match ev {
            Event::Scalar(value, style, _, _) => {
                let s = idx.span(&span);
                let node = match style {
                    ScalarStyle::Plain if is_plain_non_string(&value) => {
                        Node::Other(value.to_string(), s)
                    }
                    _ => {
                        let map = align(text, s.clone(), &value, style);
                        Node::Str(value.to_string(), map, s)
                    }
                };
                Some(node)
            }
            Event::Alias(_) => Some(Node::Other("*alias".into(), idx.span(&span))),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        message: "YAML nested too deeply".into(),
                        at: idx.span(&span).start,
                    });
                }
                let start = idx.span(&span).start;
                stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map(Vec::new(), None, start)
                } else {
                    Frame::Seq(Vec::new(), start)
                });
                None
            }
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(fields, _, start)) => {
                    Some(Node::Object(fields, start..idx.span(&span).end.max(start)))
                }
                _ => None,
            },
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, start)) => {
                    Some(Node::Array(items, start..idx.span(&span).end.max(start)))
                }
                _ => None,
            },
            _ => None,
        };
        let Some(node) = node else { continue };
        match stack.last_mut() {
            None => docs.push(node),
            Some(Frame::Seq(items, _)) => items.push(node),
            Some(Frame::Map(fields, pending, _)) => match pending.take() {
                None => {
                    let key = match &node {
                        Node::Str(s, _, _) | Node::Other(s, _) => s.clone(),
                        _ => String::new(),
                    };
                    *pending = Some((key, node.span()));
                }
                Some((k, kspan)) => fields.push((k, kspan, node)),
            },
        }
    }
    Ok(match docs.len() {
        1 => docs.pop().unwrap_or(Node::Other(String::new(), 0..0)),
        _ => Node::Array(docs, 0..text.len()),
    })
}

/// Plain scalars that YAML reads as numbers, booleans or null.
fn is_plain_non_string(v: &str) -> bool {
    matches!(
        v,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) || v.parse::<f64>().is_ok()
}

/// Maps each character of `value` to its bytes in `text[span]`.
fn align(text: &str, span: Range<usize>, value: &str, style: ScalarStyle) -> OffsetMap {
    let raw = &text[span.clone()];
    let base = span.start;
    let mut r = match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => 1,
        ScalarStyle::Literal | ScalarStyle::Folded if raw.starts_with(['|', '>']) => {
            raw.find('\n').map_or(raw.len(), |n| n + 1)
        }
        ScalarStyle::Literal | ScalarStyle::Folded => 0,
        ScalarStyle::Plain => 0,
    };
    let fallback = || {
        let mut m = OffsetMap::default();
        m.push(0, span.start);
        m.push(value.len(), span.end);
        m
    };
    let mut map = OffsetMap::default();
    for (vi, vc) in value.char_indices() {
        loop {
            let Some(rc) = raw[r..].chars().next() else {
                if vc == '\n' {
                    // The line break a block scalar gets at the end of the
                    // file, which has none: zero width, at the end.
                    map.push(vi, base + r);
                    map.push(vi + 1, base + r);
                    break;
                }
                return fallback();
            };
            if style == ScalarStyle::DoubleQuoted && rc == '\\' {
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
            if style == ScalarStyle::SingleQuoted && vc == '\'' && raw[r..].starts_with("''") {
                map.push(vi, base + r);
                r += 2;
                map.push(vi + 1, base + r);
                break;
            }
            if rc == vc {
                map.push(vi, base + r);
                r += rc.len_utf8();
                break;
            }
            if rc.is_whitespace() {
                r += rc.len_utf8();
                continue;
            }
            if vc == ' ' || vc == '\n' {
                // A folded line break with no character of its own.
                map.push(vi, base + r);
                map.push(vi + 1, base + r);
                break;
            }
            return fallback();
        }
    }
    map.push(value.len(), base + r);
    map
}

/// Decodes one escape at the start of `s` (which begins with `\`): the char
/// (`None` for an escaped line break) and the escape's length in bytes.
fn unescape(s: &str) -> (Option<char>, usize) {
    let b = s.as_bytes();
    let Some(&e) = b.get(1) else { return (None, 1) };
    let hex = |n: usize| -> (Option<char>, usize) {
        let v = s
            .get(2..2 + n)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        (v, 2 + n)
    };
    match e {
        b'0' => (Some('\0'), 2),
        b'a' => (Some('\u{7}'), 2),
        b'b' => (Some('\u{8}'), 2),
        b't' | b'\t' => (Some('\t'), 2),
        b'n' => (Some('\n'), 2),
        b'v' => (Some('\u{b}'), 2),
        b'f' => (Some('\u{c}'), 2),
        b'r' => (Some('\r'), 2),
        b'e' => (Some('\u{1b}'), 2),
        b' ' => (Some(' '), 2),
        b'"' => (Some('"'), 2),
        b'/' => (Some('/'), 2),
        b'\\' => (Some('\\'), 2),
        b'N' => (Some('\u{85}'), 2),
        b'_' => (Some('\u{a0}'), 2),
        b'L' => (Some('\u{2028}'), 2),
        b'P' => (Some('\u{2029}'), 2),
        b'x' => hex(2),
        b'u' => hex(4),
        b'U' => hex(8),
        b'\n' => (None, 2),
        b'\r' => (None, if b.get(2) == Some(&b'\n') { 3 } else { 2 }),
        _ => (None, 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(n: &'a Node, key: &str) -> &'a Node {
        match n {
            Node::Object(f, _) => &f.iter().find(|(k, _, _)| k == key).unwrap().2,
            _ => panic!("not an object"),
        }
    }

    fn check(text: &str, key: &str, needle: &str, expect_raw: &str) {
        let root = parse(text).unwrap();
        let Node::Str(v, map, _) = find(&root, key) else {
            panic!("{key} is not a string")
        };
        let at = v
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {v:?}"));
        assert_eq!(
            &text[map.map_span(at..at + needle.len())],
            expect_raw,
            "value {v:?}"
        );
    }

    #[test]
    fn every_scalar_style_maps_back() {
        let t = "plain: calm down now\nfolded_plain: one two\n  calm down\nsingle: 'it''s calm down'\ndouble: \"Caf\\u00e9 \\\"x\\\"\\n calm down\"\nlit: |\n  line one\n  calm down here\nfold: >\n  line one\n  calm down here\n";
        check(t, "plain", "calm down", "calm down");
        check(t, "folded_plain", "two calm", "two\n  calm");
        check(t, "single", "it's", "it''s");
        check(t, "single", "calm down", "calm down");
        check(t, "double", "calm down", "calm down");
        check(t, "double", "é", "\\u00e9");
        check(t, "lit", "calm down", "calm down");
        check(t, "fold", "one calm", "one\n  calm");
    }

    #[test]
    fn errors_and_aliases() {
        assert!(parse("a: [1, 2\n").is_err());
        let bomb = "a: &a [\"x\",\"x\"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n";
        assert!(parse(bomb).is_ok());
    }
}
