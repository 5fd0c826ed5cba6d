//! The lint worker of the language server: one thread that reads documents
//! as the CLI would (configuration discovered from the path, library formats
//! by extension or language id) and sends back findings.
//!
//! After a small document's findings are sent, and if nothing newer waits,
//! the worker also works out what "fix all" would leave (every safe fix, pass
//! after pass, as `--fix` does) so that the editor's `source.fixAll` is
//! answered at once; the findings never wait for it.

use super::Analysed;
use crate::check::{CheckOptions, lint_document};
use crate::config::{self, CliOverrides, Config};
use crate::diagnostic::Applicability;
use crate::error::SourceError;
use crate::fix::Fix;
use crate::input::{self, Format};
use crate::render::RuleMeta;
use crate::report::FileReport;
use crossbeam_channel::{Receiver, Sender, unbounded};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Work for the worker.
pub enum Job {
    /// Lint one version of a document.
    Lint {
        key: String,
        path: Option<PathBuf>,
        language: String,
        version: i32,
        text: Arc<str>,
    },
    /// A configuration file may have changed.
    ForgetConfigs,
    /// The editor's settings: the command line's overrides, and a
    /// configuration file to use instead of the one found for each document.
    Settings {
        overrides: CliOverrides,
        config: Option<PathBuf>,
    },
}

/// What the worker sends back.
pub enum Outcome {
    /// The findings of one version of a document, or why there are none,
    /// and how long it took.
    Linted {
        key: String,
        version: i32,
        result: Result<Box<Analysed>, Vec<SourceError>>,
        elapsed: Duration,
    },
    /// The text of that version once every safe fix is applied.
    FixedAll {
        key: String,
        version: i32,
        text: String,
    },
}

/// The worker's state between jobs.
#[derive(Default)]
struct State {
    configs: Configs,
    overrides: CliOverrides,
    /// The editor's `configuration` setting.
    config: Option<PathBuf>,
}

/// Starts the worker thread. It ends when the job sender is dropped.
pub fn spawn() -> (Sender<Job>, Receiver<Outcome>) {
    let (jobs, inbox) = unbounded::<Job>();
    let (outbox, results) = unbounded::<Outcome>();
    std::thread::spawn(move || {
        let mut state = State::default();
        while let Ok(first) = inbox.recv() {
            // Take everything queued; of several versions of a document,
            // only the newest is worth linting.
            let mut latest: Vec<Job> = Vec::new();
            for job in std::iter::once(first).chain(inbox.try_iter()) {
                match job {
                    Job::ForgetConfigs => state.configs.clear(),
                    Job::Settings { overrides, config } => {
                        state.configs.clear();
                        state.overrides = overrides;
                        state.config = config;
                    }
                    Job::Lint { ref key, .. } => {
                        latest.retain(|j| !matches!(j, Job::Lint { key: k, .. } if k == key));
                        latest.push(job);
                    }
                }
            }
            for job in latest {
                let Job::Lint {
                    key,
                    path,
                    language,
                    version,
                    text,
                } = job
                else {
                    continue;
                };
                let started = Instant::now();
                let mut elapsed = None;
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    lint_timed(
                        &mut state,
                        path.as_deref(),
                        &language,
                        text.clone(),
                        &mut elapsed,
                    )
                }))
                .unwrap_or_else(|_| Err(internal_error(path.as_deref())));
                let elapsed = elapsed.unwrap_or_else(|| started.elapsed());
                // Worked out below, after the findings are on their way, for
                // the documents that are linted at once (the passes lint
                // again; a large library gets one pass, from its findings).
                let fix_ahead = match &result {
                    Ok(a) if text.len() <= super::SMALL && !safe_fixes(&a.file).is_empty() => {
                        Some(safe_fixes(&a.file))
                    }
                    _ => None,
                };
                let linted = Outcome::Linted {
                    key: key.clone(),
                    version,
                    result: result.map(Box::new),
                    elapsed,
                };
                if outbox.send(linted).is_err() {
                    return;
                }
                // Newer work first: this version may already be stale.
                let Some(first) = fix_ahead.filter(|_| inbox.is_empty()) else {
                    continue;
                };
                let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let (text, _) = crate::fix::apply_passes(&text, first, |t| {
                        lint(
                            &mut state.clone_view(),
                            path.as_deref(),
                            &language,
                            Arc::from(t),
                        )
                        .ok()
                        .map(|a| safe_fixes(&a.file))
                    });
                    text
                }));
                if let Ok(text) = fixed {
                    let done = Outcome::FixedAll { key, version, text };
                    if outbox.send(done).is_err() {
                        return;
                    }
                }
            }
        }
    });
    (jobs, results)
}

