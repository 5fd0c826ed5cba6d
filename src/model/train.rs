//! Training the learned scorers (`replylint-train`, feature `train`).
//!
//! Data (all in the repository, see `data/README.md`):
//!
//! * labeled batches, `data/corpus/*.jsonl` (the catalogue's labeled-corpus
//!   format with `evidence`: the words that carry each span rule). A
//!   sentence is a positive for a rule when it holds that rule's evidence, a
//!   negative when its draft is not labeled with the rule, and unused
//!   otherwise (another sentence of the draft carries the label);
//! * sentences written for single rules, `data/phrasebook/*.jsonl`
//!   (`{"rule", "text", "label"}`): a positive for its rule, or with label 0
//!   a negative for every rule;
//! * real replies presumed clean, `data/negatives/*.jsonl` (`{"id", "text"}`):
//!   negatives for every rule, weighted down (a few may be bad).
//!
//! The learner is a logistic regression per rule over hashed features,
//! trained by AdaGrad in a fixed order from a fixed seed, single-threaded:
//! the same data gives the same model, bit for bit. Thresholds are chosen
//! on out-of-fold predictions (each batch is scored by a model trained
//! without it, together with the phrase layer's verdict on the draft), for
//! F-beta with beta < 1 (precision counts more than recall). The model
//! written is trained on everything; its weights are quantized to one signed
//! byte per rule and bucket.

use super::features::Feature;
use super::{Model, ModelRule, sigmoid};
use crate::eval::LabeledDraft;
use crate::linter::{Draft, Linter, TrainingView};
use std::collections::BTreeMap;

/// How to train.
#[derive(Debug, Clone)]
pub struct Options {
    pub sentence_bits: u32,
    pub draft_bits: u32,
    pub context_bits: u32,
    pub tone_bits: u32,
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub folds: usize,
    /// F-beta used to choose thresholds (beta < 1 favours precision).
    pub beta: f64,
    /// Weight of a request rated for politeness in the tone model.
    pub tone_real_weight: f32,
    /// F-beta for the catalogue v2 draft-level rules: they are warnings on
    /// what a reply lacks, and half the labeled drafts lack something, so a
    /// plain threshold fires on most real replies (the incidents' good ones).
    pub v2_beta: f64,
    /// Weight of a presumed-clean real reply as a negative.
    pub negative_weight: f32,
    /// Upper bound of a positive's weight (sqrt of negatives / positives):
    /// 1 leaves the classes as they are, which keeps a sentence with
    /// little evidence near the low base rate.
    pub max_pos_weight: f64,
    /// How much more a false finding on a clean draft costs when
    /// thresholds are chosen (false alarms are what gets a linter removed).
    pub clean_fp_weight: f64,
    /// Out-of-fold precision a span rule's threshold must reach (phrase
    /// layer included), where that keeps half its best F-beta.
    pub min_precision: f64,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sentence_bits: 18,
            draft_bits: 17,
            context_bits: 16,
            tone_bits: 20,
            epochs: 8,
            learning_rate: 0.2,
            l2: 1e-6,
            folds: 5,
            beta: 0.7,
            v2_beta: 0.5,
            tone_real_weight: 4.0,
            negative_weight: 0.5,
            max_pos_weight: 1.0,
            clean_fp_weight: 1.0,
            min_precision: 0.0,
            seed: 0x5eed_2026,
        }
    }
}

/// The span rules the sentence model scores and the draft-level rules the
/// draft model decides (each with the fact that gates it).
pub const SPAN_RULES: &[&str] = &[
    "abandonment",
    "arguing",
    "blame",
    "condescension",
    "contradicting-customer",
    "dismissive",
    "heated-language",
    "hostile-labeling",
    "making-it-about-us",
    "non-apology",
    "public-details",
    "refusal-without-alternative",
    "rudeness",
    "sarcasm",
    "scolding",
    "shouting",
    "threat",
];
/// The draft model's one target: whether the draft is a **problem reply**
/// (the corpus convention: it answers a complaint or admits a problem), the
/// judgment `missing-apology` and `no-invitation` share. A draft without an
/// apology tells it by its `missing-apology` label, one without an
/// invitation by its `no-invitation` label; one with both tells nothing.
///
/// The catalogue v2 draft-level rules are learned as they are labeled: the
/// draft breaks the rule or not (`generic-reply` only where a context is
/// given); their code rules add the gates the catalogue states.
pub const DRAFT_RULES: &[&str] = &[
    "problem-reply",
    "missing-acknowledgment",
    "no-next-step",
    "generic-reply",
];

