//! The text model: a draft folded for matching, and its sentences, clauses,
//! words and quotations, all as byte ranges that map back to the original.
//!
//! See [`normalize`] for how text is folded and [`structure`] for how it is
//! segmented.

pub mod bytes;
pub mod dictionary;
pub mod normalize;
pub mod structure;

pub use normalize::{MASK, Normalized, is_word_char};
