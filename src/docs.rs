//! Documentation generated from the rule packs: `replylint explain RULE`,
//! `docs/rules/<id>.md` and `docs/rules/README.md` all come from here, so the
//! docs can never drift from the rules (`tests/docs.rs` checks the committed
//! files; `REPLYLINT_BLESS=1 cargo test --test docs` rewrites them).

use crate::diagnostic::Severity;
use crate::pack::{ExampleInfo, RuleInfo};

/// An id that appears in output without being a pack's rule: the engine's
/// own `unused-suppression`, the `input` of files that could not be read,
/// and `vocabulary/avoid` (a rule only when a configuration lists words).
#[derive(Debug, Clone, Copy)]
pub struct MetaId {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub help: &'static str,
    /// The text of `replylint explain ID`.
    pub explanation: &'static str,
    /// Whether it is a rule of every run: listed by `replylint rules` and
    /// `--show-settings`, selectable (`vocabulary/avoid` is one only when a
    /// configuration lists words, and then comes with the catalog).
    pub always_a_rule: bool,
}

/// Every [`MetaId`].
pub const META_IDS: &[MetaId] = &[
    MetaId {
        id: crate::config::UNUSED_SUPPRESSION,
        severity: Severity::Info,
        summary: "An inline suppression that silences nothing.",
        help: "Remove it, or name the rule it is meant for.",
        explanation: "unused-suppression (info, replylint's own)\n\n\
An inline suppression that silences nothing.\n\n\
Why\n  A `replylint-disable` comment, a `replylint: ignore` line or a\n  \
`replylint-ignore` field that covers no finding (the text changed, or it\n  \
names a rule that does not exist) only hides the next real problem.\n\n\
Instead\n  Remove it, or name the rule it is meant for. Switch the check off with\n  \
`ignore = [\"unused-suppression\"]`.\n",
        always_a_rule: true,
    },
    MetaId {
        id: crate::suppress::EXPIRED_SUPPRESSION,
        severity: crate::suppress::META_RULES[0].1,
        summary: crate::suppress::META_RULES[0].2,
        help: "Fix what it silenced, or agree on it again with a new `until` date.",
        explanation: "expired-suppression (warning, replylint's own)\n\n\
A suppression past its `until` date: it silences nothing any more.\n\n\
Why\n  `replylint: ignore blame -- agreed with legal, until 2027-06-30` holds\n  \
until that day (UTC). After it, the finding it silenced is reported again,\n  \
and so is the suppression, so the agreement is looked at again. A date that\n  \
is not a day (`until June`) never holds.\n\n\
Instead\n  Fix what it silenced, or agree on it again with a new date. Switch the\n  \
check off with `ignore = [\"expired-suppression\"]`. See docs/adopting.md.\n",
        always_a_rule: true,
    },
    MetaId {
        id: crate::suppress::SUPPRESSION_WITHOUT_REASON,
        severity: crate::suppress::META_RULES[1].1,
        summary: crate::suppress::META_RULES[1].2,
        help: "Say why after ` -- `: `replylint: ignore blame -- agreed wording with legal`.",
        explanation: "suppression-without-reason (error, replylint's own)\n\n\
A suppression that does not say why, reported only with --require-reason.\n\n\
Why\n  A team that requires reasons wants every silenced finding explained, so\n  \
the next reader knows whether it still applies.\n\n\
Instead\n  Say why after ` -- `: `replylint: ignore blame -- agreed wording with\n  \
legal`, optionally `, until YYYY-MM-DD`. See docs/adopting.md.\n",
        always_a_rule: true,
    },
    MetaId {
        id: crate::linter::HEAT,
        severity: Severity::Error,
        summary: "A draft whose heat is above --max-heat.",
        help: "Cool it down: drop the words that heat it, acknowledge the problem, and say what you'll do.",
        explanation: "heat (error, replylint's own; only with --max-heat or `max-heat`)\n\n\
A draft whose heat is above the team's limit.\n\n\
Why\n  Every draft gets a heat from 0 (calm, warm) to 100 (will escalate): a\n  \
linear model over its words, pairs of words, valence, capitals, `!` and\n  \
`?`, trained on labeled replies and on requests people rated for\n  \
politeness. `--max-heat N` (or `max-heat = N` in the configuration) makes\n  \
a draft above N fail like an error, on its hottest sentence; the words\n  \
that moved the heat most are named. See docs/heat.md.\n\n\
Instead\n  Drop the words that heat the draft, acknowledge the problem, and say\n  \
what you'll do.\n",
        always_a_rule: false,
    },
    MetaId {
        id: "input",
        severity: Severity::Error,
        summary: "A file that could not be checked.",
        help: "Fix the file, or leave it out with --exclude.",
        explanation: "input (error; not a rule)\n\n\
A file that could not be checked: missing or unreadable, not UTF-8, binary,\n\
too large, or not valid as its format (JSON, YAML, TOML, CSV...). The\n\
compact, JSON Lines and editor outputs show it as `error[input]` at its\n\
location.\n\n\
Why\n  A draft that was not read was not checked; the run exits with code 2\n  \
(the other files are still checked and reported).\n\n\
Instead\n  Fix the file, or leave it out with `--exclude GLOB`. It cannot be\n  \
selected or ignored like a rule.\n",
        always_a_rule: false,
    },
    MetaId {
        id: crate::config::VOCABULARY_AVOID,
        severity: Severity::Warning,
        summary: "Words this team does not use.",
        help: "Write the replacement the configuration gives.",
        explanation: "vocabulary/avoid (warning, from your configuration)\n\n\
Words this team does not use, listed in replylint.toml under\n\
`[vocabulary.avoid]`, each with its replacement (a safe fix).\n\n\
Instead\n  Write the replacement; change the severity with `[vocabulary] severity`.\n",
        always_a_rule: false,
    },
];

