//! Configuration: discovery, precedence, every key, groups, overrides, team
//! packs, suppressions, and the errors (message and location).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{err, out};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_replylint"));
    // Human output is laid out for COLUMNS: the tests choose it.
    c.env_remove("NO_COLOR").env_remove("COLUMNS");
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `replylint check --format compact ...` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .arg("check")
        .arg("--format")
        .arg("compact")
        .args(args)
        .output()
        .unwrap()
}

/// The rule ids found, in order.
fn rules(o: &Output) -> Vec<String> {
    out(o)
        .lines()
        .filter_map(|l| {
            l.split('[')
                .nth(1)
                .and_then(|r| r.split(']').next())
                .map(String::from)
        })
        .collect()
}

/// A team pack with one rule, `acme/no-jargon`.
const ACME_PACK: &str = "id = \"acme/no-jargon\"\nseverity = \"info\"\ngroup = \"acme\"\nsummary = \"Jargon.\"\nmessage = \"this uses internal jargon\"\nhelp = \"Say it plainly.\"\n[[match]]\nphrases = [\"(the |)l2 team\"]\n";

const DRAFT: &str =
    "Calm down. Your SUPERSAVER plan is fine, NOBODY said otherwise. We'll fix it ASAP.\n";

#[test]
fn discovery_nearest_file_wins() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "replylint.toml", "ignore = [\"dismissive\"]\n");
    write(d.path(), "sub/.replylint.toml", "ignore = [\"shouting\"]\n");
    write(d.path(), "a.txt", DRAFT);
    write(d.path(), "sub/deeper/b.txt", DRAFT);
    let o = check(d.path(), &["a.txt", "sub/deeper/b.txt"]);
    let text = out(&o);
    let a: Vec<&str> = text.lines().filter(|l| l.starts_with("a.txt")).collect();
    let b: Vec<&str> = text.lines().filter(|l| l.starts_with("sub/")).collect();
    assert!(
        !a.iter().any(|l| l.contains("[dismissive]")) && a.iter().any(|l| l.contains("[shouting]")),
        "{text}"
    );
    assert!(
        b.iter().any(|l| l.contains("[dismissive]")) && !b.iter().any(|l| l.contains("[shouting]")),
        "{text}"
    );
}

#[test]
fn discovery_when_walking_holds_for_every_file_of_every_directory() {
    // Directories are searched once each for their configuration; every file
    // of a directory, and no file of a sibling, must get that answer.
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "lib/replylint.toml",
        "ignore = [\"dismissive\"]\n",
    );
    write(
        d.path(),
        "lib/quiet/.replylint.toml",
        "ignore = [\"shouting\"]\n",
    );
    for name in ["a", "b", "c"] {
        write(d.path(), &format!("lib/{name}.txt"), DRAFT);
        write(d.path(), &format!("lib/quiet/{name}.txt"), DRAFT);
        write(d.path(), &format!("lib/quiet/deeper/{name}.txt"), DRAFT);
        write(d.path(), &format!("lib/zz/{name}.txt"), DRAFT);
    }
    let o = check(d.path(), &["lib"]);
    let text = out(&o);
    let rules_of = |prefix: &str| -> Vec<&str> {
        text.lines()
            .filter(|l| {
                l.strip_prefix(prefix)
                    .is_some_and(|rest| rest.split(':').next().is_some_and(|f| !f.contains('/')))
            })
            .collect()
    };
    for (dir, shouting, dismissive) in [
        ("lib/", true, false),
        ("lib/quiet/", false, true),
        ("lib/quiet/deeper/", false, true),
        ("lib/zz/", true, false),
    ] {
        let lines = rules_of(dir);
        for name in ["a", "b", "c"] {
            let of_file: Vec<&&str> = lines
                .iter()
                .filter(|l| l.starts_with(&format!("{dir}{name}.txt:")))
                .collect();
            assert_eq!(
                of_file.iter().any(|l| l.contains("[shouting]")),
                shouting,
                "{dir}{name}.txt\n{text}"
            );
            assert_eq!(
                of_file.iter().any(|l| l.contains("[dismissive]")),
                dismissive,
                "{dir}{name}.txt\n{text}"
            );
        }
    }
}

