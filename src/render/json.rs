//! `--format json`: one JSON document per run.
//!
//! The schema is documented in `docs/json-output.md` and versioned by the
//! top-level `version` field; fields are only ever added within a version.
//! [`render`] writes diagnostics one by one, so a library with 100,000
//! findings never builds the whole document in memory.

use super::Sink;
use crate::report::{Counts, FileError, FileReport, Finding, RunReport, position};
use crate::span::LineIndex;
use serde_json::{Value, json};
use std::io::{self, Write};

/// The schema version of the JSON output.
pub const JSON_VERSION: u32 = 1;

/// One diagnostic object (see `docs/json-output.md`).
pub fn diagnostic_value(f: &FileReport, index: &LineIndex, d: &Finding) -> Value {
    let g = &d.diagnostic;
    let p = position(index, &f.text, f.base, g);
    json!({
        "rule": g.rule,
        "severity": g.severity,
        "message": g.message,
        "label": g.label,
        "help": g.help,
        "path": f.path,
        "draft": d.draft,
        "line": p.line,
        "column": p.column,
        "end_line": p.end_line,
        "end_column": p.end_column,
        "byte_start": f.base.offset + g.span.start,
        "byte_end": f.base.offset + g.span.end,
        "text": f.text.get(g.span.clone()).unwrap_or(""),
        "draft_level": g.draft_level,
        "suggestions": suggestions_value(f, d),
    })
}

/// One `drafts` entry: the draft's name, the customer's situation (`null`
/// without a context) and its tone (see `docs/json-output.md`).
pub fn draft_value(f: &FileReport, index: usize, r: &crate::reading::Reading) -> Value {
    let offset = f.base.offset;
    let tone = r.tone.as_ref().map(|t| {
        json!({
            "heat": t.heat,
            "word": t.word,
            "contributors": t.contributors,
            "sentences": t.sentences.iter().map(|s| json!({
                "byte_start": offset + s.byte_start,
                "byte_end": offset + s.byte_end,
                "heat": s.heat,
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "path": f.path,
        "draft": f.draft_names.get(index),
        "index": index,
        "context": r.context,
        "tone": tone,
    })
}

/// Each suggestion, with the file edit that applies it when it can be
/// written into the file (`edit: null` otherwise).
fn suggestions_value(f: &FileReport, d: &Finding) -> Value {
    d.diagnostic
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let edit = d.fixes.iter().find(|x| x.suggestion == i).map(|x| {
                json!({
                    "byte_start": f.base.offset + x.span.start,
                    "byte_end": f.base.offset + x.span.end,
                    "text": x.replacement,
                })
            });
            json!({
                "replacement": s.replacement,
                "applicability": s.applicability,
                "edit": edit,
            })
        })
        .collect()
}

pub(super) fn errors_value(errors: &[FileError]) -> Value {
    errors
        .iter()
        .map(|e| {
            let (line, column) = e
                .error
                .line_col()
                .map_or((Value::Null, Value::Null), |(l, c)| (l.into(), c.into()));
            json!({
                "path": e.error.path,
                "message": e.error.message,
                "help": e.error.help,
                "line": line,
                "column": column,
            })
        })
        .collect()
}

pub(super) fn summary_value(c: &Counts, errors: usize) -> Value {
    json!({
        "files": c.files,
        "drafts": c.drafts,
        "errors": c.errors,
        "warnings": c.warnings,
        "infos": c.infos,
        "input_errors": errors,
        "fixable": c.fixable,
        "hidden": c.hidden_warnings + c.hidden_infos,
    })
}

fn tool_value() -> Value {
    json!({ "name": "replylint", "version": env!("CARGO_PKG_VERSION") })
}

/// Builds the whole JSON value of a run (for tools and tests; the sink
/// streams the same document).
pub fn to_value(report: &RunReport) -> Value {
    let mut out = Vec::new();
    super::render(super::Format::Json, report, false, &mut out).expect("writing to memory");
    serde_json::from_slice(&out).expect("the JSON sink writes valid JSON")
}

/// Streams the JSON document: `version` and `tool`, then `diagnostics` as
/// they arrive, then `files`, `summary` and `errors`.
pub struct JsonSink<'w> {
    out: &'w mut dyn Write,
    started: bool,
    any: bool,
    files: Vec<Value>,
    /// One `drafts` entry per draft read, serialized as it comes (a string
    /// costs a fifth of a `Value` in memory on a large library).
    drafts: Vec<String>,
    counts: Counts,
}

impl<'w> JsonSink<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        JsonSink {
            out,
            started: false,
            any: false,
            files: Vec::new(),
            drafts: Vec::new(),
            counts: Counts::default(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(self.out, "{{")?;
            writeln!(self.out, "  \"version\": {JSON_VERSION},")?;
            writeln!(self.out, "  \"tool\": {},", tool_value())?;
            write!(self.out, "  \"diagnostics\": [")?;
        }
        Ok(())
    }
}

