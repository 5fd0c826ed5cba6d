//! Reading large libraries in parts, so memory stays flat.
//!
//! A JSON Lines or CSV file above [`STREAM_ABOVE`] bytes is read in parts of
//! about [`PART_BYTES`]: whole lines (JSON Lines) or whole records (CSV, where
//! a quoted field may span lines; the header row is kept and repeated for
//! each part). Each part becomes a [`Document`] of its own, with a [`Base`]
//! telling where it sits in the file, so every finding still carries the
//! file's own line, column and byte offset. At most one part's text is held at
//! a time.

use super::{Document, Format, PartStart, decode, read_part};
use crate::error::SourceError;
use crate::input::FieldMapping;
use crate::report::Base;
use std::io::{BufRead, Read};
use std::sync::Arc;

/// Files larger than this (in bytes) are read in parts when their format
/// allows it.
pub const STREAM_ABOVE: u64 = 8 << 20;

/// Target size of one part.
pub const PART_BYTES: usize = 1 << 18;

/// Size of the first part, and of the last ones: parts grow from this to
/// [`PART_BYTES`] (the threads wait for the first part to be read) and
/// shrink back towards the end of a file of known size (the last part is
/// linted while other threads have nothing left to do).
pub const MIN_PART_BYTES: usize = 1 << 16;

/// Whether a file of this format and size is read in parts.
pub fn streams(format: Format, size: u64) -> bool {
    matches!(format, Format::JsonLines | Format::Csv) && size > STREAM_ABOVE
}

/// One part of a file, read into drafts.
pub struct Part {
    pub doc: Document,
    pub base: Base,
}

/// Reads a JSON Lines or CSV file part by part.
pub struct Parts<R> {
    reader: R,
    path: String,
    format: Format,
    mapping: Option<FieldMapping>,
    /// CSV: the header line (text) repeated at the top of each part.
    header: Option<String>,
    offset: usize,
    lines: usize,
    /// JSON Lines records read so far (they are numbered across parts).
    records: usize,
    /// Parts read so far (0: the next is the first).
    parts: u32,
    /// The file's size, if known (see [`Parts::with_size`]).
    size: Option<u64>,
    done: bool,
    /// An overlong line met while filling the last part: its length in
    /// bytes, skipped (with its error reported) before the next part.
    skipped: Option<(usize, SourceError)>,
}

/// What reading one line gave.
enum LineRead {
    Read,
    End,
    /// A line longer than the limit, skipped: its length with the newline.
    TooLong(usize),
}

impl<R: BufRead> Parts<R> {
    /// Starts reading `reader` (the content of `path`).
    pub fn new(reader: R, path: &str, format: Format, mapping: Option<&FieldMapping>) -> Self {
        Parts {
            reader,
            path: path.to_string(),
            format,
            mapping: mapping.cloned(),
            header: None,
            offset: 0,
            lines: 0,
            records: 0,
            parts: 0,
            size: None,
            done: false,
            skipped: None,
        }
    }

    /// Tells the size of the file, so that its last parts are smaller.
    pub fn with_size(mut self, size: u64) -> Self {
        self.size = Some(size);
        self
    }

    /// How many bytes of records the next part should hold: growing from
    /// [`MIN_PART_BYTES`] to [`PART_BYTES`], and an eighth of what is left
    /// near the end of a file of known size.
    fn part_target(&self) -> usize {
        let growing = MIN_PART_BYTES << self.parts.min(8);
        let left = self
            .size
            .map_or(u64::MAX, |s| s.saturating_sub(self.offset as u64) / 8);
        let left = usize::try_from(left).unwrap_or(usize::MAX);
        PART_BYTES.min(growing).min(left.max(MIN_PART_BYTES))
    }

    /// Reads one line (with its newline) into `buf`. A line longer than a
    /// few drafts is not kept (so the memory of a run stays bounded): it is
    /// skipped and reported, and the lines after it are still read.
    fn line(&mut self, buf: &mut Vec<u8>) -> Result<LineRead, SourceError> {
        let cap = super::MAX_DRAFT_BYTES as u64 * 4;
        let io = |e: std::io::Error| {
            SourceError::new(
                &self.path,
                Arc::from(""),
                None,
                format!("cannot read: {}", e.to_string().to_lowercase()),
            )
        };
        let before = buf.len();
        let n = self
            .reader
            .by_ref()
            .take(cap)
            .read_until(b'\n', buf)
            .map_err(io)?;
        if n as u64 == cap && buf.last() != Some(&b'\n') {
            buf.truncate(before);
            // Skip the rest of the line.
            let mut skipped = n;
            loop {
                let available = self.reader.fill_buf().map_err(io)?;
                if available.is_empty() {
                    break;
                }
                match available.iter().position(|&b| b == b'\n') {
                    Some(p) => {
                        self.reader.consume(p + 1);
                        skipped += p + 1;
                        break;
                    }
                    None => {
                        let l = available.len();
                        self.reader.consume(l);
                        skipped += l;
                    }
                }
            }
            return Ok(LineRead::TooLong(skipped));
        }
        Ok(if n > 0 { LineRead::Read } else { LineRead::End })
    }

