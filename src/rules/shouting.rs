//! `shouting`: capitals and exclamation marks that raise the voice.
//!
//! Needs code because telling "PLEASE READ" from "FAQ" or "SUPERSAVER" is a
//! judgment per word (see [`crate::caps`]), and because a run of exclamation
//! sentences is a property of the draft, not of a phrase.
//!
//! It flags, outside quotations and masked spans (URLs, placeholders, allowed
//! names):
//! * runs of shouted words ("NO EXCEPTIONS" is one finding), except a label
//!   such as "UPDATE:" opening a sentence;
//! * `!!` or more, `?!` and `!?`;
//! * three or more consecutive sentences ending in `!`.
//!
//! The acronyms that are also English words (PIN, VAT) come from the
//! `acronyms` list of `lints/shouting.toml`.

use super::{CodeRule, Lists};
use crate::analysis::Analysis;
use crate::caps::shouted_words;
use crate::diagnostic::{Applicability, Suggestion};
use crate::finding::Finding;
use crate::matcher::ListId;
use crate::pack::RuleIdx;
use std::ops::Range;

/// Consecutive exclamation sentences that count as shouting.
const EXCLAMATION_RUN: usize = 3;

struct Shouting {
    acronyms: ListId,
    /// Nouns after which a word in capitals names a button or a light.
    interface_nouns: ListId,
    /// Verbs after which a word in capitals names what to press or pick.
    interface_verbs: ListId,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(Shouting {
        acronyms: l.get("acronyms")?,
        interface_nouns: l.get("interface-nouns")?,
        interface_verbs: l.get("interface-verbs")?,
    }))
}

impl CodeRule for Shouting {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, _found: &[Finding], out: &mut Vec<Finding>) {
        self.caps(a, rule, out);
        self.marks(a, rule, out);
        self.exclamation_run(a, rule, out);
    }
}

impl Shouting {
    fn caps(&self, a: &Analysis<'_>, rule: RuleIdx, out: &mut Vec<Finding>) {
        let words = if a.orig.len() >= 3 {
            shouted_words(a.orig, &a.norm, a.list(self.acronyms))
        } else {
            Vec::new()
        };
        let mut runs: Vec<Range<usize>> = Vec::new();
        for w in words {
            if self.is_label(a, &w) || self.in_quotes_orig(a, &w) {
                continue;
            }
            match runs.last_mut() {
                Some(last)
                    if a.orig[last.end..w.start]
                        .chars()
                        .all(|c| !c.is_alphanumeric())
                        && !a.orig[last.end..w.start].contains(['.', '!', '?', '\n']) =>
                {
                    last.end = w.end;
                }
                _ => runs.push(w),
            }
        }
        for r in &mut runs {
            self.extend_over_short_caps(a, r);
        }
        runs.retain(|r| !self.names_an_interface_element(a, r));
        for r in runs {
            let words = a.orig[r.clone()].split_whitespace().count();
            let suggestion = Suggestion::replace(
                r.clone(),
                lower_case(a.orig, r.clone()),
                Applicability::Safe,
            );
            out.push(Finding {
                suggestions: vec![suggestion],
                label: Some(if words > 1 {
                    "written in capitals".into()
                } else {
                    "a word in capitals".into()
                }),
                help: Some(
                    "Write it in lower case; if a word needs weight, say why it matters instead."
                        .into(),
                ),
                ..Finding::new(rule, r)
            });
        }
    }

