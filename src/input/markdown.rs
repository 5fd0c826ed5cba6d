//! Markdown: prose only, several replies per file, block quotes as context.
//!
//! Parsed with pulldown-cmark (source offsets for every event):
//!
//! * linted: paragraphs, list items, table cells, link texts, emphasis;
//! * skipped: code spans and blocks, link and image URLs, image alt text,
//!   raw HTML, front matter (`---` YAML / `+++` TOML blocks at the top);
//! * **block quotes are the customer's words**: never linted, they become the
//!   context of the reply they sit in;
//! * **several replies per file**: a heading or a thematic break (`---`)
//!   starts a new reply. A heading's text is the reply's id and is not
//!   linted itself (it is a title, not part of the reply).
//!
//! Inline suppressions (`<!-- replylint-disable ... -->`) work as HTML
//! comments anywhere in the file.

use super::{Document, DraftSource};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

#[derive(Default)]
struct Section {
    id: Option<String>,
    pieces: Vec<(Range<usize>, &'static str)>,
    context: Vec<Range<usize>>,
    /// Separator to put before the next piece.
    pending: &'static str,
}

/// Reads a Markdown file: one draft per section.
pub fn read(path: &str, text: Arc<str>) -> Document {
    let (suppressions, _) = crate::suppress::scan(&text);
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TASKLISTS;
    let mut sections: Vec<Section> = Vec::new();
    let mut cur = Section::default();
    let mut quote_depth = 0usize;
    let mut skip_depth = 0usize; // code blocks, images, metadata, html blocks
    let mut heading: Option<String> = None;

    for (ev, range) in Parser::new_ext(&text, opts).into_offset_iter() {
        match ev {
            Event::Start(tag) => match tag {
                Tag::Heading { .. } => {
                    finish(&mut sections, &mut cur);
                    heading = Some(String::new());
                }
                Tag::BlockQuote(_) => quote_depth += 1,
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::MetadataBlock(_) | Tag::HtmlBlock => {
                    skip_depth += 1
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    cur.id = heading
                        .take()
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty());
                }
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::CodeBlock
                | TagEnd::Image
                | TagEnd::MetadataBlock(_)
                | TagEnd::HtmlBlock => skip_depth = skip_depth.saturating_sub(1),
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead => {
                    cur.pending = "\n\n"
                }
                TagEnd::TableCell if cur.pending.is_empty() => cur.pending = " | ",
                _ => {}
            },
            Event::Rule => finish(&mut sections, &mut cur),
            Event::Text(t) => {
                if skip_depth > 0 {
                    continue;
                }
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                    continue;
                }
                if quote_depth > 0 {
                    cur.context.push(range);
                    continue;
                }
                cur.pieces.push((range, cur.pending));
                cur.pending = "";
            }
            Event::SoftBreak | Event::HardBreak
                if skip_depth == 0 && heading.is_none() && quote_depth == 0 && in_prose(&cur) =>
            {
                cur.pending = "\n";
            }
            // A code span is not prose, but it holds a place in the sentence:
            // keep the words on both sides apart.
            Event::Code(_) if heading.is_none() && quote_depth == 0 && in_prose(&cur) => {
                cur.pending = " "
            }
            _ => {}
        }
    }
    finish(&mut sections, &mut cur);

    let several = sections.len() > 1;
    let drafts = sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let mut d = DraftSource::from_separated(&text, &s.pieces);
            d.id =
                s.id.or_else(|| several.then(|| format!("section {}", i + 1)))
                    .map(Into::into);
            if !s.context.is_empty() {
                let ctx: Vec<&str> = s.context.iter().map(|r| text[r.clone()].trim()).collect();
                d.context = Some(ctx.join("\n"));
            }
            d
        })
        .collect();
    Document {
        path: path.to_string(),
        text,
        drafts,
        suppressions,
        errors: Vec::new(),
    }
}

/// Whether prose has started and no separator is pending.
fn in_prose(cur: &Section) -> bool {
    !cur.pieces.is_empty() && cur.pending.is_empty()
}

/// Ends the current section; sections without prose are dropped.
fn finish(sections: &mut Vec<Section>, cur: &mut Section) {
    let s = std::mem::take(cur);
    if !s.pieces.is_empty() {
        sections.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_quotes_code_and_links() {
        let t = "---\ntitle: Macros\n---\n# Refund denied\n\n> You people never refund anything!\n\nSorry, but **no exceptions**. See [our policy](https://x.io/calm-down).\nRun `calm down` now.\n\n```\nCalm down.\n```\n\n## Late order\n\nCalm down, it's on its way.\n";
        let d = read("m.md", Arc::from(t));
        assert_eq!(d.drafts.len(), 2);
        let a = &d.drafts[0];
        assert_eq!(a.id.as_deref(), Some("Refund denied"));
        assert_eq!(
            a.context.as_deref(),
            Some("You people never refund anything!")
        );
        assert_eq!(
            a.text,
            "Sorry, but no exceptions. See our policy.\nRun   now."
        );
        let at = a.text.find("no exceptions").unwrap();
        assert_eq!(&t[a.map.map_span(at..at + 13)], "no exceptions");
        let b = &d.drafts[1];
        assert_eq!(b.id.as_deref(), Some("Late order"));
        let at = b.text.find("Calm down").unwrap();
        let span = b.map.map_span(at..at + 9);
        assert_eq!(&t[span.clone()], "Calm down");
        assert_eq!(t[..span.start].matches('\n').count(), 16);
    }

    #[test]
    fn thematic_breaks_split_replies() {
        let t = "First reply.\n\n---\n\nSecond reply.\n";
        let d = read("m.md", Arc::from(t));
        assert_eq!(d.drafts.len(), 2);
        assert_eq!(d.drafts[1].id.as_deref(), Some("section 2"));
    }
}
