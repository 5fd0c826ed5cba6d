//! The [`Linter`]: built once from packs and settings, then run on many drafts.
//!
//! For each draft the pipeline is:
//!
//! 1. mask the team's allowed names (vocabulary), normalize, scan once with the
//!    catalog's automaton, segment ([`Analysis`]);
//! 2. judge the customer's message, if given ([`ContextInfo`]);
//! 3. check each phrase hit against its group's conditions; among overlapping
//!    hits of one rule keep the longest;
//! 4. run the Rust rules ([`crate::rules`]), draft-level ones last so they see
//!    every other finding;
//! 5. drop the findings of rules that are switched off (every rule that
//!    applies to the channel ran: selection filters the output, it does not
//!    change the judgment), apply severity overrides, and turn findings into
//!    [`Diagnostic`]s.

use crate::Channel;
use crate::analysis::{Analysis, EngineLists};
use crate::context::{ContextInfo, ContextLists};
use crate::diagnostic::{Applicability, Diagnostic, Severity, Suggestion};
use crate::error::SourceError;
use crate::finding::Finding;
use crate::matcher::GroupId;
use crate::pack::{Catalog, PackText, RuleIdx};
use crate::reading::{Read, Reading};
use crate::rules::{self, CodeRule};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

/// One draft to lint.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    /// The reply being written.
    pub text: &'a str,
    /// The customer message it answers, if known.
    pub context: Option<&'a str>,
    /// Where it will be posted; `None`: not known, so private if the draft
    /// reads as an e-mail and public otherwise (see [`crate::channel`]).
    pub channel: Option<Channel>,
}

impl<'a> Draft<'a> {
    /// A draft with no context and an unknown channel.
    pub fn new(text: &'a str) -> Self {
        Draft {
            text,
            context: None,
            channel: None,
        }
    }

    /// Sets the customer message being answered.
    pub fn with_context(mut self, context: &'a str) -> Self {
        self.context = Some(context);
        self
    }

    /// Sets the channel.
    pub fn with_channel(mut self, channel: Channel) -> Self {
        self.channel = Some(channel);
        self
    }
}

/// What a configuration can change about a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Rule ids that are switched off.
    pub disabled: BTreeSet<String>,
    /// Severity per rule id, replacing the rule's default.
    pub severity: BTreeMap<String, Severity>,
    /// Names and words that are never flagged (product names in capitals,
    /// a brand with a rude word in it). Matched case-insensitively as words.
    pub allow: Vec<String>,
    /// Channel for drafts that do not say.
    pub default_channel: Option<Channel>,
    /// A draft whose heat is above this fails like an error (`--max-heat`,
    /// the `heat` finding).
    pub max_heat: Option<u8>,
}

/// Why a phrase fired or did not (`--explain-matches`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub rule: String,
    /// Byte range in the original draft.
    pub span: Range<usize>,
    pub kept: bool,
    pub reason: String,
}

/// What the learned scorers see of one draft ([`Linter::training_view`]).
#[derive(Debug, Clone)]
pub struct TrainingView {
    /// Each sentence's original byte span and features.
    pub sentences: Vec<(Range<usize>, Vec<crate::model::features::Feature>)>,
    /// What the scorer takes off each sentence's scores (see
    /// [`crate::model::features::margin`]).
    pub margins: Vec<f32>,
    /// The features' names, when asked for (reports of what a model learned).
    pub sentence_names: Vec<Vec<String>>,
    /// The draft's features (the draft-level rules).
    pub draft: Vec<crate::model::features::Feature>,
    pub draft_names: Vec<String>,
    /// The draft apologizes / invites (the draft-level rules' gates).
    pub apology: bool,
    pub invitation: bool,
    /// Rules the phrase groups and Rust span rules found.
    pub phrase_rules: Vec<String>,
    /// The context model's features of the customer's message (empty
    /// without one) and the tone model's features of the whole draft.
    pub context: Vec<crate::model::features::Feature>,
    pub context_names: Vec<String>,
    pub tone: Vec<crate::model::features::Feature>,
    pub tone_names: Vec<String>,
}

/// The id of the finding `--max-heat` adds to a draft that reads too hot.
pub const HEAT: &str = "heat";

