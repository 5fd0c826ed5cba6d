//! Linting a whole [`Document`]: every draft, with findings mapped into the
//! file and inline suppressions applied.

use crate::Channel;
use crate::config::UNUSED_SUPPRESSION;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::input::Document;
use crate::linter::{Draft, Linter, Settings};
use crate::report::{FileReport, Finding};
use crate::suppress::{EXPIRED_SUPPRESSION, SUPPRESSION_WITHOUT_REASON, Suppression, Until};
use std::sync::Arc;

/// From this many drafts on, a document's drafts are linted in parallel.
const PARALLEL_DRAFTS: usize = 64;

/// Per-run inputs that apply to drafts that do not carry their own.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The customer message (`--context`).
    pub context: Option<String>,
    /// The channel (`--channel`).
    pub channel: Option<Channel>,
    /// Lint a document's drafts one after another on the calling thread,
    /// for callers that already lint several documents at once (the parts
    /// of a large library): splitting each part again only made the pool's
    /// threads sleep and wake thousands of times.
    pub sequential: bool,
    /// Leave the safe fixes' labels unchecked
    /// ([`Linter::lint_without_fix_check`]), for outputs that show neither
    /// suggestions nor fixes.
    pub skip_fix_check: bool,
    /// Report suppressions that give no reason (`--require-reason`).
    pub require_reason: bool,
    /// The day expiry dates are compared with (`None`: today, UTC).
    pub today: Option<Date>,
    /// Which drafts to read (heat, the customer's situation) for the
    /// output: all by default.
    pub read: crate::reading::Read,
}

