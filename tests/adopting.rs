//! Adopting replylint on an existing library of 1,200 replies: a baseline
//! that lets only new findings fail, and the HTML report for a team lead.
//! The library is made here, from the sentence parts of bench/gen.py
//! (deterministic, so the counts below are stable).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BODIES: [&str; 12] = [
    "Your order left our warehouse this morning and should arrive by Friday.",
    "We've looked into your account and the refund was issued on Monday.",
    "As I already said, the charge is correct and it stands.",
    "You should have read the FAQ before ordering, it's all there.",
    "Calm down, it's not a big deal, the parcel is only a day late.",
    "We can't refund opened items, that's against our policy.",
    "Our billing team handles this; I've passed it on and they'll email you today.",
    "PLEASE READ the shipping page, orders take 10 to 14 business days!!",
    "We're sorry you feel that way, but the policy is clear.",
    "I'm sorry the replacement arrived damaged; a new one ships tomorrow.",
    "Frankly, that request is ridiculous.",
    "The store closes at 9pm on weekdays and 6pm on Sundays.",
];
const CLOSERS: [&str; 4] = [
    "Let us know if there's anything else we can do.",
    "Could you DM us your order number?",
    "Have a great day!",
    "",
];

/// A deterministic reply: an opener, three body sentences, a closer.
fn reply(seed: &mut u64) -> String {
    let mut next = |n: usize| {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((*seed >> 33) as usize) % n
    };
    let mut parts = vec!["Hi Sam,".to_string()];
    for _ in 0..3 {
        parts.push(BODIES[next(BODIES.len())].to_string());
    }
    parts.push(CLOSERS[next(CLOSERS.len())].to_string());
    parts.join(" ").trim().to_string()
}

/// 1,000 reply files in 10 folders and a JSON Lines library of 200.
fn library(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("replylint-adopt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let mut seed = 2026;
    for i in 0..1000 {
        let dir = root.join(format!("replies/team-{}", i % 10));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("r{i:04}.txt")), reply(&mut seed)).unwrap();
    }
    let lines: Vec<String> = (0..200)
        .map(|i| {
            serde_json::json!({ "id": format!("macro-{i}"), "text": reply(&mut seed) }).to_string()
        })
        .collect();
    std::fs::write(root.join("macros.jsonl"), lines.join("\n") + "\n").unwrap();
    root
}

