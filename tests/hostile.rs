//! Hostile input: whatever people paste or point replylint at, it answers
//! with findings or a clear error (exit 2), in bounded time and memory, and
//! never panics.
//!
//! Time and memory are bounded by the harness, not asserted: each run has a
//! generous deadline after which the test fails (a hang), and runs under an
//! address-space limit (`ulimit -v`), so a blow-up (an expanded YAML alias
//! bomb, a quadratic copy) kills the process and fails the test.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A run that takes longer than this is a hang. Generous: `cargo test`
/// builds without optimizations, and a CI machine may be busy; a real hang
/// (a loop, a quadratic blow-up on 100 MB) takes far longer.
const DEADLINE: Duration = Duration::from_secs(300);
/// Address space allowed to one run, in KiB.
const MEMORY_KIB: u64 = 2 << 20;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `replylint ARGS` in `dir` under the memory limit and the deadline.
fn replylint(dir: &Path, args: &[&str]) -> Run {
    let bin = env!("CARGO_BIN_EXE_replylint");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            r.read_to_end(&mut s).unwrap();
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let (out, err) = (read(Box::new(out)), read(Box::new(err)));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("replylint {args:?} did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "replylint {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn check_json(dir: &Path, paths: &[&str]) -> (Run, Value) {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend_from_slice(paths);
    let r = replylint(dir, &args);
    let v = json(&r);
    (r, v)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

const BAD_DRAFT: &str = "Calm down, you should have read the FAQ.";

#[test]
fn a_100_mb_single_line_is_refused_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("huge.txt")).unwrap());
    let chunk = "calm down ".repeat(10_000);
    for _ in 0..1000 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    drop(f);
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("huge.jsonl")).unwrap());
    f.write_all(b"{\"text\": \"").unwrap();
    for _ in 0..1000 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    f.write_all(b"\"}\n{\"text\": \"Calm down.\"}\n").unwrap();
    drop(f);
    write(dir.path(), "ok.txt", BAD_DRAFT);
    let (r, v) = check_json(dir.path(), &["huge.txt", "huge.jsonl", "ok.txt"]);
    assert_eq!(r.code, Some(2));
    let errors = v["errors"].as_array().unwrap();
    assert!(errors.iter().any(|e| e["path"] == "huge.txt"), "{errors:?}");
    assert!(
        errors.iter().any(|e| e["path"] == "huge.jsonl"),
        "{errors:?}"
    );
    // The small file, and the JSON Lines record after the huge one, are checked.
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"ok.txt"));
    assert!(paths.contains(&"huge.jsonl"), "{paths:?}");
}

#[test]
fn a_file_too_large_to_read_whole_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: 300 MB on paper, nothing on disk.
    let f = std::fs::File::create(dir.path().join("huge.json")).unwrap();
    f.set_len(300 << 20).unwrap();
    drop(f);
    write(dir.path(), "ok.txt", BAD_DRAFT);
    let (r, v) = check_json(dir.path(), &["huge.json", "ok.txt"]);
    assert_eq!(r.code, Some(2));
    assert_eq!(v["errors"][0]["path"], "huge.json");
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("too large to read"), "{message}");
    assert!(!v["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn a_million_short_lines() {
    let dir = tempfile::tempdir().unwrap();
    let line = "{\"text\": \"Thanks, we refunded it. Sorry for the wait!\"}\n";
    write(dir.path(), "many.jsonl", line.repeat(1_000_000));
    write(dir.path(), "many.txt", "ok\n".repeat(1_000_000));
    let r = replylint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--statistics",
            "--format",
            "json",
            "many.jsonl",
        ],
    );
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
    // A text file is one reply: three megabytes of it is refused clearly.
    let (r, v) = check_json(dir.path(), &["many.txt"]);
    assert_eq!(r.code, Some(2));
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("too large"),
        "{v}"
    );
}

