//! The edits a suggestion proposes on a draft: deleting words cleanly and
//! naming the edit. These belong to the engine (rules make suggestions);
//! placing an edit in a file and writing it is [`crate::fix`]'s job, so the
//! engine never imports file formats.

use std::ops::Range;

/// "Remove these words" or "Replace with \"...\"".
pub fn suggestion_title(replacement: &str) -> String {
    if replacement.trim().is_empty() {
        "Remove these words".to_string()
    } else {
        format!("Replace with \"{replacement}\"")
    }
}

/// The edit that deletes `span` from `text` cleanly: with the spaces (and a
/// comma) that followed it, or the space before it when punctuation follows;
/// a deleted sentence opener hands its capital to the next word, and a
/// sentence left with nothing takes its end mark along.
///
/// "Obviously, the code works." -> "The code works."
/// "It works, obviously." -> "It works."
/// "Calm down. It is late." -> "It is late."
pub fn deletion(text: &str, span: Range<usize>) -> (Range<usize>, String) {
    let (mut start, mut end) = (span.start, span.end);
    let before = text[..start].trim_end_matches([' ', '\t']);
    let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']);
    let rest = &text[end..];
    let skip_spaces = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();

    if let Some(after_comma) = rest.strip_prefix(',') {
        if !sentence_start && before.ends_with(',') {
            // "works, obviously, and" -> "works, and": one comma stays.
            start = before.len() - 1;
        } else {
            // "Obviously, the ...": the comma goes with the word.
            end += 1 + skip_spaces(after_comma);
        }
    } else if rest.trim_start_matches([' ', '\t']).is_empty()
        || rest
            .trim_start_matches([' ', '\t'])
            .starts_with(['.', '!', '?', ';', ':', ')', '\n', '\r'])
    {
        if sentence_start {
            // The whole sentence goes, with its end marks: "Calm down." or
            // "Calm down !!!" -> "".
            end += skip_spaces(rest);
            let after = &text[end..];
            end += after.len() - after.trim_start_matches(['.', '!', '?']).len();
            end += skip_spaces(&text[end..]);
            return (start..end, String::new());
        }
        // "It works, obviously." -> "It works."
        start = before.strip_suffix(',').unwrap_or(before).len();
    } else {
        end += skip_spaces(rest);
    }

    let mut replacement = String::new();
    if sentence_start && start == span.start {
        // Hand the capital on: "Obviously the code" -> "The code".
        if let Some(c) = text[end..].chars().next() {
            if c.is_lowercase() && span_was_capitalized(&text[span.clone()]) {
                replacement = c.to_uppercase().collect();
                end += c.len_utf8();
            }
        }
    }
    (start..end, replacement)
}

fn span_was_capitalized(words: &str) -> bool {
    words.chars().next().is_some_and(char::is_uppercase)
}
