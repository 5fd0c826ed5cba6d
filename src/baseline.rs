//! Baselines: adopting replylint on a library that already has findings.
//!
//! `replylint check --baseline FILE --write-baseline LIBRARY` records every
//! current finding; `replylint check --baseline FILE LIBRARY` then reports
//! only the findings that are not in it, so CI fails on new problems while
//! the old ones are worked off.
//!
//! A finding is recorded by what it is, not where it is: its file (relative
//! to the baseline's directory, so the check may run from anywhere), the
//! draft's id in a library, the rule, and the words it flags (whitespace
//! collapsed; empty for a finding about a whole draft). Lines and offsets
//! are not part of it, so a finding keeps matching its entry when text
//! moves within the file. The same words flagged by the same rule in one
//! draft N times is one entry with `count: N`: a new, N+1st occurrence is
//! reported. Entries that match nothing any more are counted, so the
//! baseline can be shrunk as problems are fixed.
//!
//! The file is JSON (`docs/adopting.md`), sorted, one entry per line, so
//! that its diffs review well.

use crate::error::SourceError;
use crate::report::FileReport;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The version of the baseline file's schema.
pub const BASELINE_VERSION: u32 = 1;

/// What identifies a finding across edits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The file, relative to the baseline's directory, with `/`.
    pub path: String,
    /// The draft's id in a library file.
    pub draft: Option<String>,
    pub rule: String,
    /// The flagged words, whitespace collapsed ("" for a whole-draft finding).
    pub text: String,
}

/// One line of the file: a key and how many findings it stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    draft: Option<String>,
    rule: String,
    text: String,
    #[serde(default = "one")]
    count: usize,
}

fn one() -> usize {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    version: u32,
    #[serde(default)]
    #[allow(dead_code)] // written for people; not read
    tool: Option<serde_json::Value>,
    findings: Vec<Entry>,
}

/// Makes the keys of findings: paths relative to the baseline's directory.
#[derive(Debug, Clone)]
struct Keys {
    dir: PathBuf,
}

impl Keys {
    fn for_baseline(baseline: &Path) -> Keys {
        let parent = baseline
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Keys {
            dir: lexical_absolute(parent),
        }
    }

    fn path(&self, shown: &str) -> String {
        if shown == "-" {
            return shown.to_string();
        }
        let abs = lexical_absolute(Path::new(shown));
        let rel = abs
            .strip_prefix(&self.dir)
            .map_or_else(|_| PathBuf::from(shown), Path::to_path_buf);
        let parts: Vec<String> = rel
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    /// The key of each finding of `file`.
    fn of(&self, file: &FileReport) -> impl Iterator<Item = Key> {
        let path = self.path(&file.path);
        file.findings.iter().map(move |f| {
            let d = &f.diagnostic;
            let text = if d.draft_level {
                String::new()
            } else {
                collapse(file.text.get(d.span.clone()).unwrap_or(""))
            };
            Key {
                path: path.clone(),
                draft: f.draft.as_deref().map(str::to_string),
                rule: d.rule.to_string(),
                text,
            }
        })
    }
}

/// `path` made absolute and with `.` and `..` resolved by name (not by the
/// file system: symbolic links are kept, and the file need not exist), so
/// that `../b.json` and `./x/../b.json` name the same folder.
fn lexical_absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A loaded baseline, matched against a run's findings.
#[derive(Debug)]
pub struct Baseline {
    keys: Keys,
    /// Findings each key still stands for.
    remaining: BTreeMap<Key, usize>,
    /// Findings matched so far.
    pub matched: usize,
}

impl Baseline {
    /// Reads the baseline at `path`.
    pub fn load(path: &Path) -> Result<Baseline, SourceError> {
        let shown = path.display().to_string();
        let text: Arc<str> = match std::fs::read_to_string(path) {
            Ok(t) => Arc::from(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(
                    SourceError::new(&shown, Arc::from(""), None, "no such baseline").with_help(
                        "write it first: replylint check --baseline FILE --write-baseline PATHS",
                    ),
                );
            }
            Err(e) => {
                return Err(SourceError::new(
                    &shown,
                    Arc::from(""),
                    None,
                    format!("cannot read the baseline: {}", e.to_string().to_lowercase()),
                ));
            }
        };
        Baseline::from_text(path, &shown, text)
    }

    /// Parses a baseline's `text` (the file at `path`, shown as `shown`).
    pub fn from_text(path: &Path, shown: &str, text: Arc<str>) -> Result<Baseline, SourceError> {
        let parsed: FileFormat = serde_json::from_str(&text).map_err(|e| {
            let span = offset_of(&text, e.line(), e.column()).map(|at| at..at);
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            SourceError::new(shown, text.clone(), span, message)
                .with_help("a baseline is written by --write-baseline; write it again")
        })?;
        if parsed.version != BASELINE_VERSION {
            return Err(SourceError::new(
                shown,
                text.clone(),
                None,
                format!(
                    "baseline version {} is not one this replylint reads ({BASELINE_VERSION})",
                    parsed.version
                ),
            )
            .with_help("write it again with --write-baseline"));
        }
        let mut remaining = BTreeMap::new();
        for e in parsed.findings {
            let key = Key {
                path: e.path,
                draft: e.draft,
                rule: e.rule,
                text: e.text,
            };
            *remaining.entry(key).or_insert(0) += e.count;
        }
        Ok(Baseline {
            keys: Keys::for_baseline(path),
            remaining,
            matched: 0,
        })
    }