#[test]
fn command_line_beats_file_beats_default() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "replylint.toml",
        "fail-on = \"info\"\n[severity]\nshouting = \"info\"\n",
    );
    write(d.path(), "a.txt", "Thanks! We LOVE it.\n");
    // Default severity of shouting is warning; the file says info; fail-on info.
    let o = check(d.path(), &["a.txt"]);
    assert!(out(&o).contains("info[shouting]"), "{}", out(&o));
    assert_eq!(o.status.code(), Some(1));
    // The command line wins over the file.
    let o = check(
        d.path(),
        &[
            "--severity",
            "shouting=error",
            "--fail-on",
            "error",
            "a.txt",
        ],
    );
    assert!(out(&o).contains("error[shouting]"));
    assert_eq!(o.status.code(), Some(1));
    let o = check(d.path(), &["--fail-on", "error", "a.txt"]);
    assert_eq!(o.status.code(), Some(0));
    // --no-config: back to defaults.
    let o = check(d.path(), &["--no-config", "a.txt"]);
    assert!(out(&o).contains("warning[shouting]"));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn select_groups_and_extend_select() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "replylint.toml",
        "select = [\"rule-4\"]\nextend-select = [\"triggers\"]\n",
    );
    write(
        d.path(),
        "a.txt",
        "Frankly, calm down. You should have read it. SERIOUSLY.\n",
    );
    let found = rules(&check(d.path(), &["a.txt"]));
    assert!(
        found.contains(&"heated-language".to_string()) && found.contains(&"shouting".to_string())
    );
    assert!(found.contains(&"dismissive".to_string()) && found.contains(&"blame".to_string()));
    assert!(!found.contains(&"missing-apology".to_string()), "{found:?}");
    // CLI select replaces the file's.
    let found = rules(&check(d.path(), &["--select", "blame", "a.txt"]));
    assert_eq!(found, ["blame"]);
    let found = rules(&check(
        d.path(),
        &["--select", "all", "--ignore", "triggers,rule-4", "a.txt"],
    ));
    assert!(
        !found.iter().any(|r| r == "blame" || r == "shouting"),
        "{found:?}"
    );
}

/// `--select` and `--ignore` show fewer findings and never others: with no
/// context, a `blame` finding tells that the customer complained, so
/// missing-apology fires whether or not blame is shown; and
/// `--explain-matches` gives the verdict the draft-level rules used.
#[test]
fn selection_filters_the_output_and_never_changes_the_judgment() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "r3.txt",
        "You should have checked the size chart before ordering. Returns take 5 days.\n",
    );
    write(d.path(), "examples.txt", DRAFT);
    for file in ["r3.txt", "examples.txt"] {
        let all = out(&check(d.path(), &["--no-config", file]));
        let found = rules(&check(d.path(), &["--no-config", file]));
        assert!(found.contains(&"missing-apology".to_string()), "{all}");
        for rule in &found {
            let only = out(&check(d.path(), &["--no-config", "--select", rule, file]));
            let want: String = all
                .lines()
                .filter(|l| l.contains(&format!("[{rule}]")))
                .map(|l| format!("{l}\n"))
                .collect();
            assert_eq!(only, want, "--select {rule} {file}");
            let without = out(&check(d.path(), &["--no-config", "--ignore", rule, file]));
            let want: String = all
                .lines()
                .filter(|l| !l.contains(&format!("[{rule}]")))
                .map(|l| format!("{l}\n"))
                .collect();
            assert_eq!(without, want, "--ignore {rule} {file}");
        }
    }
    let o = check(
        d.path(),
        &[
            "--no-config",
            "--select",
            "missing-apology",
            "--explain-matches",
            "r3.txt",
        ],
    );
    assert_eq!(rules(&o), ["missing-apology"]);
    assert!(
        err(&o).contains("answers-problem=true (no context, and a `blame` finding"),
        "{}",
        err(&o)
    );
    assert!(
        !err(&o).contains("[blame]"),
        "decisions of hidden rules: {}",
        err(&o)
    );
}

#[test]
fn vocabulary_allow_and_avoid() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "replylint.toml",
        "[vocabulary]\nallow = [\"SUPERSAVER\", \"NOBODY\"]\n[vocabulary.avoid]\n\"ASAP\" = \"as soon as we can\"\n",
    );
    write(d.path(), "a.txt", DRAFT);
    let o = check(d.path(), &["a.txt"]);
    let text = out(&o);
    assert!(!text.contains("[shouting]"), "{text}");
    assert!(text.contains("warning[vocabulary/avoid]"), "{text}");
    let j = bin()
        .current_dir(d.path())
        .args(["check", "--format", "json", "a.txt"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    let avoid = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "vocabulary/avoid")
        .unwrap()
        .clone();
    assert_eq!(avoid["text"], "ASAP");
    assert_eq!(avoid["suggestions"][0]["replacement"], "AS SOON AS WE CAN");
    assert_eq!(avoid["suggestions"][0]["applicability"], "safe");
}