/// The context model's targets: each complaint type of the catalogue's
/// context facts, and whether the impact is high.
pub const CONTEXT_FACTS: &[&str] = &[
    "complaint:not-as-advertised",
    "complaint:low-quality",
    "complaint:packaging",
    "complaint:substitution",
    "complaint:missing-parts",
    "complaint:damaged",
    "complaint:defective",
    "complaint:late",
    "complaint:billing",
    "complaint:service",
    "complaint:access",
    "complaint:other",
    "impact:high",
];

/// The span rules whose labels make a draft read hot for the tone model
/// (`heat`): what escalates a conversation, not what a reply lacks.
pub const HOT_RULES: &[&str] = &[
    "abandonment",
    "arguing",
    "blame",
    "condescension",
    "contradicting-customer",
    "dismissive",
    "heated-language",
    "hostile-labeling",
    "making-it-about-us",
    "rudeness",
    "sarcasm",
    "scolding",
    "shouting",
    "threat",
];

/// A request rated by people for politeness (the tone model's real data).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ToneExample {
    pub id: String,
    pub text: String,
    pub polite: bool,
}

/// A sentence-level phrasebook entry.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhrasebookEntry {
    pub rule: String,
    pub text: String,
    pub label: u8,
}

/// A real reply presumed clean.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Negative {
    pub id: String,
    pub text: String,
}

/// Everything the trainer reads.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Labeled drafts with the index of the batch (file) each comes from.
    pub drafts: Vec<(usize, LabeledDraft)>,
    pub batches: Vec<String>,
    pub phrasebook: Vec<PhrasebookEntry>,
    pub negatives: Vec<Negative>,
    pub tone: Vec<ToneExample>,
}

/// One training example: features, a label per rule (-1 unknown), a weight.
#[derive(Debug, Clone)]
struct Example {
    features: Vec<(u32, f32)>,
    labels: Vec<i8>,
    weight: f32,
    fold: usize,
    /// What the linter takes off this sentence's scores before comparing
    /// them with the threshold ([`crate::scorer::margin`]).
    margin: f32,
}

/// Float weights of a model being trained.
#[derive(Debug, Clone)]
struct Weights {
    n: usize,
    w: Vec<f32>,
    bias: Vec<f32>,
}

impl Weights {
    fn score(&self, f: &[(u32, f32)], r: usize) -> f32 {
        let mut z = self.bias[r];
        for &(b, v) in f {
            z += self.w[b as usize * self.n + r] * v;
        }
        sigmoid(z)
    }
}

/// A small, fixed pseudo-random generator (xorshift64*): training must not
/// depend on the platform's generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains one logistic regression per rule on `examples` (those of folds
/// other than `skip`).
fn fit(examples: &[Example], n: usize, bits: u32, o: &Options, skip: Option<usize>) -> Weights {
    let size = (1usize << bits) * n;
    let mut wt = Weights {
        n,
        w: vec![0.0; size],
        bias: vec![0.0; n],
    };
    let mut g2 = vec![0f32; size];
    let mut gb = vec![0f32; n];
    let mut order: Vec<usize> = (0..examples.len())
        .filter(|&i| Some(examples[i].fold) != skip)
        .collect();
    // Class balance per rule: positives count sqrt(negatives / positives).
    let mut pos = vec![0f64; n];
    let mut neg = vec![0f64; n];
    for &i in &order {
        for (r, &y) in examples[i].labels.iter().enumerate() {
            match y {
                1 => pos[r] += 1.0,
                0 => neg[r] += 1.0,
                _ => {}
            }
        }
    }
    let pos_weight: Vec<f32> = (0..n)
        .map(|r| {
            ((neg[r] / pos[r].max(1.0))
                .sqrt()
                .clamp(1.0, o.max_pos_weight)) as f32
        })
        .collect();
    let mut rng = Rng(o.seed);
    for _ in 0..o.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &examples[i];
            for (r, &y) in ex.labels.iter().enumerate() {
                if y < 0 {
                    continue;
                }
                let p = wt.score(&ex.features, r);
                let cw = if y == 1 { pos_weight[r] } else { 1.0 };
                let g = (p - f32::from(y)) * cw * ex.weight;
                gb[r] += g * g;
                wt.bias[r] -= o.learning_rate * g / (gb[r].sqrt() + 1e-6);
                for &(b, v) in &ex.features {
                    let k = b as usize * n + r;
                    let grad = g * v + o.l2 * wt.w[k];
                    g2[k] += grad * grad;
                    wt.w[k] -= o.learning_rate * grad / (g2[k].sqrt() + 1e-6);
                }
            }
        }
    }
    wt
}

