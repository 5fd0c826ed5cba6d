//! `--format human`: annotated snippets ([`super::snippet`], windowed to
//! the terminal's width), then a summary line; located errors with ariadne.
//!
//! ```text
//! [blame] Error: this puts the fault on the customer
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
//! The width comes from the CLI (`COLUMNS`, else the terminal's, else
//! [`DEFAULT_WIDTH`]). Spans are byte offsets, so ariadne is told
//! `IndexType::Byte`.

use super::Sink;
use super::snippet::Snippet;
use crate::diagnostic::{Applicability, Severity};
use crate::error::SourceError;
use crate::report::{Counts, FileError, FileReport, RunReport};
use crate::span::LineIndex;
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};
use std::io::{self, Write};

/// The word and ANSI color of a severity.
fn kind(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("Error", "\u{1b}[31m"),
        Severity::Warning => ("Warning", "\u{1b}[33m"),
        Severity::Info => ("Info", "\u{1b}[34m"),
    }
}

/// Columns when nobody says (output that is not a terminal, no `COLUMNS`).
pub const DEFAULT_WIDTH: usize = 100;

/// The ariadne configuration of located errors.
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
    /// Terminal columns (long lines are shown as a window, see
    /// [`super::snippet`]).
    width: usize,
}

impl<'w> HumanSink<'w> {
    pub fn new(out: &'w mut dyn Write, color: bool) -> Self {
        HumanSink {
            out,
            color,
            counts: Counts::default(),
            summary: true,
            width: DEFAULT_WIDTH,
        }
    }

    /// The terminal's width in columns.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width;
        self
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
        let lines = reading_lines(f);
        if f.findings.is_empty() {
            return self.out.write_all(lines.as_bytes());
        }
        let index = LineIndex::new(&f.text);
        let mut buf = String::new();
        for d in &f.findings {
            let g = &d.diagnostic;
            let mut help = vec![g.help.to_string()];
            if let Some(s) = g.suggestions.first() {
                let safe = d
                    .fixes
                    .iter()
                    .any(|x| x.suggestion == 0 && x.applicability == Applicability::Safe);
                let what = if s.replacement.is_empty() {
                    "remove these words".to_string()
                } else {
                    format!("\"{}\"", s.replacement)
                };
                help.push(if safe {
                    format!("fix: {what} (--fix applies it)")
                } else {
                    format!("try: {what}")
                });
            }
            let notes = d
                .draft
                .iter()
                .map(|id| format!("in draft `{id}`"))
                .collect();
            Snippet {
                path: &f.path,
                text: &f.text,
                index: &index,
                base_lines: f.base.lines,
                span: g.span.clone(),
                kind: kind(g.severity),
                code: &g.rule,
                message: &g.message,
                label: &g.label,
                help,
                notes,
                width: self.width,
                color: self.color,
            }
            .write(&mut buf);
        }
        buf.push_str(&lines);
        self.out.write_all(buf.as_bytes())
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

/// One line per draft with findings: its heat with the words that moved
/// it, and the customer's situation when a context was given. Clean drafts
/// stay quiet (a library of thousands would print thousands of lines);
/// `--format json` has every draft's reading.
fn reading_lines(f: &FileReport) -> String {
    let mut with_findings = vec![false; f.readings.len()];
    for d in &f.findings {
        if let Some(slot) = with_findings.get_mut(d.draft_index) {
            *slot = true;
        }
    }
    let mut out = String::new();
    for (i, r) in f.readings.iter().enumerate() {
        if !with_findings[i] {
            continue;
        }
        if let Some(line) = reading_line(r) {
            let name = f.draft_names.get(i).map_or(f.path.as_str(), String::as_str);
            out.push_str(&format!("{name}: {line}\n"));
        }
    }
    out
}

/// `heat 72 (tense), from "idiot" +2.10, "!!" +0.81; customer: damaged
/// ("cracked", "jug"), high impact ("wedding")`.
pub fn reading_line(r: &crate::reading::Reading) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(t) = &r.tone {
        let mut s = format!("heat {} ({})", t.heat, t.word);
        if !t.contributors.is_empty() {
            let c: Vec<String> = t
                .contributors
                .iter()
                .map(|c| format!("\"{}\" {:+.2}", c.words, c.weight))
                .collect();
            s.push_str(&format!(", from {}", c.join(", ")));
        }
        parts.push(s);
    }
    if let Some(c) = &r.context {
        let quoted = |w: &[String]| {
            if w.is_empty() {
                String::new()
            } else {
                let q: Vec<String> = w.iter().map(|x| format!("\"{x}\"")).collect();
                format!(" ({})", q.join(", "))
            }
        };
        let complaint: Vec<String> = c
            .complaint
            .iter()
            .map(|f| format!("{}{}", f.name, quoted(&f.words)))
            .collect();
        let impact = if c.high_impact() {
            format!(", high impact{}", quoted(&c.impact.words))
        } else {
            String::new()
        };
        parts.push(format!("customer: {}{impact}", complaint.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
