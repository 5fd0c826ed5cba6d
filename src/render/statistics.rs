//! `--statistics`: how often each rule fired, most frequent first, instead
//! of the findings themselves: the first thing to look at when a team turns
//! replylint on over an existing library.
//!
//! ```text
//!   412  error    blame
//!    97  warning  shouting                 (97 fixable)
//! ```
//!
//! With `--format json` it is a JSON array of
//! `{ "rule", "severity", "count", "fixable" }`.

use super::Sink;
use crate::diagnostic::{Applicability, Severity};
use crate::report::{Counts, FileError, FileReport};
use serde_json::json;
use std::collections::HashMap;
use std::io::{self, Write};

/// Counts findings per rule; writes the table at the end.
pub struct StatisticsSink<'w> {
    out: &'w mut dyn Write,
    json: bool,
    per_rule: HashMap<String, (Severity, usize, usize)>,
    counts: Counts,
}

impl<'w> StatisticsSink<'w> {
    pub fn new(out: &'w mut dyn Write, json: bool) -> Self {
        StatisticsSink {
            out,
            json,
            per_rule: HashMap::new(),
            counts: Counts::default(),
        }
    }

    /// Rules by count (descending), then id.
    fn sorted(&self) -> Vec<(String, (Severity, usize, usize))> {
        let mut rows: Vec<_> = self.per_rule.iter().map(|(k, v)| (k.clone(), *v)).collect();
        rows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then_with(|| a.0.cmp(&b.0)));
        rows
    }
}

impl Sink for StatisticsSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.counts.add(f);
        for d in &f.findings {
            let g = &d.diagnostic;
            let e = self
                .per_rule
                .entry(g.rule.to_string())
                .or_insert((g.severity, 0, 0));
            e.0 = e.0.max(g.severity);
            e.1 += 1;
            if d.fixes
                .iter()
                .any(|x| x.applicability == Applicability::Safe)
            {
                e.2 += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _errors: &[FileError]) -> io::Result<()> {
        let rows = self.sorted();
        if self.json {
            let v: Vec<_> = rows
                .iter()
                .map(|(rule, (sev, n, fixable))| {
                    json!({ "rule": rule, "severity": sev, "count": n, "fixable": fixable })
                })
                .collect();
            return writeln!(self.out, "{}", serde_json::to_string_pretty(&v)?);
        }
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let count_width = rows.first().map_or(1, |r| r.1.1.to_string().len()).max(5);
        for (rule, (sev, n, fixable)) in &rows {
            let fix = if *fixable > 0 {
                format!("  ({fixable} fixable)")
            } else {
                String::new()
            };
            let line = format!(
                "{n:>count_width$}  {:<7}  {rule:<width$}{fix}",
                sev.as_str()
            );
            writeln!(self.out, "{}", line.trim_end())?;
        }
        writeln!(self.out, "{}", self.counts.summary())
    }
}
