//! `replylint rules` and `replylint explain RULE`.

use super::{EXIT_CLEAN, EXIT_ERROR, RulesArgs, RulesFormat};
use replylint::Linter;
use replylint::error::did_you_mean;
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
    let Some(linter) = catalog() else {
        return Ok(EXIT_ERROR);
    };
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
                writeln!(
                    out,
                    "{:w$}  {:7}  {:8}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.group,
                    r.summary
                )?;
            }
        }
    }
    Ok(EXIT_CLEAN)
}

/// Prints the long explanation of one rule.
pub fn explain(id: &str) -> io::Result<u8> {
    let Some(linter) = catalog() else {
        return Ok(EXIT_ERROR);
    };
    let cat = linter.catalog();
    let Some(rule) = cat.rules.iter().find(|r| &*r.id == id) else {
        let mut msg = format!("replylint: unknown rule `{id}`");
        if let Some(s) = did_you_mean(id, cat.rule_ids()) {
            msg.push_str(&format!("; did you mean `{s}`?"));
        }
        eprintln!("{msg}\n(see `replylint rules` for the list)");
        return Ok(EXIT_ERROR);
    };
    let mut out = io::stdout().lock();
    out.write_all(replylint::docs::explain_text(rule).as_bytes())?;
    Ok(EXIT_CLEAN)
}
