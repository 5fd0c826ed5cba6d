//! Scoring the linter against labeled drafts (`replylint eval`).
//!
//! A labeled corpus is JSON Lines, one draft per line, in the format of the
//! rule catalogue ("Labeled corpus format"):
//!
//! ```json
//! {"id": "d017", "text": "the draft", "context": "the customer message",
//!  "channel": "public", "expect": ["blame", "missing-apology"]}
//! ```
//!
//! `expect` lists every rule that should fire; `[]` marks a clean draft.
//! Optional `evidence` (`{"blame": ["you should have"]}`), `complaint` and
//! `impact` are read too: evidence feeds training, the context facts are
//! scored where the linter reports them. A team writes the same format from
//! its own history to see how replylint judges its replies.
//!
//! A rule fires on a draft when the linter reports at least one diagnostic
//! with its id (any severity). Per rule: precision, recall and F1 over
//! drafts; overall: micro-averaged F1 and the false-alarm rate, the share of
//! clean drafts with any error or warning. Labels of ids the linter does not
//! know are not scored (they are listed), so a corpus labeled with a newer
//! catalogue can still score an older linter on what it knows; "clean" then
//! means no label among the scored rules.

use crate::Channel;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::SourceError;
use crate::linter::{Draft, Linter, Settings};
use crate::reading::{ContextFacts, Read};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One labeled draft.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabeledDraft {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
    /// Every rule id that should fire; empty for a clean draft.
    pub expect: Vec<String>,
    /// The words that carry each span rule's label (exact substrings).
    #[serde(default)]
    pub evidence: BTreeMap<String, Vec<String>>,
    /// Complaint types of the context (catalogue v2 context facts).
    #[serde(default)]
    pub complaint: Option<Vec<String>>,
    /// `high` or `normal` (catalogue v2 context facts).
    #[serde(default)]
    pub impact: Option<String>,
    /// A free note from the author (not scored).
    #[serde(default)]
    pub note: Option<String>,
}

impl LabeledDraft {
    /// The draft as the linter takes it.
    pub fn draft(&self) -> Draft<'_> {
        Draft {
            text: &self.text,
            context: self.context.as_deref(),
            channel: self.channel,
        }
    }

    /// Whether the draft is labeled clean.
    pub fn is_clean(&self) -> bool {
        self.expect.is_empty()
    }
}

/// Parses a labeled corpus. Every bad line is reported (with its line and
/// column), not just the first; blank lines are skipped.
pub fn parse_corpus(path: &str, text: &str) -> Result<Vec<LabeledDraft>, Vec<SourceError>> {
    let shared: Arc<str> = Arc::from(text);
    let mut drafts = Vec::new();
    let mut errors = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            continue;
        }
        let error = |span: std::ops::Range<usize>, msg: String| {
            SourceError::new(path, shared.clone(), Some(span), msg)
        };
        match serde_json::from_str::<LabeledDraft>(body) {
            Ok(d) => {
                if let Some(prev) = ids.insert(d.id.clone(), n + 1) {
                    errors.push(
                        error(
                            start..start + body.len(),
                            format!("duplicate id `{}`", d.id),
                        )
                        .with_help(format!("line {prev} has the same id")),
                    );
                    continue;
                }
                for (rule, spans) in &d.evidence {
                    if let Some(s) = spans.iter().find(|s| !d.text.contains(s.as_str())) {
                        errors.push(error(
                            start..start + body.len(),
                            format!("evidence for `{rule}` is not in the text: {s:?}"),
                        ));
                    }
                }
                drafts.push(d);
            }
            Err(e) => {
                // serde_json counts columns in characters from 1.
                let col = body
                    .char_indices()
                    .nth(e.column().saturating_sub(1))
                    .map_or(body.len(), |(i, _)| i);
                let end = (col + 1).min(body.len()).max(col);
                errors.push(
                    error(
                        start + col..start + end,
                        format!("not a labeled draft: {e}"),
                    )
                    .with_label("here")
                    .with_help(
                        "each line is {\"id\", \"text\", \"expect\": [...]} with optional \
                             \"context\", \"channel\", \"evidence\", \"complaint\", \"impact\"",
                    ),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(drafts)
    } else {
        Err(errors)
    }
}

/// Counts for one rule over a corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// The counts of several rules (or types) added up: the micro average's input.
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Counts>) -> Counts {
        all.into_iter().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
        })
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
    /// Drafts labeled with the rule.
    pub fn support(&self) -> usize {
        self.tp + self.fn_
    }
}

