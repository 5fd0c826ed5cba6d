//! Inline suppressions: a human decided this finding is fine here.
//!
//! Forms (rule ids separated by spaces or commas; no id means every rule):
//!
//! * `<!-- replylint-disable blame -->` ... `<!-- replylint-enable -->`
//!   (Markdown, HTML, text): from the comment to the matching enable, or to
//!   the end of the file;
//! * `<!-- replylint-disable-next-line blame -->`: the next non-empty line;
//! * `<!-- replylint-disable-line blame -->`: the line it is on;
//! * a text line `replylint: ignore blame` (optionally after `#`, `//`, `--`
//!   or `;`): the next non-empty line; `replylint: ignore-file blame`: the
//!   whole file;
//! * a per-entry field in libraries (`replylint-ignore = ["blame"]`), which
//!   covers that entry (added by the library readers);
//! * in YAML and TOML libraries, which have comments, `# replylint: ignore
//!   blame` at the end of a line (like ruff's `# noqa`): the values on that
//!   line; on a line of its own, the next line's ([`scan_line_comments`]).
//!
//! A suppression that silences nothing is itself reported, as the info-level
//! `unused-suppression` finding (like `noqa` hygiene), so stale ones do not
//! pile up. Directive lines are never linted as part of a reply.

use std::ops::Range;

/// One suppression found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids it silences; empty for all rules.
    pub rules: Vec<String>,
    /// File bytes it covers (a finding starting inside is silenced).
    pub scope: Range<usize>,
    /// Where the directive itself is written.
    pub directive: Range<usize>,
}

impl Suppression {
    /// Whether it silences `rule` starting at `at`.
    pub fn covers(&self, rule: &str, at: usize) -> bool {
        self.scope.contains(&at) && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
    }
}

/// Finds every suppression directive in `text`. Returns the suppressions and
/// the byte ranges of the directive lines (to leave out of drafts).
pub fn scan(text: &str) -> (Vec<Suppression>, Vec<Range<usize>>) {
    let mut out = Vec::new();
    let mut directive_lines = Vec::new();
    // Open `disable` blocks: (rules, directive span, scope start).
    let mut open: Vec<(Vec<String>, Range<usize>, usize)> = Vec::new();

    let mut i = 0;
    while let Some(rel) = text[i..].find("<!--") {
        let start = i + rel;
        let Some((body, len)) = crate::input::html::comment(&text[start..]) else {
            break;
        };
        let end = start + len;
        let body = text[start + body.start..start + body.end].trim();
        if let Some(rest) = body.strip_prefix("replylint-disable-line") {
            // The line the comment is on (ESLint's `eslint-disable-line`).
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n);
            out.push(Suppression {
                rules: ids(rest),
                scope: line_start..line_end,
                directive: start..end,
            });
        } else if let Some(rest) = body.strip_prefix("replylint-disable-next-line") {
            let scope = next_line(text, end);
            out.push(Suppression {
                rules: ids(rest),
                scope,
                directive: start..end,
            });
        } else if let Some(rest) = body.strip_prefix("replylint-disable") {
            open.push((ids(rest), start..end, end));
        } else if let Some(rest) = body.strip_prefix("replylint-enable") {
            let enabling = ids(rest);
            let mut k = 0;
            while k < open.len() {
                let matches = enabling.is_empty()
                    || open[k].0.iter().any(|r| enabling.contains(r))
                    || open[k].0.is_empty();
                if matches {
                    let (rules, directive, from) = open.remove(k);
                    out.push(Suppression {
                        rules,
                        scope: from..start,
                        directive,
                    });
                } else {
                    k += 1;
                }
            }
        }
        i = end;
    }
    for (rules, directive, from) in open {
        out.push(Suppression {
            rules,
            scope: from..text.len(),
            directive,
        });
    }

    // Text comment lines.
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let body = trimmed
            .trim_start_matches(['#', '/', '-', ';'])
            .trim_start();
        if let Some(rest) = body.strip_prefix("replylint:") {
            let rest = rest.trim_start();
            let line_range = pos..pos + line.len();
            if let Some(r) = rest.strip_prefix("ignore-file") {
                out.push(Suppression {
                    rules: ids(r),
                    scope: 0..text.len(),
                    directive: pos..pos + line.trim_end().len(),
                });
                directive_lines.push(line_range);
            } else if let Some(r) = rest.strip_prefix("ignore") {
                out.push(Suppression {
                    rules: ids(r),
                    scope: next_line(text, pos + line.len()),
                    directive: pos..pos + line.trim_end().len(),
                });
                directive_lines.push(line_range);
            }
        }
        pos += line.len();
    }
    out.sort_by_key(|s| s.directive.start);
    (out, directive_lines)
}

