//! `replylint lsp` driven as an editor would: over stdio, with framed
//! JSON-RPC messages.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// How long to wait for any one message before the test fails (the server
/// answers in milliseconds; this only stops a broken server from hanging
/// the test suite).
const PATIENCE: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
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

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let msg = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send_raw(&msg.to_string());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(&msg.to_string());
        self.wait_for(|m| m["id"] == id)
    }

    /// The next message matching `want` (others are skipped).
    fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Value {
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

    fn diagnostics_for(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn file_uri(path: &std::path::Path) -> String {
    let p = path.to_string_lossy().replace(' ', "%20");
    format!("file://{p}")
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_editor_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late order.md");
    let text = "Hi Sam,\n\nCalm down, the parcel ships today. Let us know!\n";
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);

    let mut c = Client::start(dir.path());
    let init = c.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["positionEncoding"], "utf-16");
    c.notify("initialized", json!({}));

    // Open: findings at once.
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    let diags = c.diagnostics_for(&uri, 1);
    assert!(
        codes(&diags).contains(&"dismissive".to_string()),
        "{diags:?}"
    );
    let calm = diags.iter().find(|d| d["code"] == "dismissive").unwrap();
    assert_eq!(
        calm["range"],
        json!({ "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 9 } })
    );
    assert_eq!(calm["severity"], 1);
    assert_eq!(calm["source"], "replylint");
    assert!(
        calm["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/dismissive.md")
    );

    // Hover on "Calm": the rule's explanation.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 3 } }),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("replylint [dismissive]"), "{value}");
    assert!(
        value.contains("Does not flag") || value.contains("Why"),
        "{value}"
    );
    // Hover where nothing is flagged: null.
    let nothing = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(nothing["result"], Value::Null);

    // Code actions: the safe fix removes "Calm down, " and capitalizes.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 9 } },
            "context": { "diagnostics": [] }
        }),
    );
    let actions = actions["result"].as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred quick fix");
    let edits = &fix["edit"]["changes"][&uri];
    assert_eq!(
        edits[0],
        json!({
            "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 12 } },
            "newText": "T"
        })
    );
    let ignore = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("ignore [dismissive]"))
        .expect("a suppression action");
    assert_eq!(
        ignore["edit"]["changes"][&uri][0]["newText"],
        "<!-- replylint-disable-next-line dismissive -->\n"
    );

    // Change: the finding goes away in the new version.
    let fixed_text = "Hi Sam,\n\nThe parcel ships today. Let us know!\n";
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": fixed_text }]
        }),
    );
    let diags = c.diagnostics_for(&uri, 2);
    assert!(
        !codes(&diags).contains(&"dismissive".to_string()),
        "{diags:?}"
    );

    // A malformed request is answered with an error, and the server lives on.
    let bad = c.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(bad["error"]["code"], -32602);
    let unknown = c.request("replylint/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    c.send_raw("{not json");
    c.send_raw(r#"{"jsonrpc":"2.0","id":99,"method":3}"#);
    let answered = c.wait_for(|m| m["id"] == 99);
    assert_eq!(answered["error"]["code"], -32600);

    // Close: diagnostics cleared.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));

    let shutdown = c.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn fast_typing_publishes_only_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, "").unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start(dir.path());
    c.request("initialize", json!({ "capabilities": {} }));
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": "" } }),
    );
    c.diagnostics_for(&uri, 1);
    // Twenty quick edits: only the last version's findings matter.
    let mut text = String::new();
    for (v, word) in "Calm down and read the FAQ it is NOT hard okay"
        .split(' ')
        .cycle()
        .take(20)
        .enumerate()
    {
        text.push_str(word);
        text.push(' ');
        c.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": v + 2 },
                "contentChanges": [{ "text": text }]
            }),
        );
    }
    // Results come for ever newer versions and end with the last one (on a
    // loaded machine an intermediate version may be linted and published
    // before the next keystroke arrives; an older one never follows it).
    let last = 21;
    let mut seen = Vec::new();
    loop {
        let m = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        let v = m["params"]["version"].as_i64().unwrap();
        seen.push(v);
        if v == last {
            assert!(!m["params"]["diagnostics"].as_array().unwrap().is_empty());
            break;
        }
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert!(seen.len() < 20, "debounced: {seen:?}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

#[test]
fn library_files_get_their_configuration_and_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("replylint.toml"),
        "ignore = [\"no-invitation\", \"missing-apology\"]\n",
    )
    .unwrap();
    let path = dir.path().join("macros.json");
    let text = "[{\"id\": \"late\", \"text\": \"Calm down, it ships today!!\"}]";
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start(dir.path());
    c.request("initialize", json!({ "capabilities": {} }));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "json", "version": 7, "text": text } }),
    );
    let diags = c.diagnostics_for(&uri, 7);
    let found = codes(&diags);
    assert!(found.contains(&"dismissive".to_string()), "{found:?}");
    assert!(
        !found.contains(&"no-invitation".to_string()),
        "the configuration applies: {found:?}"
    );
    // Positions point into the JSON string.
    let calm = diags.iter().find(|d| d["code"] == "dismissive").unwrap();
    assert_eq!(
        calm["range"]["start"]["character"],
        text.find("Calm").unwrap()
    );
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}
