//! Where the editor's "ignore" action puts a suppression: never into a
//! reply.
//!
//! A reply may be copied into an e-mail or a chat as it is, so an HTML
//! comment in it (`<!-- replylint-disable-next-line -->`, the obvious edit
//! in Markdown) could reach the customer. The action therefore writes only
//! where no reply is:
//!
//! - in YAML and TOML libraries, which have comments of their own, a
//!   `# replylint: ignore RULE` at the end of the line that holds the reply's
//!   value (or the line a block scalar starts on). The edit is kept only if
//!   the file, read again, has the same replies, word for word, and the new
//!   comment silences the finding;
//! - for every file, `[per-file-ignores]` in the project's `replylint.toml`
//!   (the one in effect for the file, or a new one), which switches the rule
//!   off for that file.

use crate::input::{self, FieldMapping, Format};
use crate::span::floor_char_boundary;
use std::ops::Range;
use std::path::{Component, Path};
use std::sync::Arc;
use toml::de::{DeTable, DeValue};

/// The text to insert, and where, for a `# replylint: ignore RULE` comment
/// in a YAML or TOML library that silences `rule` at byte `at` and changes
/// no reply. `None` when the format has no comments, or no line takes one
/// safely (it already has a comment, or it is inside a block of text).
pub fn line_comment(
    text: &Arc<str>,
    format: Format,
    mapping: Option<&FieldMapping>,
    rule: &str,
    at: usize,
) -> Option<(usize, String)> {
    if !matches!(format, Format::Yaml | Format::Toml) {
        return None;
    }
    let read = |t: Arc<str>| input::read_document("document", t, format, mapping).ok();
    let before = read(text.clone())?;
    let replies: Vec<&str> = before.drafts.iter().map(|d| d.text.as_str()).collect();
    let extent = before
        .drafts
        .iter()
        .map(|d| d.map.map_span(0..d.text.len()))
        .find(|r| r.start <= at && at <= r.end)?;
    let comment = format!("  # replylint: ignore {rule}");
    // The end of the line the value ends on, then the end of the line
    // before it starts (a block scalar's `body: |`).
    if extent.end > text.len() || at > text.len() {
        return None;
    }
    let last = floor_char_boundary(text, extent.end.saturating_sub(1).max(extent.start));
    let value_line = text.get(..extent.start)?.rfind('\n').map_or(0, |nl| nl + 1);
    let line_before = value_line
        .checked_sub(1)
        .map(|nl| nl - usize::from(text[..nl].ends_with('\r')));
    let candidates = [Some(line_end(text, last)), line_before];
    for ins in candidates.into_iter().flatten() {
        let mut new = String::with_capacity(text.len() + comment.len());
        new.push_str(&text[..ins]);
        new.push_str(&comment);
        new.push_str(&text[ins..]);
        let Some(after) = read(Arc::from(new)) else {
            continue;
        };
        let same = after.drafts.len() == replies.len()
            && after.drafts.iter().zip(&replies).all(|(d, r)| d.text == *r)
            && after.errors.len() == before.errors.len();
        let moved = if at >= ins { at + comment.len() } else { at };
        if same && after.suppressions.iter().any(|s| s.covers(rule, moved)) {
            return Some((ins, comment));
        }
    }
    None
}

/// The byte offset where the line holding `at` ends (before `\r\n`).
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    }
}