/// Quantizes float weights to a model (one byte per rule and bucket).
fn quantize(wt: &Weights, ids: &[&str], thresholds: &[f32], bits: u32) -> Vec<u8> {
    let n = wt.n;
    let mut scale = vec![0f32; n];
    for (k, &w) in wt.w.iter().enumerate() {
        let r = k % n;
        scale[r] = scale[r].max(w.abs());
    }
    let scale: Vec<f32> = scale
        .iter()
        .map(|s| if *s > 0.0 { s / 127.0 } else { 1.0 })
        .collect();
    let q: Vec<i8> =
        wt.w.iter()
            .enumerate()
            .map(|(k, &w)| (w / scale[k % n]).round().clamp(-127.0, 127.0) as i8)
            .collect();
    let rules: Vec<ModelRule> = (0..n)
        .map(|r| ModelRule {
            id: ids[r].to_string(),
            bias: wt.bias[r],
            scale: scale[r],
            threshold: thresholds[r],
        })
        .collect();
    Model::to_bytes(bits, &rules, &q)
}

/// Per rule: out-of-fold scores and what the threshold search needs.
#[derive(Debug, Clone, Default)]
pub struct RuleReport {
    pub id: String,
    pub threshold: f32,
    /// Out-of-fold counts at the chosen threshold, phrase layer included.
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// The same with the phrase layer alone.
    pub phrase_tp: usize,
    pub phrase_fp: usize,
    pub phrase_fn: usize,
    /// The heaviest features of the final model, name and weight.
    pub top: Vec<(String, f32)>,
}

/// What training produced.
#[derive(Debug, Clone)]
pub struct Trained {
    pub sentence_model: Vec<u8>,
    pub draft_model: Vec<u8>,
    pub context_model: Vec<u8>,
    pub tone_model: Vec<u8>,
    pub span: Vec<RuleReport>,
    pub draft: Vec<RuleReport>,
    pub context: Vec<RuleReport>,
    /// The tone model's out-of-fold ROC AUC: on the rated requests, on the
    /// labeled drafts.
    pub tone_auc: (f64, f64),
    /// Out-of-fold log-odds of each rated request (`Data::tone` order).
    pub tone_oof: Vec<f64>,
    /// Out-of-fold: labeled drafts with no span-rule, apology or invitation
    /// label that a span rule flags, and how many such drafts there are.
    pub clean_false_alarms: (usize, usize),
    pub examples: (usize, usize),
}

/// The drafts' views, computed once (in parallel: each is independent, and
/// the order of the result is the order of the drafts).
type Views = (
    Vec<TrainingView>,
    Vec<TrainingView>,
    Vec<TrainingView>,
    Vec<TrainingView>,
);

