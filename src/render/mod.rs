//! Output formats. Each renderer writes a [`RunReport`] to any `Write`; only
//! the binary decides where that goes.

pub mod compact;
pub mod human;
pub mod json;

use crate::report::RunReport;
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

/// Renders `report` in `format`.
pub fn render(
    format: Format,
    report: &RunReport,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, color, out),
        Format::Compact => compact::render(report, out),
        Format::Json => json::render(report, out),
    }
}
