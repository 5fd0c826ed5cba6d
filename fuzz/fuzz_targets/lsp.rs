//! The language server's message handling: a session of arbitrary messages
//! (each line of the input that parses as JSON-RPC, after `initialize`),
//! and the stdio framing on the raw bytes. Never a panic; the session ends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    // The framing reader on raw bytes.
    let (tx, rx) = crossbeam_channel::unbounded();
    replylint::lsp::transport::read_loop(&mut std::io::Cursor::new(data), &tx);
    drop(rx);

    // A session: initialize, the messages, shutdown, exit.
    let text = String::from_utf8_lossy(data);
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || {
        replylint::lsp::serve_with(server, Duration::ZERO).unwrap();
    });
    let send = |m: Message| {
        let _ = client.sender.send(m);
    };
    send(Message::Request(Request::new(
        RequestId::from(0),
        "initialize".into(),
        serde_json::json!({ "capabilities": {} }),
    )));
    for line in text.lines() {
        if let Ok(m) = serde_json::from_str::<Message>(line) {
            let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
            if !exit {
                send(m);
            }
        }
    }
    send(Message::Request(Request::new(RequestId::from(-1), "shutdown".into(), ())));
    send(Message::Notification(Notification::new("exit".into(), ())));
    handle.join().unwrap();
});