/// The finding for a draft above `--max-heat`, on its hottest sentence.
fn heat_diagnostic(tone: &crate::reading::Tone, max: u8, span: Range<usize>) -> Diagnostic {
    let words: Vec<String> = tone
        .contributors
        .iter()
        .map(|c| format!("\"{}\"", c.words))
        .collect();
    Diagnostic {
        rule: Arc::from(HEAT),
        severity: Severity::Error,
        message: Arc::from(format!(
            "this draft reads {} (heat {} > --max-heat {max})",
            tone.word, tone.heat
        )),
        label: Arc::from(if words.is_empty() {
            "the hottest sentence".to_string()
        } else {
            format!("the hottest sentence; heat from {}", words.join(", "))
        }),
        help: Arc::from(
            "Cool it down: drop the words that heat it, acknowledge the problem, and say what you'll do.",
        ),
        span,
        draft_level: true,
        suggestions: Vec::new(),
    }
}

/// The rules whose findings the customer's situation changes.
fn situational(rule: &str) -> bool {
    matches!(
        rule,
        "missing-apology" | "missing-acknowledgment" | "no-next-step"
    )
}

/// Fits a draft-level finding to the customer's situation: high impact
/// raises `missing-apology` and `missing-acknowledgment` to errors (unless
/// the configuration changed their severity) and says why; the help of the rules about
/// what a reply must do names the remedy that fits the complaint.
fn fit_to_situation(
    d: &mut Diagnostic,
    c: &crate::reading::ContextFacts,
    settings: &Settings,
    default: Option<Severity>,
) {
    let rule = &*d.rule;
    if !situational(rule) {
        return;
    }
    let mut help = d.help.to_string();
    if let Some(r) = c
        .complaint
        .first()
        .and_then(|f| crate::reading::remedy(&f.name))
    {
        help.push_str(&format!(
            " For this complaint ({}): {r}.",
            c.complaint_names()
        ));
    }
    // A severity the configuration changed is the team's word.
    let team_set = settings
        .severity
        .get(rule)
        .is_some_and(|s| Some(*s) != default);
    if c.high_impact() && rule != "no-next-step" && !team_set {
        d.severity = Severity::Error;
        let why = if c.impact.words.is_empty() {
            String::new()
        } else {
            format!(": \"{}\"", c.impact.words.join("\", \""))
        };
        help.push_str(&format!(
            " This is an error because the customer's message shows high impact{why}."
        ));
    }
    d.help = Arc::from(help);
}

/// Where a draft is posted: its own channel, the settings' default, or as
/// [`crate::channel::decide`] reads the text (an e-mail is private).
fn channel_of(draft: &Draft<'_>, settings: &Settings) -> Channel {
    crate::channel::decide(draft.channel.or(settings.default_channel), draft.text).0
}

/// Built once per run; lints any number of drafts, from any thread.
pub struct Linter {
    catalog: Catalog,
    engine_lists: EngineLists,
    context_lists: ContextLists,
    code_rules: Vec<(RuleIdx, Box<dyn CodeRule>)>,
    settings: Settings,
    allow: Option<AhoCorasick>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("rules", &self.catalog.rules.len())
            .field("settings", &self.settings)
            .finish()
    }
}

impl Linter {
    /// The built-in rules with default settings.
    pub fn builtin() -> Result<Linter, Vec<SourceError>> {
        Linter::new(&PackText::builtins(), Settings::default())
    }

    /// Builds a linter from pack texts (built-in and team packs) and settings.
    pub fn new(packs: &[PackText], settings: Settings) -> Result<Linter, Vec<SourceError>> {
        let catalog = Catalog::load(packs)?;
        Linter::from_catalog(catalog, settings)
    }

    /// Builds a linter from an already loaded catalog.
    pub fn from_catalog(catalog: Catalog, settings: Settings) -> Result<Linter, Vec<SourceError>> {
        let internal = |msg: String| {
            vec![SourceError::new(
                "lints",
                std::sync::Arc::from(""),
                None,
                msg,
            )]
        };
        let engine_lists = EngineLists::resolve(&catalog).map_err(internal)?;
        let context_lists = ContextLists::resolve(&catalog).map_err(internal)?;
        let code_rules = rules::build_all(&catalog).map_err(internal)?;
        let allow = build_allow(&settings.allow);
        Ok(Linter {
            catalog,
            engine_lists,
            context_lists,
            code_rules,
            settings,
            allow,
        })
    }