#[test]
fn deeply_nested_json_is_an_error_with_a_location() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "deep.json",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    );
    write(
        dir.path(),
        "deep.yaml",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    );
    write(
        dir.path(),
        "deep.toml",
        format!("x = {}{}", "[".repeat(10_000), "]".repeat(10_000)),
    );
    write(dir.path(), "ok.txt", BAD_DRAFT);
    let (r, v) = check_json(
        dir.path(),
        &["deep.json", "deep.yaml", "deep.toml", "ok.txt"],
    );
    assert_eq!(r.code, Some(2));
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    let json_err = errors.iter().find(|e| e["path"] == "deep.json").unwrap();
    assert_eq!(json_err["line"], 1);
    assert!(json_err["column"].as_u64().unwrap() > 1);
    assert!(!v["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn a_yaml_alias_bomb_costs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        bomb.push_str(&format!(
            "{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = n;
    }
    bomb.push_str("text: \"Calm down, it is only a delay.\"\n");
    write(dir.path(), "bomb.yaml", bomb);
    let (r, v) = check_json(dir.path(), &["bomb.yaml"]);
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
    assert!(v["summary"]["drafts"].as_u64().unwrap() >= 1);
}

#[test]
fn invalid_utf8_in_every_format_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "a.txt", "a.md", "a.eml", "a.html", "a.json", "a.jsonl", "a.yaml", "a.toml", "a.csv",
    ];
    for n in names {
        let mut bytes = b"text = \"Hi\"\nsecond line \xff\xfe here\n".to_vec();
        bytes.extend_from_slice(b"more\n");
        write(dir.path(), n, bytes);
    }
    write(dir.path(), "ok.txt", BAD_DRAFT);
    let mut paths: Vec<&str> = names.to_vec();
    paths.push("ok.txt");
    let (r, v) = check_json(dir.path(), &paths);
    assert_eq!(r.code, Some(2));
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), names.len(), "{errors:?}");
    for e in errors {
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("line 2, column 13"), "{m}");
    }
    assert!(!v["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn nul_bytes_and_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "nul.txt",
        "Calm\0 down. You should have read\0 the FAQ.\u{7}\u{1b}[31m",
    );
    write(
        dir.path(),
        "nul.json",
        "[{\"text\": \"Calm down\\u0000 now\"}]",
    );
    let (r, _) = check_json(dir.path(), &["nul.txt", "nul.json"]);
    assert!(matches!(r.code, Some(0..=2)));
    // A binary file (NUL in the first bytes and invalid UTF-8) says so.
    write(dir.path(), "bin.txt", b"\0\0\0\xff\xd8\xff\xe0 JFIF");
    let (r, v) = check_json(dir.path(), &["bin.txt"]);
    assert_eq!(r.code, Some(2));
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("binary")
    );
}

/// Zero-width and bidi control characters and look-alike letters inside a
/// trigger phrase do not hide it, and the span still covers the original
/// bytes (including the invisible ones).
#[test]
fn invisible_characters_and_homoglyphs_do_not_hide_a_phrase() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "zw.txt",
            "Ca\u{200B}lm down, it ships today.",
            "dismissive",
            "Ca\u{200B}lm down",
        ),
        (
            "bidi.txt",
            "Calm\u{202E} down, it ships today.",
            "dismissive",
            "Calm\u{202E} down",
        ),
        (
            "isolate.txt",
            "c\u{2066}alm down please.",
            "dismissive",
            "c\u{2066}alm down",
        ),
        (
            "cyr.txt",
            "Sorry, that is not \u{043E}ur problem.",
            "abandonment",
            "is not \u{043E}ur problem",
        ),
        (
            "soft.txt",
            "That is user er\u{00AD}ror, I'm afraid.",
            "blame",
            "user er\u{00AD}ror",
        ),
    ];
    for (name, text, _, _) in &cases {
        write(dir.path(), name, text);
    }
    let names: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let (_, v) = check_json(dir.path(), &names);
    for (name, _, rule, words) in &cases {
        let hit = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == *name && d["rule"] == *rule)
            .unwrap_or_else(|| panic!("{name}: no {rule}: {v}"));
        assert_eq!(hit["text"], *words, "{name}");
    }

    let mut context = std::fs::File::create(dir.path().join("complaint.txt")).unwrap();
    context
        .write_all("My order never arrived and you charged me twice.".as_bytes())
        .unwrap();
    write(
        dir.path(),
        "wrong.txt",
        "You\u{2019}re w\u{200B}rong, it was delivered.",
    );
    let r = replylint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--context",
            "complaint.txt",
            "wrong.txt",
        ],
    );
    let v = json(&r);
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "contradicting-customer"),
        "{v}"
    );
}