/// Precision-style ratio that is 1 when nothing was asked (no label and no
/// finding: nothing went wrong).
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A draft where the linter and the label disagree on one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub id: String,
    pub rule: String,
    /// For a false alarm, the flagged words; for a miss, the evidence if any.
    pub words: Vec<String>,
    pub text: String,
}

/// The scores of one corpus.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub drafts: usize,
    pub clean: usize,
    /// Clean drafts with any error or warning.
    pub false_alarms: usize,
    pub per_rule: BTreeMap<String, Counts>,
    pub misses: Vec<Disagreement>,
    pub false_findings: Vec<Disagreement>,
    /// Labeled ids the linter does not know: not scored.
    pub unscored: BTreeMap<String, usize>,
    /// The corpus labels no catalogue v2 id: it was written for v1, so the
    /// v2 rules ([`V2_RULES`]) were not scored on it.
    pub v1_corpus: bool,
    /// The customer's situation read from the contexts, against the
    /// `complaint` and `impact` labels (empty when none is labeled or no
    /// context model is built in).
    pub context: ContextScores,
}

/// How well the context facts were read: complaint types as a multi-label
/// task (per type and micro-averaged over messages with a `complaint`
/// label), impact as accuracy over messages with an `impact` label.
#[derive(Debug, Clone, Default)]
pub struct ContextScores {
    /// Messages with a `complaint` label that the linter read.
    pub messages: usize,
    pub complaint: BTreeMap<String, Counts>,
    /// Messages with an `impact` label that the linter read.
    pub impact_labeled: usize,
    pub impact_right: usize,
    /// High-impact messages read as high (recall of `high`).
    pub impact_high: Counts,
}

impl ContextScores {
    /// Sum of the per-type counts.
    pub fn complaint_micro(&self) -> Counts {
        Counts::sum(self.complaint.values())
    }

    /// Share of impact labels read right.
    pub fn impact_accuracy(&self) -> f64 {
        ratio(self.impact_right, self.impact_labeled)
    }
}

/// The catalogue v2 rules about the reply as a whole. A corpus written
/// before them (none of its drafts carries one of these ids) says nothing
/// about them: its clean drafts were never checked for them.
pub const V2_RULES: &[&str] = &[
    "generic-reply",
    "making-it-about-us",
    "missing-acknowledgment",
    "no-next-step",
];

impl Scores {
    /// Sum of the per-rule counts.
    pub fn micro(&self) -> Counts {
        Counts::sum(self.per_rule.values())
    }

    /// Share of clean drafts with any error or warning.
    pub fn false_alarm_rate(&self) -> f64 {
        if self.clean == 0 {
            0.0
        } else {
            self.false_alarms as f64 / self.clean as f64
        }
    }
}

/// Which rules to score and how.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Score only these rule ids (all the linter knows when empty).
    pub rules: BTreeSet<String>,
}

/// Lints every draft (in parallel) and scores the findings against the labels.
pub fn score(
    linter: &Linter,
    settings: &Settings,
    drafts: &[LabeledDraft],
    options: &EvalOptions,
) -> Scores {
    use rayon::prelude::*;
    let (found, facts): (Vec<Vec<Diagnostic>>, Vec<Option<ContextFacts>>) = drafts
        .par_iter()
        .map(|d| {
            let labeled = d.context.is_some() && (d.complaint.is_some() || d.impact.is_some());
            if labeled {
                let (diags, reading) = linter.lint_and_read(&d.draft(), settings, None, Read::All);
                (diags, reading.context)
            } else {
                (linter.lint_with(&d.draft(), settings, None), None)
            }
        })
        .unzip();
    let mut s = score_findings(linter, drafts, &found, options);
    s.context = score_context(drafts, &facts);
    s
}

/// Scores the context facts read (one per draft, `None` where not read).
pub fn score_context(drafts: &[LabeledDraft], facts: &[Option<ContextFacts>]) -> ContextScores {
    let mut s = ContextScores::default();
    for (d, f) in drafts.iter().zip(facts) {
        let Some(f) = f else { continue };
        if let Some(labels) = &d.complaint {
            s.messages += 1;
            let read: BTreeSet<&str> = f.complaint.iter().map(|c| c.name.as_str()).collect();
            let want: BTreeSet<&str> = labels.iter().map(String::as_str).collect();
            for name in read.union(&want) {
                let c = s.complaint.entry(name.to_string()).or_default();
                match (want.contains(name), read.contains(name)) {
                    (true, true) => c.tp += 1,
                    (true, false) => c.fn_ += 1,
                    (false, true) => c.fp += 1,
                    (false, false) => {}
                }
            }
        }
        if let Some(impact) = &d.impact {
            s.impact_labeled += 1;
            let high = impact == "high";
            if high == f.high_impact() {
                s.impact_right += 1;
            }
            match (high, f.high_impact()) {
                (true, true) => s.impact_high.tp += 1,
                (true, false) => s.impact_high.fn_ += 1,
                (false, true) => s.impact_high.fp += 1,
                (false, false) => {}
            }
        }
    }
    s
}