    /// The error for an overlong line at 0-based line `line`.
    fn too_long(&self, line: usize) -> SourceError {
        let cap = super::MAX_DRAFT_BYTES * 4;
        SourceError::new(
            &self.path,
            Arc::from(""),
            None,
            format!("line {} is longer than {} MB; skipped", line + 1, cap >> 20),
        )
    }

    /// The next part, or `None` at the end of the file.
    fn next_part(&mut self) -> Result<Option<Part>, SourceError> {
        if self.done {
            return Ok(None);
        }
        let target = self.part_target();
        let mut buf: Vec<u8> = Vec::with_capacity(target + 4096);
        if self.format == Format::Csv && self.header.is_none() {
            let mut h = Vec::new();
            if let LineRead::TooLong(_) = self.line(&mut h)? {
                return Err(self.too_long(0));
            }
            let header = String::from_utf8(h).map_err(|_| {
                SourceError::new(
                    &self.path,
                    Arc::from(""),
                    None,
                    "is not valid UTF-8 (in the header row)",
                )
            })?;
            self.offset += header.len();
            self.lines += 1;
            self.header = Some(header);
        }
        let header_len = self.header.as_ref().map_or(0, String::len);
        if let Some(h) = &self.header {
            buf.extend_from_slice(h.as_bytes());
        }
        let mut in_quotes = false;
        let mut lines_in_part = 0usize;
        let mut too_long = None;
        loop {
            let before = buf.len();
            match self.line(&mut buf)? {
                LineRead::Read => {}
                LineRead::End => {
                    self.done = true;
                    break;
                }
                LineRead::TooLong(n) => {
                    // End the part here; the line is skipped after it.
                    too_long = Some(n);
                    break;
                }
            }
            lines_in_part += 1;
            if self.format == Format::Csv {
                in_quotes ^= buf[before..].iter().filter(|&&b| b == b'"').count() % 2 == 1;
            }
            if buf.len() - header_len >= target && !in_quotes {
                break;
            }
        }
        if buf.len() == header_len {
            // Nothing read: the end, or an overlong line right away.
            if let Some(n) = too_long {
                self.skipped = Some((n, self.too_long(self.lines)));
            }
            return Ok(None);
        }
        let body_bytes = buf.len() - header_len;
        let text = decode(&self.path, buf).map_err(|mut e| {
            e.message = format!(
                "{} (in the part starting at line {})",
                e.message,
                self.lines + 1
            );
            e
        })?;
        let header_lines = usize::from(header_len > 0);
        let base = Base {
            offset: self.offset - header_len,
            lines: self.lines - header_lines,
            more: !self.done,
            continued: self.parts > 0,
        };
        let start = PartStart {
            lines: base.lines,
            records: self.records,
        };
        let (mut doc, records) =
            read_part(&self.path, text, self.format, self.mapping.as_ref(), start).map_err(
                |mut e| {
                    e.base_line = base.lines;
                    e
                },
            )?;
        self.records += records;
        for e in &mut doc.errors {
            e.base_line = base.lines;
        }
        self.parts += 1;
        self.offset += body_bytes;
        self.lines += lines_in_part;
        if let Some(n) = too_long {
            self.skipped = Some((n, self.too_long(self.lines)));
        }
        Ok(Some(Part { doc, base }))
    }

    /// The pending skipped line's error, its bytes and line counted.
    fn take_skipped(&mut self) -> Option<SourceError> {
        let (n, e) = self.skipped.take()?;
        self.offset += n;
        self.lines += 1;
        Some(e)
    }
}

