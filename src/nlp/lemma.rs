//! Lemmas: the dictionary form of a word ("tried" -> "try", "people" ->
//! "person"), so that one pattern or one learned weight covers every
//! inflection.
//!
//! Irregular forms come from a table; regular ones are undone by suffix
//! rules, and a candidate is taken only when the embedded English dictionary
//! knows it (so "bring" stays "bring", not "br"). Good enough for tone: the
//! words that matter are common verbs, nouns and adjectives.

use super::tagger::Upos;
use crate::text::dictionary::is_english_word;
use std::borrow::Cow;

/// Irregular forms and their lemma, sorted by form (binary-searched).
static IRREGULAR: &[(&str, &str)] = &[
    ("am", "be"),
    ("are", "be"),
    ("ate", "eat"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("being", "be"),
    ("bent", "bend"),
    ("bought", "buy"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("came", "come"),
    ("caught", "catch"),
    ("children", "child"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("did", "do"),
    ("does", "do"),
    ("done", "do"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("fallen", "fall"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("flew", "fly"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("found", "find"),
    ("gave", "give"),
    ("given", "give"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("had", "have"),
    ("has", "have"),
    ("heard", "hear"),
    ("held", "hold"),
    ("is", "be"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("led", "lead"),
    ("left", "leave"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("men", "man"),
    ("met", "meet"),
    ("paid", "pay"),
    ("people", "person"),
    ("ran", "run"),
    ("rang", "ring"),
    ("said", "say"),
    ("sat", "sit"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("shook", "shake"),
    ("shown", "show"),
    ("sold", "sell"),
    ("spent", "spend"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stood", "stand"),
    ("taken", "take"),
    ("taught", "teach"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("understood", "understand"),
    ("was", "be"),
    ("went", "go"),
    ("were", "be"),
    ("women", "woman"),
    ("won", "win"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The lemma of `form` (lower case) used as `tag`.
pub fn lemma<'a>(form: &'a str, tag: Upos) -> Cow<'a, str> {
    if let Ok(i) = IRREGULAR.binary_search_by(|(f, _)| f.cmp(&form)) {
        return Cow::Borrowed(IRREGULAR[i].1);
    }
    if form.len() < 4 || !form.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(form);
    }
    let regular = match tag {
        Upos::Noun | Upos::Propn => plural(form),
        Upos::Verb | Upos::Aux => verb(form),
        Upos::Adj => comparative(form),
        _ => None,
    };
    regular.map_or(Cow::Borrowed(form), Cow::Owned)
}

/// The first candidate the dictionary knows.
fn first_word(candidates: impl IntoIterator<Item = String>) -> Option<String> {
    candidates
        .into_iter()
        .find(|c| c.len() >= 2 && is_english_word(c))
}

fn plural(w: &str) -> Option<String> {
    if let Some(stem) = w.strip_suffix("ies") {
        return first_word([format!("{stem}y")]);
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return None;
    }
    if let Some(stem) = w.strip_suffix("es") {
        if stem.ends_with(['s', 'x', 'z']) || stem.ends_with("ch") || stem.ends_with("sh") {
            return first_word([stem.to_string()]);
        }
    }
    w.strip_suffix('s')
        .and_then(|stem| first_word([stem.to_string()]))
}

fn verb(w: &str) -> Option<String> {
    if let Some(stem) = w.strip_suffix("ies") {
        return first_word([format!("{stem}y")]);
    }
    if let Some(stem) = w.strip_suffix("ied") {
        return first_word([format!("{stem}y")]);
    }
    for suffix in ["ing", "ed"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            let b = stem.as_bytes();
            let mut candidates = Vec::with_capacity(3);
            // "stopped" -> "stop", "refunded" -> "refund", "closed" -> "close".
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] && !stem.ends_with("ll") {
                candidates.push(stem[..stem.len() - 1].to_string());
            }
            candidates.push(stem.to_string());
            candidates.push(format!("{stem}e"));
            return first_word(candidates);
        }
    }
    if let Some(stem) = w.strip_suffix("es") {
        if stem.ends_with(['s', 'x', 'z', 'o']) || stem.ends_with("ch") || stem.ends_with("sh") {
            return first_word([stem.to_string()]);
        }
    }
    if w.ends_with("ss") {
        return None;
    }
    w.strip_suffix('s')
        .and_then(|stem| first_word([stem.to_string()]))
}

fn comparative(w: &str) -> Option<String> {
    for suffix in ["est", "er"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            let b = stem.as_bytes();
            let mut candidates = Vec::with_capacity(3);
            if let Some(s) = stem.strip_suffix('i') {
                candidates.push(format!("{s}y"));
            }
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                candidates.push(stem[..stem.len() - 1].to_string());
            }
            candidates.push(stem.to_string());
            candidates.push(format!("{stem}e"));
            return first_word(candidates);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_irregular_table_is_sorted() {
        assert!(IRREGULAR.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn inflections() {
        let v = |w| lemma(w, Upos::Verb).into_owned();
        let n = |w| lemma(w, Upos::Noun).into_owned();
        assert_eq!(v("tried"), "try");
        assert_eq!(v("refunded"), "refund");
        assert_eq!(v("stopped"), "stop");
        assert_eq!(v("closed"), "close");
        assert_eq!(v("ignoring"), "ignore");
        assert_eq!(v("bring"), "bring");
        assert_eq!(v("was"), "be");
        assert_eq!(v("fixes"), "fix");
        assert_eq!(n("people"), "person");
        assert_eq!(n("customers"), "customer");
        assert_eq!(n("boxes"), "box");
        assert_eq!(n("parties"), "party");
        assert_eq!(n("glass"), "glass");
        assert_eq!(lemma("bigger", Upos::Adj), "big");
        assert_eq!(lemma("happiest", Upos::Adj), "happy");
    }
}
