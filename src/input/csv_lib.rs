//! CSV libraries: a header row, one reply per row, exact spans.
//!
//! The csv crate reads the records (and reports malformed ones with their
//! position); each field of a record is then located again in the raw text
//! from the record's start, quotes and doubled quotes (`""`) included, so a
//! finding points at the exact bytes of the cell.

use super::{DraftSource, OffsetMap, html};
use crate::Channel;
use crate::input::FieldMapping;
use crate::suppress::Suppression;
use std::ops::Range;

/// A CSV error: what and where (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub message: String,
    pub at: usize,
}

const TEXT_COLUMNS: &[&str] = &[
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
    "body_html",
    "comment_value_html",
    "html",
];
const ID_COLUMNS: &[&str] = &["id", "title", "name", "key", "slug"];
const CONTEXT_COLUMNS: &[&str] = &["context", "customer_message", "question", "customer"];

fn column(headers: &[String], custom: Option<&String>, defaults: &[&str]) -> Option<usize> {
    match custom {
        Some(name) => headers.iter().position(|h| h.eq_ignore_ascii_case(name)),
        None => defaults.iter().find_map(|d| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(d))
        }),
    }
}

/// Reads a CSV library into drafts and per-row suppressions. A row without
/// an id is named by its line, counted after `lines_before` lines (a part of
/// a file streamed in parts starts further down the file).
pub fn read(
    text: &str,
    mapping: Option<&FieldMapping>,
    lines_before: usize,
) -> Result<(Vec<DraftSource>, Vec<Suppression>), CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let text_col = column(&headers, mapping.and_then(|m| m.text.as_ref()), TEXT_COLUMNS).ok_or_else(|| CsvError {
        message: format!(
            "no reply column: expected one of `{}` in the header row (or set `text` in [[inputs.library]])",
            TEXT_COLUMNS[..6].join("`, `")
        ),
        at: 0,
    })?;
    let id_col = column(&headers, mapping.and_then(|m| m.id.as_ref()), ID_COLUMNS);
    let ctx_col = column(
        &headers,
        mapping.and_then(|m| m.context.as_ref()),
        CONTEXT_COLUMNS,
    );
    let ch_col = column(
        &headers,
        mapping.and_then(|m| m.channel.as_ref()),
        &["channel"],
    );
    let ign_col = column(
        &headers,
        mapping.and_then(|m| m.ignore.as_ref()),
        &["replylint-ignore", "replylint_ignore"],
    );
    let is_html_col = headers[text_col].to_ascii_lowercase().contains("html");

    let mut drafts = Vec::new();
    let mut suppressions = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&e)),
        }
        let Some(pos) = record.position() else {
            continue;
        };
        let start = pos.byte() as usize;
        let cells = locate_fields(text, start);
        let Some((value, map, cell)) = cells.get(text_col) else {
            continue;
        };
        let row = lines_before as u64 + pos.line();
        let id = id_col
            .and_then(|c| record.get(c))
            .filter(|s| !s.trim().is_empty())
            .map_or_else(|| format!("row {row}"), String::from);
        let mut d = if is_html_col || (value.trim_start().starts_with('<') && value.contains('>')) {
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
                escape: if text[cell.start..].starts_with('"') {
                    super::Escape::CsvQuoted
                } else {
                    super::Escape::CsvPlain
                },
                ..DraftSource::default()
            }
        };
        d.id = Some(id.into());
        d.context = ctx_col
            .and_then(|c| record.get(c))
            .filter(|s| !s.trim().is_empty())
            .map(String::from);
        d.channel = ch_col.and_then(|c| record.get(c)).and_then(Channel::parse);
        if let Some(c) = ign_col {
            if let (Some(rules), Some((_, _, span))) = (record.get(c), cells.get(c)) {
                if !rules.trim().is_empty() {
                    let row_end = cells.last().map_or(span.end, |c| c.2.end);
                    suppressions.push(Suppression::parse(rules, start..row_end, span.clone()));
                }
            }
        }
        drafts.push(d);
    }
    Ok((drafts, suppressions))
}

fn csv_error(e: &csv::Error) -> CsvError {
    let at = e.position().map_or(0, |p| p.byte() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields, but the header row has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in a field".to_string(),
        _ => e.to_string().to_lowercase(),
    };
    CsvError { message, at }
}

/// The fields of the record starting at `start`: decoded value, map into the
/// file, and the raw span.
fn locate_fields(text: &str, start: usize) -> Vec<(String, OffsetMap, Range<usize>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    loop {
        let field_start = i;
        let mut value = String::new();
        let mut map = OffsetMap::default();
        if b.get(i) == Some(&b'"') {
            i += 1;
            map.push(0, i);
            while i < b.len() {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        map.push(value.len(), i);
                        value.push('"');
                        i += 2;
                        map.push(value.len(), i);
                        continue;
                    }
                    map.push(value.len(), i);
                    i += 1;
                    break;
                }
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                value.push(c);
                i += c.len_utf8();
            }
        } else {
            map.push(0, i);
            while i < b.len() && !matches!(b[i], b',' | b'\n' | b'\r') {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                value.push(c);
                i += c.len_utf8();
            }
            map.push(value.len(), i);
        }
        out.push((value, map, field_start..i));
        match b.get(i) {
            Some(b',') => i += 1,
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_with_doubled_quotes_map_back() {
        let t =
            "title,body\nGreet,\"He said \"\"calm down\"\", café\nyes\"\nPlain,no quotes here\n";
        let (drafts, _) = read(t, None, 0).unwrap();
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].id.as_deref(), Some("Greet"));
        assert_eq!(drafts[0].text, "He said \"calm down\", café\nyes");
        let at = drafts[0].text.find("calm down").unwrap();
        assert_eq!(&t[drafts[0].map.map_span(at..at + 9)], "calm down");
        let q = drafts[0].text.find('"').unwrap();
        assert_eq!(&t[drafts[0].map.map_span(q..q + 1)], "\"\"");
        let at = drafts[1].text.find("quotes").unwrap();
        assert_eq!(&t[drafts[1].map.map_span(at..at + 6)], "quotes");
    }

    #[test]
    fn errors() {
        assert!(
            read("title,body\na,b,c\n", None, 0)
                .unwrap_err()
                .message
                .contains("3 fields")
        );
        assert!(
            read("a,b\n1,2\n", None, 0)
                .unwrap_err()
                .message
                .contains("no reply column")
        );
    }
}
