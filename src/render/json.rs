//! `--format json`: one JSON document per run.
//!
//! The schema is documented in `docs/json-output.md` and versioned by the
//! top-level `version` field; fields are only ever added within a version.

use crate::report::{RunReport, position};
use crate::span::LineIndex;
use serde_json::{Value, json};
use std::io::{self, Write};

/// The schema version of the JSON output.
pub const JSON_VERSION: u32 = 1;

/// Builds the JSON value of a run.
pub fn to_value(report: &RunReport) -> Value {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for f in &report.files {
        let index = LineIndex::new(&f.text);
        files.push(json!({ "path": f.path, "drafts": f.drafts, "findings": f.findings.len() }));
        for d in &f.findings {
            let g = &d.diagnostic;
            let p = position(&index, &f.text, g);
            diagnostics.push(json!({
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
                "byte_start": g.span.start,
                "byte_end": g.span.end,
                "text": f.text.get(g.span.clone()).unwrap_or(""),
                "draft_level": g.draft_level,
                "suggestions": g.suggestions,
            }));
        }
    }
    let errors: Vec<Value> = report
        .errors
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
        .collect();
    let c = report.counts();
    json!({
        "version": JSON_VERSION,
        "tool": { "name": "replylint", "version": env!("CARGO_PKG_VERSION") },
        "summary": {
            "files": c.files,
            "drafts": c.drafts,
            "errors": c.errors,
            "warnings": c.warnings,
            "infos": c.infos,
            "input_errors": report.errors.len(),
        },
        "files": files,
        "diagnostics": diagnostics,
        "errors": errors,
    })
}

/// Writes the JSON document, pretty-printed, with a trailing newline.
pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    writeln!(out)
}
