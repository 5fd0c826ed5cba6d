//! `replylint lsp` driven as an editor would: over stdio, with framed
//! JSON-RPC messages.

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[path = "support/lsp_client.rs"]
mod lsp_client;
use lsp_client::{Client, file_uri};

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_replylint"))
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

    let mut c = Client::start(bin(), dir.path());
    let init = c.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.replylint"])
    );
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
    // ...and how hot the whole draft reads.
    assert!(value.contains("This draft: heat "), "{value}");
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
    // No replylint.toml, and a client that cannot create one: no "ignore"
    // (it never goes into the reply itself).
    assert!(
        !actions
            .iter()
            .any(|a| a["title"].as_str().unwrap().contains("ignore")),
        "{actions:?}"
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
    let mut c = Client::start(bin(), dir.path());
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
    // Results come for ever newer versions and end with the last one (a
    // small document is linted at once on each change, so intermediate
    // versions are published as the worker gets to them; an older one
    // never follows a newer one).
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
    let mut c = Client::start(bin(), dir.path());
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

/// `text` with LSP edits applied (ASCII text: a character is a byte).
fn apply_edits(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, &t);
    }
    out
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

/// "Ignore" never writes into a reply (which may be pasted to a customer):
/// in Markdown or text it goes to `[per-file-ignores]` of the project's
/// replylint.toml, made if there is none and the client can create files;
/// in a YAML library it is a `#` comment, and every reply stays as it was.
#[test]
fn ignoring_a_finding_never_writes_into_a_reply() {
    let dir = tempfile::tempdir().unwrap();
    let can_create = json!({ "workspace": { "workspaceEdit": {
        "documentChanges": true, "resourceOperations": ["create"] } } });
    // No replylint.toml yet: the action makes one.
    let md = dir.path().join("replies").join("late.md");
    std::fs::create_dir_all(md.parent().unwrap()).unwrap();
    let text = "Calm down, it ships today.\n";
    std::fs::write(&md, text).unwrap();
    let uri = file_uri(&md);
    let mut c = Client::ready(bin(), dir.path(), can_create, Value::Null);
    c.open(&uri, "markdown", 1, text);
    let actions = c.actions(&uri, Some(&["quickfix"]));
    assert!(
        !actions.iter().any(|a| a.to_string().contains("<!--")),
        "no HTML comment: {actions:?}"
    );
    let make = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .contains("ignore [dismissive] in this file")
        })
        .unwrap_or_else(|| panic!("{:?}", titles(&actions)));
    let ops = make["edit"]["documentChanges"].as_array().unwrap();
    let config_uri = file_uri(&dir.path().join("replylint.toml"));
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], config_uri);
    let config = apply_edits("", &ops[1]["edits"]);
    assert_eq!(
        config,
        "[per-file-ignores]\n\"replies/late.md\" = [\"dismissive\"]\n"
    );
    // Written as the editor would, the finding is gone and the reply is
    // untouched.
    std::fs::write(dir.path().join("replylint.toml"), &config).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 1 }] }),
    );
    let diags = c.diagnostics_for(&uri, 1);
    assert!(
        !codes(&diags).contains(&"dismissive".to_string()),
        "{diags:?}"
    );

    // The replylint.toml exists now: the next one is added to it.
    let txt = dir.path().join("replies").join("other.txt");
    let text = "You should have read the FAQ.\n";
    std::fs::write(&txt, text).unwrap();
    let txt_uri = file_uri(&txt);
    c.open(&txt_uri, "plaintext", 1, text);
    let actions = c.actions(&txt_uri, Some(&["quickfix"]));
    let add = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .contains("ignore [blame] in this file")
        })
        .unwrap_or_else(|| panic!("{:?}", titles(&actions)));
    let edited = apply_edits(&config, &add["edit"]["changes"][&config_uri]);
    assert_eq!(
        edited,
        "[per-file-ignores]\n\"replies/other.txt\" = [\"blame\"]\n\"replies/late.md\" = [\"dismissive\"]\n"
    );
    // Saved in the editor: read again at once.
    std::fs::write(dir.path().join("replylint.toml"), &edited).unwrap();
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config_uri } }),
    );
    let diags = c.diagnostics_for(&txt_uri, 1);
    assert!(!codes(&diags).contains(&"blame".to_string()), "{diags:?}");

    // A YAML library: a `#` comment on the value's line, or on the line a
    // block starts on; every reply reads the same afterwards.
    let lib = dir.path().join("macros.yaml");
    let yaml = "- title: late\n  body: \"Calm down, it ships today.\"\n- title: refund\n  body: |\n    You should have read the FAQ.\n    It ships today.\n";
    std::fs::write(&lib, yaml).unwrap();
    let lib_uri = file_uri(&lib);
    let diags = c.open(&lib_uri, "yaml", 1, yaml);
    assert!(codes(&diags).contains(&"blame".to_string()), "{diags:?}");
    let actions = c.actions(&lib_uri, Some(&["quickfix"]));
    let comments: Vec<&Value> = actions
        .iter()
        .filter(|a| {
            let t = a["title"].as_str().unwrap();
            t.contains("on this line") && (t.contains("[dismissive]") || t.contains("[blame]"))
        })
        .collect();
    assert_eq!(comments.len(), 2, "{:?}", titles(&actions));
    let mut fixed = yaml.to_string();
    for a in comments.iter().rev() {
        fixed = apply_edits(&fixed, &a["edit"]["changes"][&lib_uri]);
    }
    assert_eq!(
        fixed,
        "- title: late\n  body: \"Calm down, it ships today.\"  # replylint: ignore dismissive\n- title: refund\n  body: |  # replylint: ignore blame\n    You should have read the FAQ.\n    It ships today.\n"
    );
    c.change(&lib_uri, 2, &fixed);
    let diags = c.diagnostics_for(&lib_uri, 2);
    let found = codes(&diags);
    assert!(
        !found.contains(&"dismissive".to_string()) && !found.contains(&"blame".to_string()),
        "{found:?}"
    );
    c.stop();
}

