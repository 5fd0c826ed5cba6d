//! Per-draft analysis: what a draft says, where, and to whom.
//!
//! An [`Analysis`] is built once per draft: the draft is normalized, scanned
//! once by the catalog's automaton, split into sentences, and its quotations
//! found. Everything else (clauses, negation, the draft-wide [`Facts`]) is
//! computed on demand from those, so a draft without any match is cheap.
//!
//! The condition checks of `[[match]]` groups live here
//! ([`Analysis::check_conditions`]), each returning the reason it cancelled a
//! match so `--explain-matches` can show it.

use crate::Channel;
use crate::context::ContextInfo;
use crate::finding::Finding;
use crate::matcher::{Hit, Hits, ListId};
use crate::model::features::DraftFacts;
use crate::nlp::{Clause, Tokens};
use crate::pack::schema::{ContextKind, DraftFact};
use crate::pack::{Catalog, Conditions};
use crate::text::structure::{self, char_after, char_before, sentence_at, words_back, words_on};
use crate::text::{MASK, Normalized};
use std::cell::OnceCell;
use std::ops::Range;

/// Why a condition dropped a match. Kept as data and written out only for
/// `--explain-matches` ([`Analysis::explain_rejection`]): a library run checks
/// hundreds of thousands of conditions and explains none of them.
#[derive(Debug, Clone)]
pub enum Rejection {
    Fixed(&'static str),
    /// The reason, then the name of the list it is about.
    List(&'static str, ListId),
    Text(String),
}

/// The shared lists the engine itself reads (from `lints/_shared.toml`).
#[derive(Debug, Clone, Copy)]
pub struct EngineLists {
    /// Words that negate what follows ("not", "never", "isn't").
    pub negation: ListId,
    /// Negations that do not negate ("not saying", "not only").
    pub negation_hedge: ListId,
    /// "you said", "you wrote": what follows is the customer's words.
    pub reported_speech: ListId,
    /// Words before a noun that make a word a noun, not a form of address.
    pub vocative_lead: ListId,
    pub apology: ListId,
    pub invitation: ListId,
    pub problem: ListId,
    /// "if", "in case": what follows in the clause is hypothetical.
    pub hypothetical: ListId,
    /// Phrases that hold a problem word without admitting a problem
    /// ("bug reports", "late checkout").
    pub not_problem: ListId,
}

impl EngineLists {
    /// Resolves the lists by name; the error names the missing list.
    pub fn resolve(catalog: &Catalog) -> Result<Self, String> {
        let get = |name: &str| {
            catalog
                .list(None, name)
                .ok_or_else(|| format!("the shared list `{name}` is missing from the lint packs"))
        };
        Ok(EngineLists {
            negation: get("negation")?,
            negation_hedge: get("negation-hedge")?,
            reported_speech: get("reported-speech")?,
            vocative_lead: get("vocative-lead")?,
            apology: get("apology")?,
            invitation: get("invitation")?,
            problem: get("problem")?,
            hypothetical: get("hypothetical")?,
            not_problem: get("not-problem")?,
        })
    }
}

/// Draft-wide facts, computed at most once per draft.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// A sentence outside quotations ends with `?`.
    pub question: bool,
    /// The draft holds a URL.
    pub link: bool,
    /// An apology word outside quotations.
    pub apology: bool,
    /// A question or an invitation phrase.
    pub invitation: bool,
    /// The draft itself admits a problem in the customer's case.
    pub admits_problem: bool,
}

/// One draft, analysed.
pub struct Analysis<'a> {
    pub catalog: &'a Catalog,
    pub lists: EngineLists,
    /// The draft as typed.
    pub orig: &'a str,
    pub norm: Normalized,
    pub hits: Hits,
    /// Sentence ranges in normalized text.
    pub sentences: Vec<Range<usize>>,
    /// Quoted stretches in normalized text (quotation marks and block quotes).
    pub quoted: Vec<Range<usize>>,
    pub channel: Channel,
    pub context: Option<ContextInfo>,
    facts: OnceCell<Facts>,
    /// Clause delimiter positions, found on the first clause lookup.
    clause_delimiters: OnceCell<Vec<usize>>,
    /// Tokens with tags and lemmas, and their clauses, made on first use
    /// (the learned scorers read them).
    tokens: OnceCell<Tokens>,
    clauses: OnceCell<Vec<Clause>>,
    /// The draft model's scores, once asked for.
    draft_scores: OnceCell<Option<Vec<f32>>>,
}