#[test]
fn channel_and_overrides_by_glob() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "replylint.toml",
        "channel = \"dm\"\n[[overrides]]\nfiles = [\"public/**\"]\nchannel = \"Forum\"\n[overrides.severity]\n\"public-details\" = \"error\"\n",
    );
    let draft = "Sorry! What's your order number?\n";
    write(d.path(), "dm/a.txt", draft);
    write(d.path(), "public/a.txt", draft);
    let text = out(&check(d.path(), &["dm/a.txt", "public/a.txt"]));
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("dm/") && l.contains("public-details")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("public/") && l.contains("error[public-details]")),
        "{text}"
    );
    let s = bin()
        .current_dir(d.path())
        .args(["check", "--show-settings", "public/a.txt"])
        .output()
        .unwrap();
    let shown = out(&s);
    assert!(
        shown.contains("channel: public") && shown.contains("[[overrides]]"),
        "{shown}"
    );
    assert!(
        shown.contains("public-details") && shown.contains("error"),
        "{shown}"
    );
    // A library entry names its channel the same way.
    write(
        d.path(),
        "public/macros.json",
        "[{\"id\": \"m\", \"channel\": \"email\", \"text\": \"Sorry! What's your order number?\"}]",
    );
    let text = out(&check(d.path(), &["public/macros.json"]));
    assert!(!text.contains("public-details"), "{text}");
    // An unknown name in the configuration is an error at its value.
    write(d.path(), "bad/replylint.toml", "channel = \"fax\"\n");
    write(d.path(), "bad/a.txt", draft);
    let o = check(d.path(), &["bad/a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("unknown channel `fax`"), "{}", err(&o));
    assert!(err(&o).contains("replylint.toml:1:"), "{}", err(&o));
}

/// Every id an output can show is explainable, in any case, and `rules`
/// lists what `--show-settings` lists (team rules and the vocabulary too);
/// a group explains itself with its rules.
#[test]
fn every_id_the_output_shows_is_explainable() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "lints/acme.toml", ACME_PACK);
    write(
        d.path(),
        "replylint.toml",
        "packs = [\"lints/acme.toml\"]\n[vocabulary.avoid]\n\"ASAP\" = \"soon\"\n",
    );
    write(
        d.path(),
        "a.md",
        "<!-- replylint-disable-next-line threat -->\nCalm down, I sent it to the L2 team ASAP. You should have read it! NOBODY WAITS!!\n\n<!-- replylint-disable-next-line blame -- until 2020-01-01 -->\nYou should have read it.\n",
    );
    write(d.path(), "bad.json", "{ nope");
    let o = check(d.path(), &["--require-reason", "a.md", "bad.json"]);
    let mut ids: Vec<String> = rules(&o);
    ids.extend(
        err(&o)
            .lines()
            .filter_map(|l| l.split('[').nth(1)?.split(']').next().map(String::from)),
    );
    ids.sort();
    ids.dedup();
    for want in [
        "acme/no-jargon",
        "vocabulary/avoid",
        "unused-suppression",
        "expired-suppression",
        "suppression-without-reason",
        "input",
    ] {
        assert!(ids.iter().any(|i| i == want), "{want} not in {ids:?}");
    }
    let explain = |id: &str| {
        bin()
            .current_dir(d.path())
            .args(["explain", id])
            .output()
            .unwrap()
    };
    for id in &ids {
        for spelt in [id.clone(), id.to_uppercase()] {
            let o = explain(&spelt);
            assert_eq!(o.status.code(), Some(0), "explain {spelt}: {}", err(&o));
            assert!(
                out(&o).starts_with(id.as_str()),
                "explain {spelt}: {}",
                out(&o)
            );
        }
    }
    // Groups list their rules.
    let o = explain("rule-7");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("arguing") && out(&o).contains("Blanchard's seventh rule"),
        "{}",
        out(&o)
    );
    let o = explain("Triggers");
    assert!(
        ["abandonment", "blame", "dismissive", "sarcasm", "scolding"]
            .iter()
            .all(|r| out(&o).contains(r)),
        "{}",
        out(&o)
    );
    assert!(out(&explain("acme/*")).contains("acme/no-jargon"));
    // A near miss gets a suggestion, whatever its case.
    let o = explain("BLAM");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("did you mean `blame`?"), "{}", err(&o));
    // `rules` lists the ids `--show-settings` lists.
    let listed: Vec<String> = out(&bin().current_dir(d.path()).arg("rules").output().unwrap())
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let shown = out(&bin()
        .current_dir(d.path())
        .args(["check", "--show-settings", "a.md"])
        .output()
        .unwrap());
    let settings: Vec<String> = shown
        .split("rules:\n")
        .nth(1)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(listed, settings);
    assert_eq!(listed.len(), 27, "{listed:?}");
}