/// `source.fixAll` applies every safe fix, pass after pass, and leaves the
/// text `replylint check --fix` leaves.
#[test]
fn fix_all_leaves_what_fix_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    let text = "Calm down, the parcel ships today. NOBODY WAITS!! Thanks for the patience!!\n";
    std::fs::write(&path, text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(["check", "--no-config", "--fix"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.code().is_some(), "{o:?}");
    let want = std::fs::read_to_string(&path).unwrap();
    assert_ne!(want, text, "--fix changed something");
    std::fs::write(dir.path().join("replylint.toml"), "").unwrap();
    let uri = file_uri(&path);
    let mut c = Client::ready(bin(), dir.path(), json!({}), Value::Null);
    c.open(&uri, "plaintext", 1, text);
    // The worker works out the passes right after the findings: the
    // answer settles on --fix's text within moments.
    let mut got = String::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        let actions = c.actions(&uri, Some(&["source.fixAll"]));
        assert_eq!(actions.len(), 1, "{actions:?}");
        assert_eq!(actions[0]["kind"], "source.fixAll.replylint");
        got = apply_edits(text, &actions[0]["edit"]["changes"][&uri]);
        if got == want {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(got, want);
    // Quick fixes only: no fix-all among them.
    let quick = c.actions(&uri, Some(&["quickfix"]));
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"), "{quick:?}");
    c.stop();
}

/// The editor's settings apply as the command line's flags do: from
/// `initializationOptions`, from `workspace/didChangeConfiguration`, and
/// from the answer to `workspace/configuration` (VS Code's way); a wrong
/// one is said in the editor. A small document is linted at once whatever
/// the pause for slow ones (`debounceMs`: ten minutes here).
#[test]
fn settings_from_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    let text = "Calm down. You should have read the FAQ.\n";
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let options = json!({ "replylint": { "ignore": ["dismissive"], "debounceMs": 600000 } });
    let mut c = Client::ready(bin(), dir.path(), json!({}), options);
    let found = codes(&c.open(&uri, "plaintext", 1, text));
    assert!(found.contains(&"blame".to_string()), "{found:?}");
    assert!(!found.contains(&"dismissive".to_string()), "{found:?}");
    // Typed into: linted at once, not after ten minutes.
    c.change(&uri, 2, "Calm down. You should have read the FAQ!!\n");
    let found = codes(&c.diagnostics_for(&uri, 2));
    assert!(found.contains(&"shouting".to_string()), "{found:?}");
    // Pushed: only errors shown now.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "replylint": { "minSeverity": "error" } } }),
    );
    let diags = c.diagnostics_for(&uri, 2);
    assert!(
        diags.iter().all(|d| d["severity"] == 1),
        "only errors: {diags:?}"
    );
    assert!(
        codes(&diags).contains(&"dismissive".to_string()),
        "{diags:?}"
    );
    // A wrong value: said, and nothing changes.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "replylint": { "channel": "fax", "minseverity": "info" } } }),
    );
    let (shown, _) = c.wait_collect(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("unknown channel `fax`"), "{message}");
    c.stop();

    // A client that is asked (workspace/configuration).
    let mut c = Client::ready(
        bin(),
        dir.path(),
        json!({ "workspace": { "configuration": true } }),
        Value::Null,
    );
    let (ask, _) = c.wait_collect(|m| m["method"] == "workspace/configuration");
    assert_eq!(ask["params"]["items"][0]["section"], "replylint");
    let answer = json!({ "jsonrpc": "2.0", "id": ask["id"], "result": [{ "ignore": ["blame"] }] });
    c.send_raw(&answer.to_string());
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": text } }),
    );
    // The last publication of version 1 is after the answer.
    let mut found = Vec::new();
    for _ in 0..2 {
        found = codes(&c.diagnostics_for(&uri, 1));
        if !found.contains(&"blame".to_string()) {
            break;
        }
    }
    assert!(!found.contains(&"blame".to_string()), "{found:?}");
    assert!(found.contains(&"dismissive".to_string()), "{found:?}");
    c.stop();
}

