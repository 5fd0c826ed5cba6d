//! Inputs: every format's fixture library with exact line:column findings,
//! bad input of every kind, and a large directory with stable output.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{err, json, out};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_replylint"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs")
}

#[test]
fn every_format_points_at_the_original_bytes() {
    let o = bin()
        .current_dir(fixtures())
        .args(["check", "--no-config", "--format", "compact", "library"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    insta::assert_snapshot!(out(&o));
}

/// Each JSON finding's bytes are exactly the flagged words, in every format.
#[test]
fn byte_spans_hold_the_flagged_words() {
    let o = bin()
        .current_dir(fixtures())
        .args(["check", "--no-config", "--format", "json", "library"])
        .output()
        .unwrap();
    let v = json(&o);
    let mut checked = 0;
    for d in v["diagnostics"].as_array().unwrap() {
        if d["draft_level"] == true {
            continue;
        }
        let path = fixtures().join(d["path"].as_str().unwrap());
        let file = std::fs::read_to_string(&path).unwrap();
        let (s, e) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&file[s..e], d["text"].as_str().unwrap());
        // Line and column agree with the byte offset (columns in characters).
        let line = file[..s].matches('\n').count() + 1;
        let col = file[..s].rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(
            (
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize
            ),
            (line, col)
        );
        checked += 1;
    }
    assert!(checked >= 10);
    let text_of = |file: &str, rule: &str| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"].as_str().unwrap().ends_with(file) && d["rule"] == rule)
            .map(|d| d["text"].as_str().unwrap().to_string())
            .collect()
    };
    // Through escapes and quoting, the span is still the words as written.
    assert_eq!(
        text_of("replies.toml", "contradicting-customer"),
        ["you're wrong about"]
    );
    assert_eq!(text_of("replies.yaml", "rudeness"), ["Deal with it"]);
    assert_eq!(text_of("macros.csv", "shouting"), ["PLEASE READ"]);
    assert_eq!(text_of("template.html", "non-apology"), ["apologize if"]);
    assert_eq!(
        text_of("macros.json", "refusal-without-alternative"),
        ["we can't"]
    );
    // Library drafts carry their ids.
    let ids: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with("replies.yaml"))
        .filter_map(|d| d["draft"].as_str())
        .collect();
    assert!(
        ids.contains(&"Shipping delay") && ids.contains(&"Folded"),
        "{ids:?}"
    );
}

