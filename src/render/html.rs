//! `--format html`: one self-contained page about a library check, for a
//! team lead: the totals, a chart and a table of findings per rule, a table
//! per file, then the worst replies first, each finding in the line it is
//! in. Styles are inline and there is no script, so the file opens offline
//! in any browser and can be mailed or attached to a CI run.
//!
//! The sink keeps, per reply with findings, what the page shows of it (the
//! line of each finding, not the file), and writes the page at `finish`.
//! The worst [`MAX_REPLIES_SHOWN`] replies are shown in full; the tables
//! count every one.

use super::Sink;
use super::junit::xml as esc;
use crate::diagnostic::Severity;
use crate::report::{Counts, FileError, FileReport, position};
use crate::span::LineIndex;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Replies shown with their findings; the rest are counted in the tables.
pub const MAX_REPLIES_SHOWN: usize = 200;
/// Characters of a line shown on each side of a finding's words.
const CONTEXT_CHARS: usize = 90;

/// A finding as the page shows it.
struct Shown {
    rule: String,
    severity: Severity,
    message: String,
    help: String,
    line: usize,
    column: usize,
    /// The line around the words: before, the words, after.
    before: String,
    words: String,
    after: String,
    draft_level: bool,
}

/// A reply with findings.
struct Reply {
    path: String,
    name: String,
    counts: [usize; 3],
    findings: Vec<Shown>,
}

impl Reply {
    /// Worst first: errors, then warnings, then infos.
    fn rank(&self) -> (usize, usize, usize) {
        (self.counts[0], self.counts[1], self.counts[2])
    }
}

fn slot(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// Collects the run, writes the page at the end.
pub struct HtmlSink<'w> {
    out: &'w mut dyn Write,
    counts: Counts,
    rules: BTreeMap<String, (Severity, usize)>,
    /// Per file, in input order: drafts and findings per severity.
    files: Vec<(String, usize, [usize; 3])>,
    replies: Vec<Reply>,
}

impl<'w> HtmlSink<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        HtmlSink {
            out,
            counts: Counts::default(),
            rules: BTreeMap::new(),
            files: Vec::new(),
            replies: Vec::new(),
        }
    }
}

impl Sink for HtmlSink<'_> {
    fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.counts.add(f);
        let index = LineIndex::new(&f.text);
        let file_entry = match self.files.last_mut() {
            Some(last) if f.base.continued && last.0 == f.path => last,
            _ => {
                self.files.push((f.path.clone(), 0, [0; 3]));
                self.files.last_mut().expect("just pushed")
            }
        };
        file_entry.1 += f.drafts;
        // Findings by draft, in order.
        let mut by_draft: BTreeMap<usize, Vec<Shown>> = BTreeMap::new();
        for d in &f.findings {
            let g = &d.diagnostic;
            file_entry.2[slot(g.severity)] += 1;
            let r = self
                .rules
                .entry(g.rule.to_string())
                .or_insert((g.severity, 0));
            r.1 += 1;
            r.0 = r.0.max(g.severity);
            let p = position(&index, &f.text, f.base, g);
            let (before, words, after) = context(&f.text, g.span.clone(), g.draft_level);
            by_draft.entry(d.draft_index).or_default().push(Shown {
                rule: g.rule.to_string(),
                severity: g.severity,
                message: g.message.to_string(),
                help: g.help.to_string(),
                line: p.line,
                column: p.column,
                before,
                words,
                after,
                draft_level: g.draft_level,
            });
        }
        for (i, findings) in by_draft {
            let mut counts = [0; 3];
            for s in &findings {
                counts[slot(s.severity)] += 1;
            }
            let name = f
                .draft_names
                .get(i)
                .cloned()
                .unwrap_or_else(|| f.path.clone());
            self.replies.push(Reply {
                path: f.path.clone(),
                name,
                counts,
                findings,
            });
        }
        Ok(())
    }

    fn finish(&mut self, errors: &[FileError]) -> io::Result<()> {
        let page = self.page(errors);
        self.out.write_all(page.as_bytes())
    }
}

