//! Normalization: the one copy of a draft that every phrase is matched against.
//!
//! Support replies are typed on phones, pasted from help desks and decorated by
//! editors, so the same words arrive as `you’re`, `YOU'RE`, `you're` with a
//! non-breaking space, or split over a line break. Rather than teaching every
//! phrase every spelling, the draft is folded once into a canonical form:
//!
//! * letters are lower-cased (single-char mappings only, so one source character
//!   always yields one normalized character);
//! * curly apostrophes and quotes become `'` and `"`, dashes become `-`;
//! * fullwidth Latin letters and Cyrillic/Greek look-alikes (homoglyphs) become
//!   ASCII, so "not our prоblem" with a Cyrillic `о` still matches;
//! * zero-width and bidi control characters disappear;
//! * any run of whitespace becomes one space, or `\n` when it holds a blank line
//!   (a paragraph break, which phrases never cross);
//! * URLs, e-mail addresses, @mentions, #hashtags, template placeholders
//!   (`{{first_name}}`, `{ticket_id}`, `%NAME%`, `[Agent Name]`) and `code`
//!   collapse to a single [`MASK`] byte: they are never words to flag.
//!
//! The original text is never modified. [`Normalized::to_orig`] maps every
//! normalized byte offset back to the original, so diagnostics point at the exact
//! words the user typed. The map is stored as checkpoints where the offset delta
//! changes, which keeps it small (most text maps one to one).
//!
//! This is not a general Unicode normalizer (no NFKC, no case folding of
//! multi-character expansions): it does exactly what phrase matching needs.

use crate::text::bytes::{first_not_plain, is_word_byte};
use std::ops::Range;

/// The byte that stands for a masked span (URL, mention, placeholder, code).
///
/// It is an ASCII control character that never occurs in a phrase, so no phrase
/// can match across or inside a masked span.
pub const MASK: u8 = 0x1A;

/// A draft folded for matching, with a map back to the original text.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The folded text. Only ever produced by [`Normalized::new`].
    pub text: String,
    /// `(normalized offset, original offset)` pairs, sorted, at every point where
    /// `original - normalized` changes.
    checkpoints: Vec<(usize, usize)>,
    /// Length of the original text.
    orig_len: usize,
    /// Original byte ranges that were masked, sorted and disjoint.
    pub masked: Vec<Range<usize>>,
    /// Normalized byte ranges of `>` block-quote lines (the customer's words).
    pub blockquotes: Vec<Range<usize>>,
}

/// What the folding of one source character produced.
enum Fold {
    /// Nothing: a zero-width or bidi control character.
    Skip,
    /// Whitespace; `true` when it is a line feed.
    Space(bool),
    /// One normalized character.
    Char(char),
}

impl Normalized {
    /// Folds `orig` for matching. Linear in the length of `orig`.
    pub fn new(orig: &str) -> Self {
        Self::with_masks(orig, &[])
    }

    /// Like [`Normalized::new`], also masking `extra` original spans (a team's
    /// product names, for example). `extra` must lie on character boundaries.
    pub fn with_masks(orig: &str, extra: &[Range<usize>]) -> Self {
        let mut masked = find_masked_spans(orig);
        if !extra.is_empty() {
            masked.extend(
                extra
                    .iter()
                    .filter(|r| r.start < r.end && r.end <= orig.len())
                    .cloned(),
            );
            masked.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            let mut merged: Vec<Range<usize>> = Vec::with_capacity(masked.len());
            for r in masked {
                match merged.last_mut() {
                    Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                    _ => merged.push(r),
                }
            }
            masked = merged;
        }
        let mut out = Normalized {
            text: String::with_capacity(orig.len()),
            checkpoints: Vec::new(),
            orig_len: orig.len(),
            masked,
            blockquotes: Vec::new(),
        };
        let bytes = orig.as_bytes();
        let mut mask_iter = 0usize;
        let mut pending_space = false;
        let mut pending_newlines = 0usize;
        // Start of the first whitespace character of the pending run.
        let mut pending_at = 0usize;
        let mut at_line_start = true;
        let mut quote_start: Option<usize> = None;
        let mut i = 0usize;
        while i < bytes.len() {
            if let Some(span) = out.masked.get(mask_iter).cloned() {
                if span.start == i {
                    out.flush_space(&mut pending_space, &mut pending_newlines, pending_at);
                    at_line_start = false;
                    out.push_byte(MASK, i);
                    i = span.end;
                    mask_iter += 1;
                    continue;
                }
            }
            let (c, len) = decode(orig, i);
            match fold(c) {
                Fold::Skip => {}
                Fold::Space(newline) => {
                    if !pending_space {
                        pending_at = i;
                    }
                    pending_space = true;
                    if newline {
                        pending_newlines += 1;
                        at_line_start = true;
                        if let Some(start) = quote_start.take() {
                            out.blockquotes.push(start..out.text.len());
                        }
                    }
                }
                Fold::Char(n) => {
                    out.flush_space(&mut pending_space, &mut pending_newlines, pending_at);
                    if at_line_start && n == '>' {
                        quote_start = Some(out.text.len());
                    }
                    at_line_start = false;
                    out.push_char(n, i);
                    if len == 1 {
                        // The common case: a run of printable ASCII with
                        // single spaces maps byte for byte; copy it whole.
                        let stop = out.masked.get(mask_iter).map_or(bytes.len(), |m| m.start);
                        let end = ascii_run_end(bytes, i + 1, stop);
                        let from = out.text.len();
                        out.text.push_str(&orig[i + 1..end]);
                        out.text[from..].make_ascii_lowercase();
                        i = end;
                        continue;
                    }
                }
            }
            i += len;
        }
        if let Some(start) = quote_start {
            out.blockquotes.push(start..out.text.len());
        }
        out
    }

