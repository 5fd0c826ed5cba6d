//! `--format json-lines`: one JSON object per line, written as findings are
//! found, for tools that process results as a stream (`jq -c`, log
//! shippers). Every line has a `type`:
//!
//! - `"diagnostic"`: the fields of a diagnostic of the JSON format
//!   (`docs/json-output.md`);
//! - `"error"`: an input error (`path`, `message`, `help`, `line`, `column`);
//! - `"summary"`: the last line, with the counts of the JSON format.

use super::Sink;
use super::json::{diagnostic_value, errors_value, summary_value};
use crate::report::{Counts, FileError, FileReport};
use crate::span::LineIndex;
use serde_json::Value;
use std::io::{self, Write};

/// Writes one line per finding.
pub struct JsonLinesSink<'w> {
    out: &'w mut dyn Write,
    counts: Counts,
}

impl<'w> JsonLinesSink<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        JsonLinesSink {
            out,
            counts: Counts::default(),
        }
    }
}

fn typed(kind: &str, mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.insert("type".into(), kind.into());
    }
    v
}

impl Sink for JsonLinesSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.counts.add(f);
        if f.findings.is_empty() {
            return Ok(());
        }
        let index = LineIndex::new(&f.text);
        for d in &f.findings {
            writeln!(
                self.out,
                "{}",
                typed("diagnostic", diagnostic_value(f, &index, d))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, errors: &[FileError]) -> io::Result<()> {
        if let Value::Array(errs) = errors_value(errors) {
            for e in errs {
                writeln!(self.out, "{}", typed("error", e))?;
            }
        }
        writeln!(
            self.out,
            "{}",
            typed("summary", summary_value(&self.counts, errors.len()))
        )
    }
}
