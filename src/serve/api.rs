//! The JSON API's requests and answers, without any HTTP: what
//! `POST /v1/check`, `POST /v1/check/batch` and `GET /v1/rules` read and
//! write (the reference is `docs/serve.md`).
//!
//! A check answers the very document `replylint check --format json -`
//! writes for the same text: it is rendered by the same
//! [`JsonSink`](crate::render::json::JsonSink), so its diagnostic objects,
//! their schema and its `version` are those of `docs/json-output.md`, and a
//! tool that reads one reads the other.

use crate::Channel;
use crate::check::{CheckOptions, lint_document};
use crate::config::{Config, Effective};
use crate::input::{self, Format};
use crate::render::json::{JSON_VERSION, JsonSink};
use crate::render::{RuleMeta, Sink};
use crate::report::{FileError, FileReport};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// At most this many drafts in one batch request.
pub const MAX_BATCH_DRAFTS: usize = 1000;

/// The body of `POST /v1/check`.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object like {\"text\": \"...\", \"context\": \"...\", \"channel\": \"public\"}"
)]
pub struct CheckRequest {
    /// The reply draft.
    pub text: String,
    /// The customer message it answers.
    #[serde(default)]
    pub context: Option<String>,
    /// Where it will be posted (`public` or `private`).
    #[serde(default)]
    pub channel: Option<Channel>,
}

/// The body of `POST /v1/check/batch`: drafts, and the context and channel
/// of those that do not carry their own.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object like {\"drafts\": [{\"id\": \"...\", \"text\": \"...\"}]}"
)]
pub struct BatchRequest {
    pub drafts: Vec<BatchDraft>,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
}

/// One draft of a batch.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object like {\"id\": \"...\", \"text\": \"...\"}"
)]
pub struct BatchDraft {
    /// The draft's name in the answer (its `path`); `drafts[N]` without one.
    #[serde(default)]
    pub id: Option<String>,
    pub text: String,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
}

/// A request body that is not what the endpoint reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest {
    /// Whether the body was JSON at all (`false`: a syntax error; `true`:
    /// JSON of the wrong shape).
    pub well_formed: bool,
    pub message: String,
    /// 1-based line and column in the body, when known.
    pub at: Option<(usize, usize)>,
}

/// Parses a request body, with what is wrong and where.
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, BadRequest> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(BadRequest {
            well_formed: false,
            message: "the body is empty: send a JSON object like {\"text\": \"...\"}".into(),
            at: None,
        });
    }
    serde_json::from_slice(body).map_err(|e| {
        // serde_json's message ends with " at line L column C", given apart.
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) if e.line() > 0 => full[..i].to_string(),
            _ => full,
        };
        BadRequest {
            well_formed: e.is_data(),
            message,
            at: (e.line() > 0).then(|| (e.line(), e.column())),
        }
    })
}

/// What the server lints with: one configuration, found when it started.
pub struct Checker {
    pub config: Arc<Config>,
    effective: Arc<Effective>,
}

impl Checker {
    pub fn new(config: Arc<Config>) -> Checker {
        // Drafts sent over HTTP have no path: the settings of stdin.
        let effective = config.effective(None);
        Checker { config, effective }
    }

    /// Lints one draft named `path`, as `replylint check` lints stdin.
    fn lint(
        &self,
        path: &str,
        text: String,
        context: Option<String>,
        channel: Option<Channel>,
    ) -> Result<FileReport, FileError> {
        let doc = input::read_document(path, Arc::from(text), Format::Text, None)
            .map_err(|error| FileError { error })?;
        let opts = CheckOptions {
            context,
            channel,
            // Requests are already linted side by side.
            sequential: true,
            ..CheckOptions::default()
        };
        let mut file = lint_document(&self.config.linter, &self.effective.settings, &doc, &opts);
        file.fail_on = self.effective.fail_on;
        Ok(file)
    }

    /// The answer to `POST /v1/check`: the `--format json` document of the
    /// draft, named `-` like stdin.
    pub fn check(&self, req: CheckRequest) -> Vec<u8> {
        let one = self.lint("-", req.text, req.context, req.channel);
        document(vec![one])
    }

