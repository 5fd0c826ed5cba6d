//! `--format human`: annotated snippets with ariadne, then a summary line.
//!
//! ```text
//! Error[blame]: this puts the fault on the customer
//!    ╭─[ draft.txt:1:12 ]
//!    │
//!  1 │ Calm down. You should have read the FAQ.
//!    │            ───────┬───────
//!    │                   ╰───────── blames the customer
//!    │
//!    │ Help: Say what happened and what you'll do next; leave out who caused it.
//! ───╯
//! ```
//!
//! Spans are byte offsets, so ariadne is told `IndexType::Byte`.

use super::Sink;
use crate::diagnostic::{Applicability, Severity};
use crate::error::SourceError;
use crate::report::{Counts, FileError, FileReport, RunReport};
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};
use std::io::{self, Write};

fn kind(s: Severity) -> (ReportKind<'static>, Color) {
    match s {
        Severity::Error => (ReportKind::Error, Color::Red),
        Severity::Warning => (ReportKind::Warning, Color::Yellow),
        Severity::Info => (ReportKind::Custom("Info", Color::Blue), Color::Blue),
    }
}

/// The ariadne configuration used everywhere.
pub fn config(color: bool) -> Config {
    Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color)
}

/// Writes every finding as an annotated report as files arrive, then the
/// summary line. Input errors are written separately (to stderr) with
/// [`write_source_error`].
pub struct HumanSink<'w> {
    out: &'w mut dyn Write,
    color: bool,
    counts: Counts,
    summary: bool,
}

impl<'w> HumanSink<'w> {
    pub fn new(out: &'w mut dyn Write, color: bool) -> Self {
        HumanSink {
            out,
            color,
            counts: Counts::default(),
            summary: true,
        }
    }

    /// Whether to end with the summary lines (`-q` leaves them out).
    pub fn with_summary(mut self, summary: bool) -> Self {
        self.summary = summary;
        self
    }
}

impl Sink for HumanSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.counts.add(f);
        let source = Source::from(f.text.as_ref()).with_display_line_offset(f.base.lines);
        for d in &f.findings {
            let g = &d.diagnostic;
            let (k, c) = kind(g.severity);
            let path = f.path.as_str();
            let mut help = g.help.clone();
            if let Some(s) = g.suggestions.first() {
                let fixable = d
                    .fixes
                    .iter()
                    .any(|x| x.suggestion == 0 && x.applicability == Applicability::Safe);
                let how = if s.replacement.is_empty() {
                    "fix: remove these words".to_string()
                } else {
                    format!("try: \"{}\"", s.replacement)
                };
                help = if fixable {
                    format!("{help}\n{how} (--fix applies it)").into()
                } else {
                    format!("{help}\n{how}").into()
                };
            }
            let mut b = Report::build(k, (path, g.span.clone()))
                .with_config(config(self.color))
                .with_code(&g.rule)
                .with_message(&g.message)
                .with_label(
                    Label::new((path, g.span.clone()))
                        .with_message(&g.label)
                        .with_color(c),
                )
                .with_help(help);
            if let Some(id) = &d.draft {
                b = b.with_note(format!("in draft `{id}`"));
            }
            // ariadne 0.6 colors a custom report kind even with colors off,
            // so plain output is cleaned of escape codes.
            let mut buf = Vec::new();
            b.finish().write((path, &source), &mut buf)?;
            if self.color {
                self.out.write_all(&buf)?;
            } else {
                self.out
                    .write_all(strip_ansi(&String::from_utf8_lossy(&buf)).as_bytes())?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _errors: &[FileError]) -> io::Result<()> {
        if !self.summary {
            return Ok(());
        }
        writeln!(self.out, "{}", self.counts.summary())?;
        if let Some(line) = self.counts.fixable_line() {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}

/// Writes a whole report (files then summary).
pub fn render(report: &RunReport, color: bool, out: &mut dyn Write) -> io::Result<()> {
    super::render(super::Format::Human, report, color, out)
}

/// Writes a located error (bad pack, config or input) as an ariadne report,
/// or as one line when there is no span to show.
pub fn write_source_error(e: &SourceError, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let Some(span) = e.span.clone().filter(|s| s.end <= e.text.len()) else {
        writeln!(out, "error: {}: {}", e.path, e.message)?;
        if let Some(h) = &e.help {
            writeln!(out, "  help: {h}")?;
        }
        return Ok(());
    };
    let path = e.path.as_str();
    let mut b = Report::build(ReportKind::Error, (path, span.clone()))
        .with_config(config(color))
        .with_message(&e.message)
        .with_label(
            Label::new((path, span))
                .with_message(e.label.clone().unwrap_or_else(|| "here".into()))
                .with_color(Color::Red),
        );
    if let Some(h) = &e.help {
        b = b.with_help(h);
    }
    let source = Source::from(e.text.as_ref()).with_display_line_offset(e.base_line);
    b.finish().write((path, source), &mut *out)
}

/// Removes ANSI escape sequences (`ESC [ ... letter`).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for n in chars.by_ref() {
                if n.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
