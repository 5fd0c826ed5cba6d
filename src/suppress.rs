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
//! Any form may say why, after ` -- `, and until when:
//! `replylint: ignore blame -- agreed wording with legal, until 2027-06-30`.
//! Past its date (UTC) a suppression silences nothing and is reported as
//! `expired-suppression`; with `--require-reason`, one without a reason is
//! reported as `suppression-without-reason` (an error).
//!
//! A suppression that silences nothing is itself reported, as the info-level
//! `unused-suppression` finding (like `noqa` hygiene), so stale ones do not
//! pile up. Directive lines are never linted as part of a reply.

use crate::date::Date;
use crate::diagnostic::Severity;
use std::ops::Range;

/// The pseudo rule of a suppression past its expiry date.
pub const EXPIRED_SUPPRESSION: &str = "expired-suppression";
/// The pseudo rule of a suppression without a reason (`--require-reason`).
pub const SUPPRESSION_WITHOUT_REASON: &str = "suppression-without-reason";
/// The pseudo rules about suppressions, besides `unused-suppression`, with
/// their default severities and summaries.
pub const META_RULES: [(&str, Severity, &str); 2] = [
    (
        EXPIRED_SUPPRESSION,
        Severity::Warning,
        "A suppression past its `until` date: it silences nothing any more.",
    ),
    (
        SUPPRESSION_WITHOUT_REASON,
        Severity::Error,
        "A suppression that does not say why (reported with --require-reason).",
    ),
];

/// One suppression found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids it silences; empty for all rules.
    pub rules: Vec<String>,
    /// File bytes it covers (a finding starting inside is silenced).
    pub scope: Range<usize>,
    /// Where the directive itself is written.
    pub directive: Range<usize>,
    /// Why, as written after ` -- `.
    pub reason: Option<String>,
    /// Until when it holds, as written after `until`.
    pub until: Option<Until>,
}

/// A suppression's expiry date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Until {
    Date(Date),
    /// Written, but not a day (`2027-02-30`, `June`): treated as expired.
    Invalid(String),
}

impl Suppression {
    /// A suppression from a directive's tail: rule ids separated by spaces
    /// or commas, then optionally ` -- reason`, `, until YYYY-MM-DD`.
    pub fn parse(tail: &str, scope: Range<usize>, directive: Range<usize>) -> Suppression {
        let (rules, reason, until) = split_tail(tail);
        Suppression {
            rules: ids(rules),
            scope,
            directive,
            reason,
            until,
        }
    }

    /// Whether it no longer holds on `today`.
    pub fn expired(&self, today: Date) -> bool {
        match &self.until {
            None => false,
            Some(Until::Date(d)) => *d < today,
            Some(Until::Invalid(_)) => true,
        }
    }

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
    // Open `disable` blocks, their scope to be ended.
    let mut open: Vec<Suppression> = Vec::new();

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
            out.push(Suppression::parse(rest, line_start..line_end, start..end));
        } else if let Some(rest) = body.strip_prefix("replylint-disable-next-line") {
            let scope = next_line(text, end);
            out.push(Suppression::parse(rest, scope, start..end));
        } else if let Some(rest) = body.strip_prefix("replylint-disable") {
            open.push(Suppression::parse(rest, end..end, start..end));
        } else if let Some(rest) = body.strip_prefix("replylint-enable") {
            let enabling = ids(split_tail(rest).0);
            let mut k = 0;
            while k < open.len() {
                let matches = enabling.is_empty()
                    || open[k].rules.iter().any(|r| enabling.contains(r))
                    || open[k].rules.is_empty();
                if matches {
                    let mut s = open.remove(k);
                    s.scope.end = start;
                    out.push(s);
                } else {
                    k += 1;
                }
            }
        }
        i = end;
    }
    for mut s in open {
        s.scope.end = text.len();
        out.push(s);
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
            let directive = pos..pos + line.trim_end().len();
            if let Some(r) = rest.strip_prefix("ignore-file") {
                out.push(Suppression::parse(r, 0..text.len(), directive));
                directive_lines.push(line_range);
            } else if let Some(r) = rest.strip_prefix("ignore") {
                let scope = next_line(text, pos + line.len());
                out.push(Suppression::parse(r, scope, directive));
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
            out.push(Suppression::parse(r, 0..text.len(), directive));
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
        out.push(Suppression::parse(r, scope, directive));
    }
    out
}

