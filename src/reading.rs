//! What replylint reads from a draft besides its findings: the customer's
//! situation (complaint type and impact, from the context) and how hot the
//! draft reads overall (`heat`).
//!
//! Both come from small linear models trained by `replylint-train` (the
//! context model on the labeled corpus's `complaint` and `impact`, the tone
//! model on the labeled drafts and on requests people rated for politeness)
//! and embedded from `lints/models/`. Each fact carries the words that moved
//! it, so a person can check it: "damaged (cracked jug)", "heat 78: idiot
//! +2.9, !! +1.1".

use crate::analysis::Analysis;
use crate::context::ContextInfo;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::model::features::{Collector, Feature, context_features, tone_features};
use crate::nlp::token::Tokens;
use std::ops::Range;

/// The customer's situation, read from the context.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ContextFacts {
    /// One or more complaint types (the catalogue's context facts), most
    /// likely first.
    pub complaint: Vec<Fact>,
    /// `high` or `normal`.
    pub impact: Fact,
}

impl ContextFacts {
    /// Whether the impact is high.
    pub fn high_impact(&self) -> bool {
        self.impact.name == "high"
    }

    /// The complaint types, comma-separated ("damaged, late").
    pub fn complaint_names(&self) -> String {
        let names: Vec<&str> = self.complaint.iter().map(|f| f.name.as_str()).collect();
        names.join(", ")
    }
}

/// One fact with the model's probability and the words that carried it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Fact {
    pub name: String,
    pub score: f32,
    /// Words of the customer's message, as typed.
    pub words: Vec<String>,
}

/// How hot a draft reads: 0 (calm, warm) to 100 (will escalate).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tone {
    pub heat: u8,
    /// `calm`, `warm`, `tense` or `hot`.
    pub word: &'static str,
    /// The words that moved the heat most, each with what it added to the
    /// log-odds (positive heats, negative cools), heaviest first.
    pub contributors: Vec<Contributor>,
    /// Each sentence's heat, with its byte span in the draft.
    pub sentences: Vec<SentenceHeat>,
}

/// A word (or a pair of words, or a class such as capitals) and its weight;
/// or a finding of the draft, with its rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contributor {
    pub words: String,
    pub weight: f32,
    /// The rule, when the contributor is a finding (its words are the
    /// finding's words, or the rule id for a finding about the whole draft).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// What a finding adds to the heat's log-odds: an error +2, a warning +1,
/// an info nothing; each rule counts once per draft (and once per sentence
/// for a sentence's heat). The word model alone reads only words: it cannot
/// see that a reply to a wedding-present disaster never apologizes, which
/// is what makes real bad replies escalate. Measured (docs/heat.md): the
/// published replies of `incidents_dev` (67, with their context), bad above
/// good, ROC AUC 0.73 without the findings and 0.84 with (the weights were
/// chosen there: +1/+0.5 gave 0.80, +3/+1.5 0.84); the rated Wikipedia
/// requests, out of fold and leaving out those the sentence model trains
/// on, 0.917 without and 0.915 with; brand support tweets at heat 50 or
/// more 12.6 % without, 13.0 % with.
pub fn finding_weight(severity: Severity) -> f32 {
    match severity {
        Severity::Error => 2.0,
        Severity::Warning => 1.0,
        Severity::Info => 0.0,
    }
}

/// The findings a heat adds up: each rule once, at its highest severity.
fn finding_contributors<'d>(
    findings: impl Iterator<Item = &'d Diagnostic>,
    text: &str,
) -> Vec<Contributor> {
    let mut out: Vec<Contributor> = Vec::new();
    for d in findings {
        let weight = finding_weight(d.severity);
        if weight == 0.0 || &*d.rule == "heat" {
            continue;
        }
        let words = if d.draft_level {
            d.rule.to_string()
        } else {
            text.get(d.span.clone()).unwrap_or("").to_string()
        };
        match out.iter_mut().find(|c| c.rule.as_deref() == Some(&*d.rule)) {
            Some(c) if c.weight < weight => {
                c.weight = weight;
                c.words = words;
            }
            Some(_) => {}
            None => out.push(Contributor {
                words,
                weight,
                rule: Some(d.rule.to_string()),
            }),
        }
    }
    out
}

/// One sentence's heat.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SentenceHeat {
    pub byte_start: usize,
    pub byte_end: usize,
    pub heat: u8,
}

/// Everything read from one draft.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Reading {
    pub context: Option<ContextFacts>,
    pub tone: Option<Tone>,
}

