//! The benchmark suite of issue #7: `cargo bench`.
//!
//! Corpora come from `bench/gen.py` (fixed seed) and are generated into
//! `target/bench-data` on first run. Groups:
//!
//! - `one_reply`: the whole `replylint` process on one ~600-byte reply, next
//!   to `cat` of the same file (the floor for any process), and the library
//!   calls alone (building the linter; linting with a built linter).
//! - `library_1mb`, `library_10mb`: the same JSON Lines bytes read (`read`),
//!   scanned once by a bare aho-corasick automaton holding every literal
//!   phrase of the built-in packs (`bare_automaton`, the limit), and parsed +
//!   linted by replylint on one and on two threads.
//! - `replies_dir`: the whole process on 10,000 reply files.
//!
//! After the runs it prints each group's medians, MB/s and the ratios the
//! targets are stated in (see `docs/performance.md`). `bench/run.py` adds the
//! 100 MB file, peak memory and the linear-growth curve, which need whole
//! processes rather than samples.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{Criterion, Throughput};
use replylint::check::{CheckOptions, lint_document};
use replylint::input::{Format, read_document};
use replylint::pack::Catalog;
use replylint::{Draft, Linter};

/// The binary's allocator, so that in-process numbers match what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus directory, generated on first use.
fn data() -> PathBuf {
    let dir = root().join("target/bench-data");
    if !dir.join("lib-100mb.jsonl").exists() {
        let status = Command::new("python3")
            .arg(root().join("bench/gen.py"))
            .arg(&dir)
            .status()
            .expect("python3 runs bench/gen.py");
        assert!(status.success(), "bench/gen.py failed");
    }
    dir
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_replylint")
}

fn run_quietly(cmd: &mut Command) {
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("process starts");
    // 0 or 1 (findings); 2 would mean the benchmark measures an error path.
    assert!(matches!(status.code(), Some(0 | 1)), "{cmd:?}: {status}");
}

fn one_reply(c: &mut Criterion, dir: &Path) {
    let reply = dir.join("reply.txt");
    let text = std::fs::read_to_string(&reply).unwrap();
    let mut g = c.benchmark_group("one_reply");
    g.sample_size(50);
    g.bench_function("process", |b| {
        b.iter(|| {
            run_quietly(
                Command::new(bin())
                    .args(["check", "--no-config", "--format", "compact"])
                    .arg(&reply),
            )
        })
    });
    g.bench_function("cat", |b| {
        b.iter(|| run_quietly(Command::new("cat").arg(&reply)))
    });
    g.bench_function("build_linter", |b| b.iter(|| Linter::builtin().unwrap()));
    let linter = Linter::builtin().unwrap();
    g.bench_function("lint_built", |b| b.iter(|| linter.lint(&Draft::new(&text))));
    g.finish();
}

/// The limit: one pass of a plain automaton over the file's bytes, holding
/// every literal phrase of the built-in packs, matched case-insensitively.
fn bare_automaton() -> AhoCorasick {
    let catalog = Catalog::builtin().unwrap();
    let phrases = catalog.matcher.phrase_literals(64);
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&phrases)
        .unwrap()
}

fn library(c: &mut Criterion, dir: &Path, name: &str) {
    let path = dir.join(format!("lib-{name}.jsonl"));
    let bytes = std::fs::read(&path).unwrap();
    let text: Arc<str> = Arc::from(std::str::from_utf8(&bytes).unwrap());
    let ac = bare_automaton();
    let linter = Linter::builtin().unwrap();
    // As `check --format compact` runs: that output shows no fixes, so the
    // safe fixes' labels are not checked (the other formats' cost of the
    // check is in docs/performance.md).
    let opts = CheckOptions {
        skip_fix_check: true,
        ..CheckOptions::default()
    };
    let lint = |pool: &rayon::ThreadPool| {
        pool.install(|| {
            let doc = read_document("lib.jsonl", text.clone(), Format::JsonLines, None).unwrap();
            lint_document(&linter, linter.settings(), &doc, &opts)
                .findings
                .len()
        })
    };
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    };
    let (one, two) = (pool(1), pool(2));

    let mut g = c.benchmark_group(format!("library_{name}"));
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(if name == "1mb" { 5 } else { 20 }));
    g.bench_function("read", |b| b.iter(|| std::fs::read(&path).unwrap().len()));
    g.bench_function("bare_automaton", |b| {
        b.iter(|| ac.find_iter(&bytes).count())
    });
    g.bench_function("replylint_1_thread", |b| b.iter(|| lint(&one)));
    g.bench_function("replylint_2_threads", |b| b.iter(|| lint(&two)));
    g.finish();
}

fn replies_dir(c: &mut Criterion, dir: &Path) {
    let mut g = c.benchmark_group("replies_dir");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    for threads in ["1", "2"] {
        g.bench_function(format!("process_{threads}_threads"), |b| {
            b.iter(|| {
                run_quietly(
                    Command::new(bin())
                        .env("RAYON_NUM_THREADS", threads)
                        .args(["check", "--no-config", "--format", "compact"])
                        .arg(dir.join("replies")),
                )
            })
        });
    }
    g.finish();
}

/// The median of one benchmark, in seconds, from criterion's saved estimates.
fn median(group: &str, function: &str) -> Option<f64> {
    let path = root()
        .join("target/criterion")
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    Some(v["median"]["point_estimate"].as_f64()? / 1e9)
}

fn summary(dir: &Path) {
    println!("\n== summary (medians) ==");
    let ms = |g, f| median(g, f).map_or("n/a".to_string(), |s| format!("{:.2} ms", s * 1e3));
    println!(
        "one reply, whole process: {} (cat: {}); build linter {}, lint {}",
        ms("one_reply", "process"),
        ms("one_reply", "cat"),
        ms("one_reply", "build_linter"),
        ms("one_reply", "lint_built"),
    );
    for name in ["1mb", "10mb"] {
        let group = format!("library_{name}");
        let len =
            std::fs::metadata(dir.join(format!("lib-{name}.jsonl"))).map_or(0, |m| m.len()) as f64;
        let rate = |f| median(&group, f).map(|s| len / s / 1e6);
        let (Some(ac), Some(t1), Some(t2)) = (
            rate("bare_automaton"),
            rate("replylint_1_thread"),
            rate("replylint_2_threads"),
        ) else {
            continue;
        };
        println!(
            "{name}: read {:.0} MB/s, bare automaton {ac:.0} MB/s, replylint {t1:.1} MB/s on 1 thread \
             ({:.0}% of the automaton), {t2:.1} MB/s on 2 threads ({:.2}x)",
            rate("read").unwrap_or(0.0),
            100.0 * t1 / ac,
            t2 / t1,
        );
    }
    if let (Some(a), Some(b)) = (
        median("replies_dir", "process_1_threads"),
        median("replies_dir", "process_2_threads"),
    ) {
        println!(
            "10,000 files: {:.2} s on 1 thread, {:.2} s on 2 threads ({:.2}x)",
            a,
            b,
            a / b
        );
    }
}

fn main() {
    replylint::allocator::tune_mimalloc();
    let dir = data();
    let mut c = Criterion::default().configure_from_args();
    one_reply(&mut c, &dir);
    library(&mut c, &dir, "1mb");
    library(&mut c, &dir, "10mb");
    replies_dir(&mut c, &dir);
    c.final_summary();
    summary(&dir);
}
