//! Inputs: turning a file into drafts, with a map back into the file.
//!
//! One reader per format ([`text`], [`markdown`], [`html`], and the library
//! readers [`json`], [`yaml`], [`toml_lib`], [`csv_lib`] sharing the
//! [`tree`] convention). Each draft carries its text and an [`OffsetMap`]
//! from draft offsets to file offsets, so findings point at the exact bytes of
//! the original file even when the draft had to be unescaped (a JSON string),
//! stripped of tags (HTML) or cut out of a larger document (a Markdown
//! section). The reference for users is `docs/inputs.md`.

pub mod csv_lib;
pub mod html;
pub mod json;
pub mod markdown;
pub mod stream;
pub mod text;
pub mod toml_lib;
pub mod tree;
pub mod yaml;

use crate::Channel;
use crate::error::SourceError;
use std::ops::Range;
use std::sync::Arc;

/// Which fields of a library entry hold what.
#[derive(Debug, Default, Clone, serde::Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldMapping {
    /// Glob patterns of the files this mapping applies to.
    pub files: Vec<String>,
    /// The reply text field (default: `body`, `text`, `content`, `reply`,
    /// `message`, `comment_value`).
    pub text: Option<String>,
    /// The id field (default: `id`, `title`, `name`, `key`).
    pub id: Option<String>,
    /// The customer-message field, if any.
    pub context: Option<String>,
    /// The channel field, if any.
    pub channel: Option<String>,
    /// The per-entry suppression field (default `replylint-ignore`).
    pub ignore: Option<String>,
}

/// Maps byte offsets of a draft's text to byte offsets in its file.
///
/// Stored as sorted `(draft offset, file offset)` checkpoints; between two
/// checkpoints the mapping is linear.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The identity map shifted by `base` (the draft starts at `base`).
    pub fn shifted(base: usize) -> Self {
        OffsetMap {
            points: vec![(0, base)],
        }
    }

    /// Records that draft offset `draft` corresponds to file offset `file`,
    /// unless the previous checkpoint already predicts it.
    pub fn push(&mut self, draft: usize, file: usize) {
        if let Some(&(d, f)) = self.points.last() {
            if draft >= d && f + (draft - d) == file {
                return;
            }
        }
        self.points.push((draft, file));
    }

    /// Records the end of a piece: always kept (unless it repeats the last
    /// checkpoint), so [`OffsetMap::map_end`] can find it even where the
    /// mapping is linear.
    pub fn push_end(&mut self, draft: usize, file: usize) {
        if self.points.last() != Some(&(draft, file)) {
            self.points.push((draft, file));
        }
    }

    /// File offset of draft offset `at`.
    pub fn map(&self, at: usize) -> usize {
        let i = self.points.partition_point(|&(d, _)| d <= at);
        match i.checked_sub(1).and_then(|i| self.points.get(i)) {
            // Between checkpoints, draft and file advance together, but
            // never past the next checkpoint (a reader that could not align
            // a value char by char records only its two ends, and the value
            // may be longer than its bytes in the file).
            Some(&(d, f)) => match self.points.get(i) {
                Some(&(_, next)) => (f + (at - d)).min(next.max(f)),
                None => f + (at - d),
            },
            None => at,
        }
    }

    /// Composes two maps: `self` maps a draft into an intermediate text (an
    /// HTML body inside a JSON string), `outer` maps that text into the file.
    /// `draft` is the text `self` maps from.
    pub fn then(&self, outer: &OffsetMap, draft: &str) -> OffsetMap {
        let mut out = OffsetMap::default();
        for (i, _) in draft
            .char_indices()
            .chain(std::iter::once((draft.len(), ' ')))
        {
            out.push(i, outer.map(self.map(i)));
        }
        out
    }

    /// File span of a draft span.
    ///
    /// Readers record a checkpoint wherever draft and file stop advancing
    /// together (after an escape such as `\u00e9`, at the end of a piece of a
    /// draft cut from several places), so every draft character boundary maps
    /// to where that character starts in the file, and the span end maps to
    /// just after the last character's source bytes.
    pub fn map_span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.map(span.start);
        let end = self.map_end(span.end).max(start);
        start..end
    }

    /// Like [`OffsetMap::map`], but where two pieces meet at `at` (the end of
    /// one and the start of the next have the same draft offset), the end of
    /// the earlier piece: a span ending there must not reach into the markup
    /// between the pieces.
    pub fn map_end(&self, at: usize) -> usize {
        let i = self.points.partition_point(|&(d, _)| d < at);
        match self.points.get(i) {
            Some(&(d, f)) if d == at => f,
            _ => self.map(at),
        }
    }
}

