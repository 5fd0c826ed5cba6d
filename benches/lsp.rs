//! Keystroke-to-diagnostics latency of `replylint lsp`:
//! `cargo bench --bench lsp`.
//!
//! Starts the release binary (or the one `REPLYLINT_BIN` names, to compare
//! with another build) in an empty folder, opens a 600-byte reply as plain
//! text, and types into it: each keystroke is a `didChange` with the whole
//! text (what editors send for full sync) and the next version, and its
//! latency is the time from writing that message to reading the
//! `publishDiagnostics` of that version, over the real stdio pipes. The
//! keystrokes insert "please " into the middle of the reply letter by
//! letter and take it out again, so the draft stays near 600 bytes and its
//! findings change as words appear. `KEYSTROKES=N` (default 1,000) and
//! `PAUSE_MS=N` between keystrokes (default 20; people type a key every
//! 100-200 ms). Numbers go to docs/performance.md; no test asserts a time.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;
#[path = "support/reply.rs"]
mod reply;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let program = std::env::var_os("REPLYLINT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_replylint")));
    let keystrokes = env_number("KEYSTROKES", 1000) as usize;
    let pause = Duration::from_millis(env_number("PAUSE_MS", 20));
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("draft.txt");
    let reply = reply::reply();
    std::fs::write(&path, &reply).expect("the draft");
    let uri = lsp_client::file_uri(&path);
    let mut c = lsp_client::Client::ready(&program, dir.path(), json!({}), Value::Null);
    let opened = c.open(&uri, "plaintext", 1, &reply);

    // Each keystroke: one more letter of "please " at `at`, then one less.
    let at = reply.len() / 2;
    let word = "please ";
    let text_after = |k: usize| {
        let step = k % (2 * word.len());
        let shown = if step < word.len() {
            step + 1
        } else {
            2 * word.len() - step - 1
        };
        format!("{}{}{}", &reply[..at], &word[..shown], &reply[at..])
    };
    let warm_up = 20;
    let mut latencies = Vec::with_capacity(keystrokes);
    let mut findings = 0;
    for k in 0..warm_up + keystrokes {
        let version = k as i64 + 2;
        let text = text_after(k);
        let sent = Instant::now();
        c.change(&uri, version, &text);
        let diagnostics = c.diagnostics_for(&uri, version);
        let took = sent.elapsed();
        if k >= warm_up {
            latencies.push(took);
            findings += diagnostics.len();
        }
        std::thread::sleep(pause);
    }
    c.stop();

    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at_q = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let mean = latencies.iter().map(|d| ms(*d)).sum::<f64>() / latencies.len() as f64;
    println!(
        "replylint lsp ({}), {}-byte reply, {} findings on open, {} keystrokes {} ms apart, {} cores",
        program.display(),
        reply.len(),
        opened.len(),
        latencies.len(),
        pause.as_millis(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "keystroke to diagnostics: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms ({:.1} findings a version)",
        ms(at_q(0.5)),
        ms(at_q(0.9)),
        ms(at_q(0.99)),
        ms(*latencies.last().unwrap()),
        mean,
        findings as f64 / latencies.len() as f64
    );
}