fn views(linter: &Linter, data: &Data, o: &Options) -> Views {
    use rayon::prelude::*;
    let bits = (o.sentence_bits, o.draft_bits, o.context_bits, o.tone_bits);
    let labeled = data
        .drafts
        .par_iter()
        .map(|(_, d)| linter.training_view(&d.draft(), bits, true))
        .collect();
    let phrase = data
        .phrasebook
        .par_iter()
        .map(|p| linter.training_view(&Draft::new(&p.text), bits, true))
        .collect();
    let negatives = data
        .negatives
        .par_iter()
        .map(|n| linter.training_view(&Draft::new(&n.text), bits, true))
        .collect();
    let tone = data
        .tone
        .par_iter()
        .map(|n| linter.training_view(&Draft::new(&n.text), bits, true))
        .collect();
    (labeled, phrase, negatives, tone)
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn pairs(f: &[Feature]) -> Vec<(u32, f32)> {
    f.iter().map(|x| (x.bucket, x.value)).collect()
}

/// Trains both models.
pub fn train(linter: &Linter, data: &Data, o: &Options) -> Trained {
    let (labeled, phrase, negatives, tone_views) = views(linter, data, o);
    let ns = SPAN_RULES.len();
    let nd = DRAFT_RULES.len();
    let fold_of_batch = |b: usize| b % o.folds;

    // Sentence examples.
    let mut sx: Vec<Example> = Vec::new();
    // For threshold search: per unit (draft), its sentence example range,
    // labels, phrase verdicts and fold.
    struct Unit {
        sentences: std::ops::Range<usize>,
        labels: Vec<bool>,
        phrase: Vec<bool>,
        weight: f64,
        /// No label at all: a false finding here is a false alarm.
        clean: bool,
    }
    let mut units: Vec<Unit> = Vec::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut draft_names: BTreeMap<u32, String> = BTreeMap::new();
    let note = |f: &[Feature], n: &[String], names: &mut BTreeMap<u32, String>| {
        for (x, name) in f.iter().zip(n) {
            names.entry(x.bucket).or_insert_with(|| name.clone());
        }
    };
    for ((batch, d), v) in data.drafts.iter().zip(&labeled) {
        let fold = fold_of_batch(*batch);
        let first = sx.len();
        for (si, ((span, f), n)) in v.sentences.iter().zip(&v.sentence_names).enumerate() {
            note(f, n, &mut names);
            let labels: Vec<i8> = SPAN_RULES
                .iter()
                .map(|rule| {
                    if !d.expect.iter().any(|e| e == rule) {
                        return 0;
                    }
                    let evidence = d.evidence.get(*rule);
                    let carried = evidence.is_some_and(|ev| {
                        ev.iter().any(|e| {
                            d.text
                                .match_indices(e.as_str())
                                .any(|(i, m)| overlaps(&(i..i + m.len()), span))
                        })
                    });
                    // No evidence: a one-sentence draft still tells.
                    if carried || (evidence.is_none() && v.sentences.len() == 1) {
                        1
                    } else {
                        -1
                    }
                })
                .collect();
            sx.push(Example {
                features: pairs(f),
                labels,
                weight: 1.0,
                fold,
                margin: v.margins[si],
            });
        }
        units.push(Unit {
            sentences: first..sx.len(),
            labels: SPAN_RULES
                .iter()
                .map(|r| d.expect.iter().any(|e| e == r))
                .collect(),
            phrase: SPAN_RULES
                .iter()
                .map(|r| v.phrase_rules.iter().any(|p| p == r))
                .collect(),
            weight: 1.0,
            clean: !d.expect.iter().any(|e| {
                SPAN_RULES.contains(&e.as_str()) || e == "missing-apology" || e == "no-invitation"
            }),
        });
    }
    for (k, (p, v)) in data.phrasebook.iter().zip(&phrase).enumerate() {
        for (f, n) in v.sentences.iter().map(|s| &s.1).zip(&v.sentence_names) {
            // A phrasebook sentence stands alone: its place in a draft and
            // the draft's facts are not what its label is about (kept, they
            // taught every lone short sentence to look like a finding).
            let (f, n): (Vec<Feature>, Vec<String>) = f
                .iter()
                .zip(n)
                .filter(|(_, n)| !n.starts_with("pos|") && !n.starts_with("d|"))
                .map(|(f, n)| (f.clone(), n.clone()))
                .unzip();
            let (f, n) = (&f[..], &n[..]);
            note(f, n, &mut names);
            let labels: Vec<i8> = SPAN_RULES
                .iter()
                .map(|r| match (p.label, *r == p.rule) {
                    (1, true) => 1,
                    (1, false) => -1,
                    _ => 0,
                })
                .collect();
            sx.push(Example {
                features: pairs(f),
                labels,
                weight: 1.0,
                fold: k % o.folds,
                margin: v.margins.first().copied().unwrap_or(0.0),
            });
        }
    }
    for (k, v) in negatives.iter().enumerate() {
        let first = sx.len();
        for (si, (f, n)) in v
            .sentences
            .iter()
            .map(|s| &s.1)
            .zip(&v.sentence_names)
            .enumerate()
        {
            note(f, n, &mut names);
            sx.push(Example {
                features: pairs(f),
                labels: vec![0; ns],
                weight: o.negative_weight,
                fold: k % o.folds,
                margin: v.margins[si],
            });
        }
        units.push(Unit {
            sentences: first..sx.len(),
            labels: vec![false; ns],
            phrase: SPAN_RULES
                .iter()
                .map(|r| v.phrase_rules.iter().any(|p| p == r))
                .collect(),
            weight: f64::from(o.negative_weight),
            clean: true,
        });
    }

    // Draft examples: gated by the fact the rule needs missing.
    let mut dx: Vec<Example> = Vec::new();
    let mut dunits: Vec<(usize, Vec<i8>)> = Vec::new(); // example index, labels
    for ((batch, d), v) in data.drafts.iter().zip(&labeled) {
        note(&v.draft, &v.draft_names, &mut draft_names);
        let has = |r: &str| d.expect.iter().any(|e| e == r);
        let problem: i8 = if !v.apology {
            i8::from(has("missing-apology"))
        } else if !v.invitation {
            i8::from(has("no-invitation"))
        } else {
            -1
        };
        let generic = if d.context.is_some() {
            i8::from(has("generic-reply"))
        } else {
            -1
        };
        let labels = vec![
            problem,
            i8::from(has("missing-acknowledgment")),
            i8::from(has("no-next-step")),
            generic,
        ];
        dunits.push((dx.len(), labels.clone()));
        dx.push(Example {
            features: pairs(&v.draft),
            labels,
            weight: 1.0,
            fold: fold_of_batch(*batch),
            margin: 0.0,
        });
    }

    // Presumed-clean real text is no reply that needs an apology or an
    // invitation: without it the draft model learns that anything written
    // like a support reply answers a problem.
    for (k, v) in negatives.iter().enumerate() {
        let labels: Vec<i8> = vec![if v.apology && v.invitation { -1 } else { 0 }, 0, 0, -1];
        dunits.push((dx.len(), labels.clone()));
        dx.push(Example {
            features: pairs(&v.draft),
            labels,
            weight: o.negative_weight,
            fold: k % o.folds,
            margin: 0.0,
        });
    }

    // Out-of-fold scores.
    let mut oof_s = vec![vec![0f32; ns]; sx.len()];
    let mut oof_d = vec![vec![0f32; nd]; dx.len()];
    for k in 0..o.folds {
        let ws = fit(&sx, ns, o.sentence_bits, o, Some(k));
        for (i, ex) in sx.iter().enumerate().filter(|(_, e)| e.fold == k) {
            for (r, slot) in oof_s[i].iter_mut().enumerate() {
                *slot = ws.score(&ex.features, r);
            }
        }
        let wd = fit(&dx, nd, o.draft_bits, o, Some(k));
        for (i, ex) in dx.iter().enumerate().filter(|(_, e)| e.fold == k) {
            for (r, slot) in oof_d[i].iter_mut().enumerate() {
                *slot = wd.score(&ex.features, r);
            }
        }
    }

    // Thresholds: the best F-beta of (phrase or score >= t) per span rule.
    let mut span_reports = Vec::new();
    let mut span_thresholds = Vec::new();
    for r in 0..ns {
        let items: Vec<(f32, bool, bool, f64)> = units
            .iter()
            .map(|u| {
                let s = u
                    .sentences
                    .clone()
                    .map(|i| oof_s[i][r] - sx[i].margin)
                    .fold(0f32, f32::max);
                // A finding on a clean draft is a false alarm: it counts more.
                let w = if u.clean && !u.labels[r] {
                    u.weight * o.clean_fp_weight
                } else {
                    u.weight
                };
                (s, u.phrase[r], u.labels[r], w)
            })
            .collect();
        let (t, rep) = choose(&items, o.beta, o.min_precision);
        span_thresholds.push(t);
        span_reports.push(RuleReport {
            id: SPAN_RULES[r].to_string(),
            ..rep
        });
    }
    // Out-of-fold false alarms of the span rules: the labeled drafts with
    // no label at all that some span rule (phrase or model) still flags.
    let corpus_units = &units[..data.drafts.len()];
    let flagged = |u: &Unit| {
        (0..ns).any(|r| {
            u.phrase[r]
                || u.sentences
                    .clone()
                    .any(|i| oof_s[i][r] - sx[i].margin >= span_thresholds[r])
        })
    };
    let clean_units: Vec<&Unit> = corpus_units.iter().filter(|u| u.clean).collect();
    let clean_false_alarms = (
        clean_units.iter().filter(|u| flagged(u)).count(),
        clean_units.len(),
    );
    let mut draft_reports = Vec::new();
    let mut draft_thresholds = Vec::new();
    for r in 0..nd {
        let items: Vec<(f32, bool, bool, f64)> = dunits
            .iter()
            .filter(|(_, l)| l[r] >= 0)
            .map(|(i, l)| (oof_d[*i][r], false, l[r] == 1, f64::from(dx[*i].weight)))
            .collect();
        // The problem-reply judgment is gated again at run time (an
        // apology, an invitation); the v2 rules stand alone, for precision.
        let beta = if r == 0 { 1.0 } else { o.v2_beta };
        let (t, rep) = choose(&items, beta, 0.0);
        draft_thresholds.push(t);
        draft_reports.push(RuleReport {
            id: DRAFT_RULES[r].to_string(),
            ..rep
        });
    }

    // The models, trained on everything.
    let ws = fit(&sx, ns, o.sentence_bits, o, None);
    let wd = fit(&dx, nd, o.draft_bits, o, None);
    for (r, rep) in span_reports.iter_mut().enumerate() {
        rep.top = top_features(&ws, r, &names, 12);
    }
    for (r, rep) in draft_reports.iter_mut().enumerate() {
        rep.top = top_features(&wd, r, &draft_names, 12);
    }
    let (context_model, context_reports) = train_context(data, &labeled, o);
    let (tone_model, tone_auc, tone_oof) = train_tone(data, &labeled, &tone_views, o);
    Trained {
        sentence_model: quantize(&ws, SPAN_RULES, &span_thresholds, o.sentence_bits),
        draft_model: quantize(&wd, DRAFT_RULES, &draft_thresholds, o.draft_bits),
        context_model,
        tone_model,
        span: span_reports,
        draft: draft_reports,
        context: context_reports,
        tone_auc,
        tone_oof,
        clean_false_alarms,
        examples: (sx.len(), dx.len()),
    }
}

/// Out-of-fold scores of `examples` for `n` targets (each fold scored by a
/// model trained without it).
fn out_of_fold(examples: &[Example], n: usize, bits: u32, o: &Options) -> Vec<Vec<f32>> {
    let mut oof = vec![vec![0f32; n]; examples.len()];
    for k in 0..o.folds {
        let w = fit(examples, n, bits, o, Some(k));
        for (i, ex) in examples.iter().enumerate().filter(|(_, e)| e.fold == k) {
            for (r, slot) in oof[i].iter_mut().enumerate() {
                *slot = w.score(&ex.features, r);
            }
        }
    }
    oof
}

/// The context model: complaint types and impact of the customer's message,
/// from the labeled drafts that have one.
fn train_context(data: &Data, labeled: &[TrainingView], o: &Options) -> (Vec<u8>, Vec<RuleReport>) {
    let n = CONTEXT_FACTS.len();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut ex: Vec<Example> = Vec::new();
    for ((batch, d), v) in data.drafts.iter().zip(labeled) {
        let (Some(complaint), Some(impact)) = (&d.complaint, &d.impact) else {
            continue;
        };
        if v.context.is_empty() {
            continue;
        }
        for (f, name) in v.context.iter().zip(&v.context_names) {
            names.entry(f.bucket).or_insert_with(|| name.clone());
        }
        let labels = CONTEXT_FACTS
            .iter()
            .map(|fact| match fact.split_once(':') {
                Some(("complaint", c)) => i8::from(complaint.iter().any(|x| x == c)),
                _ => i8::from(impact == "high"),
            })
            .collect();
        ex.push(Example {
            features: pairs(&v.context),
            labels,
            weight: 1.0,
            fold: batch % o.folds,
            margin: 0.0,
        });
    }
    let oof = out_of_fold(&ex, n, o.context_bits, o);
    let mut reports = Vec::new();
    let mut thresholds = Vec::new();
    for r in 0..n {
        let items: Vec<(f32, bool, bool, f64)> = ex
            .iter()
            .zip(&oof)
            .map(|(e, s)| (s[r], false, e.labels[r] == 1, 1.0))
            .collect();
        let (t, rep) = choose(&items, 1.0, 0.0);
        thresholds.push(t);
        reports.push(RuleReport {
            id: CONTEXT_FACTS[r].to_string(),
            ..rep
        });
    }
    let w = fit(&ex, n, o.context_bits, o, None);
    for (r, rep) in reports.iter_mut().enumerate() {
        rep.top = top_features(&w, r, &names, 12);
    }
    (
        quantize(&w, CONTEXT_FACTS, &thresholds, o.context_bits),
        reports,
    )
}

/// The tone model (`heat`): a draft reads hot when its labels hold a rule of
/// [`HOT_RULES`], cool when they hold none; a request people rated impolite
/// reads hot, one rated polite cool (weighted up: real text by other hands).
///
/// Politeness, not Wikipedia: a request's features that no labeled reply
/// has are left out of its example ("article", "edit", "wiki", "{{cite}}"
/// are what the requests are about, not how they are put), so the model can
/// only learn from words and pairs that replies share: "please", "could
/// you", "why did you", "!!", capitals.
///
/// Returns the model and the out-of-fold ROC AUC on the rated requests
/// (10 folds, as the issue measures its baselines) and on the labeled drafts.
fn train_tone(
    data: &Data,
    labeled: &[TrainingView],
    tone: &[TrainingView],
    o: &Options,
) -> (Vec<u8>, (f64, f64), Vec<f64>) {
    const FOLDS: usize = 10;
    let mut ex: Vec<Example> = Vec::new();
    let mut real = Vec::new();
    let mut reply_buckets = std::collections::BTreeSet::new();
    for ((batch, d), v) in data.drafts.iter().zip(labeled) {
        let hot = d.expect.iter().any(|e| HOT_RULES.contains(&e.as_str()));
        reply_buckets.extend(v.tone.iter().map(|f| f.bucket));
        ex.push(Example {
            features: pairs(&v.tone),
            labels: vec![i8::from(hot)],
            weight: 1.0,
            fold: batch % FOLDS,
            margin: 0.0,
        });
        real.push(false);
    }
    for (k, (t, v)) in data.tone.iter().zip(tone).enumerate() {
        let features: Vec<(u32, f32)> = pairs(&v.tone)
            .into_iter()
            .filter(|(b, _)| reply_buckets.contains(b))
            .collect();
        ex.push(Example {
            features,
            labels: vec![i8::from(!t.polite)],
            weight: o.tone_real_weight,
            fold: k % FOLDS,
            margin: 0.0,
        });
        real.push(true);
    }
    let tone_options = Options {
        folds: FOLDS,
        ..o.clone()
    };
    let oof = out_of_fold(&ex, 1, o.tone_bits, &tone_options);
    let auc = |want_real: bool| {
        let items: Vec<(f32, bool)> = ex
            .iter()
            .zip(&oof)
            .zip(&real)
            .filter(|(_, r)| **r == want_real)
            .map(|((e, s), _)| (s[0], e.labels[0] == 1))
            .collect();
        roc_auc(&items)
    };
    let aucs = (auc(true), auc(false));
    // Each rated request's out-of-fold log-odds, for measuring what the
    // tone model is combined with at run time (the findings) without
    // scoring a request by a model trained on it.
    let start = data.drafts.len();
    let oof_logits = oof[start..]
        .iter()
        .map(|s| {
            let p = f64::from(s[0]).clamp(1e-6, 1.0 - 1e-6);
            (p / (1.0 - p)).ln()
        })
        .collect();
    let w = fit(&ex, 1, o.tone_bits, o, None);
    (
        quantize(&w, &["heat"], &[0.5], o.tone_bits),
        aucs,
        oof_logits,
    )
}

/// ROC AUC of `(score, positive)` items: the chance that a positive scores
/// above a negative (ties count half).
pub fn roc_auc(items: &[(f32, bool)]) -> f64 {
    let mut v = items.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut pos, mut i) = (0f64, 0f64, 0usize);
    while i < v.len() {
        let mut j = i;
        while j < v.len() && v[j].0 == v[i].0 {
            j += 1;
        }
        let mid = (i + j + 1) as f64 / 2.0;
        for x in &v[i..j] {
            if x.1 {
                rank_sum += mid;
                pos += 1.0;
            }
        }
        i = j;
    }
    let neg = v.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return 0.5;
    }
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