#[test]
fn quoted_history_and_blockquotes_become_context() {
    // reply.txt answers "My order never arrived!" from its quoted history:
    // without an apology that is a missing-apology.
    let o = bin()
        .current_dir(fixtures())
        .args([
            "check",
            "--no-config",
            "--format",
            "compact",
            "library/reply.txt",
            "library/replies.md",
        ])
        .output()
        .unwrap();
    let text = out(&o);
    // (An error or a warning: the context model may read "never arrived"
    // as high impact, which raises it.)
    assert!(
        text.lines()
            .any(|l| l.starts_with("library/reply.txt:3:1: ") && l.contains("[missing-apology]")),
        "{text}"
    );
    // The customer's words in the block quote are never linted as ours.
    assert!(!text.contains("replies.md:7:"), "{text}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn bad_input_is_located_and_other_files_still_checked() {
    let d = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "bad.json",
            b"{\n  \"body\": \"Hi\",\n  oops\n}",
            "bad.json:3:3: error[input]: invalid JSON: expected a string key",
        ),
        (
            "bad.jsonl",
            b"{\"text\": \"ok reply here\"}\n{\"text\": \n",
            "bad.jsonl:2:9: error[input]: invalid JSON line",
        ),
        (
            "bad.yaml",
            b"replies:\n  - body: [unclosed\n",
            "bad.yaml:3:1: error[input]: invalid YAML",
        ),
        (
            "bad.toml",
            b"body = \"unterminated\n",
            "bad.toml:1:21: error[input]: invalid TOML",
        ),
        (
            "bad.csv",
            b"title,body\na,b,c\n",
            "bad.csv:2:1: error[input]: invalid CSV: this row has 3 fields",
        ),
        (
            "latin1.txt",
            b"caf\xe9 calm down",
            "latin1.txt:1:1: error[input]: is not valid UTF-8 (invalid byte at line 1, column 4)",
        ),
        (
            "blob.md",
            b"\x00\x01\x02\xff\xfe",
            "blob.md:1:1: error[input]: looks like a binary file",
        ),
    ];
    for (name, bytes, _) in cases {
        write(d.path(), name, bytes);
    }
    write(d.path(), "good.txt", b"Calm down.");
    write(d.path(), "empty.json", b"");
    write(d.path(), "empty.txt", b"");
    let o = bin()
        .current_dir(d.path())
        .args(["check", "--no-config", "--format", "compact", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        out(&o).contains("good.txt:1:1: error[dismissive]"),
        "{}",
        out(&o)
    );
    let e = err(&o);
    for (_, _, want) in cases {
        assert!(e.contains(want), "missing {want:?} in\n{e}");
    }
    // The human format renders them with the offending text underlined.
    let o = bin()
        .current_dir(d.path())
        .args(["check", "--no-config", "--color", "never", "bad.json"])
        .output()
        .unwrap();
    assert!(
        err(&o).contains("bad.json:3:3") && err(&o).contains(" 3 │   oops"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_huge_single_line_is_an_error_not_a_hang() {
    let d = tempfile::tempdir().unwrap();
    let line = "calm down ".repeat(300_000); // 3 MB, one line
    write(d.path(), "huge.txt", line.as_bytes());
    write(d.path(), "ok.txt", b"Calm down.");
    let o = bin()
        .current_dir(d.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "compact",
            "huge.txt",
            "ok.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("too large to be a reply"), "{}", err(&o));
    assert!(out(&o).contains("ok.txt:1:1"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_files_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "dir/a.txt", b"Calm down.");
    std::os::unix::fs::symlink(d.path().join("dir"), d.path().join("dir/loop")).unwrap();
    let secret = write(d.path(), "dir/secret.txt", b"Calm down.");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&secret).is_ok(); // root can read anyway
    let o = bin()
        .current_dir(d.path())
        .args(["check", "--no-config", "--format", "compact", "dir"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("symbolic link loop"), "{}", err(&o));
    if !readable {
        assert!(err(&o).contains("permission denied"), "{}", err(&o));
    }
    assert!(
        out(&o).contains("dir/a.txt:1:1: error[dismissive]"),
        "{}",
        out(&o)
    );
}

#[test]
fn include_exclude_gitignore_and_hidden() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), ".gitignore", b"ignored/\n");
    write(d.path(), "a.txt", b"Calm down.");
    write(d.path(), "ignored/b.txt", b"Calm down.");
    write(d.path(), ".hidden/c.txt", b"Calm down.");
    write(d.path(), "notes.draft", b"Calm down.");
    write(d.path(), "skip/d.txt", b"Calm down.");
    write(d.path(), "replylint.toml", b"");
    let o = bin()
        .current_dir(d.path())
        .args([
            "check",
            "--format",
            "compact",
            "--include",
            "*.draft",
            "--exclude",
            "skip/**",
            ".",
        ])
        .output()
        .unwrap();
    let files: Vec<String> = out(&o)
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    assert!(
        files.contains(&"./a.txt".to_string()) && files.contains(&"./notes.draft".to_string()),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| f.contains("ignored")
            || f.contains("hidden")
            || f.contains("skip")
            || f.contains("replylint.toml")),
        "{files:?}"
    );
}

#[test]
fn ten_thousand_files_in_one_run_with_stable_output() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        let body = if i % 1000 == 7 {
            "Calm down, it's fine."
        } else {
            "Thanks so much for the kind words!"
        };
        write(d.path(), &format!("replies/r{i:05}.txt"), body.as_bytes());
    }
    let run = || {
        bin()
            .current_dir(d.path())
            .args(["check", "--no-config", "--format", "compact", "replies"])
            .output()
            .unwrap()
    };
    let a = run();
    let b = run();
    assert_eq!(a.status.code(), Some(1));
    assert_eq!(out(&a), out(&b), "output must not depend on scheduling");
    let text = out(&a);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[dismissive]"))
        .collect();
    assert_eq!(lines.len(), 10);
    assert!(lines[0].starts_with("replies/r00007.txt:1:1"));
    let j = bin()
        .current_dir(d.path())
        .args(["check", "--no-config", "--format", "json", "replies"])
        .output()
        .unwrap();
    assert_eq!(json(&j)["summary"]["files"], 10_000);
}

/// A JSON Lines file big enough to be read in parts reports the same
/// findings, at the same lines and bytes, as the same drafts read whole.
#[test]
fn big_json_lines_read_in_parts_lose_and_shift_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clean = "{\"id\": 1, \"text\": \"Sorry for the wait! We refunded the order today. Anything else, just reply here.\"}\n";
    let bad = "{\"id\": 2, \"text\": \"Calm down, you obviously did not read the manual.\"}\n";
    let mut big = String::new();
    let mut bad_lines = Vec::new();
    let mut line = 1;
    while big.len() < 9 << 20 {
        if line % 40_000 == 7 {
            big.push_str(bad);
            bad_lines.push(line);
        } else {
            big.push_str(clean);
        }
        line += 1;
    }
    std::fs::write(dir.path().join("big.jsonl"), &big).unwrap();
    let o = bin()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "json", "big.jsonl"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let v = json(&o);
    let diags = v["diagnostics"].as_array().unwrap();
    let mut lines: Vec<u64> = diags.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    lines.dedup();
    assert_eq!(
        lines.len(),
        bad_lines.len(),
        "first lines: {:?}",
        &lines[..lines.len().min(10)]
    );
    assert_eq!(
        lines,
        bad_lines.iter().map(|&l| l as u64).collect::<Vec<_>>()
    );
    for d in diags.iter().filter(|d| d["draft_level"] != true) {
        let (s, e) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&big[s..e], d["text"].as_str().unwrap());
    }
}
