//! HTML as text: tags skipped, entities decoded, with a map back.
//!
//! Help-desk macros often keep the reply as HTML (`comment_value_html`), and
//! teams keep `.html` templates. Linting the markup would flag `<B>` as
//! shouting and miss phrases split by `<em>`. Here tags disappear (block tags
//! become a line break, so sentences do not run together), `<script>`,
//! `<style>` and comments are dropped whole, and the common entities
//! (`&amp;`, `&nbsp;`, `&#39;`, `&#x2019;`...) are decoded, each decoded
//! character mapping back to its entity in the source.

use super::{DraftSource, OffsetMap};

/// Tags after which text continues on a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "pre",
];

/// Converts HTML to a draft whose map points into `html`.
pub fn to_draft(html: &str) -> DraftSource {
    let b = html.as_bytes();
    let mut text = String::with_capacity(html.len());
    let mut map = OffsetMap::default();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let rest = &html[i..];
                let lower_starts = |p: &str| {
                    rest.as_bytes()
                        .get(..p.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
                };
                let end = if lower_starts("<!--") {
                    comment(rest).map_or(html.len(), |(_, len)| i + len)
                } else if lower_starts("<script") || lower_starts("<style") {
                    let close = if lower_starts("<script") {
                        "</script"
                    } else {
                        "</style"
                    };
                    let lower = rest.to_ascii_lowercase();
                    lower
                        .find(close)
                        .and_then(|e| rest[e..].find('>').map(|g| i + e + g + 1))
                        .unwrap_or(html.len())
                } else {
                    match rest.find('>') {
                        Some(e) => i + e + 1,
                        None => {
                            // A lone `<` is text.
                            push(&mut text, &mut map, "<", i);
                            i += 1;
                            continue;
                        }
                    }
                };
                let name: String = rest
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if BLOCK_TAGS.contains(&name.as_str()) && !text.ends_with('\n') && !text.is_empty()
                {
                    push(&mut text, &mut map, "\n", i);
                }
                i = end;
            }
            b'&' => {
                let rest = &html[i..];
                let semi = rest.as_bytes()[..rest.len().min(12)]
                    .iter()
                    .position(|&c| c == b';');
                let decoded = semi.and_then(|s| entity(&rest[1..s]).map(|c| (c, s + 1)));
                match decoded {
                    Some((c, len)) => {
                        let mut buf = [0u8; 4];
                        push(&mut text, &mut map, c.encode_utf8(&mut buf), i);
                        i += len;
                        map.push(text.len(), i);
                    }
                    None => {
                        push(&mut text, &mut map, "&", i);
                        i += 1;
                    }
                }
            }
            _ => {
                let c = html[i..].chars().next().unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                push(&mut text, &mut map, c.encode_utf8(&mut buf), i);
                i += c.len_utf8();
            }
        }
    }
    map.push(text.len(), html.len());
    DraftSource {
        text,
        map,
        ..DraftSource::default()
    }
}

/// An HTML comment opening at the start of `s` (which starts with `<!--`):
/// the byte range of its body and its whole length, or `None` if it never
/// closes. `<!-->` and `<!--->` are whole, empty comments, as in HTML.
/// (Suppression comments in Markdown are found with it too.)
pub fn comment(s: &str) -> Option<(std::ops::Range<usize>, usize)> {
    let after = s.get(4..)?;
    if after.starts_with('>') {
        Some((4..4, 5))
    } else if after.starts_with("->") {
        Some((4..4, 6))
    } else {
        after.find("-->").map(|e| (4..4 + e, 4 + e + 3))
    }
}

fn push(text: &mut String, map: &mut OffsetMap, s: &str, at: usize) {
    map.push(text.len(), at);
    text.push_str(s);
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(v);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "hellip" => '\u{2026}',
        "eacute" => 'é',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_skipped_entities_decoded_spans_exact() {
        let h =
            "<p>Hi {{name}},</p><p>That&#39;s <b>not</b> our&nbsp;problem &amp; <!-- x -->bye</p>";
        let d = to_draft(h);
        assert_eq!(d.text, "Hi {{name}},\nThat's not our\u{a0}problem & bye\n");
        let at = d.text.find("not our").unwrap();
        let span = d.map.map_span(at..at + "not our\u{a0}problem".len());
        assert_eq!(&h[span], "not</b> our&nbsp;problem");
        let ap = d.text.find('\'').unwrap();
        assert_eq!(&h[d.map.map_span(ap..ap + 1)], "&#39;");
    }
}
