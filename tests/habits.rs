//! Habits people bring from ruff and Vale (docs/coming-from.md): suppressions
//! on the line itself and per file, `--exit-zero`, `-q`/`-qq`/`-v`, a minimum
//! severity to show, and the fixable count in the summary.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{err, json, out};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_replylint"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const LOUD: &str = "Calm down, the parcel ships today. NOBODY WAITS!!\n";

#[test]
fn a_suppression_on_the_line_itself() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.md",
        "Calm down, it ships today. <!-- replylint-disable-line dismissive -->\n\nCalm down, really.\n",
    );
    write(
        d.path(),
        "a.yaml",
        "- title: a\n  body: \"Calm down, it ships today.\"  # replylint: ignore dismissive\n- title: b\n  body: |  # replylint: ignore dismissive\n    Calm down, it ships today.\n- title: c\n  body: \"Calm down, # not a comment: replylint: ignore dismissive\"\n",
    );
    write(
        d.path(),
        "a.toml",
        "[a]\nbody = \"Calm down, it ships.\" # replylint: ignore dismissive\n[b]\nbody = \"Calm down, it ships.\"  # replylint: ignore shouting\n",
    );
    let o = run(
        d.path(),
        &["check", "--format", "compact", "a.md", "a.yaml", "a.toml"],
    );
    let text = out(&o);
    let found: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[dismissive]") || l.contains("[unused-suppression]"))
        .collect();
    assert_eq!(
        found,
        [
            "a.md:3:1: error[dismissive]: this dismisses the customer's feelings",
            "a.yaml:7:10: error[dismissive]: this dismisses the customer's feelings",
            "a.toml:4:9: error[dismissive]: this dismisses the customer's feelings",
            "a.toml:4:32: info[unused-suppression]: this suppression silences nothing",
        ],
        "{text}"
    );
}

#[test]
fn per_file_ignores_in_the_configuration() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "replylint.toml",
        "[per-file-ignores]\n\"public/**\" = [\"dismissive\"]\n\"*.md\" = [\"shouting\"]\n",
    );
    write(d.path(), "public/a.txt", LOUD);
    write(d.path(), "b.txt", LOUD);
    write(d.path(), "c.md", LOUD);
    let o = run(
        d.path(),
        &[
            "check",
            "--format",
            "compact",
            "public/a.txt",
            "b.txt",
            "c.md",
        ],
    );
    let text = out(&o);
    let has = |file: &str, rule: &str| {
        text.lines()
            .any(|l| l.starts_with(file) && l.contains(&format!("[{rule}]")))
    };
    assert!(
        !has("public/a.txt", "dismissive") && has("public/a.txt", "shouting"),
        "{text}"
    );
    assert!(
        has("b.txt", "dismissive") && has("b.txt", "shouting"),
        "{text}"
    );
    assert!(
        has("c.md", "dismissive") && !has("c.md", "shouting"),
        "{text}"
    );
    let shown = out(&run(
        d.path(),
        &["check", "--show-settings", "public/a.txt"],
    ));
    assert!(
        shown.lines().any(|l| l.contains("dismissive")
            && l.contains("off")
            && l.contains("[per-file-ignores]")),
        "{shown}"
    );
    // An unknown rule there is an error at its place.
    write(
        d.path(),
        "replylint.toml",
        "[per-file-ignores]\n\"*.txt\" = [\"dismisive\"]\n",
    );
    let o = run(d.path(), &["check", "b.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("replylint.toml:2:12") && err(&o).contains("did you mean `dismissive`?"),
        "{}",
        err(&o)
    );
}

