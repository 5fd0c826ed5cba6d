//! The results of a run, in file coordinates, ready for any output format.
//!
//! The linter works on drafts; a file may hold many drafts (a canned-response
//! library) at offsets inside the file. A [`FileReport`] holds the file's text
//! and its findings with spans already mapped into the file, so every renderer
//! can point at the original bytes.

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::LineIndex;
use std::sync::Arc;

/// A finding placed in a file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    /// The draft's id inside a library file (title, key, row), if any.
    pub draft: Option<std::sync::Arc<str>>,
    /// Which draft of the file (index into [`FileReport::draft_names`]).
    pub draft_index: usize,
    /// The suggestions that can be written into the file, placed and escaped.
    pub fixes: Vec<crate::fix::Fix>,
}

/// One file (or stdin), or one part of a large file streamed in parts, and
/// what was found in it.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user gave it, or `-` for stdin.
    pub path: String,
    /// The text the spans point into: the whole file, or one part of it.
    pub text: Arc<str>,
    /// For a part: the file offset and the number of lines before `text`.
    pub base: Base,
    /// Number of drafts checked in the file.
    pub drafts: usize,
    /// A name per draft: its id in a library, or `draft N`; the path for a
    /// file that is one draft (for per-draft outputs such as JUnit).
    pub draft_names: Vec<String>,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// The lowest severity that fails this file (its configuration's `fail-on`).
    pub fail_on: Severity,
    /// Findings left out by a minimum severity to show.
    pub hidden: Hidden,
    /// What each draft reads as besides its findings (the customer's
    /// situation, the heat), by draft index; empty when not read.
    pub readings: Vec<crate::reading::Reading>,
}

/// Findings below the minimum severity to show (`--min-severity`, Vale's
/// `MinAlertLevel`): left out of the output, counted in the summary, and
/// still deciding the exit code, so hiding infos never turns a failing run
/// into a passing one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hidden {
    pub warnings: usize,
    pub infos: usize,
    /// Whether a hidden finding reaches the file's `fail_on`.
    pub fails: bool,
}

impl FileReport {
    /// Leaves out the findings below `min`, counting them in `hidden`.
    pub fn hide_below(&mut self, min: Severity) {
        let (fail_on, hidden) = (self.fail_on, &mut self.hidden);
        self.findings.retain(|f| {
            let s = f.diagnostic.severity;
            if s >= min {
                return true;
            }
            match s {
                Severity::Warning => hidden.warnings += 1,
                _ => hidden.infos += 1,
            }
            hidden.fails |= s >= fail_on;
            false
        });
    }

    /// Whether a finding, shown or hidden, reaches the file's `fail_on`.
    pub fn fails(&self) -> bool {
        self.hidden.fails
            || self
                .findings
                .iter()
                .any(|d| d.diagnostic.severity >= self.fail_on)
    }

    /// Findings with a safe fix that `--fix` can write in place.
    pub fn fixable(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| {
                f.fixes
                    .iter()
                    .any(|x| x.applicability == crate::diagnostic::Applicability::Safe)
            })
            .count()
    }
}

/// Where a part of a file starts (zero for a whole file).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Base {
    /// Byte offset of the part's text in the file.
    pub offset: usize,
    /// Lines of the file before the part's text.
    pub lines: usize,
    /// Whether more parts of the same file follow.
    pub more: bool,
    /// Whether this is not the first part of its file.
    pub continued: bool,
}

/// A file that could not be checked.
#[derive(Debug, Clone)]
pub struct FileError {
    pub error: crate::error::SourceError,
}

/// Everything a run produced.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub files: Vec<FileReport>,
    pub errors: Vec<FileError>,
}

/// Counts per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub drafts: usize,
    pub files: usize,
    /// Findings with a safe fix.
    pub fixable: usize,
    /// Findings left out by the minimum severity to show.
    pub hidden_warnings: usize,
    pub hidden_infos: usize,
}

impl RunReport {
    /// Counts findings per severity, drafts and files.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.files {
            c.add(f);
        }
        c
    }

    /// Whether any finding, shown or hidden, is at or above its file's
    /// `fail_on`.
    pub fn fails(&self) -> bool {
        self.files.iter().any(FileReport::fails)
    }
}

impl Counts {
    /// Adds a file (or a part of one) to the counts.
    pub fn add(&mut self, f: &FileReport) {
        if !f.base.continued {
            self.files += 1;
        }
        self.drafts += f.drafts;
        self.fixable += f.fixable();
        self.hidden_warnings += f.hidden.warnings;
        self.hidden_infos += f.hidden.infos;
        for d in &f.findings {
            match d.diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// "2 errors, 1 warning in 1 draft", or "no problems in 3 drafts".
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        let drafts = plural(self.drafts, "draft");
        let mut line = if parts.is_empty() {
            format!("no problems in {drafts}")
        } else {
            format!("{} in {drafts}", parts.join(", "))
        };
        let mut hidden = Vec::new();
        if self.hidden_warnings > 0 {
            hidden.push(plural(self.hidden_warnings, "warning"));
        }
        if self.hidden_infos > 0 {
            hidden.push(plural(self.hidden_infos, "info"));
        }
        if !hidden.is_empty() {
            line.push_str(&format!(
                " ({} not shown: --min-severity)",
                hidden.join(", ")
            ));
        }
        line
    }

    /// "3 fixable with `--fix` (`--diff` shows them)", when any is.
    pub fn fixable_line(&self) -> Option<String> {
        (self.fixable > 0).then(|| {
            format!(
                "{} fixable with `--fix` (`--diff` shows the changes)",
                self.fixable
            )
        })
    }
}

/// Line and column positions of a finding (1-based, columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Computes the [`Position`] of a finding in `text` using `index`, in file
/// lines (adding `base.lines` for a part of a file).
pub fn position(index: &LineIndex, text: &str, base: Base, d: &Diagnostic) -> Position {
    let s = index.line_col(text, d.span.start);
    let e = index.line_col(text, d.span.end);
    Position {
        line: base.lines + s.line,
        column: s.column,
        end_line: base.lines + e.line,
        end_column: e.column,
    }
}