/// The [`MetaId`] `id`, if it is one.
pub fn meta_id(id: &str) -> Option<&'static MetaId> {
    META_IDS.iter().find(|m| m.id == id)
}

/// `replylint explain GROUP`: what the group is and the rules in it.
pub fn group_explanation(group: &str, rules: &[&RuleInfo]) -> String {
    let title = match group {
        "all" => "every rule".to_string(),
        "triggers" => "the customer's hot buttons".to_string(),
        g if g.ends_with("/*") => format!("every rule of the `{}` namespace", &g[..g.len() - 2]),
        g => group_name(g),
    };
    let mut s = format!("{group} (a group: {title})\n");
    // What the group stands for, in its rules' own words ("Blanchard's
    // seventh rule: never, ever get sucked into an argument..."), once.
    let mut said: Vec<String> = Vec::new();
    for r in rules.iter().filter(|_| group != "all") {
        let Some(why) = &r.why else { continue };
        let first = why.split_inclusive(['.', '!']).next().unwrap_or("");
        let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
        if first.contains("rule:") && !said.contains(&first) {
            said.push(first);
        }
    }
    for line in &said {
        s.push_str(&format!("\n{line}\n"));
    }
    s.push_str(&format!("\nRules ({})\n", rules.len()));
    let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in rules {
        s.push_str(&format!(
            "  {:w$}  {:7}  {}\n",
            r.id,
            r.severity.as_str(),
            r.summary
        ));
    }
    s.push_str(&format!(
        "\nSelect or switch them off together: `--select {group}`, `ignore = [\"{group}\"]`.\n\
         Each rule: `replylint explain RULE`.\n"
    ));
    s
}

/// A readable name for a rule group.
pub fn group_name(g: &str) -> String {
    match g.strip_prefix("rule-") {
        Some(n) => format!("Blanchard's rule {n}"),
        None if g == "triggers" => "hot-button trigger".to_string(),
        None => g.to_string(),
    }
}

fn example_line(e: &ExampleInfo) -> String {
    match &e.context {
        Some(c) => format!("\"{}\" (answering: \"{}\")", e.text, c),
        None => format!("\"{}\"", e.text),
    }
}

