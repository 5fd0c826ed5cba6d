//! Running the learned sentence scorer on an analysed draft.
//!
//! The phrase groups and the Rust rules have run; the sentence model now
//! scores every sentence that is ours (not a quotation of the customer) for
//! every span rule it knows. A rule the phrases did not already find in that
//! sentence fires when its probability reaches the threshold chosen at
//! training time, and the finding underlines the run of words that carried
//! the score ([`crate::model::carrying_tokens`]).

use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::model::Model;
use crate::model::features::{Collector, DraftFacts, sentence_features};
use std::ops::Range;
use std::sync::Arc;

/// One model finding with what explains it.
#[derive(Debug, Clone)]
pub struct Scored {
    pub finding: Finding,
    pub score: f32,
    pub threshold: f32,
    /// The heaviest features, when asked for: name and contribution.
    pub reasons: Vec<(String, f32)>,
}

/// The sentence model's findings for `a`, given the findings so far.
/// `explain` also collects the features behind each finding.
pub fn span_findings(
    a: &Analysis<'_>,
    model: &Model<'_>,
    found: &[Finding],
    explain: bool,
) -> Vec<Scored> {
    let t = a.tokens();
    let clauses = a.token_clauses();
    let facts: DraftFacts = a.draft_facts(found);
    // Model rules that are loaded rules (a team may have removed some).
    let rules: Vec<(usize, usize)> = model
        .rules
        .iter()
        .enumerate()
        .filter_map(|(m, r)| a.catalog.rule_index(&r.id).map(|c| (m, c)))
        .collect();
    let mut out = Vec::new();
    for (s, range) in t.sentences.iter().enumerate() {
        if range.is_empty() {
            continue;
        }
        let span = t.tokens[range.start].span.start..t.tokens[range.end - 1].span.end;
        if a.in_quotes(&span) && quoted_whole(a, &span) {
            continue;
        }
        let mut names = Vec::new();
        let mut c = Collector::new(model.bits, explain.then_some(&mut names));
        sentence_features(
            t,
            clauses,
            s,
            &facts,
            a.context.as_ref().map(|c| c.tokens()),
            &mut c,
        );
        let features = c.features;
        let margin = crate::model::features::margin(
            a.context.is_some(),
            crate::model::features::sentence_words(t, s),
        );
        let scores = model.scores(&features);
        for &(m, rule) in &rules {
            let threshold = model.rules[m].threshold;
            if scores[m] - margin < threshold {
                continue;
            }
            let orig_sentence = a.orig_span(span.clone());
            let already = found.iter().any(|f| {
                f.rule == rule
                    && !f.veto
                    && f.span.start < orig_sentence.end
                    && orig_sentence.start < f.span.end
            });
            if already {
                continue;
            }
            let contributions = model.contributions(m, &features);
            let tokens = carrying_clause(a, &features, &contributions, range.clone());
            // A near-miss phrase of the rule in the words that carried the
            // score vetoes the finding.
            let carried = a.orig_span(words_of(a, tokens.clone()));
            let vetoed = found.iter().any(|f| {
                f.rule == rule && f.veto && f.span.start < carried.end && carried.start < f.span.end
            });
            if vetoed {
                continue;
            }
            // The rule's `[learned]` conditions, on the words that carried it.
            let norm_words = words_of(a, tokens.clone());
            if let Some(c) = &a.catalog.rules[rule].learned
                && a.check_conditions(c, &norm_words).is_err()
            {
                continue;
            }
            let words = words_of(a, tokens);
            let reasons = if explain {
                let mut r: Vec<(String, f32)> = names
                    .iter()
                    .cloned()
                    .zip(contributions.iter().copied())
                    .filter(|(_, c)| c.abs() > 1e-4)
                    .collect();
                r.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
                r.truncate(8);
                r
            } else {
                Vec::new()
            };
            let info = &a.catalog.rules[rule];
            let label = info.label.as_deref().unwrap_or("reads this way");
            out.push(Scored {
                finding: Finding {
                    label: Some(Arc::from(format!("{label} (learned, {:.2})", scores[m]))),
                    learned: true,
                    ..Finding::new(rule, a.orig_span(words))
                },
                score: scores[m],
                threshold,
                reasons,
            });
        }
    }
    out
}

/// The words to underline: the clause of the sentence whose tokens added
/// most to the score (a clause reads as a unit: "you clearly didn't read the
/// notes"), or, in a long clause, the run of tokens that carried it.
fn carrying_clause(
    a: &Analysis<'_>,
    features: &[crate::model::features::Feature],
    contributions: &[f32],
    sentence: Range<usize>,
) -> Range<usize> {
    let weights = crate::model::per_token(features, contributions, sentence.clone());
    let sum = |r: &Range<usize>| -> f32 { r.clone().map(|i| weights[i - sentence.start]).sum() };
    let best = a
        .token_clauses()
        .iter()
        .map(|c| c.tokens.clone())
        .filter(|r| r.start >= sentence.start && r.end <= sentence.end && !r.is_empty())
        .max_by(|x, y| sum(x).total_cmp(&sum(y)));
    match best {
        Some(c) if c.len() <= 10 && sum(&c) > 0.0 => c,
        Some(c) if sum(&c) > 0.0 => {
            crate::model::carrying_tokens(features, contributions, c.clone()).map_or(c, |r| {
                // At least three tokens, so the words read as a phrase.
                let start = r.start.saturating_sub(1).max(sentence.start);
                let end = (r.end + 1)
                    .min(sentence.end)
                    .max(start + 3.min(sentence.len()));
                start..end.min(sentence.end)
            })
        }
        _ => sentence,
    }
}

/// Whether every word of `span` lies in a quotation (the customer's words).
fn quoted_whole(a: &Analysis<'_>, span: &Range<usize>) -> bool {
    a.quoted
        .iter()
        .any(|q| q.start <= span.start && span.end <= q.end)
}

/// The normalized byte span of a token run, trimmed of punctuation at the
/// edges (a finding underlines words).
fn words_of(a: &Analysis<'_>, tokens: Range<usize>) -> Range<usize> {
    let t = a.tokens();
    let mut r = tokens.clone();
    while r.len() > 1 && !t.tokens[r.start].is_word() {
        r.start += 1;
    }
    while r.len() > 1
        && !t.tokens[r.end - 1].is_word()
        && t.tokens[r.end - 1].kind != crate::nlp::Kind::Symbol
    {
        r.end -= 1;
    }
    t.tokens[r.start].span.start..t.tokens[r.end - 1].span.end
}
