//! The shape of a letter: a greeting line at the top ("Hi Sam,", "Mark,")
//! and a sign-off at the bottom ("Best,\nPriya", "Support").
//!
//! Two things read it. A draft with both reads as an e-mail, which tells its
//! channel when nobody gave one ([`crate::channel::infer`]). And findings
//! about the whole draft point at the first sentence of the body, not at the
//! greeting ([`body_start`]).
//!
//! It works on lines of the original text, before any normalization: a
//! greeting or a sign-off is a line of its own, which the sentence splitter
//! does not know about ("Mark,\nThanks for..." is one sentence to it).

use std::ops::Range;

/// Words that open a greeting line.
const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "dear",
    "hiya",
    "greetings",
    "good morning",
    "good afternoon",
    "good evening",
];

/// Lines that close a letter before the name ("Best,", "Kind regards,").
const SIGN_OFFS: &[&str] = &[
    "best",
    "best regards",
    "best wishes",
    "kind regards",
    "warm regards",
    "regards",
    "thanks",
    "thank you",
    "many thanks",
    "thanks again",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours",
    "all the best",
    "warmly",
    "take care",
    "talk soon",
];

/// Words that open a line with a comma but are not a name ("Sorry,").
const NOT_NAMES: &[&str] = &[
    "sorry",
    "yes",
    "no",
    "ok",
    "okay",
    "well",
    "so",
    "unfortunately",
    "honestly",
    "actually",
    "please",
    "again",
];

/// The lines of `text` that hold something, as byte ranges without the line
/// end (and without surrounding spaces).
fn lines(text: &str) -> impl DoubleEndedIterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let at = start;
        start += line.len();
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        (!body.is_empty()).then(|| at + lead..at + lead + body.len())
    })
}

/// Words of a line (letters, digits, apostrophes and hyphens).
fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
}

/// Whether `line` starts with `phrase` as whole words, ignoring case.
fn starts_with_words(line: &str, phrase: &str) -> bool {
    line.len() >= phrase.len()
        && line.is_char_boundary(phrase.len())
        && line[..phrase.len()].eq_ignore_ascii_case(phrase)
        && !line[phrase.len()..].starts_with(|c: char| c.is_alphanumeric())
}

/// The greeting line, if the draft opens with one: its first line, on its
/// own (more text follows), and either a greeting word with at most four
/// more words ("Hi Sam,", "Good morning, Ms. Diaz!") or one to three
/// capitalized words and a comma ("Mark,", "Dear team" is the first kind).
pub fn greeting(text: &str) -> Option<Range<usize>> {
    let mut it = lines(text);
    let first = it.next()?;
    it.next()?;
    let line = &text[first.clone()];
    let n = words(line).count();
    let greeting_word = GREETINGS.iter().any(|g| starts_with_words(line, g));
    let name_and_comma = line.ends_with(',')
        && (1..=3).contains(&n)
        && words(line).all(|w| w.starts_with(char::is_uppercase))
        && !SIGN_OFFS
            .iter()
            .chain(NOT_NAMES)
            .any(|w| starts_with_words(line, w));
    let ends_open = !line.ends_with(['.', '?']);
    ((greeting_word && n <= 5 && ends_open) || name_and_comma).then_some(first)
}

/// The sign-off, if the draft closes with one: a closing line ("Best,",
/// "Kind regards, Priya") followed by at most two short name lines, or a
/// last line of one to four words without a sentence's end, set apart by a
/// blank line ("Support", "Sam at Acme").
pub fn sign_off(text: &str) -> Option<Range<usize>> {
    let all: Vec<Range<usize>> = lines(text).collect();
    if all.len() < 2 {
        return None;
    }
    let short_name = |r: &Range<usize>| {
        let l = &text[r.clone()];
        (1..=4).contains(&words(l).count()) && !l.ends_with(['.', '?', '!', ':', ';'])
    };
    // A closing line within the last three lines, then only names.
    for back in 1..=3.min(all.len() - 1) {
        let i = all.len() - back;
        let l = &text[all[i].clone()];
        let closing = SIGN_OFFS.iter().any(|s| {
            starts_with_words(l, s) && {
                let rest = l[s.len()..].trim_start_matches([',', '!', '.', ' ']);
                rest.is_empty() || (words(rest).count() <= 3 && !rest.ends_with(['.', '?']))
            }
        });
        if closing && all[i + 1..].iter().all(short_name) {
            return Some(all[i].start..all[all.len() - 1].end);
        }
    }
    // A signature alone: the last line, after a blank line.
    let last = all[all.len() - 1].clone();
    let before = &text[all[all.len() - 2].end..last.start];
    (short_name(&last) && before.matches('\n').count() >= 2).then_some(last)
}

/// Whether the draft reads as an e-mail: it opens with a greeting line and
/// closes with a sign-off. A tweet or a forum answer rarely has both.
pub fn reads_as_email(text: &str) -> bool {
    greeting(text).is_some() && sign_off(text).is_some()
}

/// Where the body starts: after the greeting line, if there is one, else 0.
pub fn body_start(text: &str) -> usize {
    greeting(text).map_or(0, |g| g.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, r: Option<Range<usize>>) -> Option<&str> {
        r.map(|r| &text[r])
    }

    #[test]
    fn greetings() {
        for (text, want) in [
            ("Hi Sam,\n\nThe parcel ships today.", Some("Hi Sam,")),
            ("Mark,\nIt's not a big deal.", Some("Mark,")),
            (
                "Good morning, Ms. Diaz!\nYour order...",
                Some("Good morning, Ms. Diaz!"),
            ),
            ("Dear customer,\r\nThanks.", Some("Dear customer,")),
            ("  Hello\nThanks.", Some("Hello")),
            // Not greetings: one line only, a sentence, a long line.
            ("Hi Sam, the parcel ships today.", None),
            ("Hey, that was my mistake, sorry about it.\nMore", None),
            ("Thanks,\nAll good.", None),
            ("Sorry,\nit is late.", None),
            ("Hello. We are looking.\nMore", None),
            ("", None),
        ] {
            assert_eq!(shown(text, greeting(text)), want, "{text:?}");
        }
    }

    #[test]
    fn sign_offs() {
        for (text, want) in [
            ("Hi,\nIt ships.\n\nBest,\nPriya", Some("Best,\nPriya")),
            (
                "It ships.\nKind regards, Priya",
                Some("Kind regards, Priya"),
            ),
            ("It ships.\n\nSupport", Some("Support")),
            (
                "It ships.\nThanks!\nSam\nAcme Support",
                Some("Thanks!\nSam\nAcme Support"),
            ),
            ("It ships.\n\nThanks for your patience.", None),
            // A short last line right under the body is not a signature.
            ("It ships.\nNo exceptions", None),
            ("It ships today", None),
        ] {
            assert_eq!(shown(text, sign_off(text)), want, "{text:?}");
        }
    }

    #[test]
    fn e_mails_have_both() {
        assert!(reads_as_email(
            "Hi Sam,\n\nI'm sorry about the charge.\n\nSupport\n"
        ));
        assert!(!reads_as_email("Hi Sam,\n\nI'm sorry about the charge."));
        assert!(!reads_as_email("Sorry about that!\n\nBest,\nSupport"));
        assert_eq!(body_start("Mark,\nCalm down."), 5);
        assert_eq!(body_start("Calm down."), 0);
    }
}
