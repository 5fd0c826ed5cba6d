//! JSON and JSON Lines with exact spans.
//!
//! serde_json does not report where a value sits in the file, so this is a
//! small recursive-descent parser that builds a [`Node`] tree with spans and
//! decodes every string with a map back to the file (escapes such as `\n`,
//! `\"`, `\u00e9` and surrogate pairs get a checkpoint each). Nesting is
//! limited to [`MAX_DEPTH`] so hostile input cannot overflow the stack.

use super::OffsetMap;
use super::tree::Node;
use std::ops::Range;

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 256;

/// A JSON syntax error: what and where (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub at: usize,
}

/// Parses one JSON document.
pub fn parse(text: &str) -> Result<Node, JsonError> {
    parse_at(text, 0, text.len())
}

/// Parses `text[from..to]` as one JSON value (spans relative to `text`).
pub fn parse_at(text: &str, from: usize, to: usize) -> Result<Node, JsonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: from,
        end: to,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.end {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

/// Parses JSON Lines: one value per non-empty line.
pub fn parse_lines(text: &str) -> Vec<Result<Node, JsonError>> {
    parse_lines_in(text, 0..text.len())
}

/// Parses the JSON Lines of `text[range]`, which starts at a line start and
/// ends at a line end or at the end of `text` (spans relative to `text`).
pub fn parse_lines_in(text: &str, range: Range<usize>) -> Vec<Result<Node, JsonError>> {
    let lines = &text[range.clone()];
    // One slot per line, counted up front: growing a vector of nodes by
    // doubling copied a library's records several times.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', lines.as_bytes()).count() + 1);
    let mut pos = range.start;
    for line in lines.split_inclusive('\n') {
        let end = pos + line.trim_end().len();
        if !line.trim().is_empty() {
            out.push(parse_at(text, pos, end));
        }
        pos += line.len();
    }
    out
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    end: usize,
}

impl Parser<'_> {
    fn err(&self, m: &str) -> JsonError {
        JsonError {
            message: m.to_string(),
            at: self.i.min(self.end),
        }
    }

    fn peek(&self) -> Option<u8> {
        (self.i < self.end).then(|| self.s[self.i])
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let (s, map, span) = self.string()?;
                Ok(Node::Str(s, map, span))
            }
            Some(b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => {
                let start = self.i;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.'))
                {
                    self.i += 1;
                }
                let raw = &self.text[start..self.i];
                let ok = matches!(raw, "true" | "false" | "null") || raw.parse::<f64>().is_ok();
                if !ok {
                    self.i = start;
                    return Err(self.err(&format!(
                        "unexpected `{}`",
                        raw.chars().take(20).collect::<String>()
                    )));
                }
                Ok(Node::Other(raw.to_string(), start..self.i))
            }
            Some(c) => Err(self.err(&format!("unexpected character `{}`", c as char))),
            None => Err(self.err("unexpected end of input, expected a value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.i;
        self.i += 1;
        // Records of a library have a few fields (id, channel, text, ...).
        let mut fields = Vec::with_capacity(4);
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Node::Object(fields, start..self.i));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a string key"));
            }
            let (k, _, kspan) = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected `:` after the key"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            fields.push((k, kspan, v));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Node::Object(fields, start..self.i));
                }
                _ => return Err(self.err("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Node::Array(items, start..self.i));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Node::Array(items, start..self.i));
                }
                _ => return Err(self.err("expected `,` or `]`")),
            }
        }
    }

    /// A string: decoded text, map from it to the file, and the span with quotes.
    fn string(&mut self) -> Result<(String, OffsetMap, Range<usize>), JsonError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        let mut map = OffsetMap::default();
        loop {
            let Some(c) = self.peek() else {
                self.i = start;
                return Err(self.err("unterminated string"));
            };
            match c {
                b'"' => {
                    map.push(out.len(), self.i);
                    self.i += 1;
                    return Ok((out, map, start..self.i));
                }
                b'\\' => {
                    map.push(out.len(), self.i);
                    let esc_start = self.i;
                    self.i += 1;
                    let e = self.peek().ok_or_else(|| self.err("unterminated escape"))?;
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i) == Some(&b'\\')
                                    && self.s.get(self.i + 1) == Some(&b'u')
                                {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    let cp = 0x10000
                                        + ((hi - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF);
                                    char::from_u32(cp).unwrap_or('\u{FFFD}')
                                } else {
                                    '\u{FFFD}'
                                }
                            } else {
                                char::from_u32(hi).unwrap_or('\u{FFFD}')
                            }
                        }
                        _ => {
                            self.i = esc_start;
                            return Err(self.err("invalid escape"));
                        }
                    };
                    out.push(ch);
                    map.push(out.len(), self.i);
                }
                c if c < 0x20 => return Err(self.err("control character in string")),
                _ => {
                    // Copy the whole run up to the next quote, escape or
                    // control byte (all ASCII, so the run ends on a
                    // character boundary).
                    let run = self.i
                        + crate::text::bytes::first_quote_escape_or_control(
                            &self.s[self.i..self.end],
                        );
                    if out.is_empty() {
                        map.push(0, self.i);
                    }
                    let piece = self
                        .text
                        .get(self.i..run)
                        .ok_or_else(|| self.err("string cut inside a character"))?;
                    out.push_str(piece);
                    self.i = run;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self
            .text
            .get(self.i..self.i + 4)
            .filter(|_| self.i + 4 <= self.end)
            .ok_or_else(|| self.err("short \\u escape"))?;
        let v = u32::from_str_radix(h, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_map_through_escapes() {
        let t = r#"{"body": "Caf\u00e9 \"quote\"\nCalm down \ud83c\udf89 ok"}"#;
        let Node::Object(f, _) = parse(t).unwrap() else {
            panic!()
        };
        let Node::Str(s, map, _) = &f[0].2 else {
            panic!()
        };
        assert_eq!(s, "Café \"quote\"\nCalm down 🎉 ok");
        let at = s.find("Calm down").unwrap();
        assert_eq!(&t[map.map_span(at..at + 9)], "Calm down");
        let e = s.find('é').unwrap();
        assert_eq!(&t[map.map_span(e..e + 'é'.len_utf8())], "\\u00e9");
        let q = s.find("quote").unwrap();
        assert_eq!(&t[map.map_span(q - 1..q + 6)], "\\\"quote\\\"");
        let p = s.find('🎉').unwrap();
        assert_eq!(&t[map.map_span(p..p + 4)], "\\ud83c\\udf89");
    }

    #[test]
    fn errors_have_positions() {
        assert_eq!(parse("{\"a\": }").unwrap_err().at, 6);
        assert!(parse("[1, 2").is_err());
        assert!(parse("\"abc").is_err());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse(&deep).unwrap_err().message.contains("too deeply"));
    }

    #[test]
    fn json_lines() {
        let r = parse_lines("{\"a\":1}\n\n[2]\n{bad}\n");
        assert_eq!(r.len(), 3);
        assert!(r[0].is_ok() && r[1].is_ok() && r[2].is_err());
    }
}
