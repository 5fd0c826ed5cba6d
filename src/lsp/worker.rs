//! The lint worker of the language server: one thread that reads documents
//! as the CLI would (configuration discovered from the path, library formats
//! by extension or language id) and sends back findings.

use super::Analysed;
use crate::check::{CheckOptions, lint_document};
use crate::config::{self, CliOverrides, Config};
use crate::error::SourceError;
use crate::input::{self, Format};
use crate::render::RuleMeta;
use crossbeam_channel::{Receiver, Sender, unbounded};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
}

/// The findings of one version of a document, or why there are none.
pub struct Outcome {
    pub key: String,
    pub version: i32,
    pub result: Result<Analysed, Vec<SourceError>>,
}

/// Starts the worker thread. It ends when the job sender is dropped.
pub fn spawn() -> (Sender<Job>, Receiver<Outcome>) {
    let (jobs, inbox) = unbounded::<Job>();
    let (outbox, results) = unbounded::<Outcome>();
    std::thread::spawn(move || {
        let mut configs: Configs = HashMap::new();
        while let Ok(first) = inbox.recv() {
            // Take everything queued; of several versions of a document,
            // only the newest is worth linting.
            let mut latest: Vec<Job> = Vec::new();
            for job in std::iter::once(first).chain(inbox.try_iter()) {
                match job {
                    Job::ForgetConfigs => configs.clear(),
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
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    lint(&mut configs, path.as_deref(), &language, text.clone())
                }))
                .unwrap_or_else(|_| {
                    Err(vec![SourceError::new(
                        path.as_ref()
                            .map_or("document".to_string(), |p| p.display().to_string()),
                        Arc::from(""),
                        None,
                        "replylint failed on this document (an internal error); please report it",
                    )])
                });
                if outbox
                    .send(Outcome {
                        key,
                        version,
                        result,
                    })
                    .is_err()
                {
                    return;
                }
            }
        }
    });
    (jobs, results)
}

/// The format of a document: by extension, else by the editor's language id.
fn format_of(path: Option<&Path>, language: &str) -> Format {
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

fn config_for(configs: &mut Configs, path: Option<&Path>) -> Result<ConfigEntry, Vec<SourceError>> {
    let start = path.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let found = config::discover(&start);
    if let Some(c) = configs.get(&found) {
        return Ok(c.clone());
    }
    let c = Arc::new(match &found {
        Some(p) => Config::load(p, CliOverrides::default())?,
        None => Config::defaults(CliOverrides::default())?,
    });
    let rules = Arc::new(RuleMeta::of_catalog(c.linter.catalog()));
    configs.insert(found, (c.clone(), rules.clone()));
    Ok((c, rules))
}

fn lint(
    configs: &mut Configs,
    path: Option<&Path>,
    language: &str,
    text: Arc<str>,
) -> Result<Analysed, Vec<SourceError>> {
    let (config, rules) = config_for(configs, path)?;
    let shown = path.map_or_else(|| "document".to_string(), |p| p.display().to_string());
    let format = format_of(path, language);
    let mapping = path.and_then(|p| config.mapping_for(p));
    let doc = input::read_document(&shown, text.clone(), format, mapping).map_err(|e| vec![e])?;
    let eff = config.effective(path);
    let file = lint_document(
        &config.linter,
        &eff.settings,
        &doc,
        &CheckOptions::default(),
    );
    Ok(Analysed {
        version: 0,
        text,
        file,
        rules,
        comments: matches!(format, Format::Text | Format::Markdown | Format::Html),
        errors: doc.errors,
    })
}
