//! The project's tooling as a newcomer meets it: the release profile ships
//! a small binary, the hook and Action docs pin something that exists, and
//! the bench scripts answer `--help`.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The release binary carries no debug information: with the standard
/// library's it was 46 MB, stripped 10 MB (profiling has its own profile).
#[test]
fn the_release_profile_strips_debug_information() {
    let manifest: toml::Table = std::fs::read_to_string(root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let release = &manifest["profile"]["release"];
    let strip = release.get("strip").map(ToString::to_string);
    assert!(
        matches!(
            strip.as_deref(),
            Some("true") | Some("\"symbols\"") | Some("\"debuginfo\"")
        ),
        "[profile.release] must strip debug information, has strip = {strip:?}"
    );
    let profiling = &manifest["profile"]["profiling"];
    assert_eq!(profiling["inherits"].as_str(), Some("release"));
    assert_eq!(profiling["debug"].as_str(), Some("line-tables-only"));
}

/// The repository has no release tags yet: the docs must not tell people to
/// pin `rev: v0.1.0` (pre-commit and the Action fail on a missing tag).
#[test]
fn docs_pin_a_commit_not_a_missing_tag() {
    let files = [
        "README.md",
        "docs/editors.md",
        ".pre-commit-hooks.yaml",
        "action.yml",
    ];
    for f in files {
        let text = std::fs::read_to_string(root().join(f)).unwrap();
        for (n, line) in text.lines().enumerate() {
            let pin = line
                .split_once("rev: ")
                .map(|(_, r)| r)
                .or_else(|| line.split_once("replylint/replylint@").map(|(_, r)| r));
            let Some(pin) = pin else { continue };
            let pin = pin.split_whitespace().next().unwrap_or("");
            assert!(
                pin.len() == 40 && pin.bytes().all(|b| b.is_ascii_hexdigit()),
                "{f}:{}: pins `{pin}`; pin a full commit SHA (there are no release tags yet)",
                n + 1
            );
        }
    }
}

/// `python3 bench/gen.py --help` prints its usage; it used to create a
/// directory named `--help` and fill it with 115 MB of corpora.
#[test]
fn the_corpus_generator_answers_help() {
    let dir = tempfile::tempdir().unwrap();
    let o = match std::process::Command::new("python3")
        .arg(root().join("bench/gen.py"))
        .arg("--help")
        .current_dir(dir.path())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not installed ({e}); bench/gen.py needs it");
            return;
        }
    };
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains("usage: gen.py") && out.contains("OUT_DIR"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "--help wrote files"
    );
}
