//! Catalogue v2, the reply as a whole (docs/heat.md): the customer's
//! situation read from the context, the heat of a draft, `--max-heat`, and
//! high impact raising the draft-level rules.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{json, out, with_stdin};

fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    with_stdin(
        Command::new(env!("CARGO_BIN_EXE_replylint"))
            .current_dir(dir)
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .args(args),
        stdin,
    )
}

fn with_context(context: &str, draft: &str, extra: &[&str]) -> Output {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("ctx.txt"), context).unwrap();
    let mut args = vec!["check", "--no-config", "--context", "ctx.txt"];
    args.extend_from_slice(extra);
    args.push("-");
    run(d.path(), &args, draft)
}

#[test]
fn the_customers_situation_is_read_with_its_words() {
    let o = with_context(
        "The blender arrived with a cracked jug, and this was a wedding present.",
        "We value your feedback and strive to improve. We apologize for any inconvenience.",
        &["--format", "json"],
    );
    let v = json(&o);
    let draft = &v["drafts"][0];
    let complaint = draft["context"]["complaint"].as_array().unwrap();
    assert_eq!(complaint[0]["name"], "damaged", "{draft}");
    let words: Vec<&str> = complaint[0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(words.contains(&"cracked"), "{words:?}");
    // The v2 rules see what the catalogue's own example shows.
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    for r in ["generic-reply", "missing-acknowledgment", "no-next-step"] {
        assert!(rules.contains(&r), "{r} missing from {rules:?}");
    }
    // The help names the remedy for the complaint.
    let help = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "no-next-step")
        .unwrap()["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(help.contains("replacement or a return label"), "{help}");
}

#[test]
fn a_specific_caring_reply_breaks_no_v2_rule() {
    let o = with_context(
        "The blender arrived with a cracked jug, and this was a wedding present.",
        "What a disappointing way to open a wedding present, and I'm so sorry. A new blender ships today by express; could you send me a photo of the cracked jug for the courier claim?",
        &["--format", "json"],
    );
    let v = json(&o);
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    for r in [
        "generic-reply",
        "missing-acknowledgment",
        "no-next-step",
        "missing-apology",
    ] {
        assert!(!rules.contains(&r), "{r} in {rules:?}");
    }
}

#[test]
fn high_impact_raises_the_missing_apology_to_an_error_and_says_why() {
    let context = "You cancelled my flight the night before and I missed my sister's wedding. Third time I'm writing.";
    let draft = "Your refund request has been received and will be processed in due course.";
    let o = with_context(context, draft, &["--format", "json"]);
    let v = json(&o);
    assert_eq!(v["drafts"][0]["context"]["impact"]["name"], "high", "{v}");
    let apology = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-apology")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(apology["severity"], "error");
    assert!(
        apology["help"].as_str().unwrap().contains("high impact"),
        "{apology}"
    );
    assert_eq!(o.status.code(), Some(1));
    // The configuration's severity wins over the raise.
    let o = with_context(
        context,
        draft,
        &["--format", "json", "--severity", "missing-apology=info"],
    );
    let v = json(&o);
    let apology = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-apology")
        .unwrap();
    assert_eq!(apology["severity"], "info");
}

#[test]
fn heat_orders_drafts_and_names_what_moved_it() {
    // With a customer message every draft has its `drafts[]` entry.
    let heat = |text: &str| -> (u64, serde_json::Value) {
        let v = json(&with_context(
            "My order is late.",
            text,
            &["--format", "json"],
        ));
        let tone = v["drafts"][0]["tone"].clone();
        (tone["heat"].as_u64().unwrap(), tone)
    };
    let (calm, _) = heat(
        "Thank you so much for letting us know, and I'm sorry for the trouble. Could you DM us your order number?",
    );
    let (hot, tone) = heat("You people are IDIOTS. Stop whining and read the terms!!");
    assert!(calm < 50, "calm draft got {calm}");
    assert!(hot >= 75, "hot draft got {hot}");
    assert!(hot <= 100);
    assert_eq!(tone["word"], "hot");
    let contributors = tone["contributors"].as_array().unwrap();
    assert!(
        !contributors.is_empty() && contributors.len() <= 3,
        "{tone}"
    );
    assert!(
        contributors
            .iter()
            .all(|c| c["weight"].as_f64().unwrap() > 0.0)
    );
    // Each sentence has its heat and a span inside the draft.
    let sentences = tone["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 2, "{tone}");
    let text_len = "You people are IDIOTS. Stop whining and read the terms!!".len() as u64;
    for s in sentences {
        assert!(s["byte_start"].as_u64().unwrap() < s["byte_end"].as_u64().unwrap());
        assert!(s["byte_end"].as_u64().unwrap() <= text_len);
    }
}

#[test]
fn findings_add_to_the_heat_and_are_named() {
    // The same calm words heat up when they answer a ruined wedding present
    // without an apology: the findings add to the log-odds, each named.
    let draft = "We value your feedback and strive to improve.";
    let tone = |context: &str| {
        let v = json(&with_context(context, draft, &["--format", "json"]));
        (v["drafts"][0]["tone"].clone(), v["diagnostics"].clone())
    };
    let (praise, praise_findings) = tone("Just wanted to say the blender is great, thanks!");
    let (upset, findings) = tone(
        "The blender arrived with a cracked jug, this was a wedding present and I am furious.",
    );
    assert!(
        praise_findings.as_array().unwrap().is_empty(),
        "{praise_findings}"
    );
    let weighty = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .count();
    assert!(weighty >= 1, "{findings}");
    let (calm, hot) = (
        praise["heat"].as_u64().unwrap(),
        upset["heat"].as_u64().unwrap(),
    );
    assert!(hot > calm, "{praise} vs {upset}");
    if hot >= 50 {
        // When the findings carry it over the middle, they are what the
        // contributors name.
        assert!(
            upset["contributors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["rule"].is_string()),
            "{upset}"
        );
    }
}

#[test]
fn max_heat_fails_a_hot_draft_on_its_hottest_sentence() {
    let d = tempfile::tempdir().unwrap();
    let hot = "Thanks for writing in. You people are IDIOTS!!";
    let o = run(
        d.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--max-heat",
            "60",
            "-",
        ],
        hot,
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let heat = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "heat")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(heat["severity"], "error");
    assert!(heat["text"].as_str().unwrap().contains("IDIOTS"), "{heat}");
    // A calm draft passes the same limit.
    let calm = run(
        d.path(),
        &["check", "--no-config", "--max-heat", "60", "-"],
        "Thanks so much, glad you like it!",
    );
    assert_eq!(calm.status.code(), Some(0), "{}", out(&calm));
    // Out of range is a usage error.
    let bad = run(d.path(), &["check", "--max-heat", "101", "-"], "Hi");
    assert_eq!(bad.status.code(), Some(2));
    // The id is explainable.
    let e = run(d.path(), &["explain", "heat"], "");
    assert_eq!(e.status.code(), Some(0));
    assert!(out(&e).contains("--max-heat"));
}

#[test]
fn the_human_output_shows_the_reading_of_drafts_with_findings_only() {
    let d = tempfile::tempdir().unwrap();
    let o = run(
        d.path(),
        &["check", "--no-config", "--color", "never", "-"],
        "Calm down, you should have read the FAQ.",
    );
    assert!(out(&o).contains("-: heat "), "{}", out(&o));
    let clean = run(
        d.path(),
        &["check", "--no-config", "--color", "never", "-"],
        "Thanks so much, glad you like it!",
    );
    assert!(!out(&clean).contains("heat"), "{}", out(&clean));
}

#[test]
fn a_v1_corpus_does_not_score_the_v2_rules() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("v1.jsonl"),
        "{\"id\": \"a\", \"text\": \"We'll look into it.\", \"context\": \"You double charged me, third time writing!\", \"expect\": [\"missing-apology\", \"no-invitation\"]}\n",
    )
    .unwrap();
    let o = run(d.path(), &["eval", "--no-config", "v1.jsonl"], "");
    let text = out(&o);
    assert!(text.contains("not scored: generic-reply"), "{text}");
    assert!(!text.contains("no-next-step    "), "{text}");
}
