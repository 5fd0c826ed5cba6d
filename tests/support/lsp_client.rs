//! A language-server client for tests and benchmarks: starts `replylint
//! lsp` and speaks framed JSON-RPC to it over stdio (tests/lsp.rs,
//! benches/lsp.rs; each uses what it needs).
#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// How long to wait for any one message before the test fails (the server
/// answers in milliseconds; this only stops a broken server from hanging
/// the test suite).
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Client {
    pub child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Value>,
    next_id: i64,
}

impl Client {
    /// `program lsp`, started in `dir`.
    pub fn start(program: &std::path::Path, dir: &std::path::Path) -> Client {
        let mut child = Command::new(program)
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start replylint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, inbox) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            inbox,
            next_id: 1,
        }
    }

    pub fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let msg = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send_raw(&msg.to_string());
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(&msg.to_string());
        self.wait_for(|m| m["id"] == id)
    }

    /// The next message matching `want` (others are skipped).
    pub fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .inbox
                .recv_timeout(PATIENCE)
                .expect("the server answered in time");
            if std::env::var_os("LSP_DEBUG").is_some() {
                eprintln!("got {m}");
            }
            if want(&m) {
                return m;
            }
        }
    }

    pub fn diagnostics_for(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// A client that has initialized the server with `capabilities` and
    /// `initializationOptions`.
    pub fn ready(
        program: &std::path::Path,
        dir: &std::path::Path,
        capabilities: Value,
        options: Value,
    ) -> Client {
        let mut c = Client::start(program, dir);
        c.request(
            "initialize",
            json!({ "capabilities": capabilities, "initializationOptions": options,
                    "rootUri": file_uri(dir) }),
        );
        c.notify("initialized", json!({}));
        c
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": version, "text": text } }),
        );
        self.diagnostics_for(uri, version)
    }

    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// The next message matching `want`, and the ones that came before it.
    pub fn wait_collect(&mut self, want: impl Fn(&Value) -> bool) -> (Value, Vec<Value>) {
        let mut before = Vec::new();
        loop {
            let m = self
                .inbox
                .recv_timeout(PATIENCE)
                .expect("the server answered in time");
            if want(&m) {
                return (m, before);
            }
            before.push(m);
        }
    }

    /// The code actions for the whole of a document, of the `only` kinds.
    pub fn actions(&mut self, uri: &str, only: Option<&[&str]>) -> Vec<Value> {
        let mut context = json!({ "diagnostics": [] });
        if let Some(only) = only {
            context["only"] = json!(only);
        }
        let r = self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 999, "character": 0 } },
                "context": context
            }),
        );
        r["result"].as_array().unwrap().clone()
    }

    pub fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        assert!(self.child.wait().unwrap().success());
    }
}

/// The `file:` URI of a path.
pub fn file_uri(path: &std::path::Path) -> String {
    let p = path.to_string_lossy().replace(' ', "%20");
    format!("file://{p}")
}
