//! Output formats. Each renderer is a [`Sink`]: files (or parts of large
//! files) are handed to it in order as they are checked, and `finish` writes
//! what comes last (the summary). Nothing is held back, so a library with
//! 100,000 findings streams through. Only the binary decides where the
//! output goes.

pub mod compact;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod sarif;
pub mod snippet;
pub mod statistics;

use crate::diagnostic::Severity;
use crate::pack::Catalog;
use crate::report::{FileError, FileReport, RunReport};
use std::io::{self, Write};

/// Where the rules' documentation lives (`docs/rules/<id>.md`).
pub const DOCS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules/");

/// What outputs say about a rule besides its findings (SARIF's rule table,
/// the language server's hover).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: String,
    /// What to write instead.
    pub help: String,
    /// The full explanation (`replylint explain`).
    pub explanation: String,
    /// The rule's page, for built-in rules.
    pub doc_url: Option<String>,
}

impl RuleMeta {
    /// The metadata of every rule of `catalog`, plus the engine's own
    /// pseudo rule `unused-suppression`.
    pub fn of_catalog(catalog: &Catalog) -> Vec<RuleMeta> {
        let mut out: Vec<RuleMeta> = catalog
            .rules
            .iter()
            .map(|r| RuleMeta {
                id: r.id.to_string(),
                severity: r.severity,
                summary: r.summary.clone(),
                help: r.help.to_string(),
                explanation: crate::docs::explain_text(r),
                doc_url: r.builtin.then(|| format!("{DOCS_URL}{}.md", r.id)),
            })
            .collect();
        // The ids of the engine and the run (`unused-suppression`, `input`)
        // are described too, so every id an output shows has a text.
        for m in crate::docs::META_IDS {
            // (`vocabulary/avoid` is in the catalog when configured.)
            if m.id == crate::config::VOCABULARY_AVOID || out.iter().any(|r| r.id == m.id) {
                continue;
            }
            out.push(RuleMeta {
                id: m.id.to_string(),
                severity: m.severity,
                summary: m.summary.to_string(),
                help: m.help.to_string(),
                explanation: m.explanation.to_string(),
                doc_url: None,
            });
        }
        out
    }
}

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Annotated snippets (ariadne) and a summary line.
    Human,
    /// One line per finding: `path:line:col: severity[rule]: message`.
    Compact,
    /// One JSON document (schema in `docs/json-output.md`).
    Json,
    /// One JSON object per line: each finding, each input error, a summary.
    JsonLines,
    /// SARIF 2.1.0, for code scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands that annotate the pull request.
    Github,
    /// JUnit XML: one test case per draft.
    Junit,
    /// One self-contained HTML page for a team lead (totals, a chart per
    /// rule, the worst replies first).
    Html,
}

/// Receives a run's results in order.
pub trait Sink {
    /// A checked file, or the next part of a large one.
    fn file(&mut self, f: &FileReport) -> io::Result<()>;
    /// A checked file's output, already written by [`render_alone`] on the
    /// thread that linted it. Only formats for which `render_alone` gives
    /// text receive it; the others say so instead of losing it.
    fn rendered(&mut self, text: &str) -> io::Result<()> {
        let _ = text;
        Err(io::Error::other(
            "this output format renders each file itself",
        ))
    }
    /// The end of the run: input errors and totals.
    fn finish(&mut self, errors: &[FileError]) -> io::Result<()>;
}

/// What a sink may need besides the findings.
#[derive(Debug, Clone)]
pub struct SinkOptions {
    /// Colored output (human format).
    pub color: bool,
    /// The rules of the run (SARIF lists them).
    pub rules: Vec<RuleMeta>,
    /// The summary lines after the findings (human format; `-q` leaves
    /// them out).
    pub summary: bool,
    /// Terminal columns (human format).
    pub width: usize,
}

impl Default for SinkOptions {
    fn default() -> Self {
        SinkOptions {
            color: false,
            rules: Vec::new(),
            summary: true,
            width: human::DEFAULT_WIDTH,
        }
    }
}

/// A sink for `format` writing to `out`.
pub fn sink<'w>(format: Format, opts: SinkOptions, out: &'w mut dyn Write) -> Box<dyn Sink + 'w> {
    match format {
        Format::Human => Box::new(
            human::HumanSink::new(out, opts.color)
                .with_summary(opts.summary)
                .with_width(opts.width),
        ),
        Format::Compact => Box::new(compact::CompactSink::new(out)),
        Format::Json => Box::new(json::JsonSink::new(out)),
        Format::JsonLines => Box::new(json_lines::JsonLinesSink::new(out)),
        Format::Sarif => Box::new(sarif::SarifSink::new(out, opts.rules)),
        Format::Github => Box::new(github::GithubSink::new(out)),
        Format::Junit => Box::new(junit::JunitSink::new(out)),
        Format::Html => Box::new(html::HtmlSink::new(out)),
    }
}

/// A file's output in `format`, for the formats where it depends on that
/// file alone (`None` for the others). The CLI calls this on the thread that
/// linted the file, so that with several threads the one thread that writes
/// the output is not the one that has to format a library's lines.
pub fn render_alone(format: Format, f: &FileReport) -> Option<String> {
    match format {
        Format::Compact => Some(compact::lines(f)),
        _ => None,
    }
}

/// Renders a whole report in `format`.
pub fn render(
    format: Format,
    report: &RunReport,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let opts = SinkOptions {
        color,
        ..SinkOptions::default()
    };
    let mut s = sink(format, opts, out);
    for f in &report.files {
        s.file(f)?;
    }
    s.finish(&report.errors)
}