/// The word for a heat: below 25 calm, below 50 warm... the thresholds are
/// the quarters of the scale, and "warm" is deliberately mild: a firm,
/// polite reply lands there.
pub fn heat_word(heat: u8) -> &'static str {
    match heat {
        0..=24 => "calm",
        25..=49 => "warm",
        50..=74 => "tense",
        _ => "hot",
    }
}

/// Which drafts a caller wants read. Reading costs a tenth of a draft's
/// lint, so outputs that never show it (compact, SARIF...) skip it; the
/// human output shows it only for drafts with findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Read {
    /// Every draft (`--format json`, `replylint serve`).
    #[default]
    All,
    /// Only drafts with findings (the human output, editors).
    WithFindings,
    /// None (the context facts are still read where they change a
    /// finding, and the heat where `--max-heat` needs it).
    Nothing,
}

/// The context facts, when a customer message is given (and a context
/// model is built in).
pub fn context_of(a: &Analysis<'_>) -> Option<ContextFacts> {
    a.context
        .as_ref()
        .and_then(|c| crate::model::builtin::context().map(|m| context_facts(c, m)))
}

/// The draft's tone, when a tone model is built in; `findings` are the
/// draft's findings (they add to the heat, see [`finding_weight`]).
pub fn tone_of(a: &Analysis<'_>, findings: &[Diagnostic]) -> Option<Tone> {
    crate::model::builtin::tone().map(|m| tone(a, m, findings))
}

/// The complaint types above their thresholds (at least the likeliest one)
/// and the impact.
pub fn context_facts(c: &ContextInfo, model: &Model<'_>) -> ContextFacts {
    let t = c.tokens();
    let mut col = Collector::new(model.bits, None);
    context_features(t, &c.situation, &mut col);
    let features = col.features;
    let scores = model.scores(&features);
    let fact = |r: usize, name: &str| Fact {
        name: name.to_string(),
        score: scores[r],
        words: carrying_words(c, t, model, r, &features),
    };
    let mut complaint: Vec<(usize, &str)> = model
        .rules
        .iter()
        .enumerate()
        .filter_map(|(r, m)| m.id.strip_prefix("complaint:").map(|n| (r, n)))
        .collect();
    complaint.sort_by(|x, y| scores[y.0].total_cmp(&scores[x.0]));
    let mut chosen: Vec<Fact> = complaint
        .iter()
        .filter(|(r, _)| scores[*r] >= model.rules[*r].threshold)
        .map(|&(r, n)| fact(r, n))
        .collect();
    // `other` is for a message that fits no type: next to a type, it says
    // nothing more.
    if chosen.iter().any(|f| f.name != "other") {
        chosen.retain(|f| f.name != "other");
    }
    if chosen.is_empty() {
        if let Some(&(r, n)) = complaint.first() {
            chosen.push(fact(r, n));
        }
    }
    let impact = match model.rule("impact:high") {
        Some(r) if scores[r] >= model.rules[r].threshold => fact(r, "high"),
        Some(r) => Fact {
            name: "normal".into(),
            score: 1.0 - scores[r],
            words: Vec::new(),
        },
        None => Fact {
            name: "normal".into(),
            score: 0.0,
            words: Vec::new(),
        },
    };
    ContextFacts {
        complaint: chosen,
        impact,
    }
}

/// Up to three words (or runs of words) of the message that added most to
/// fact `r`, in the order they appear.
fn carrying_words(
    c: &ContextInfo,
    t: &Tokens,
    model: &Model<'_>,
    r: usize,
    features: &[Feature],
) -> Vec<String> {
    let contributions = model.contributions(r, features);
    let per_token = crate::model::per_token(features, &contributions, 0..t.len());
    let mut best: Vec<usize> = (0..t.len())
        .filter(|&i| {
            use crate::nlp::tagger::Upos;
            t.tokens[i].kind == crate::nlp::Kind::Number
                || t.tokens[i].is_word()
                    && matches!(
                        t.tokens[i].tag,
                        Upos::Noun | Upos::Propn | Upos::Adj | Upos::Verb | Upos::Num | Upos::Adv
                    )
        })
        .filter(|&i| per_token[i] > 0.05)
        .collect();
    best.sort_by(|&x, &y| per_token[y].total_cmp(&per_token[x]));
    best.truncate(3);
    best.sort_unstable();
    best.iter()
        .map(|&i| {
            let span = c.norm.span_to_orig(&c.orig, t.tokens[i].span.clone());
            c.orig.get(span).unwrap_or("").to_string()
        })
        .collect()
}