fn replylint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_replylint"))
        .current_dir(dir)
        .args(["check", "--no-config", "--color", "never"])
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn findings(o: &Output) -> Vec<serde_json::Value> {
    common::json(o)["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn a_baseline_lets_only_new_findings_fail_and_follows_moved_text() {
    let root = library("baseline");
    let all = replylint(&root, &["--format", "json", "replies", "macros.jsonl"]);
    assert_eq!(all.status.code(), Some(1));
    let total = findings(&all).len();
    assert!(total > 3000, "{total}");

    let w = replylint(
        &root,
        &[
            "--baseline",
            "replylint-baseline.json",
            "--write-baseline",
            "replies",
            "macros.jsonl",
        ],
    );
    assert_eq!(w.status.code(), Some(0), "{}", common::err(&w));
    assert!(w.stdout.is_empty(), "{}", common::out(&w));
    let files_with_findings = 1 + std::collections::BTreeSet::<&str>::from_iter(
        findings(&all)
            .iter()
            .filter(|d| d["path"] != "macros.jsonl")
            .map(|d| d["path"].as_str().unwrap()),
    )
    .len();
    assert_eq!(
        common::err(&w),
        format!(
            "replylint: wrote replylint-baseline.json: {total} findings in {files_with_findings} files\n"
        )
    );
    let text = std::fs::read_to_string(root.join("replylint-baseline.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    let counted: u64 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, total);
    assert!(
        text.contains("\"path\":\"macros.jsonl\",\"draft\":\"macro-0\""),
        "{}",
        &text[..400]
    );

    // Against its baseline, the library passes; nothing is printed but a note.
    let clean = replylint(
        &root,
        &[
            "--baseline",
            "replylint-baseline.json",
            "replies",
            "macros.jsonl",
        ],
    );
    assert_eq!(clean.status.code(), Some(0), "{}", common::out(&clean));
    assert_eq!(common::out(&clean), "no problems in 1200 drafts\n");
    assert_eq!(
        common::err(&clean),
        format!("replylint: {total} findings in the baseline not shown\n")
    );

    // Edits: 50 files get blank lines above (everything moves down: a
    // greeting would also change what the draft says, which a learned
    // scorer may judge anew), 3 get a new problem, one has a problem fixed.
    for i in 0..50 {
        let p = root.join(format!("replies/team-{}/r{i:04}.txt", i % 10));
        let old = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("\n\n\n\n{old}")).unwrap();
    }
    for i in [100, 200, 300] {
        let p = root.join(format!("replies/team-0/r{i:04}.txt"));
        let old = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{old} Deal with it.")).unwrap();
    }
    let fixed_file = (400..1000)
        .map(|i| root.join(format!("replies/team-{}/r{i:04}.txt", i % 10)))
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("Frankly, that request is ridiculous.")
        })
        .unwrap();
    let old = std::fs::read_to_string(&fixed_file).unwrap();
    std::fs::write(
        &fixed_file,
        old.replacen(
            "Frankly, that request is ridiculous.",
            "Thanks for asking.",
            1,
        ),
    )
    .unwrap();
    // Run from elsewhere: entries are relative to the baseline's folder.
    let elsewhere = root.join("replies");
    let new = replylint(
        &elsewhere,
        &[
            "--format",
            "json",
            "--baseline",
            "../replylint-baseline.json",
            ".",
            "../macros.jsonl",
        ],
    );
    assert_eq!(new.status.code(), Some(1), "{}", common::err(&new));
    // Only the three edited replies have findings now, the new words among
    // them; none of the 50 moved replies has one.
    let found = findings(&new);
    let paths: std::collections::BTreeSet<&str> =
        found.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let edited: std::collections::BTreeSet<String> = [100, 200, 300]
        .iter()
        .map(|i| format!("./team-0/r{i:04}.txt"))
        .collect();
    assert_eq!(
        paths,
        edited.iter().map(String::as_str).collect(),
        "{found:#?}"
    );
    for p in &edited {
        assert!(
            found
                .iter()
                .any(|d| d["path"] == p.as_str() && d["text"] == "Deal with it"),
            "{p}"
        );
    }
    let err = common::err(&new);
    assert!(
        err.contains("finding of the baseline no longer found")
            || err.contains("findings of the baseline no longer found"),
        "{err}"
    );
}

