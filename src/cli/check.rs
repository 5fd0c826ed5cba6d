//! `replylint check` and `replylint init`: read inputs, find each file's
//! configuration, lint, render, pick the exit code.

use super::interrupt;
use super::progress::Progress;
use super::{CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, FormatArg, output_width, use_color};
use rayon::prelude::*;
use replylint::baseline::{Baseline, Recorder};
use replylint::check::{CheckOptions, lint_document};
use replylint::config::Effective;
use replylint::config::{self, CliOverrides, Config};
use replylint::input::{self, Document, Format};
use replylint::render::{self, human};
use replylint::report::{FileError, FileReport, RunReport};
use replylint::walk::{self, WalkOptions};
use replylint::{Decision, Draft, Severity, SourceError};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Finds and caches the configuration of each file.
struct Configs {
    cli: CliOverrides,
    /// `--config FILE` or `--no-config`: one configuration for everything.
    fixed: Option<Arc<Config>>,
    by_file: HashMap<Option<PathBuf>, Arc<Config>>,
    /// The configuration of each directory searched from.
    by_dir: HashMap<PathBuf, Arc<Config>>,
}

impl Configs {
    fn new(args: &CheckArgs) -> Result<Configs, Vec<SourceError>> {
        let cli = CliOverrides {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            severity: args.severity.clone(),
            fail_on: args.fail_on.map(Into::into),
            min_severity: args.min_severity.map(Into::into),
            channel: args.channel,
            max_heat: args.max_heat,
        };
        let fixed = if args.no_config {
            Some(Arc::new(Config::defaults(cli.clone())?))
        } else if let Some(p) = &args.config {
            Some(Arc::new(Config::load(p, cli.clone())?))
        } else {
            None
        };
        Ok(Configs {
            cli,
            fixed,
            by_file: HashMap::new(),
            by_dir: HashMap::new(),
        })
    }

    /// The configuration for an input: a file found by the walk or named on
    /// the command line (`Some(path)`, `is_file`), or stdin (`None` for the
    /// current directory, or its `--stdin-filename`).
    fn for_path(
        &mut self,
        path: Option<&Path>,
        is_file: bool,
    ) -> Result<Arc<Config>, Vec<SourceError>> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        // The directory the search starts from. Files are known to be files
        // (no stat per file); a `--stdin-filename` may name anything.
        let dir = match path {
            None => PathBuf::new(),
            Some(p) => config::search_dir(p, !is_file && p.is_dir()),
        };
        // Files of one directory share its configuration: one search per
        // directory, not per file (10,000 replies in one folder were 10,000
        // walks up the tree, a quarter of the run).
        if let Some(c) = self.by_dir.get(&dir) {
            return Ok(c.clone());
        }
        let found = config::discover_from_dir(&dir);
        let c = match self.by_file.get(&found) {
            Some(c) => c.clone(),
            None => {
                let c = Arc::new(match &found {
                    Some(p) => Config::load(p, self.cli.clone())?,
                    None => Config::defaults(self.cli.clone())?,
                });
                self.by_file.insert(found, c.clone());
                c
            }
        };
        self.by_dir.insert(dir, c.clone());
        Ok(c)
    }
}

fn print_errors(errors: &[SourceError], color: bool) -> io::Result<()> {
    let mut err = io::stderr().lock();
    for e in errors {
        human::write_source_error(e, color, &mut err)?;
    }
    Ok(())
}