/// The kind of string a draft is written in inside its file, which decides
/// how a fix must escape its replacement there (see [`crate::fix`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Escape {
    /// Plain text, Markdown, e-mail: written as is.
    #[default]
    Raw,
    /// An HTML file: `&`, `<`, `>` as entities.
    Html,
    /// A JSON string, a YAML double-quoted scalar or a TOML basic string.
    Json,
    /// A YAML single-quoted scalar: `'` doubled, no line breaks.
    YamlSingle,
    /// A YAML plain scalar: nothing that would change its meaning.
    YamlPlain,
    /// A YAML block scalar (`|`, `>`): no line breaks.
    YamlBlock,
    /// A TOML multi-line basic string.
    TomlMultiBasic,
    /// A TOML literal string: no `'`.
    TomlLiteral,
    /// A TOML multi-line literal string: no `'''`.
    TomlMultiLiteral,
    /// A quoted CSV field: `"` doubled.
    CsvQuoted,
    /// An unquoted CSV field: no separators or quotes.
    CsvPlain,
    /// Text that cannot be edited in place (HTML inside a library string).
    NoFix,
}

impl Escape {
    /// The kind of the string literal starting at `at` in `file` (a JSON,
    /// YAML or TOML library value), from its opening characters.
    pub fn of_literal(format: Format, file: &str, at: usize) -> Escape {
        let s = file.get(at..).unwrap_or("").trim_start_matches([' ', '\t']);
        match format {
            Format::Json | Format::JsonLines => Escape::Json,
            Format::Toml if s.starts_with("\"\"\"") => Escape::TomlMultiBasic,
            Format::Toml if s.starts_with("'''") => Escape::TomlMultiLiteral,
            Format::Toml if s.starts_with('\'') => Escape::TomlLiteral,
            Format::Toml => Escape::Json,
            Format::Yaml if s.starts_with('"') => Escape::Json,
            Format::Yaml if s.starts_with('\'') => Escape::YamlSingle,
            Format::Yaml if s.starts_with(['|', '>']) => Escape::YamlBlock,
            Format::Yaml => Escape::YamlPlain,
            _ => Escape::NoFix,
        }
    }
}

/// One draft found in a file.
#[derive(Debug, Clone, Default)]
pub struct DraftSource {
    /// Its id inside a library (title, key, row); `None` for a whole file.
    /// Shared with every finding in the draft.
    pub id: Option<std::sync::Arc<str>>,
    pub text: String,
    pub map: OffsetMap,
    /// The customer message it answers, if the file says.
    pub context: Option<String>,
    pub channel: Option<Channel>,
    /// How a fix must be written where this draft lives.
    pub escape: Escape,
}

impl DraftSource {
    /// A draft made of `pieces` of `file` (sorted, disjoint byte ranges),
    /// joined with `sep`. Each piece keeps an exact map into the file.
    pub fn from_pieces(file: &str, pieces: &[Range<usize>], sep: &str) -> DraftSource {
        let with_seps: Vec<(Range<usize>, &str)> = pieces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), if i == 0 { "" } else { sep }))
            .collect();
        DraftSource::from_separated(file, &with_seps)
    }

    /// A draft made of pieces of `file`, each with the separator to put
    /// before it (`""` to join, `"\n\n"` for a new paragraph).
    pub fn from_separated(file: &str, pieces: &[(Range<usize>, &str)]) -> DraftSource {
        let mut text = String::new();
        let mut map = OffsetMap::default();
        for (p, sep) in pieces {
            if !text.is_empty() {
                text.push_str(sep);
            }
            map.push(text.len(), p.start);
            text.push_str(&file[p.clone()]);
            map.push_end(text.len(), p.end);
        }
        DraftSource {
            text,
            map,
            ..DraftSource::default()
        }
    }
}