impl<'a> Analysis<'a> {
    /// Normalizes, scans and segments `orig`.
    pub fn new(
        catalog: &'a Catalog,
        lists: EngineLists,
        orig: &'a str,
        extra_masks: &[Range<usize>],
        channel: Channel,
        context: Option<ContextInfo>,
    ) -> Self {
        let norm = Normalized::with_masks(orig, extra_masks);
        let hits = catalog.matcher.scan(&norm.text);
        let sentences = structure::sentences(&norm.text);
        let mut quoted = structure::quoted_spans(&norm.text);
        quoted.extend(norm.blockquotes.iter().cloned());
        quoted.sort_by_key(|r| r.start);
        Analysis {
            catalog,
            lists,
            orig,
            norm,
            hits,
            sentences,
            quoted,
            channel,
            context,
            facts: OnceCell::new(),
            clause_delimiters: OnceCell::new(),
            tokens: OnceCell::new(),
            clauses: OnceCell::new(),
            draft_scores: OnceCell::new(),
        }
    }

    /// The occurrences of list `id` starting inside `range`, sorted by start.
    /// Conditions look at a few words around one match, so this is a binary
    /// search rather than a walk over every hit of the draft.
    pub fn list_in_range(&self, id: ListId, range: Range<usize>) -> &[Hit] {
        let all = self.hits.of_list(id);
        let from = all.partition_point(|h| h.start < range.start);
        let to = all.partition_point(|h| h.start < range.end).max(from);
        &all[from..to]
    }

    /// The occurrences of list `id` in the draft, sorted by start.
    pub fn list(&self, id: ListId) -> &[Hit] {
        self.hits.of_list(id)
    }

    /// The draft's tokens (see [`crate::nlp`]).
    pub fn tokens(&self) -> &Tokens {
        self.tokens
            .get_or_init(|| crate::nlp::token::tokenize(self.orig, &self.norm, &self.sentences))
    }

    /// The clauses of every sentence, with who acts and who is targeted.
    pub fn token_clauses(&self) -> &[Clause] {
        self.clauses
            .get_or_init(|| crate::nlp::roles::clauses(self.tokens()))
    }

    /// The facts the learned scorers read, given the findings so far (only
    /// those of phrase groups and Rust span rules are used: the draft
    /// model is trained on what the phrase layer finds).
    pub fn draft_facts(&self, found: &[Finding]) -> DraftFacts {
        let f = self.facts();
        let mut phrase_rules: Vec<String> = found
            .iter()
            .filter(|x| !x.draft_level && !x.learned && !x.veto)
            .map(|x| self.catalog.rules[x.rule].id.to_string())
            .collect();
        phrase_rules.sort();
        phrase_rules.dedup();
        DraftFacts {
            apology: f.apology,
            question: f.question,
            invitation: f.invitation,
            admits_problem: f.admits_problem,
            answers_problem: self.answers_problem(),
            context: self
                .context
                .as_ref()
                .map(|c| c.kinds().iter().map(|k| k.name()).collect())
                .unwrap_or_default(),
            has_context: self.context.is_some(),
            channel: self.channel.as_str(),
            phrase_rules,
            sentences: self.sentences.len(),
        }
    }

