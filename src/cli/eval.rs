//! `replylint eval FILE.jsonl`: how the linter judges labeled drafts.

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, EvalArgs, EvalFormat};
use replylint::config::{CliOverrides, Config};
use replylint::error::SourceError;
use replylint::eval::{self, ContextScores, Counts, Disagreement, EvalOptions, Scores};
use replylint::render::human;
use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

/// Runs `eval`; returns the exit code.
pub fn run(args: EvalArgs) -> io::Result<u8> {
    let color = io::stderr().is_terminal();
    let print = |errors: &[SourceError]| -> io::Result<()> {
        let mut err = io::stderr().lock();
        for e in errors {
            human::write_source_error(e, color, &mut err)?;
        }
        Ok(())
    };
    let config = match load_config(&args) {
        Ok(c) => c,
        Err(errors) => {
            print(&errors)?;
            return Ok(EXIT_ERROR);
        }
    };
    let settings = config.effective(None).settings.clone();
    let options = EvalOptions {
        rules: args.rules.iter().cloned().collect(),
    };
    if let Some(unknown) = options
        .rules
        .iter()
        .find(|r| config.linter.catalog().rule_index(r).is_none())
    {
        eprintln!("replylint: unknown rule `{unknown}` in --rules (see `replylint rules`)");
        return Ok(EXIT_ERROR);
    }

    let mut drafts = Vec::new();
    let mut failed = false;
    for path in &args.files {
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                let msg = format!(
                    "cannot read the labeled corpus: {}",
                    e.to_string().to_lowercase()
                );
                print(&[SourceError::new(&shown, Arc::from(""), None, msg)])?;
                failed = true;
                continue;
            }
        };
        match eval::parse_corpus(&shown, &text) {
            Ok(d) => drafts.extend(d),
            Err(errors) => {
                print(&errors)?;
                failed = true;
            }
        }
    }
    if failed {
        return Ok(EXIT_ERROR);
    }
    let scores = eval::score(&config.linter, &settings, &drafts, &options);
    let mut out = io::stdout().lock();
    match args.format {
        EvalFormat::Human => write_human(&mut out, &scores, args.show)?,
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &to_json(&scores))?;
            writeln!(out)?;
        }
    }
    let micro = scores.micro().f1();
    let below_f1 = args.min_f1.is_some_and(|m| micro < m);
    let above_fa = args
        .max_false_alarms
        .is_some_and(|m| scores.false_alarm_rate() > m);
    if below_f1 {
        eprintln!(
            "replylint: micro F1 {micro:.3} is below --min-f1 {:.3}",
            args.min_f1.unwrap_or_default()
        );
    }
    if above_fa {
        eprintln!(
            "replylint: false-alarm rate {:.3} is above --max-false-alarms {:.3}",
            scores.false_alarm_rate(),
            args.max_false_alarms.unwrap_or_default()
        );
    }
    Ok(if below_f1 || above_fa {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn load_config(args: &EvalArgs) -> Result<Config, Vec<SourceError>> {
    let cli = CliOverrides::default();
    if args.no_config {
        Config::defaults(cli)
    } else if let Some(p) = &args.config {
        Config::load(p, cli)
    } else {
        let here = std::env::current_dir().unwrap_or_default();
        match replylint::config::discover_from_dir(&here) {
            Some(p) => Config::load(&p, cli),
            None => Config::defaults(cli),
        }
    }
}

fn write_human(out: &mut impl Write, s: &Scores, show: usize) -> io::Result<()> {
    writeln!(
        out,
        "{:30} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
        "rule", "prec", "recall", "f1", "tp", "fp", "fn"
    )?;
    for (rule, c) in &s.per_rule {
        if c.tp + c.fp + c.fn_ == 0 {
            continue;
        }
        writeln!(
            out,
            "{rule:30} {:>6.2} {:>6.2} {:>6.2} {:>5} {:>5} {:>5}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        )?;
    }
    let m: Counts = s.micro();
    writeln!(
        out,
        "drafts {}, clean {}, false alarms {} ({:.1} %)",
        s.drafts,
        s.clean,
        s.false_alarms,
        100.0 * s.false_alarm_rate()
    )?;
    writeln!(
        out,
        "micro precision {:.3} recall {:.3} f1 {:.3}",
        m.precision(),
        m.recall(),
        m.f1()
    )?;
    write_context_human(out, &s.context)?;
    if s.v1_corpus {
        writeln!(
            out,
            "not scored: {} (this corpus labels no catalogue v2 id; `--rules` scores them anyway)",
            replylint::eval::V2_RULES.join(", ")
        )?;
    }
    if !s.unscored.is_empty() {
        let list: Vec<String> = s
            .unscored
            .iter()
            .map(|(r, n)| format!("{r} ({n})"))
            .collect();
        writeln!(
            out,
            "not scored (ids this linter does not know): {}",
            list.join(", ")
        )?;
    }
    if show > 0 {
        for (title, list) in [("missed", &s.misses), ("false findings", &s.false_findings)] {
            let mut per_rule: std::collections::BTreeMap<&str, Vec<&Disagreement>> =
                Default::default();
            for d in list.iter() {
                per_rule.entry(&d.rule).or_default().push(d);
            }
            for (rule, items) in per_rule {
                writeln!(out, "\n{title} {rule} ({}):", items.len())?;
                for d in items.iter().take(show) {
                    let words = if d.words.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", d.words.join(" | "))
                    };
                    writeln!(out, "  {}{words}: {}", d.id, excerpt(&d.text, 160))?;
                }
            }
        }
    }
    Ok(())
}

/// The context facts' scores: one line for complaint types, one for impact,
/// then the types that were labeled or read.
fn write_context_human(out: &mut impl Write, c: &ContextScores) -> io::Result<()> {
    if c.messages == 0 && c.impact_labeled == 0 {
        return Ok(());
    }
    let m = c.complaint_micro();
    writeln!(
        out,
        "complaint types ({} messages): micro precision {:.3} recall {:.3} f1 {:.3}",
        c.messages,
        m.precision(),
        m.recall(),
        m.f1()
    )?;
    writeln!(
        out,
        "impact ({} messages): accuracy {:.3}, high-impact recall {:.3} precision {:.3}",
        c.impact_labeled,
        c.impact_accuracy(),
        c.impact_high.recall(),
        c.impact_high.precision()
    )?;
    let per_type: Vec<String> = c
        .complaint
        .iter()
        .map(|(t, k)| format!("{t} {:.2}", k.f1()))
        .collect();
    if !per_type.is_empty() {
        writeln!(out, "complaint f1 per type: {}", per_type.join(", "))?;
    }
    Ok(())
}

fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}...")
    }
}

