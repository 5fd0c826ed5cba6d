//! Learned, explainable scorers: linear models over hashed features.
//!
//! The phrase packs are the crisp first layer; they cannot list every way a
//! person blames or mocks. A model scores each sentence for every span rule
//! (and each draft for the draft-level rules) from the features of
//! [`features`]: a logistic regression per rule, its weights in one table of
//! `2^bits` rows, one signed byte per rule in each row (so a feature costs one
//! memory access for all rules). The weights are trained by
//! `cargo run --release --features train --bin replylint-train` from the labeled data in
//! `data/` (see [`train`]) and embedded in the binary from `lints/models/`,
//! read in place.
//!
//! A model finding is explainable: the score is a sum of feature weights,
//! each feature knows the tokens it came from, so the words that carried the
//! score are underlined and `--explain-matches` lists the heaviest features.
//!
//! File format (little-endian): `RLM1`, u32 format version, u32 feature
//! version, u32 bits, u32 number of rules; per rule a u16 id length, the id,
//! f32 bias, f32 weight scale, f32 threshold; zero padding to a multiple of
//! 4; then `2^bits * rules` i8 weights, row by row.

pub mod features;
#[cfg(feature = "train")]
pub mod train;

use features::Feature;

/// The file format version.
pub const FORMAT_VERSION: u32 = 1;

/// Why a model file could not be read. Lower case, no period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a replylint model (bad magic)")]
    Magic,
    #[error("model format {0} is not {FORMAT_VERSION}")]
    Format(u32),
    #[error("model was trained on features version {0}, this build computes version {1}")]
    Features(u32, u32),
    #[error("model file is truncated")]
    Truncated,
}

/// One rule of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRule {
    pub id: String,
    pub bias: f32,
    pub scale: f32,
    /// Probability at or above which the rule fires (chosen for precision on
    /// data the model was not trained on).
    pub threshold: f32,
}

/// A model read in place from its bytes.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    pub bits: u32,
    pub rules: Vec<ModelRule>,
    weights: &'a [i8],
}

fn take<'a>(b: &mut &'a [u8], n: usize) -> Result<&'a [u8], ModelError> {
    if b.len() < n {
        return Err(ModelError::Truncated);
    }
    let (head, rest) = b.split_at(n);
    *b = rest;
    Ok(head)
}

fn u32_of(b: &mut &[u8]) -> Result<u32, ModelError> {
    Ok(u32::from_le_bytes(take(b, 4)?.try_into().expect("4 bytes")))
}

fn f32_of(b: &mut &[u8]) -> Result<f32, ModelError> {
    Ok(f32::from_le_bytes(take(b, 4)?.try_into().expect("4 bytes")))
}