/// `# replylint: ignore RULE` comments of a YAML or TOML file, where `#`
/// starts a comment. `values` are the file extents of its drafts: a `#`
/// inside one is text, not a comment. A comment at the end of a line covers
/// that line and every value on it, whole (a multi-line string that ends
/// there, a block scalar `body: |  # replylint: ignore` that starts below);
/// a comment on a line of its own covers the next non-empty line the same
/// way; `# replylint: ignore-file RULE` covers the file.
pub fn scan_line_comments(text: &str, values: &[Range<usize>]) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let Some(at) = line.find('#').map(|i| line_start + i) else {
            continue;
        };
        // The first `#` outside every value starts the comment.
        let mut hash = Some(at);
        while let Some(h) = hash {
            if !values.iter().any(|v| v.start <= h && h < v.end) {
                break;
            }
            hash = text[h + 1..pos].find('#').map(|i| h + 1 + i);
        }
        let Some(hash) = hash else { continue };
        let comment = text[hash..pos].trim_end();
        let body = comment.trim_start_matches('#').trim_start();
        let Some(rest) = body.strip_prefix("replylint:").map(str::trim_start) else {
            continue;
        };
        let directive = hash..hash + comment.len();
        if let Some(r) = rest.strip_prefix("ignore-file") {
            out.push(Suppression {
                rules: ids(r),
                scope: 0..text.len(),
                directive,
            });
            continue;
        }
        let Some(r) = rest.strip_prefix("ignore") else {
            continue;
        };
        let own_line = text[line_start..hash].trim().is_empty();
        let target = if own_line {
            next_line(text, pos.min(text.len()))
        } else {
            line_start..line_start + line.trim_end().len()
        };
        if target.is_empty() {
            continue;
        }
        let target_end = text[target.end..]
            .find('\n')
            .map_or(text.len(), |n| target.end + n);
        let code = text[target.clone()]
            .split('#')
            .next()
            .unwrap_or("")
            .trim_end();
        let block_header = code
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
            .ends_with(['|', '>']);
        // The end of the line after the target (where a block scalar's
        // text starts).
        let below_end = text
            .get(target_end + 1..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |n| target_end + 1 + n);
        let mut scope = target.clone();
        for v in values {
            let on_line = v.start < target.end && target.start < v.end.max(v.start + 1);
            let below = block_header && v.start > target.end && v.start <= below_end;
            if on_line || below {
                scope.start = scope.start.min(v.start);
                scope.end = scope.end.max(v.end);
            }
        }
        out.push(Suppression {
            rules: ids(r),
            scope,
            directive,
        });
    }
    out
}

/// Rule ids in a directive's tail: separated by spaces or commas.
fn ids(rest: &str) -> Vec<String> {
    rest.split([' ', ',', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The next non-empty line after `from` (the rest of the current line is
/// skipped if it is blank).
fn next_line(text: &str, from: usize) -> Range<usize> {
    let mut pos = from;
    // Skip to the end of the directive's own line.
    if let Some(nl) = text[pos..].find('\n') {
        if text[pos..pos + nl].trim().is_empty() {
            pos += nl + 1;
        }
    } else {
        return text.len()..text.len();
    }
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
        if !text[pos..end].trim().is_empty() {
            return pos..end;
        }
        pos = end + 1;
    }
    text.len()..text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_and_next_line_comments() {
        let t = "a\n<!-- replylint-disable blame, threat -->\nb\n<!-- replylint-enable -->\nc\n<!-- replylint-disable-next-line -->\n\nd\ne";
        let (s, _) = scan(t);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].rules, ["blame", "threat"]);
        let b = t.find("\nb\n").unwrap() + 1;
        let c = t.find("\nc\n").unwrap() + 1;
        assert!(s[0].covers("blame", b));
        assert!(!s[0].covers("blame", c));
        assert!(!s[0].covers("arguing", b));
        assert!(s[1].rules.is_empty());
        assert!(s[1].covers("anything", t.find("\nd\n").unwrap() + 1));
        assert!(!s[1].covers("anything", t.len() - 1));
    }

    #[test]
    fn text_lines() {
        let t = "Hi,\n# replylint: ignore sarcasm\nNice try.\nreplylint: ignore-file shouting\nOK";
        let (s, lines) = scan(t);
        assert_eq!(s.len(), 2);
        assert!(s[0].covers("sarcasm", t.find("Nice").unwrap()));
        assert!(s[1].covers("shouting", 0));
        assert_eq!(lines.len(), 2);
        assert_eq!(&t[lines[0].clone()], "# replylint: ignore sarcasm\n");
    }

    #[test]
    fn disable_line_covers_its_line() {
        let t = "Calm down. <!-- replylint-disable-line dismissive -->\nCalm down.";
        let (s, _) = scan(t);
        assert!(s[0].covers("dismissive", 0));
        assert!(!s[0].covers("dismissive", t.rfind("Calm").unwrap()));
    }

    #[test]
    fn yaml_and_toml_end_of_line_comments() {
        let t = "- body: \"Calm down. # not a comment\"  # replylint: ignore dismissive\n- body: \"Calm down.\"\n- body: |  # replylint: ignore\n    Calm down.\n    NO.\n# replylint: ignore shouting\n- body: \"LOUD\"\n";
        let value = |needle: &str| {
            let i = t.find(needle).unwrap();
            i..i + needle.len()
        };
        let values = vec![
            value("Calm down. # not a comment"),
            t.find("- body: \"Calm down.\"")
                .map(|i| i + 9..i + 19)
                .unwrap(),
            value("Calm down.\n    NO.\n"),
            value("LOUD"),
        ];
        let s = scan_line_comments(t, &values);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0].rules, ["dismissive"]);
        assert!(s[0].covers("dismissive", values[0].start));
        assert!(!s[0].covers("dismissive", values[1].start));
        // A block scalar's header line covers the block below it.
        assert!(s[1].rules.is_empty() && s[1].covers("shouting", t.find("NO.").unwrap()));
        // On a line of its own: the next line.
        assert!(s[2].covers("shouting", values[3].start));
        assert_eq!(&t[s[2].directive.clone()], "# replylint: ignore shouting");
    }

    #[test]
    fn unclosed_disable_runs_to_the_end() {
        let t = "<!-- replylint-disable -->\nanything";
        let (s, _) = scan(t);
        assert!(s[0].covers("x", t.len() - 1));
    }
}