fn to_json(s: &Scores) -> serde_json::Value {
    let rule = |c: &Counts| {
        serde_json::json!({
            "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
            "tp": c.tp, "fp": c.fp, "fn": c.fn_, "support": c.support(),
        })
    };
    let list = |l: &[Disagreement]| {
        l.iter()
            .map(|d| serde_json::json!({"id": d.id, "rule": d.rule, "words": d.words, "text": d.text}))
            .collect::<Vec<_>>()
    };
    let m = s.micro();
    serde_json::json!({
        "version": 1,
        "drafts": s.drafts,
        "clean": s.clean,
        "false_alarms": s.false_alarms,
        "false_alarm_rate": s.false_alarm_rate(),
        "micro": rule(&m),
        "rules": s.per_rule.iter().map(|(k, c)| (k.clone(), rule(c))).collect::<serde_json::Map<_, _>>(),
        "unscored": s.unscored,
        "v1_corpus": s.v1_corpus,
        "context": {
            "messages": s.context.messages,
            "complaint_micro": rule(&s.context.complaint_micro()),
            "complaint": s.context.complaint.iter().map(|(k, c)| (k.clone(), rule(c))).collect::<serde_json::Map<_, _>>(),
            "impact_labeled": s.context.impact_labeled,
            "impact_accuracy": s.context.impact_accuracy(),
            "impact_high": rule(&s.context.impact_high),
        },
        "misses": list(&s.misses),
        "false_findings": list(&s.false_findings),
    })
}