/// Scores findings already made (one list per draft, in order).
pub fn score_findings(
    linter: &Linter,
    drafts: &[LabeledDraft],
    found: &[Vec<Diagnostic>],
    options: &EvalOptions,
) -> Scores {
    let v1_corpus = !drafts
        .iter()
        .any(|d| d.expect.iter().any(|e| V2_RULES.contains(&e.as_str())));
    let known: BTreeSet<&str> = linter
        .catalog()
        .rule_ids()
        .filter(|id| options.rules.is_empty() || options.rules.contains(*id))
        .filter(|id| !(v1_corpus && options.rules.is_empty() && V2_RULES.contains(id)))
        .collect();
    let mut s = Scores {
        drafts: drafts.len(),
        v1_corpus: v1_corpus && options.rules.is_empty(),
        ..Scores::default()
    };
    for id in &known {
        s.per_rule.insert(id.to_string(), Counts::default());
    }
    for (d, diags) in drafts.iter().zip(found) {
        let expected: BTreeSet<&str> = d.expect.iter().map(String::as_str).collect();
        for e in &expected {
            if !known.contains(e) && (options.rules.is_empty() || options.rules.contains(*e)) {
                *s.unscored.entry(e.to_string()).or_default() += 1;
            }
        }
        let mut fired: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for diag in diags {
            if known.contains(&*diag.rule) {
                let words = if diag.draft_level {
                    String::new()
                } else {
                    d.text.get(diag.span.clone()).unwrap_or("").to_string()
                };
                fired.entry(&diag.rule).or_default().push(words);
            }
        }
        // Clean for this scoring: no label among the scored rules (a draft
        // labeled only with ids the linter does not know is clean for it).
        if !expected.iter().any(|e| known.contains(e)) {
            s.clean += 1;
            if diags
                .iter()
                .any(|x| x.severity >= Severity::Warning && known.contains(&*x.rule))
            {
                s.false_alarms += 1;
            }
        }
        for rule in &known {
            let c = s.per_rule.get_mut(*rule).expect("inserted above");
            match (expected.contains(rule), fired.get(rule)) {
                (true, Some(_)) => c.tp += 1,
                (true, None) => {
                    c.fn_ += 1;
                    s.misses.push(Disagreement {
                        id: d.id.clone(),
                        rule: rule.to_string(),
                        words: d.evidence.get(*rule).cloned().unwrap_or_default(),
                        text: d.text.clone(),
                    });
                }
                (false, Some(words)) => {
                    c.fp += 1;
                    s.false_findings.push(Disagreement {
                        id: d.id.clone(),
                        rule: rule.to_string(),
                        words: words.iter().filter(|w| !w.is_empty()).cloned().collect(),
                        text: d.text.clone(),
                    });
                }
                (false, None) => {}
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(lines: &[&str]) -> Vec<LabeledDraft> {
        parse_corpus("t.jsonl", &lines.join("\n")).expect("valid corpus")
    }

    #[test]
    fn scores_hits_misses_and_false_alarms() {
        let linter = Linter::builtin().unwrap();
        let drafts = corpus(&[
            r#"{"id": "a", "text": "Calm down, it's not a big deal.", "expect": ["dismissive"]}"#,
            r#"{"id": "b", "text": "Thanks so much, glad you like it!", "expect": []}"#,
            r#"{"id": "c", "text": "Thanks so much, glad you like it!", "expect": ["sarcasm"]}"#,
            r#"{"id": "d", "text": "You are an idiot.", "expect": []}"#,
        ]);
        let s = score(&linter, linter.settings(), &drafts, &EvalOptions::default());
        assert_eq!(s.drafts, 4);
        assert_eq!(s.clean, 2);
        assert_eq!(s.false_alarms, 1, "d is clean but flagged");
        assert_eq!(s.per_rule["dismissive"].tp, 1);
        assert_eq!(s.per_rule["sarcasm"].fn_, 1);
        assert!(s.misses.iter().any(|m| m.id == "c" && m.rule == "sarcasm"));
        assert!(
            s.false_findings
                .iter()
                .any(|m| m.id == "d" && m.rule == "hostile-labeling")
        );
        let micro = s.micro();
        assert!(micro.f1() < 1.0 && micro.f1() > 0.0);
    }

    #[test]
    fn unknown_ids_are_listed_not_scored() {
        let linter = Linter::builtin().unwrap();
        let drafts = corpus(&[r#"{"id": "a", "text": "Fine.", "expect": ["team/no-jargon"]}"#]);
        let s = score(&linter, linter.settings(), &drafts, &EvalOptions::default());
        assert_eq!(s.unscored.get("team/no-jargon"), Some(&1));
        assert!(!s.per_rule.contains_key("team/no-jargon"));
    }

    #[test]
    fn every_bad_line_is_reported_with_its_place() {
        let text = "{\"id\": \"a\", \"text\": \"x\", \"expect\": []}\n\
                    {\"id\": \"b\", \"text\": \"x\"}\n\
                    \n\
                    {\"id\": \"a\", \"text\": \"y\", \"expect\": []}\n\
                    {\"id\": \"c\", \"text\": \"y\", \"expect\": [], \"evidence\": {\"blame\": [\"z\"]}}\n\
                    not json\n";
        let errors = parse_corpus("t.jsonl", text).unwrap_err();
        let lines: Vec<usize> = errors
            .iter()
            .filter_map(|e| e.line_col())
            .map(|p| p.0)
            .collect();
        assert_eq!(lines, vec![2, 4, 5, 6]);
        assert!(
            errors[0].message.contains("expect"),
            "{}",
            errors[0].message
        );
        assert!(errors[1].message.contains("duplicate id `a`"));
        assert!(errors[2].message.contains("evidence"));
    }

    #[test]
    fn context_facts_are_scored_against_their_labels() {
        let linter = Linter::builtin().unwrap();
        let drafts = corpus(&[
            r#"{"id": "a", "text": "Sorry!", "context": "You charged me twice for one order.", "expect": [], "complaint": ["billing"], "impact": "normal"}"#,
            r#"{"id": "b", "text": "Sorry!", "context": "The jug arrived cracked.", "expect": [], "complaint": ["packaging"], "impact": "high"}"#,
            r#"{"id": "c", "text": "Sorry!", "expect": []}"#,
        ]);
        let s = score(&linter, linter.settings(), &drafts, &EvalOptions::default());
        assert_eq!(
            s.context.messages, 2,
            "the draft without a context is not read"
        );
        assert_eq!(s.context.impact_labeled, 2);
        let c = &s.context;
        let labeled = c.complaint.get("billing").map_or(0, Counts::support)
            + c.complaint.get("packaging").map_or(0, Counts::support);
        assert_eq!(labeled, 2, "each label is a hit or a miss");
        let m = c.complaint_micro();
        assert_eq!(m.tp + m.fn_, 2, "two labels in all");
        assert!(m.tp + m.fp >= 2, "at least one type is read per message");
        assert_eq!(
            c.complaint["billing"].tp, 1,
            "a double charge reads as billing"
        );
        assert!(c.impact_accuracy() <= 1.0);
    }

    #[test]
    fn context_scores_count_hits_misses_and_wrong_types() {
        let drafts = corpus(&[
            r#"{"id": "a", "text": "x", "context": "m", "expect": [], "complaint": ["billing", "late"], "impact": "high"}"#,
            r#"{"id": "b", "text": "x", "context": "m", "expect": [], "complaint": ["damaged"], "impact": "normal"}"#,
        ]);
        let fact = |n: &str| crate::reading::Fact {
            name: n.into(),
            score: 0.9,
            words: vec![],
        };
        let read = |types: &[&str], impact: &str| {
            Some(ContextFacts {
                complaint: types.iter().map(|t| fact(t)).collect(),
                impact: fact(impact),
            })
        };
        let s = score_context(
            &drafts,
            &[
                read(&["billing"], "normal"),
                read(&["damaged", "defective"], "normal"),
            ],
        );
        assert_eq!(s.messages, 2);
        assert_eq!((s.complaint["billing"].tp, s.complaint["late"].fn_), (1, 1));
        assert_eq!(
            (s.complaint["damaged"].tp, s.complaint["defective"].fp),
            (1, 1)
        );
        let m = s.complaint_micro();
        assert_eq!((m.tp, m.fp, m.fn_), (2, 1, 1));
        assert_eq!((s.impact_right, s.impact_labeled), (1, 2));
        assert_eq!(s.impact_high.fn_, 1);
    }

    #[test]
    fn ratios_of_nothing_are_one() {
        let c = Counts::default();
        assert_eq!((c.precision(), c.recall(), c.f1()), (1.0, 1.0, 1.0));
    }
}