/// Runs `check`; returns the exit code.
pub fn run(args: CheckArgs) -> io::Result<u8> {
    let started = std::time::Instant::now();
    if let Some(n) = args.threads {
        // Fails only if the pool already exists, which it cannot yet.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.into())
            .build_global();
    }
    let color = use_color(args.color);
    let err_color = color && io::stderr().is_terminal();
    let mut configs = match Configs::new(&args) {
        Ok(c) => c,
        Err(errors) => {
            print_errors(&errors, err_color)?;
            return Ok(EXIT_ERROR);
        }
    };

    if let Some(file) = &args.show_settings {
        return show_settings(&mut configs, file, err_color);
    }

    let context = match &args.context {
        None => None,
        Some(p) => match read_path(&p.to_string_lossy()) {
            Ok(text) => Some(text.to_string()),
            Err(e) => {
                print_errors(&[context_file_error(e)], err_color)?;
                return Ok(EXIT_ERROR);
            }
        },
    };

    let mut baseline = Baselines::new(&args, err_color)?;
    if baseline.failed {
        return Ok(EXIT_ERROR);
    }

    if args.paths.is_empty() && io::stdin().is_terminal() {
        eprintln!(
            "replylint: no input: give files to check, or pipe a draft (`echo '...' | replylint check -`)"
        );
        return Ok(EXIT_ERROR);
    }
    let stdin_name = args.stdin_filename.clone().unwrap_or_else(|| "-".into());
    let mut report = RunReport::default();

    // The inputs, in command-line order: stdin, or the files of each path.
    let mut inputs: Vec<Input> = Vec::new();
    let walk_opts = WalkOptions {
        include: args.include.clone(),
        exclude: args.exclude.clone(),
    };
    if args.paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    // A directory is a library, which the automaton will scan (see
    // `Matcher::scan`). With threads to spare, one of them builds it now,
    // while this one walks the directory: both were serial time before the
    // first reply was linted. (With one thread, or for a few files named on
    // the command line, it is built only once a library's worth of text has
    // been scanned, as before; the thread count is asked only for a
    // directory, as asking starts the pool.)
    if let Some(dir) = args.paths.iter().find(|p| p.is_dir())
        && rayon::current_num_threads() > 1
    {
        // An error is reported with the directory's files, below.
        if let Ok(config) = configs.for_path(Some(dir), false) {
            std::thread::spawn(move || config.linter.catalog().matcher.build_automaton());
        }
    }
    for p in &args.paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let walked = walk::expand(std::slice::from_ref(p), &walk_opts);
        report
            .errors
            .extend(walked.errors.into_iter().map(|error| FileError { error }));
        inputs.extend(walked.files.into_iter().map(Input::File));
    }

    // Each input's configuration (sequential: discovery caches), then read
    // and lint in parallel; results keep the input order.
    let mut config_errors = false;
    let mut jobs = Vec::new();
    for input in inputs {
        let (shown, lookup) = match &input {
            Input::Stdin => (
                stdin_name.clone(),
                args.stdin_filename.as_ref().map(PathBuf::from),
            ),
            Input::File(p) => (p.display().to_string(), Some(p.clone())),
        };
        let is_file = matches!(input, Input::File(_));
        match configs.for_path(lookup.as_deref(), is_file) {
            Ok(c) => jobs.push((input, shown, lookup, c)),
            Err(errors) => {
                if !config_errors {
                    print_errors(&errors, err_color)?;
                }
                config_errors = true;
            }
        }
    }
    let stdin_text = if jobs.iter().any(|j| matches!(j.0, Input::Stdin)) {
        Some(read_path("-"))
    } else {
        None
    };
    let format = match args.format {
        FormatArg::Human => render::Format::Human,
        FormatArg::Compact => render::Format::Compact,
        FormatArg::Json => render::Format::Json,
        FormatArg::JsonLines => render::Format::JsonLines,
        FormatArg::Sarif => render::Format::Sarif,
        FormatArg::Github => render::Format::Github,
        FormatArg::Junit => render::Format::Junit,
        FormatArg::Html => render::Format::Html,
    };
    let opts = CheckOptions {
        context: context.clone(),
        channel: args.channel,
        sequential: false,
        // These formats never show a suggestion or a fix, so whether a fix
        // labelled safe really is one does not change their output.
        skip_fix_check: !args.fix
            && !args.diff
            && !args.statistics
            && matches!(
                format,
                render::Format::Compact | render::Format::Github | render::Format::Junit
            ),
        require_reason: args.require_reason,
        today: None,
        // The JSON and HTML outputs show every draft's reading, the human
        // output those of drafts with findings, the others none.
        read: match format {
            // The statistics and a baseline being written show no reading.
            _ if args.statistics || args.write_baseline => replylint::reading::Read::Nothing,
            render::Format::Json | render::Format::Html => replylint::reading::Read::All,
            render::Format::Human => replylint::reading::Read::WithFindings,
            _ => replylint::reading::Read::Nothing,
        },
    };
    // The format whose files the linting threads may render (see `Output`);
    // named apart, as inside the per-file closures `format` is the input's.
    // Statistics replace the format's output, so nothing is rendered then.
    // A baseline takes findings out of each report, on this thread, before
    // the output: reports then reach it whole.
    let output_format = (!args.statistics && args.baseline.is_none()).then_some(format);
    let mode = if args.fix {
        interrupt::watch();
        FixMode::Write
    } else if args.diff {
        FixMode::Diff
    } else {
        FixMode::Off
    };
    // Every rule of the run, for the outputs that describe them (SARIF):
    // once per configuration, not per file (a rule's metadata includes its
    // whole explanation; 10,000 files share one or a few configurations).
    let mut rules: Vec<render::RuleMeta> = Vec::new();
    let mut described: Vec<&Arc<Config>> = Vec::new();
    for (_, _, _, config) in &jobs {
        if format != render::Format::Sarif || described.iter().any(|d| Arc::ptr_eq(d, config)) {
            continue;
        }
        described.push(config);
        for r in render::RuleMeta::of_catalog(config.linter.catalog()) {
            if !rules.iter().any(|x| x.id == r.id) {
                rules.push(r);
            }
        }
    }

    // Files are checked in parallel, in batches, and handed to the output in
    // input order; a large JSON Lines or CSV library is read and checked part
    // by part (see `input::stream`), so memory stays flat.
    // `-qq`: nothing on stdout; the exit code says it.
    let progress = Progress::new(jobs.len(), args.no_progress);
    let mut out: Box<dyn Write> = if args.quiet >= 2 {
        Box::new(io::sink())
    } else {
        Box::new(io::BufWriter::new(progress.wrap(io::stdout().lock())))
    };
    let mut diffs = io::sink();
    let mut sink: Box<dyn render::Sink> = if args.statistics {
        Box::new(render::statistics::StatisticsSink::new(
            &mut out,
            format == render::Format::Json,
        ))
    } else if mode == FixMode::Diff || args.write_baseline {
        // The diffs (or the baseline) are the output; findings are not printed.
        Box::new(render::compact::CompactSink::new(&mut diffs))
    } else {
        let summary = args.quiet == 0;
        let opts = render::SinkOptions {
            color,
            rules,
            summary,
            width: output_width(),
        };
        render::sink(format, opts, &mut out)
    };
    let mut fixed = FixTally::default();
    let mut diff_text = String::new();
    let mut decisions = Vec::new();
    let mut tally = Tally {
        baseline: baseline.take(),
        ..Tally::default()
    };
    // Which inputs are large JSON Lines / CSV files, read in parts, and
    // their sizes.
    let streamed: Vec<Option<(Format, u64)>> = jobs
        .iter()
        .map(|(input, ..)| match input {
            Input::File(p) => {
                // Ask the file system for sizes only where the format can be
                // read in parts (a stat per reply file was serial work).
                let format = Format::of(&p.to_string_lossy())
                    .filter(|&f| input::stream::streams(f, u64::MAX))?;
                let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
                input::stream::streams(format, size).then_some((format, size))
            }
            Input::Stdin => None,
        })
        .collect();
    let mut i = 0;
    while i < jobs.len() {
        if mode == FixMode::Write && interrupt::interrupted() {
            fixed.left += jobs.len() - i;
            break;
        }
        if let (Some((fmt, size)), (Input::File(p), shown, lookup, config)) =
            (streamed[i], &jobs[i])
        {
            if mode != FixMode::Off {
                let mut e = SourceError::new(
                    shown,
                    Arc::from(""),
                    None,
                    "too large to fix in place (JSON Lines and CSV files above 8 MiB are read in parts); it was not changed",
                );
                e.help = Some("split the file, or fix it with a tool that edits records".into());
                report.errors.push(FileError { error: e });
                i += 1;
                continue;
            }
            let eff = config.effective(lookup.as_deref());
            let mapping = lookup.as_ref().and_then(|p| config.mapping_for(p));
            if args.verbose {
                eprintln!(
                    "replylint: {shown}: {size} bytes, read in parts as {}, configuration {}",
                    fmt.name(),
                    config_name(config)
                );
            }
            match std::fs::File::open(p) {
                Err(e) => {
                    let mut e = io_error(shown, &e);
                    e.path = shown.clone();
                    report.errors.push(FileError { error: e });
                }
                Ok(f) => {
                    let parts = input::stream::Parts::new(
                        io::BufReader::with_capacity(1 << 16, f),
                        shown,
                        fmt,
                        mapping,
                    )
                    .with_size(size);
                    let part_opts = CheckOptions {
                        sequential: true,
                        ..opts.clone()
                    };
                    let lint_part = |part: input::stream::Part| {
                        let mut file =
                            lint_document(&config.linter, &eff.settings, &part.doc, &part_opts);
                        settle(&mut file, &eff, args.baseline.is_some());
                        file.base = part.base;
                        (part.doc.errors, Output::of(output_format, file, &eff))
                    };
                    let build_automaton = || {
                        config.linter.catalog().matcher.build_automaton();
                    };
                    pipeline(parts, build_automaton, lint_part, |checked| match checked {
                        Ok((errors, output)) => {
                            report
                                .errors
                                .extend(errors.into_iter().map(|error| FileError { error }));
                            tally.emit(sink.as_mut(), output)
                        }
                        Err(error) => {
                            report.errors.push(FileError { error });
                            Ok(())
                        }
                    })?;
                }
            }
            progress.inc();
            i += 1;
            continue;
        }
        // Whole files, up to the next file read in parts, in batches.
        let end = (i + 1..jobs.len())
            .find(|&j| streamed[j].is_some())
            .unwrap_or(jobs.len());
        let check_one = |(input, shown, lookup, config): &(
            Input,
            String,
            Option<PathBuf>,
            Arc<Config>,
        )|
         -> Result<Checked, SourceError> {
            let text = match input {
                Input::Stdin => stdin_text.clone().unwrap_or_else(|| Ok(Arc::from(""))),
                Input::File(p) => read_path(&p.to_string_lossy()),
            }
            .map_err(|mut e| {
                e.path = shown.clone();
                e
            })?;
            let format = lookup
                .as_ref()
                .and_then(|p| Format::of(&p.to_string_lossy()))
                .unwrap_or(Format::Text);
            let mapping = lookup.as_ref().and_then(|p| config.mapping_for(p));
            let doc = input::read_document(shown, text.clone(), format, mapping)?;
            let eff = config.effective(lookup.as_deref());
            let explained = if args.explain_matches {
                explain(config, &doc, &opts, &eff)
            } else {
                Vec::new()
            };
            let mut file = lint_document(&config.linter, &eff.settings, &doc, &opts);
            settle(&mut file, &eff, args.baseline.is_some());
            let mut fix = None;
            if mode != FixMode::Off {
                let path = match input {
                    Input::File(p) => Some(p.as_path()),
                    Input::Stdin => None,
                };
                let relint = |t: &str| {
                    let doc = input::read_document(shown, Arc::from(t), format, mapping).ok()?;
                    let mut file = lint_document(&config.linter, &eff.settings, &doc, &opts);
                    // Fixes apply to what is shown, baseline or not.
                    settle(&mut file, &eff, false);
                    Some(file)
                };
                let shown_only = args.baseline.is_some().then(|| {
                    let mut f = file.clone();
                    f.hide_below(eff.min_severity);
                    f
                });
                let outcome = fix_file(
                    mode,
                    path,
                    shown,
                    &text,
                    shown_only.as_ref().unwrap_or(&file),
                    relint,
                );
                if outcome.written {
                    // Report what the file holds now.
                    let doc = input::read_document(
                        shown,
                        Arc::from(outcome.new_text.as_str()),
                        format,
                        mapping,
                    )?;
                    file = lint_document(&config.linter, &eff.settings, &doc, &opts);
                    settle(&mut file, &eff, args.baseline.is_some());
                }
                fix = Some(outcome);
            }
            let note = args.verbose.then(|| {
                format!(
                    "replylint: {shown}: {} as {}, configuration {}",
                    plural(doc.drafts.len(), "draft"),
                    format.name(),
                    config_name(config)
                )
            });
            Ok(Checked {
                output: Output::of(output_format, file, &eff),
                explained,
                errors: doc.errors,
                fix,
                note,
            })
        };
        let mut emit = |checked: Result<Checked, SourceError>| -> io::Result<()> {
            progress.inc();
            match checked {
                Ok(c) => {
                    if let Some(note) = &c.note {
                        eprintln!("{note}");
                    }
                    report
                        .errors
                        .extend(c.errors.into_iter().map(|error| FileError { error }));
                    decisions.extend(c.explained);
                    if let Some(outcome) = c.fix {
                        fixed.add(&outcome);
                        diff_text.push_str(&outcome.diff);
                        if let Some(error) = outcome.error {
                            report.errors.push(FileError { error });
                        }
                    }
                    tally.emit(sink.as_mut(), c.output)
                }
                Err(error) => {
                    report.errors.push(FileError { error });
                    Ok(())
                }
            }
        };
        if end - i == 1 {
            // One file (the editor's and the hook's case) skips the thread
            // pool: starting its threads costs more than checking a reply.
            emit(check_one(&jobs[i]))?;
            i = end;
        } else if mode == FixMode::Write {
            // Writing fixes: a batch at a time, so that Ctrl-C between
            // batches leaves every file whole and starts no other.
            let batch_end = (i + 256).min(end);
            let batch: Vec<_> = jobs[i..batch_end].par_iter().map(check_one).collect();
            for checked in batch {
                emit(checked)?;
            }
            i = batch_end;
        } else {
            // Batches of files are linted while the previous batch is output.
            let batches = (i..end).step_by(256).map(|b| Ok(b..(b + 256).min(end)));
            let lint_batch = |r: std::ops::Range<usize>| -> Vec<_> {
                jobs[r].par_iter().map(check_one).collect()
            };
            pipeline(
                batches,
                || {},
                lint_batch,
                |batch| {
                    for checked in batch.unwrap_or_default() {
                        emit(checked)?;
                    }
                    Ok(())
                },
            )?;
            i = end;
        }
    }

    // Nothing to report but errors: the errors alone say it (no "no
    // problems in 0 drafts" that could read as a pass).
    let nothing_checked = tally.checked == 0 && (config_errors || !report.errors.is_empty());
    let structured = !matches!(format, render::Format::Human | render::Format::Compact);
    if ((structured && !args.statistics) || !nothing_checked) && !args.write_baseline {
        sink.finish(&report.errors)?;
    }
    drop(sink);
    out.write_all(diff_text.as_bytes())?;
    out.flush()?;
    progress.finish();
    let mut err = io::stderr().lock();
    if mode != FixMode::Off && args.quiet == 0 {
        writeln!(err, "{}", fixed.summary(mode))?;
    }
    if args.verbose {
        writeln!(
            err,
            "replylint: checked {} in {:.1} ms on {} threads",
            plural(jobs.len(), "input"),
            started.elapsed().as_secs_f64() * 1e3,
            rayon::current_num_threads()
        )?;
    }
    if let Some(b) = &args.baseline
        && !baseline.finish(b, tally.baseline.take(), &mut err)?
    {
        return Ok(EXIT_ERROR);
    }
    if format == render::Format::Compact || mode == FixMode::Diff || args.statistics {
        render::compact::render_errors(&report, &mut err)?;
    } else if format == render::Format::Human {
        for e in &report.errors {
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

    // The process ends right after this: freeing the linter's tables one by
    // one would only cost time (measured at ~7% of a one-reply run).
    std::mem::forget(configs);
    let findings = if mode == FixMode::Diff {
        fixed.fixes > 0
    } else {
        tally.fails
    };
    Ok(if fixed.left > 0 {
        interrupt::EXIT_INTERRUPTED
    } else if !report.errors.is_empty() || config_errors {
        EXIT_ERROR
    } else if findings && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// What the run has output so far.
#[derive(Default)]
struct Tally {
    /// Files (or parts) handed to the output.
    checked: usize,
    /// Whether a finding reached its file's `fail-on`.
    fails: bool,
    /// `--baseline` (matching) or `--write-baseline` (recording).
    baseline: Option<BaselineUse>,
}

/// What `--baseline` does with each report.
enum BaselineUse {
    Match(Baseline),
    Record(Recorder),
}

impl Tally {
    fn emit(&mut self, sink: &mut dyn render::Sink, output: Output) -> io::Result<()> {
        self.checked += 1;
        match output {
            Output::Report { mut file, min } => {
                match &mut self.baseline {
                    Some(BaselineUse::Match(b)) => b.filter(&mut file),
                    Some(BaselineUse::Record(r)) => {
                        r.add(&file);
                        return Ok(());
                    }
                    None => {}
                }
                // After the baseline: what it stands for is neither counted
                // as hidden nor fails the run.
                file.hide_below(min);
                self.fails |= file.fails();
                sink.file(&file)
            }
            Output::Rendered { text, fails } => {
                self.fails |= fails;
                sink.rendered(&text)
            }
        }
    }
}

/// A checked file (or part) on its way from the thread that linted it to
/// the thread that writes the output.
enum Output {
    /// The whole report, for formats that render it themselves, and the
    /// minimum severity to show, applied once a baseline has taken its
    /// findings out ([`settle`]).
    Report { file: FileReport, min: Severity },
    /// The output already written ([`render::render_alone`]), and whether
    /// the file fails. The report itself is dropped where it was made:
    /// freeing a library's findings on the writing thread, memory another
    /// thread allocated, was the largest cost two threads did not share.
    Rendered { text: String, fails: bool },
}

impl Output {
    fn of(format: Option<render::Format>, file: FileReport, eff: &Effective) -> Output {
        match format.and_then(|f| render::render_alone(f, &file)) {
            Some(text) => Output::Rendered {
                text,
                fails: file.fails(),
            },
            None => Output::Report {
                file,
                min: eff.min_severity,
            },
        }
    }
}

/// Lints `items` (the parts of a large JSON Lines or CSV file, see
/// `input::stream`, or batches of whole files) and hands each result to
/// `emit` in order.
///
/// With one thread, items are read, linted and emitted in turn. With more, a
/// reader thread reads and parses ahead while the pool lints several items
/// at once and this thread emits them as they complete in order: the
/// reading, and the output of one item, overlap the linting of the next.
/// At most two items per thread are held at a time, so memory stays flat.
/// `prepare` runs on a thread of its own beside the first items (the
/// linter's automaton: its build would otherwise stop every pool thread but
/// the one building it).
fn pipeline<I, P, T>(
    items: I,
    prepare: impl FnOnce() + Send,
    lint: impl Fn(P) -> T + Sync,
    mut emit: impl FnMut(Result<T, SourceError>) -> io::Result<()>,
) -> io::Result<()>
where
    I: IntoIterator<Item = Result<P, SourceError>>,
    I::IntoIter: Send,
    P: Send,
    T: Send,
{
    let mut items = items.into_iter();
    let threads = rayon::current_num_threads();
    if threads == 1 {
        return items.try_for_each(|item| emit(item.map(&lint)));
    }
    let in_flight_max = 2 * threads;
    std::thread::scope(|scope| {
        scope.spawn(prepare);
        let (item_tx, item_rx) = crossbeam_channel::bounded(1);
        scope.spawn(move || {
            for item in items {
                if item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        let (done_tx, done_rx) = crossbeam_channel::unbounded::<(usize, Result<T, SourceError>)>();
        let lint = &lint;
        rayon::in_place_scope(|pool| {
            // Parts linted but not yet emitted, by number; `finished` counts
            // the parts linted, `next` the parts emitted.
            let mut waiting: BTreeMap<usize, Result<T, SourceError>> = BTreeMap::new();
            let (mut sent, mut finished, mut next) = (0, 0, 0);
            let receive = |block: bool,
                           waiting: &mut BTreeMap<usize, Result<T, SourceError>>,
                           finished: &mut usize| {
                let first = if block { done_rx.recv().ok() } else { None };
                for (i, r) in first.into_iter().chain(done_rx.try_iter()) {
                    waiting.insert(i, r);
                    *finished += 1;
                }
            };
            for item in item_rx {
                while sent - finished >= in_flight_max {
                    receive(true, &mut waiting, &mut finished);
                }
                let done = done_tx.clone();
                let i = sent;
                pool.spawn(move |_| {
                    let _ = done.send((i, item.map(lint)));
                });
                sent += 1;
                // Emit only once the pool has its next part: emitting first
                // left a thread idle for the whole of the output.
                receive(false, &mut waiting, &mut finished);
                while let Some(r) = waiting.remove(&next) {
                    emit(r)?;
                    next += 1;
                }
            }
            while next < sent {
                if !waiting.contains_key(&next) {
                    receive(true, &mut waiting, &mut finished);
                }
                while let Some(r) = waiting.remove(&next) {
                    emit(r)?;
                    next += 1;
                }
            }
            Ok(())
        })
    })
}

/// `--baseline FILE` and `--write-baseline`: loaded before the run,
/// matched or recorded during it (see [`Tally::emit`]), summed up after.
struct Baselines {
    loaded: Option<BaselineUse>,
    /// The baseline could not be read (the error is printed).
    failed: bool,
}

impl Baselines {
    fn new(args: &CheckArgs, color: bool) -> io::Result<Baselines> {
        let mut b = Baselines {
            loaded: None,
            failed: false,
        };
        let Some(path) = &args.baseline else {
            return Ok(b);
        };
        if args.write_baseline {
            b.loaded = Some(BaselineUse::Record(Recorder::new(path)));
        } else {
            match Baseline::load(path) {
                Ok(l) => b.loaded = Some(BaselineUse::Match(l)),
                Err(e) => {
                    print_errors(&[e], color)?;
                    b.failed = true;
                }
            }
        }
        Ok(b)
    }

    fn take(&mut self) -> Option<BaselineUse> {
        self.loaded.take()
    }

    /// Writes the baseline (`--write-baseline`), or says what matched it;
    /// `false` if it could not be written.
    fn finish(
        &self,
        path: &Path,
        used: Option<BaselineUse>,
        err: &mut dyn Write,
    ) -> io::Result<bool> {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        match used {
            Some(BaselineUse::Record(r)) => {
                if let Err(e) = r.write(path) {
                    writeln!(
                        err,
                        "replylint: cannot write the baseline {}: {}",
                        path.display(),
                        e.to_string().to_lowercase()
                    )?;
                    return Ok(false);
                }
                writeln!(
                    err,
                    "replylint: wrote {}: {} in {}",
                    path.display(),
                    plural(r.findings(), "finding"),
                    plural(r.files(), "file")
                )?;
            }
            Some(BaselineUse::Match(b)) => {
                if b.matched > 0 {
                    writeln!(
                        err,
                        "replylint: {} in the baseline not shown",
                        plural(b.matched, "finding")
                    )?;
                }
                let gone = b.unmatched();
                if gone > 0 {
                    writeln!(
                        err,
                        "replylint: {} of the baseline no longer found (fixed?): \
                         run with --write-baseline to drop {}",
                        plural(gone, "finding"),
                        if gone == 1 { "it" } else { "them" }
                    )?;
                }
            }
            None => {}
        }
        Ok(true)
    }
}

/// What `--fix` / `--diff` do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Off,
    Diff,
    Write,
}

/// One checked file, ready for the output.
struct Checked {
    output: Output,
    explained: Vec<Explained>,
    errors: Vec<SourceError>,
    fix: Option<FixOutcome>,
    /// The `--verbose` line about it.
    note: Option<String>,
}

/// The file's `fail-on`, and its findings below the minimum severity to
/// show left out (counted; they still decide the exit code). With a
/// baseline they are left out later, once the baseline has taken its
/// findings out ([`Tally::emit`]): a finding it stands for is then neither
/// counted as hidden nor fails the run, and `--write-baseline` records
/// every finding, shown or not.
fn settle(file: &mut FileReport, eff: &Effective, baseline: bool) {
    file.fail_on = eff.fail_on;
    if !baseline {
        file.hide_below(eff.min_severity);
    }
}

/// The configuration's file, as `--verbose` and `--show-settings` name it.
fn config_name(config: &Config) -> String {
    config
        .path
        .as_ref()
        .map_or("none (built-in defaults)".to_string(), |p| {
            p.display().to_string()
        })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// What fixing one file did.
#[derive(Default)]
struct FixOutcome {
    /// Safe fixes applied (or, with `--diff`, applicable).
    fixes: usize,
    /// The unified diff (`--diff`).
    diff: String,
    /// The fixed text.
    new_text: String,
    /// Whether the file was rewritten.
    written: bool,
    /// Why it was not written.
    error: Option<SourceError>,
    /// Not written because Ctrl-C was pressed.
    interrupted: bool,
}

/// Fixes over the run, for the closing line on stderr.
#[derive(Default)]
struct FixTally {
    fixes: usize,
    files: usize,
    /// Files not fixed because Ctrl-C was pressed.
    left: usize,
}

impl FixTally {
    fn add(&mut self, o: &FixOutcome) {
        if o.interrupted {
            self.left += 1;
        } else if o.fixes > 0 && (o.written || o.error.is_none()) {
            self.fixes += o.fixes;
            self.files += 1;
        }
    }

    fn summary(&self, mode: FixMode) -> String {
        let fixes = if self.fixes == 1 { "fix" } else { "fixes" };
        let files = if self.files == 1 { "file" } else { "files" };
        match mode {
            FixMode::Diff if self.fixes == 0 => "replylint: nothing to fix".to_string(),
            FixMode::Diff => format!(
                "replylint: {} {fixes} in {} {files} (run with --fix to apply)",
                self.fixes, self.files
            ),
            _ if self.left > 0 => format!(
                "replylint: interrupted: applied {} {fixes} in {} {files}; {} other {} not changed",
                self.fixes,
                self.files,
                self.left,
                if self.left == 1 { "file" } else { "files" }
            ),
            _ => format!(
                "replylint: applied {} {fixes} in {} {files}",
                self.fixes, self.files
            ),
        }
    }
}

/// Applies the safe fixes of `file` to `text`: shows them (`--diff`) or
/// writes them to `path` (`--fix`, atomically, only if the file still holds
/// what was linted).
fn fix_file(
    mode: FixMode,
    path: Option<&Path>,
    shown: &str,
    text: &str,
    file: &FileReport,
    relint: impl Fn(&str) -> Option<FileReport>,
) -> FixOutcome {
    // Fixes that touch each other wait for the next pass (two edits side by
    // side may make a new finding); each pass lints the text again.
    let safe_fixes = |r: &FileReport| -> Vec<replylint::fix::Fix> {
        r.findings
            .iter()
            .flat_map(|f| &f.fixes)
            .filter(|x| x.applicability == replylint::Applicability::Safe)
            .cloned()
            .collect()
    };
    let (new_text, fixes) = replylint::fix::apply_passes(text, safe_fixes(file), |t| {
        relint(t).map(|r| safe_fixes(&r))
    });
    let mut outcome = FixOutcome {
        fixes,
        new_text,
        ..FixOutcome::default()
    };
    if fixes == 0 {
        return outcome;
    }
    match (mode, path) {
        (FixMode::Diff, _) => {
            outcome.diff = replylint::fix::unified_diff(shown, text, &outcome.new_text);
        }
        (FixMode::Write, None) => {
            outcome.error = Some(SourceError::new(
                shown,
                Arc::from(""),
                None,
                "--fix writes files, and stdin is not one; use --diff to see the fixes",
            ));
        }
        (FixMode::Write, Some(_)) if interrupt::interrupted() => outcome.interrupted = true,
        (FixMode::Write, Some(p)) => match write_fixed(p, text, &outcome.new_text) {
            Ok(()) => outcome.written = true,
            Err(e) => {
                outcome.error = Some(SourceError::new(
                    shown,
                    Arc::from(""),
                    None,
                    format!("not fixed: {e}"),
                ))
            }
        },
        (FixMode::Off, _) => {}
    }
    outcome
}

/// Writes the fixed text over `path` if it still holds exactly `linted`
/// (the text keeps a byte-order mark, as a zero-width character, so the
/// bytes round-trip), and only if no part of the path is a symbolic link: a
/// fix never writes outside what was asked.
fn write_fixed(
    path: &Path,
    linted: &str,
    new_text: &str,
) -> Result<(), replylint::fix::WriteError> {
    if replylint::fix::through_symlink(path) {
        return Err(replylint::fix::WriteError::Symlink);
    }
    replylint::fix::write_atomically(path, linted.as_bytes(), new_text.as_bytes())
}

/// One input of the run.
enum Input {
    Stdin,
    File(PathBuf),
}

/// A `--explain-matches` line: file, draft text, decision.
type Explained = (String, String, Decision);

/// The decisions behind each draft of a document.
fn explain(
    config: &Config,
    doc: &Document,
    opts: &CheckOptions,
    eff: &Effective,
) -> Vec<Explained> {
    let mut out = Vec::new();
    for d in &doc.drafts {
        let draft = Draft {
            text: &d.text,
            context: d.context.as_deref().or(opts.context.as_deref()),
            channel: d.channel.or(opts.channel).or(eff.settings.default_channel),
        };
        let (_, trace) = config.linter.explain_with(&draft, &eff.settings);
        out.extend(
            trace
                .into_iter()
                .map(|t| (doc.path.clone(), d.text.clone(), t)),
        );
    }
    out
}

/// `--show-settings FILE`: the effective settings and their origins.
fn show_settings(configs: &mut Configs, file: &Path, color: bool) -> io::Result<u8> {
    let config = match configs.for_path(Some(file), false) {
        Ok(c) => c,
        Err(errors) => {
            print_errors(&errors, color)?;
            return Ok(EXIT_ERROR);
        }
    };
    let eff = config.effective(Some(file));
    let mut out = io::stdout().lock();
    let cfg = config_name(&config);
    writeln!(out, "settings for {}", file.display())?;
    writeln!(out, "configuration: {cfg}")?;
    writeln!(out, "fail-on: {}  ({})", eff.fail_on, eff.fail_on_origin)?;
    writeln!(
        out,
        "min-severity: {}  ({})",
        eff.min_severity, eff.min_severity_origin
    )?;
    let channel = eff.settings.default_channel.map_or(
        "not given (an e-mail is private, anything else public)",
        |c| c.as_str(),
    );
    writeln!(out, "channel: {channel}  ({})", eff.channel_origin)?;
    if !eff.settings.allow.is_empty() {
        writeln!(out, "vocabulary allow: {}", eff.settings.allow.join(", "))?;
    }
    writeln!(out, "rules:")?;
    let w = eff.rules.iter().map(|r| r.0.len()).max().unwrap_or(0);
    for (id, on, sev, origin) in &eff.rules {
        let state = if *on { sev.as_str() } else { "off" };
        writeln!(out, "  {id:w$}  {state:7}  ({origin})")?;
    }
    Ok(EXIT_CLEAN)
}

/// `replylint init`: writes the starter configuration, never over a file.
pub fn init(path: &Path) -> io::Result<u8> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            f.write_all(config::STARTER.as_bytes())?;
            println!(
                "wrote {}: edit it to suit your team (docs/configuration.md)",
                path.display()
            );
            Ok(EXIT_CLEAN)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!(
                "replylint: {} already exists; not overwriting it",
                path.display()
            );
            Ok(EXIT_ERROR)
        }
        Err(e) => {
            eprintln!(
                "replylint: cannot write {}: {}",
                path.display(),
                e.to_string().to_lowercase()
            );
            Ok(EXIT_ERROR)
        }
    }
}

/// Reads a path (`-` is stdin) as UTF-8 text, or a located error.
fn read_path(path: &str) -> Result<Arc<str>, SourceError> {
    let limit = input::MAX_WHOLE_FILE_BYTES;
    let mut buf = Vec::new();
    if path == "-" {
        io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| io_error(path, &e))?;
    } else {
        let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limit {
            return Err(input::too_large_to_read(path, size));
        }
        // `take` also bounds a file that grows while it is read.
        (&file)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| io_error(path, &e))?;
    }
    if buf.len() as u64 > limit {
        return Err(input::too_large_to_read(path, buf.len() as u64));
    }
    let bytes = buf;
    input::decode(path, bytes)
}

/// An error reading `--context`, saying that it is the context file: the
/// bare "nonexist.txt: cannot read" read like a draft that was not found.
fn context_file_error(mut e: SourceError) -> SourceError {
    const WHAT: &str = "the --context file (the customer's message)";
    e.message = match e.message.strip_prefix("cannot read: ") {
        Some(why) => format!("cannot read {WHAT}: {why}"),
        None => format!("{WHAT} {}", e.message),
    };
    e
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
