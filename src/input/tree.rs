//! A small spanned tree shared by the JSON, YAML and TOML readers, and the
//! convention that turns a tree into drafts (a canned-response library).
//!
//! Every string keeps a map from its decoded text back to the file bytes, so a
//! finding inside a JSON string with `\n` and `\u00e9` escapes, or a YAML
//! block scalar, points at the exact characters in the file.
//!
//! ## The library convention
//!
//! An **entry** is an object that has a text field: the first of `text`,
//! `body`, `content`, `reply`, `message`, `response`, `template`, `answer`,
//! `comment`, `body_text`, `comment_value`, then the HTML ones `body_html`,
//! `comment_value_html`, `html` (HTML is linted as text, tags skipped).
//! Help-desk exports that keep the reply in an action list work too: a Zendesk
//! macro (`actions: [{field: "comment_value", value: ...}]`) and a Gorgias
//! macro (`actions: [{arguments: {body_text: ...}}]`).
//!
//! Its id is the first of `id`, `title`, `name`, `key`, `slug`, or else its
//! path in the file (`macros[3]`, `greeting`). `context` / `customer_message`
//! / `question` give the customer message, `channel` the channel, and
//! `replylint-ignore` (a rule id or a list) suppresses rules for the entry.
//!
//! Objects without a text field are searched for entries inside them; an
//! object or array whose values are plain strings with spaces in them (a
//! keyed list of replies, `greeting: "Hi! ..."`) makes each string an entry.
//! All of these names can be changed per file pattern in the configuration
//! (`[[inputs.library]]`).

use super::{DraftSource, OffsetMap, html};
use crate::Channel;
use crate::input::FieldMapping;
use crate::suppress::Suppression;
use std::ops::Range;

/// A value with its span in the file.
#[derive(Debug, Clone)]
pub enum Node {
    Object(Vec<(String, Range<usize>, Node)>, Range<usize>),
    Array(Vec<Node>, Range<usize>),
    /// A string: decoded value and a map from it to file offsets.
    Str(String, OffsetMap, Range<usize>),
    /// Numbers, booleans, nulls, dates: only their span and raw text.
    Other(String, Range<usize>),
}

impl Node {
    /// The node's span in the file.
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Object(_, s) | Node::Array(_, s) | Node::Str(_, _, s) | Node::Other(_, s) => {
                s.clone()
            }
        }
    }

    fn get<'a>(&'a self, key: &str) -> Option<&'a Node> {
        match self {
            Node::Object(fields, _) => fields.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s, _, _) => Some(s),
            _ => None,
        }
    }

    /// A scalar as an id: strings and numbers.
    fn as_id(&self) -> Option<String> {
        match self {
            Node::Str(s, _, _) => Some(s.clone()),
            Node::Other(raw, _) if !raw.is_empty() && raw != "null" && raw != "~" => {
                Some(raw.clone())
            }
            _ => None,
        }
    }
}

const TEXT_FIELDS: &[&str] = &[
    "text",
    "body",
    "content",
    "reply",
    "message",
    "response",
    "template",
    "answer",
    "comment",
    "body_text",
    "comment_value",
];
const HTML_FIELDS: &[&str] = &["body_html", "comment_value_html", "html"];
const ID_FIELDS: &[&str] = &["id", "title", "name", "key", "slug"];
const CONTEXT_FIELDS: &[&str] = &["context", "customer_message", "question", "customer"];
const CHANNEL_FIELDS: &[&str] = &["channel"];
const IGNORE_FIELDS: &[&str] = &["replylint-ignore", "replylint_ignore"];

/// The field names in force for one file.
struct Fields<'a> {
    mapping: Option<&'a FieldMapping>,
}

impl Fields<'_> {
    fn pick<'n>(
        &self,
        node: &'n Node,
        custom: Option<&String>,
        defaults: &[&str],
    ) -> Option<(&'n Node, bool)> {
        if let Some(name) = custom {
            return node.get(name).map(|n| (n, false));
        }
        defaults
            .iter()
            .find_map(|d| node.get(d).map(|n| (n, false)))
    }

    /// The text node of an entry, and whether it is HTML.
    fn text<'n>(&self, node: &'n Node) -> Option<(&'n Node, bool)> {
        if let Some(name) = self.mapping.and_then(|m| m.text.as_ref()) {
            let n = node.get(name)?;
            return n.as_str().map(|_| (n, name.contains("html")));
        }
        for f in TEXT_FIELDS {
            if let Some(n) = node.get(f) {
                if n.as_str().is_some() {
                    return Some((n, false));
                }
            }
        }
        for f in HTML_FIELDS {
            if let Some(n) = node.get(f) {
                if n.as_str().is_some() {
                    return Some((n, true));
                }
            }
        }
        // Help-desk action lists.
        if let Some(Node::Array(actions, _)) = node.get("actions") {
            for want_html in [false, true] {
                for a in actions {
                    let field = a.get("field").and_then(Node::as_str);
                    let value = a.get("value");
                    let plain = field == Some("comment_value");
                    let html = field == Some("comment_value_html");
                    if (plain && !want_html) || (html && want_html) {
                        if let Some(v) = value.filter(|v| v.as_str().is_some()) {
                            return Some((v, want_html));
                        }
                    }
                    if let Some(args) = a.get("arguments") {
                        let key = if want_html { "body_html" } else { "body_text" };
                        if let Some(v) = args.get(key).filter(|v| v.as_str().is_some()) {
                            return Some((v, want_html));
                        }
                    }
                }
            }
        }
        None
    }
}