/// The heat of a unit: the tone model's probability, with what the
/// findings add to its log-odds, as 0-100.
fn heat_of(model: &Model<'_>, features: &[Feature], findings: &[Contributor]) -> u8 {
    let logit = model.log_odds(features)[0] + findings.iter().map(|c| c.weight).sum::<f32>();
    (crate::model::sigmoid(logit) * 100.0)
        .round()
        .clamp(0.0, 100.0) as u8
}

/// The draft's heat, its three heaviest contributors and each sentence's
/// heat.
pub fn tone(a: &Analysis<'_>, model: &Model<'_>, findings: &[Diagnostic]) -> Tone {
    let t = a.tokens();
    let mut col = Collector::new(model.bits, None);
    tone_features(t, 0..t.len(), &mut col);
    let features = col.features;
    let found = finding_contributors(findings.iter(), a.orig);
    let heat = heat_of(model, &features, &found);
    let contributions = model.contributions(0, &features);
    // Contributions by what a person reads: the words each feature came
    // from (a pair counts as its two words; a class as its word).
    let mut by_words: Vec<(String, f32, Option<String>)> = Vec::new();
    for (f, &c) in features.iter().zip(&contributions) {
        let r = f.tokens.start as usize..f.tokens.end as usize;
        if r.is_empty() || c.abs() < 1e-3 {
            continue;
        }
        let span = t.tokens[r.start].span.start..t.tokens[r.end - 1].span.end;
        let words = a.orig.get(a.orig_span(span)).unwrap_or("").to_string();
        match by_words.iter_mut().find(|(w, _, _)| *w == words) {
            Some(slot) => slot.1 += c,
            None => by_words.push((words, c, None)),
        }
    }
    by_words.extend(
        found
            .iter()
            .map(|f| (f.words.clone(), f.weight, f.rule.clone())),
    );
    // Single words first: a pair that only repeats its words' weight adds
    // nothing a person can use.
    by_words.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then_with(|| x.0.cmp(&y.0)));
    let mut contributors: Vec<Contributor> = Vec::new();
    for (w, c, rule) in by_words {
        if contributors.len() == 3 {
            break;
        }
        // Only what pushes the heat the way it went (hot: what heats).
        if (heat >= 50) != (c > 0.0) {
            continue;
        }
        contributors.push(Contributor {
            words: w,
            weight: (c * 100.0).round() / 100.0,
            rule,
        });
    }
    let sentences = t
        .sentences
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            let mut col = Collector::new(model.bits, None);
            tone_features(t, r.clone(), &mut col);
            let span = a.orig_span(t.tokens[r.start].span.start..t.tokens[r.end - 1].span.end);
            let inside = findings
                .iter()
                .filter(|d| !d.draft_level && d.span.start >= span.start && d.span.end <= span.end);
            SentenceHeat {
                byte_start: span.start,
                byte_end: span.end,
                heat: heat_of(model, &col.features, &finding_contributors(inside, a.orig)),
            }
        })
        .collect();
    Tone {
        heat,
        word: heat_word(heat),
        contributors,
        sentences,
    }
}

/// The byte span of the hottest sentence (the anchor of a `heat` finding).
pub fn hottest_sentence(tone: &Tone) -> Option<Range<usize>> {
    tone.sentences
        .iter()
        .max_by_key(|s| (s.heat, std::cmp::Reverse(s.byte_start)))
        .map(|s| s.byte_start..s.byte_end)
}

/// What fixes each complaint type, for the help of the draft-level rules
/// (the catalogue's remedies: damaged, a replacement or a return label...).
pub fn remedy(complaint: &str) -> Option<&'static str> {
    Some(match complaint {
        "damaged" => "offer a replacement or a return label",
        "missing-parts" => "ship the part",
        "substitution" => "offer the original or a refund",
        "not-as-advertised" => "offer a refund",
        "defective" => "offer a repair, a replacement or a refund",
        "low-quality" => "offer a replacement or a refund",
        "packaging" => "check the item and offer a replacement if it suffered",
        "late" => "say when it will arrive and what you'll do if it doesn't",
        "billing" => "say what you've refunded or corrected and when it reaches them",
        "service" => "say what you'll do about it",
        "access" => "say what you've restored or when it will be back",
        _ => return None,
    })
}