/// A file turned into drafts.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub text: Arc<str>,
    pub drafts: Vec<DraftSource>,
    /// Inline suppressions found in the file.
    pub suppressions: Vec<crate::suppress::Suppression>,
    /// Problems that did not stop the reading (a bad line of a JSON Lines
    /// file): reported, and the rest of the file is still checked.
    pub errors: Vec<SourceError>,
}

/// Decodes file bytes as UTF-8 (a BOM is skipped), or explains where it fails.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<Arc<str>, SourceError> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Arc::from(s)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let valid = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let line = valid.matches('\n').count() + 1;
            let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let binary = bytes.iter().take(8192).any(|&b| b == 0);
            let message = if binary {
                "looks like a binary file, not text".to_string()
            } else {
                format!("is not valid UTF-8 (invalid byte at line {line}, column {col})")
            };
            Err(SourceError::new(path, Arc::from(""), None, message)
                .with_help("replylint reads UTF-8 text; convert the file (e.g. `iconv -t UTF-8`) or exclude it"))
        }
    }
}

/// A plain-text document: the whole file is one draft (see [`text`]).
pub fn plain_text(path: &str, text: Arc<str>) -> Document {
    text::read(path, text, false)
}

/// The formats replylint reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Email,
    Markdown,
    Html,
    Json,
    JsonLines,
    Yaml,
    Toml,
    Csv,
}

impl Format {
    /// The format of a path, by extension; `None` for unknown extensions.
    pub fn of(path: &str) -> Option<Format> {
        let ext = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "eml" => Format::Email,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "yaml" | "yml" => Format::Yaml,
            "toml" => Format::Toml,
            "csv" => Format::Csv,
            _ => return None,
        })
    }

    /// A name for messages: "text", "Markdown", "JSON Lines"...
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Email => "e-mail",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Json => "JSON",
            Format::JsonLines => "JSON Lines",
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Csv => "CSV",
        }
    }

    /// Every extension read by default when walking directories.
    pub const EXTENSIONS: &'static [&'static str] = &[
        "txt", "text", "eml", "md", "markdown", "mdown", "mkd", "html", "htm", "json", "jsonl",
        "ndjson", "yaml", "yml", "toml", "csv",
    ];
}

/// Largest draft linted: a reply is a few kilobytes; anything far larger is
/// not a reply and is reported instead of scanned.
pub const MAX_DRAFT_BYTES: usize = 1 << 20;

/// Largest file read whole (JSON Lines and CSV files of any size are read
/// in parts instead, see [`stream`]): a library this size holds tens of
/// thousands of replies, and parsing it costs a few times its size in
/// memory, so anything larger is refused before it is read.
pub const MAX_WHOLE_FILE_BYTES: u64 = 256 << 20;

/// The error for a file (or stdin) over [`MAX_WHOLE_FILE_BYTES`].
pub fn too_large_to_read(path: &str, bytes: u64) -> SourceError {
    let mut e = SourceError::new(
        path,
        std::sync::Arc::from(""),
        None,
        format!(
            "too large to read ({:.0} MB; files are read whole up to {} MB)",
            bytes as f64 / 1e6,
            MAX_WHOLE_FILE_BYTES >> 20
        ),
    );
    e.help = Some("split the file, or export the library as JSON Lines or CSV, which are read in parts at any size".into());
    e
}