/// The threshold with the best F-beta of `phrase || score >= t` over
/// `(score, phrase fired, labeled, weight)` items; never below 0.15.
fn choose(items: &[(f32, bool, bool, f64)], beta: f64, min_precision: f64) -> (f32, RuleReport) {
    let mut candidates: Vec<f32> = items.iter().map(|x| x.0).filter(|&s| s >= 0.15).collect();
    candidates.push(1.01);
    candidates.sort_by(f32::total_cmp);
    candidates.dedup();
    let b2 = beta * beta;
    let count = |t: f32| {
        let (mut tp, mut fp, mut fn_) = (0f64, 0f64, 0f64);
        for &(s, p, l, w) in items {
            let fire = p || s >= t;
            match (fire, l) {
                (true, true) => tp += w,
                (true, false) => fp += w,
                (false, true) => fn_ += w,
                _ => {}
            }
        }
        (tp, fp, fn_)
    };
    let mut best = (f64::MIN, 1.01f32);
    let mut best_precise = (f64::MIN, 1.01f32);
    for &t in &candidates {
        let (tp, fp, fn_) = count(t);
        let f = (1.0 + b2) * tp / ((1.0 + b2) * tp + b2 * fn_ + fp).max(1e-9);
        if f > best.0 {
            best = (f, t);
        }
        if tp / (tp + fp).max(1e-9) >= min_precision && f > best_precise.0 {
            best_precise = (f, t);
        }
    }
    // The best threshold whose precision reaches the floor, when one keeps
    // at least half the best F-beta; otherwise the best.
    let t = if best_precise.0 >= 0.5 * best.0 {
        best_precise.1
    } else {
        best.1
    };
    let (tp, fp, fn_) = count(t);
    let (ptp, pfp, pfn) = count(f32::INFINITY);
    (
        t,
        RuleReport {
            threshold: t,
            tp: tp as usize,
            fp: fp.round() as usize,
            fn_: fn_ as usize,
            phrase_tp: ptp as usize,
            phrase_fp: pfp.round() as usize,
            phrase_fn: pfn as usize,
            ..RuleReport::default()
        },
    )
}