impl<'a> Model<'a> {
    /// Reads a model; the weights stay where they are.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Model<'a>, ModelError> {
        let mut b = bytes;
        if take(&mut b, 4)? != b"RLM1" {
            return Err(ModelError::Magic);
        }
        let format = u32_of(&mut b)?;
        if format != FORMAT_VERSION {
            return Err(ModelError::Format(format));
        }
        let fv = u32_of(&mut b)?;
        if fv != features::FEATURE_VERSION {
            return Err(ModelError::Features(fv, features::FEATURE_VERSION));
        }
        let bits = u32_of(&mut b)?;
        let n = u32_of(&mut b)? as usize;
        if bits > 24 || n > 256 {
            return Err(ModelError::Truncated);
        }
        let mut rules = Vec::with_capacity(n);
        for _ in 0..n {
            let len = u16::from_le_bytes(take(&mut b, 2)?.try_into().expect("2 bytes")) as usize;
            let id = String::from_utf8_lossy(take(&mut b, len)?).into_owned();
            rules.push(ModelRule {
                id,
                bias: f32_of(&mut b)?,
                scale: f32_of(&mut b)?,
                threshold: f32_of(&mut b)?,
            });
        }
        let used = bytes.len() - b.len();
        take(&mut b, (4 - used % 4) % 4)?;
        let size = (1usize << bits) * n;
        let weights: &[i8] = bytemuck::cast_slice(take(&mut b, size)?);
        Ok(Model {
            bits,
            rules,
            weights,
        })
    }

    /// Writes a model (the inverse of [`Model::from_bytes`]).
    pub fn to_bytes(bits: u32, rules: &[ModelRule], weights: &[i8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(weights.len() + 64 * rules.len() + 32);
        out.extend_from_slice(b"RLM1");
        for v in [
            FORMAT_VERSION,
            features::FEATURE_VERSION,
            bits,
            rules.len() as u32,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for r in rules {
            out.extend_from_slice(&(r.id.len() as u16).to_le_bytes());
            out.extend_from_slice(r.id.as_bytes());
            for v in [r.bias, r.scale, r.threshold] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        while out.len() % 4 != 0 {
            out.push(0);
        }
        out.extend(weights.iter().map(|&w| w as u8));
        out
    }

    /// Index of rule `id`.
    pub fn rule(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    /// The weights of `bucket` for every rule.
    fn row(&self, bucket: u32) -> &[i8] {
        let n = self.rules.len();
        let at = bucket as usize * n;
        &self.weights[at..at + n]
    }

    /// The log-odds of every rule for one unit's features.
    pub fn log_odds(&self, features: &[Feature]) -> Vec<f32> {
        let n = self.rules.len();
        let mut acc = vec![0f32; n];
        for f in features {
            for (a, &w) in acc.iter_mut().zip(self.row(f.bucket)) {
                *a += f32::from(w) * f.value;
            }
        }
        acc.iter()
            .zip(&self.rules)
            .map(|(a, r)| r.bias + r.scale * a)
            .collect()
    }

    /// The probability of every rule for one unit's features.
    pub fn scores(&self, features: &[Feature]) -> Vec<f32> {
        self.log_odds(features).into_iter().map(sigmoid).collect()
    }

    /// What each feature adds to rule `r`'s log-odds.
    pub fn contributions(&self, r: usize, features: &[Feature]) -> Vec<f32> {
        let scale = self.rules[r].scale;
        features
            .iter()
            .map(|f| f32::from(self.row(f.bucket)[r]) * scale * f.value)
            .collect()
    }
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// What each token of `tokens` adds to a score: each feature's
/// contribution is shared among the tokens it came from.
pub fn per_token(
    features: &[Feature],
    contributions: &[f32],
    tokens: std::ops::Range<usize>,
) -> Vec<f32> {
    let mut per_token = vec![0f32; tokens.len()];
    for (f, &c) in features.iter().zip(contributions) {
        let (s, e) = (f.tokens.start as usize, f.tokens.end as usize);
        if e <= s || s < tokens.start || e > tokens.end {
            continue;
        }
        let share = c / (e - s) as f32;
        for p in &mut per_token[s - tokens.start..e - tokens.start] {
            *p += share;
        }
    }
    per_token
}

/// The contiguous run of tokens that carried a score: the run of
/// [`per_token`] contributions with the largest positive sum (Kadane).
/// `None` when no token adds anything.
pub fn carrying_tokens(
    features: &[Feature],
    contributions: &[f32],
    tokens: std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    if tokens.is_empty() {
        return None;
    }
    let per_token = per_token(features, contributions, tokens.clone());
    let (mut best, mut best_range) = (0f32, None);
    let (mut sum, mut start) = (0f32, 0usize);
    for (i, &p) in per_token.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += p;
        if sum > best {
            best = sum;
            best_range = Some(tokens.start + start..tokens.start + i + 1);
        }
    }
    best_range
}

/// The built-in models, embedded from `lints/models/`.
pub mod builtin {
    use super::Model;
    use std::sync::OnceLock;

    /// 4-aligned bytes, so the i8 weights can be read in place.
    #[repr(C, align(4))]
    struct Aligned<const N: usize>([u8; N]);

    static SENTENCE_BYTES: &Aligned<{ include_bytes!("../../lints/models/sentence.bin").len() }> =
        &Aligned(*include_bytes!("../../lints/models/sentence.bin"));
    static DRAFT_BYTES: &Aligned<{ include_bytes!("../../lints/models/draft.bin").len() }> =
        &Aligned(*include_bytes!("../../lints/models/draft.bin"));

    /// The sentence model (span rules); `None` if the embedded file is
    /// empty (a build before the first training) or unreadable.
    pub fn sentence() -> Option<&'static Model<'static>> {
        static M: OnceLock<Option<Model<'static>>> = OnceLock::new();
        M.get_or_init(|| Model::from_bytes(&SENTENCE_BYTES.0).ok())
            .as_ref()
    }

    /// The draft model (draft-level rules).
    pub fn draft() -> Option<&'static Model<'static>> {
        static M: OnceLock<Option<Model<'static>>> = OnceLock::new();
        M.get_or_init(|| Model::from_bytes(&DRAFT_BYTES.0).ok())
            .as_ref()
    }

    static CONTEXT_BYTES: &Aligned<{ include_bytes!("../../lints/models/context.bin").len() }> =
        &Aligned(*include_bytes!("../../lints/models/context.bin"));
    static TONE_BYTES: &Aligned<{ include_bytes!("../../lints/models/tone.bin").len() }> =
        &Aligned(*include_bytes!("../../lints/models/tone.bin"));

    /// The context model (the customer's complaint type and impact).
    pub fn context() -> Option<&'static Model<'static>> {
        static M: OnceLock<Option<Model<'static>>> = OnceLock::new();
        M.get_or_init(|| Model::from_bytes(&CONTEXT_BYTES.0).ok())
            .as_ref()
    }

    /// The tone model (`heat`).
    pub fn tone() -> Option<&'static Model<'static>> {
        static M: OnceLock<Option<Model<'static>>> = OnceLock::new();
        M.get_or_init(|| Model::from_bytes(&TONE_BYTES.0).ok())
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_round_trips_through_its_bytes() {
        let rules = vec![
            ModelRule {
                id: "blame".into(),
                bias: -2.0,
                scale: 0.01,
                threshold: 0.6,
            },
            ModelRule {
                id: "sarcasm".into(),
                bias: -3.0,
                scale: 0.02,
                threshold: 0.7,
            },
        ];
        let mut weights = vec![0i8; 2 * 16];
        weights[2 * 3] = 100;
        weights[2 * 3 + 1] = -50;
        let bytes = Model::to_bytes(4, &rules, &weights);
        let m = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m.rules, rules);
        let f = [Feature {
            bucket: 3,
            value: 1.0,
            tokens: 0..1,
        }];
        let s = m.scores(&f);
        assert!((s[0] - sigmoid(-2.0 + 1.0)).abs() < 1e-6);
        assert!((s[1] - sigmoid(-3.0 - 1.0)).abs() < 1e-6);
        assert_eq!(
            Model::from_bytes(&bytes[..10]).unwrap_err(),
            ModelError::Truncated
        );
        assert_eq!(Model::from_bytes(b"nope").unwrap_err(), ModelError::Magic);
    }

    #[test]
    fn the_carrying_run_is_where_the_weight_is() {
        let f = [
            Feature {
                bucket: 0,
                value: 1.0,
                tokens: 1..2,
            },
            Feature {
                bucket: 0,
                value: 1.0,
                tokens: 2..4,
            },
            Feature {
                bucket: 0,
                value: 1.0,
                tokens: 5..6,
            },
        ];
        assert_eq!(carrying_tokens(&f, &[2.0, 1.0, -0.5], 0..6), Some(1..4));
        assert_eq!(carrying_tokens(&f, &[-1.0, -1.0, -1.0], 0..6), None);
    }
}