    /// The rules, texts and lists of this run.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The settings this linter was built with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Lints one draft with this linter's settings.
    pub fn lint(&self, draft: &Draft<'_>) -> Vec<Diagnostic> {
        self.lint_with(draft, &self.settings, None)
    }

    /// Lints one draft and records why each phrase fired or not.
    pub fn explain(&self, draft: &Draft<'_>) -> (Vec<Diagnostic>, Vec<Decision>) {
        self.explain_with(draft, &self.settings)
    }

    /// [`Linter::explain`] with other settings (a file's own selection):
    /// decisions are recorded for the rules `settings` shows.
    pub fn explain_with(
        &self,
        draft: &Draft<'_>,
        settings: &Settings,
    ) -> (Vec<Diagnostic>, Vec<Decision>) {
        let mut trace = Vec::new();
        let d = self.lint_with(draft, settings, Some(&mut trace));
        (d, trace)
    }

    /// Lints one draft with other settings (per-path overrides). The
    /// vocabulary of `settings` must equal this linter's (it is compiled once).
    pub fn lint_with(
        &self,
        draft: &Draft<'_>,
        settings: &Settings,
        trace: Option<&mut Vec<Decision>>,
    ) -> Vec<Diagnostic> {
        self.lint_and_read(draft, settings, trace, Read::Nothing).0
    }

    /// [`Linter::lint_with`], and what the draft reads as besides its
    /// findings: the customer's situation and the draft's heat
    /// ([`crate::reading`]).
    pub fn lint_and_read(
        &self,
        draft: &Draft<'_>,
        settings: &Settings,
        trace: Option<&mut Vec<Decision>>,
        read: Read,
    ) -> (Vec<Diagnostic>, Reading) {
        let (mut diags, reading) = self.judge(draft, settings, trace, read);
        let any_safe = diags.iter().any(|d| {
            d.suggestions
                .iter()
                .any(|s| s.applicability == Applicability::Safe)
        });
        if settings.disabled.is_empty() || !any_safe {
            self.confirm_safe_fixes(draft, settings, &mut diags);
            return (diags, reading);
        }
        // With rules hidden, a safe fix is still checked next to every
        // rule's fixes, so the verdict cannot depend on which rules are shown
        // (removing "Obviously" before "!!" leaves "?!": the "!!" fix is for
        // review whether or not `condescension` is on). The shown findings
        // and the reading stay those of `settings`.
        let all = Settings {
            disabled: BTreeSet::new(),
            ..settings.clone()
        };
        let mut every = self.judge(draft, &all, None, Read::Nothing).0;
        self.confirm_safe_fixes(draft, &all, &mut every);
        for d in &mut diags {
            // Selection only filters, so every shown finding is among them;
            // one that were not would keep no unchecked claim of safety.
            let checked = every.iter().find(|e| {
                e.rule == d.rule && e.span == d.span && e.suggestions.len() == d.suggestions.len()
            });
            for (i, s) in d.suggestions.iter_mut().enumerate() {
                if s.applicability == Applicability::Safe {
                    s.applicability =
                        checked.map_or(Applicability::Review, |c| c.suggestions[i].applicability);
                }
            }
        }
        (diags, reading)
    }

    /// [`Linter::lint_without_fix_check`], and the draft's reading.
    pub fn lint_and_read_without_fix_check(
        &self,
        draft: &Draft<'_>,
        settings: &Settings,
        read: Read,
    ) -> (Vec<Diagnostic>, Reading) {
        self.judge(draft, settings, None, read)
    }

    /// [`Linter::lint_with`] without checking the safe fixes: their labels
    /// may claim too much. For outputs that show neither suggestions nor
    /// fixes (the compact format): the check lints each draft with a safe
    /// fix a second time, 45 % more time on the benchmark library.
    pub fn lint_without_fix_check(
        &self,
        draft: &Draft<'_>,
        settings: &Settings,
    ) -> Vec<Diagnostic> {
        self.judge(draft, settings, None, Read::Nothing).0
    }