#[test]
fn team_pack_adds_a_rule_usable_everywhere() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "lints/acme.toml", ACME_PACK);
    write(
        d.path(),
        "replylint.toml",
        "packs = [\"lints/acme.toml\"]\n[severity]\n\"acme/no-jargon\" = \"error\"\n",
    );
    write(d.path(), "a.txt", "I've sent this to the L2 team.\n");
    let o = check(d.path(), &["a.txt"]);
    assert!(
        out(&o).contains("a.txt:1:19: error[acme/no-jargon]: this uses internal jargon"),
        "{}",
        out(&o)
    );
    let o = check(d.path(), &["--ignore", "acme", "a.txt"]);
    assert!(!out(&o).contains("acme/no-jargon"));
    let o = check(d.path(), &["--ignore", "acme/*", "a.txt"]);
    assert!(!out(&o).contains("acme/no-jargon"));
}

#[test]
fn every_suppression_form_and_unused_ones() {
    let d = tempfile::tempdir().unwrap();
    let text = "Calm down.\n# replylint: ignore sarcasm\nNice try.\n<!-- replylint-disable-next-line dismissive -->\nRelax, it's fine.\n<!-- replylint-disable shouting -->\nWe LOVE it.\n<!-- replylint-enable -->\nWe LOVE it too.\n# replylint: ignore threat\nHave a nice day.\n";
    write(d.path(), "a.txt", text);
    let o = check(d.path(), &["--select", "all", "a.txt"]);
    let lines = out(&o);
    assert!(lines.contains("a.txt:1:1: error[dismissive]"), "{lines}");
    assert!(!lines.contains("a.txt:3:"), "sarcasm silenced: {lines}");
    assert!(
        !lines.contains("a.txt:5:1: error[dismissive]"),
        "next-line silenced: {lines}"
    );
    assert!(!lines.contains("a.txt:7:"), "block silenced: {lines}");
    assert!(
        lines.contains("a.txt:9:4: warning[shouting]"),
        "after enable: {lines}"
    );
    assert!(
        lines.contains("a.txt:10:1: info[unused-suppression]"),
        "{lines}"
    );
    // The directive lines themselves are not linted as reply text.
    assert!(
        !lines.contains("a.txt:2:") && !lines.contains("a.txt:10:3"),
        "{lines}"
    );
    let o = check(d.path(), &["--ignore", "unused-suppression", "a.txt"]);
    assert!(!out(&o).contains("unused-suppression"));
}

/// Every error of a configuration in one run, each underlined at its key:
/// misspelt keys on lines 1 and 2 (only the second was reported), an
/// unknown rule in `[severity]` (its value was underlined, not the rule),
/// a bad value, a bad override, and an unknown id in `ignore`.
#[test]
fn every_error_of_a_configuration_at_its_key() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "replylint.toml",
        "selcet = [\"all\"]\nfail_on = \"warning\"\nignore = [\"blam\"]\n\n[severity]\nblam = \"info\"\nshouting = \"loud\"\n\n[[overrides]]\nchanel = \"email\"\n",
    );
    write(d.path(), "a.txt", "Calm down.\n");
    let o = check(d.path(), &["a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    // Each error's location: `[ replylint.toml:LINE:COLUMN ]`.
    let at: Vec<&str> = e
        .lines()
        .filter_map(|l| l.split("replylint.toml:").nth(1))
        .map(|l| l.trim_end_matches(" ]"))
        .collect();
    assert_eq!(
        at,
        ["1:1", "2:1", "3:11", "6:1", "7:12", "9:1", "10:1"],
        "{e}"
    );
    for want in [
        "unknown field `selcet`",
        "did you mean `select`?",
        "unknown field `fail_on`",
        "did you mean `fail-on`?",
        "unknown rule or group `blam`",
        "`[severity]` names unknown rule `blam`",
        "unknown variant `loud`",
        "missing field `files`",
        "unknown field `chanel`",
    ] {
        assert!(e.contains(want), "no `{want}` in:\n{e}");
    }
}

#[test]
fn errors_point_into_the_file() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "selct = [\"all\"]\n",
            "unknown field `selct`",
            "did you mean `select`?",
        ),
        (
            "ignore = [\"publc-details\"]\n",
            "unknown rule or group `publc-details`",
            "did you mean `public-details`?",
        ),
        (
            "[severity]\nshoutng = \"error\"\n",
            "names unknown rule `shoutng`",
            "did you mean `shouting`?",
        ),
        (
            "fail-on = \"sometimes\"\n",
            "unknown variant `sometimes`",
            "",
        ),
        ("ignore = \"blame\"\n", "invalid type", ""),
        (
            "packs = [\"nope.toml\"]\n",
            "cannot read pack `nope.toml`",
            "relative to the configuration file",
        ),
        ("[[overrides]]\nfiles = [\"[x\"]\n", "invalid glob", ""),
    ];
    for (config, message, help) in cases {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "replylint.toml", config);
        write(d.path(), "a.txt", "Calm down.\n");
        let o = bin()
            .current_dir(d.path())
            .args(["check", "--color", "never", "a.txt"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{config}");
        let e = err(&o);
        assert!(e.contains(message), "{config}: {e}");
        assert!(e.contains(help), "{config}: {e}");
        assert!(e.contains("replylint.toml:"), "located: {e}");
        assert!(!out(&o).contains("no problems"), "no misleading summary");
    }
}