#[test]
fn a_broken_or_missing_baseline_is_an_error_with_its_place() {
    let root = library("bad-baseline");
    let missing = replylint(&root, &["--baseline", "nope.json", "replies"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        common::err(&missing).contains("no such baseline"),
        "{}",
        common::err(&missing)
    );
    assert!(common::err(&missing).contains("--write-baseline"));
    std::fs::write(
        root.join("b.json"),
        "{\"version\": 1,\n  \"findings\": [\n    {\"path\": \"a\", \"rule\": 3}]}",
    )
    .unwrap();
    let bad = replylint(&root, &["--baseline", "b.json", "replies"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = common::err(&bad);
    assert!(
        err.contains("invalid type: integer `3`, expected a string"),
        "{err}"
    );
    assert!(err.contains("b.json:3:"), "{err}");
    let nothing = replylint(&root, &["--write-baseline", "replies"]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        common::err(&nothing).contains("--baseline"),
        "{}",
        common::err(&nothing)
    );
}

#[test]
fn suppressions_say_why_and_until_when() {
    let dir = library("reasons");
    let text = "Hi Sam,\n\
        # replylint: ignore dismissive -- agreed wording with legal, until 2020-06-30\n\
        Calm down, we are on it.\n\
        # replylint: ignore blame -- the customer asked for it plainly, until 2999-01-01\n\
        You should have read the FAQ.\n\
        # replylint: ignore sarcasm\n\
        Thanks for the lesson.\n\
        # replylint: ignore threat -- until 2027-02-30\n\
        We will ban you.\n";
    std::fs::write(dir.join("reply.txt"), text).unwrap();
    let o = replylint(&dir, &["--format", "json", "reply.txt"]);
    let found: Vec<(String, u64)> = findings(&o)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let has = |rule: &str, line: u64| found.contains(&(rule.to_string(), line));
    // Expired: reported, and what it silenced is back.
    assert!(has("expired-suppression", 2), "{found:?}");
    assert!(has("dismissive", 3), "{found:?}");
    // Still in force: silenced, nothing reported.
    assert!(!found.iter().any(|f| f.0 == "blame"), "{found:?}");
    assert!(!found.iter().any(|f| f.0 == "sarcasm"), "{found:?}");
    // A date that is not a day holds nothing.
    assert!(
        has("expired-suppression", 8) && has("threat", 9),
        "{found:?}"
    );
    let d = findings(&o)
        .into_iter()
        .find(|d| d["rule"] == "expired-suppression" && d["line"] == 8)
        .unwrap();
    assert!(
        d["label"]
            .as_str()
            .unwrap()
            .contains("`2027-02-30` is not a date"),
        "{d}"
    );
    assert!(!found.iter().any(|f| f.0 == "suppression-without-reason"));

    // --require-reason: the one without a reason (line 6) and the one with
    // only a date (line 8) are errors.
    let o = replylint(&dir, &["--format", "json", "--require-reason", "reply.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<u64> = findings(&o)
        .iter()
        .filter(|d| d["rule"] == "suppression-without-reason")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6, 8]);
    // The pseudo rules can be switched off like any rule.
    let o = replylint(
        &dir,
        &[
            "--format",
            "json",
            "--ignore",
            "expired-suppression",
            "reply.txt",
        ],
    );
    assert!(
        !findings(&o)
            .iter()
            .any(|d| d["rule"] == "expired-suppression")
    );

    // In a library, the per-entry field takes a reason too.
    let lib = "{\"id\": \"m1\", \"text\": \"Calm down.\", \"replylint-ignore\": \"dismissive -- legal said so, until 2999-12-31\"}\n\
               {\"id\": \"m2\", \"text\": \"Calm down.\", \"replylint-ignore\": [\"dismissive\"]}\n";
    std::fs::write(dir.join("lib.jsonl"), lib).unwrap();
    let o = replylint(
        &dir,
        &[
            "--format",
            "json",
            "--require-reason",
            "--select",
            "dismissive",
            "lib.jsonl",
        ],
    );
    let got: Vec<(String, String)> = findings(&o)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [("suppression-without-reason".to_string(), "2".to_string())]
    );
}

#[test]
fn the_html_report_of_a_library_counts_everything_and_shows_the_worst_first() {
    let root = library("html");
    // A reply that tries to inject markup, and the worst reply of all.
    std::fs::write(
        root.join("replies/team-0/evil<b>.txt"),
        "<script>alert(1)</script> Calm down. You should have read the FAQ. Deal with it. You people are trolls.",
    )
    .unwrap();
    std::fs::write(
        root.join("replies/team-0/worst.txt"),
        "Calm down. You should have read the FAQ. Deal with it. As I already said, you people are trolls. We will ban you.",
    )
    .unwrap();
    let json = replylint(&root, &["--format", "json", "replies", "macros.jsonl"]);
    let o = replylint(&root, &["--format", "html", "replies", "macros.jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    let html = common::out(&o);
    // Self-contained: nothing fetched, no script.
    for outside in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(outside), "the report has `{outside}`");
    }
    assert!(html.starts_with("<!doctype html>") && html.ends_with("</html>\n"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<code>replies/team-0/evil&lt;b&gt;.txt</code>"));

    // The totals are those of the JSON output.
    let v = common::json(&json);
    let s = &v["summary"];
    assert!(
        html.contains(&format!("<li class=\"error\"><b>{}</b>", s["errors"])),
        "{}",
        &html[..3000]
    );
    assert!(html.contains(&format!("<li class=\"warning\"><b>{}</b>", s["warnings"])));
    assert!(
        html.contains("1202 replies checked in 1003 files"),
        "{}",
        &html[..2000]
    );
    // Per rule: the table's count of each rule is the JSON's.
    let mut per_rule = std::collections::BTreeMap::<String, usize>::new();
    for d in v["diagnostics"].as_array().unwrap() {
        *per_rule
            .entry(d["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for (rule, n) in &per_rule {
        let row = format!("<tr><td><code>{rule}</code></td>");
        let at = html
            .find(&row)
            .unwrap_or_else(|| panic!("no row for {rule}"));
        let rest = &html[at..at + 200];
        assert!(
            rest.contains(&format!("<td class=\"n\">{n}</td></tr>")),
            "{rule}: {rest}"
        );
        assert!(
            html.contains(&format!("<title>{rule}: {n}</title>")),
            "chart bar of {rule}"
        );
    }
    // Per file: every file has its row.
    assert_eq!(html.matches("<tr><td><code>replies/").count(), 1002);
    assert!(html.contains("<tr><td><code>macros.jsonl</code></td><td class=\"n\">200</td>"));
    // The worst reply first, its findings in their line.
    let first = html.find("<article class=\"reply\">").unwrap();
    assert!(
        html[first..].starts_with("<article class=\"reply\">\n<h3>replies/team-0/worst.txt"),
        "{}",
        &html[first..first + 300]
    );
    assert!(html[first..].contains("<mark>Calm down</mark>. You should have read the FAQ."));
    assert_eq!(html.matches("<article class=\"reply\">").count(), 200);
    assert!(html.contains("The 200 replies with the most serious findings, of "));
    // Library entries are named by their id.
    assert!(
        html.contains("<h3>macro-"),
        "library drafts are shown by id"
    );
}

/// Runs `command` in a pseudo-terminal (util-linux `script`); what the
/// terminal showed, escape sequences removed and `\r` as line breaks.
fn on_terminal(command: &str, ci: bool) -> Option<String> {
    let log = std::env::temp_dir().join(format!("replylint-pty-{}-{ci}", std::process::id()));
    let mut c = Command::new("script");
    c.args(["-qec", command]).arg(&log).env_remove("CI");
    if ci {
        c.env("CI", "true");
    }
    let status = c.env("TERM", "xterm").output().ok()?.status;
    assert!(status.code().is_some());
    let raw = std::fs::read(&log).ok()?;
    let text = String::from_utf8_lossy(&raw).replace('\r', "\n");
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ params final-letter
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    Some(plain)
}

#[test]
fn a_progress_bar_only_on_a_terminal_and_never_in_ci() {
    let root = library("progress");
    let bin = env!("CARGO_BIN_EXE_replylint");
    let dir = root.join("replies");
    let check = format!("{bin} check --no-config --format compact {}", dir.display());
    let Some(shown) = on_terminal(&format!("{check} > /dev/null"), false) else {
        eprintln!(
            "WARNING: `script` (util-linux) is missing: the progress bar was not tested on a terminal"
        );
        return;
    };
    assert!(shown.contains("checking 1/1000 files"), "{shown}");
    // Findings on the same terminal: whole lines, never cut by the bar.
    let both = on_terminal(&check, false).unwrap();
    let lines: Vec<&str> = both.lines().filter(|l| l.contains(".txt:")).collect();
    assert!(lines.len() > 3000);
    for l in &lines {
        assert!(
            l.starts_with(dir.to_str().unwrap()) && !l.contains("checking"),
            "{l:?}"
        );
    }
    // Not in CI, not with --no-progress, not in a pipe.
    let ci = on_terminal(&format!("{check} > /dev/null"), true).unwrap();
    assert!(!ci.contains("checking"), "{ci}");
    let off = on_terminal(&format!("{check} --no-progress > /dev/null"), false).unwrap();
    assert!(!off.contains("checking"), "{off}");
    let piped = replylint(&root, &["--format", "compact", "replies"]);
    assert!(!common::err(&piped).contains("checking"));
}