    /// A safe fix must do what it says: once applied, its rule no longer
    /// flags the draft at the place it edited; otherwise it is offered for
    /// review only. ("Calm down, it's not a big deal." -> "It's not a big
    /// deal." is still dismissive there, so removing "Calm down, " is no safe
    /// fix of that draft.) The draft is linted again with the safe fixes
    /// applied: at once for the fixes that do not touch each other, the
    /// others in further passes.
    fn confirm_safe_fixes(&self, draft: &Draft<'_>, settings: &Settings, diags: &mut [Diagnostic]) {
        let text = draft.text;
        let mut pending: Vec<(usize, usize)> = Vec::new();
        for (d, diag) in diags.iter().enumerate() {
            for (s, sug) in diag.suggestions.iter().enumerate() {
                let placeable = sug.span.start <= sug.span.end
                    && text.is_char_boundary(sug.span.start)
                    && text.is_char_boundary(sug.span.end)
                    && sug.span.end <= text.len();
                if sug.applicability == Applicability::Safe && placeable {
                    pending.push((d, s));
                }
            }
        }
        pending.sort_by_key(|&(d, s)| {
            let span = &diags[d].suggestions[s].span;
            (span.start, span.end)
        });
        while !pending.is_empty() {
            let mut fixed = String::with_capacity(text.len());
            let mut at = 0;
            let mut batch: Vec<(usize, usize, Range<usize>)> = Vec::new();
            let mut later = Vec::new();
            for (d, s) in pending {
                let sug = &diags[d].suggestions[s];
                if !batch.is_empty() && sug.span.start <= at {
                    later.push((d, s));
                    continue;
                }
                fixed.push_str(&text[at..sug.span.start]);
                let start = fixed.len();
                fixed.push_str(&sug.edit);
                batch.push((d, s, start..fixed.len()));
                at = sug.span.end;
            }
            fixed.push_str(&text[at..]);
            let after = self
                .judge(
                    &Draft {
                        text: &fixed,
                        ..*draft
                    },
                    settings,
                    None,
                    Read::Nothing,
                )
                .0;
            for (d, s, place) in batch {
                let still = after
                    .iter()
                    .any(|x| x.rule == diags[d].rule && flags_at(&x.span, &place));
                if still {
                    diags[d].suggestions[s].applicability = Applicability::Review;
                }
            }
            pending = later;
        }
    }

