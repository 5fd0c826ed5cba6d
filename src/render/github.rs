//! `--format github`: GitHub Actions workflow commands. Each finding becomes
//! an annotation on the pull request's diff:
//!
//! ```text
//! ::error file=replies/late.md,line=3,col=7,endLine=3,endColumn=16,title=replylint [blame]::this puts the fault on the customer
//! ```
//!
//! Info findings are `::notice`. Input errors are `::error` annotations on the
//! file. A plain summary line ends the log.

use super::Sink;
use crate::diagnostic::Severity;
use crate::report::{Counts, FileError, FileReport, position};
use crate::span::LineIndex;
use std::io::{self, Write};

/// Writes one workflow command per finding.
pub struct GithubSink<'w> {
    out: &'w mut dyn Write,
    counts: Counts,
}

impl<'w> GithubSink<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        GithubSink {
            out,
            counts: Counts::default(),
        }
    }
}

impl Sink for GithubSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.counts.add(f);
        if f.findings.is_empty() {
            return Ok(());
        }
        let index = LineIndex::new(&f.text);
        for d in &f.findings {
            let g = &d.diagnostic;
            let p = position(&index, &f.text, f.base, g);
            let command = match g.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                self.out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(repo_path(&f.path)),
                p.line,
                p.column,
                p.end_line,
                p.end_column,
                property(&format!("replylint [{}]", g.rule)),
                data(&format!("{}: {}\n{}", g.message, g.label, g.help)),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, errors: &[FileError]) -> io::Result<()> {
        for e in errors {
            let location = match e.error.line_col() {
                Some((line, col)) => format!(",line={line},col={col}"),
                None => String::new(),
            };
            writeln!(
                self.out,
                "::error file={}{location},title=replylint [input]::{}",
                property(repo_path(&e.error.path)),
                data(&e.error.message)
            )?;
        }
        writeln!(self.out, "replylint: {}", self.counts.summary())
    }
}

/// GitHub matches annotations to files by their path from the repository
/// root: `./replies/a.md` must be `replies/a.md`.
fn repo_path(path: &str) -> &str {
    path.strip_prefix("./").unwrap_or(path)
}

/// Escapes a command's message (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(property("a,b:c.md"), "a%2Cb%3Ac.md");
    }
}