/// JSON Lines text above which stretches of it are parsed on all the pool's
/// threads. (The parts of a file streamed in parts, `input::stream`, are
/// smaller: their reading stays on the reader thread, beside the linting.)
const PARALLEL_LINES_BYTES: usize = 1 << 20;

/// Size of the stretches of JSON Lines read in parallel (whole lines).
const STRETCH_BYTES: usize = 256 << 10;

/// Reads JSON Lines in stretches of about `stretch` bytes (whole lines), on
/// the thread pool when there is more than one: records, suppressions and
/// the errors of bad lines (a bad line is reported; the other lines are
/// still checked). Records are numbered across stretches (`[12]`) from
/// `first_record`, errors keep file order, so the result is the same
/// whatever the stretch size.
fn json_lines(
    text: &str,
    stretch: usize,
    mapping: Option<&FieldMapping>,
    err: &(impl Fn(usize, String) -> SourceError + Sync),
    first_record: usize,
) -> JsonLines {
    use rayon::prelude::*;
    let stretches = line_stretches(text, stretch);
    let parse = |r: &Range<usize>| json::parse_lines_in(text, r.clone());
    let parsed: Vec<Vec<Result<tree::Node, json::JsonError>>> = if stretches.len() > 1 {
        stretches.par_iter().map(parse).collect()
    } else {
        stretches.iter().map(parse).collect()
    };
    // Where each stretch's numbering starts: records before it that parsed.
    let mut first = Vec::with_capacity(parsed.len());
    let mut records = first_record;
    for lines in &parsed {
        first.push(records);
        records += lines.iter().filter(|r| r.is_ok()).count();
    }
    let read = |(lines, first): (Vec<Result<tree::Node, json::JsonError>>, usize)| {
        let mut items = Vec::with_capacity(lines.len());
        let mut errors = Vec::new();
        for r in lines {
            match r {
                Ok(n) => items.push(n),
                Err(e) => errors.push(err(e.at, format!("invalid JSON line: {}", e.message))),
            }
        }
        let entries = tree::entries_of_items(&items, first, mapping);
        let (drafts, suppressions) = tree::to_drafts(entries, Format::JsonLines, text);
        (drafts, suppressions, errors)
    };
    let read: Vec<_> = if parsed.len() > 1 {
        parsed.into_par_iter().zip(first).map(read).collect()
    } else {
        parsed.into_iter().zip(first).map(read).collect()
    };
    let mut out = JsonLines {
        records: records - first_record,
        ..JsonLines::default()
    };
    for (drafts, suppressions, errors) in read {
        if out.drafts.is_empty() {
            out.drafts = drafts;
        } else {
            out.drafts.extend(drafts);
        }
        out.suppressions.extend(suppressions);
        out.errors.extend(errors);
    }
    out
}

/// What [`json_lines`] read.
#[derive(Default)]
struct JsonLines {
    drafts: Vec<DraftSource>,
    suppressions: Vec<crate::suppress::Suppression>,
    errors: Vec<SourceError>,
    /// Records (lines that parsed).
    records: usize,
}

/// `text` cut into ranges of about `size` bytes that end after a newline
/// (or at the end of the text); at least one range.
fn line_stretches(text: &str, size: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < b.len() {
        let from = start.saturating_add(size).min(b.len());
        let end = memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |i| from + i + 1);
        out.push(start..end);
        start = end;
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// Reads `text` (the content of `path`) in `format` into drafts.
pub fn read_document(
    path: &str,
    text: Arc<str>,
    format: Format,
    mapping: Option<&FieldMapping>,
) -> Result<Document, SourceError> {
    read_part(path, text, format, mapping, PartStart::default()).map(|(doc, _)| doc)
}

/// Where a part of a file read in parts (see `input::stream`) begins, so
/// that records without an id are named as in the whole file: JSON Lines
/// records are numbered (`[12]`), CSV rows named by their line (`row 14`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PartStart {
    /// Lines of the file before the part's text.
    pub lines: usize,
    /// JSON Lines records (lines that parsed) before the part.
    pub records: usize,
}

