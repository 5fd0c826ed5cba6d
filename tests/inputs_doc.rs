//! The examples of `docs/inputs.md`: each ```<lang> file=NAME block is
//! written to a temporary directory and checked; the following ```output
//! block is the exact `--format compact` output.
//!
//! When judgment changes on purpose (a retrained model), regenerate the
//! output blocks with `REPLYLINT_UPDATE_DOCS=1 cargo test --test inputs_doc`
//! and read the diff before committing it.

use std::process::Command;

#[test]
fn documented_examples_produce_the_documented_output() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/inputs.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let update = std::env::var_os("REPLYLINT_UPDATE_DOCS").is_some();
    let parts: Vec<&str> = doc.split("```").collect();
    let mut rewritten: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    let mut examples = 0;
    let mut drifted = Vec::new();
    let d = tempfile::tempdir().unwrap();
    // Code blocks are the odd parts; an example is followed by its output.
    let mut k = 1;
    while k < parts.len() {
        let block = parts[k];
        let (info, body) = block.split_once('\n').unwrap();
        let Some(name) = info
            .split_whitespace()
            .find_map(|w| w.strip_prefix("file="))
        else {
            k += 2;
            continue;
        };
        let expected = parts
            .get(k + 2)
            .and_then(|b| b.strip_prefix("output\n"))
            .expect("an ```output block after each example");
        std::fs::write(d.path().join(name), body).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_replylint"))
            .current_dir(d.path())
            .args(["check", "--no-config", "--format", "compact", name])
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&o.stdout).into_owned();
        if got != expected {
            drifted.push(format!(
                "example {name}:\n--- documented\n{expected}+++ actual\n{got}{}",
                String::from_utf8_lossy(&o.stderr)
            ));
            rewritten[k + 2] = format!("output\n{got}");
        }
        examples += 1;
        k += 4;
    }
    assert!(examples >= 7, "found {examples} examples");
    if update && !drifted.is_empty() {
        std::fs::write(path, rewritten.join("```")).unwrap();
        return;
    }
    assert!(
        drifted.is_empty(),
        "docs/inputs.md drifted (REPLYLINT_UPDATE_DOCS=1 rewrites it):\n{}",
        drifted.join("\n")
    );
}