    /// The judgment itself: every finding of the shown rules, their
    /// suggestions as the packs label them.
    fn judge(
        &self,
        draft: &Draft<'_>,
        settings: &Settings,
        mut trace: Option<&mut Vec<Decision>>,
        read: Read,
    ) -> (Vec<Diagnostic>, Reading) {
        // Not given: an e-mail is private, anything else public (see
        // `crate::channel`).
        let (channel, decided) =
            crate::channel::decide(draft.channel.or(settings.default_channel), draft.text);
        // Every rule that applies to the channel runs, whichever are shown:
        // the draft-level rules read the other findings (a `blame` finding
        // tells that the customer complained), so `--select` and `--ignore`
        // filter the output and never change what is judged.
        let applies = |rule: RuleIdx| {
            let info = &self.catalog.rules[rule];
            info.channels.as_ref().is_none_or(|c| c.contains(&channel))
        };
        let shown = |rule: RuleIdx| !settings.disabled.contains(&*self.catalog.rules[rule].id);
        let a = self.analyse(draft, channel);
        let mut findings = self.early_findings(&a, &applies, &shown, trace.as_deref_mut());

        // The learned sentence scorer, then the draft-level rules (they read
        // every other finding).
        if let Some(model) = crate::model::builtin::sentence() {
            for s in crate::scorer::span_findings(&a, model, &findings, trace.is_some()) {
                if let Some(t) = trace.as_deref_mut().filter(|_| shown(s.finding.rule)) {
                    let reasons: Vec<String> = s
                        .reasons
                        .iter()
                        .map(|(n, c)| format!("{c:+.2} {n}"))
                        .collect();
                    t.push(Decision {
                        rule: self.catalog.rules[s.finding.rule].id.to_string(),
                        span: s.finding.span.clone(),
                        kept: true,
                        reason: format!(
                            "learned score {:.2} >= threshold {:.2}; heaviest features: {}",
                            s.score,
                            s.threshold,
                            reasons.join(", ")
                        ),
                    });
                }
                findings.push(s.finding);
            }
        }
        for (rule, code) in &self.code_rules {
            if !code.draft_level() || !applies(*rule) {
                continue;
            }
            let mut out = Vec::new();
            code.check(&a, *rule, &findings, &mut out);
            findings.extend(out);
        }

        if let Some(t) = trace {
            let verdict = rules::problem_verdict(&self.catalog, &a, &findings);
            t.insert(
                0,
                Decision {
                    rule: "(draft)".into(),
                    span: 0..0,
                    kept: true,
                    reason: format!(
                        "{}; channel={} ({})",
                        a.describe(&verdict),
                        channel.as_str(),
                        decided.describe()
                    ),
                },
            );
        }

        let mut diags: Vec<Diagnostic> = findings
            .into_iter()
            .filter(|f| applies(f.rule) && shown(f.rule) && !f.veto)
            .map(|f| self.to_diagnostic(draft.text, f, settings))
            .collect();
        // Read only what is wanted: the context where it changes a finding
        // or is shown, the heat where `--max-heat` needs it or it is shown.
        let wanted = |diags: &[Diagnostic]| match read {
            Read::All => true,
            Read::WithFindings => !diags.is_empty(),
            Read::Nothing => false,
        };
        let mut context = (wanted(&diags) || diags.iter().any(|d| situational(&d.rule)))
            .then(|| crate::reading::context_of(&a))
            .flatten();
        if let Some(c) = &context {
            for d in &mut diags {
                let default = self
                    .catalog
                    .rule_index(&d.rule)
                    .map(|r| self.catalog.rules[r].severity);
                fit_to_situation(d, c, settings, default);
            }
        }
        let tone = (wanted(&diags) || settings.max_heat.is_some())
            .then(|| crate::reading::tone_of(&a, &diags))
            .flatten();
        if let (Some(max), Some(tone)) = (settings.max_heat, &tone)
            && tone.heat > max
            && let Some(span) = crate::reading::hottest_sentence(tone)
        {
            diags.push(heat_diagnostic(tone, max, span));
        }
        let shown_reading = wanted(&diags);
        if shown_reading && context.is_none() {
            context = crate::reading::context_of(&a);
        }
        let reading = if shown_reading {
            Reading {
                context,
                tone: tone.or_else(|| crate::reading::tone_of(&a, &diags)),
            }
        } else {
            Reading::default()
        };
        diags.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        diags.dedup_by(|x, y| x.rule == y.rule && x.span == y.span);
        (diags, reading)
    }

    /// Masks the team's names, judges the context, normalizes, scans and
    /// segments the draft.
    fn analyse<'d>(&'d self, draft: &Draft<'d>, channel: Channel) -> Analysis<'d> {
        let masks = self.allowed_spans(draft.text);
        let context = draft
            .context
            .map(|c| ContextInfo::analyse(&self.catalog, &self.context_lists, c));
        Analysis::new(
            &self.catalog,
            self.engine_lists,
            draft.text,
            &masks,
            channel,
            context,
        )
    }

    /// The findings of the phrase groups (the longest per rule where they
    /// overlap) and of the Rust rules that are not draft-level, for the rules
    /// that `applies`; the trace records the decisions of the `traced` ones.
    fn early_findings(
        &self,
        a: &Analysis<'_>,
        applies: &dyn Fn(RuleIdx) -> bool,
        traced: &dyn Fn(RuleIdx) -> bool,
        mut trace: Option<&mut Vec<Decision>>,
    ) -> Vec<Finding> {
        let mut candidates: Vec<(RuleIdx, Range<usize>, GroupId)> = Vec::new();
        for hit in &a.hits.groups {
            let group = &self.catalog.groups[hit.id as usize];
            if !applies(group.rule) {
                continue;
            }
            let span = hit.start..hit.end;
            let verdict = a.check_conditions(&group.conditions, &span);
            if let Some(t) = trace.as_deref_mut().filter(|_| traced(group.rule)) {
                t.push(Decision {
                    rule: self.catalog.rules[group.rule].id.to_string(),
                    span: a.orig_span(span.clone()),
                    kept: verdict.is_ok(),
                    reason: match &verdict {
                        Ok(()) => "all conditions hold".into(),
                        Err(r) => a.explain_rejection(r),
                    },
                });
            }
            if verdict.is_ok() {
                candidates.push((group.rule, span, hit.id));
            }
        }
        // Near-miss groups veto the learned scorer; they find nothing.
        let (vetoes, candidates): (Vec<_>, Vec<_>) = candidates
            .into_iter()
            .partition(|(_, _, g)| self.catalog.groups[*g as usize].veto);
        let mut vetoes: Vec<Finding> = vetoes
            .into_iter()
            .map(|(rule, span, group)| Finding {
                group: Some(group),
                veto: true,
                ..Finding::new(rule, a.orig_span(span))
            })
            .collect();
        let mut findings = keep_longest(candidates)
            .into_iter()
            .map(|(rule, span, group)| Finding {
                group: Some(group),
                ..Finding::new(rule, a.orig_span(span))
            })
            .collect::<Vec<_>>();
        for (rule, code) in &self.code_rules {
            if code.draft_level() || !applies(*rule) {
                continue;
            }
            let mut out = Vec::new();
            code.check(a, *rule, &findings, &mut out);
            findings.extend(out);
        }
        findings.append(&mut vetoes);
        findings
    }