    /// The answer to `POST /v1/check/batch`: one `--format json` document in
    /// which each draft is a file named by its `id`. Drafts are linted on all
    /// cores; the answer keeps their order.
    pub fn batch(&self, req: BatchRequest) -> Vec<u8> {
        let (context, channel) = (req.context, req.channel);
        let files: Vec<_> = req
            .drafts
            .into_par_iter()
            .enumerate()
            .map(|(i, d)| {
                let path = d.id.unwrap_or_else(|| format!("drafts[{i}]"));
                let context = d.context.or_else(|| context.clone());
                self.lint(&path, d.text, context, d.channel.or(channel))
            })
            .collect();
        document(files)
    }

    /// The answer to `GET /v1/rules`: the configuration in force and every
    /// rule with its effective severity, whether it is on, and its
    /// explanation.
    pub fn rules(&self) -> Vec<u8> {
        let metas = RuleMeta::of_catalog(self.config.linter.catalog());
        let rules: Vec<_> = metas
            .iter()
            .map(|m| {
                let effective = self.effective.rules.iter().find(|r| r.0 == m.id);
                let (enabled, severity) = effective.map_or((true, m.severity), |r| (r.1, r.2));
                json!({
                    "id": m.id,
                    "enabled": enabled,
                    "severity": severity,
                    "summary": m.summary,
                    "help": m.help,
                    "explanation": m.explanation,
                    "doc_url": m.doc_url,
                })
            })
            .collect();
        let configuration = self.config.path.as_ref().map(|p| p.display().to_string());
        let body = json!({
            "version": JSON_VERSION,
            "configuration": configuration,
            "fail_on": self.effective.fail_on,
            "rules": rules,
        });
        serde_json::to_vec(&body).expect("a JSON value serializes")
    }
}

/// The `--format json` document of `files` (the drafts that could not be
/// read go to its `errors`).
fn document(files: Vec<Result<FileReport, FileError>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    {
        let mut sink = JsonSink::new(&mut out);
        for f in files {
            match f {
                Ok(f) => sink.file(&f).expect("writing to memory"),
                Err(e) => errors.push(e),
            }
        }
        sink.finish(&errors).expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_and_where() {
        let e = parse::<CheckRequest>(b"{\"txt\": 1}").unwrap_err();
        assert!(e.well_formed);
        assert!(
            e.message.starts_with("unknown field `txt`"),
            "{}",
            e.message
        );
        assert_eq!(e.at, Some((1, 6)));
        let e = parse::<CheckRequest>(b"{\"text\": 5}").unwrap_err();
        assert_eq!(e.message, "invalid type: integer `5`, expected a string");
        // The names people use are channels (`dm` is private); others are not.
        let ok = parse::<CheckRequest>(b"{\"text\": \"a\", \"channel\": \"dm\"}").unwrap();
        assert_eq!(ok.channel, Some(Channel::Private));
        let e = parse::<CheckRequest>(b"{\"text\": \"a\",\n \"channel\": \"fax\"}").unwrap_err();
        assert!(e.message.contains("unknown channel `fax`"), "{e:?}");
        assert_eq!(e.at.map(|a| a.0), Some(2));
        let e = parse::<CheckRequest>(b"{\"text\": ").unwrap_err();
        assert!(!e.well_formed);
        let e = parse::<CheckRequest>(b"[]").unwrap_err();
        assert!(e.message.contains("an object like"), "{}", e.message);
        let e = parse::<CheckRequest>(b" \n").unwrap_err();
        assert!(e.message.starts_with("the body is empty"));
    }

    #[test]
    fn a_check_is_the_json_output_of_stdin() {
        let checker = Checker::new(Arc::new(Config::defaults(Default::default()).unwrap()));
        let body = checker.check(CheckRequest {
            text: "Calm down.".into(),
            context: None,
            channel: None,
        });
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["version"], JSON_VERSION);
        assert_eq!(v["diagnostics"][0]["rule"], "dismissive");
        assert_eq!(v["diagnostics"][0]["path"], "-");
        let batch = checker.batch(BatchRequest {
            drafts: vec![
                BatchDraft {
                    id: Some("a".into()),
                    text: "Thanks!".into(),
                    context: None,
                    channel: None,
                },
                BatchDraft {
                    id: None,
                    text: "Calm down.".into(),
                    context: None,
                    channel: None,
                },
            ],
            context: None,
            channel: None,
        });
        let v: serde_json::Value = serde_json::from_slice(&batch).unwrap();
        assert_eq!(v["files"][0]["path"], "a");
        assert_eq!(v["files"][1]["path"], "drafts[1]");
        assert_eq!(v["diagnostics"][0]["path"], "drafts[1]");
    }
}
