//! The examples of `docs/inputs.md`: each ```<lang> file=NAME block is
//! written to a temporary directory and checked; the following ```output
//! block is the exact `--format compact` output.

use std::process::Command;

#[test]
fn documented_examples_produce_the_documented_output() {
    let doc = include_str!("../docs/inputs.md");
    let mut blocks = doc.split("```").skip(1).step_by(2);
    let mut examples = 0;
    let d = tempfile::tempdir().unwrap();
    while let Some(block) = blocks.next() {
        let (info, body) = block.split_once('\n').unwrap();
        let Some(name) = info
            .split_whitespace()
            .find_map(|w| w.strip_prefix("file="))
        else {
            continue;
        };
        let expected = blocks
            .next()
            .expect("an ```output block after each example");
        let expected = expected.strip_prefix("output\n").expect("```output block");
        std::fs::write(d.path().join(name), body).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_replylint"))
            .current_dir(d.path())
            .args(["check", "--no-config", "--format", "compact", name])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            expected,
            "example {name}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        examples += 1;
    }
    assert!(examples >= 7, "found {examples} examples");
}
