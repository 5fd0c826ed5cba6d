//! `replylint serve` over real HTTP: the API's answers equal `--format json`,
//! every bad input gets a 4xx that says what and where, and the safe
//! defaults hold (loopback, token, Host, CORS, limits, logs).

mod common;
#[path = "support/server.rs"]
mod server;

use server::Server;
use std::io::Write;
use std::process::Command;

fn cli_json(args: &[&str], stdin: &str) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_replylint"));
    cmd.args(["check", "--format", "json", "--no-config"])
        .args(args)
        .arg("-");
    common::with_stdin(&mut cmd, stdin).stdout
}

fn tmp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("replylint-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_check_answers_exactly_what_format_json_writes() {
    let s = Server::start(&["--no-config"], None);
    let draft = "Calm down. You should have read the FAQ.\nWhat's your order number? 🙂 Whatever.";
    let context = "My parcel never came and I was charged twice!";
    for (channel, args) in [
        (None, vec![]),
        (Some("private"), vec!["--channel", "private"]),
    ] {
        let mut req = serde_json::json!({ "text": draft, "context": context });
        if let Some(c) = channel {
            req["channel"] = c.into();
        }
        let answer = s.post_json("/v1/check", &req.to_string());
        assert_eq!(answer.status, 200, "{}", answer.text());
        assert_eq!(answer.header("content-type"), Some("application/json"));
        let ctx = tmp_dir("ctx").join("complaint.txt");
        std::fs::write(&ctx, context).unwrap();
        let mut args = args.clone();
        let ctx_arg = ctx.display().to_string();
        args.extend(["--context", &ctx_arg]);
        let expected = cli_json(&args, draft);
        assert_eq!(
            answer.text(),
            String::from_utf8(expected).unwrap(),
            "channel {channel:?}"
        );
    }
    // public-details fires in public only: the channel was really used.
    let public = s.post_json(
        "/v1/check",
        r#"{"text": "What's your order number?", "channel": "public"}"#,
    );
    let private = s.post_json(
        "/v1/check",
        r#"{"text": "What's your order number?", "channel": "private"}"#,
    );
    let rules = |r: &server::Reply| -> Vec<String> {
        r.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(&public).contains(&"public-details".to_string()));
    assert!(!rules(&private).contains(&"public-details".to_string()));
}

#[test]
fn a_batch_keeps_order_ids_and_per_draft_settings() {
    let s = Server::start(&["--no-config"], None);
    let drafts: Vec<_> = (0..300)
        .map(|i| {
            if i % 3 == 0 {
                serde_json::json!({ "id": format!("reply-{i}"), "text": "Calm down." })
            } else {
                serde_json::json!({ "text": "Thanks for telling us. I'm sorry! Could you DM us?" })
            }
        })
        .collect();
    let mut body = serde_json::json!({ "drafts": drafts, "channel": "private" });
    body["drafts"][1]["channel"] = "public".into();
    body["drafts"][1]["text"] = "What's your order number?".into();
    let r = s.post_json("/v1/check/batch", &body.to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 300);
    assert_eq!(files[0]["path"], "reply-0");
    assert_eq!(files[2]["path"], "drafts[2]");
    assert_eq!(files[299]["path"], "drafts[299]");
    let diags = v["diagnostics"].as_array().unwrap();
    let of = |path: &str| -> Vec<&str> {
        diags
            .iter()
            .filter(|d| d["path"] == path)
            .map(|d| d["rule"].as_str().unwrap())
            .collect()
    };
    assert!(of("reply-0").contains(&"dismissive"));
    assert!(of("reply-3").contains(&"dismissive"));
    assert!(of("drafts[1]").contains(&"public-details"));
    assert!(of("drafts[2]").is_empty(), "{:?}", of("drafts[2]"));
    assert_eq!(v["summary"]["drafts"], 300);

    let too_many = serde_json::json!({
        "drafts": (0..1001).map(|_| serde_json::json!({"text": "hi"})).collect::<Vec<_>>()
    });
    let r = s.post_json("/v1/check/batch", &too_many.to_string());
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"]["code"], "too_many_drafts");
}

