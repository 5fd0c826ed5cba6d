//! A bounded load test of `replylint serve` on loopback:
//! `cargo bench --bench load`.
//!
//! Starts the release binary on 127.0.0.1 (a free port), then, for 1, 8 and
//! 64 concurrent clients, each on its own kept-alive connection, sends
//! `POST /v1/check` with a 600-byte reply and measures requests per second
//! and the latency of each request (p50, p99, max). Then 100,000 requests at
//! 8 clients while the server's resident memory is read every 10,000. Every
//! answer must be 200 with the expected findings, or the run fails.
//!
//! It stops by itself: each phase is bounded by its request count and by
//! `PHASE_LIMIT` of wall time, and it sends nothing but to 127.0.0.1.
//! `LOAD_REQUESTS=N` changes the count per phase (default 20,000). Numbers
//! go to docs/performance.md.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const PHASE_LIMIT: Duration = Duration::from_secs(60);
const MEMORY_REQUESTS: usize = 100_000;

#[path = "support/reply.rs"]
mod reply;
use reply::reply;

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let per_phase: usize = std::env::var("LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let log = tempfile::NamedTempFile::new().expect("a log file");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut server = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(["serve", "--no-config", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log.reopen().unwrap()))
        .spawn()
        .expect("start replylint serve");
    let addr = format!("127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let body = serde_json::json!({ "text": reply(), "channel": "public" }).to_string();
    let request = format!(
        "POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let pid = server.id();
    println!(
        "replylint serve, POST /v1/check, {}-byte reply, loopback, {} cores",
        reply().len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // Warm-up: connections, caches, the allocator's pages.
    run(&addr, &request, 8, 2_000, None);
    println!("| clients | requests | requests/s | p50 | p99 | max | errors |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for clients in [1, 8, 64] {
        let r = run(&addr, &request, clients, per_phase, None);
        println!(
            "| {clients} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {} |",
            r.latencies.len(),
            r.latencies.len() as f64 / r.elapsed.as_secs_f64(),
            r.percentile(50.0),
            r.percentile(99.0),
            r.percentile(100.0),
            r.errors
        );
        assert_eq!(r.errors, 0, "error answers at {clients} clients");
    }
    // Memory over 100,000 requests.
    let before = rss_kib(pid);
    let samples = Arc::new(std::sync::Mutex::new(vec![(0usize, before)]));
    let r = run(
        &addr,
        &request,
        8,
        MEMORY_REQUESTS,
        Some((pid, samples.clone())),
    );
    assert_eq!(r.errors, 0, "error answers during the memory run");
    let mut samples = samples.lock().unwrap();
    samples.push((MEMORY_REQUESTS, rss_kib(pid)));
    let line: Vec<String> = samples
        .iter()
        .map(|(n, kib)| format!("{}k: {:.1}", n / 1000, *kib as f64 / 1024.0))
        .collect();
    println!(
        "memory (resident MiB after N requests, 8 clients, {:.0} requests/s): {}",
        r.latencies.len() as f64 / r.elapsed.as_secs_f64(),
        line.join(", ")
    );
    println!("peak resident: {:.1} MiB", hwm_kib(pid) as f64 / 1024.0);
    let _ = server.kill();
    let _ = server.wait();
    let lines = BufReader::new(log.reopen().unwrap()).lines().count();
    println!("log lines written: {lines}");
}

struct Run {
    latencies: Vec<Duration>,
    elapsed: Duration,
    errors: usize,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        let mut l = self.latencies.clone();
        l.sort();
        if l.is_empty() {
            return 0.0;
        }
        let i = ((p / 100.0) * (l.len() - 1) as f64).round() as usize;
        l[i].as_secs_f64() * 1000.0
    }
}

type Samples = Arc<std::sync::Mutex<Vec<(usize, u64)>>>;

/// `total` requests from `clients` connections; with `memory`, the server's
/// resident memory is recorded every 10,000 requests.
fn run(
    addr: &str,
    request: &str,
    clients: usize,
    total: usize,
    memory: Option<(u32, Samples)>,
) -> Run {
    let sent = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let sampler = memory.map(|(pid, samples)| {
        let (sent, stop) = (sent.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut next = 10_000;
            while !stop.load(Ordering::Relaxed) {
                let n = sent.load(Ordering::Relaxed);
                if n >= next {
                    samples.lock().unwrap().push((next, rss_kib(pid)));
                    next += 10_000;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    });
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (addr, request) = (addr.to_string(), request.to_string());
            let sent = sent.clone();
            std::thread::spawn(move || {
                let c = TcpStream::connect(&addr).unwrap();
                c.set_nodelay(true).unwrap();
                c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let mut reader = BufReader::new(c.try_clone().unwrap());
                let mut w = c;
                let mut latencies = Vec::new();
                let mut errors = 0;
                let mut body = Vec::new();
                while sent.fetch_add(1, Ordering::Relaxed) < total {
                    if started.elapsed() > PHASE_LIMIT {
                        break;
                    }
                    let t = Instant::now();
                    w.write_all(request.as_bytes()).unwrap();
                    let (status, len) = read_head(&mut reader);
                    body.resize(len, 0);
                    reader.read_exact(&mut body).unwrap();
                    latencies.push(t.elapsed());
                    // The reply has an arguing finding: a wrong answer is an
                    // error too.
                    if status != 200
                        || memchr::memmem::find(&body, b"\"rule\":\"arguing\"").is_none()
                    {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.join().unwrap();
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    if let Some(s) = sampler {
        s.join().unwrap();
    }
    Run {
        latencies,
        elapsed,
        errors,
    }
}

fn read_head(r: &mut BufReader<TcpStream>) -> (u16, usize) {
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut len = 0;
    loop {
        line.clear();
        r.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            return (status, len);
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
}

fn status_kib(pid: u32, field: &str) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

fn hwm_kib(pid: u32) -> u64 {
    status_kib(pid, "VmHWM:")
}