    /// Emits the pending whitespace run as one space or one paragraph break.
    fn flush_space(&mut self, pending: &mut bool, newlines: &mut usize, at: usize) {
        if *pending && !self.text.is_empty() {
            let c = if *newlines >= 2 { '\n' } else { ' ' };
            self.push_char(c, at);
        }
        *pending = false;
        *newlines = 0;
    }

    fn push_byte(&mut self, b: u8, orig_at: usize) {
        self.checkpoint(orig_at);
        self.text.push(b as char);
    }

    fn push_char(&mut self, c: char, orig_at: usize) {
        self.checkpoint(orig_at);
        self.text.push(c);
    }

    /// Records a checkpoint when the normalized position of `orig_at` is not the
    /// one the previous checkpoint predicts.
    fn checkpoint(&mut self, orig_at: usize) {
        let norm_at = self.text.len();
        let predicted = self.checkpoints.last().map(|&(n, o)| o + (norm_at - n));
        if predicted != Some(orig_at) {
            self.checkpoints.push((norm_at, orig_at));
        }
    }

    /// Maps a normalized byte offset (a character start) to the original offset
    /// of the character it came from. `text.len()` maps to the original length.
    pub fn to_orig(&self, norm: usize) -> usize {
        if norm >= self.text.len() {
            return self.orig_len;
        }
        let idx = self.checkpoints.partition_point(|&(n, _)| n <= norm);
        match idx.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            Some(&(n, o)) => o + (norm - n),
            None => norm,
        }
    }

    /// Maps an original offset (a character start) to the normalized offset of
    /// the character it became (the next one, if it was skipped or masked).
    pub fn to_norm(&self, orig: usize) -> usize {
        let idx = self.checkpoints.partition_point(|&(_, o)| o <= orig);
        match idx.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            Some(&(n, o)) => (n + (orig - o)).min(self.text.len()),
            None => orig.min(self.text.len()),
        }
    }

    /// Maps a normalized span to the original span that covers exactly the same
    /// characters: its end is the end of the original character behind the last
    /// normalized character, so a trailing masked or skipped character is never
    /// included.
    pub fn span_to_orig(&self, orig: &str, span: Range<usize>) -> Range<usize> {
        let start = self.to_orig(span.start);
        if span.end <= span.start {
            return start..start;
        }
        let last = self.text[..span.end]
            .char_indices()
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(span.start);
        let last_orig = self.to_orig(last);
        let end = if self.text.as_bytes()[last] == MASK {
            self.masked
                .iter()
                .find(|m| m.start == last_orig)
                .map(|m| m.end)
                .unwrap_or(last_orig + 1)
        } else {
            last_orig + orig[last_orig..].chars().next().map_or(0, char::len_utf8)
        };
        start..end.min(orig.len()).max(start)
    }

    /// Whether the normalized offset lies inside a `>` block-quote line.
    pub fn in_blockquote(&self, norm: usize) -> bool {
        self.blockquotes
            .iter()
            .any(|r| r.start <= norm && norm < r.end)
    }
}

