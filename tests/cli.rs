//! The `replylint` binary as users run it: formats, exit codes, stdin,
//! context, channel, errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_replylint"));
    // Human output is laid out for COLUMNS: the tests choose it.
    c.env_remove("NO_COLOR").env_remove("COLUMNS");
    c
}

fn run_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn replylint");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn tmp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("replylint-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn the_issue_example_flags_dismissive_and_blame_on_exact_words() {
    let text = "Calm down. You should have read the FAQ.";
    let o = run_stdin(&["check", "--format", "json", "-"], text);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    let diags = v["diagnostics"].as_array().unwrap();
    let find = |rule: &str| {
        diags
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule}"))
    };
    let d = find("dismissive");
    assert_eq!(d["text"], "Calm down");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
    let b = find("blame");
    assert_eq!(b["text"], "You should have");
    assert_eq!(
        (b["column"].as_u64(), b["end_column"].as_u64()),
        (Some(12), Some(27))
    );
    assert_eq!(b["byte_start"].as_u64(), Some(11));
    assert_eq!(b["byte_end"].as_u64(), Some(26));
}

#[test]
fn json_has_the_documented_fields() {
    let o = run_stdin(
        &["check", "--format", "json", "--stdin-filename", "reply.txt"],
        "Deal with it.",
    );
    let v = json(&o);
    assert_eq!(v["version"], 1);
    let d = &v["diagnostics"][0];
    for key in [
        "rule",
        "severity",
        "message",
        "help",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "suggestions",
        "label",
        "text",
        "draft_level",
    ] {
        assert!(
            !d[key].is_null() || key == "draft",
            "missing `{key}` in {d}"
        );
    }
    assert_eq!(d["path"], "reply.txt");
    assert_eq!(v["summary"]["drafts"], 1);
}

#[test]
fn clean_draft_exits_zero() {
    let o = run_stdin(&["check", "-"], "Thanks so much, glad you like it!");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("no problems in 1 draft"));
}

#[test]
fn warnings_do_not_fail_unless_asked() {
    let text = "Obviously the sale price does not apply to old orders.";
    let o = run_stdin(&["check", "--format", "compact", "-"], text);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("warning[condescension]"));
    let o = run_stdin(&["check", "--fail-on", "warning", "-"], text);
    assert_eq!(o.status.code(), Some(1));
    let o = run_stdin(&["check", "--fail-on", "error", "-"], text);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn compact_lines_have_path_line_column() {
    let o = run_stdin(
        &["check", "--format", "compact", "--stdin-filename", "d.txt"],
        "Hi,\n\nCalm down.",
    );
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l == "d.txt:3:1: error[dismissive]: this dismisses the customer's feelings"),
        "{out}"
    );
    // Draft-level findings anchor at the first sentence after the salutation.
    assert!(
        out.lines()
            .any(|l| l.starts_with("d.txt:3:1: warning[missing-apology]")),
        "{out}"
    );
}