/// The `[per-file-ignores]` glob that names `file` and nothing else, for a
/// configuration in `dir` (globs are relative to it). `None` when the file
/// is not under `dir`.
pub fn glob_for(file: &Path, dir: &Path) -> Option<String> {
    let rel = file.strip_prefix(dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(p) => Some(globset::escape(&p.to_string_lossy())),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The edit of a configuration's `text` that adds `rule` to
/// `[per-file-ignores]` for `glob`: to the glob's list if it has one, as a
/// new entry of the table if there is one, else as a new table at the end.
/// `None` when the text does not parse (its errors come first), or when the
/// table is written in a way this edit does not handle (dotted keys): the
/// result is parsed again and must say exactly that.
pub fn per_file_ignore(text: &str, glob: &str, rule: &str) -> Option<(Range<usize>, String)> {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let root = DeTable::parse(text).ok()?;
    let table = root
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == "per-file-ignores")
        .map(|(_, v)| v);
    let edit = match table.map(|t| t.get_ref()) {
        None => {
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            let gap = if text.trim().is_empty() { "" } else { "\n" };
            (
                text.len()..text.len(),
                format!(
                    "{sep}{gap}[per-file-ignores]\n{} = [{}]\n",
                    quoted(glob),
                    quoted(rule)
                ),
            )
        }
        Some(DeValue::Table(t)) => {
            match t.iter().find(|(k, _)| k.get_ref() == glob).map(|(_, v)| v) {
                Some(list) => {
                    let DeValue::Array(items) = list.get_ref() else {
                        return None;
                    };
                    // Before the closing bracket, after a comma if needed.
                    let close = list.span().end.checked_sub(1)?;
                    if text.as_bytes().get(close) != Some(&b']') {
                        return None;
                    }
                    let before = text[list.span().start..close].trim_end();
                    let comma = if items.is_empty() || before.ends_with(',') {
                        ""
                    } else {
                        ", "
                    };
                    (close..close, format!("{comma}{}", quoted(rule)))
                }
                None => {
                    let header = header_end(text, "per-file-ignores")?;
                    (
                        header..header,
                        format!("{} = [{}]\n", quoted(glob), quoted(rule)),
                    )
                }
            }
        }
        Some(_) => return None,
    };
    // Parsed again, the table must list the rule for the glob.
    let mut new = text.to_string();
    new.replace_range(edit.0.clone(), &edit.1);
    let value: toml::Table = toml::from_str(&new).ok()?;
    let listed = value
        .get("per-file-ignores")?
        .get(glob)?
        .as_array()?
        .iter()
        .any(|r| r.as_str() == Some(rule));
    listed.then_some(edit)
}

/// Where the line after the `[name]` header starts.
fn header_end(text: &str, name: &str) -> Option<usize> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("").trim();
        if code == format!("[{name}]") {
            return Some(pos + line.len());
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, edit: (Range<usize>, String)) -> String {
        let mut t = text.to_string();
        t.replace_range(edit.0, &edit.1);
        t
    }

    #[test]
    fn a_new_table_an_entry_or_one_more_rule() {
        let e = per_file_ignore("", "replies/late.md", "blame").unwrap();
        assert_eq!(
            edited("", e),
            "[per-file-ignores]\n\"replies/late.md\" = [\"blame\"]\n"
        );
        let t = "ignore = [\"no-invitation\"]";
        let e = per_file_ignore(t, "a.md", "blame").unwrap();
        assert_eq!(
            edited(t, e),
            "ignore = [\"no-invitation\"]\n\n[per-file-ignores]\n\"a.md\" = [\"blame\"]\n"
        );
        let t = "[per-file-ignores]  # by file\n\"b.md\" = [\"threat\"]\n\n[vocabulary]\n";
        let e = per_file_ignore(t, "a.md", "blame").unwrap();
        assert_eq!(
            edited(t, e),
            "[per-file-ignores]  # by file\n\"a.md\" = [\"blame\"]\n\"b.md\" = [\"threat\"]\n\n[vocabulary]\n"
        );
        let t = "[per-file-ignores]\n\"a.md\" = [\"threat\",]\n\"c.md\" = []\n";
        let e = per_file_ignore(t, "a.md", "blame").unwrap();
        let t2 = edited(t, e);
        assert_eq!(
            t2,
            "[per-file-ignores]\n\"a.md\" = [\"threat\",\"blame\"]\n\"c.md\" = []\n"
        );
        let e = per_file_ignore(&t2, "c.md", "blame").unwrap();
        assert!(edited(&t2, e).contains("\"c.md\" = [\"blame\"]"));
        // Dotted keys, or a file that does not parse: no edit.
        assert!(per_file_ignore("per-file-ignores.\"a.md\" = []\n", "b.md", "blame").is_none());
        assert!(per_file_ignore("ignore = [", "a.md", "blame").is_none());
    }

    #[test]
    fn globs_name_the_file_alone() {
        let g = glob_for(Path::new("/p/replies/late [v2]*.md"), Path::new("/p")).unwrap();
        assert_eq!(g, "replies/late [[]v2[]][*].md");
        let set = globset::Glob::new(&g).unwrap().compile_matcher();
        assert!(set.is_match("replies/late [v2]*.md"));
        assert!(!set.is_match("replies/late v.md"));
        assert_eq!(glob_for(Path::new("/q/a.md"), Path::new("/p")), None);
    }

    #[test]
    fn comments_only_where_no_reply_changes() {
        let yaml: Arc<str> = Arc::from(
            "- title: a\n  body: \"Calm down, it ships today.\"\n- title: b\n  body: |\n    Calm down, it ships today.\n    Thanks.\n- title: c\n  body: \"Calm down, # here\"  # a note\n",
        );
        let at = |n: usize| yaml.match_indices("Calm").nth(n).unwrap().0;
        // A quoted value: at the end of its line.
        let (ins, c) = line_comment(&yaml, Format::Yaml, None, "dismissive", at(0)).unwrap();
        assert_eq!(
            &yaml[..ins],
            "- title: a\n  body: \"Calm down, it ships today.\""
        );
        assert_eq!(c, "  # replylint: ignore dismissive");
        // A block scalar: on its `|` line, not inside the text.
        let (ins, _) = line_comment(&yaml, Format::Yaml, None, "dismissive", at(1)).unwrap();
        assert!(yaml[..ins].ends_with("body: |"), "{}", &yaml[..ins]);
        // A line with a comment already: nowhere in the file.
        assert_eq!(
            line_comment(&yaml, Format::Yaml, None, "dismissive", at(2)),
            None
        );
        // A value ending in a character of several bytes.
        let accent: Arc<str> = Arc::from("- body: \"Calm down, café\"\n");
        assert!(line_comment(&accent, Format::Yaml, None, "dismissive", 9).is_some());
        let toml: Arc<str> = Arc::from("[[reply]]\nbody = \"\"\"\nCalm down.\nThanks.\"\"\"\n");
        let calm = toml.find("Calm").unwrap();
        let (ins, _) = line_comment(&toml, Format::Toml, None, "dismissive", calm).unwrap();
        assert!(toml[..ins].ends_with("Thanks.\"\"\""), "{}", &toml[..ins]);
        // Formats without comments of their own: none.
        let md: Arc<str> = Arc::from("Calm down.\n");
        assert_eq!(
            line_comment(&md, Format::Markdown, None, "dismissive", 0),
            None
        );
    }
}