/// Lints every draft of `doc`, maps the findings into the file, applies the
/// file's suppressions and reports the unused ones.
pub fn lint_document(
    linter: &Linter,
    settings: &Settings,
    doc: &Document,
    opts: &CheckOptions,
) -> FileReport {
    // Lints one draft and appends its findings, mapped into the file, to `out`.
    let lint_into = |out: &mut Vec<Finding>,
                     (index, d): (usize, &crate::input::DraftSource)|
     -> crate::reading::Reading {
        let draft = Draft {
            text: &d.text,
            context: d.context.as_deref().or(opts.context.as_deref()),
            channel: d.channel.or(opts.channel),
        };
        let len = doc.text.len();
        let (found, reading) = if opts.skip_fix_check {
            linter.lint_and_read_without_fix_check(&draft, settings, opts.read)
        } else {
            linter.lint_and_read(&draft, settings, None, opts.read)
        };
        out.extend(found.into_iter().map(|mut diag| {
            let fixes = diag
                .suggestions
                .iter()
                .enumerate()
                .filter_map(|(i, s)| crate::fix::Fix::place(&doc.text, d, s, i))
                .collect();
            let span = d.map.map_span(diag.span.clone());
            diag.span = floor(&doc.text, span.start.min(len))..floor(&doc.text, span.end.min(len));
            Finding {
                diagnostic: diag,
                draft: d.id.clone(),
                draft_index: index,
                fixes,
            }
        }));
        let mut reading = reading;
        if let Some(t) = &mut reading.tone {
            for sh in &mut t.sentences {
                let span = d.map.map_span(sh.byte_start..sh.byte_end);
                sh.byte_start = span.start.min(len);
                sh.byte_end = span.end.min(len);
            }
        }
        reading
    };
    let mut readings = Vec::with_capacity(doc.drafts.len());
    // A library's drafts are independent: lint them on all cores, keeping
    // their order.
    let mut findings: Vec<Finding> = if doc.drafts.len() >= PARALLEL_DRAFTS && !opts.sequential {
        use rayon::prelude::*;
        // A vector per draft, gathered at the final size: a vector per
        // thread would grow by doubling, copying its findings each time.
        let per_draft: Vec<(Vec<Finding>, crate::reading::Reading)> = doc
            .drafts
            .par_iter()
            .enumerate()
            .map(|draft| {
                let mut out = Vec::new();
                let reading = lint_into(&mut out, draft);
                (out, reading)
            })
            .collect();
        let mut all = Vec::with_capacity(per_draft.iter().map(|x| x.0.len()).sum());
        for (findings, reading) in per_draft {
            all.extend(findings);
            readings.push(reading);
        }
        all
    } else {
        // On one thread, straight into one vector: no vector per draft.
        let mut out = Vec::with_capacity(doc.drafts.len());
        for draft in doc.drafts.iter().enumerate() {
            readings.push(lint_into(&mut out, draft));
        }
        out
    };

    // Suppressions: drop what they cover (those past their date cover
    // nothing), then report the ones that covered nothing, the expired ones
    // and, if asked, the ones without a reason.
    let today = opts.today.unwrap_or_else(Date::today);
    let expired: Vec<bool> = doc.suppressions.iter().map(|s| s.expired(today)).collect();
    let mut used = vec![false; doc.suppressions.len()];
    findings.retain(|f| {
        let mut keep = true;
        for (i, s) in doc.suppressions.iter().enumerate() {
            if !expired[i] && s.covers(&f.diagnostic.rule, f.diagnostic.span.start) {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    let severity =
        |rule: &str, default: Severity| settings.severity.get(rule).copied().unwrap_or(default);
    let report_unused = !settings.disabled.contains(UNUSED_SUPPRESSION);
    let report_expired = !settings.disabled.contains(EXPIRED_SUPPRESSION);
    let known: Vec<&str> = linter.catalog().rule_ids().collect();
    for (i, s) in doc.suppressions.iter().enumerate() {
        if opts.require_reason && s.reason.is_none() {
            findings.push(about(
                s,
                SUPPRESSION_WITHOUT_REASON,
                severity(SUPPRESSION_WITHOUT_REASON, Severity::Error),
                "this suppression does not say why",
                "no reason given".to_string(),
                "Say why after ` -- `: `replylint: ignore blame -- agreed wording with legal`.",
            ));
        }
        if expired[i] {
            if report_expired {
                let (message, label) = match &s.until {
                    Some(Until::Invalid(d)) => (
                        "this suppression's expiry date is not a day",
                        format!("`{d}` is not a date (YYYY-MM-DD); it silences nothing"),
                    ),
                    _ => (
                        "this suppression has expired",
                        match &s.reason {
                            Some(r) => format!("expired; it was: {r}"),
                            None => "expired: it silences nothing any more".to_string(),
                        },
                    ),
                };
                findings.push(about(
                    s,
                    EXPIRED_SUPPRESSION,
                    severity(EXPIRED_SUPPRESSION, Severity::Warning),
                    message,
                    label,
                    "Fix what it silenced, or agree on it again with a new `until` date.",
                ));
            }
            continue;
        }
        if used[i] || !report_unused {
            continue;
        }
        let unknown: Vec<&String> = s
            .rules
            .iter()
            .filter(|r| !known.contains(&r.as_str()))
            .collect();
        let label = if unknown.is_empty() {
            "silences nothing here".to_string()
        } else {
            format!(
                "unknown rule {}",
                unknown
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        findings.push(about(
            s,
            UNUSED_SUPPRESSION,
            severity(UNUSED_SUPPRESSION, Severity::Info),
            "this suppression silences nothing",
            label,
            "Remove it, or name the rule it is meant for.",
        ));
    }

    findings.sort_by(|a, b| a.diagnostic.sort_key().cmp(&b.diagnostic.sort_key()));
    FileReport {
        path: doc.path.clone(),
        text: doc.text.clone(),
        base: crate::report::Base::default(),
        drafts: doc.drafts.len(),
        draft_names: draft_names(doc),
        findings,
        fail_on: Severity::Error,
        hidden: Default::default(),
        readings,
    }
}

/// A finding about a suppression directive itself.
fn about(
    s: &Suppression,
    rule: &str,
    severity: Severity,
    message: &str,
    label: String,
    help: &str,
) -> Finding {
    Finding {
        diagnostic: Diagnostic {
            rule: Arc::from(rule),
            severity,
            message: Arc::from(message),
            label: Arc::from(label),
            help: Arc::from(help),
            span: s.directive.clone(),
            draft_level: false,
            suggestions: Vec::new(),
        },
        draft: None,
        draft_index: 0,
        fixes: Vec::new(),
    }
}

/// A name for each draft of `doc` (see [`FileReport::draft_names`]).
fn draft_names(doc: &Document) -> Vec<String> {
    let single = doc.drafts.len() == 1;
    doc.drafts
        .iter()
        .enumerate()
        .map(|(i, d)| match &d.id {
            Some(id) => id.to_string(),
            None if single => doc.path.clone(),
            None => format!("draft {}", i + 1),
        })
        .collect()
}

fn floor(text: &str, at: usize) -> usize {
    crate::span::floor_char_boundary(text, at)
}
