//! `replylint lsp`: the language server, over stdio.
//!
//! Built on `lsp-server` and `lsp-types`, as rust-analyzer is: a synchronous
//! message loop with explicit threads is easy to follow and to test (the
//! integration test drives the real binary), needs no async runtime, and
//! keeps the binary small. `tower-lsp` would bring tokio for no gain here.
//!
//! How it works:
//!
//! - The main loop owns the open documents. It answers requests (hover,
//!   code actions) from the latest results and never lints itself.
//! - Linting happens on a worker thread ([`worker`]). A small document
//!   (up to [`SMALL`] bytes, whose last lint took less than [`SLOW`]) is
//!   linted at once on every change: a reply lints in about a millisecond,
//!   so its diagnostics arrive a few milliseconds after the keystroke. Only
//!   a large or slow one waits for a pause in the typing (150 ms, the
//!   `debounceMs` setting), so that its many findings are not linted and
//!   sent again on every key. Open and save lint at once. The worker takes
//!   only the newest version of each document from its queue, and a result
//!   for a version that is no longer current is dropped, so a fast typist
//!   never queues stale work.
//! - Each document's configuration is discovered from its path like the CLI
//!   does (`replylint.toml` up the directory tree); library files (JSON,
//!   YAML, CSV...) are read as libraries. The editor's settings
//!   ([`settings`]) apply on top, as the command line's flags do.
//! - "Ignore" actions never write into a reply ([`ignore`]); "fix all"
//!   (`source.fixAll`) applies every safe fix as `--fix` does.
//! - Malformed requests get an error response; malformed frames are skipped
//!   ([`transport`]); nothing a client sends ends the server but `exit`.

mod convert;
mod ignore;
pub mod settings;
pub mod transport;
mod worker;

use crate::render::RuleMeta;
use crate::report::FileReport;
use crate::span::LineIndex;
use convert::Encoding;
use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};
use settings::Settings;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use worker::{Job, Outcome};

/// Pause after the last keystroke before a large or slow document is linted
/// again (the `debounceMs` setting changes it).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Documents up to this size are linted at once on every change (a reply
/// is a few hundred bytes; a library of hundreds of replies is larger, and
/// its hundreds of findings are worth sending once the typing pauses).
pub const SMALL: usize = 64 * 1024;

/// A document whose last lint took this long waits for a pause too.
pub const SLOW: Duration = Duration::from_millis(100);

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn serve_stdio() -> std::io::Result<()> {
    let (connection, threads) = transport::stdio();
    serve(connection)?;
    threads.join()
}

/// Runs the server on `connection` (stdio, or in memory for tests).
pub fn serve(connection: Connection) -> std::io::Result<()> {
    serve_with(connection, DEBOUNCE)
}

/// [`serve`] with another pause after a change (the fuzzer uses none).
pub fn serve_with(connection: Connection, debounce: Duration) -> std::io::Result<()> {
    let Some((id, params)) = wait_for_initialize(&connection) else {
        return Ok(());
    };
    let init: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = Encoding::negotiate(&init);
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(true),
                    },
                )),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::new(convert::FIX_ALL),
                ]),
                ..Default::default()
            },
        )),
        ..Default::default()
    };
    let result = json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "replylint", "version": env!("CARGO_PKG_VERSION") },
    });
    if connection
        .sender
        .send(Message::Response(Response::new_ok(id, result)))
        .is_err()
    {
        return Ok(());
    }
    let (jobs, results) = worker::spawn();
    let workspace = init.capabilities.workspace.as_ref();
    let edits = workspace.and_then(|w| w.workspace_edit.as_ref());
    let mut server = Server {
        sender: connection.sender.clone(),
        encoding,
        docs: HashMap::new(),
        due: HashMap::new(),
        jobs,
        default_debounce: debounce,
        debounce,
        shutting_down: false,
        roots: roots(&init),
        pull_settings: workspace.and_then(|w| w.configuration) == Some(true),
        create_files: edits.and_then(|e| e.document_changes) == Some(true)
            && edits
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&lsp::ResourceOperationKind::Create)),
        settings_request: None,
        next_request: 0,
    };
    if let Some(options) = init
        .initialization_options
        .as_ref()
        .filter(|v| !v.is_null())
    {
        server.apply_settings(options);
    }
    server.run(&connection.receiver, &results);
    Ok(())
}