impl Sink for JsonSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.start()?;
        self.counts.add(f);
        let index = LineIndex::new(&f.text);
        for d in &f.findings {
            write!(
                self.out,
                "{}\n    {}",
                if self.any { "," } else { "" },
                diagnostic_value(f, &index, d)
            )?;
            self.any = true;
        }
        // Drafts worth reading about: with a finding, a customer message or
        // a heat of 50 or more. A library's clean, calm drafts are left out,
        // so that a run over a million of them does not hold a million
        // entries until the document ends.
        let mut with_findings = vec![false; f.readings.len()];
        for d in &f.findings {
            if let Some(slot) = with_findings.get_mut(d.draft_index) {
                *slot = true;
            }
        }
        for (i, r) in f.readings.iter().enumerate() {
            let hot = r.tone.as_ref().is_some_and(|t| t.heat >= 50);
            if with_findings[i] || r.context.is_some() || hot {
                self.drafts.push(draft_value(f, i, r).to_string());
            }
        }
        // One entry per file, updated by its later parts.
        match self.files.last_mut() {
            Some(last) if f.base.continued && last["path"] == f.path.as_str() => {
                last["drafts"] = (last["drafts"].as_u64().unwrap_or(0) + f.drafts as u64).into();
                last["findings"] =
                    (last["findings"].as_u64().unwrap_or(0) + f.findings.len() as u64).into();
            }
            _ => self
                .files
                .push(json!({ "path": f.path, "drafts": f.drafts, "findings": f.findings.len() })),
        }
        Ok(())
    }

    fn finish(&mut self, errors: &[FileError]) -> io::Result<()> {
        self.start()?;
        writeln!(self.out, "{}],", if self.any { "\n  " } else { "" })?;
        writeln!(
            self.out,
            "  \"files\": {},",
            Value::Array(std::mem::take(&mut self.files))
        )?;
        write!(self.out, "  \"drafts\": [")?;
        for (i, d) in self.drafts.iter().enumerate() {
            write!(self.out, "{}\n    {d}", if i > 0 { "," } else { "" })?;
        }
        writeln!(
            self.out,
            "{}],",
            if self.drafts.is_empty() { "" } else { "\n  " }
        )?;
        writeln!(
            self.out,
            "  \"summary\": {},",
            summary_value(&self.counts, errors.len())
        )?;
        writeln!(self.out, "  \"errors\": {}", errors_value(errors))?;
        writeln!(self.out, "}}")
    }
}

/// Writes the JSON document of a whole report.
pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    super::render(super::Format::Json, report, false, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::report::Base;
    use std::sync::Arc;

    fn part(text: &str, base: Base) -> FileReport {
        FileReport {
            path: "lib.jsonl".into(),
            text: Arc::from(text),
            base,
            drafts: 1,
            draft_names: vec!["lib.jsonl".into()],
            fail_on: Severity::Error,
            hidden: Default::default(),
            readings: Vec::new(),
            findings: vec![Finding {
                diagnostic: Diagnostic {
                    rule: "dismissive".into(),
                    severity: Severity::Error,
                    message: "m".into(),
                    label: "l".into(),
                    help: "h".into(),
                    span: 0..9,
                    draft_level: false,
                    suggestions: Vec::new(),
                },
                draft: None,
                draft_index: 0,
                fixes: Vec::new(),
            }],
        }
    }

    #[test]
    fn parts_of_a_file_are_placed_and_counted_as_one_file() {
        let a = part(
            "Calm down.\n",
            Base {
                offset: 0,
                lines: 0,
                more: true,
                continued: false,
            },
        );
        let b = part(
            "Calm down.\n",
            Base {
                offset: 11,
                lines: 1,
                more: false,
                continued: true,
            },
        );
        let v = to_value(&RunReport {
            files: vec![a, b],
            errors: Vec::new(),
        });
        let d = v["diagnostics"].as_array().unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[1]["line"].as_u64(), d[1]["byte_start"].as_u64()),
            (Some(2), Some(11))
        );
        assert_eq!(v["files"].as_array().unwrap().len(), 1);
        assert_eq!(v["files"][0]["findings"], 2);
        assert_eq!(v["summary"]["files"], 1);
        assert_eq!(v["summary"]["errors"], 2);
        let empty = to_value(&RunReport::default());
        assert_eq!(empty["diagnostics"].as_array().unwrap().len(), 0);
    }
}