    /// Grows a run over adjacent one- or two-letter words in capitals ("DO
    /// NOT", "IT IS"), which are too short to count on their own.
    fn extend_over_short_caps(&self, a: &Analysis<'_>, r: &mut Range<usize>) {
        let in_word = |c: char| c.is_alphabetic() || c == '\'' || c == '\u{2019}';
        let is_short_caps = |w: &str| {
            (1..=2).contains(&w.chars().filter(|c| c.is_alphabetic()).count())
                && w.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
        };
        // Backwards: " XX" right before the run.
        while let Some(before) = a.orig[..r.start].strip_suffix(' ') {
            let start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| in_word(c))
                .last()
                .map_or(before.len(), |(i, _)| i);
            if start == before.len() || !is_short_caps(&before[start..]) {
                break;
            }
            r.start = start;
        }
        // Forwards: "XX " right after the run.
        while let Some(after) = a.orig[r.end..].strip_prefix(' ') {
            let len: usize = after
                .chars()
                .take_while(|&c| in_word(c))
                .map(char::len_utf8)
                .sum();
            if len == 0 || !is_short_caps(&after[..len]) {
                break;
            }
            r.end += 1 + len;
        }
    }

    /// Whether the run in capitals `r` names a button, key, light or mode:
    /// an interface noun follows it ("the RESET button"), or an interface
    /// verb comes right before it, maybe with "the" ("tap SAVE").
    fn names_an_interface_element(&self, a: &Analysis<'_>, r: &Range<usize>) -> bool {
        let after = &a.orig[r.end..];
        let next_word = r.end + (after.len() - after.trim_start().len());
        let noun_follows = a
            .list(self.interface_nouns)
            .iter()
            .any(|h| a.orig_span(h.start..h.end).start == next_word);
        if noun_follows && next_word > r.end {
            return true;
        }
        let before = a.orig[..r.start].trim_end();
        let before = before
            .strip_suffix(" the")
            .or_else(|| before.strip_suffix(" The"))
            .unwrap_or(before)
            .trim_end();
        a.list(self.interface_verbs)
            .iter()
            .any(|h| a.orig_span(h.start..h.end).end == before.len() && before.len() < r.start)
    }

    /// "UPDATE:" or "NOTE:" opening a sentence is a label, not a raised voice.
    fn is_label(&self, a: &Analysis<'_>, w: &Range<usize>) -> bool {
        a.orig[w.end..].starts_with(':')
            && a.orig[..w.start]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'))
    }

    fn in_quotes_orig(&self, a: &Analysis<'_>, w: &Range<usize>) -> bool {
        a.quoted.iter().any(|q| {
            let o = a.orig_span(q.clone());
            o.start <= w.start && w.end <= o.end
        })
    }

    /// `!!`, `?!`, `!?` and longer runs, outside quotations and masks.
    fn marks(&self, a: &Analysis<'_>, rule: RuleIdx, out: &mut Vec<Finding>) {
        let t = a.text().as_bytes();
        let mut i = 0;
        while i < t.len() {
            // Jump to the next mark (a vectorized search, not a byte loop).
            i = memchr::memchr2(b'!', b'?', &t[i..]).map_or(t.len(), |k| i + k);
            if i < t.len() {
                let start = i;
                while i < t.len() && (t[i] == b'!' || t[i] == b'?') {
                    i += 1;
                }
                let run = &t[start..i];
                if run.len() >= 2 && run.contains(&b'!') && !a.in_quotes(&(start..i)) {
                    let span = a.orig_span(start..i);
                    // "?!" keeps the question; "!!!" becomes one full stop's worth.
                    let one = if run.contains(&b'?') { "?" } else { "!" };
                    out.push(Finding {
                        suggestions: vec![Suggestion::replace(
                            span.clone(),
                            one.into(),
                            Applicability::Safe,
                        )],
                        label: Some("repeated punctuation".into()),
                        help: Some(
                            "One mark is enough: end with a single full stop or question mark."
                                .into(),
                        ),
                        ..Finding::new(rule, span)
                    });
                }
            }
        }
    }

    /// Three or more consecutive sentences ending in a single `!`.
    fn exclamation_run(&self, a: &Analysis<'_>, rule: RuleIdx, out: &mut Vec<Finding>) {
        let t = a.text();
        let ends_with_bang = |s: &Range<usize>| {
            let body =
                t[s.clone()].trim_end_matches(|c: char| !c.is_ascii() || c == ' ' || c == ')');
            body.ends_with('!') && !body.ends_with("!!") && !body.ends_with("?!")
        };
        let mut best: Option<(usize, usize)> = None;
        let mut start = 0;
        for (i, s) in a.sentences.iter().enumerate() {
            if !ends_with_bang(s) {
                start = i + 1;
                continue;
            }
            if i + 1 - start >= EXCLAMATION_RUN && best.is_none_or(|(b, e)| i + 1 - start > e - b) {
                best = Some((start, i + 1));
            }
        }
        if let Some((b, e)) = best {
            let span = a.sentences[b].start..a.sentences[e - 1].end;
            out.push(Finding {
                label: Some(format!("{} exclamations in a row", e - b).into()),
                help: Some(
                    "Keep one exclamation mark at most; end the other sentences with a full stop."
                        .into(),
                ),
                ..Finding::new(rule, a.orig_span(span))
            });
        }
    }
}

/// The shouted words in lower case, with a capital kept where a sentence
/// starts ("PLEASE READ the page" -> "Please read the page") and for "I".
fn lower_case(text: &str, span: Range<usize>) -> String {
    let before = text[..span.start].trim_end();
    let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']);
    let lower = text[span].to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut first = sentence_start;
    for (i, word) in lower.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let keep_capital = first || word == "i" || word.starts_with("i'");
        first = false;
        let mut chars = word.chars();
        match chars.next() {
            Some(c) if keep_capital => {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
            _ => out.push_str(word),
        }
    }
    out
}