impl<R: BufRead> Iterator for Parts<R> {
    type Item = Result<Part, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        // A line skipped at the end of the last part is reported first; the
        // reading goes on after it.
        if let Some(e) = self.take_skipped() {
            return Some(Err(e));
        }
        match self.next_part() {
            Ok(Some(p)) => Some(Ok(p)),
            // Either the end, or an overlong line with nothing before it.
            Ok(None) => self.take_skipped().map(Err),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_parts(text: &str, format: Format) -> Vec<Part> {
        Parts::new(
            std::io::Cursor::new(text.as_bytes().to_vec()),
            "x",
            format,
            None,
        )
        .map(|p| p.unwrap())
        .collect()
    }

    /// Records without an id are named as when the file is read whole:
    /// JSON Lines records numbered across parts (bad lines not counted),
    /// CSV rows by their line in the file.
    #[test]
    fn parts_name_records_as_the_whole_file_does() {
        let ids = |docs: &[&Document]| -> Vec<String> {
            docs.iter()
                .flat_map(|d| {
                    d.drafts
                        .iter()
                        .map(|x| x.id.as_deref().unwrap_or("").to_string())
                })
                .collect()
        };
        let mut jsonl = String::new();
        let mut csv = String::from("body\n");
        for i in 0..(PART_BYTES / 16) {
            jsonl.push_str(&format!(
                "{{\"text\": \"Calm down, record {i} is fine now.\"}}\n"
            ));
            csv.push_str(&format!("\"Calm down, record {i} is fine now.\"\n"));
            if i % 997 == 0 {
                jsonl.push_str("{not json\n\n");
            }
        }
        for (text, format) in [(&jsonl, Format::JsonLines), (&csv, Format::Csv)] {
            let parts = all_parts(text, format);
            assert!(parts.len() >= 2, "{format:?}");
            let whole =
                super::super::read_document("x", Arc::from(text.as_str()), format, None).unwrap();
            let from_parts = ids(&parts.iter().map(|p| &p.doc).collect::<Vec<_>>());
            assert_eq!(from_parts, ids(&[&whole]), "{format:?}");
            assert!(from_parts.len() > PART_BYTES / 50);
        }
    }

    /// Parts start small, grow to `PART_BYTES`, shrink again at the end of a
    /// file of known size, and together hold every record once.
    #[test]
    fn parts_grow_then_shrink_and_hold_every_record() {
        let line = "{\"text\": \"Calm down, it is only a small delay for now.\"}\n";
        let text = line.repeat(20 * PART_BYTES / line.len());
        let parts: Vec<Part> = Parts::new(
            std::io::Cursor::new(text.as_bytes().to_vec()),
            "x",
            Format::JsonLines,
            None,
        )
        .with_size(text.len() as u64)
        .map(|p| p.unwrap())
        .collect();
        let sizes: Vec<usize> = parts.iter().map(|p| p.doc.text.len()).collect();
        assert!(sizes[0] < MIN_PART_BYTES + line.len(), "{sizes:?}");
        assert!(
            sizes.iter().all(|&s| s < PART_BYTES + line.len()),
            "{sizes:?}"
        );
        assert!(sizes.contains(&sizes.iter().copied().max().unwrap()));
        assert!(sizes.iter().any(|&s| s >= PART_BYTES), "{sizes:?}");
        assert!(*sizes.last().unwrap() < PART_BYTES / 2, "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), text.len());
        let records: usize = parts.iter().map(|p| p.doc.drafts.len()).sum();
        assert_eq!(records, text.lines().count());
    }

    #[test]
    fn jsonl_parts_know_where_they_are() {
        let line = "{\"text\": \"Calm down, it is only a small delay for now.\"}\n";
        let text = line.repeat(PART_BYTES / line.len() * 2 + 10);
        let parts = all_parts(&text, Format::JsonLines);
        assert!(parts.len() >= 2);
        let total: usize = parts.iter().map(|p| p.doc.drafts.len()).sum();
        assert_eq!(total, text.lines().count());
        let second = &parts[1];
        assert!(second.base.continued && !parts[0].base.continued);
        assert_eq!(second.base.offset % line.len(), 0);
        assert_eq!(second.base.lines * line.len(), second.base.offset);
        assert_eq!(
            &*second.doc.text,
            &text[second.base.offset..second.base.offset + second.doc.text.len()]
        );
    }

    #[test]
    fn an_overlong_line_is_skipped_and_reading_goes_on() {
        let short = "{\"text\": \"Calm down, it is only a small delay.\"}\n";
        let long = format!(
            "{{\"text\": \"{}\"}}\n",
            "x".repeat(super::super::MAX_DRAFT_BYTES * 5)
        );
        let text = format!("{}{long}{}", short.repeat(3), short.repeat(2));
        let items: Vec<Result<Part, SourceError>> = Parts::new(
            std::io::Cursor::new(text.as_bytes().to_vec()),
            "x.jsonl",
            Format::JsonLines,
            None,
        )
        .collect();
        let parts: Vec<&Part> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
        let errors: Vec<&SourceError> = items.iter().filter_map(|i| i.as_ref().err()).collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.starts_with("line 4 is longer than"),
            "{}",
            errors[0].message
        );
        let drafts: usize = parts.iter().map(|p| p.doc.drafts.len()).sum();
        assert_eq!(drafts, 5);
        let last = parts.last().unwrap();
        assert_eq!(last.base.lines, 4);
        assert_eq!(
            &*last.doc.text,
            &text[last.base.offset..last.base.offset + last.doc.text.len()]
        );
    }

    #[test]
    fn csv_parts_repeat_the_header_and_keep_quoted_records_whole() {
        let mut text = String::from("title,body\n");
        let row = "t,\"multi\nline \"\"quoted\"\" reply, calm down please\"\n";
        text.push_str(&row.repeat(PART_BYTES / row.len() * 2 + 10));
        let parts = all_parts(&text, Format::Csv);
        assert!(parts.len() >= 2);
        let total: usize = parts.iter().map(|p| p.doc.drafts.len()).sum();
        assert_eq!(total, PART_BYTES / row.len() * 2 + 10);
        for p in &parts {
            assert!(p.doc.text.starts_with("title,body\n"));
            // The part's text after its header is exactly the file's bytes.
            let body = &p.doc.text["title,body\n".len()..];
            let at = p.base.offset + "title,body\n".len();
            assert_eq!(body, &text[at..at + body.len()]);
        }
    }
}