/// Splits a directive's tail into its rule ids, its reason and its date.
fn split_tail(tail: &str) -> (&str, Option<String>, Option<Until>) {
    let Some((rules, why)) = tail.split_once("--") else {
        return (tail, None, None);
    };
    let why = why.trim();
    // `until DATE` ends the reason (or is all of it): at the start, after a
    // comma, or wherever a date follows it ("wait until the launch" is a
    // reason).
    let (reason, until) = match why.rfind("until ") {
        Some(at) if at == 0 || why[..at].ends_with(' ') => {
            let before = why[..at].trim_end();
            let date = why[at + "until ".len()..].trim();
            match Date::parse(date) {
                Some(d) => (before, Some(Until::Date(d))),
                None if at == 0 || before.ends_with([',', ';']) => {
                    (before, Some(Until::Invalid(date.to_string())))
                }
                None => (why, None),
            }
        }
        _ => (why, None),
    };
    let reason = reason.trim_end_matches([',', ';']).trim();
    let reason = (!reason.is_empty()).then(|| reason.to_string());
    (rules, reason, until)
}

/// Rule ids in a directive's tail: separated by spaces or commas.
fn ids(rest: &str) -> Vec<String> {
    rest.split([' ', ',', '\t', ';'])
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
    fn same_line_suppressions_take_a_reason_and_a_date() {
        let t = "- body: \"Calm down.\"  # replylint: ignore dismissive -- legal said so, until 2027-06-30\n";
        let at = t.find("Calm").unwrap();
        let value = at..at + 10;
        let s = scan_line_comments(t, std::slice::from_ref(&value));
        assert_eq!(s[0].rules, ["dismissive"]);
        assert_eq!(s[0].reason.as_deref(), Some("legal said so"));
        assert!(matches!(s[0].until, Some(Until::Date(_))));
        let (s, _) =
            scan("Calm down. <!-- replylint-disable-line dismissive -- a joke between us -->\n");
        assert_eq!(s[0].reason.as_deref(), Some("a joke between us"));
        assert!(s[0].covers("dismissive", 0));
    }

    #[test]
    fn reasons_and_expiry_dates() {
        let t = "# replylint: ignore blame -- agreed wording with legal, until 2027-06-30\nx\n\
                 <!-- replylint-disable-next-line threat -- until 2026-01-01 -->\ny\n\
                 replylint: ignore sarcasm, heated-language -- it is a joke\nz\n\
                 replylint: ignore shouting -- until June\nw\n\
                 replylint: ignore rudeness\nv";
        let (s, _) = scan(t);
        let day = |d| Some(Until::Date(Date::parse(d).unwrap()));
        assert_eq!(s[0].rules, ["blame"]);
        assert_eq!(s[0].reason.as_deref(), Some("agreed wording with legal"));
        assert_eq!(s[0].until, day("2027-06-30"));
        assert_eq!(
            (s[1].rules.clone(), s[1].reason.clone()),
            (vec!["threat".to_string()], None)
        );
        assert_eq!(s[1].until, day("2026-01-01"));
        assert_eq!(s[2].rules, ["sarcasm", "heated-language"]);
        assert_eq!(
            (s[2].reason.as_deref(), &s[2].until),
            (Some("it is a joke"), &None)
        );
        assert_eq!(s[3].until, Some(Until::Invalid("June".into())));
        assert_eq!((&s[4].reason, &s[4].until), (&None, &None));
        let june = Date::parse("2027-06-30").unwrap();
        let july = Date::parse("2027-07-01").unwrap();
        assert!(!s[0].expired(june));
        assert!(s[0].expired(july));
        assert!(s[3].expired(june), "an unreadable date does not hold");
        assert!(!s[4].expired(july));
        // A reason that merely mentions "until" keeps it.
        let (s, _) = scan("replylint: ignore blame -- wait until the launch\nx");
        assert_eq!(s[0].reason.as_deref(), Some("wait until the launch"));
    }

    #[test]
    fn unclosed_disable_runs_to_the_end() {
        let t = "<!-- replylint-disable -->\nanything";
        let (s, _) = scan(t);
        assert!(s[0].covers("x", t.len() - 1));
    }
}
