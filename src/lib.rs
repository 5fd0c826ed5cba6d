//! replylint: a linter for reply drafts to upset customers.
//!
//! It reads a drafted reply (and, optionally, the customer message it answers)
//! and reports where it argues, blames, scolds, shouts, dismisses, threatens or
//! fails to apologize, with the exact words and a better wording. The rules come
//! from Olivier Blanchard's nine rules of online conflict resolution and from
//! customer "hot buttons"; the catalogue is `replylint rules`.
//!
//! Build a [`Linter`] once, then lint many drafts:
//!
//! ```
//! use replylint::{Draft, Linter};
//!
//! let linter = Linter::builtin().expect("built-in packs load");
//! let found = linter.lint(&Draft::new("Calm down. You should have read the FAQ."));
//! let rules: Vec<&str> = found.iter().map(|d| &*d.rule).collect();
//! assert!(rules.contains(&"dismissive"));
//! assert!(rules.contains(&"blame"));
//! ```
//!
//! The library never prints and never exits; the `replylint` binary is a thin
//! layer over it (see `src/cli`).

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod allocator;
pub mod analysis;
pub mod automaton;
pub mod baseline;
pub mod caps;
pub mod channel;
pub mod check;
pub mod config;
pub mod context;
pub mod date;
pub mod diagnostic;
pub mod docs;
pub mod error;
pub mod eval;
pub mod finding;
pub mod fix;
pub mod input;
pub mod letter;
pub mod linter;
pub mod lsp;
pub mod matcher;
pub mod model;
pub mod nlp;
pub mod pack;
pub mod reading;
pub mod render;
pub mod report;
pub mod rules;
pub mod scorer;
pub mod serve;
pub mod span;
pub mod suggest;
pub mod suppress;
#[cfg(test)]
mod testing;
pub mod text;
pub mod toml_errors;
pub mod walk;

pub use channel::Channel;
pub use diagnostic::{Applicability, Diagnostic, Severity, Suggestion};
pub use error::SourceError;
pub use linter::{Decision, Draft, Linter, Settings};