impl State {
    /// The same settings and cached configurations, for the fix passes
    /// (which lint from inside a closure that may not borrow the state
    /// mutably; the configurations are shared `Arc`s, so this is cheap).
    fn clone_view(&self) -> State {
        State {
            configs: self.configs.clone(),
            overrides: self.overrides.clone(),
            config: self.config.clone(),
        }
    }
}

fn internal_error(path: Option<&Path>) -> Vec<SourceError> {
    vec![SourceError::new(
        path.map_or("document".to_string(), |p| p.display().to_string()),
        Arc::from(""),
        None,
        "replylint failed on this document (an internal error); please report it",
    )]
}

/// The safe fixes of a report.
fn safe_fixes(file: &FileReport) -> Vec<Fix> {
    file.findings
        .iter()
        .flat_map(|f| &f.fixes)
        .filter(|x| x.applicability == Applicability::Safe)
        .cloned()
        .collect()
}

/// The format of a document: by extension, else by the editor's language id.
pub fn format_of(path: Option<&Path>, language: &str) -> Format {
    if let Some(f) = path.and_then(|p| Format::of(&p.to_string_lossy())) {
        return f;
    }
    match language {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        "json" | "jsonc" => Format::Json,
        "jsonl" | "jsonlines" => Format::JsonLines,
        "yaml" => Format::Yaml,
        "toml" => Format::Toml,
        "csv" => Format::Csv,
        _ => Format::Text,
    }
}

/// Configurations by the `replylint.toml` found (`None`: the defaults), with
/// their rules' descriptions.
type Configs = HashMap<Option<PathBuf>, ConfigEntry>;
type ConfigEntry = (Arc<Config>, Arc<Vec<RuleMeta>>);

fn config_for(state: &mut State, path: Option<&Path>) -> Result<ConfigEntry, Vec<SourceError>> {
    let found = match &state.config {
        Some(c) => Some(c.clone()),
        None => config::discover(&path.map_or_else(|| PathBuf::from("."), Path::to_path_buf)),
    };
    if let Some(c) = state.configs.get(&found) {
        return Ok(c.clone());
    }
    let c = Arc::new(match &found {
        Some(p) => Config::load(p, state.overrides.clone())?,
        None => Config::defaults(state.overrides.clone())?,
    });
    let rules = Arc::new(RuleMeta::of_catalog(c.linter.catalog()));
    state.configs.insert(found, (c.clone(), rules.clone()));
    Ok((c, rules))
}

fn lint(
    state: &mut State,
    path: Option<&Path>,
    language: &str,
    text: Arc<str>,
) -> Result<Analysed, Vec<SourceError>> {
    lint_timed(state, path, language, text, &mut None)
}

/// [`lint`], and how long the reading and linting took in `elapsed` (not
/// the loading of a configuration, done once: it does not make a document
/// slow).
fn lint_timed(
    state: &mut State,
    path: Option<&Path>,
    language: &str,
    text: Arc<str>,
    elapsed: &mut Option<Duration>,
) -> Result<Analysed, Vec<SourceError>> {
    let (config, rules) = config_for(state, path)?;
    let started = Instant::now();
    let shown = path.map_or_else(|| "document".to_string(), |p| p.display().to_string());
    let format = format_of(path, language);
    let mapping = path.and_then(|p| config.mapping_for(p)).cloned();
    let doc = input::read_document(&shown, text.clone(), format, mapping.as_ref())
        .map_err(|e| vec![e])?;
    let eff = config.effective(path);
    let mut file = lint_document(
        &config.linter,
        &eff.settings,
        &doc,
        &CheckOptions::default(),
    );
    // As on the command line: below the minimum severity is not shown.
    file.hide_below(eff.min_severity);
    *elapsed = Some(started.elapsed());
    Ok(Analysed {
        version: 0,
        text,
        file,
        rules,
        path: path.map(Path::to_path_buf),
        format,
        mapping,
        config: config.path.clone(),
        errors: doc.errors,
    })
}
