//! Output formats. Each renderer is a [`Sink`]: files (or parts of large
//! files) are handed to it in order as they are checked, and `finish` writes
//! what comes last (the summary). Nothing is held back, so a library with
//! 100,000 findings streams through. Only the binary decides where the
//! output goes.

pub mod compact;
pub mod human;
pub mod json;

use crate::report::{FileError, FileReport, RunReport};
use std::io::{self, Write};

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Annotated snippets (ariadne) and a summary line.
    Human,
    /// One line per finding: `path:line:col: severity[rule]: message`.
    Compact,
    /// One JSON document (schema in `docs/json-output.md`).
    Json,
}

/// Receives a run's results in order.
pub trait Sink {
    /// A checked file, or the next part of a large one.
    fn file(&mut self, f: &FileReport) -> io::Result<()>;
    /// The end of the run: input errors and totals.
    fn finish(&mut self, errors: &[FileError]) -> io::Result<()>;
}

/// A sink for `format` writing to `out`.
pub fn sink<'w>(format: Format, color: bool, out: &'w mut dyn Write) -> Box<dyn Sink + 'w> {
    match format {
        Format::Human => Box::new(human::HumanSink::new(out, color)),
        Format::Compact => Box::new(compact::CompactSink::new(out)),
        Format::Json => Box::new(json::JsonSink::new(out)),
    }
}

/// Renders a whole report in `format`.
pub fn render(
    format: Format,
    report: &RunReport,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut s = sink(format, color, out);
    for f in &report.files {
        s.file(f)?;
    }
    s.finish(&report.errors)
}