/// End of the run from `from` (before `stop`) of printable ASCII bytes and
/// single spaces between them: bytes the folding maps one to one (lower-cased).
fn ascii_run_end(b: &[u8], from: usize, stop: usize) -> usize {
    let printable = |c: u8| (0x21..0x7f).contains(&c);
    let mut j = from + crate::text::bytes::printable_run_prefix(&b[from..stop]);
    while j < stop {
        if printable(b[j]) {
            j += 1;
        } else if b[j] == b' ' && j + 1 < stop && printable(b[j + 1]) {
            j += 2;
        } else {
            break;
        }
    }
    j
}

fn decode(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// Folds one character. See the module docs for the rules.
fn fold(c: char) -> Fold {
    match c {
        '\n' => Fold::Space(true),
        c if c.is_whitespace() => Fold::Space(false),
        // NUL and other C0 controls (including our MASK byte) act as spaces.
        '\u{0}'..='\u{1f}' | '\u{7f}' => Fold::Space(false),
        'A'..='Z' => Fold::Char(c.to_ascii_lowercase()),
        c if c.is_ascii() => Fold::Char(c),
        '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{180E}'
        | '\u{034F}' => Fold::Skip,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}'
        | '\u{00B4}' | '\u{FF07}' => Fold::Char('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{FF02}' => Fold::Char('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Fold::Char('-'),
        '\u{2026}' => Fold::Char('.'),
        // Fullwidth ASCII block.
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            Fold::Char(ascii.to_ascii_lowercase())
        }
        c => match homoglyph(c) {
            Some(latin) => Fold::Char(latin),
            None => {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => Fold::Char(l),
                    _ => Fold::Char(c),
                }
            }
        },
    }
}

/// Cyrillic and Greek letters that look like Latin ones, folded to the Latin
/// letter. Used to see through spoofed spellings; they never change a real
/// English word.
fn homoglyph(c: char) -> Option<char> {
    Some(match c {
        'а' | 'А' | 'α' | 'Α' => 'a',
        'в' | 'В' | 'β' | 'Β' => 'b',
        'с' | 'С' => 'c',
        'е' | 'Е' | 'ε' | 'Ε' => 'e',
        'н' | 'Н' | 'η' | 'Η' => 'h',
        'і' | 'І' | 'ι' | 'Ι' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'м' | 'М' | 'Μ' => 'm',
        'о' | 'О' | 'ο' | 'Ο' => 'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'у' | 'У' | 'υ' | 'Υ' => 'y',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'ԁ' => 'd',
        'ɡ' => 'g',
        'ո' => 'n',
        'ν' | 'Ν' => 'v',
        _ => return None,
    })
}

/// Whether `c` can be part of a word for whole-word matching.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Finds the original spans to mask: URLs, e-mail addresses, @mentions,
/// #hashtags, template placeholders and `code`. Sorted and disjoint.
///
/// Spans start at a few rare bytes (`@#{%[<`*^`, none a letter, digit, `_`
/// or space) or where a URL starts. So the search jumps eight bytes at a time
/// over letters, digits and spaces ([`first_not_plain`]) to the next rare
/// byte or URL start (found beforehand from "://" and "www."), instead of
/// looking at every byte.
pub fn find_masked_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let urls = url_starts(b);
    let mut next_url = 0;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while urls.get(next_url).is_some_and(|&u| u < i) {
            next_url += 1;
        }
        let url_at = urls.get(next_url).copied().unwrap_or(b.len());
        while i < url_at {
            i += first_not_plain(&b[i..url_at]);
            if i < url_at && STARTS_MASK_NO_URL[usize::from(b[i])] {
                break;
            }
            i = (i + 1).min(url_at);
        }
        if i >= b.len() {
            break;
        }
        i = match span_at(b, i, &mut spans) {
            Some(end) => end,
            None => i + 1,
        };
    }
    spans
}

