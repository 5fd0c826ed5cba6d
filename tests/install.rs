//! What installing needs besides the binary: shell completions and man
//! pages generated from the CLI definition (docs/install.md). `.ci/run`
//! also installs the binary with `cargo install --locked --path .`.

mod common;

use std::process::Command;

fn replylint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn completions_know_every_command_and_flag() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = replylint(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = common::out(&o);
        for word in [
            "serve",
            "check",
            "baseline",
            "write-baseline",
            "require-reason",
            "cors-origin",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let o = replylint(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::err(&o).contains("possible values: bash"),
        "{}",
        common::err(&o)
    );

    // Bash really completes with it.
    let bin = env!("CARGO_BIN_EXE_replylint");
    let complete = |words: &str| -> String {
        let o = Command::new("bash")
            .args([
                "-c",
                &format!(
                    "source <({bin} completions bash); COMP_WORDS=({words}); \
                     COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMP_LINE=\"{words}\"; \
                     _replylint replylint; echo \"${{COMPREPLY[@]}}\""
                ),
            ])
            .output();
        o.map(|o| common::out(&o)).unwrap_or_default()
    };
    if Command::new("bash").arg("--version").output().is_ok() {
        assert!(
            complete("replylint se")
                .split_whitespace()
                .any(|w| w == "serve")
        );
        let flags = complete("replylint check --base");
        assert!(
            flags.split_whitespace().any(|w| w == "--baseline"),
            "{flags}"
        );
    }
}

#[test]
fn man_pages_come_from_the_cli_definition() {
    let o = replylint(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let page = common::out(&o);
    assert!(page.contains(".TH replylint 1"), "{}", &page[..200]);
    assert!(
        page.contains("replylint\\-serve(1)") || page.contains("serve"),
        "{page}"
    );

    let dir = std::env::temp_dir().join(format!("replylint-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let o = replylint(&["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", common::err(&o));
    let check = std::fs::read_to_string(dir.join("replylint-check.1")).unwrap();
    assert!(
        check.contains("\\-\\-baseline"),
        "the check page lacks --baseline"
    );
    assert!(check.contains("\\-\\-format"));
    let serve = std::fs::read_to_string(dir.join("replylint-serve.1")).unwrap();
    assert!(serve.contains("REPLYLINT_TOKEN"));
    assert!(common::err(&o).contains("replylint-serve.1"));
}

/// A reader that stops early (`replylint completions bash | grep -q ...`,
/// as .ci/run does) ends the output quietly: no panic, exit code 0.
/// clap_complete panicked on the failed write, and .ci/run failed when
/// grep was quicker than replylint.
#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    for shell in ["bash", "zsh", "fish"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
            .args(["completions", shell])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the script is written.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{shell}: {err}");
        assert_eq!(o.status.code(), Some(0), "{shell}: {err}");
    }
}