/// An entry found in a tree.
pub struct Entry<'n> {
    pub id: String,
    pub text: &'n Node,
    pub html: bool,
    pub context: Option<String>,
    pub channel: Option<Channel>,
    /// Rule ids to suppress and where the field is.
    pub ignore: Option<(Vec<String>, Range<usize>)>,
    /// The entry's span (the scope of its suppression).
    pub span: Range<usize>,
}

/// Finds every entry of a library tree.
pub fn entries<'n>(root: &'n Node, mapping: Option<&FieldMapping>) -> Vec<Entry<'n>> {
    let fields = Fields { mapping };
    let mut out = Vec::new();
    walk(root, String::new(), &fields, &mut out);
    out
}

/// The entries of `items`, the elements `first..` of a top-level array (a
/// stretch of a JSON Lines file read on its own; ids count from `first`).
pub fn entries_of_items<'n>(
    items: &'n [Node],
    first: usize,
    mapping: Option<&FieldMapping>,
) -> Vec<Entry<'n>> {
    let fields = Fields { mapping };
    let mut out = Vec::new();
    walk_items(items, first, "", &fields, &mut out);
    out
}

fn walk<'n>(node: &'n Node, path: String, f: &Fields<'_>, out: &mut Vec<Entry<'n>>) {
    match node {
        Node::Object(children, span) => {
            if let Some((text, html)) = f.text(node) {
                let id = f
                    .pick(node, f.mapping.and_then(|m| m.id.as_ref()), ID_FIELDS)
                    .and_then(|(n, _)| n.as_id())
                    .unwrap_or_else(|| {
                        if path.is_empty() {
                            "entry".into()
                        } else {
                            path.clone()
                        }
                    });
                let context = f
                    .pick(
                        node,
                        f.mapping.and_then(|m| m.context.as_ref()),
                        CONTEXT_FIELDS,
                    )
                    .and_then(|(n, _)| n.as_str().map(String::from));
                let channel = f
                    .pick(
                        node,
                        f.mapping.and_then(|m| m.channel.as_ref()),
                        CHANNEL_FIELDS,
                    )
                    .and_then(|(n, _)| n.as_str())
                    .and_then(Channel::parse);
                let ignore = f
                    .pick(
                        node,
                        f.mapping.and_then(|m| m.ignore.as_ref()),
                        IGNORE_FIELDS,
                    )
                    .map(|(n, _)| {
                        let rules = match n {
                            // Split with its reason by `Suppression::parse`.
                            Node::Str(s, _, _) => vec![s.to_string()],
                            Node::Array(items, _) => items
                                .iter()
                                .filter_map(|i| i.as_str().map(String::from))
                                .collect(),
                            _ => Vec::new(),
                        };
                        (rules, n.span())
                    });
                out.push(Entry {
                    id,
                    text,
                    html,
                    context,
                    channel,
                    ignore,
                    span: span.clone(),
                });
                return;
            }
            for (k, _, v) in children {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk_child(v, p, f, out);
            }
        }
        Node::Array(items, _) => walk_items(items, 0, &path, f, out),
        _ => {}
    }
}

/// The elements of an array, the first numbered `first`.
fn walk_items<'n>(
    items: &'n [Node],
    first: usize,
    path: &str,
    f: &Fields<'_>,
    out: &mut Vec<Entry<'n>>,
) {
    for (i, v) in items.iter().enumerate() {
        walk_child(v, format!("{path}[{}]", first + i), f, out);
    }
}

/// A field or element at `path`: a bare string that reads like prose is a
/// reply of its own (unless the mapping names the text field); anything
/// else is walked.
fn walk_child<'n>(v: &'n Node, path: String, f: &Fields<'_>, out: &mut Vec<Entry<'n>>) {
    match v {
        Node::Str(s, _, _) if looks_like_prose(s) && f.mapping.is_none_or(|m| m.text.is_none()) => {
            out.push(Entry {
                id: path,
                text: v,
                html: looks_like_html(s),
                context: None,
                channel: None,
                ignore: None,
                span: v.span(),
            });
        }
        _ => walk(v, path, f, out),
    }
}

/// A bare string value is a reply when it reads like prose: it has a space
/// and a letter (keys, codes, URLs and single words are not replies).
fn looks_like_prose(s: &str) -> bool {
    let t = s.trim();
    t.contains(' ')
        && t.chars().any(char::is_alphabetic)
        && !t.starts_with("http")
        && t.split_whitespace().count() >= 3
}

fn looks_like_html(s: &str) -> bool {
    let t = s.trim_start();
    t.starts_with('<') && t.contains('>')
}

/// Turns entries into drafts (HTML bodies stripped of tags) and their
/// per-entry suppressions.
pub fn to_drafts(
    entries: Vec<Entry<'_>>,
    format: super::Format,
    file: &str,
) -> (Vec<DraftSource>, Vec<Suppression>) {
    let mut drafts = Vec::new();
    let mut suppressions = Vec::new();
    for e in entries {
        let Node::Str(value, map, span) = e.text else {
            continue;
        };
        let mut d = if e.html {
            let inner = html::to_draft(value);
            DraftSource {
                map: inner.map.then(map, &inner.text),
                escape: super::Escape::NoFix,
                ..inner
            }
        } else {
            DraftSource {
                text: value.clone(),
                map: map.clone(),
                escape: super::Escape::of_literal(format, file, span.start),
                ..DraftSource::default()
            }
        };
        d.id = Some(e.id.into());
        d.context = e.context;
        d.channel = e.channel;
        if let Some((rules, directive)) = e.ignore {
            // A reason and a date may follow the ids: `["blame -- why"]`.
            suppressions.push(Suppression::parse(
                &rules.join(" "),
                e.span.clone(),
                directive,
            ));
        }
        drafts.push(d);
    }
    (drafts, suppressions)
}