#[test]
fn rules_name_the_configuration_in_force_and_health_answers() {
    let dir = tmp_dir("config");
    std::fs::write(
        dir.join("replylint.toml"),
        "ignore = [\"sarcasm\"]\n[severity]\nshouting = \"error\"\n",
    )
    .unwrap();
    let s = Server::start(&[], Some(&dir));
    assert!(
        s.log.lock().unwrap()[0].contains("replylint.toml); Ctrl-C stops"),
        "{:?}",
        s.log.lock().unwrap()
    );
    let v = s.get("/v1/rules").json();
    assert_eq!(v["version"], 1);
    let shown = dir.join("replylint.toml").display().to_string();
    assert_eq!(v["configuration"], shown.as_str());
    let rule = |id: &str| {
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no rule {id}"))
            .clone()
    };
    assert_eq!(rule("shouting")["severity"], "error");
    assert_eq!(rule("sarcasm")["enabled"], false);
    assert_eq!(rule("blame")["enabled"], true);
    assert!(
        rule("blame")["explanation"]
            .as_str()
            .unwrap()
            .contains("blame")
    );
    let shouted = s
        .post_json("/v1/check", r#"{"text": "PLEASE READ THE EMAIL!!"}"#)
        .json();
    assert!(
        shouted["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "shouting" && d["severity"] == "error")
    );
    let h = s.get("/healthz");
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");
    // The page and its files, from the binary.
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<textarea id=\"draft\""));
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    assert!(s.get("/app.js").text().contains("/v1/check"));
    assert_eq!(
        s.get("/app.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
}

/// Every bad input: its status, its code, and words its message must have.
#[test]
fn every_bad_input_gets_a_4xx_that_says_what_and_where() {
    let s = Server::start(&["--no-config", "--max-body", "2000"], None);
    let json = [("Content-Type", "application/json")];
    let cases: Vec<(&str, server::Reply, u16, &str, &str)> =
        vec![
        (
            "syntax error",
            s.post_json("/v1/check", "{\"text\": \"hi\",\n  oops}"),
            400,
            "invalid_json",
            "line 2, column 3",
        ),
        (
            "truncated",
            s.post_json("/v1/check", "{\"text\": \"hi"),
            400,
            "invalid_json",
            "EOF",
        ),
        (
            "empty body",
            s.post_json("/v1/check", ""),
            400,
            "invalid_json",
            "the body is empty",
        ),
        (
            "unknown field",
            s.post_json("/v1/check", r#"{"text": "hi", "tone": "calm"}"#),
            422,
            "invalid_request",
            "unknown field `tone`, expected one of `text`, `context`, `channel`",
        ),
        (
            "wrong type",
            s.post_json("/v1/check", r#"{"text": ["hi"]}"#),
            422,
            "invalid_request",
            "invalid type: sequence, expected a string (line 1, column 9)",
        ),
        (
            "missing text",
            s.post_json("/v1/check", r#"{"context": "hi"}"#),
            422,
            "invalid_request",
            "missing field `text`",
        ),
        (
            "unknown channel",
            s.post_json("/v1/check", r#"{"text": "hi", "channel": "fax"}"#),
            422,
            "invalid_request",
            "unknown channel `fax`; use one of: public,",
        ),
        (
            "not an object",
            s.post_json("/v1/check", r#""hi""#),
            422,
            "invalid_request",
            "expected an object like",
        ),
        (
            "batch: a draft of the wrong type",
            s.post_json("/v1/check/batch", r#"{"drafts": [{"text": "a"}, {"text": 7}]}"#),
            422,
            "invalid_request",
            "invalid type: integer `7`, expected a string",
        ),
        (
            "batch: unknown field in a draft",
            s.post_json("/v1/check/batch", r#"{"drafts": [{"body": "a"}]}"#),
            422,
            "invalid_request",
            "unknown field `body`",
        ),
        (
            "invalid UTF-8",
            s.request("POST", "/v1/check", &json, b"{\"text\": \"caf\xe9\"}"),
            400,
            "invalid_json",
            "invalid unicode",
        ),
        (
            "no content type",
            s.request("POST", "/v1/check", &[], br#"{"text": "hi"}"#),
            415,
            "unsupported_media_type",
            "got none",
        ),
        (
            "a form",
            s.request(
                "POST",
                "/v1/check",
                &[("Content-Type", "application/x-www-form-urlencoded")],
                b"text=hi",
            ),
            415,
            "unsupported_media_type",
            "Content-Type: application/json",
        ),
        (
            "too large, declared",
            s.post_json("/v1/check", &format!("{{\"text\": \"{}\"}}", "a".repeat(3000))),
            413,
            "body_too_large",
            "limit of 2000 bytes",
        ),
        (
            "too large, chunked",
            s.raw(
                format!(
                    "POST /v1/check HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
                     Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
                     {:x}\r\n{}\r\n0\r\n\r\n",
                    3000,
                    "a".repeat(3000)
                )
                .as_bytes(),
            ),
            413,
            "body_too_large",
            "--max-body",
        ),
        ("unknown path", s.get("/v1/lint"), 404, "not_found", "POST /v1/check"),
        (
            "wrong method",
            s.get("/v1/check"),
            405,
            "method_not_allowed",
            "use POST",
        ),
        (
            "another host (DNS rebinding)",
            s.raw(b"GET /v1/rules HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"),
            403,
            "forbidden_host",
            "localhost only",
        ),
    ];
    for (what, r, status, code, words) in &cases {
        assert_eq!(r.status, *status, "{what}: {}", r.text());
        let e = &r.json()["error"];
        assert_eq!(e["code"], *code, "{what}");
        assert_eq!(e["status"], *status, "{what}");
        let message = e["message"].as_str().unwrap();
        assert!(
            message.contains(words),
            "{what}: `{message}` lacks `{words}`"
        );
    }
    let syntax = cases[0].1.json();
    assert_eq!(
        (
            syntax["error"]["line"].as_u64(),
            syntax["error"]["column"].as_u64()
        ),
        (Some(2), Some(3))
    );
    assert_eq!(cases[16].1.header("allow"), Some("POST"));
    // The server is still well after all that.
    assert_eq!(s.post_json("/v1/check", r#"{"text": "hi"}"#).status, 200);
}

#[test]
fn a_body_that_does_not_arrive_in_time_gets_408() {
    let s = Server::start(&["--no-config", "--timeout", "0.3"], None);
    let started = std::time::Instant::now();
    // Declares 100 bytes, sends 10, then waits.
    let mut c = std::net::TcpStream::connect(&s.addr).unwrap();
    c.write_all(
        b"POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"text\": \"",
    )
    .unwrap();
    c.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = std::io::Read::read(&mut c, &mut buf).unwrap();
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(
        head.contains("did not arrive within the time limit"),
        "{head}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_token_guards_the_api_and_other_addresses_need_one() {
    // Off loopback without a token: refused before anything listens.
    let o = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(["serve", "--no-config", "--bind", "0.0.0.0", "--port", "0"])
        .env_remove("REPLYLINT_TOKEN")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a token is required"), "{err}");
    assert!(err.contains("REPLYLINT_TOKEN"), "{err}");

    let s = Server::start(&["--no-config", "--token", "s3cret-token"], None);
    assert!(s.log.lock().unwrap()[0].contains("token required"));
    let no = s.post_json("/v1/check", r#"{"text": "hi"}"#);
    assert_eq!(no.status, 401);
    assert_eq!(
        no.header("www-authenticate"),
        Some("Bearer realm=\"replylint\"")
    );
    let wrong = s.post_json_with(
        "/v1/check",
        &[("Authorization", "Bearer nope")],
        r#"{"text": "hi"}"#,
    );
    assert_eq!(
        (wrong.status, wrong.json()["error"]["message"].as_str()),
        (401, Some("wrong token"))
    );
    let right = s.post_json_with(
        "/v1/check",
        &[("Authorization", "Bearer s3cret-token")],
        r#"{"text": "hi"}"#,
    );
    assert_eq!(right.status, 200);
    assert_eq!(s.get("/v1/rules").status, 401);
    // The page (which asks for the token) and the health check are open.
    assert_eq!(s.get("/").status, 200);
    assert_eq!(s.get("/healthz").status, 200);
    // The token is never logged.
    assert!(!s.log.lock().unwrap().join("\n").contains("s3cret-token"));
}

#[test]
fn cors_only_for_the_origins_configured() {
    let origin = [
        ("Origin", "https://desk.example.com"),
        ("Content-Type", "application/json"),
    ];
    let plain = Server::start(&["--no-config"], None);
    let r = plain.request("POST", "/v1/check", &origin, br#"{"text": "hi"}"#);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), None);
    assert_eq!(
        plain.request("OPTIONS", "/v1/check", &origin, b"").status,
        405
    );

    let s = Server::start(
        &["--no-config", "--cors-origin", "https://desk.example.com"],
        None,
    );
    let r = s.request("POST", "/v1/check", &origin, br#"{"text": "hi"}"#);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://desk.example.com")
    );
    assert_eq!(r.header("vary"), Some("Origin"));
    let pre = s.request(
        "OPTIONS",
        "/v1/check",
        &[
            ("Origin", "https://desk.example.com"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(pre.status, 204);
    assert_eq!(
        pre.header("access-control-allow-methods"),
        Some("POST, OPTIONS")
    );
    let other = s.post_json_with(
        "/v1/check",
        &[("Origin", "https://evil.example")],
        r#"{"text": "hi"}"#,
    );
    assert_eq!(other.header("access-control-allow-origin"), None);
}

#[test]
fn many_clients_at_once_on_kept_alive_connections_and_one_log_line_each() {
    let s = Server::start(&["--no-config"], None);
    let body = r#"{"text": "Calm down. The secret word is pineapple."}"#;
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                use std::io::{BufRead, BufReader, Read};
                let c = std::net::TcpStream::connect(&addr).unwrap();
                let mut reader = BufReader::new(c.try_clone().unwrap());
                let mut w = c;
                let mut ok = 0;
                for _ in 0..25 {
                    write!(
                        w,
                        "POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    )
                    .unwrap();
                    let mut status = String::new();
                    reader.read_line(&mut status).unwrap();
                    let mut len = 0;
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).unwrap();
                        if h == "\r\n" {
                            break;
                        }
                        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                            len = v.trim().parse().unwrap();
                        }
                    }
                    let mut b = vec![0; len];
                    reader.read_exact(&mut b).unwrap();
                    let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
                    if status.starts_with("HTTP/1.1 200") && v["diagnostics"][0]["rule"] == "dismissive" {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let ok: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(ok, 200);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let log = s.log.lock().unwrap();
    let lines: Vec<&String> = log
        .iter()
        .filter(|l| l.contains("POST /v1/check "))
        .collect();
    assert_eq!(lines.len(), 200);
    let l = lines[0];
    assert!(
        l.contains(" 127.0.0.1:") && l.contains(" 200 ") && l.ends_with("ms"),
        "{l}"
    );
    assert!(!log.join("\n").contains("pineapple"));
}