    /// The draft model's decision for its target `id` (`None` when no model
    /// knows it), such as `problem-reply`: whether the draft answers a
    /// complaint or admits a problem, which `missing-apology` and
    /// `no-invitation` share. Computed once per draft from the findings so
    /// far.
    pub fn learned_draft(&self, id: &str, found: &[Finding]) -> Option<bool> {
        let model = crate::model::builtin::draft()?;
        let r = model.rule(id)?;
        let scores = self.draft_scores.get_or_init(|| {
            let facts = self.draft_facts(found);
            let mut out = crate::model::features::Collector::new(model.bits, None);
            crate::model::features::draft_features(
                self.tokens(),
                self.context.as_ref().map(|c| c.tokens()),
                &facts,
                &mut out,
            );
            Some(model.scores(&out.features))
        });
        scores.as_ref().map(|s| s[r] >= model.rules[r].threshold)
    }

    /// The draft model's score for `id`, when a model is built in.
    pub fn learned_draft_score(&self, id: &str, found: &[Finding]) -> Option<f32> {
        self.learned_draft(id, found)?;
        let model = crate::model::builtin::draft()?;
        let r = model.rule(id)?;
        self.draft_scores.get()?.as_ref().map(|s| s[r])
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.norm.text
    }

    /// A normalized span in original coordinates.
    pub fn orig_span(&self, span: Range<usize>) -> Range<usize> {
        self.norm.span_to_orig(self.orig, span)
    }

    /// The sentence holding `pos`.
    pub fn sentence(&self, pos: usize) -> Range<usize> {
        sentence_at(&self.sentences, pos)
    }

    /// The clause around `span`.
    pub fn clause(&self, span: Range<usize>) -> Range<usize> {
        let delimiters = self
            .clause_delimiters
            .get_or_init(|| structure::clause_delimiters(self.text()));
        structure::clause_in(delimiters, self.sentence(span.start), span)
    }

    /// Whether `span` overlaps a quotation.
    pub fn in_quotes(&self, span: &Range<usize>) -> bool {
        self.quoted
            .iter()
            .any(|q| q.start < span.end && span.start < q.end)
    }

    /// Whether `span` is reported speech: "you said ..." earlier in its clause.
    pub fn is_reported(&self, span: &Range<usize>) -> bool {
        let clause = self.clause(span.clone());
        self.list_in_range(self.lists.reported_speech, clause.start..span.start)
            .iter()
            .any(|h| h.end <= span.start)
    }

    /// Whether `span` is quoted or reported: the customer's words, not ours.
    pub fn is_customers_words(&self, span: &Range<usize>) -> bool {
        self.in_quotes(span) || self.is_reported(span)
    }

    /// Whether a negation comes within three words before `span` in its clause
    /// ("this is not your fault", "we will never blame you"). Hedges such as
    /// "I'm not saying" do not count.
    pub fn is_negated(&self, span: &Range<usize>) -> bool {
        let clause = self.clause(span.clone());
        let Some(first) = words_back(self.text(), clause.clone(), span.start)
            .take(3)
            .last()
        else {
            return false;
        };
        let negations = self.list_in_range(self.lists.negation, first.start..span.start);
        if negations.is_empty() {
            return false;
        }
        let hedges = self.list_in_range(self.lists.negation_hedge, clause.start..span.start);
        negations.iter().any(|n| {
            n.end <= span.start && !hedges.iter().any(|h| h.start <= n.start && h.end >= n.end)
        })
    }

    /// Whether list `id` occurs outside quotations (and, if `negatable`, not
    /// negated) with its start inside `range`.
    pub fn list_in(&self, id: ListId, range: Range<usize>, skip_negated: bool) -> bool {
        self.list_hits(id, range, skip_negated).next().is_some()
    }

    /// The occurrences of list `id` starting inside `range`, outside
    /// quotations and (if `skip_negated`) not negated.
    pub fn list_hits_in(&self, id: ListId, range: Range<usize>, skip_negated: bool) -> Vec<Hit> {
        self.list_hits(id, range, skip_negated).collect()
    }

