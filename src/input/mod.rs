//! Inputs: turning a file into drafts, with a map back into the file.
//!
//! A plain-text file is one draft. Each draft carries its text and an
//! [`OffsetMap`] from draft offsets to file offsets, so findings point at the
//! exact bytes of the original file even when the draft had to be unescaped
//! (a JSON string) or cut out of a larger document.

use crate::Channel;
use crate::error::SourceError;
use std::ops::Range;
use std::sync::Arc;

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

    /// File offset of draft offset `at`.
    pub fn map(&self, at: usize) -> usize {
        let i = self.points.partition_point(|&(d, _)| d <= at);
        match i.checked_sub(1).and_then(|i| self.points.get(i)) {
            Some(&(d, f)) => f + (at - d),
            None => at,
        }
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
        let end = self.map(span.end).max(start);
        start..end
    }
}

/// One draft found in a file.
#[derive(Debug, Clone, Default)]
pub struct DraftSource {
    /// Its id inside a library (title, key, row); `None` for a whole file.
    pub id: Option<String>,
    pub text: String,
    pub map: OffsetMap,
    /// The customer message it answers, if the file says.
    pub context: Option<String>,
    pub channel: Option<Channel>,
}

impl DraftSource {
    /// A draft made of `pieces` of `file` (sorted, disjoint byte ranges),
    /// joined with `sep`. Each piece keeps an exact map into the file.
    pub fn from_pieces(file: &str, pieces: &[Range<usize>], sep: &str) -> DraftSource {
        let mut text = String::new();
        let mut map = OffsetMap::default();
        for (i, p) in pieces.iter().enumerate() {
            if i > 0 {
                text.push_str(sep);
            }
            map.push(text.len(), p.start);
            text.push_str(&file[p.clone()]);
            map.push(text.len(), p.end);
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

/// A plain-text document: the whole file is one draft, without a leading BOM
/// and without suppression directive lines (`replylint: ignore ...`).
pub fn plain_text(path: &str, text: Arc<str>) -> Document {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let (suppressions, directive_lines) = crate::suppress::scan(&text);
    let mut pieces = Vec::new();
    let mut at = start;
    for d in &directive_lines {
        if d.start > at {
            pieces.push(at..d.start);
        }
        at = at.max(d.end);
    }
    if at < text.len() || pieces.is_empty() {
        pieces.push(at..text.len());
    }
    let draft = DraftSource::from_pieces(&text, &pieces, "");
    Document {
        path: path.to_string(),
        text,
        drafts: vec![draft],
        suppressions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