#[test]
fn a_pack_with_100000_phrases_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut pack = String::from(
        "id = \"acme/jargon\"\nseverity = \"warning\"\nsummary = \"Internal jargon.\"\nmessage = \"internal jargon\"\nhelp = \"Say it plainly.\"\n\n[[match]]\nphrases = [\n",
    );
    for i in 0..100_000 {
        pack.push_str(&format!("  \"zq{i}x jargon\",\n"));
    }
    pack.push_str("]\n");
    write(dir.path(), "jargon.toml", pack);
    write(dir.path(), "replylint.toml", "packs = [\"jargon.toml\"]\n");
    write(
        dir.path(),
        "draft.txt",
        "Sorry! The zq99999x jargon is fixed. Let us know?",
    );
    let r = replylint(dir.path(), &["check", "--format", "json", "draft.txt"]);
    let v = json(&r);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "acme/jargon"),
        "{v}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    write(&lib, "a.txt", BAD_DRAFT);
    std::os::unix::fs::symlink(&lib, lib.join("loop")).unwrap();
    let (r, v) = check_json(dir.path(), &["lib"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let errors = v["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["message"].as_str().unwrap().contains("loop")),
        "{errors:?}"
    );
    assert!(!v["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn files_deleted_during_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    for i in 0..3000 {
        write(&lib, &format!("r{i:04}.txt"), BAD_DRAFT);
    }
    // Delete files while replylint walks and reads them.
    let deleter = {
        let lib = lib.clone();
        std::thread::spawn(move || {
            for i in (0..3000).rev().step_by(2) {
                let _ = std::fs::remove_file(lib.join(format!("r{i:04}.txt")));
            }
        })
    };
    let r = replylint(
        dir.path(),
        &["check", "--no-config", "--format", "compact", "lib"],
    );
    deleter.join().unwrap();
    // Findings for what was read; a clear error for what vanished, if any.
    assert!(matches!(r.code, Some(1 | 2)), "{}", r.stderr);
    for line in r.stderr.lines() {
        assert!(line.contains("error[input]"), "{line}");
    }
    // A path that is gone before the run: exit 2, the others still checked.
    write(dir.path(), "ok.txt", BAD_DRAFT);
    let (r, v) = check_json(dir.path(), &["gone.txt", "ok.txt"]);
    assert_eq!(r.code, Some(2));
    assert_eq!(v["errors"][0]["path"], "gone.txt");
    assert!(!v["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn ctrl_c_during_fix_leaves_every_file_whole() {
    const DRAFT: &str = "Obviously, the parcel left on Monday. Calm down!!\n";
    let dir = tempfile::tempdir().unwrap();
    // What one file looks like once fixed.
    write(dir.path(), "one.txt", DRAFT);
    replylint(dir.path(), &["check", "--no-config", "--fix", "one.txt"]);
    let fixed = std::fs::read_to_string(dir.path().join("one.txt")).unwrap();
    assert_ne!(fixed, DRAFT);

    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    for i in 0..4000 {
        write(&lib, &format!("r{i:04}.txt"), DRAFT);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args([
            "check",
            "--no-config",
            "--fix",
            "--format",
            "compact",
            "lib",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the first file has been written.
    let start = Instant::now();
    while std::fs::read_to_string(lib.join("r0000.txt")).unwrap() == DRAFT
        && start.elapsed() < DEADLINE
    {
        std::thread::sleep(Duration::from_millis(1));
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "--fix did not stop after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();

    // Every file is either untouched or completely fixed; no temporary file
    // is left behind.
    let (mut whole, mut untouched) = (0, 0);
    for entry in std::fs::read_dir(&lib).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.starts_with(".replylint-"), "left behind: {name}");
        let text = std::fs::read_to_string(&path).unwrap();
        if text == fixed {
            whole += 1;
        } else {
            assert_eq!(
                text, DRAFT,
                "{name} is neither the original nor the fixed text"
            );
            untouched += 1;
        }
    }
    assert_eq!(whole + untouched, 4000);
    assert!(whole >= 1);
    if untouched > 0 {
        // Stopped early: it says so, with the exit code of an interrupt.
        assert_eq!(status.code(), Some(130), "{stderr}");
        assert!(stderr.contains("interrupted"), "{stderr}");
    } else {
        assert!(status.success() || status.code() == Some(1), "{stderr}");
    }
}