#[test]
fn exit_zero_quiet_and_verbose() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", LOUD);
    let o = run(d.path(), &["check", "--exit-zero", "a.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).contains("[dismissive]"));
    // Errors still exit with 2.
    let o = run(d.path(), &["check", "--exit-zero", "missing.txt"]);
    assert_eq!(o.status.code(), Some(2));

    let full = out(&run(d.path(), &["check", "--color", "never", "a.txt"]));
    assert!(full.contains(" in 1 draft\n"), "{full}");
    let quiet = run(d.path(), &["check", "-q", "--color", "never", "a.txt"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(out(&quiet).contains("[dismissive]"));
    assert!(!out(&quiet).contains(" in 1 draft"), "{}", out(&quiet));
    assert!(!out(&quiet).contains("fixable"), "{}", out(&quiet));
    let silent = run(d.path(), &["check", "-qq", "a.txt"]);
    assert_eq!(silent.status.code(), Some(1));
    assert_eq!(out(&silent), "");
    let o = run(d.path(), &["check", "-qq", "missing.txt"]);
    assert!(
        err(&o).contains("missing.txt"),
        "errors are still shown: {}",
        err(&o)
    );

    let v = run(d.path(), &["check", "-v", "--format", "compact", "a.txt"]);
    assert!(
        err(&v).contains("a.txt: 1 draft as text, configuration none (built-in defaults)"),
        "{}",
        err(&v)
    );
    assert!(err(&v).contains("checked 1 input in"), "{}", err(&v));
}

/// Vale's MinAlertLevel: lower findings are not shown but counted, and the
/// exit code is what it would be without the option.
#[test]
fn a_minimum_severity_hides_without_changing_the_exit_code() {
    let d = tempfile::tempdir().unwrap();
    // An info (no-invitation), warnings (shouting) and no error.
    write(
        d.path(),
        "a.txt",
        "Sorry, the parcel is late. NOBODY WAITS!!\n",
    );
    let all = run(
        d.path(),
        &["check", "--format", "compact", "--fail-on", "info", "a.txt"],
    );
    assert!(out(&all).contains("info[no-invitation]"), "{}", out(&all));
    let some = run(
        d.path(),
        &[
            "check",
            "--format",
            "compact",
            "--fail-on",
            "info",
            "--min-severity",
            "warning",
            "a.txt",
        ],
    );
    assert!(!out(&some).contains("info["), "{}", out(&some));
    assert!(out(&some).contains("warning[shouting]"), "{}", out(&some));
    assert_eq!(some.status.code(), all.status.code());
    assert_eq!(some.status.code(), Some(1));
    let human = out(&run(
        d.path(),
        &[
            "check",
            "--color",
            "never",
            "--min-severity",
            "error",
            "a.txt",
        ],
    ));
    assert!(
        human.contains("no problems in 1 draft (3 warnings, 1 info not shown: --min-severity)"),
        "{human}"
    );
    // The configuration's `min-severity`, and where it came from.
    write(d.path(), "replylint.toml", "min-severity = \"warning\"\n");
    let o = run(d.path(), &["check", "--format", "json", "a.txt"]);
    let v = json(&o);
    assert_eq!(v["summary"]["hidden"], 1, "{v}");
    assert_eq!(v["summary"]["infos"], 0, "{v}");
    let shown = out(&run(d.path(), &["check", "--show-settings", "a.txt"]));
    assert!(shown.contains("min-severity: warning  ("), "{shown}");
}

#[test]
fn the_summary_counts_what_fix_would_fix() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", LOUD);
    let o = run(d.path(), &["check", "--color", "never", "a.txt"]);
    let text = out(&o);
    let last: Vec<&str> = text.lines().rev().take(2).collect();
    assert_eq!(
        last[0], "3 fixable with `--fix` (`--diff` shows the changes)",
        "{text}"
    );
    let v = json(&run(d.path(), &["check", "--format", "json", "a.txt"]));
    assert_eq!(v["summary"]["fixable"], 3);
    // Nothing fixable: no such line.
    write(d.path(), "b.txt", "You should have read the FAQ.\n");
    let text = out(&run(d.path(), &["check", "--color", "never", "b.txt"]));
    assert!(!text.contains("fixable"), "{text}");
}

/// A baseline (issue 17) and a minimum severity to show (point 7) meet:
/// the baseline records every finding, shown or hidden, and what it stands
/// for is neither counted as hidden nor fails the run.
#[test]
fn a_baseline_sees_the_findings_a_minimum_severity_hides() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.txt",
        "Calm down about the late parcel. You should have read the FAQ.\n",
    );
    let o = run(
        d.path(),
        &[
            "check",
            "--no-config",
            "--baseline",
            "b.json",
            "--write-baseline",
            "--min-severity",
            "error",
            "a.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let recorded = std::fs::read_to_string(d.path().join("b.json")).unwrap();
    for rule in ["blame", "dismissive", "missing-apology", "no-invitation"] {
        assert!(recorded.contains(rule), "{rule} not recorded:\n{recorded}");
    }
    let o = run(
        d.path(),
        &["check", "--no-config", "--baseline", "b.json", "a.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert_eq!(out(&o), "no problems in 1 draft\n");
    // Hidden and baselined: not counted as hidden, and no failure.
    let o = run(
        d.path(),
        &[
            "check",
            "--no-config",
            "--baseline",
            "b.json",
            "--min-severity",
            "error",
            "--fail-on",
            "info",
            "a.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(!out(&o).contains("not shown"), "{}", out(&o));
}