/// Only a large document waits for a pause in the typing: after a change
/// to a large one and then to a small one, the small one's findings come
/// first (the large one's only once the pause is over, here on save).
#[test]
fn only_large_documents_wait_for_a_pause() {
    let dir = tempfile::tempdir().unwrap();
    let big_path = dir.path().join("library.md");
    let entry = "## Late parcel\n\nThanks for writing in, the parcel ships today.\n\n";
    let big = entry.repeat(70_000 / entry.len() + 1);
    assert!(big.len() > 64 * 1024);
    std::fs::write(&big_path, &big).unwrap();
    let small_path = dir.path().join("draft.txt");
    std::fs::write(&small_path, "").unwrap();
    let (big_uri, small_uri) = (file_uri(&big_path), file_uri(&small_path));
    let options = json!({ "replylint": { "debounceMs": 600000 } });
    let mut c = Client::ready(bin(), dir.path(), json!({}), options);
    c.open(&big_uri, "markdown", 1, &big);
    c.open(&small_uri, "plaintext", 1, "");
    let big2 = format!("{big}Calm down.\n");
    c.change(&big_uri, 2, &big2);
    c.change(&small_uri, 2, "Calm down.\n");
    let is_publish = |m: &Value, uri: &str, v: i64| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == v
    };
    let (_, before) = c.wait_collect(|m| is_publish(m, &small_uri, 2));
    assert!(
        !before.iter().any(|m| is_publish(m, &big_uri, 2)),
        "the large document waited"
    );
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": big_uri } }),
    );
    let found = codes(&c.diagnostics_for(&big_uri, 2));
    assert!(found.contains(&"dismissive".to_string()), "{found:?}");
    c.stop();
}