#[test]
fn error_rendering_snapshot() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "replylint.toml",
        "select = [\"all\"]\nignore = [\"blam\"]\n",
    );
    write(d.path(), "a.txt", "Hi.\n");
    let o = bin()
        .current_dir(d.path())
        .args(["check", "--color", "never", "a.txt"])
        .output()
        .unwrap();
    let e = err(&o).replace(&d.path().display().to_string(), "<dir>");
    insta::assert_snapshot!(e);
}

#[test]
fn a_broken_team_pack_is_located() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "p.toml",
        "id = \"acme/x\"\nseverity = \"warning\"\nsummary = \"x\"\nmessage = \"x\"\nhelp = \"x\"\n[[match]]\nphrases = [\"(unclosed\"]\n",
    );
    write(d.path(), "replylint.toml", "packs = [\"p.toml\"]\n");
    write(d.path(), "a.txt", "Hi.\n");
    let o = bin()
        .current_dir(d.path())
        .args(["check", "--color", "never", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("unbalanced parenthesis in phrase") && err(&o).contains("p.toml:7:"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_duplicate_rule_id_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let pack = "id = \"acme/x\"\nseverity = \"warning\"\nsummary = \"x\"\nmessage = \"x\"\nhelp = \"x\"\n[[match]]\nphrases = [\"foo\"]\n";
    write(d.path(), "p1.toml", pack);
    write(d.path(), "p2.toml", pack);
    write(
        d.path(),
        "replylint.toml",
        "packs = [\"p1.toml\", \"p2.toml\"]\n",
    );
    write(d.path(), "a.txt", "Hi.\n");
    let o = bin()
        .current_dir(d.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("rule id `acme/x` is already defined"),
        "{}",
        err(&o)
    );
}

#[test]
fn init_writes_a_valid_starter_and_refuses_to_overwrite() {
    let d = tempfile::tempdir().unwrap();
    let o = bin().current_dir(d.path()).arg("init").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let written = std::fs::read_to_string(d.path().join("replylint.toml")).unwrap();
    assert!(written.contains("select = [\"all\"]"));
    write(d.path(), "a.txt", "Calm down.\n");
    // The starter is itself a valid configuration.
    let o = check(d.path(), &["a.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let o = bin().current_dir(d.path()).arg("init").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("already exists"));
}

#[test]
fn the_documented_configuration_is_valid() {
    let doc = include_str!("../docs/configuration.md");
    // The keys' example (tests/docs_commands.rs loads it too, marked
    // ```toml config).
    let example = doc
        .split("```toml config\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "lints/acme.toml",
        "id = \"acme/no-jargon\"\nseverity = \"info\"\nsummary = \"x\"\nmessage = \"x\"\nhelp = \"x\"\n[[match]]\nphrases = [\"l2 team\"]\n",
    );
    write(d.path(), "replylint.toml", example);
    write(
        d.path(),
        "public/a.txt",
        "Calm down, the SUPERSAVER team will reply ASAP.\n",
    );
    let o = check(d.path(), &["public/a.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        out(&o).contains("vocabulary/avoid") && !out(&o).contains("shouting"),
        "{}",
        out(&o)
    );
}

#[test]
fn stdin_uses_the_config_of_its_stdin_filename() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "team/replylint.toml",
        "ignore = [\"dismissive\"]\n",
    );
    let mut child = bin()
        .current_dir(d.path())
        .args([
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "team/draft.txt",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Calm down.")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(!out(&o).contains("dismissive"), "{}", out(&o));
}
