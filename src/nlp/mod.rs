//! Understanding the sentence: tokens with their folded forms, part of
//! speech and lemma; hashtags read as words; who acts and who is targeted in
//! each clause. Rules and the learned scorers read these facts instead of
//! re-deriving them from neighbouring words.
//!
//! The layer sits between [`crate::text`] (normalization, segmentation) and
//! [`crate::analysis`], and imports only downwards.

pub mod lemma;
pub mod lexicon;
pub mod roles;
pub mod tagger;
pub mod token;

pub use roles::{Clause, Who};
pub use tagger::Upos;
pub use token::{Kind, Token, Tokens};
