//! `replylint rules` and `replylint explain ID`: the rules of the
//! configuration found from the current directory (built-in, team packs,
//! vocabulary), and every other id an output can show.

use super::{ConfigArgs, EXIT_CLEAN, EXIT_ERROR, ExplainArgs, RulesArgs, RulesFormat};
use replylint::config::{self, CliOverrides, Config};
use replylint::docs::{self, META_IDS};
use replylint::error::did_you_mean;
use replylint::pack::RuleInfo;
use replylint::render::human;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// The configuration `args` name, or the errors already printed.
fn load(args: &ConfigArgs) -> Option<Config> {
    let loaded = if args.no_config {
        Config::defaults(CliOverrides::default())
    } else if let Some(p) = &args.config {
        Config::load(p, CliOverrides::default())
    } else {
        match config::discover_from_dir(Path::new("")) {
            Some(p) => Config::load(&p, CliOverrides::default()),
            None => Config::defaults(CliOverrides::default()),
        }
    };
    match loaded {
        Ok(c) => Some(c),
        Err(errors) => {
            let mut err = io::stderr().lock();
            for e in &errors {
                let _ = human::write_source_error(e, io::stderr().is_terminal(), &mut err);
            }
            None
        }
    }
}

/// One line of `replylint rules`: the same ids as `--show-settings`.
struct Row<'a> {
    id: &'a str,
    severity: replylint::Severity,
    group: &'a str,
    summary: &'a str,
    engine: String,
}

/// Prints every rule.
pub fn list(args: RulesArgs) -> io::Result<u8> {
    let Some(config) = load(&args.config) else {
        return Ok(EXIT_ERROR);
    };
    let catalog = config.linter.catalog();
    let mut rows: Vec<Row<'_>> = catalog
        .rules
        .iter()
        .map(|r| Row {
            id: &r.id,
            severity: r.severity,
            group: &r.group,
            summary: &r.summary,
            engine: format!("{:?}", r.engine).to_lowercase(),
        })
        .collect();
    for m in META_IDS.iter().filter(|m| m.always_a_rule) {
        rows.push(Row {
            id: m.id,
            severity: m.severity,
            group: "replylint",
            summary: m.summary,
            engine: "replylint".into(),
        });
    }
    let mut out = io::stdout().lock();
    match args.format {
        RulesFormat::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "severity": r.severity, "group": r.group,
                        "summary": r.summary, "engine": r.engine,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        RulesFormat::Human => {
            let w = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let g = rows.iter().map(|r| r.group.len()).max().unwrap_or(0);
            for r in &rows {
                writeln!(
                    out,
                    "{:w$}  {:7}  {:g$}  {}",
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

/// What an id names.
enum Explained<'a> {
    Rule(&'a RuleInfo),
    Meta(&'static docs::MetaId),
    Group(String, Vec<&'a RuleInfo>),
}

/// Finds `id` (any case) among the rules, the other ids and the groups.
fn find<'a>(rules: &'a [RuleInfo], id: &str) -> Option<Explained<'a>> {
    let same = |a: &str| a.eq_ignore_ascii_case(id.trim());
    if let Some(r) = rules.iter().find(|r| same(&r.id)) {
        return Some(Explained::Rule(r));
    }
    if let Some(m) = META_IDS.iter().find(|m| same(m.id)) {
        return Some(Explained::Meta(m));
    }
    groups(rules)
        .into_iter()
        .find(|(g, _)| same(g))
        .map(|(g, members)| Explained::Group(g, members))
}

/// Every group and its rules, as `select` knows them: each rule's group,
/// each namespace (`acme/*`) and `all`.
fn groups(rules: &[RuleInfo]) -> Vec<(String, Vec<&RuleInfo>)> {
    let mut out: Vec<(String, Vec<&RuleInfo>)> = Vec::new();
    for r in rules {
        let mut names = vec![r.group.clone(), "all".to_string()];
        if let Some((ns, _)) = r.id.split_once('/') {
            names.push(format!("{ns}/*"));
        }
        for n in names {
            match out.iter_mut().find(|(g, _)| *g == n) {
                Some((_, members)) => members.push(r),
                None => out.push((n, vec![r])),
            }
        }
    }
    out
}

/// Prints the explanation of a rule, a group or another id.
pub fn explain(args: ExplainArgs) -> io::Result<u8> {
    let Some(config) = load(&args.config) else {
        return Ok(EXIT_ERROR);
    };
    let rules = &config.linter.catalog().rules;
    let text = match find(rules, &args.id) {
        Some(Explained::Rule(r)) => docs::explain_text(r),
        Some(Explained::Meta(m)) => m.explanation.to_string(),
        Some(Explained::Group(g, members)) => docs::group_explanation(&g, &members),
        None => {
            let lower = args.id.trim().to_lowercase();
            let names: Vec<String> = rules
                .iter()
                .map(|r| r.id.to_string())
                .chain(META_IDS.iter().map(|m| m.id.to_string()))
                .chain(groups(rules).into_iter().map(|(g, _)| g))
                .collect();
            let mut msg = format!("replylint: unknown rule or group `{}`", args.id);
            if let Some(s) = did_you_mean(&lower, names.iter().map(String::as_str)) {
                msg.push_str(&format!("; did you mean `{s}`?"));
            }
            eprintln!(
                "{msg}\n(see `replylint rules` for the rules; groups: rule-1 .. rule-9, triggers, all)"
            );
            return Ok(EXIT_ERROR);
        }
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(EXIT_CLEAN)
}