    /// What the learned scorers see of a draft, with every rule switched
    /// on: the features of each sentence (and its original span), the
    /// draft's features, the facts the draft-level rules gate on, and the
    /// rules the phrase layer found. Training reads this, so it learns from
    /// exactly the features the linter computes when it lints.
    pub fn training_view(
        &self,
        draft: &Draft<'_>,
        bits: (u32, u32, u32, u32),
        with_names: bool,
    ) -> TrainingView {
        use crate::model::features::{Collector, draft_features, sentence_features};
        let channel = channel_of(draft, &self.settings);
        let a = self.analyse(draft, channel);
        let all = |_: RuleIdx| true;
        let found = self.early_findings(&a, &all, &all, None);
        let facts = a.draft_facts(&found);
        let t = a.tokens();
        let clauses = a.token_clauses();
        let mut sentences = Vec::new();
        let mut margins = Vec::new();
        let mut names = Vec::new();
        for (s, range) in t.sentences.iter().enumerate() {
            if range.is_empty() {
                continue;
            }
            let span = t.tokens[range.start].span.start..t.tokens[range.end - 1].span.end;
            let mut n = Vec::new();
            let mut c = Collector::new(bits.0, with_names.then_some(&mut n));
            sentence_features(
                t,
                clauses,
                s,
                &facts,
                a.context.as_ref().map(|c| c.tokens()),
                &mut c,
            );
            sentences.push((a.orig_span(span), c.features));
            margins.push(crate::model::features::margin(
                facts.has_context,
                crate::model::features::sentence_words(t, s),
            ));
            names.push(n);
        }
        let mut draft_names = Vec::new();
        let mut c = Collector::new(bits.1, with_names.then_some(&mut draft_names));
        draft_features(t, a.context.as_ref().map(|c| c.tokens()), &facts, &mut c);
        let mut phrase_rules: Vec<String> = found
            .iter()
            .filter(|f| !f.veto)
            .map(|f| self.catalog.rules[f.rule].id.to_string())
            .collect();
        phrase_rules.sort();
        phrase_rules.dedup();
        let mut context_names = Vec::new();
        let mut context = Collector::new(bits.2, with_names.then_some(&mut context_names));
        if let Some(ctx) = &a.context {
            crate::model::features::context_features(ctx.tokens(), &ctx.situation, &mut context);
        }
        let mut tone_names = Vec::new();
        let mut tone = Collector::new(bits.3, with_names.then_some(&mut tone_names));
        crate::model::features::tone_features(t, 0..t.len(), &mut tone);
        TrainingView {
            context: context.features,
            context_names,
            tone: tone.features,
            tone_names,
            sentences,
            margins,
            sentence_names: names,
            draft: c.features,
            draft_names,
            apology: facts.apology,
            invitation: facts.invitation,
            phrase_rules,
        }
    }