/// [`read_document`] for a part of a file that begins at `start`; also
/// returns how many JSON Lines records the part held (0 for other formats).
pub fn read_part(
    path: &str,
    text: Arc<str>,
    format: Format,
    mapping: Option<&FieldMapping>,
    start: PartStart,
) -> Result<(Document, usize), SourceError> {
    let mut records = 0;
    let err = |at: usize, msg: String| {
        let at = at.min(text.len());
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        SourceError::new(path, text.clone(), Some(at..end), msg)
    };
    let library = |root: tree::Node| -> Document {
        let (drafts, suppressions) = tree::to_drafts(tree::entries(&root, mapping), format, &text);
        let mut doc = Document {
            path: path.to_string(),
            text: text.clone(),
            drafts,
            suppressions: Vec::new(),
            errors: Vec::new(),
        };
        doc.suppressions = suppressions;
        if matches!(format, Format::Yaml | Format::Toml) {
            // Formats with `#` comments take `# replylint: ignore` too.
            let values: Vec<Range<usize>> = doc
                .drafts
                .iter()
                .map(|d| d.map.map_span(0..d.text.len()))
                .collect();
            doc.suppressions
                .extend(crate::suppress::scan_line_comments(&text, &values));
            doc.suppressions.sort_by_key(|s| s.directive.start);
        }
        doc
    };
    let doc = match format {
        Format::Text => text::read(path, text.clone(), false),
        Format::Email => text::read(path, text.clone(), true),
        Format::Markdown => markdown::read(path, text.clone()),
        Format::Html => {
            let (suppressions, _) = crate::suppress::scan(&text);
            Document {
                path: path.to_string(),
                drafts: vec![DraftSource {
                    escape: Escape::Html,
                    ..html::to_draft(&text)
                }],
                text: text.clone(),
                suppressions,
                errors: Vec::new(),
            }
        }
        Format::Json => {
            if text.trim().is_empty() {
                library(tree::Node::Array(Vec::new(), 0..0))
            } else {
                let root = json::parse(&text)
                    .map_err(|e| err(e.at, format!("invalid JSON: {}", e.message)))?;
                library(root)
            }
        }
        Format::JsonLines => {
            let parallel = text.len() >= PARALLEL_LINES_BYTES && rayon::current_num_threads() > 1;
            let stretch = if parallel { STRETCH_BYTES } else { usize::MAX };
            let read = json_lines(&text, stretch, mapping, &err, start.records);
            records = read.records;
            Document {
                path: path.to_string(),
                text: text.clone(),
                drafts: read.drafts,
                suppressions: read.suppressions,
                errors: read.errors,
            }
        }
        Format::Yaml => {
            let root = yaml::parse(&text)
                .map_err(|e| err(e.at, format!("invalid YAML: {}", e.message)))?;
            library(root)
        }
        Format::Toml => {
            let root = toml_lib::parse(&text).map_err(|e| {
                let span = e.span.unwrap_or(0..0);
                SourceError::new(
                    path,
                    text.clone(),
                    Some(span),
                    format!("invalid TOML: {}", e.message),
                )
            })?;
            library(root)
        }
        Format::Csv => {
            if text.trim().is_empty() {
                library(tree::Node::Array(Vec::new(), 0..0))
            } else {
                let (drafts, suppressions) = csv_lib::read(&text, mapping, start.lines)
                    .map_err(|e| err(e.at, format!("invalid CSV: {}", e.message)))?;
                Document {
                    path: path.to_string(),
                    text: text.clone(),
                    drafts,
                    suppressions,
                    errors: Vec::new(),
                }
            }
        }
    };
    if let Some(big) = doc.drafts.iter().find(|d| d.text.len() > MAX_DRAFT_BYTES) {
        let at = big.map.map(0);
        return Err(err(
            at,
            format!(
                "a draft of {:.1} MB is too large to be a reply (the limit is {} MB); is this the right file?",
                big.text.len() as f64 / 1e6,
                MAX_DRAFT_BYTES >> 20
            ),
        ));
    }
    Ok((doc, records))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON Lines read in stretches give what one pass over the whole file
    /// gives (the tree of all records, walked as one array): same drafts,
    /// ids numbered across stretches, suppressions and errors in order.
    #[test]
    fn json_lines_read_in_stretches_equal_one_pass() {
        let kinds = [
            "{\"id\": \"r{n}\", \"text\": \"Calm down, you did it wrong {n}.\"}\n",
            "{\"text\": \"Sorry about that, we will fix it {n}.\", \"replylint-ignore\": \"blame\"}\r\n",
            "\n",
            "{bad line {n}\n",
            "{\"body\": \"<p>Per our policy, no refund {n}.</p>\"}\n",
            "[\"a bare reply with a few words {n}\", {\"text\": \"Caf\\u00e9 is closed, sorry {n}\"}]\n",
        ];
        let mut text = String::new();
        let mut rng = crate::testing::Lcg::new(7);
        for n in 0..400 {
            text.push_str(&kinds[rng.below(kinds.len())].replace("{n}", &n.to_string()));
        }
        text.push_str("{\"text\": \"no newline at the end, sorry\"}");
        let err = |at: usize, msg: String| {
            SourceError::new("lib.jsonl", Arc::from(""), Some(at..at), msg)
        };
        let show = |r: &(
            Vec<DraftSource>,
            Vec<crate::suppress::Suppression>,
            Vec<SourceError>,
        )| {
            format!(
                "{:?}\n{:?}\n{:?}",
                r.0,
                r.1,
                r.2.iter()
                    .map(|e| (&e.span, &e.message))
                    .collect::<Vec<_>>()
            )
        };
        // One pass, as the whole-tree reader does it.
        let mut items = Vec::new();
        let mut errors = Vec::new();
        for r in json::parse_lines(&text) {
            match r {
                Ok(n) => items.push(n),
                Err(e) => errors.push(err(e.at, format!("invalid JSON line: {}", e.message))),
            }
        }
        let root = tree::Node::Array(items, 0..text.len());
        let (drafts, suppressions) =
            tree::to_drafts(tree::entries(&root, None), Format::JsonLines, &text);
        let expected = show(&(drafts, suppressions, errors));
        assert!(expected.contains("[3]") && expected.contains("invalid JSON line"));
        for stretch in [usize::MAX, 1 << 20, 1000, 100, 7, 1] {
            let got = json_lines(&text, stretch, None, &err, 0);
            assert!(got.drafts.len() > 300, "{}", got.drafts.len());
            assert_eq!(
                show(&(got.drafts, got.suppressions, got.errors)),
                expected,
                "stretch {stretch}"
            );
        }
        assert_eq!(line_stretches("", 10), vec![0..0]);
        assert_eq!(line_stretches("ab\ncd\nef", 1), vec![0..3, 3..6, 6..8]);
    }

    #[test]
    fn offset_map_is_piecewise_linear() {
        let mut m = OffsetMap::shifted(10);
        m.push(5, 20); // 5 draft bytes, then an escape that took 5 more file bytes
        assert_eq!(m.map(0), 10);
        assert_eq!(m.map(4), 14);
        assert_eq!(m.map(5), 20);
        assert_eq!(m.map(7), 22);
    }

    #[test]
    fn pieces_map_back_exactly() {
        let file = "keep\n# replylint: ignore x\nme";
        let d = DraftSource::from_pieces(file, &[0..5, 27..29], "");
        assert_eq!(d.text, "keep\nme");
        assert_eq!(&file[d.map.map_span(5..7)], "me");
        assert_eq!(&file[d.map.map_span(0..4)], "keep");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = decode("x.txt", b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert!(e.message.contains("line 2, column 3"), "{}", e.message);
        let e = decode("x.bin", b"\x00\x01\xff".to_vec()).unwrap_err();
        assert!(e.message.contains("binary"));
    }
}