    /// Like [`Analysis::list_hits_in`], lazily (most callers stop at the first).
    fn list_hits(
        &self,
        id: ListId,
        range: Range<usize>,
        skip_negated: bool,
    ) -> impl Iterator<Item = Hit> + '_ {
        self.list_in_range(id, range)
            .iter()
            .copied()
            .filter(move |h| {
                let span = h.start..h.end;
                let negated = skip_negated && self.is_negated(&span);
                !self.in_quotes(&span) && !negated
            })
    }

    /// Whether list `id` occurs anywhere in the draft outside quotations.
    pub fn draft_has(&self, id: ListId) -> bool {
        self.list_in(id, 0..self.text().len(), false)
    }

    /// Whether list `id` occurs inside `range`, outside quotations and not
    /// inside `own` (a match is not evidence about itself: "nothing we can
    /// do" holds "we can do" but offers nothing).
    fn has_besides(&self, id: ListId, range: Range<usize>, own: &Range<usize>) -> bool {
        self.list_hits(id, range, false)
            .any(|h| !(h.start >= own.start && h.end <= own.end))
    }

    /// The draft-wide facts.
    pub fn facts(&self) -> Facts {
        *self.facts.get_or_init(|| self.compute_facts())
    }

    fn compute_facts(&self) -> Facts {
        let text = self.text();
        let question = self.sentences.iter().any(|s| {
            let body = text[s.clone()].trim_end_matches(|c: char| {
                c == '"'
                    || c == '\''
                    || c == ')'
                    || c == ' '
                    || c == MASK as char
                    || structure::is_symbol(c)
            });
            // The last `?` of the closing run of `?` and `!` (a `?` before
            // any other character does not end the sentence as a question).
            let before_run = body.trim_end_matches(['?', '!']).len();
            let q = body[before_run..].rfind('?').map(|k| before_run + k);
            q.is_some_and(|q| !self.in_quotes(&(s.start + q..s.start + q + 1)))
        });
        let link = self.norm.masked.iter().any(|m| {
            let head = self.orig.as_bytes()[m.clone()].get(..4).unwrap_or(b"");
            m.len() > 4
                && (head.eq_ignore_ascii_case(b"http") || head.eq_ignore_ascii_case(b"www."))
        });
        let apology = self.draft_has(self.lists.apology);
        let invitation = question || self.draft_has(self.lists.invitation);
        let not_problem = self.list(self.lists.not_problem);
        let admits_problem = self
            .list_hits_in(self.lists.problem, 0..text.len(), true)
            .iter()
            .any(|h| {
                !self.is_question_sentence(h.start)
                    && !self.is_hypothetical(&(h.start..h.end))
                    && !not_problem
                        .iter()
                        .any(|x| x.start < h.end && h.start < x.end)
            });
        Facts {
            question,
            link,
            apology,
            invitation,
            admits_problem,
        }
    }

    /// Whether the sentence holding `pos` is a question.
    pub fn is_question_sentence(&self, pos: usize) -> bool {
        let s = self.sentence(pos);
        self.text()[s]
            .trim_end_matches(|c: char| c == ' ' || c == MASK as char || structure::is_symbol(c))
            .ends_with(['?', '!'])
            && self.text()[self.sentence(pos)].contains('?')
    }

    /// Whether `span` follows a hypothetical ("if", "in case") in its clause:
    /// "if you see an error" admits nothing.
    pub fn is_hypothetical(&self, span: &Range<usize>) -> bool {
        let clause = self.clause(span.clone());
        self.list(self.lists.hypothetical)
            .iter()
            .any(|h| h.start >= clause.start && h.end <= span.start)
    }

    /// Whether the draft answers a problem: the context is a complaint, or the
    /// draft itself admits one; without context, an apology also tells that
    /// something went wrong.
    pub fn answers_problem(&self) -> bool {
        let f = self.facts();
        match &self.context {
            Some(c) => c.is(ContextKind::Complaint) || f.admits_problem,
            None => f.admits_problem || f.apology,
        }
    }

    /// A one-line account of the facts and the context, for explanations;
    /// `answers_problem` is the draft-level rules' verdict, which also reads
    /// other rules' findings (see `rules::problem_verdict`).
    pub fn describe(&self, answers_problem: &str) -> String {
        let f = self.facts();
        let which = |id: ListId| {
            self.list_hits_in(id, 0..self.text().len(), false)
                .first()
                .map(|h| format!(" (\"{}\")", &self.text()[h.start..h.end]))
                .unwrap_or_default()
        };
        let context = match &self.context {
            None => "no context".to_string(),
            Some(c) => format!("context is {}", kinds(c.kinds()).if_empty("neutral")),
        };
        format!(
            "{context}; question={} link={} apology={}{} invitation={}{} admits-problem={}{} answers-problem={}",
            f.question,
            f.link,
            f.apology,
            which(self.lists.apology),
            f.invitation,
            which(self.lists.invitation),
            f.admits_problem,
            which(self.lists.problem),
            answers_problem
        )
    }

    fn fact(&self, fact: DraftFact) -> bool {
        let f = self.facts();
        match fact {
            DraftFact::Question => f.question,
            DraftFact::Link => f.link,
            DraftFact::Apology => f.apology,
            DraftFact::Invitation => f.invitation,
            DraftFact::Problem => self.answers_problem(),
        }
    }

    fn context_is(&self, kind: ContextKind) -> bool {
        match &self.context {
            None => kind == ContextKind::Absent,
            Some(c) => c.is(kind),
        }
    }

    /// Whether the words at `span` are part of a name or a title: its first
    /// word is marked a name by the tokenizer (capitalized inside a sentence
    /// next to another capital, or after "the"/"our"...), and the name
    /// visibly runs on: every word of a phrase of two or more words is
    /// capitalized ("Shut Up and Run"), or a capitalized word sits right
    /// before or after it ("the Troll King", "The Idiot"). A pronoun never
    /// starts a name ("You Idiot" is a label).
    fn is_title(&self, span: &Range<usize>) -> bool {
        use crate::nlp::token::{Caps, Kind};
        let t = self.tokens();
        let first = t.tokens.partition_point(|k| k.span.end <= span.start);
        let end = t.tokens.partition_point(|k| k.span.start < span.end);
        if first >= end || !t.tokens[first].name {
            return false;
        }
        if matches!(
            t.form(first),
            "you" | "your" | "yours" | "we" | "our" | "i" | "they" | "he" | "she" | "u" | "ur"
        ) {
            return false;
        }
        let capital = |i: usize| {
            let k = &t.tokens[i];
            k.kind == Kind::Word && k.caps == Caps::Initial && t.form(i) != "i"
        };
        let words: Vec<usize> = (first..end).filter(|&i| t.tokens[i].is_word()).collect();
        let sentence = t.tokens[first].sentence;
        // A title is part of a sentence; "Thanks For Nothing." on its own is
        // the phrase, shouted in Title Case.
        let more_words = (end..t.len())
            .take_while(|&i| t.tokens[i].sentence == sentence)
            .any(|i| t.tokens[i].is_word());
        let all_capital = words.len() >= 2 && words.iter().all(|&i| capital(i)) && more_words;
        let before = first.checked_sub(1).is_some_and(|p| {
            t.tokens[p].sentence == sentence && capital(p) && !t.tokens[p].sentence_start
        });
        let next = t.past_possessive(end);
        let after = next < t.len() && t.tokens[next].sentence == sentence && capital(next);
        // Inside a sentence, "the" or "called" before a capitalized word
        // makes it a name even when a plain word follows ("the Clown fight",
        // "phase 2 of the Hater").
        let introduced = !t.tokens[first].sentence_start
            && first.checked_sub(1).is_some_and(|p| {
                t.tokens[p].sentence == sentence && matches!(t.form(p), "the" | "named" | "called")
            });
        all_capital || before || after || introduced
    }

    /// The start of the sentence's first word, skipping masks, quotes and
    /// symbols.
    fn sentence_first_word(&self, sentence: &Range<usize>) -> usize {
        let text = self.text();
        text[sentence.clone()]
            .char_indices()
            .find(|&(_, c)| crate::text::is_word_char(c))
            .map_or(sentence.end, |(i, _)| sentence.start + i)
    }

    /// Checks a group's conditions for a hit. `Ok(())` keeps the match;
    /// `Err(reason)` says why it was dropped.
    pub fn check_conditions(&self, c: &Conditions, span: &Range<usize>) -> Result<(), Rejection> {
        let text = self.text();
        let sentence = self.sentence(span.start);
        if c.skip_quoted && self.in_quotes(span) {
            return Err(Rejection::Fixed("inside a quotation: the customer's words"));
        }
        if c.skip_quoted && self.is_reported(span) {
            return Err(Rejection::Fixed(
                "reported speech (\"you said ...\"): the customer's words",
            ));
        }
        if self.is_title(span) {
            return Err(Rejection::Fixed(
                "a name or title (\"the Troll King\", \"Shut Up and Run\"), not the words it spells",
            ));
        }
        if c.sentence_start && self.sentence_first_word(&sentence) != span.start {
            return Err(Rejection::Fixed("not at the start of its sentence"));
        }
        let next = char_after(text, span.end, sentence.end);
        let next_is_break =
            next.is_none_or(|n| matches!(n, ',' | '.' | '!' | '?' | ';' | ':' | ')' | '-'));
        if c.standalone && !next_is_break {
            return Err(Rejection::Fixed("more words follow (not used on its own)"));
        }
        if c.vocative {
            let prev = char_before(text, sentence.start, span.start);
            let prev_ok = prev.is_none_or(|p| matches!(p, ',' | '-' | '(' | ':' | '.' | '!'))
                || self.preceded_by(self.lists.vocative_lead, span, &sentence, 1);
            if !(prev_ok && next_is_break) {
                return Err(Rejection::Fixed("not addressing someone (not a vocative)"));
            }
        }
        if c.negatable && self.is_negated(span) {
            return Err(Rejection::Fixed("negated (\"not\", \"never\" just before)"));
        }
        if let Some(l) = c.preceded_by {
            if !self.preceded_by(l, span, &sentence, c.within) {
                return Err(Rejection::List("not preceded by", l));
            }
        }
        if let Some(l) = c.unless_preceded_by {
            if self.preceded_by(l, span, &sentence, c.within) {
                return Err(Rejection::List("preceded by", l));
            }
        }
        if let Some(l) = c.followed_by {
            if !self.followed_by(l, span, &sentence, c.within) {
                return Err(Rejection::List("not followed by", l));
            }
        }
        if let Some(l) = c.unless_followed_by {
            if self.followed_by(l, span, &sentence, c.within) {
                return Err(Rejection::List("followed by", l));
            }
        }
        let after = span.end..sentence.end;
        if let Some(l) = c.later_in_sentence {
            if self.list_in_range(l, after.clone()).is_empty() {
                return Err(Rejection::List("nothing later in the sentence from", l));
            }
        }
        if let Some(l) = c.unless_later_in_sentence {
            if !self.list_in_range(l, after.clone()).is_empty() {
                return Err(Rejection::List("later in the sentence:", l));
            }
        }
        let clause = self.clause(span.clone());
        if let Some(l) = c.clause_has {
            if !self.has_besides(l, clause.clone(), span) {
                return Err(Rejection::List("clause lacks", l));
            }
        }
        if let Some(l) = c.unless_clause_has {
            if self.has_besides(l, clause.clone(), span) {
                return Err(Rejection::List("clause has", l));
            }
        }
        if let Some(l) = c.sentence_has {
            if !self.has_besides(l, sentence.clone(), span) {
                return Err(Rejection::List("sentence lacks", l));
            }
        }
        if let Some(l) = c.unless_sentence_has {
            if self.has_besides(l, sentence.clone(), span) {
                return Err(Rejection::List("sentence has", l));
            }
        }
        let whole = 0..self.text().len();
        if let Some(l) = c.draft_has {
            if !self.has_besides(l, whole.clone(), span) {
                return Err(Rejection::List("draft lacks", l));
            }
        }
        if let Some(l) = c.unless_draft_has {
            if self.has_besides(l, whole, span) {
                return Err(Rejection::List("draft has", l));
            }
        }
        if let Some(l) = c.context_has {
            if !self.context.as_ref().is_some_and(|ctx| ctx.has(l)) {
                return Err(Rejection::List("context lacks", l));
            }
        }
        if let Some(l) = c.unless_context_has {
            if self.context.as_ref().is_some_and(|ctx| ctx.has(l)) {
                return Err(Rejection::List("context has", l));
            }
        }
        if !c.context_is.is_empty() && !c.context_is.iter().any(|&k| self.context_is(k)) {
            return Err(Rejection::Text(format!(
                "context is not {}",
                kinds(&c.context_is)
            )));
        }
        if let Some(k) = c.unless_context_is.iter().find(|&&k| self.context_is(k)) {
            return Err(Rejection::Text(format!(
                "context is {}",
                kinds(std::slice::from_ref(k))
            )));
        }
        if let Some(f) = c.draft_is.iter().find(|&&f| !self.fact(f)) {
            return Err(Rejection::Text(
                format!("draft is not {f:?}").to_lowercase(),
            ));
        }
        if let Some(f) = c.unless_draft_is.iter().find(|&&f| self.fact(f)) {
            return Err(Rejection::Text(format!("draft is {f:?}").to_lowercase()));
        }
        Ok(())
    }

    /// List `l` ends within `within` words before `span`, in its sentence.
    fn preceded_by(
        &self,
        l: ListId,
        span: &Range<usize>,
        sentence: &Range<usize>,
        within: usize,
    ) -> bool {
        let from = words_back(self.text(), sentence.clone(), span.start)
            .take(within)
            .last()
            .map_or(span.start, |w| w.start);
        self.list_in_range(l, sentence.start..span.start)
            .iter()
            .any(|h| h.end <= span.start && h.end > from)
    }

    /// List `l` starts within `within` words after `span`, in its sentence.
    fn followed_by(
        &self,
        l: ListId,
        span: &Range<usize>,
        sentence: &Range<usize>,
        within: usize,
    ) -> bool {
        let to = words_on(self.text(), sentence.clone(), span.end)
            .take(within)
            .last()
            .map_or(span.end, |w| w.end);
        !self.list_in_range(l, span.end..to).is_empty()
    }

    /// The reason `r` in words, for `--explain-matches`.
    pub fn explain_rejection(&self, r: &Rejection) -> String {
        match r {
            Rejection::Fixed(why) => why.to_string(),
            Rejection::List(why, l) => format!("{why} {}", self.list_name(*l)),
            Rejection::Text(why) => why.clone(),
        }
    }

    /// A readable name for a list in explanations.
    pub fn list_name(&self, l: ListId) -> String {
        match self.catalog.list_names.get(l as usize) {
            Some(Some(name)) => format!("@{name}"),
            _ => "one of its phrases".to_string(),
        }
    }
}

fn kinds(k: &[ContextKind]) -> String {
    k.iter()
        .map(|k| format!("{k:?}").to_lowercase())
        .collect::<Vec<_>>()
        .join(" or ")
}

trait IfEmpty {
    fn if_empty(self, default: &str) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, default: &str) -> String {
        if self.is_empty() {
            default.to_string()
        } else {
            self
        }
    }
}