/// The span starting at byte `i` of `b`, if any: pushed onto `spans`
/// (dropping what an e-mail address starting earlier overlaps), and its
/// end returned.
fn span_at(b: &[u8], i: usize, spans: &mut Vec<Range<usize>>) -> Option<usize> {
    let at_word_start = i == 0 || !is_word_byte(b[i - 1]);
    let found = match b[i] {
        b'h' | b'H' | b'w' | b'W' if at_word_start => url_end(b, i),
        b'@' => mention_or_email(b, i, spans),
        b'#' if at_word_start => run_end(b, i + 1, |c| is_word_byte(c) || c >= 0x80)
            .filter(|&e| e > i + 1)
            .map(|e| (i, e)),
        b'{' => placeholder_braces(b, i).map(|e| (i, e)),
        b'%' => run_end(b, i + 1, |c| {
            c.is_ascii_uppercase() || c == b'_' || c.is_ascii_digit()
        })
        .filter(|&e| e > i + 1 && e < b.len() && b[e] == b'%')
        .map(|e| (i, e + 1)),
        b'[' => bracket_placeholder(b, i).map(|e| (i, e)),
        b'<' => run_end(b, i + 1, |c| c.is_ascii_uppercase() || c == b'_')
            .filter(|&e| e > i + 2 && e < b.len() && b[e] == b'>')
            .map(|e| (i, e + 1)),
        b'`' => code_span(b, i).map(|e| (i, e)),
        // Agents' initials in tweets: "*SR", "^Caroline".
        b'*' | b'^' if at_word_start => run_end(b, i + 1, |c| c.is_ascii_alphabetic())
            .filter(|&e| e > i + 1 && e - i <= 14 && (e == b.len() || !is_word_byte(b[e])))
            .filter(|_| i > 0 && b[i - 1].is_ascii_whitespace())
            .map(|e| (i, e)),
        _ => None,
    };
    let (start, end) = found.filter(|&(start, end)| end > start)?;
    while spans.last().is_some_and(|r| r.end > start) {
        spans.pop();
    }
    spans.push(start..end);
    Some(end)
}

/// Where a URL may start in `b`, sorted: "http://", "https://" or "www."
/// in any case, found from the "://" and "." they contain.
fn url_starts(b: &[u8]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for p in memchr::memmem::find_iter(b, b"://") {
        for scheme in [&b"http"[..], b"https"] {
            if p >= scheme.len() && b[p - scheme.len()..p].eq_ignore_ascii_case(scheme) {
                out.push(p - scheme.len());
            }
        }
    }
    out.extend(
        memchr::memchr_iter(b'.', b)
            .filter(|&p| p >= 3 && b[p - 3..p].eq_ignore_ascii_case(b"www"))
            .map(|p| p - 3),
    );
    out.sort_unstable();
    out
}

/// The bytes other than URL starts that may start a masked span (see
/// [`find_masked_spans`]).
const STARTS_MASK_NO_URL: [bool; 256] = {
    let mut t = [false; 256];
    let starts = b"@#{%[<`*^";
    let mut k = 0;
    while k < starts.len() {
        t[starts[k] as usize] = true;
        k += 1;
    }
    t
};

/// End of the run of bytes from `from` that satisfy `ok`.
fn run_end(b: &[u8], from: usize, ok: impl Fn(u8) -> bool) -> Option<usize> {
    let mut e = from;
    while e < b.len() && ok(b[e]) {
        e += 1;
    }
    Some(e)
}

