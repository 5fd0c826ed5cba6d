//! `replylint eval`: scoring labeled drafts from the command line.

mod common;

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_replylint"))
}

fn corpus(name: &str, lines: &[&str]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("replylint-eval-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("labeled.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

const GOOD: &str =
    r#"{"id": "a", "text": "Calm down, it's not a big deal.", "expect": ["dismissive"]}"#;
const CLEAN: &str = r#"{"id": "b", "text": "Thanks so much, glad you like it!", "expect": []}"#;
const ALARM: &str = r#"{"id": "c", "text": "You are an idiot.", "expect": []}"#;

#[test]
fn json_scores_rules_and_false_alarms() {
    let path = corpus("json", &[GOOD, CLEAN, ALARM]);
    let o = bin()
        .args(["eval", "--no-config", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", common::err(&o));
    let v = common::json(&o);
    assert_eq!(v["drafts"], 3);
    assert_eq!(v["clean"], 2);
    assert_eq!(v["false_alarms"], 1);
    assert_eq!(v["rules"]["dismissive"]["tp"], 1);
    let false_ids: Vec<&str> = v["false_findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(false_ids.contains(&"c"), "{false_ids:?}");
}

#[test]
fn bars_fail_with_exit_one() {
    let path = corpus("bars", &[GOOD, CLEAN, ALARM]);
    let o = bin()
        .args(["eval", "--no-config", "--max-false-alarms", "0.1"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::err(&o).contains("false-alarm rate 0.500"),
        "{}",
        common::err(&o)
    );
    let o = bin()
        .args([
            "eval",
            "--no-config",
            "--min-f1",
            "0.0",
            "--max-false-alarms",
            "0.6",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_bad_line_is_located_and_exits_two() {
    let path = corpus("bad", &[GOOD, r#"{"id": "x", "text": "no expect"}"#]);
    let o = bin()
        .args(["eval", "--no-config"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = common::err(&o);
    assert!(e.contains("labeled.jsonl:2:"), "{e}");
    assert!(e.contains("expect"), "{e}");
}

#[test]
fn unknown_rule_filter_is_a_usage_error() {
    let path = corpus("filter", &[GOOD]);
    let o = bin()
        .args(["eval", "--no-config", "--rules", "blam"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
