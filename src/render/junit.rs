//! `--format junit`: JUnit XML, which CI systems (GitLab, Jenkins, Azure
//! Pipelines, CircleCI) show as a test report.
//!
//! Each file is a `<testsuite>`, each draft in it a `<testcase>` (named by
//! its id in a library, else `draft N`, or the path for a one-draft file).
//! A draft fails when it has a finding at or above its file's `fail-on`; the
//! failure lists every finding of the draft, one per line. Findings below
//! `fail-on` go to `<system-out>`. Input errors are test cases with an
//! `<error>`. A file's test cases are written when the file is done, so a
//! large library streams through.

use super::Sink;
use crate::report::{FileError, FileReport, position};
use crate::span::LineIndex;
use std::io::{self, Write};

/// Writes one test suite per file.
pub struct JunitSink<'w> {
    out: &'w mut dyn Write,
    started: bool,
    /// Test cases of the current file (its later parts may follow).
    pending: Option<Suite>,
}

struct Suite {
    name: String,
    tests: usize,
    failures: usize,
    cases: String,
}

impl<'w> JunitSink<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        JunitSink {
            out,
            started: false,
            pending: None,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
            writeln!(self.out, "<testsuites name=\"replylint\">")?;
        }
        Ok(())
    }

    fn flush_suite(&mut self) -> io::Result<()> {
        if let Some(s) = self.pending.take() {
            writeln!(
                self.out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
                xml(&s.name),
                s.tests,
                s.failures
            )?;
            self.out.write_all(s.cases.as_bytes())?;
            writeln!(self.out, "  </testsuite>")?;
        }
        Ok(())
    }
}

impl Sink for JunitSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.start()?;
        if !f.base.continued {
            self.flush_suite()?;
        }
        let suite = self.pending.get_or_insert_with(|| Suite {
            name: f.path.clone(),
            tests: 0,
            failures: 0,
            cases: String::new(),
        });
        let index = LineIndex::new(&f.text);
        // Findings are sorted by position, drafts are in file order: group
        // the findings per draft.
        let mut per_draft: Vec<Vec<String>> = vec![Vec::new(); f.draft_names.len()];
        let mut failing = vec![false; f.draft_names.len()];
        let mut loose = Vec::new();
        for d in &f.findings {
            let g = &d.diagnostic;
            let p = position(&index, &f.text, f.base, g);
            let line = format!(
                "{}:{}:{}: {}[{}]: {}: \"{}\"",
                f.path,
                p.line,
                p.column,
                g.severity,
                g.rule,
                g.message,
                f.text.get(g.span.clone()).unwrap_or("")
            );
            match per_draft.get_mut(d.draft_index) {
                Some(v) => {
                    v.push(line);
                    failing[d.draft_index] |= g.severity >= f.fail_on;
                }
                None => loose.push(line),
            }
        }
        for (i, name) in f.draft_names.iter().enumerate() {
            suite.tests += 1;
            let lines = &per_draft[i];
            suite.cases.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&f.path),
                xml(name)
            ));
            if lines.is_empty() {
                suite.cases.push_str("/>\n");
                continue;
            }
            suite.cases.push_str(">\n");
            let body = xml(&lines.join("\n"));
            if failing[i] {
                suite.failures += 1;
                suite.cases.push_str(&format!(
                    "      <failure message=\"{} finding(s)\" type=\"replylint\">{body}</failure>\n",
                    lines.len()
                ));
            } else {
                suite
                    .cases
                    .push_str(&format!("      <system-out>{body}</system-out>\n"));
            }
            suite.cases.push_str("    </testcase>\n");
        }
        if !loose.is_empty() {
            suite.cases.push_str(&format!(
                "    <system-out>{}</system-out>\n",
                xml(&loose.join("\n"))
            ));
        }
        if !f.base.more {
            self.flush_suite()?;
        }
        Ok(())
    }

    fn finish(&mut self, errors: &[FileError]) -> io::Result<()> {
        self.start()?;
        self.flush_suite()?;
        if !errors.is_empty() {
            writeln!(
                self.out,
                "  <testsuite name=\"input errors\" tests=\"{}\" failures=\"0\" errors=\"{}\">",
                errors.len(),
                errors.len()
            )?;
            for e in errors {
                let at = match e.error.line_col() {
                    Some((l, c)) => format!("{}:{l}:{c}: ", e.error.path),
                    None => format!("{}: ", e.error.path),
                };
                writeln!(
                    self.out,
                    "    <testcase classname=\"{}\" name=\"read\">\n      <error message=\"{}\" type=\"input\">{}</error>\n    </testcase>",
                    xml(&e.error.path),
                    xml(&e.error.message),
                    xml(&format!("{at}{}", e.error.message))
                )?;
            }
            writeln!(self.out, "  </testsuite>")?;
        }
        writeln!(self.out, "</testsuites>")
    }
}

/// Escapes text for XML content and attributes; drops the control
/// characters XML 1.0 cannot hold. (HTML reads the same escapes: the HTML
/// report uses it too.)
pub(super) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_drops_what_xml_cannot_hold() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