    /// Removes from `file` the findings the baseline has, in order: each
    /// entry matches as many findings as its count.
    pub fn filter(&mut self, file: &mut FileReport) {
        let keys: Vec<Key> = self.keys.of(file).collect();
        let mut keys = keys.into_iter();
        let before = file.findings.len();
        file.findings.retain(|_| {
            let key = keys.next().expect("one key per finding");
            match self.remaining.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        self.matched += before - file.findings.len();
    }

    /// Findings the baseline stands for that this run did not have (fixed,
    /// or their files not checked).
    pub fn unmatched(&self) -> usize {
        self.remaining.values().sum()
    }
}

/// Records a run's findings for `--write-baseline`.
#[derive(Debug)]
pub struct Recorder {
    keys: Keys,
    counts: BTreeMap<Key, usize>,
}

impl Recorder {
    /// A recorder for the baseline to be written at `path`.
    pub fn new(path: &Path) -> Recorder {
        Recorder {
            keys: Keys::for_baseline(path),
            counts: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, file: &FileReport) {
        for key in self.keys.of(file) {
            *self.counts.entry(key).or_insert(0) += 1;
        }
    }

    /// Findings recorded.
    pub fn findings(&self) -> usize {
        self.counts.values().sum()
    }

    /// Files with findings recorded.
    pub fn files(&self) -> usize {
        let mut paths: Vec<&str> = self.counts.keys().map(|k| k.path.as_str()).collect();
        paths.dedup();
        paths.len()
    }

    /// The baseline file's text: sorted, one entry per line.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{{\n  \"version\": {BASELINE_VERSION},\n  \"tool\": {{\"name\": \"replylint\", \"version\": \"{}\"}},\n  \"findings\": [",
            env!("CARGO_PKG_VERSION")
        );
        for (i, (key, &count)) in self.counts.iter().enumerate() {
            let entry = Entry {
                path: key.path.clone(),
                draft: key.draft.clone(),
                rule: key.rule.clone(),
                text: key.text.clone(),
                count,
            };
            let line = serde_json::to_string(&entry).expect("an entry serializes");
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            out.push_str(&line);
        }
        out.push_str(if self.counts.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    /// Writes the baseline to `path` atomically (a temporary file renamed
    /// over it: a reader never sees half a baseline).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut tmp, self.to_text().as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map(|_| ()).map_err(|e| e.error)
    }
}

/// The byte offset of 1-based `line` and `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let col = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(start + col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckOptions, lint_document};
    use crate::config::Config;
    use crate::input::{self, Format};

    fn report(path: &str, text: &str) -> FileReport {
        let config = Config::defaults(Default::default()).unwrap();
        let doc = input::read_document(path, Arc::from(text), Format::Text, None).unwrap();
        let eff = config.effective(None);
        lint_document(
            &config.linter,
            &eff.settings,
            &doc,
            &CheckOptions::default(),
        )
    }

    #[test]
    fn findings_keep_matching_when_text_moves_and_new_ones_show() {
        let dir = std::env::temp_dir();
        let baseline_path = dir.join("replylint-baseline-unit.json");
        let path = dir.join("reply.txt").display().to_string();
        let old = report(&path, "Calm down. You should have read the FAQ.");
        let mut rec = Recorder::new(&baseline_path);
        rec.add(&old);
        assert_eq!(rec.findings(), old.findings.len());
        let text = rec.to_text();
        assert!(
            text.contains("{\"path\":\"reply.txt\",\"rule\":\"blame\",\"text\":\"You should have\",\"count\":1}"),
            "{text}"
        );

        // Moved down two lines, re-wrapped, and one more "calm down". What
        // is new is what the old text did not have, by rule and words (a
        // draft-level judgment may change with the added words, and then
        // that finding is new too).
        let old_text = "Calm down. You should have read the FAQ.";
        let moved_text = "Hello,\n\nCalm down. You should\nhave read the FAQ. Calm down.";
        let moved = report(&path, moved_text);
        let words = |f: &crate::report::Finding, t: &str| {
            let w = if f.diagnostic.draft_level {
                ""
            } else {
                &t[f.diagnostic.span.clone()]
            };
            (
                f.diagnostic.rule.to_string(),
                w.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        };
        let mut expected: Vec<(String, String)> = moved
            .findings
            .iter()
            .map(|f| words(f, moved_text))
            .collect();
        for o in old.findings.iter().map(|f| words(f, old_text)) {
            if let Some(i) = expected.iter().position(|e| *e == o) {
                expected.remove(i);
            }
        }
        assert!(expected.contains(&("dismissive".into(), "Calm down".into())));
        let mut b = Baseline::from_text(&baseline_path, "b.json", Arc::from(text)).unwrap();
        let mut left = moved.clone();
        b.filter(&mut left);
        let got: Vec<(String, String)> =
            left.findings.iter().map(|f| words(f, moved_text)).collect();
        assert_eq!(got, expected, "only the new findings are reported");
        assert_eq!(b.matched, moved.findings.len() - expected.len());
        assert_eq!(b.unmatched(), 0);

        // Fixed findings are counted as unmatched.
        let mut b =
            Baseline::from_text(&baseline_path, "b.json", Arc::from(rec.to_text())).unwrap();
        let mut fixed = report(&path, "I'm sorry about this. Could you DM us?");
        b.filter(&mut fixed);
        assert_eq!(b.unmatched(), old.findings.len());
    }

    #[test]
    fn a_broken_baseline_says_where() {
        let e = Baseline::from_text(
            Path::new("b.json"),
            "b.json",
            Arc::from("{\"version\": 1,\n \"findings\": [{\"path\": 1}]}"),
        )
        .unwrap_err();
        assert_eq!(e.line_col().map(|l| l.0), Some(2));
        assert!(e.message.contains("invalid type"), "{}", e.message);
        let e = Baseline::from_text(
            Path::new("b.json"),
            "b.json",
            Arc::from("{\"version\": 9, \"findings\": []}"),
        )
        .unwrap_err();
        assert!(e.message.contains("version 9"));
    }
}