fn top_features(
    w: &Weights,
    r: usize,
    names: &BTreeMap<u32, String>,
    k: usize,
) -> Vec<(String, f32)> {
    let mut v: Vec<(String, f32)> = names
        .iter()
        .map(|(&b, n)| (n.clone(), w.w[b as usize * w.n + r]))
        .filter(|(_, x)| *x > 0.0)
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_fixed() {
        let mut r = Rng(1);
        let a: Vec<u64> = (0..3).map(|_| r.next()).collect();
        let mut r = Rng(1);
        let b: Vec<u64> = (0..3).map(|_| r.next()).collect();
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
    }

    #[test]
    fn a_separable_problem_is_learned() {
        let ex: Vec<Example> = (0..200)
            .map(|i| Example {
                features: vec![(if i % 2 == 0 { 1 } else { 2 }, 1.0), (3, 1.0)],
                labels: vec![i8::from(i % 2 == 0)],
                weight: 1.0,
                fold: i % 5,
                margin: 0.0,
            })
            .collect();
        let w = fit(&ex, 1, 4, &Options::default(), None);
        assert!(w.score(&[(1, 1.0), (3, 1.0)], 0) > 0.9);
        assert!(w.score(&[(2, 1.0), (3, 1.0)], 0) < 0.1);
    }

    #[test]
    fn thresholds_favour_precision() {
        // Scores above 0.8 are all positives; 0.5-0.8 half are.
        let mut items = Vec::new();
        for i in 0..20 {
            items.push((0.9, false, true, 1.0));
            items.push((0.6, false, i % 2 == 0, 1.0));
            items.push((0.1, false, false, 1.0));
        }
        let (t, rep) = choose(&items, 0.5, 0.0);
        assert!(t > 0.6, "{t}");
        assert_eq!(rep.fp, 0);
    }
}
