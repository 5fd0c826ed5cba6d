//! `replylint check`: read inputs, lint, render, pick the exit code.

use super::{CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, FormatArg, use_color};
use replylint::check::{CheckOptions, lint_document};
use replylint::input::{self, Document};
use replylint::render::{self, Format, human};
use replylint::report::{FileError, RunReport};
use replylint::{Draft, Linter, SourceError};
use std::io::{self, IsTerminal, Read, Write};
use std::sync::Arc;

/// Runs `check`; returns the exit code.
pub fn run(args: CheckArgs) -> io::Result<u8> {
    let color = use_color(args.color);
    let err_color = color && io::stderr().is_terminal();
    let linter = match Linter::builtin() {
        Ok(l) => l,
        Err(errors) => {
            let mut err = io::stderr().lock();
            for e in &errors {
                human::write_source_error(e, err_color, &mut err)?;
            }
            return Ok(EXIT_ERROR);
        }
    };

    let mut report = RunReport::default();
    let context = match &args.context {
        None => None,
        Some(p) => match read_path(&p.to_string_lossy()) {
            Ok(text) => Some(text.to_string()),
            Err(e) => {
                human::write_source_error(&e, err_color, &mut io::stderr().lock())?;
                return Ok(EXIT_ERROR);
            }
        },
    };
    let opts = CheckOptions {
        context,
        channel: args.channel.map(Into::into),
    };

    let mut paths: Vec<String> = args
        .paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            eprintln!(
                "replylint: no input: give files to check, or pipe a draft (`echo '...' | replylint check -`)"
            );
            return Ok(EXIT_ERROR);
        }
        paths.push("-".into());
    }

    let stdin_name = args.stdin_filename.clone().unwrap_or_else(|| "-".into());
    let mut decisions = Vec::new();
    for p in &paths {
        let shown = if p == "-" {
            stdin_name.as_str()
        } else {
            p.as_str()
        };
        let text = match read_path(p) {
            Ok(t) => t,
            Err(mut e) => {
                e.path = shown.to_string();
                report.errors.push(FileError { error: e });
                continue;
            }
        };
        let doc: Document = input::plain_text(shown, text);
        if args.explain_matches {
            for d in &doc.drafts {
                let draft = Draft {
                    text: &d.text,
                    context: d.context.as_deref().or(opts.context.as_deref()),
                    channel: d.channel.or(opts.channel),
                };
                let (_, trace) = linter.explain(&draft);
                for t in trace {
                    decisions.push((shown.to_string(), d.text.clone(), t));
                }
            }
        }
        report
            .files
            .push(lint_document(&linter, linter.settings(), &doc, &opts));
    }

    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Compact => Format::Compact,
        FormatArg::Json => Format::Json,
    };
    {
        let mut out = io::BufWriter::new(io::stdout().lock());
        render::render(format, &report, color, &mut out)?;
        out.flush()?;
    }
    let mut err = io::stderr().lock();
    if format != Format::Json {
        for e in &report.errors {
            if format == Format::Compact {
                render::compact::render_errors(&report, &mut err)?;
                break;
            }
            human::write_source_error(&e.error, err_color, &mut err)?;
        }
    }
    for (path, text, d) in &decisions {
        let verdict = if d.kept { "fires" } else { "dropped" };
        let words = text.get(d.span.clone()).unwrap_or("");
        writeln!(
            err,
            "explain: {path}: [{}] \"{words}\" {verdict}: {}",
            d.rule, d.reason
        )?;
    }

    Ok(if !report.errors.is_empty() {
        EXIT_ERROR
    } else if report.fails(args.fail_on.into()) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Reads a path (`-` is stdin) as UTF-8 text, or a located error.
fn read_path(path: &str) -> Result<Arc<str>, SourceError> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| io_error(path, &e))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| io_error(path, &e))?
    };
    input::decode(path, bytes)
}

fn io_error(path: &str, e: &io::Error) -> SourceError {
    let what = match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => e.to_string().to_lowercase(),
    };
    SourceError::new(path, Arc::from(""), None, format!("cannot read: {what}"))
}