fn url_end(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let rest = &b[i..];
    let lower_starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    if !(lower_starts(b"http://") || lower_starts(b"https://") || lower_starts(b"www.")) {
        return None;
    }
    let mut e = i;
    while e < b.len() && !b[e].is_ascii_whitespace() && !matches!(b[e], b'<' | b'>' | b'"') {
        e += 1;
    }
    while e > i
        && matches!(
            b[e - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\'' | b']'
        )
    {
        e -= 1;
    }
    Some((i, e))
}

fn mention_or_email(b: &[u8], at: usize, spans: &[Range<usize>]) -> Option<(usize, usize)> {
    let local_ok =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut start = at;
    while start > 0 && local_ok(b[start - 1]) {
        start -= 1;
    }
    if spans.last().is_some_and(|r| r.end > start) && start < at {
        start = spans.last().map_or(start, |r| r.end).min(at);
    }
    let domain_end = run_end(b, at + 1, |c| {
        c.is_ascii_alphanumeric() || c == b'.' || c == b'-'
    })?;
    let mut domain_end_trim = domain_end;
    while domain_end_trim > at + 1 && matches!(b[domain_end_trim - 1], b'.' | b'-') {
        domain_end_trim -= 1;
    }
    let domain = &b[at + 1..domain_end_trim];
    if start < at && domain.contains(&b'.') && !domain.starts_with(b".") {
        return Some((start, domain_end_trim));
    }
    // A mention: `@` at a word start followed by a handle.
    let at_word_start = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_');
    if at_word_start {
        let e = run_end(b, at + 1, |c| c.is_ascii_alphanumeric() || c == b'_')?;
        if e > at + 1 {
            return Some((at, e));
        }
    }
    None
}

/// `{{ anything }}`, `{% tag %}`, `{snake_case}` and `${var}`.
fn placeholder_braces(b: &[u8], i: usize) -> Option<usize> {
    let limit = (i + 120).min(b.len());
    if b.get(i + 1) == Some(&b'{') || b.get(i + 1) == Some(&b'%') {
        let close: &[u8] = if b[i + 1] == b'{' { b"}}" } else { b"%}" };
        let mut j = i + 2;
        while j + 1 < limit {
            if b[j] == b'\n' {
                return None;
            }
            if &b[j..j + 2] == close {
                return Some(j + 2);
            }
            j += 1;
        }
        return None;
    }
    let e = run_end(b, i + 1, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')
    })?;
    if e > i + 1 && e < limit && b[e] == b'}' && !b[i + 1].is_ascii_digit() {
        Some(e + 1)
    } else {
        None
    }
}

/// `[Agent Name]`, `[NAME]`, `[customer first name]`: short bracketed words not
/// followed by `(` (a Markdown link) or `:` (a link reference).
fn bracket_placeholder(b: &[u8], i: usize) -> Option<usize> {
    let e = run_end(b, i + 1, |c| {
        c.is_ascii_alphabetic() || matches!(c, b' ' | b'_' | b'-')
    })?;
    if e == i + 1 || e - i > 40 || e >= b.len() || b[e] != b']' {
        return None;
    }
    if matches!(b.get(e + 1), Some(b'(') | Some(b':') | Some(b'[')) {
        return None;
    }
    Some(e + 1)
}

