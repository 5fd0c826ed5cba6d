//! The stdio transport: LSP base protocol framing (`Content-Length` headers)
//! on two threads, like `lsp_server::Connection::stdio`, except that a
//! malformed message is reported and skipped instead of ending the session.

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use lsp_server::{Connection, Message, Notification};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// Largest message accepted (a document of 64 MiB is larger than any reply
/// library an editor would open).
const MAX_MESSAGE: usize = 64 << 20;

/// The notification the reader sends the server for a message it could not
/// parse, so that the server (the only one who writes) can answer it:
/// `{ "id": <the request id, if one could be read>, "error": "..." }`.
pub const INVALID_MESSAGE: &str = "$/replylint/invalidMessage";

/// The reader and writer threads.
pub struct IoThreads {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads (the writer ends when the server drops its
    /// sender; the reader when stdin closes).
    pub fn join(self) -> io::Result<()> {
        let written = self
            .writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the LSP writer thread panicked")));
        // The reader may still be blocked on stdin after `exit`: it is not
        // waited for; the process ends.
        drop(self.reader);
        written
    }
}

/// A connection over stdin/stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, outbox) = unbounded::<Message>();
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        read_loop(&mut input, &to_server);
    });
    let writer = std::thread::spawn(move || write_loop(&mut io::stdout().lock(), &outbox));
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { reader, writer },
    )
}

/// Reads framed messages from `input` until it ends; a malformed one is
/// passed on as an [`INVALID_MESSAGE`] notification.
// stderr is the language server's log: editors show it in their LSP log.
#[allow(clippy::print_stderr)]
pub fn read_loop(input: &mut dyn BufRead, server: &Sender<Message>) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(e) => {
                eprintln!("replylint lsp: skipping a malformed message: {e}");
                continue;
            }
        };
        match serde_json::from_slice::<Message>(&body) {
            Ok(msg) => {
                if server.send(msg).is_err() {
                    return;
                }
            }
            Err(e) => {
                eprintln!("replylint lsp: skipping a message that is not JSON-RPC: {e}");
                let id = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v.get("id").cloned())
                    .unwrap_or(serde_json::Value::Null);
                let note = Notification::new(
                    INVALID_MESSAGE.into(),
                    serde_json::json!({ "id": id, "error": e.to_string() }),
                );
                if server.send(Message::Notification(note)).is_err() {
                    return;
                }
            }
        }
    }
}

/// One message body, `None` at the end of input.
fn read_frame(input: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "no valid Content-Length header",
        ));
    };
    if length > MAX_MESSAGE {
        // Skip it without holding it.
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("message of {length} bytes is over the {MAX_MESSAGE}-byte limit"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// Writes every message of `outbox` to `out`, framed.
pub fn write_loop(out: &mut dyn Write, outbox: &Receiver<Message>) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct JsonRpc<'a> {
        jsonrpc: &'static str,
        #[serde(flatten)]
        msg: &'a Message,
    }
    for msg in outbox {
        let text = serde_json::to_string(&JsonRpc {
            jsonrpc: "2.0",
            msg: &msg,
        })?;
        write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
        out.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_messages_are_skipped_and_answered() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let bad = r#"{"jsonrpc":"2.0","id":7,"method":3}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{oops\
             Content-Length: {}\r\n\r\n{bad}\
             X-Nonsense\r\n\r\n\
             Content-Length: {}\r\n\r\n{good}",
            bad.len(),
            good.len()
        );
        let (to_server, from_client) = unbounded();
        read_loop(&mut io::Cursor::new(input), &to_server);
        let got: Vec<Message> = from_client.try_iter().collect();
        let methods: Vec<&str> = got
            .iter()
            .map(|m| match m {
                Message::Notification(n) => n.method.as_str(),
                _ => "other",
            })
            .collect();
        // "{oops" and the bad request are passed on as invalid (the frame
        // without a length is skipped), then the good one.
        assert_eq!(methods, [INVALID_MESSAGE, INVALID_MESSAGE, "initialized"]);
        let Message::Notification(n) = &got[1] else {
            unreachable!()
        };
        assert_eq!(n.params["id"], 7);
    }
}
