//! CI outputs (SARIF, GitHub, JUnit, JSON Lines, statistics) and fixes
//! (`--fix`, `--diff`) on every input kind.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{err, json, out};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_replylint"));
    c.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .arg("check")
        .arg("--no-config");
    c
}

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

/// The JSON output of the fixture library: the reference the other formats
/// are compared with.
fn reference() -> serde_json::Value {
    json(&run(&library(), &["--format", "json", "library"]))
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let o = run(&library(), &["--format", "sarif", "library"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let sarif = json(&o);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let problems: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check has teeth: a wrong level is caught.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));

    let run0 = &sarif["runs"][0];
    let results = run0["results"].as_array().unwrap();
    let reference = reference();
    assert_eq!(
        results.len(),
        reference["diagnostics"].as_array().unwrap().len()
    );
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("every rule is described") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
    let blame = rules.iter().find(|r| r["id"] == "blame").unwrap();
    assert!(
        blame["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/blame.md")
    );
    assert!(!blame["help"]["text"].as_str().unwrap().is_empty());
}

#[test]
fn sarif_reports_input_errors_as_notifications() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.json"), "{\"text\": \"Calm down\"").unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Calm down.").unwrap();
    let o = run(dir.path(), &["--format", "sarif", "."]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("bad.json")
    );
    // The valid file is still checked.
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn github_annotations_match_the_findings() {
    let o = run(&library(), &["--format", "github", "library"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    let reference = reference();
    let diags = reference["diagnostics"].as_array().unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(lines.len(), diags.len());
    for (line, d) in lines.iter().zip(diags) {
        let command = match d["severity"].as_str().unwrap() {
            "info" => "notice",
            s => s,
        };
        let path = d["path"].as_str().unwrap();
        assert!(
            line.starts_with(&format!(
                "::{command} file={path},line={},col={},",
                d["line"], d["column"]
            )),
            "{line}"
        );
        assert!(line.contains(&format!(
            "title=replylint [{}]::",
            d["rule"].as_str().unwrap()
        )));
        // One annotation per line: newlines in the message are escaped.
        assert!(!line["::".len()..].contains('\n'));
    }
    assert!(text.lines().last().unwrap().starts_with("replylint: "));
}

#[test]
fn junit_has_one_test_case_per_draft() {
    let o = run(&library(), &["--format", "junit", "library"]);
    assert_eq!(o.status.code(), Some(1));
    let xml = out(&o);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert!(xml.trim_end().ends_with("</testsuites>"));
    let reference = reference();
    let drafts = reference["summary"]["drafts"].as_u64().unwrap() as usize;
    assert_eq!(xml.matches("<testcase ").count(), drafts);
    // Balanced elements.
    assert_eq!(
        xml.matches("<testsuite ").count(),
        xml.matches("</testsuite>").count()
    );
    assert_eq!(
        xml.matches("<failure ").count(),
        xml.matches("</failure>").count()
    );
    // A draft fails when it has an error (the default fail-on); the
    // suites' failure counts add up to the failure elements.
    let declared: usize = xml
        .split("failures=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse::<usize>().unwrap())
        .sum();
    assert_eq!(declared, xml.matches("<failure ").count());
    let mut error_drafts = std::collections::HashSet::new();
    for d in reference["diagnostics"].as_array().unwrap() {
        if d["severity"] == "error" {
            error_drafts.insert((d["path"].to_string(), d["draft"].to_string()));
        }
    }
    assert_eq!(declared, error_drafts.len());
    // Text is escaped.
    assert!(!xml.contains("\"Calm down\"</failure>"));
}

#[test]
fn json_lines_stream_the_same_findings() {
    let o = run(&library(), &["--format", "json-lines", "library"]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reference = reference();
    let diags: Vec<_> = lines.iter().filter(|l| l["type"] == "diagnostic").collect();
    assert_eq!(
        diags.len(),
        reference["diagnostics"].as_array().unwrap().len()
    );
    for (a, b) in diags
        .iter()
        .zip(reference["diagnostics"].as_array().unwrap())
    {
        for key in ["rule", "path", "line", "column", "byte_start", "text"] {
            assert_eq!(a[key], b[key], "{key}");
        }
    }
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "summary");
    assert_eq!(last["errors"], reference["summary"]["errors"]);
}

#[test]
fn statistics_count_each_rule_most_frequent_first() {
    let o = run(&library(), &["--statistics", "--format", "json", "library"]);
    assert_eq!(o.status.code(), Some(1));
    let stats = json(&o);
    let rows = stats.as_array().unwrap();
    let mut expected: HashMap<String, u64> = HashMap::new();
    for d in reference()["diagnostics"].as_array().unwrap() {
        *expected
            .entry(d["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(rows.len(), expected.len());
    for r in rows {
        assert_eq!(
            r["count"].as_u64().unwrap(),
            expected[r["rule"].as_str().unwrap()]
        );
    }
    let counts: Vec<u64> = rows.iter().map(|r| r["count"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");

    let o = run(&library(), &["--statistics", "library"]);
    let text = out(&o);
    let first = text.lines().next().unwrap();
    assert!(first.contains(rows[0]["rule"].as_str().unwrap()), "{text}");
    assert!(text.lines().last().unwrap().contains("drafts"));

    // Statistics replace the chosen format's output, including compact,
    // whose files are otherwise rendered on the linting threads.
    let o = run(
        &library(),
        &["--statistics", "--format", "compact", "library"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o), text);
}

/// One small file per input kind, each with words a safe fix removes or
/// rewrites ("Calm down", "Obviously", "!!", capitals).
fn fixable_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "reply.txt",
            "Calm down, the parcel ships today!! Let us know.\n",
        ),
        (
            "reply.md",
            "# Late order\n\nObviously the parcel ships today. Let us know!\n",
        ),
        (
            "page.html",
            "<p>Calm down. The parcel ships &amp; arrives today!!</p>\n",
        ),
        (
            "macros.json",
            "[{\"id\": \"late\", \"text\": \"Calm down, \\\"soon\\\" means today!! Let us know.\"}]\n",
        ),
        (
            "replies.jsonl",
            "{\"id\": \"a\", \"text\": \"Obviously the parcel ships today. Let us know.\"}\n",
        ),
        (
            "replies.yaml",
            "- id: late\n  text: Calm down. It ships today!!\n- id: block\n  text: |\n    Obviously, it ships today.\n",
        ),
        (
            "replies.toml",
            "[late]\ntext = \"Calm down, it ships today!!\"\n[lit]\ntext = 'Obviously it ships today.'\n",
        ),
        (
            "macros.csv",
            "id,text\nlate,\"Calm down, it ships \"\"today\"\"!!\"\nplain,Obviously it ships today\n",
        ),
    ]
}

/// The fixed text of each file, as `--fix` must write it.
fn fixed(name: &str) -> &'static str {
    match name {
        "reply.txt" => "The parcel ships today! Let us know.\n",
        "reply.md" => "# Late order\n\nThe parcel ships today. Let us know!\n",
        "page.html" => "<p>The parcel ships &amp; arrives today!</p>\n",
        "macros.json" => {
            "[{\"id\": \"late\", \"text\": \"\\\"soon\\\" means today! Let us know.\"}]\n"
        }
        "replies.jsonl" => "{\"id\": \"a\", \"text\": \"The parcel ships today. Let us know.\"}\n",
        "replies.yaml" => {
            "- id: late\n  text: It ships today!\n- id: block\n  text: |\n    It ships today.\n"
        }
        "replies.toml" => "[late]\ntext = \"It ships today!\"\n[lit]\ntext = 'It ships today.'\n",
        "macros.csv" => "id,text\nlate,\"It ships \"\"today\"\"!\"\nplain,It ships today\n",
        _ => unreachable!(),
    }
}

fn write_all(dir: &Path) {
    for (name, text) in fixable_files() {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn diff_shows_the_fixes_of_every_input_kind_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    let o = run(dir.path(), &["--diff", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let diff = out(&o);
    for (name, text) in fixable_files() {
        assert!(
            diff.contains(&format!("--- a/{name}\n+++ b/{name}\n")),
            "{name}:\n{diff}"
        );
        // Removed and added lines are the file's own and the fixed ones.
        for (old, new) in text.lines().zip(fixed(name).lines()) {
            if old != new {
                assert!(diff.contains(&format!("-{old}\n")), "{name}: -{old}");
                assert!(diff.contains(&format!("+{new}\n")), "{name}: +{new}");
            }
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            text
        );
    }
    assert!(err(&o).contains("run with --fix to apply"));

    // Nothing to fix: exit 0, no diff.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(
        clean.path().join("ok.txt"),
        "Sorry about the delay! It ships today.\n",
    )
    .unwrap();
    let o = run(clean.path(), &["--diff", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).is_empty());
}

#[test]
fn fix_rewrites_every_input_kind_in_place_and_keeps_it_valid() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    let o = run(dir.path(), &["--fix", "--format", "json", "."]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", err(&o));
    for (name, _) in fixable_files() {
        let now = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(now, fixed(name), "{name}");
    }
    // The report is about the files as they are now: nothing fixable left,
    // no input errors (the libraries still parse).
    let v = json(&o);
    assert_eq!(v["summary"]["input_errors"], 0);
    for d in v["diagnostics"].as_array().unwrap() {
        assert!(
            !["dismissive", "condescension", "shouting"].contains(&d["rule"].as_str().unwrap()),
            "left after --fix: {d}"
        );
    }
    let macros: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("macros.json")).unwrap())
            .unwrap();
    assert_eq!(macros[0]["text"], "\"soon\" means today! Let us know.");
    assert!(err(&o).contains("applied"));
    // Nothing but the files themselves: no temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), fixable_files().len(), "{names:?}");
}

#[test]
fn fix_refuses_read_only_files_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reply.txt");
    std::fs::write(&p, "Calm down, it ships today.\n").unwrap();
    let mut perms = std::fs::metadata(&p).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&p, perms).unwrap();
    let o = run(dir.path(), &["--fix", "reply.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("read-only"), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "Calm down, it ships today.\n"
    );

    let o = common::with_stdin(bin().args(["--fix", "-"]), "Calm down.");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("use --diff"), "{}", err(&o));
}

#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("secret.txt");
    std::fs::write(&target, "Calm down, it ships today.\n").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("link.txt")).unwrap();
    let o = run(dir.path(), &["--fix", "link.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("symbolic link"), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "Calm down, it ships today.\n"
    );

    // Nor through a linked directory that a walk follows.
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
    let o = run(dir.path(), &["--fix", "linked"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("symbolic link"), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "Calm down, it ships today.\n"
    );
}

#[test]
fn fix_keeps_a_byte_order_mark_and_crlf_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reply.txt");
    std::fs::write(&p, "\u{FEFF}Hi Sam,\r\nCalm down, it ships today!!\r\n").unwrap();
    let o = run(dir.path(), &["--fix", "reply.txt"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "\u{FEFF}Hi Sam,\r\nIt ships today!\r\n"
    );
}

/// The pre-commit hooks and the GitHub Action run replylint with flags
/// that exist: each command line they hold works on a file with findings.
#[test]
fn hook_and_action_commands_are_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let mut commands: Vec<Vec<String>> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: replylint "))
        .map(|c| c.split_whitespace().map(String::from).collect())
        .collect();
    assert_eq!(commands.len(), 2, "{hooks}");
    for line in action.lines() {
        if let Some(rest) = line.trim().strip_prefix("\"$rl\" ") {
            let args: Vec<String> = rest
                .split_whitespace()
                .take_while(|a| !a.starts_with('$') && *a != ">")
                .filter(|a| !a.starts_with('"'))
                .map(String::from)
                .collect();
            commands.push(args);
        }
    }
    assert_eq!(commands.len(), 4, "{action}");
    for args in commands {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("draft.md"),
            "You should have read the FAQ!!\n",
        )
        .unwrap();
        let mut c = Command::new(env!("CARGO_BIN_EXE_replylint"));
        c.current_dir(dir.path()).args(&args);
        if args.iter().any(|a| a == "--fail-on") {
            c.arg("error");
        }
        let o = c.arg("draft.md").output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", err(&o));
    }
}