/// The line around `span`: text before the words, the words, text after,
/// each cut to [`CONTEXT_CHARS`]. A finding about a whole reply shows its
/// start.
fn context(text: &str, span: std::ops::Range<usize>, whole: bool) -> (String, String, String) {
    let span = span.start.min(text.len())..span.end.min(text.len());
    if whole {
        let t: String = text[span].split_whitespace().collect::<Vec<_>>().join(" ");
        return (cut_end(&t, 2 * CONTEXT_CHARS), String::new(), String::new());
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let before = &text[line_start..span.start];
    let after = &text[span.end..line_end.max(span.end)];
    let before: String = {
        let n = before.chars().count();
        if n > CONTEXT_CHARS {
            format!(
                "…{}",
                before.chars().skip(n - CONTEXT_CHARS).collect::<String>()
            )
        } else {
            before.to_string()
        }
    };
    (
        before.trim_start().to_string(),
        text[span].to_string(),
        cut_end(after.trim_end(), CONTEXT_CHARS),
    )
}

fn cut_end(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s.to_string()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

const STYLE: &str = "
:root{--error:#b3261e;--warning:#8a5a00;--info:#1f5fa8;--ink:#1d1d1f;--muted:#5b5b66;--line:#d5d5dd}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1rem 1.25rem 3rem;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:var(--ink)}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.lede{color:var(--muted);margin:.2rem 0 1rem}
.totals{display:flex;flex-wrap:wrap;gap:.75rem;margin:0;padding:0;list-style:none}
.totals li{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:8rem}
.totals b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;background:#f5f5f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{font:.9em ui-monospace,Menlo,Consolas,monospace}
.sev{font-weight:700;text-transform:uppercase;font-size:.78rem;letter-spacing:.03em}
.error .sev,.sev.error{color:var(--error)}.warning .sev,.sev.warning{color:var(--warning)}.info .sev,.sev.info{color:var(--info)}
svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
.reply{border:1px solid var(--line);border-radius:6px;margin:.8rem 0;padding:.5rem .8rem}
.reply h3{font-size:1rem;margin:0 0 .3rem;word-break:break-all}.reply h3 small{color:var(--muted);font-weight:normal}
.finding{border-left:5px solid var(--muted);padding:.2rem .6rem;margin:.4rem 0}
.finding.error{border-left-color:var(--error)}.finding.warning{border-left-color:var(--warning);border-left-style:dashed}.finding.info{border-left-color:var(--info);border-left-style:dotted}
.finding p{margin:.15rem 0}.ctx{background:#f7f7fa;padding:.2rem .4rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:#ffe08a;color:inherit;padding:0 .1em;text-decoration:underline wavy var(--error)}
.warning mark{text-decoration-style:dashed;text-decoration-color:var(--warning)}.info mark{text-decoration-style:dotted;text-decoration-color:var(--info)}
.help{color:var(--muted)}.where{color:var(--muted);font-size:.85rem}
.errors li{margin:.2rem 0}
@media print{.reply{break-inside:avoid}}
";

impl HtmlSink<'_> {
    fn page(&mut self, errors: &[FileError]) -> String {
        let c = self.counts;
        let findings = c.errors + c.warnings + c.infos;
        let mut h = String::new();
        let _ = write!(
            h,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"replylint {}\">\n\
             <title>replylint report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            env!("CARGO_PKG_VERSION"),
            esc(&c.summary())
        );
        let replies_with = self.replies.len();
        let _ = write!(
            h,
            "<header>\n<h1>replylint report</h1>\n<p class=\"lede\">{} checked in {}; {} of them \
             with findings. Made by replylint {}.</p>\n<ul class=\"totals\">\n\
             <li><b>{}</b>findings</li><li class=\"error\"><b>{}</b><span class=\"sev\">✖ errors</span></li>\
             <li class=\"warning\"><b>{}</b><span class=\"sev\">▲ warnings</span></li>\
             <li class=\"info\"><b>{}</b><span class=\"sev\">● infos</span></li>\
             <li><b>{}</b>input errors</li>\n</ul>\n</header>\n",
            plural(c.drafts, "reply", "replies"),
            plural(c.files, "file", "files"),
            replies_with,
            env!("CARGO_PKG_VERSION"),
            findings,
            c.errors,
            c.warnings,
            c.infos,
            errors.len()
        );
        self.rules_section(&mut h);
        self.files_section(&mut h);
        self.replies_section(&mut h);
        if !errors.is_empty() {
            h.push_str("<section>\n<h2 id=\"input-errors\">Inputs that could not be checked</h2>\n<ul class=\"errors\">\n");
            for e in errors {
                let at = e
                    .error
                    .line_col()
                    .map_or(String::new(), |(l, col)| format!(":{l}:{col}"));
                let _ = writeln!(
                    h,
                    "<li><code>{}{at}</code>: {}</li>",
                    esc(&e.error.path),
                    esc(&e.error.message)
                );
            }
            h.push_str("</ul>\n</section>\n");
        }
        h.push_str("</body>\n</html>\n");
        h
    }

    fn rules_section(&self, h: &mut String) {
        h.push_str("<section>\n<h2 id=\"rules\">Findings per rule</h2>\n");
        if self.rules.is_empty() {
            h.push_str("<p>No findings.</p>\n</section>\n");
            return;
        }
        let mut rules: Vec<(&String, &(Severity, usize))> = self.rules.iter().collect();
        rules.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
        let max = rules[0].1.1.max(1);
        // The chart: one bar per rule, its count written beside it.
        let (label_w, bar_w, row_h) = (210.0, 520.0, 22.0);
        let height = row_h * rules.len() as f64 + 6.0;
        let _ = writeln!(
            h,
            "<svg role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 {} {height}\" \
             width=\"100%\" style=\"max-width:{}px\">\n<title id=\"chart-title\">Findings per \
             rule (the table below has the same numbers)</title>",
            label_w + bar_w + 70.0,
            label_w + bar_w + 70.0
        );
        for (i, (id, (sev, n))) in rules.iter().enumerate() {
            let y = 3.0 + row_h * i as f64;
            let w = (bar_w * *n as f64 / max as f64).max(1.0);
            let color = match sev {
                Severity::Error => "#b3261e",
                Severity::Warning => "#8a5a00",
                Severity::Info => "#1f5fa8",
            };
            let _ = writeln!(
                h,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
                 <rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{color}\"><title>{}: {n}</title></rect>\
                 <text x=\"{:.1}\" y=\"{}\">{n}</text>",
                label_w - 8.0,
                y + 15.0,
                esc(id),
                row_h - 6.0,
                esc(id),
                label_w + w + 6.0,
                y + 15.0,
            );
        }
        h.push_str("</svg>\n<table>\n<thead><tr><th>rule</th><th>severity</th><th class=\"n\">findings</th></tr></thead>\n<tbody>\n");
        for (id, (sev, n)) in &rules {
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td class=\"sev {sev}\">{sev}</td><td class=\"n\">{n}</td></tr>",
                esc(id)
            );
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
    }

    fn files_section(&self, h: &mut String) {
        h.push_str(
            "<section>\n<h2 id=\"files\">Findings per file</h2>\n<table>\n<thead><tr><th>file</th>\
            <th class=\"n\">replies</th><th class=\"n\">errors</th><th class=\"n\">warnings</th>\
            <th class=\"n\">infos</th></tr></thead>\n<tbody>\n",
        );
        let mut files: Vec<&(String, usize, [usize; 3])> = self.files.iter().collect();
        files.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        for (path, drafts, [e, w, i]) in files {
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td class=\"n\">{drafts}</td><td class=\"n\">{e}</td>\
                 <td class=\"n\">{w}</td><td class=\"n\">{i}</td></tr>",
                esc(path)
            );
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
    }

    fn replies_section(&mut self, h: &mut String) {
        self.replies.sort_by(|a, b| {
            b.rank()
                .cmp(&a.rank())
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.name.cmp(&b.name))
        });
        let shown = self.replies.len().min(MAX_REPLIES_SHOWN);
        let _ = writeln!(
            h,
            "<section>\n<h2 id=\"worst\">The worst replies first</h2>\n<p class=\"lede\">{}</p>",
            if shown < self.replies.len() {
                format!(
                    "The {shown} replies with the most serious findings, of {}; the tables above count them all.",
                    self.replies.len()
                )
            } else if shown == 0 {
                "No reply has a finding.".to_string()
            } else {
                format!("Every reply with a finding ({shown}).")
            }
        );
        for r in &self.replies[..shown] {
            let [e, w, i] = r.counts;
            let place = if r.name == r.path {
                String::new()
            } else {
                format!(" <small>in {}</small>", esc(&r.path))
            };
            let _ = writeln!(
                h,
                "<article class=\"reply\">\n<h3>{}{place} <small>· {e} ✖ {w} ▲ {i} ●</small></h3>",
                esc(&r.name)
            );
            for f in &r.findings {
                let sev = f.severity.as_str();
                let ctx = if f.draft_level {
                    format!(
                        "<p class=\"ctx\">{}</p><p class=\"where\">about the whole reply</p>",
                        esc(&f.before)
                    )
                } else {
                    format!(
                        "<p class=\"ctx\">{}<mark>{}</mark>{}</p>",
                        esc(&f.before),
                        esc(&f.words),
                        esc(&f.after)
                    )
                };
                let _ = writeln!(
                    h,
                    "<div class=\"finding {sev}\"><p><span class=\"sev\">{}</span> <code>{}</code> \
                     {} <span class=\"where\">line {}, column {}</span></p>{ctx}<p class=\"help\">{}</p></div>",
                    esc(sev),
                    esc(&f.rule),
                    esc(&f.message),
                    f.line,
                    f.column,
                    esc(&f.help)
                );
            }
            h.push_str("</article>\n");
        }
        h.push_str("</section>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_line_around_the_words_escaped_later() {
        let text = "first line\nSo <b>calm down</b>, please.\nlast";
        let at = text.find("calm").unwrap();
        let (b, w, a) = context(text, at..at + 9, false);
        assert_eq!(
            (b.as_str(), w.as_str(), a.as_str()),
            ("So <b>", "calm down", "</b>, please.")
        );
        assert_eq!(esc(&b), "So &lt;b&gt;");
        let long = format!("{} calm down", "x".repeat(300));
        let (b, _, _) = context(&long, 301..310, false);
        assert!(b.starts_with('…') && b.chars().count() == CONTEXT_CHARS + 1);
    }
}
