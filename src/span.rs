//! Byte offsets to lines and columns, at the edges of the program.
//!
//! Inside replylint every position is a byte offset. Output formats want 1-based
//! lines and columns counted in characters (JSON, compact), or UTF-16 code units
//! (LSP). A [`LineIndex`] is built once per file and answers each conversion
//! with a binary search.

/// Line starts of one text, for offset conversions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and column (column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    /// Indexes `text`. `\n` ends a line; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_lines(text.as_bytes()));
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// 1-based line and character column of a byte offset. Offsets inside a
    /// character are rounded down to its start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        LineCol {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// 0-based line and UTF-16 column, as LSP wants.
    pub fn line_utf16(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
        (line as u32, col as u32)
    }

    /// Byte offset of a 0-based line and UTF-16 column (clamped to the line).
    pub fn offset_utf16(&self, text: &str, line: u32, col: u32) -> usize {
        let Some(&start) = self.starts.get(line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let mut units = 0u32;
        for (i, c) in text[start..end].char_indices() {
            if units >= col || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        end
    }
}

fn memchr_lines(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter()
        .enumerate()
        .filter(|&(_, &c)| c == b'\n')
        .map(|(i, _)| i + 1)
}

/// The largest char boundary not after `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let t = "ab\r\ncé🎉x\nlast";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), LineCol { line: 1, column: 1 });
        let x = t.find('x').unwrap();
        assert_eq!(idx.line_col(t, x), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_utf16(t, x), (1, 4));
        assert_eq!(idx.offset_utf16(t, 1, 4), x);
        let last = t.find("last").unwrap();
        assert_eq!(idx.line_col(t, last), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(t, t.len()), LineCol { line: 3, column: 5 });
    }
}