fn code_span(b: &[u8], i: usize) -> Option<usize> {
    let limit = (i + 300).min(b.len());
    let mut j = i + 1;
    while j < limit {
        match b[j] {
            b'\n' => return None,
            b'`' if j > i + 1 => return Some(j + 1),
            b'`' => return None,
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orig_of<'a>(orig: &'a str, n: &Normalized, needle: &str) -> &'a str {
        let at = n.text.find(needle).expect("needle in normalized text");
        let span = n.span_to_orig(orig, at..at + needle.len());
        &orig[span]
    }

    #[test]
    fn folds_case_quotes_and_spaces() {
        let orig = "You’re  WRONG,\u{a0}“really”\n\n\nOK";
        let n = Normalized::new(orig);
        assert_eq!(n.text, "you're wrong, \"really\"\nok");
        assert_eq!(orig_of(orig, &n, "you're wrong"), "You’re  WRONG");
        assert_eq!(orig_of(orig, &n, "really"), "really");
        assert_eq!(orig_of(orig, &n, "ok"), "OK");
    }

    /// The ASCII run copy must map like the character-by-character path:
    /// runs next to double spaces, masks, line breaks, `>` quotes and
    /// non-ASCII letters.
    #[test]
    fn ascii_runs_map_every_character_back() {
        let orig = "Hi SAM,  see https://x.io now.\n> You SAID\tit \u{2019}s OK é Ab {{name}} x";
        let n = Normalized::new(orig);
        assert_eq!(
            n.text,
            "hi sam, see \u{1a} now. > you said it 's ok é ab \u{1a} x"
        );
        assert_eq!(n.blockquotes.len(), 1);
        for (at, c) in n.text.char_indices() {
            let o = n.to_orig(at);
            let oc = orig[o..].chars().next().unwrap();
            match c {
                '\u{1a}' => assert!(oc == 'h' || oc == '{', "{at}: {oc:?}"),
                ' ' => assert!(oc.is_whitespace(), "{at}: {oc:?}"),
                '\'' => assert_eq!(oc, '\u{2019}'),
                _ => assert_eq!(oc.to_lowercase().next(), Some(c), "{at}"),
            }
        }
    }

    #[test]
    fn line_break_inside_a_phrase_is_a_space() {
        let orig = "you should\r\nhave read it";
        let n = Normalized::new(orig);
        assert_eq!(n.text, "you should have read it");
        assert_eq!(orig_of(orig, &n, "should have"), "should\r\nhave");
    }

    #[test]
    fn zero_width_and_homoglyphs_are_seen_through() {
        let orig = "you’re w\u{200b}rong, not our prоblem";
        let n = Normalized::new(orig);
        assert_eq!(n.text, "you're wrong, not our problem");
        assert_eq!(orig_of(orig, &n, "wrong"), "w\u{200b}rong");
        assert_eq!(orig_of(orig, &n, "problem"), "prоblem");
    }

    #[test]
    fn multibyte_text_keeps_exact_spans() {
        let orig = "Café 🎉 — calm down";
        let n = Normalized::new(orig);
        assert_eq!(orig_of(orig, &n, "calm down"), "calm down");
        assert_eq!(orig_of(orig, &n, "café"), "Café");
    }

    #[test]
    fn masks_urls_mentions_placeholders_and_code() {
        let orig = "@SwiftAir hi {{first_name}}, see https://x.io/a?b=1. Mail j.doe@mail.example or %NAME% [Agent Name] `rm -rf` {ticket_id} #help";
        let n = Normalized::new(orig);
        let m = MASK as char;
        assert_eq!(
            n.text,
            format!("{m} hi {m}, see {m}. mail {m} or {m} {m} {m} {m} {m}")
        );
        let masked: Vec<&str> = n.masked.iter().map(|r| &orig[r.clone()]).collect();
        assert_eq!(
            masked,
            [
                "@SwiftAir",
                "{{first_name}}",
                "https://x.io/a?b=1",
                "j.doe@mail.example",
                "%NAME%",
                "[Agent Name]",
                "`rm -rf`",
                "{ticket_id}",
                "#help"
            ]
        );
    }

    /// The masking loop that looks at every byte: the oracle for the
    /// jumping one.
    fn masked_spans_byte_by_byte(s: &str) -> Vec<Range<usize>> {
        let b = s.as_bytes();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < b.len() {
            i = span_at(b, i, &mut spans).unwrap_or(i + 1);
        }
        spans
    }

    #[test]
    fn masking_jumps_find_what_the_byte_loop_finds() {
        let alphabet = [
            "a", "h", "w", "W", "H", " ", ".", "@", "#", "{", "}", "%", "N", "[", "]", "<", ">",
            "`", "*", "^", "x", "_", "1", "://", "http", "https", "www.", "é", "\n",
        ];
        let mut rng = crate::testing::Lcg::new(17);
        for _ in 0..20_000 {
            let t = rng.text(&alphabet, 30);
            assert_eq!(
                find_masked_spans(&t),
                masked_spans_byte_by_byte(&t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn urls_in_any_case_are_masked_and_h_w_words_are_not() {
        // The URL pre-check must not hide a URL: each of these holds one.
        for (orig, url) in [
            ("go to WwW.Example.com now", "WwW.Example.com"),
            ("see HTTPS://X.IO/a.", "HTTPS://X.IO/a"),
            ("http://x.io", "http://x.io"),
            ("(www.x.io)", "www.x.io"),
        ] {
            let masked: Vec<&str> = find_masked_spans(orig)
                .into_iter()
                .map(|r| &orig[r])
                .collect();
            assert_eq!(masked, [url], "{orig:?}");
        }
        // Words starting with h and w, with and without URLs elsewhere.
        for orig in [
            "what when how www",
            "awww. shwww.",
            "with http:// here: https",
        ] {
            let masked: Vec<&str> = find_masked_spans(orig)
                .into_iter()
                .map(|r| &orig[r])
                .collect();
            assert!(
                masked.iter().all(|m| m.contains("://")),
                "{orig:?}: {masked:?}"
            );
        }
    }

    #[test]
    fn markdown_links_are_not_placeholders() {
        let n = Normalized::new("[read this](https://x.io)");
        assert!(n.masked.iter().all(|r| r.start != 0));
    }

    #[test]
    fn blockquote_lines_are_recorded() {
        let n = Normalized::new("> you are all idiots\nSorry to hear that.");
        assert_eq!(n.blockquotes.len(), 1);
        let q = &n.text[n.blockquotes[0].clone()];
        assert!(q.contains("idiots"));
        assert!(!q.contains("sorry"));
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(Normalized::new("").text, "");
        assert_eq!(Normalized::new(" \n\t ").text, "");
    }
}
