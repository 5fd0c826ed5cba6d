//! `replylint rules` and `replylint explain RULE`.

use super::{EXIT_CLEAN, EXIT_ERROR, RulesArgs, RulesFormat};
use replylint::Linter;
use replylint::error::did_you_mean;
use replylint::pack::RuleInfo;
use std::io::{self, Write};

fn catalog() -> Option<Linter> {
    match Linter::builtin() {
        Ok(l) => Some(l),
        Err(errors) => {
            for e in errors {
                eprintln!("replylint: {e}");
            }
            None
        }
    }
}

/// Prints every rule.
pub fn list(args: RulesArgs) -> io::Result<u8> {
    let Some(linter) = catalog() else { return Ok(EXIT_ERROR) };
    let mut out = io::stdout().lock();
    let rules = &linter.catalog().rules;
    match args.format {
        RulesFormat::Json => {
            let v: Vec<_> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "severity": r.severity, "group": r.group,
                        "summary": r.summary, "engine": format!("{:?}", r.engine).to_lowercase(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        RulesFormat::Human => {
            let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in rules {
                writeln!(out, "{:w$}  {:7}  {:8}  {}", r.id, r.severity.as_str(), r.group, r.summary)?;
            }
        }
    }
    Ok(EXIT_CLEAN)
}

/// Prints the long explanation of one rule.
pub fn explain(id: &str) -> io::Result<u8> {
    let Some(linter) = catalog() else { return Ok(EXIT_ERROR) };
    let cat = linter.catalog();
    let Some(rule) = cat.rules.iter().find(|r| r.id == id) else {
        let mut msg = format!("replylint: unknown rule `{id}`");
        if let Some(s) = did_you_mean(id, cat.rule_ids()) {
            msg.push_str(&format!("; did you mean `{s}`?"));
        }
        eprintln!("{msg}\n(see `replylint rules` for the list)");
        return Ok(EXIT_ERROR);
    };
    let mut out = io::stdout().lock();
    out.write_all(render_explanation(rule).as_bytes())?;
    Ok(EXIT_CLEAN)
}

/// The text of `replylint explain`.
pub fn render_explanation(r: &RuleInfo) -> String {
    let mut s = format!("{} ({}, {})\n\n{}\n", r.id, r.severity, group_name(&r.group), r.summary);
    if let Some(why) = &r.why {
        s.push_str(&format!("\nWhy\n{}\n", indent(why.trim())));
    }
    let flags: Vec<_> = r.examples.iter().filter(|e| !e.flags.is_empty()).collect();
    let fine: Vec<_> = r.examples.iter().filter(|e| e.flags.is_empty()).collect();
    if !flags.is_empty() {
        s.push_str("\nFlags, for example\n");
        for e in flags {
            s.push_str(&example_line(e));
        }
    }
    if r.not.is_some() || !fine.is_empty() {
        s.push_str("\nDoes not flag\n");
        if let Some(not) = &r.not {
            s.push_str(&format!("{}\n", indent(not.trim())));
        }
        for e in fine {
            s.push_str(&example_line(e));
        }
    }
    s.push_str(&format!("\nInstead\n{}\n", indent(&r.help)));
    if let Some(b) = &r.better {
        s.push_str(&format!("\nBefore/after\n"));
        if let Some(before) = r.examples.iter().find(|e| !e.flags.is_empty()) {
            s.push_str(&format!("  before: {}\n", before.text));
        }
        s.push_str(&format!("  after:  {b}\n"));
    }
    s
}

fn example_line(e: &replylint::pack::ExampleInfo) -> String {
    match &e.context {
        Some(c) => format!("  - \"{}\"  (answering: \"{}\")\n", e.text, c),
        None => format!("  - \"{}\"\n", e.text),
    }
}

fn indent(t: &str) -> String {
    t.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

fn group_name(g: &str) -> String {
    match g.strip_prefix("rule-") {
        Some(n) => format!("Blanchard's rule {n}"),
        None if g == "triggers" => "hot-button trigger".to_string(),
        None => g.to_string(),
    }
}