    fn to_diagnostic(&self, text: &str, f: Finding, settings: &Settings) -> Diagnostic {
        let rule = &self.catalog.rules[f.rule];
        let group = f.group.map(|g| &self.catalog.groups[g as usize]);
        let matched = text.get(f.span.clone()).unwrap_or("");
        let label = f
            .label
            .or_else(|| group.and_then(|g| g.label.clone()))
            .or_else(|| rule.label.clone())
            .unwrap_or_else(|| Arc::from("here"));
        // Most labels are fixed text, shared as they are; only a label that
        // quotes the match is written out per finding.
        let label = if label.contains("{match}") {
            Arc::from(label.replace("{match}", matched.trim()))
        } else {
            label
        };
        let message = f
            .message
            .or_else(|| group.and_then(|g| g.message.clone()))
            .unwrap_or_else(|| rule.message.clone());
        let help = f
            .help
            .or_else(|| group.and_then(|g| g.help.clone()))
            .unwrap_or_else(|| rule.help.clone());
        let mut suggestions: Vec<Suggestion> = group
            .map(|g| {
                g.suggest
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let applicability = if g.safe_fix && i == 0 {
                            Applicability::Safe
                        } else {
                            Applicability::Review
                        };
                        if s.is_empty() {
                            let (span, edit) = crate::suggest::deletion(text, f.span.clone());
                            Suggestion {
                                replacement: String::new(),
                                applicability,
                                span,
                                edit,
                            }
                        } else {
                            Suggestion::replace(
                                f.span.clone(),
                                match_case(matched, s),
                                applicability,
                            )
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        suggestions.extend(f.suggestions);
        Diagnostic {
            rule: rule.id.clone(),
            severity: settings
                .severity
                .get(&*rule.id)
                .copied()
                .unwrap_or(rule.severity),
            message,
            label,
            help,
            span: f.span,
            draft_level: f.draft_level,
            suggestions,
        }
    }

    /// Original spans of the team's allowed names, as whole words.
    fn allowed_spans(&self, text: &str) -> Vec<Range<usize>> {
        let Some(ac) = &self.allow else {
            return Vec::new();
        };
        ac.find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(crate::text::is_word_char)
                    && !after.is_some_and(crate::text::is_word_char)
            })
            .map(|m| m.start()..m.end())
            .collect()
    }
}

fn build_allow(words: &[String]) -> Option<AhoCorasick> {
    let words: Vec<&str> = words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(words)
        .ok()
}

/// Whether a finding at `span` flags the place an edit wrote, `place`: they
/// overlap, or, for a deletion (an empty place), the finding starts there or
/// runs across it.
fn flags_at(span: &Range<usize>, place: &Range<usize>) -> bool {
    if place.is_empty() {
        span.start <= place.start && place.start < span.end
    } else {
        span.start < place.end && place.start < span.end
    }
}

/// Among overlapping candidates of the same rule, keeps the longest (the
/// earliest on ties). Candidates of different rules never hide each other.
fn keep_longest(
    mut c: Vec<(RuleIdx, Range<usize>, GroupId)>,
) -> Vec<(RuleIdx, Range<usize>, GroupId)> {
    c.sort_by(|a, b| {
        (a.0, std::cmp::Reverse(a.1.end - a.1.start), a.1.start, a.2).cmp(&(
            b.0,
            std::cmp::Reverse(b.1.end - b.1.start),
            b.1.start,
            b.2,
        ))
    });
    let mut kept: Vec<(RuleIdx, Range<usize>, GroupId)> = Vec::new();
    for cand in c {
        let overlaps = kept
            .iter()
            .any(|k| k.0 == cand.0 && k.1.start < cand.1.end && cand.1.start < k.1.end);
        if !overlaps {
            kept.push(cand);
        }
    }
    kept.sort_by_key(|k| (k.1.start, k.0));
    kept
}

/// Gives `replacement` the capitalization of the first letter of `matched`.
fn match_case(matched: &str, replacement: &str) -> String {
    let starts_upper = matched
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    let all_upper = matched.chars().filter(|c| c.is_alphabetic()).count() > 1
        && matched
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if all_upper {
        return replacement.to_uppercase();
    }
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if starts_upper => first.to_uppercase().chain(chars).collect(),
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_wins_per_rule_only() {
        let kept = keep_longest(vec![
            (0, 0..5, 0),
            (0, 0..12, 1),
            (1, 0..5, 2),
            (0, 20..25, 3),
        ]);
        assert_eq!(kept, vec![(0, 0..12, 1), (1, 0..5, 2), (0, 20..25, 3)]);
    }

    #[test]
    fn case_of_suggestions() {
        assert_eq!(match_case("Obviously", "as it happens"), "As it happens");
        assert_eq!(match_case("obviously", "As it happens"), "as it happens");
        assert_eq!(match_case("NOT", "not"), "NOT");
    }
}
