//! `--format sarif`: SARIF 2.1.0, the format code scanning dashboards read
//! (GitHub code scanning, Azure DevOps, SonarQube, VS Code's SARIF viewer).
//!
//! One run: results stream out as files are checked; the tool description
//! (with a rule entry, help text and link for every rule of the run) and the
//! invocation (input errors as notifications) follow them, since only then
//! is every rule id known. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), like every other output; regions also
//! carry byte offsets. Safe and review suggestions become `fixes`.
//!
//! `tests/cli_formats.rs` validates the output against the official schema
//! (`tests/data/sarif-schema-2.1.0.json`).

use super::{RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::report::{FileError, FileReport, Finding, position};
use crate::span::LineIndex;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Streams one SARIF log.
pub struct SarifSink<'w> {
    out: &'w mut dyn Write,
    rules: Vec<RuleMeta>,
    index: HashMap<String, usize>,
    /// Rule ids met in findings but not described by the run's packs.
    extra: Vec<String>,
    started: bool,
    any: bool,
}

impl<'w> SarifSink<'w> {
    pub fn new(out: &'w mut dyn Write, rules: Vec<RuleMeta>) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        SarifSink {
            out,
            rules,
            index,
            extra: Vec::new(),
            started: false,
            any: false,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                self.out,
                "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
            )?;
        }
        Ok(())
    }

    fn result(&mut self, f: &FileReport, index: &LineIndex, d: &Finding) -> Value {
        let g = &d.diagnostic;
        let p = position(index, &f.text, f.base, g);
        let uri = uri(&f.path);
        let start = f.base.offset + g.span.start;
        let mut region = json!({
            "startLine": p.line,
            "startColumn": p.column,
            "endLine": p.end_line,
            "endColumn": p.end_column,
            "byteOffset": start,
            "byteLength": g.span.len(),
        });
        if let Some(text) = f.text.get(g.span.clone()).filter(|t| !t.is_empty()) {
            region["snippet"] = json!({ "text": text });
        }
        let mut result = json!({
            "ruleId": g.rule,
            "level": level(g.severity),
            "message": { "text": format!("{}: {}", g.message, g.label) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": region,
                }
            }],
            "partialFingerprints": {
                "replylintFinding/v1": fingerprint(&g.rule, d.draft.as_deref(), f.text.get(g.span.clone()).unwrap_or("")),
            },
        });
        match self.index.get(&*g.rule) {
            Some(&i) => result["ruleIndex"] = i.into(),
            None if !self.extra.iter().any(|e| *e == *g.rule) => {
                self.extra.push(g.rule.to_string())
            }
            None => {}
        }
        if let Some(id) = &d.draft {
            result["properties"] = json!({ "draft": id });
        }
        if !d.fixes.is_empty() {
            result["fixes"] = d
                .fixes
                .iter()
                .map(|x| {
                    json!({
                        "description": { "text": x.title() },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri },
                            "replacements": [{
                                "deletedRegion": {
                                    "byteOffset": f.base.offset + x.span.start,
                                    "byteLength": x.span.len(),
                                },
                                "insertedContent": { "text": x.replacement },
                            }],
                        }],
                    })
                })
                .collect();
        }
        result
    }
}

impl Sink for SarifSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.start()?;
        if f.findings.is_empty() {
            return Ok(());
        }
        let index = LineIndex::new(&f.text);
        for d in &f.findings {
            let r = self.result(f, &index, d);
            write!(
                self.out,
                "{}\n        {}",
                if self.any { "," } else { "" },
                r
            )?;
            self.any = true;
        }
        Ok(())
    }

    fn finish(&mut self, errors: &[FileError]) -> io::Result<()> {
        self.start()?;
        let mut rules: Vec<Value> = self.rules.iter().map(rule_value).collect();
        rules.extend(self.extra.iter().map(|id| json!({ "id": id })));
        let tool = json!({
            "driver": {
                "name": "replylint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }
        });
        let notifications: Vec<Value> = errors.iter().map(notification).collect();
        let invocation = json!({
            "executionSuccessful": errors.is_empty(),
            "toolExecutionNotifications": notifications,
        });
        writeln!(
            self.out,
            "{}],\n      \"tool\": {},\n      \"invocations\": [{}]\n    }}\n  ]\n}}",
            if self.any { "\n      " } else { "" },
            tool,
            invocation
        )
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_value(r: &RuleMeta) -> Value {
    let mut v = json!({
        "id": r.id,
        "name": r.id.replace(['-', '/'], "_"),
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": r.explanation.trim() },
        "help": {
            "text": r.help,
            "markdown": match &r.doc_url {
                Some(u) => format!("{}\n\n[Rule documentation]({u})", r.help),
                None => r.help.clone(),
            },
        },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": ["tone"] },
    });
    if let Some(u) = &r.doc_url {
        v["helpUri"] = u.as_str().into();
    }
    v
}

fn notification(e: &FileError) -> Value {
    let mut n = json!({
        "level": "error",
        "message": { "text": e.error.message },
        "descriptor": { "id": "input" },
    });
    let mut location = json!({
        "physicalLocation": { "artifactLocation": { "uri": uri(&e.error.path) } }
    });
    if let Some((line, column)) = e.error.line_col() {
        location["physicalLocation"]["region"] =
            json!({ "startLine": line, "startColumn": column });
    }
    n["locations"] = json!([location]);
    n
}

/// A relative URI reference for a path as the user gave it: forward
/// slashes, and the characters that URIs reserve percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A stable id for a finding across runs (code scanning uses it to track
/// alerts as lines move): the rule, the draft and the flagged words.
fn fingerprint(rule: &str, draft: Option<&str>, text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in rule
        .bytes()
        .chain([0])
        .chain(draft.unwrap_or("").bytes())
        .chain([0])
        .chain(text.to_lowercase().bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("./replies/late order.md"), "replies/late%20order.md");
        assert_eq!(uri("dir\\a#1.txt"), "dir/a%231.txt");
        assert_eq!(uri("café.txt"), "caf%C3%A9.txt");
    }
}
