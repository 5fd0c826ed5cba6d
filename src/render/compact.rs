//! `--format compact`: one line per finding, for editors' errorformat and
//! simple hooks:
//!
//! ```text
//! draft.txt:3:7: error[blame]: this puts the fault on the customer
//! ```
//!
//! Input errors use the same shape with the pseudo rule `input`
//! ([`render_errors`]).

use super::Sink;
use crate::report::{FileError, FileReport, RunReport, position};
use crate::span::LineIndex;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes one line per finding as files arrive.
pub struct CompactSink<'w> {
    out: &'w mut dyn Write,
}

impl<'w> CompactSink<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        CompactSink { out }
    }
}

impl Sink for CompactSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.out.write_all(lines(f).as_bytes())
    }

    fn rendered(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self, _errors: &[FileError]) -> io::Result<()> {
        Ok(())
    }
}

/// The lines of one file. They are formatted into one buffer and written at
/// once: formatting straight into `dyn Write` pays a dynamic call per piece
/// of every line, and a library has a hundred thousand lines.
pub fn lines(f: &FileReport) -> String {
    if f.findings.is_empty() {
        return String::new();
    }
    let index = LineIndex::new(&f.text);
    let mut lines = String::with_capacity(f.findings.len() * 80);
    for d in &f.findings {
        let p = position(&index, &f.text, f.base, &d.diagnostic);
        let _ = writeln!(
            lines,
            "{}:{}:{}: {}[{}]: {}",
            f.path,
            p.line,
            p.column,
            d.diagnostic.severity,
            d.diagnostic.rule,
            d.diagnostic.message
        );
    }
    lines
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