fn indent(t: &str) -> String {
    t.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plain-text explanation printed by `replylint explain`.
pub fn explain_text(r: &RuleInfo) -> String {
    let mut s = format!(
        "{} ({}, {})\n\n{}\n",
        r.id,
        r.severity,
        group_name(&r.group),
        r.summary
    );
    if let Some(why) = &r.why {
        s.push_str(&format!("\nWhy\n{}\n", indent(why.trim())));
    }
    let flagged: Vec<_> = r.examples.iter().filter(|e| !e.flags.is_empty()).collect();
    let fine: Vec<_> = r.examples.iter().filter(|e| e.flags.is_empty()).collect();
    if !flagged.is_empty() {
        s.push_str("\nFlags, for example\n");
        for e in &flagged {
            s.push_str(&format!("  - {}\n", example_line(e)));
        }
    }
    if r.not.is_some() || !fine.is_empty() {
        s.push_str("\nDoes not flag\n");
        if let Some(not) = &r.not {
            s.push_str(&format!("{}\n", indent(not.trim())));
        }
        for e in &fine {
            s.push_str(&format!("  - {}\n", example_line(e)));
        }
    }
    s.push_str(&format!("\nInstead\n{}\n", indent(&r.help)));
    if let Some(b) = &r.better {
        s.push_str("\nBefore/after\n");
        if let Some(before) = flagged.first() {
            s.push_str(&format!("  before: {}\n", before.text));
        }
        s.push_str(&format!("  after:  {b}\n"));
    }
    s
}

/// `docs/rules/<id>.md`.
pub fn rule_markdown(r: &RuleInfo) -> String {
    let mut s = format!(
        "<!-- generated from lints/{id}.toml by `REPLYLINT_BLESS=1 cargo test --test docs`; do not edit -->\n\n# `{id}`\n\n**{sev}** · {group}{engine}\n\n{summary}\n",
        id = r.id,
        sev = r.severity,
        group = group_name(&r.group),
        engine = if r.engine == crate::pack::schema::Engine::Rust {
            " · logic in Rust, word lists in the pack"
        } else {
            ""
        },
        summary = r.summary,
    );
    if let Some(why) = &r.why {
        s.push_str(&format!("\n## Why\n\n{}\n", why.trim()));
    }
    let flagged: Vec<_> = r.examples.iter().filter(|e| !e.flags.is_empty()).collect();
    let fine: Vec<_> = r.examples.iter().filter(|e| e.flags.is_empty()).collect();
    if !flagged.is_empty() {
        s.push_str("\n## Flags\n\n");
        for e in &flagged {
            let what = if e.flags == ["*"] {
                "the whole reply".to_string()
            } else {
                e.flags
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            s.push_str(&format!("- {} — flags {what}\n", example_line(e)));
        }
    }
    s.push_str("\n## Does not flag\n\n");
    if let Some(not) = &r.not {
        s.push_str(&format!("{}\n\n", not.trim()));
    }
    for e in &fine {
        s.push_str(&format!("- {}\n", example_line(e)));
    }
    s.push_str(&format!("\n## What to write instead\n\n{}\n", r.help));
    if let Some(b) = &r.better {
        s.push_str(&format!("\n> {b}\n"));
    }
    s.push_str(&format!(
        "\n## Configure\n\n```toml\n# replylint.toml\nignore = [\"{id}\"]            # switch it off\n[severity]\n\"{id}\" = \"error\"             # or change its severity\n```\n",
        id = r.id
    ));
    s
}

/// `docs/rules/README.md`: the table of every rule.
pub fn rules_index_markdown(rules: &[RuleInfo]) -> String {
    let mut s = String::from(
        "<!-- generated by `REPLYLINT_BLESS=1 cargo test --test docs`; do not edit -->\n\n# Rules\n\n| id | severity | group | summary |\n|---|---|---|---|\n",
    );
    for r in rules {
        s.push_str(&format!(
            "| [`{id}`]({id}.md) | {sev} | {group} | {summary} |\n",
            id = r.id,
            sev = r.severity,
            group = group_name(&r.group),
            summary = r.summary.replace('|', "\\|"),
        ));
    }
    s
}