/// The workspace folders' paths (the root's, from older clients).
#[allow(deprecated)]
fn roots(init: &lsp::InitializeParams) -> Vec<PathBuf> {
    let folders = init.workspace_folders.iter().flatten().map(|f| &f.uri);
    folders
        .chain(init.root_uri.as_ref())
        .filter_map(convert::uri_to_path)
        .collect()
}

/// Waits for `initialize`, answering anything else with the error the
/// protocol asks for. `None` when the client goes away first.
fn wait_for_initialize(connection: &Connection) -> Option<(RequestId, Value)> {
    for msg in &connection.receiver {
        match msg {
            Message::Request(r) if r.method == "initialize" => return Some((r.id, r.params)),
            Message::Request(r) => {
                let _ = connection.sender.send(Message::Response(Response::new_err(
                    r.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".into(),
                )));
            }
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
    None
}

/// An open document.
struct Doc {
    uri: lsp::Uri,
    language: String,
    version: i32,
    text: Arc<str>,
    /// The findings of the latest lint of the current version.
    analysed: Option<Arc<Analysed>>,
    /// How long the latest lint took.
    cost: Option<Duration>,
    /// The text of `analysed`'s version with every safe fix applied, once
    /// the worker has worked it out.
    fixed_all: Option<(i32, String)>,
}

/// One lint of one version of a document.
pub(crate) struct Analysed {
    pub version: i32,
    pub text: Arc<str>,
    pub file: FileReport,
    pub rules: Arc<Vec<RuleMeta>>,
    /// The document's file, if it has one.
    pub path: Option<PathBuf>,
    /// How it was read, and with which fields (to read it again with a
    /// suppression added, see [`ignore`]).
    pub format: crate::input::Format,
    pub mapping: Option<crate::input::FieldMapping>,
    /// The `replylint.toml` in effect (`None`: the defaults).
    pub config: Option<PathBuf>,
    /// Parts of the document that could not be read (a bad line of a JSON
    /// Lines file); the rest was linted.
    pub errors: Vec<crate::error::SourceError>,
}

struct Server {
    sender: Sender<Message>,
    encoding: Encoding,
    docs: HashMap<String, Doc>,
    /// Documents waiting to be linted, and when.
    due: HashMap<String, Instant>,
    jobs: Sender<Job>,
    /// Pause after a change before a large or slow document is linted.
    debounce: Duration,
    /// The pause when the settings do not say.
    default_debounce: Duration,
    shutting_down: bool,
    /// The workspace folders (where a new `replylint.toml` goes).
    roots: Vec<PathBuf>,
    /// Whether the client answers `workspace/configuration`.
    pull_settings: bool,
    /// Whether a workspace edit may create a file.
    create_files: bool,
    /// The `workspace/configuration` request waiting for its answer.
    settings_request: Option<RequestId>,
    next_request: i32,
}

impl Server {
    fn run(&mut self, inbox: &Receiver<Message>, results: &Receiver<Outcome>) {
        loop {
            let wait = self
                .due
                .values()
                .min()
                .map_or(Duration::from_secs(3600), |t| {
                    t.saturating_duration_since(Instant::now())
                });
            select! {
                recv(inbox) -> msg => match msg {
                    Ok(Message::Notification(n)) if n.method == "exit" => return,
                    Ok(msg) => self.handle(msg),
                    Err(_) => return,
                },
                recv(results) -> r => if let Ok(r) = r { self.outcome(r) },
                default(wait) => {}
            }
            self.dispatch_due();
        }
    }

    fn send(&self, msg: Message) {
        // The client is gone when this fails; the loop ends on its own.
        let _ = self.sender.send(msg);
    }

    fn handle(&mut self, msg: Message) {
        match msg {
            Message::Request(r) => self.request(r),
            Message::Notification(n) => self.notification(n),
            Message::Response(r) => {
                if self.settings_request.as_ref() == Some(&r.id) {
                    self.settings_request = None;
                    // One item asked for: the `replylint` section.
                    let section = r
                        .response_result
                        .as_ref()
                        .ok()
                        .and_then(|v| v.get(0))
                        .cloned()
                        .unwrap_or(Value::Null);
                    self.apply_settings(&json!({ "replylint": section }));
                }
            }
        }
    }

    /// Asks the client for the `replylint` section of its settings.
    fn request_settings(&mut self) {
        self.next_request += 1;
        let id = RequestId::from(format!("replylint-settings-{}", self.next_request));
        let params = lsp::ConfigurationParams {
            items: vec![lsp::ConfigurationItem {
                scope_uri: None,
                section: Some("replylint".into()),
            }],
        };
        self.settings_request = Some(id.clone());
        self.send(Message::Request(Request::new(
            id,
            "workspace/configuration".into(),
            params,
        )));
    }

    /// Applies the editor's settings ([`settings`]) and lints every open
    /// document again; a wrong value is said in the editor and changes
    /// nothing.
    fn apply_settings(&mut self, value: &Value) {
        match Settings::from_value(value) {
            Ok((s, unknown)) => {
                if !unknown.is_empty() {
                    self.show_message(
                        lsp::MessageType::WARNING,
                        format!(
                            "replylint: unknown setting{} {} (replylint knows: channel, select, extendSelect, ignore, severity, minSeverity, configuration, debounceMs)",
                            if unknown.len() == 1 { "" } else { "s" },
                            unknown
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
                self.debounce = s
                    .debounce_ms
                    .map_or(self.default_debounce, Duration::from_millis);
                let config = s.configuration.as_ref().map(|p| match self.roots.first() {
                    Some(root) if p.is_relative() => root.join(p),
                    _ => p.clone(),
                });
                let _ = self.jobs.send(Job::Settings {
                    overrides: s.overrides(),
                    config,
                });
                self.lint_all_now();
            }
            Err(e) => self.show_message(
                lsp::MessageType::ERROR,
                format!("replylint: the settings were not applied: {e}"),
            ),
        }
    }

    fn show_message(&self, typ: lsp::MessageType, message: String) {
        self.send(Message::Notification(Notification::new(
            "window/showMessage".into(),
            lsp::ShowMessageParams { typ, message },
        )));
    }

    /// Every open document, linted again now.
    fn lint_all_now(&mut self) {
        let now = Instant::now();
        for key in self.docs.keys() {
            self.due.insert(key.clone(), now);
        }
    }

    fn request(&mut self, r: Request) {
        if self.shutting_down {
            return self.send(error(
                r.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            ));
        }
        let id = r.id.clone();
        let reply = match r.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => params(r.params).map(|p| self.hover(p)),
            "textDocument/codeAction" => params(r.params).map(|p| self.code_actions(p)),
            _ => Err(error(
                id.clone(),
                ErrorCode::MethodNotFound,
                &format!("replylint does not handle {}", r.method),
            )),
        };
        match reply {
            Ok(v) => self.send(Message::Response(Response::new_ok(id, v))),
            Err(Message::Response(mut e)) => {
                e.id = id;
                self.send(Message::Response(e));
            }
            Err(m) => self.send(m),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    let key = d.uri.as_str().to_string();
                    self.docs.insert(
                        key.clone(),
                        Doc {
                            uri: d.uri,
                            language: d.language_id,
                            version: d.version,
                            text: Arc::from(d.text),
                            analysed: None,
                            cost: None,
                            fixed_all: None,
                        },
                    );
                    self.due.insert(key, Instant::now());
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                {
                    let key = p.text_document.uri.as_str().to_string();
                    let encoding = self.encoding;
                    if let Some(doc) = self.docs.get_mut(&key) {
                        let mut text = doc.text.to_string();
                        for change in p.content_changes {
                            convert::apply_change(&mut text, change, encoding);
                        }
                        doc.text = Arc::from(text);
                        doc.version = p.text_document.version;
                        // Small and quick: at once. Large or slow: after
                        // a pause in the typing.
                        let quick = doc.text.len() <= SMALL && doc.cost.is_none_or(|c| c < SLOW);
                        let pause = if quick { Duration::ZERO } else { self.debounce };
                        self.due.insert(key, Instant::now() + pause);
                    }
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    // A configuration saved in the editor: read again.
                    if key.ends_with("/replylint.toml") {
                        let _ = self.jobs.send(Job::ForgetConfigs);
                        self.lint_all_now();
                    }
                    if let Some(doc) = self.docs.get_mut(&key) {
                        if let Some(text) = p.text {
                            doc.text = Arc::from(text);
                        }
                        self.due.insert(key, Instant::now());
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    self.due.remove(&key);
                    if let Some(doc) = self.docs.remove(&key) {
                        self.publish_diagnostics(&doc.uri, Vec::new(), None);
                    }
                }
            }
            transport::INVALID_MESSAGE => {
                // Answer a request we could not read, so the client does not
                // wait for it.
                if let Ok(id) = serde_json::from_value::<RequestId>(n.params["id"].clone()) {
                    let why = n.params["error"].as_str().unwrap_or("malformed message");
                    self.send(error(
                        id,
                        ErrorCode::InvalidRequest,
                        &format!("not a valid JSON-RPC message: {why}"),
                    ));
                }
            }
            "initialized" if self.pull_settings => self.request_settings(),
            "workspace/didChangeConfiguration" => {
                // The settings in the notification, or (VS Code sends
                // none) asked for.
                let settings = &n.params["settings"];
                if Settings::present(settings) {
                    self.apply_settings(settings);
                } else if self.pull_settings {
                    self.request_settings();
                }
                let _ = self.jobs.send(Job::ForgetConfigs);
                self.lint_all_now();
            }
            "workspace/didChangeWatchedFiles" => {
                // A replylint.toml may have changed: forget the cached
                // configurations and lint every open document again.
                let _ = self.jobs.send(Job::ForgetConfigs);
                self.lint_all_now();
            }
            _ => {}
        }
    }

    /// Hands the documents whose pause is over to the worker.
    fn dispatch_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in ready {
            self.due.remove(&key);
            if let Some(doc) = self.docs.get(&key) {
                let _ = self.jobs.send(Job::Lint {
                    key,
                    path: convert::uri_to_path(&doc.uri),
                    language: doc.language.clone(),
                    version: doc.version,
                    text: doc.text.clone(),
                });
            }
        }
    }

    /// A worker result: kept if it is for the current version.
    fn outcome(&mut self, r: Outcome) {
        match r {
            Outcome::Linted {
                key,
                version,
                result,
                elapsed,
            } => {
                if let Some(doc) = self.docs.get_mut(&key) {
                    doc.cost = Some(elapsed);
                }
                self.publish(&key, version, result);
            }
            Outcome::FixedAll { key, version, text } => {
                if let Some(doc) = self.docs.get_mut(&key).filter(|d| d.version == version) {
                    doc.fixed_all = Some((version, text));
                }
            }
        }
    }

    /// The findings of a lint, published if they are for the current
    /// version.
    fn publish(
        &mut self,
        key: &str,
        version: i32,
        result: Result<Box<Analysed>, Vec<crate::error::SourceError>>,
    ) {
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        if doc.version != version {
            return;
        }
        let uri = doc.uri.clone();
        doc.fixed_all = None;
        match result {
            Ok(mut analysed) => {
                analysed.version = version;
                let analysed = Arc::new(*analysed);
                doc.analysed = Some(analysed.clone());
                let index = LineIndex::new(&analysed.text);
                let mut diagnostics: Vec<lsp::Diagnostic> = analysed
                    .file
                    .findings
                    .iter()
                    .map(|f| convert::diagnostic(&analysed, &index, f, self.encoding))
                    .collect();
                diagnostics.extend(
                    analysed
                        .errors
                        .iter()
                        .map(|e| convert::error_diagnostic(e, self.encoding)),
                );
                self.publish_diagnostics(&uri, diagnostics, Some(version));
            }
            Err(errors) => {
                doc.analysed = None;
                let diagnostics = errors
                    .iter()
                    .map(|e| convert::error_diagnostic(e, self.encoding))
                    .collect();
                self.publish_diagnostics(&uri, diagnostics, Some(version));
            }
        }
    }

    fn publish_diagnostics(
        &self,
        uri: &lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = lsp::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        )));
    }

    /// The latest results for a document, if they are for its current text.
    fn current(&self, uri: &lsp::Uri) -> Option<Arc<Analysed>> {
        let doc = self.docs.get(uri.as_str())?;
        doc.analysed
            .clone()
            .filter(|a| a.version == doc.version && *a.text == *doc.text)
    }

    fn hover(&self, p: lsp::HoverParams) -> Value {
        let pos = p.text_document_position_params;
        let Some(a) = self.current(&pos.text_document.uri) else {
            return Value::Null;
        };
        let index = LineIndex::new(&a.text);
        let at = convert::offset(&a.text, &index, pos.position, self.encoding);
        let hits: Vec<_> = a
            .file
            .findings
            .iter()
            .filter(|f| {
                let s = &f.diagnostic.span;
                s.start <= at && at < s.end.max(s.start + 1)
            })
            .collect();
        if hits.is_empty() {
            return Value::Null;
        }
        let text = hits
            .iter()
            .map(|f| convert::hover_text(&a, f))
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        let first = &hits[0].diagnostic.span;
        serde_json::to_value(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: text,
            }),
            range: Some(convert::range(
                &a.text,
                &index,
                first.clone(),
                self.encoding,
            )),
        })
        .unwrap_or(Value::Null)
    }

    fn code_actions(&self, p: lsp::CodeActionParams) -> Value {
        let uri = p.text_document.uri;
        let Some(a) = self.current(&uri) else {
            return json!([]);
        };
        let index = LineIndex::new(&a.text);
        let from = convert::offset(&a.text, &index, p.range.start, self.encoding);
        let to = convert::offset(&a.text, &index, p.range.end, self.encoding);
        let fixed_all = self
            .docs
            .get(uri.as_str())
            .and_then(|d| d.fixed_all.as_ref())
            .filter(|(v, _)| *v == a.version)
            .map(|(_, t)| t.as_str());
        let config = self.config_target(&a);
        let ctx = convert::ActionContext {
            uri: &uri,
            range: from..to,
            enc: self.encoding,
            only: p.context.only.as_deref(),
            fixed_all,
            config: config.as_ref(),
        };
        let actions = convert::code_actions(&a, &index, &ctx);
        serde_json::to_value(actions).unwrap_or_else(|_| json!([]))
    }

    /// The configuration an "ignore in this file" action edits: the one in
    /// effect for the document (its text as the editor has it, if open), or
    /// a new `replylint.toml` in the workspace folder that holds it (else
    /// beside it), when the client can create files.
    fn config_target(&self, a: &Analysed) -> Option<convert::ConfigTarget> {
        let path = match &a.config {
            Some(p) => p.clone(),
            None => {
                let file = a.path.as_ref()?;
                let root = self
                    .roots
                    .iter()
                    .find(|r| file.starts_with(r))
                    .cloned()
                    .or_else(|| file.parent().map(PathBuf::from))?;
                root.join("replylint.toml")
            }
        };
        let uri = convert::path_to_uri(&path)?;
        let open = self.docs.get(uri.as_str()).map(|d| d.text.to_string());
        let text = open.or_else(|| std::fs::read_to_string(&path).ok());
        if text.is_none() && (a.config.is_some() || !self.create_files) {
            return None;
        }
        Some(convert::ConfigTarget { path, uri, text })
    }
}

/// Parses request params, or the InvalidParams error to answer with.
fn params<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, Message> {
    serde_json::from_value(v).map_err(|e| {
        error(
            RequestId::from(0),
            ErrorCode::InvalidParams,
            &format!("invalid params: {e}"),
        )
    })
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Message {
    Message::Response(Response::new_err(id, code as i32, message.to_string()))
}