#[test]
fn human_output_is_annotated_and_summarised() {
    let o = run_stdin(
        &["check", "--color", "never", "--stdin-filename", "draft.txt"],
        "Calm down. You should have read the FAQ.",
    );
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn colors_follow_the_flag() {
    let text = "Calm down.";
    let never = run_stdin(&["check", "--color", "never", "-"], text);
    assert!(!stdout(&never).contains('\u{1b}'));
    let always = run_stdin(&["check", "--color", "always", "-"], text);
    assert!(stdout(&always).contains('\u{1b}'));
    let mut c = bin();
    c.env("NO_COLOR", "1");
    let mut child = c
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn context_decides_missing_apology() {
    let d = tmp_dir("context");
    let complaint = d.join("complaint.txt");
    std::fs::write(&complaint, "My order never arrived and nobody answers!").unwrap();
    let praise = d.join("praise.txt");
    std::fs::write(&praise, "Love the new update, thank you!").unwrap();
    let draft = "Your order is on its way, tracking attached.";
    let rules = |ctx: &PathBuf| -> Vec<String> {
        let o = run_stdin(
            &[
                "check",
                "--format",
                "json",
                "--context",
                ctx.to_str().unwrap(),
                "-",
            ],
            draft,
        );
        json(&o)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(&complaint).contains(&"missing-apology".to_string()));
    assert!(!rules(&praise).contains(&"missing-apology".to_string()));
}

#[test]
fn channel_gates_public_details() {
    let draft = "Sorry! What's your order number?";
    let o = run_stdin(
        &["check", "--format", "compact", "--channel", "public", "-"],
        draft,
    );
    assert!(stdout(&o).contains("public-details"));
    let o = run_stdin(
        &["check", "--format", "compact", "--channel", "private", "-"],
        draft,
    );
    assert!(!stdout(&o).contains("public-details"));
}

/// People name the channel they answer in; every name `--help` lists works,
/// and `--help` says what happens without one.
#[test]
fn channels_by_the_names_people_use() {
    let draft = "Sorry! What's your order number?";
    for (name, public) in [
        ("email", false),
        ("dm", false),
        ("chat", false),
        ("ticket", false),
        ("tweet", true),
        ("x", true),
        ("facebook", true),
        ("forum", true),
        ("review", true),
    ] {
        let o = run_stdin(
            &["check", "--format", "compact", "--channel", name, "-"],
            draft,
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o).contains("public-details"), public, "{name}");
    }
    // (Not on stdin: the usage error exits before reading it.)
    let o = bin()
        .args(["check", "--channel", "fax", "draft.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown channel `fax`"),
        "{}",
        stderr(&o)
    );
    let help = stdout(&bin().args(["check", "--help"]).output().unwrap());
    for (name, _) in replylint::channel::NAMES {
        assert!(help.contains(name), "--help does not name `{name}`");
    }
    assert!(!help.contains("Unknown behaves like public"), "{help}");
}

/// Without a channel, a draft that reads as an e-mail is private (no
/// public-details), and `--explain-matches` says why; `--channel public`
/// still wins.
#[test]
fn an_e_mail_shaped_draft_is_private_unless_told() {
    let mail = "Hi Sam,\n\nSorry about that! What's your order number?\n\nBest,\nPriya\n";
    let o = run_stdin(
        &["check", "--format", "compact", "--explain-matches", "-"],
        mail,
    );
    assert!(!stdout(&o).contains("public-details"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("channel=private (not given; reads as an e-mail"),
        "{}",
        stderr(&o)
    );
    let o = run_stdin(
        &["check", "--format", "compact", "--channel", "public", "-"],
        mail,
    );
    assert!(stdout(&o).contains("public-details"), "{}", stdout(&o));
    // A bare question has no greeting or sign-off: public.
    let o = run_stdin(
        &["check", "--format", "compact", "-"],
        "Sorry about that! What's your order number?",
    );
    assert!(stdout(&o).contains("public-details"), "{}", stdout(&o));
}

#[test]
fn a_missing_file_is_an_error_but_other_files_are_checked() {
    let d = tmp_dir("missing");
    let good = d.join("good.txt");
    std::fs::write(&good, "Calm down.").unwrap();
    let missing = d.join("nope.txt");
    let o = bin()
        .args([
            "check",
            "--format",
            "compact",
            missing.to_str().unwrap(),
            good.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("good.txt:1:1: error[dismissive]"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("nope.txt") && stderr(&o).contains("no such file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_context_file_says_it_is_the_context() {
    // (A draft file, not stdin: the error exits before reading it.)
    let o = bin()
        .args(["check", "--context", "nonexist.txt", "draft.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "nonexist.txt: cannot read the --context file (the customer's message): no such file"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_is_a_located_error() {
    let d = tmp_dir("utf8");
    let bad = d.join("bad.txt");
    std::fs::write(&bad, b"Hello\nwor\xffld").unwrap();
    let o = bin()
        .args(["check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 2, column 4"), "{}", stderr(&o));
}

#[test]
fn json_reports_input_errors_too() {
    let o = bin()
        .args(["check", "--format", "json", "/definitely/not/here.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["errors"][0]["path"], "/definitely/not/here.txt");
}

#[test]
fn rules_lists_the_catalogue() {
    let o = bin().args(["rules", "--no-config"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    // The 22 built-in rules and replylint's own ids about suppressions, as
    // `--show-settings` lists them.
    assert_eq!(out.lines().count(), 25, "{out}");
    let last: Vec<&str> = out
        .lines()
        .skip(22)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        last,
        [
            "unused-suppression",
            "expired-suppression",
            "suppression-without-reason"
        ]
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("blame") && l.contains("error"))
    );
    let o = bin()
        .args(["rules", "--no-config", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 25);
}

#[test]
fn explain_a_rule_and_suggest_for_a_typo() {
    let o = bin().args(["explain", "non-apology"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("Why")
            && out.contains("Does not flag")
            && out.contains("before:")
            && out.contains("after:")
    );
    let o = bin().args(["explain", "non-apolgy"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `non-apology`?"));
}

#[test]
fn usage_errors_exit_two() {
    let o = bin()
        .args(["check", "--format", "xml", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin().args(["--help"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("check"));
}

#[test]
fn crlf_and_multibyte_spans_are_exact() {
    let text = "Héllo 🎉\r\nCalm down, please.\r\n";
    let o = run_stdin(&["check", "--format", "json", "-"], text);
    let v = json(&o);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "dismissive")
        .unwrap()
        .clone();
    let (s, e) = (
        d["byte_start"].as_u64().unwrap() as usize,
        d["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "Calm down");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn explain_matches_shows_why_a_phrase_was_dropped() {
    let o = run_stdin(
        &["check", "--explain-matches", "-"],
        "You should have received an email by now.",
    );
    assert!(
        stderr(&o).contains("[blame] \"You should have\" dropped: followed by"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn thread_count_changes_nothing_but_speed() {
    let lib = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs/library");
    let run = |threads: &str| {
        bin()
            .args(["check", "--no-config", "--format", "json", "-j", threads])
            .arg(&lib)
            .output()
            .unwrap()
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    assert_eq!(stdout(&one), stdout(&two));
    assert!(!json(&one)["diagnostics"].as_array().unwrap().is_empty());
    // Zero threads is a usage error.
    let zero = run("0");
    assert_eq!(zero.status.code(), Some(2));
    assert!(stderr(&zero).contains("--threads"), "{}", stderr(&zero));
}

/// `--fix` applies only fixes that do what they say: removing "Calm down, "
/// left "It's not a big deal.", still dismissive at that place, so it is a
/// suggestion for review; lower-casing the shouting is still applied.
#[test]
fn a_safe_fix_leaves_its_rule_silent_where_it_edited() {
    let d = tmp_dir("safe-fix");
    let p = d.join("reply.txt");
    std::fs::write(&p, "Calm down, it's not a big deal. NO EXCEPTIONS!!\n").unwrap();
    let o = bin()
        .args(["check", "--format", "json", p.to_str().unwrap()])
        .output()
        .unwrap();
    let v = json(&o);
    let calm = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["text"] == "Calm down")
        .unwrap();
    assert_eq!(calm["suggestions"][0]["applicability"], "review", "{calm}");
    let o = bin()
        .args(["check", "--fix", "--format", "compact", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "Calm down, it's not a big deal. No exceptions!\n"
    );
    // Where the removal does leave a calm draft, it is still applied.
    std::fs::write(&p, "Calm down, the parcel ships today.\n").unwrap();
    bin()
        .args(["check", "--fix", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "The parcel ships today.\n"
    );
}

/// Draft-level findings point at the first sentence of the body, not at a
/// greeting line such as "Mark,".
#[test]
fn draft_level_findings_skip_the_greeting_line() {
    let o = run_stdin(
        &["check", "--format", "json", "-"],
        "Mark,\nYour parcel was late because you gave the wrong address. It ships tomorrow.\n",
    );
    let v = json(&o);
    let apology = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-apology")
        .expect("missing-apology");
    assert_eq!(apology["line"], 2, "{apology}");
    assert_eq!(
        apology["text"],
        "Your parcel was late because you gave the wrong address."
    );
}

/// Support replies are one line per paragraph: at 80 columns a 215-column
/// line used to wrap and leave the underline under other words. It is now
/// a window around the words, and the marker sits under them.
#[test]
fn long_lines_are_windowed_to_the_terminal_width() {
    let line = "Hi Sam, thanks for writing in about the order that arrived late this week, and I am sorry about that. As I already said, the charge is correct and you should have cancelled before the renewal date, which is stated in our terms.";
    assert!(line.chars().count() > 215);
    for width in ["60", "80", "132"] {
        let o = bin()
            .env("COLUMNS", width)
            .args(["check", "--color", "never", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                c.stdin.take().unwrap().write_all(line.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        let out = stdout(&o);
        let w: usize = width.parse().unwrap();
        // The quoted lines, underlines, labels and help fit (a long title
        // may wrap: nothing sits under it).
        for l in out.lines().filter(|l| l.starts_with(' ')) {
            assert!(l.chars().count() <= w, "wider than {w}: {l:?}\n{out}");
        }
        // Under "you should have": the underline starts at its column.
        let lines: Vec<&str> = out.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.contains("you should have") && l.contains(" │ "))
            .unwrap_or_else(|| panic!("{out}"));
        let col = |s: &str, p: &str| s[..s.find(p).unwrap()].chars().count();
        let blame = lines[i..]
            .iter()
            .position(|l| l.contains("blames the customer"))
            .unwrap();
        let underline = lines[i + blame - 1];
        assert_eq!(
            col(underline, "─"),
            col(lines[i + blame - 2], "you should have"),
            "{out}"
        );
    }
}
