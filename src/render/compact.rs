//! `--format compact`: one line per finding, for editors' errorformat and
//! simple hooks:
//!
//! ```text
//! draft.txt:3:7: error[blame]: this puts the fault on the customer
//! ```
//!
//! Input errors use the same shape with the pseudo rule `input`
//! ([`render_errors`]).

use crate::report::{RunReport, position};
use crate::span::LineIndex;
use std::io::{self, Write};

/// Writes one line per finding.
pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        if f.findings.is_empty() {
            continue;
        }
        let index = LineIndex::new(&f.text);
        for d in &f.findings {
            let p = position(&index, &f.text, &d.diagnostic);
            writeln!(
                out,
                "{}:{}:{}: {}[{}]: {}",
                f.path,
                p.line,
                p.column,
                d.diagnostic.severity,
                d.diagnostic.rule,
                d.diagnostic.message
            )?;
        }
    }
    Ok(())
}

/// Writes input errors in the same one-line shape, with the pseudo rule
/// `input` (the CLI sends them to stderr).
pub fn render_errors(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for e in &report.errors {
        let (line, col) = e.error.line_col().unwrap_or((1, 1));
        writeln!(
            out,
            "{}:{}:{}: error[input]: {}",
            e.error.path, line, col, e.error.message
        )?;
    }
    Ok(())
}
